# SPDX-License-Identifier: GPL-2.0-only
# tools/ioth-node/rules.mk - the userspace SR-IoT node, included by the top
# Makefile (which defines B and Q). Targets:
#   ioth-all    $(B)/bin/ioth-node and the host test
#   ioth-check  host unit tests (frames fed to the core) and a bounded fuzz
#               run of the frame parser (ASan + UBSan); TAP + "N passed, N failed"
#   ioth-fuzz   a longer fuzz run (IOTH_FUZZ_TIME seconds)
#   ioth-size   the node logic's code size (text of the pure objects)
# and $(B)/bin/otip (tools/otip: one-time addresses; its core is in the node).
# Everything else is written under $(B)/ioth/.

IOTH_B		:= $(B)/ioth
IOTH_CC		?= gcc
IOTH_CLANG	?= clang
IOTH_CFLAGS	:= -O2 -g -Wall -Wextra -Werror -std=gnu11 -Ikmod/uapi -Isriot \
		   -Iavr-isa -Itools/ioth-node -Itools/otip -MMD -MP
IOTH_FUZZ_RUNS	?= 200000
IOTH_FUZZ_TIME	?= 600

# the node logic: pure, shared with the tests and the fuzzer
IOTH_CORE	:= tools/ioth-node/frame.c tools/ioth-node/exec.c tools/ioth-node/ports.c \
		   tools/ioth-node/ctl.c tools/otip/otip.c sriot/wire.c sriot/wmem.c \
		   avr-isa/avr_decode.c avr-isa/avr_exec.c avr-isa/avr_mem.c
IOTH_CORE_OBJS	:= $(IOTH_CORE:%.c=$(IOTH_B)/obj/%.o)
IOTH_OBJS	:= $(IOTH_CORE_OBJS) $(IOTH_B)/obj/tools/ioth-node/main.o \
		   $(IOTH_B)/obj/tools/ioth-node/backing.o $(IOTH_B)/obj/tools/otip/secret.o
OTIP_OBJS	:= $(IOTH_B)/obj/tools/otip/main.o $(IOTH_B)/obj/tools/otip/otip.o \
		   $(IOTH_B)/obj/tools/otip/secret.o
IOTH_TEST_OBJS	:= $(IOTH_B)/obj/tests/unit/ioth/ioth_frame_test.o $(IOTH_B)/obj/sriot/build.o
OTIP_TEST_OBJS	:= $(IOTH_B)/obj/tests/unit/ioth/otip_test.o $(IOTH_B)/obj/tools/otip/otip.o

.PHONY: ioth-all ioth-check ioth-fuzz ioth-size

ioth-all: $(B)/bin/ioth-node $(B)/bin/otip $(IOTH_B)/ioth_frame_test $(IOTH_B)/otip_test

$(sort $(IOTH_OBJS) $(IOTH_TEST_OBJS) $(OTIP_OBJS) $(OTIP_TEST_OBJS)): $(IOTH_B)/obj/%.o: %.c
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CC      $@"
	$(Q)$(IOTH_CC) $(IOTH_CFLAGS) -c $< -o $@

$(B)/bin/ioth-node: $(IOTH_OBJS)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  LD      $@"
	$(Q)$(IOTH_CC) $^ -lvdeplug -o $@

$(IOTH_B)/ioth_frame_test: $(IOTH_TEST_OBJS) $(IOTH_CORE_OBJS) $(IOTH_B)/obj/tools/ioth-node/backing.o
	$(Q)echo "  LD      $@"
	$(Q)$(IOTH_CC) $^ -o $@

$(B)/bin/otip: $(OTIP_OBJS)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  LD      $@"
	$(Q)$(IOTH_CC) $^ -o $@

# checked against libsodium (SHA-256, HMAC) and libcrypto (MD5)
$(IOTH_B)/otip_test: $(OTIP_TEST_OBJS)
	$(Q)echo "  LD      $@"
	$(Q)$(IOTH_CC) $^ -lsodium -lcrypto -o $@

# libFuzzer target: clang, ASan, UBSan, the whole node logic compiled in
$(IOTH_B)/ioth_fuzz: tests/fuzz/ioth_fuzz.c $(IOTH_CORE) $(wildcard tools/ioth-node/*.h sriot/*.h avr-isa/*.h)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  FUZZ    $@"
	$(Q)$(IOTH_CLANG) -O1 -g -Wall -Wextra -Werror -Ikmod/uapi -Isriot -Iavr-isa -Itools/ioth-node -Itools/otip \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		tests/fuzz/ioth_fuzz.c $(IOTH_CORE) -o $@

ioth-check: ioth-all $(IOTH_B)/ioth_fuzz
	$(Q)tests/unit/ioth/check.sh $(B) $(IOTH_FUZZ_RUNS)

ioth-fuzz: $(IOTH_B)/ioth_fuzz
	$(Q)mkdir -p $(IOTH_B)/fuzz-corpus
	$(Q)$(IOTH_B)/ioth_fuzz -max_total_time=$(IOTH_FUZZ_TIME) $(IOTH_B)/fuzz-corpus

ioth-size: $(IOTH_CORE_OBJS)
	$(Q)size -t $(IOTH_CORE_OBJS)

-include $(IOTH_OBJS:.o=.d) $(IOTH_TEST_OBJS:.o=.d) $(OTIP_OBJS:.o=.d) $(OTIP_TEST_OBJS:.o=.d)
