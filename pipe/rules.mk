# SPDX-License-Identifier: GPL-2.0-only
# pipe/rules.mk - the pipe functions' userspace side, included by the top
# Makefile (which defines B and Q). Targets:
#   pipe-all    $(B)/bin/pipe-run (the userspace reference filter), tests
#   pipe-check  unit tests, comparisons with coreutils base64 and sed, a
#               bounded fuzz run; TAP + "N passed, N failed"
#   pipe-fuzz   a longer fuzz run (PIPE_FUZZ_TIME seconds)
# Everything else is written under $(B)/pipe/.

PIPE_B		:= $(B)/pipe
PIPE_CC		?= gcc
PIPE_CLANG	?= clang
PIPE_CFLAGS	:= -O2 -g -Wall -Wextra -Werror -std=gnu11 -Ipipe -MMD -MP
PIPE_FUZZ_RUNS	?= 200000
PIPE_FUZZ_TIME	?= 60
# zstd and AEAD in userspace: libzstd, libsodium (Debian: libzstd-dev,
# libsodium-dev); the module uses the kernel's zstd and crypto API
PIPE_LIBS	:= -lzstd -lsodium

# every function (fn_*.c) with the static table of them and the stage helpers;
# in the kernel each fn_*.c but identity is a module (pipe/Kbuild.inc)
PIPE_CORE	:= pipe/pipe_table.c pipe/pipe_stage.c $(sort $(wildcard pipe/fn_*.c))
PIPE_CORE_OBJS	:= $(PIPE_CORE:%.c=$(PIPE_B)/obj/%.o)
PIPE_MAIN_OBJS	:= $(PIPE_B)/obj/tools/pipe-run/pipe-run.o $(PIPE_B)/obj/tests/unit/pipe/pipe_test.o

.PHONY: pipe-all pipe-check pipe-fuzz

pipe-all: $(B)/bin/pipe-run $(PIPE_B)/pipe_test

$(PIPE_CORE_OBJS) $(PIPE_MAIN_OBJS): $(PIPE_B)/obj/%.o: %.c
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CC      $@"
	$(Q)$(PIPE_CC) $(PIPE_CFLAGS) -c $< -o $@

$(B)/bin/pipe-run: $(PIPE_B)/obj/tools/pipe-run/pipe-run.o $(PIPE_CORE_OBJS)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  LD      $@"
	$(Q)$(PIPE_CC) $^ $(PIPE_LIBS) -o $@

$(PIPE_B)/pipe_test: $(PIPE_B)/obj/tests/unit/pipe/pipe_test.o $(PIPE_CORE_OBJS)
	$(Q)echo "  LD      $@"
	$(Q)$(PIPE_CC) $^ $(PIPE_LIBS) -o $@

# libFuzzer target: clang, ASan, UBSan, the core compiled in
$(PIPE_B)/pipe_fuzz: tests/fuzz/pipe_fuzz.c $(PIPE_CORE) $(wildcard pipe/*.h)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  FUZZ    $@"
	$(Q)$(PIPE_CLANG) -O1 -g -Wall -Wextra -Werror -Ipipe \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		tests/fuzz/pipe_fuzz.c $(PIPE_CORE) $(PIPE_LIBS) -o $@

pipe-check: pipe-all $(PIPE_B)/pipe_fuzz
	$(Q)tests/unit/pipe/check.sh $(B) $(PIPE_FUZZ_RUNS)

pipe-fuzz: $(PIPE_B)/pipe_fuzz
	$(Q)mkdir -p $(PIPE_B)/fuzz-corpus
	$(Q)$(PIPE_B)/pipe_fuzz -max_total_time=$(PIPE_FUZZ_TIME) $(PIPE_B)/fuzz-corpus

-include $(PIPE_CORE_OBJS:.o=.d) $(PIPE_MAIN_OBJS:.o=.d)
