-- SPDX-License-Identifier: GPL-2.0-only
--
-- sriot.lua - Wireshark/tshark dissector for the SR-IoT process carried in
-- the UDP payload of seg6x "action avr-exec" packets (the format is
-- kmod/uapi/linux/seg6x_sriot.h, drawn in docs/sriot-format.md).
--
--   tshark -X lua_script:tools/wireshark/sriot.lua -r task.pcap -V
--
-- Heuristic on UDP, any port: magic 0x5349, version 1, and the sections
-- adding up to the payload length exactly.

local sriot = Proto("sriot", "SR-IoT process")

local status_names = {
	[0] = "running", [1] = "break", [2] = "sleep", [3] = "fault",
	[4] = "unknown-port", [5] = "port-loop", [6] = "hop-budget",
	[7] = "step-limit", [8] = "hop-limit", [9] = "io-fault",
}
local fault_names = {
	[0] = "ok", [1] = "break", [2] = "sleep", [3] = "io-defer", [4] = "io-fault",
	[5] = "bad-opcode", [6] = "unsupported", [7] = "bad-pc", [8] = "bad-address",
	[9] = "bad-stack", [10] = "bad-arg",
}

local f = sriot.fields
f.magic       = ProtoField.uint16("sriot.magic", "Magic", base.HEX)
f.version     = ProtoField.uint8("sriot.version", "Version")
f.status      = ProtoField.uint8("sriot.status", "Status", base.DEC, status_names)
f.task_id     = ProtoField.uint32("sriot.task_id", "Task ID", base.HEX)
f.steps       = ProtoField.uint32("sriot.steps", "Steps")
f.step_limit  = ProtoField.uint32("sriot.step_limit", "Step limit")
f.cycles      = ProtoField.uint32("sriot.cycles", "Cycles")
f.pc          = ProtoField.uint16("sriot.pc", "PC (words)", base.HEX)
f.sp          = ProtoField.uint16("sriot.sp", "SP", base.HEX)
f.sreg        = ProtoField.uint8("sriot.sreg", "SREG", base.HEX)
f.hops        = ProtoField.uint8("sriot.hops", "Hops")
f.hop_limit   = ProtoField.uint8("sriot.hop_limit", "Hop limit")
f.last_node   = ProtoField.uint8("sriot.last_node", "Last node", base.DEC, { [255] = "none" })
f.wseq        = ProtoField.uint16("sriot.wseq", "Write sequence")
f.fault       = ProtoField.uint8("sriot.fault", "Fault", base.DEC, fault_names)
f.n_nodes     = ProtoField.uint8("sriot.n_nodes", "Nodes")
f.fault_addr  = ProtoField.uint16("sriot.fault_addr", "Fault address", base.HEX)
f.node_off    = ProtoField.uint8("sriot.node_off", "Node SID offset")
f.node_len    = ProtoField.uint8("sriot.node_len", "Node SID length")
f.n_ports     = ProtoField.uint8("sriot.n_ports", "Ports")
f.log_cap     = ProtoField.uint8("sriot.log_cap", "Write log capacity")
f.log_len     = ProtoField.uint8("sriot.log_len", "Write log entries")
f.reserved    = ProtoField.bytes("sriot.reserved", "Reserved")
f.code_words  = ProtoField.uint16("sriot.code_words", "Code words")
f.sram_base   = ProtoField.uint16("sriot.sram_base", "SRAM base", base.HEX)
f.sram_size   = ProtoField.uint16("sriot.sram_size", "SRAM size")
f.reg         = ProtoField.uint8("sriot.reg", "Register", base.HEX)
f.template    = ProtoField.ipv6("sriot.node_template", "Node template")
f.node        = ProtoField.bytes("sriot.node", "Node")
f.node_sid    = ProtoField.string("sriot.node.sid", "SID")
f.port        = ProtoField.uint8("sriot.port", "Port", base.HEX)
f.port_node   = ProtoField.uint8("sriot.port.node", "Node")
f.log_port    = ProtoField.uint8("sriot.write.port", "Port", base.HEX)
f.log_value   = ProtoField.uint8("sriot.write.value", "Value", base.HEX)
f.log_node    = ProtoField.uint8("sriot.write.node", "Node")
f.log_flags   = ProtoField.uint8("sriot.write.flags", "Flags", base.HEX)
f.log_dup     = ProtoField.bool("sriot.write.dup", "Duplicate", 8, nil, 0x01)
f.sram        = ProtoField.bytes("sriot.sram", "SRAM window")

local HDR = 96

