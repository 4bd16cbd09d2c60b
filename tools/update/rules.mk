# SPDX-License-Identifier: GPL-2.0-only
# tools/update/rules.mk - seg6x-update (signed multicast updates), included
# by the top Makefile (which defines B and Q). Targets:
#   update-all    $(B)/bin/seg6x-update and the host test
#   update-check  unit tests (codec, signing, FEC, receiver against every bad
#                 input), the command line over UDP on loopback, a bounded
#                 fuzz run; TAP + "N passed, N failed"
#   update-fuzz   a longer fuzz run (UPDATE_FUZZ_TIME seconds)
# Everything else is written under $(B)/update/.

UPD_B		:= $(B)/update
UPD_CC		?= gcc
UPD_CLANG	?= clang
UPD_CFLAGS	:= -O2 -g -Wall -Wextra -Werror -std=gnu11 -Itools/update -MMD -MP
UPD_LIBS	:= -lsodium -llcrq
UPDATE_FUZZ_RUNS ?= 3000
UPDATE_FUZZ_TIME ?= 600

UPD_CORE	:= tools/update/wire.c tools/update/fec.c tools/update/sign.c \
		   tools/update/rx.c tools/update/tx.c tools/update/mld.c
UPD_CORE_OBJS	:= $(UPD_CORE:%.c=$(UPD_B)/obj/%.o)
UPD_OBJS	:= $(UPD_CORE_OBJS) $(UPD_B)/obj/tools/update/net.o $(UPD_B)/obj/tools/update/main.o
UPD_TEST_OBJS	:= $(UPD_B)/obj/tests/unit/update/update_test.o

.PHONY: update-all update-check update-fuzz

update-all: $(B)/bin/seg6x-update $(UPD_B)/update_test

$(UPD_OBJS) $(UPD_TEST_OBJS): $(UPD_B)/obj/%.o: %.c
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CC      $@"
	$(Q)$(UPD_CC) $(UPD_CFLAGS) -c $< -o $@

$(B)/bin/seg6x-update: $(UPD_OBJS)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  LD      $@"
	$(Q)$(UPD_CC) $^ $(UPD_LIBS) -o $@

$(UPD_B)/update_test: $(UPD_TEST_OBJS) $(UPD_CORE_OBJS) $(UPD_B)/obj/tools/update/net.o
	$(Q)echo "  LD      $@"
	$(Q)$(UPD_CC) $^ $(UPD_LIBS) -o $@

# libFuzzer target: clang, ASan, UBSan, the codec and the receiver compiled in
$(UPD_B)/update_fuzz: tests/fuzz/update_fuzz.c $(UPD_CORE) tools/update/update.h
	$(Q)mkdir -p $(@D)
	$(Q)echo "  FUZZ    $@"
	$(Q)$(UPD_CLANG) -O1 -g -Wall -Wextra -Werror -Itools/update \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		tests/fuzz/update_fuzz.c $(UPD_CORE) $(UPD_LIBS) -o $@

update-check: update-all $(UPD_B)/update_fuzz
	$(Q)tests/unit/update/check.sh $(B) $(UPDATE_FUZZ_RUNS)

update-fuzz: $(UPD_B)/update_fuzz
	$(Q)mkdir -p $(UPD_B)/fuzz-corpus
	$(Q)$(UPD_B)/update_fuzz -max_total_time=$(UPDATE_FUZZ_TIME) $(UPD_B)/fuzz-corpus

-include $(UPD_OBJS:.o=.d) $(UPD_TEST_OBJS:.o=.d)
