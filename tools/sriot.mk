# SPDX-License-Identifier: GPL-2.0-only
# tools/sriot.mk - the SR-IoT toolchain, included by the top Makefile (which
# defines B and Q). Targets:
#   sriot-all    $(B)/bin/sriot, the example tasks, the test binaries
#   sriot-check  codec/tool unit tests, the Wireshark dissector test and a
#                bounded fuzz run; TAP + "N passed, N failed"
#   sriot-bench  the encoding figure: $(B)/bench/sriot.json
#   sriot-fuzz   a longer fuzz run (SRIOT_FUZZ_TIME seconds)
# Everything else is written under $(B)/sriot/.

SRIOT_B		:= $(B)/sriot
SRIOT_CC	?= gcc
SRIOT_CLANG	?= clang
SRIOT_CFLAGS	:= -O2 -g -Wall -Wextra -Werror -std=gnu11 -Ikmod/uapi -Isriot \
		   -Iavr-isa -Itools -I$(SRIOT_B) -MMD -MP
SRIOT_LIBS	:= -lsimavr -lelf
SRIOT_FUZZ_RUNS	?= 100000
SRIOT_FUZZ_TIME	?= 600

SRIOT_CODEC	:= sriot/wire.c sriot/build.c
SRIOT_SRCS	:= tools/sriot.c tools/sriot-task.c tools/sriot-build.c tools/sriot-dump.c \
		   tools/sriot-out.c tools/sriot-scan.c tools/sriot-stack.c tools/avr-sym.c tools/sriot-net.c tools/sriot-check.c tools/sriot-run.c tools/sriot-ref.c tools/avr-elf.c \
		   tools/avr-simavr.c avr-isa/avr_decode.c avr-isa/avr_exec.c avr-isa/avr_mem.c \
		   avr-isa/avr_disasm.c \
		   $(SRIOT_CODEC)
SRIOT_OBJS	:= $(SRIOT_SRCS:%.c=$(SRIOT_B)/obj/%.o)
SRIOT_TESTS	:= $(SRIOT_B)/sriot_wire_test $(SRIOT_B)/sriot_wmem_test
SRIOT_EXAMPLES	:= $(patsubst tools/sriot-examples/%.c,$(SRIOT_B)/examples/%.task,\
		   $(wildcard tools/sriot-examples/*.c))

.PHONY: sriot-all sriot-check sriot-bench sriot-fuzz

sriot-all: $(B)/bin/sriot $(SRIOT_TESTS) $(SRIOT_EXAMPLES)

$(SRIOT_B)/sriot-crt0.h: tools/sriot-crt0.S scripts/bin2c.sh
	$(Q)mkdir -p $(@D)
	$(Q)echo "  GEN     $@"
	$(Q)scripts/bin2c.sh sriot_crt0 $< > $@.tmp && mv $@.tmp $@

$(SRIOT_B)/obj/tools/sriot-build.o: $(SRIOT_B)/sriot-crt0.h

$(SRIOT_OBJS) $(SRIOT_B)/obj/sriot/wmem.o \
$(SRIOT_B)/obj/tests/unit/sriot/sriot_wire_test.o \
$(SRIOT_B)/obj/tests/unit/sriot/sriot_wmem_test.o: $(SRIOT_B)/obj/%.o: %.c
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CC      $@"
	$(Q)$(SRIOT_CC) $(SRIOT_CFLAGS) -c $< -o $@

$(B)/bin/sriot: $(SRIOT_OBJS)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  LD      $@"
	$(Q)$(SRIOT_CC) $^ $(SRIOT_LIBS) -o $@

$(SRIOT_B)/sriot_wire_test: $(SRIOT_B)/obj/tests/unit/sriot/sriot_wire_test.o \
			    $(SRIOT_CODEC:%.c=$(SRIOT_B)/obj/%.o)
	$(Q)echo "  LD      $@"
	$(Q)$(SRIOT_CC) $^ -o $@

$(SRIOT_B)/sriot_wmem_test: $(SRIOT_B)/obj/tests/unit/sriot/sriot_wmem_test.o \
			    $(SRIOT_B)/obj/sriot/wmem.o
	$(Q)echo "  LD      $@"
	$(Q)$(SRIOT_CC) $^ -o $@

# Example tasks: tools/sriot-examples/NAME.c with NAME.ports
$(SRIOT_B)/examples/%.task: tools/sriot-examples/%.c tools/sriot-examples/%.ports $(B)/bin/sriot
	$(Q)mkdir -p $(@D)
	$(Q)echo "  SRIOT   $@"
	$(Q)$(B)/bin/sriot build $< --ports tools/sriot-examples/$*.ports -o $@ > /dev/null

# libFuzzer target: clang, ASan, UBSan, the codec compiled in
$(SRIOT_B)/sriot_fuzz: tests/fuzz/sriot_fuzz.c $(SRIOT_CODEC) $(wildcard sriot/*.h) kmod/uapi/linux/seg6x_sriot.h
	$(Q)mkdir -p $(@D)
	$(Q)echo "  FUZZ    $@"
	$(Q)$(SRIOT_CLANG) -O1 -g -Wall -Wextra -Werror -Ikmod/uapi -Isriot \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		tests/fuzz/sriot_fuzz.c $(SRIOT_CODEC) -o $@

sriot-check: sriot-all $(SRIOT_B)/sriot_fuzz
	$(Q)tests/unit/sriot/check.sh $(B) $(SRIOT_FUZZ_RUNS)

sriot-bench: sriot-all
	$(Q)mkdir -p $(B)/bench
	$(Q)bench/sriot_encoding.sh $(B)

sriot-fuzz: $(SRIOT_B)/sriot_fuzz
	$(Q)mkdir -p $(SRIOT_B)/fuzz-corpus
	$(Q)$(SRIOT_B)/sriot_fuzz -max_total_time=$(SRIOT_FUZZ_TIME) $(SRIOT_B)/fuzz-corpus

-include $(SRIOT_OBJS:.o=.d) $(SRIOT_B)/obj/tests/unit/sriot/sriot_wire_test.d \
	 $(SRIOT_B)/obj/tests/unit/sriot/sriot_wmem_test.d $(SRIOT_B)/obj/sriot/wmem.d