-- the RFC 5952 text of 16 bytes (longest run of zero groups as ::)
local function ipv6_str(b)
	local g = {}
	for i = 0, 7 do g[i + 1] = b[2 * i] * 256 + b[2 * i + 1] end
	local best, blen, cur, clen = 0, 0, 0, 0
	for i = 1, 8 do
		if g[i] == 0 then
			if clen == 0 then cur = i end
			clen = clen + 1
			if clen > blen then best, blen = cur, clen end
		else
			clen = 0
		end
	end
	local out, i = {}, 1
	while i <= 8 do
		if blen > 1 and i == best then
			out[#out + 1] = (i == 1) and ":" or ""
			i = i + blen
			if i > 8 then out[#out + 1] = "" end
		else
			out[#out + 1] = string.format("%x", g[i])
			i = i + 1
		end
	end
	return table.concat(out, ":")
end

local function layout(tvb)
	local n_nodes, node_len = tvb(31, 1):uint(), tvb(35, 1):uint()
	local n_ports, log_cap = tvb(36, 1):uint(), tvb(37, 1):uint()
	local sram_size = tvb(46, 2):uint()
	local nodes = HDR
	local ports = nodes + n_nodes * node_len
	local log = ports + 2 * n_ports
	local sram = log + 4 * log_cap
	return nodes, ports, log, sram, sram + sram_size
end

function sriot.dissector(tvb, pinfo, tree)
	local st = tvb(3, 1):uint()
	pinfo.cols.protocol = "SR-IoT"
	pinfo.cols.info = string.format("task 0x%08x %s, steps %u, hops %u",
		tvb(4, 4):uint(), status_names[st] or "?", tvb(8, 4):uint(), tvb(25, 1):uint())
	local t = tree:add(sriot, tvb(), "SR-IoT process")
	t:add(f.magic, tvb(0, 2))
	t:add(f.version, tvb(2, 1))
	t:add(f.status, tvb(3, 1))
	t:add(f.task_id, tvb(4, 4))
	t:add(f.steps, tvb(8, 4))
	t:add(f.step_limit, tvb(12, 4))
	t:add(f.cycles, tvb(16, 4))
	t:add(f.pc, tvb(20, 2))
	t:add(f.sp, tvb(22, 2))
	t:add(f.sreg, tvb(24, 1))
	t:add(f.hops, tvb(25, 1))
	t:add(f.hop_limit, tvb(26, 1))
	t:add(f.last_node, tvb(27, 1))
	t:add(f.wseq, tvb(28, 2))
	t:add(f.fault, tvb(30, 1))
	t:add(f.n_nodes, tvb(31, 1))
	t:add(f.fault_addr, tvb(32, 2))
	t:add(f.node_off, tvb(34, 1))
	t:add(f.node_len, tvb(35, 1))
	t:add(f.n_ports, tvb(36, 1))
	t:add(f.log_cap, tvb(37, 1))
	t:add(f.log_len, tvb(38, 1))
	t:add(f.reserved, tvb(39, 3))
	t:add(f.code_words, tvb(42, 2))
	t:add(f.sram_base, tvb(44, 2))
	t:add(f.sram_size, tvb(46, 2))
	local regs = t:add(tvb(48, 32), "Registers r0-r31")
	for i = 0, 31 do
		regs:add(f.reg, tvb(48 + i, 1)):set_text(string.format("r%d: 0x%02x", i,
			tvb(48 + i, 1):uint()))
	end
	t:add(f.template, tvb(80, 16))

	local nodes, ports, log, sram = layout(tvb)
	local n_nodes, node_off, node_len = tvb(31, 1):uint(), tvb(34, 1):uint(), tvb(35, 1):uint()
	local tmpl = tvb(80, 16):bytes()
	local nt = t:add(tvb(nodes, n_nodes * node_len), "Node table (" .. n_nodes .. " nodes)")
	for i = 0, n_nodes - 1 do
		local r = tvb(nodes + i * node_len, node_len)
		local sid = ByteArray.new()
		sid:append(tmpl)
		for j = 0, node_len - 1 do sid:set_index(node_off + j, r:bytes():get_index(j)) end
		local b = {}
		for j = 0, 15 do b[j] = sid:get_index(j) end
		local s = ipv6_str(b)
		local n = nt:add(f.node, r)
		n:set_text("Node " .. i .. ": " .. s)
		n:add(f.node_sid, r, s)
	end
	local n_ports = tvb(36, 1):uint()
	local pt = t:add(tvb(ports, 2 * n_ports), "Port map (" .. n_ports .. " ports)")
	for i = 0, n_ports - 1 do
		local e = pt:add(tvb(ports + 2 * i, 2), string.format("Port 0x%02x -> node %u",
			tvb(ports + 2 * i, 1):uint(), tvb(ports + 2 * i + 1, 1):uint()))
		e:add(f.port, tvb(ports + 2 * i, 1))
		e:add(f.port_node, tvb(ports + 2 * i + 1, 1))
	end
	local log_cap, log_len = tvb(37, 1):uint(), tvb(38, 1):uint()
	local lt = t:add(tvb(log, 4 * log_cap), "Write log (" .. log_len .. " of " .. log_cap .. ")")
	for i = 0, log_len - 1 do
		local o = log + 4 * i
		local e = lt:add(tvb(o, 4), string.format("Write 0x%02x = 0x%02x by node %u%s",
			tvb(o, 1):uint(), tvb(o + 1, 1):uint(), tvb(o + 2, 1):uint(),
			(tvb(o + 3, 1):uint() % 2 == 1) and " (dup)" or ""))
		e:add(f.log_port, tvb(o, 1))
		e:add(f.log_value, tvb(o + 1, 1))
		e:add(f.log_node, tvb(o + 2, 1))
		e:add(f.log_flags, tvb(o + 3, 1))
		e:add(f.log_dup, tvb(o + 3, 1))
	end
	local size = tvb(46, 2):uint()
	if size > 0 then
		t:add(f.sram, tvb(sram, size))
	end
	return tvb:len()
end

local function heuristic(tvb, pinfo, tree)
	if tvb:len() < HDR or tvb(0, 2):uint() ~= 0x5349 or tvb(2, 1):uint() ~= 1 then
		return false
	end
	local _, _, _, _, total = layout(tvb)
	if total ~= tvb:len() then
		return false
	end
	sriot.dissector(tvb, pinfo, tree)
	return true
end

sriot:register_heuristic("udp", heuristic)
