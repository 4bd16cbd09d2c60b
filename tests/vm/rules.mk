# SPDX-License-Identifier: GPL-2.0-only
#
# The test VM (included by the top Makefile, which sets B, Q, SEG6X_CACHE,
# KVER and owns check/demo/bench/all).
#   make vm-check       boot once: tests/kselftest/*.sh + upstream SRv6 selftests
#   make vm-shell       interactive shell in the guest
#   make vm-selftests   build what the upstream selftests need (BPF object)

VM_KSRC		:= $(SEG6X_CACHE)/linux-$(KVER)/src
VM_ST_PROG	:= $(VM_KSRC)/tools/testing/selftests/bpf/progs/test_lwt_seg6local.c
VM_ST_DIR	:= $(B)/selftests/bpf
VM_ST_OBJ	:= $(VM_ST_DIR)/test_lwt_seg6local.bpf.o
# The program needs the 6.12 uapi (bpf.h, seg6*.h), not the host's older
# copies: gather them into one include folder ahead of the system ones.
VM_ST_UAPI	:= $(VM_KSRC)/tools/include/uapi/linux/bpf.h \
		   $(wildcard $(VM_KSRC)/include/uapi/linux/seg6*.h)

.PHONY: vm-check vm-shell vm-selftests

vm-selftests: $(VM_ST_OBJ)

$(VM_ST_OBJ): $(VM_ST_PROG) $(VM_ST_UAPI)
	$(Q)mkdir -p $(VM_ST_DIR)/include/linux
	$(Q)cp $(VM_ST_UAPI) $(VM_ST_DIR)/include/linux/
	$(Q)echo "  BPF     $@"
	$(Q)$(CLANG) -O2 -g -target bpf -D__x86_64__ -mcpu=v3 -I$(VM_ST_DIR)/include \
		-I/usr/include/x86_64-linux-gnu -c $< -o $@

vm-check: vm-selftests
	$(Q)tests/vm/run --tests

vm-shell:
	$(Q)tests/vm/run --shell
