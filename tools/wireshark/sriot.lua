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

f.code        = ProtoField.bytes("sriot.code", "Code")
f.insn        = ProtoField.string("sriot.insn", "Instruction")

local HDR = 96
local SEG_CODE = 2	-- segments[0] return, [1] active, [2..] code
local srh_addr = Field.new("ipv6.routing.srh.addr")

-- AVR disassembly of the code segments, the text `sriot dump` prints
-- (avr-isa/avr_disasm.c: avr-objdump -d's mnemonics and operands; a word the
-- ATmega328P does not execute is ".word 0x...."). tests/unit/sriot/dissector.sh
-- compares the two on every instruction of several thousand opcode words.
local band, bor, rshift, lshift = bit32.band, bit32.bor, bit32.rshift, bit32.lshift
local brbs = { [0] = "brcs", "breq", "brmi", "brvs", "brlt", "brhs", "brts", "brie" }
local brbc = { [0] = "brcc", "brne", "brpl", "brvc", "brge", "brhc", "brtc", "brid" }
local bset = { [0] = "sec", "sez", "sen", "sev", "ses", "seh", "set", "sei" }
local bclr = { [0] = "clc", "clz", "cln", "clv", "cls", "clh", "clt", "cli" }
local alu0 = { [1] = "cpc", [2] = "sbc", [3] = "add", [4] = "cpse", [5] = "cp", [6] = "sub", [7] = "adc" }
local alu2 = { [0] = "and", "eor", "or", "mov" }
local imm3 = { [3] = "cpi", [4] = "sbci", [5] = "subi", [6] = "ori", [7] = "andi" }
local one = { [0] = "com", "neg", "swap", "inc", nil, "asr", "lsr", "ror", nil, nil, "dec" }
local ldp = { [0x1] = "Z+", [0x2] = "-Z", [0x9] = "Y+", [0xa] = "-Y", [0xc] = "X", [0xd] = "X+", [0xe] = "-X" }
local m9508 = { [0x9508] = "ret", [0x9518] = "reti", [0x9588] = "sleep", [0x9598] = "break",
	[0x95a8] = "wdr", [0x95c8] = "lpm", [0x95e8] = "spm" }

local function sext(v, bits)
	local m = lshift(1, bits - 1)
	return band(v, m) ~= 0 and v - 2 * m or v
end

