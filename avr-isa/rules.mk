# SPDX-License-Identifier: GPL-2.0-only
# avr-isa/rules.mk - the AVR core's userspace side, included by the top
# Makefile (which defines B and Q). Targets:
#   avr-all    build/avr-run, the test binaries and the program corpus
#   avr-check  exhaustive single-step and corpus differential tests against
#              simavr, API tests, a bounded fuzz run; TAP + "N passed, N failed"
#   avr-bench  core vs simavr speed, writes $(B)/bench/avr.json
#   avr-fuzz   a longer fuzz run (AVR_FUZZ_TIME seconds)
# Everything is written under $(B)/avr/ (and $(B)/avr-run).

AVR_B		:= $(B)/avr
AVR_CC		?= gcc
AVR_CLANG	?= clang
AVR_CFLAGS	:= -O2 -g -Wall -Wextra -Werror -std=gnu11 -Iavr-isa -Itools -MMD -MP
AVR_LIBS	:= -lsimavr -lelf
AVR_MCU_CFLAGS	:= -mmcu=atmega328p -Wall -Werror -g
AVR_STATES	?= 64
AVR_FUZZ_RUNS	?= 200000
AVR_FUZZ_TIME	?= 600

AVR_CORE_SRCS	:= avr-isa/avr_decode.c avr-isa/avr_exec.c avr-isa/avr_mem.c
AVR_TOOL_SRCS	:= tools/avr-elf.c tools/avr-engine.c tools/avr-simavr.c tools/avr-sym.c \
		   avr-isa/avr_disasm.c
AVR_CORE_OBJS	:= $(AVR_CORE_SRCS:%.c=$(AVR_B)/obj/%.o)
AVR_TOOL_OBJS	:= $(AVR_TOOL_SRCS:%.c=$(AVR_B)/obj/%.o)
AVR_MAIN_SRCS	:= tools/avr-run.c tools/avr-bench.c \
		   tests/unit/avr/avr_step_test.c tests/unit/avr/avr_corpus_test.c \
		   tests/unit/avr/avr_api_test.c
AVR_MAIN_OBJS	:= $(AVR_MAIN_SRCS:%.c=$(AVR_B)/obj/%.o)
AVR_TESTS	:= $(AVR_B)/avr_step_test $(AVR_B)/avr_corpus_test $(AVR_B)/avr_api_test

AVR_CORPUS_SRCS	:= $(wildcard tests/unit/avr/corpus/*.c)
AVR_CORPUS	:= $(foreach o,O0 Os O2,$(AVR_CORPUS_SRCS:tests/unit/avr/corpus/%.c=$(AVR_B)/corpus/%-$(o).elf))

.PHONY: avr-all avr-check avr-bench avr-fuzz

avr-all: $(B)/avr-run $(AVR_B)/avr-bench $(AVR_TESTS) $(AVR_CORPUS)

$(AVR_CORE_OBJS) $(AVR_TOOL_OBJS) $(AVR_MAIN_OBJS): $(AVR_B)/obj/%.o: %.c
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CC      $@"
	$(Q)$(AVR_CC) $(AVR_CFLAGS) -c $< -o $@

$(B)/avr-run: $(AVR_B)/obj/tools/avr-run.o $(AVR_TOOL_OBJS) $(AVR_CORE_OBJS)
	$(Q)echo "  LD      $@"
	$(Q)$(AVR_CC) $^ $(AVR_LIBS) -o $@

$(AVR_B)/avr-bench: $(AVR_B)/obj/tools/avr-bench.o $(AVR_TOOL_OBJS) $(AVR_CORE_OBJS)
	$(Q)echo "  LD      $@"
	$(Q)$(AVR_CC) $^ $(AVR_LIBS) -o $@

$(AVR_TESTS): $(AVR_B)/%: $(AVR_B)/obj/tests/unit/avr/%.o $(AVR_TOOL_OBJS) $(AVR_CORE_OBJS)
	$(Q)echo "  LD      $@"
	$(Q)$(AVR_CC) $^ $(AVR_LIBS) -o $@

# The corpus: every program at -O0, -Os and -O2
define AVR_CORPUS_RULE
$(AVR_B)/corpus/%-$(1).elf: tests/unit/avr/corpus/%.c tests/unit/avr/corpus/halt.h
	$$(Q)mkdir -p $$(@D)
	$$(Q)echo "  AVRCC   $$@"
	$$(Q)avr-gcc $(AVR_MCU_CFLAGS) -$(1) $$< -o $$@
endef
$(foreach o,O0 Os O2,$(eval $(call AVR_CORPUS_RULE,$(o))))

# libFuzzer target: clang, ASan, UBSan, core compiled in
$(AVR_B)/avr_fuzz: tests/fuzz/avr_fuzz.c $(AVR_CORE_SRCS) $(wildcard avr-isa/*.h)
	$(Q)mkdir -p $(@D)
	$(Q)echo "  FUZZ    $@"
	$(Q)$(AVR_CLANG) -O1 -g -Wall -Wextra -Werror -Iavr-isa \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		tests/fuzz/avr_fuzz.c $(AVR_CORE_SRCS) -o $@

avr-check: avr-all $(AVR_B)/avr_fuzz
	$(Q)tests/unit/avr/check.sh $(AVR_B) $(AVR_STATES) $(AVR_FUZZ_RUNS)

avr-bench: avr-all
	$(Q)mkdir -p $(B)/bench
	$(Q)bench/avr_bench.sh $(AVR_B) $(B)/bench/avr.json

avr-fuzz: $(AVR_B)/avr_fuzz
	$(Q)mkdir -p $(AVR_B)/fuzz-corpus
	$(Q)$(AVR_B)/avr_fuzz -max_total_time=$(AVR_FUZZ_TIME) $(AVR_B)/fuzz-corpus

-include $(AVR_CORE_OBJS:.o=.d) $(AVR_TOOL_OBJS:.o=.d) $(AVR_MAIN_OBJS:.o=.d)
