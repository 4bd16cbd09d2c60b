# SPDX-License-Identifier: GPL-2.0-only
# ilnp/rules.mk - the ILNPv6 pure core, included by the top Makefile (which
# defines B and Q). Targets:
#   ilnp-all    $(B)/ilnp/ilnp_test (host unit tests of the core)
#   ilnp-check  unit tests, the scapy cross-check of the encodings and a
#               bounded fuzz run; TAP + "N passed, N failed"
#   ilnp-fuzz   a longer fuzz run (ILNP_FUZZ_TIME seconds)
# Everything is written under $(B)/ilnp/.

ILNP_B		:= $(B)/ilnp
ILNP_CC		?= gcc
ILNP_CLANG	?= clang
ILNP_CFLAGS	:= -O2 -g -Wall -Wextra -Werror -std=gnu11 -Ikmod/uapi -Iilnp -MMD -MP
ILNP_FUZZ_RUNS	?= 200000
ILNP_FUZZ_TIME	?= 60

ILNP_CORE	:= ilnp/ilnp.c ilnp/ilcc.c
ILNP_OBJS	:= $(ILNP_CORE:%.c=$(ILNP_B)/obj/%.o) $(ILNP_B)/obj/tests/unit/ilnp/ilnp_test.o

.PHONY: ilnp-all ilnp-check ilnp-fuzz

ilnp-all: $(ILNP_B)/ilnp_test

$(ILNP_OBJS): $(ILNP_B)/obj/%.o: %.c
	$(Q)mkdir -p $(@D)
	$(Q)echo "  CC      $@"
	$(Q)$(ILNP_CC) $(ILNP_CFLAGS) -c $< -o $@

$(ILNP_B)/ilnp_test: $(ILNP_OBJS)
	$(Q)echo "  LD      $@"
	$(Q)$(ILNP_CC) $^ -o $@

# libFuzzer target: clang, ASan, UBSan, the core compiled in
$(ILNP_B)/ilnp_fuzz: tests/fuzz/ilnp_fuzz.c $(ILNP_CORE) ilnp/ilnp.h kmod/uapi/linux/seg6x_ilnp.h
	$(Q)mkdir -p $(@D)
	$(Q)echo "  FUZZ    $@"
	$(Q)$(ILNP_CLANG) -O1 -g -Wall -Wextra -Werror -Ikmod/uapi -Iilnp \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		tests/fuzz/ilnp_fuzz.c $(ILNP_CORE) -o $@

ilnp-check: ilnp-all $(ILNP_B)/ilnp_fuzz
	$(Q)tests/unit/ilnp/check.sh $(B) $(ILNP_FUZZ_RUNS)

ilnp-fuzz: $(ILNP_B)/ilnp_fuzz
	$(Q)mkdir -p $(ILNP_B)/fuzz-corpus
	$(Q)$(ILNP_B)/ilnp_fuzz -max_total_time=$(ILNP_FUZZ_TIME) $(ILNP_B)/fuzz-corpus

-include $(ILNP_OBJS:.o=.d)