-- text, length in words, target word address (or nil) of the word w at pc
local function avr_disasm(w, nxt, pc)
	local fmt = string.format
	local d5 = band(rshift(w, 4), 0x1f)
	local r5 = bor(band(rshift(w, 5), 0x10), band(w, 0xf))
	local d4 = 16 + band(rshift(w, 4), 0xf)
	local k8 = bor(band(rshift(w, 4), 0xf0), band(w, 0xf))
	local hi = rshift(w, 12)
	local bad = fmt(".word 0x%04x", w)
	local function rel(m, off)
		local t = band(pc + 1 + off, 0x3fff)
		return fmt("%s .%s%d", m, off < 0 and "-" or "+", math.abs(2 * off)), 1, t
	end
	if hi <= 1 then
		if w < 0x0400 then
			local x = band(w, 0xff00)
			if x == 0 then return w == 0 and "nop" or bad, 1 end
			if x == 0x0100 then
				return fmt("movw r%d, r%d", 2 * band(rshift(w, 4), 0xf), 2 * band(w, 0xf)), 1
			end
			if x == 0x0200 then
				return fmt("muls r%d, r%d", d4, 16 + band(w, 0xf)), 1
			end
			local mm = ({ [0] = "mulsu", "fmul", "fmuls", "fmulsu" })[bor(band(rshift(w, 6), 2), band(rshift(w, 3), 1))]
			return fmt("%s r%d, r%d", mm, 16 + band(rshift(w, 4), 7), 16 + band(w, 7)), 1
		end
		local m = alu0[band(rshift(w, 10), 7)]
		return m and fmt("%s r%d, r%d", m, d5, r5) or bad, 1
	elseif hi == 2 then
		return fmt("%s r%d, r%d", alu2[band(rshift(w, 10), 3)], d5, r5), 1
	elseif hi <= 7 then
		return fmt("%s r%d, 0x%02X", imm3[hi], d4, k8), 1
	elseif hi == 8 or hi == 0xa then
		local q = bor(band(rshift(w, 8), 0x20), band(rshift(w, 7), 0x18), band(w, 7))
		local p = band(w, 8) ~= 0 and "Y" or "Z"
		if q ~= 0 then p = fmt("%s+%d", p, q) end
		if band(w, 0x0200) ~= 0 then
			return fmt("%s %s, r%d", q ~= 0 and "std" or "st", p, d5), 1
		end
		return fmt("%s r%d, %s", q ~= 0 and "ldd" or "ld", d5, p), 1
	elseif hi == 9 then
		local sub = band(w, 0x0e00)
		if sub <= 0x0200 then
			local store = band(w, 0x0200) ~= 0
			local lo = band(w, 0xf)
			if lo == 0 then
				if not nxt then return bad, 1 end
				if store then return fmt("sts 0x%04X, r%d", nxt, d5), 2 end
				return fmt("lds r%d, 0x%04X", d5, nxt), 2
			end
			if lo == 0xf then return fmt("%s r%d", store and "push" or "pop", d5), 1 end
			if not store and (lo == 4 or lo == 5) then
				return fmt("lpm r%d, Z%s", d5, lo == 5 and "+" or ""), 1
			end
			if not ldp[lo] then return bad, 1 end
			if store then return fmt("st %s, r%d", ldp[lo], d5), 1 end
			return fmt("ld r%d, %s", d5, ldp[lo]), 1
		elseif sub == 0x0400 then
			local lo = band(w, 0xf)
			if lo == 8 then
				if band(w, 0xff0f) == 0x9408 then
					local s = band(rshift(w, 4), 7)
					return band(w, 0x80) ~= 0 and bclr[s] or bset[s], 1
				end
				return m9508[w] or bad, 1
			elseif lo == 9 then
				return (w == 0x9409 and "ijmp") or (w == 0x9509 and "icall") or bad, 1
			elseif lo >= 0xc then
				if not nxt then return bad, 1 end
				local hi6 = bor(band(rshift(w, 3), 0x3e), band(w, 1))
				local a = hi6 * 65536 + nxt
				local m = band(w, 2) ~= 0 and "call" or "jmp"
				return a == 0 and m .. " 0" or fmt("%s 0x%x", m, 2 * a), 2, band(a, 0x3fff)
			end
			return one[lo] and fmt("%s r%d", one[lo], d5) or bad, 1
		elseif sub == 0x0600 then
			local k = bor(band(rshift(w, 2), 0x30), band(w, 0xf))
			return fmt("%s r%d, 0x%02x", band(w, 0x100) ~= 0 and "sbiw" or "adiw",
				24 + band(rshift(w, 3), 6), k), 1
		elseif sub <= 0x0a00 then
			local m = ({ [0] = "cbi", "sbic", "sbi", "sbis" })[band(rshift(w, 8), 3)]
			return fmt("%s 0x%02x, %d", m, band(rshift(w, 3), 0x1f), band(w, 7)), 1
		end
		return fmt("mul r%d, r%d", d5, r5), 1
	elseif hi == 0xb then
		local a = bor(band(rshift(w, 5), 0x30), band(w, 0xf))
		if band(w, 0x0800) ~= 0 then return fmt("out 0x%02x, r%d", a, d5), 1 end
		return fmt("in r%d, 0x%02x", d5, a), 1
	elseif hi == 0xc or hi == 0xd then
		return rel(hi == 0xc and "rjmp" or "rcall", sext(band(w, 0xfff), 12))
	elseif hi == 0xe then
		return fmt("ldi r%d, 0x%02X", d4, k8), 1
	end
	if band(w, 0x0800) == 0 then
		local s = band(w, 7)
		return rel((band(w, 0x0400) ~= 0 and brbc or brbs)[s], sext(band(rshift(w, 3), 0x7f), 7))
	end
	if band(w, 8) ~= 0 then return bad, 1 end
	local m = ({ [0] = "bld", "bst", "sbrc", "sbrs" })[band(rshift(w, 9), 3)]
	return fmt("%s r%d, %d", m, d5, band(w, 7)), 1
end

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

-- The code the SRH of this packet carries, 8 little-endian words per segment
-- from segments[2] on (a returned process comes back without its SRH)
local function code_tree(t, words)
	local segs = { srh_addr() }
	if #segs <= SEG_CODE or words == 0 then return end
	local n = math.min(words, 8 * (#segs - SEG_CODE))
	local code = ByteArray.new()
	for k = SEG_CODE + 1, #segs do code:append(segs[k].range:bytes()) end
	local function word(i) return code:get_index(2 * i) + 256 * code:get_index(2 * i + 1) end
	-- a word's bytes in the packet (the SRH's segment holding it)
	local function where(i, len)
		local r = segs[SEG_CODE + 1 + math.floor(i / 8)].range
		local o = 2 * (i % 8)
		return r:range(o, math.min(2 * len, 16 - o))
	end
	local ct = t:add(f.code, segs[SEG_CODE + 1].range)
	ct:set_text(string.format("Code (%d words, AVR)", n))
	local pc = 0
	while pc < n do
		local text, len, target = avr_disasm(word(pc), pc + 1 < n and word(pc + 1) or nil, pc)
		local line = string.format("pc 0x%04x: %s", pc, text)
		if target then line = line .. string.format(" ; pc 0x%04x", target) end
		ct:add(f.insn, where(pc, len), line):set_text(line)
		pc = pc + len
	end
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
	code_tree(t, tvb(42, 2):uint())
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
