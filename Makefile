# SPDX-License-Identifier: GPL-2.0-only
#
# seg6x: one entry point per job.
#   make            build modules, BPF glue, patched ip, tools
#   make check      install dependencies, build, run every test (host + VM)
#   make demo       install dependencies, build, run the demo topology in the VM
#   make bench      benchmarks; writes build/bench.json
#   make fuzz       longer fuzzing runs
#   make install    build against the running kernel and install (gateway)
#   make install-tools  only the tools and their man pages (PREFIX, DESTDIR)
#   make clean
# V=1 shows the commands. Everything is written under build/, the Debian
# kernel and source packages are cached under $(SEG6X_CACHE).

B		:= build
SEG6X_CACHE	?= /var/cache/seg6x
KVER		?= 6.12.117+deb12-amd64
KROOT		:= $(SEG6X_CACHE)/linux-$(KVER)/root
KDIR		?= $(KROOT)/usr/src/linux-headers-$(KVER)
export SEG6X_CACHE KVER

ifeq ($(V),1)
Q :=
else
Q := @
MAKEFLAGS += --no-print-directory
endif

CC		?= gcc
CLANG		?= clang
CFLAGS		?= -O2 -g
CFLAGS		+= -Wall -Wextra -Werror -std=gnu11
ARCH_INC	:= -I/usr/include/$(shell $(CC) -dumpmachine)

.PHONY: all deps modules modules-7.2 bpf test-progs check demo bench fuzz install install-tools clean

all: modules bpf ip avr-all sriot-all ioth-all pipe-all ilnp-all update-all

# ---- dependencies: Debian packages and the pinned kernel, both idempotent ----
deps:
	$(Q)scripts/deps.sh
	$(Q)scripts/kernel.sh
	$(Q)scripts/kernel.sh --kernel 7.2

# ---- kernel modules (Kbuild in a symlinked copy, so objects land in build/) ----
KMOD_SRCS := $(shell find kmod avr-isa sriot ilnp pipe -type f \( -name '*.[ch]' -o -name 'Kbuild*' \) 2>/dev/null) tools/otip/otip.c tools/otip/otip.h

# kmod_tree DIR: the symlinked copy Kbuild builds in
define kmod_tree
	$(Q)mkdir -p $(1)/avr-isa $(1)/sriot $(1)/ilnp $(1)/pipe $(1)/otip
	$(Q)cp -rsf $(CURDIR)/kmod/. $(1)/
	$(Q)cp -rsf $(CURDIR)/avr-isa/. $(1)/avr-isa/
	$(Q)cp -sf $(CURDIR)/sriot/wire.[ch] $(CURDIR)/sriot/wmem.[ch] $(CURDIR)/sriot/machine.h $(1)/sriot/
	$(Q)cp -sf $(CURDIR)/ilnp/ilnp.[ch] $(CURDIR)/ilnp/ilcc.c $(1)/ilnp/
	$(Q)cp -sf $(CURDIR)/pipe/*.[ch] $(CURDIR)/pipe/Kbuild.inc $(1)/pipe/
	$(Q)cp -sf $(CURDIR)/tools/otip/otip.[ch] $(1)/otip/
endef
kmod_btf = $(Q)readelf -S $(1) | grep -q '\.BTF ' || { echo "$(1) has no BTF (is dwarves installed?)" >&2; exit 1; }

modules: $(B)/kmod/seg6x.ko
$(B)/kmod/seg6x.ko: $(KMOD_SRCS)
	$(call kmod_tree,$(B)/kmod)
	$(Q)$(MAKE) -C $(KDIR) M=$(CURDIR)/$(B)/kmod $(if $(Q),-s) modules
	$(call kmod_btf,$@)

# The newest Debian kernel (sid's): the same sources, built in the sid root
# that scripts/kernel.sh --kernel 7.2 keeps (its headers need gcc-16).
KVER_7_2	:= 7.2.13+deb14-amd64
modules-7.2: $(B)/kmod-7.2/seg6x.ko
$(B)/kmod-7.2/seg6x.ko: $(KMOD_SRCS)
	$(Q)scripts/kernel.sh --kernel 7.2
	$(call kmod_tree,$(B)/kmod-7.2)
	$(Q)echo "  KBUILD  $@ (sid root, $(KVER_7_2))"
	$(Q)scripts/kernel.sh --kernel 7.2 --run make -C /usr/src/linux-headers-$(KVER_7_2) \
		M=$(CURDIR)/$(B)/kmod-7.2 $(if $(Q),-s) modules
	$(call kmod_btf,$@)

# ---- BPF glue, embedded into ip as a byte array ----
bpf: $(B)/bpf/seg6x_glue.h
$(B)/bpf/seg6x_glue.bpf.o: kmod/bpf/seg6x_glue.bpf.c kmod/uapi/linux/seg6x.h
	$(Q)mkdir -p $(@D)
	$(Q)echo "  BPF     $@"
	$(Q)$(CLANG) -O2 -g -target bpf -mcpu=v3 $(ARCH_INC) -c $< -o $@
$(B)/bpf/seg6x_glue.h: $(B)/bpf/seg6x_glue.bpf.o scripts/bin2c.sh
	$(Q)echo "  GEN     $@"
	$(Q)scripts/bin2c.sh seg6x_glue_obj $< > $@.tmp && mv $@.tmp $@

# ---- one glue object per behaviour, for gateways with a stock ip ----
# `make install` puts them under /usr/lib/seg6x/; upstream syntax installs one:
#   ip -6 route add SID encap seg6local action End.BPF \
#	endpoint obj /usr/lib/seg6x/avr-exec.o sec lwt_seg6local dev eth0
GLUE_PROGS	:= $(shell sed -nE 's/^SEG6X_GLUE.([a-z0-9_]+),.*/\1/p' kmod/bpf/seg6x_glue.bpf.c)
GLUE_STOCK	:= $(patsubst %,$(B)/bpf/stock/%.o,$(subst _,-,$(GLUE_PROGS)))
bpf: $(GLUE_STOCK)
$(B)/bpf/stock/%.o: kmod/bpf/seg6x_glue.bpf.c kmod/uapi/linux/seg6x.h
	$(Q)mkdir -p $(@D)
	$(Q)echo "  BPF     $@"
	$(Q)sed -E '/^SEG6X_GLUE\(/{/^SEG6X_GLUE\($(subst -,_,$*),/!d}' $< | \
		$(CLANG) -O2 -g -target bpf -mcpu=v3 $(ARCH_INC) -Ikmod/bpf -x c -c - -o $@

# ---- BPF objects used only by tests ----
TEST_PROGS := $(patsubst tests/kselftest/progs/%.bpf.c,$(B)/tests/progs/%.bpf.o,\
		$(wildcard tests/kselftest/progs/*.bpf.c))
test-progs: $(TEST_PROGS)
$(B)/tests/progs/%.bpf.o: tests/kselftest/progs/%.bpf.c
	$(Q)mkdir -p $(@D)
	$(Q)echo "  BPF     $@"
	$(Q)$(CLANG) -O2 -g -target bpf -mcpu=v3 $(ARCH_INC) -c $< -o $@

# ---- jobs: dependencies first, then a sub-make, so -j never races them ----
check: deps
	$(Q)$(MAKE) -j$$(nproc) all modules-7.2 test-progs vm-selftests
	$(Q)scripts/check.sh

# the demo topologies, in one boot: demo.sh first, then every other
# tests/demo/*.sh (one per behaviour) in name order; the ILNP experiment at
# the paper's length alone runs about 1000 s in the guest, so the VM gets
# 4800 s instead of the tests' 2400
DEMOS := tests/demo/demo.sh $(filter-out tests/demo/demo.sh,$(sort $(wildcard tests/demo/*.sh)))
demo: deps
	$(Q)$(MAKE) all
	$(Q)VM_TIMEOUT=$${VM_TIMEOUT:-4800} tests/vm/run -- sh -c 'for d in $(DEMOS); do "$$d" || exit 1; done'

bench: deps
	$(Q)$(MAKE) all test-progs
	$(Q)scripts/bench.sh

fuzz: avr-fuzz sriot-fuzz ioth-fuzz pipe-fuzz ilnp-fuzz update-fuzz

# ---- component fragments ----
-include iproute2-patches/rules.mk
-include avr-isa/rules.mk
-include tests/vm/rules.mk
-include tools/sriot.mk
-include tools/ioth-node/rules.mk
-include pipe/rules.mk
-include ilnp/rules.mk
-include tools/update/rules.mk

# ---- a real gateway: build against the running kernel and install ----
install: KDIR := /lib/modules/$(shell uname -r)/build
install:
	$(Q)scripts/deps.sh build
	$(Q)$(MAKE) KDIR=$(KDIR) modules ip
	$(Q)$(MAKE) -C $(KDIR) M=$(CURDIR)/$(B)/kmod INSTALL_MOD_DIR=updates $(if $(Q),-s) modules_install
	$(Q)depmod -a $(shell uname -r)
	$(Q)install -D -m 0755 $(B)/bin/ip $(DESTDIR)/usr/local/sbin/ip
	$(Q)install -d $(DESTDIR)/usr/lib/seg6x
	$(Q)install -m 0644 $(GLUE_STOCK) $(DESTDIR)/usr/lib/seg6x/
	$(Q)echo "  INSTALL seg6x.ko, seg6x_pipe_*.ko (modprobe seg6x), /usr/local/sbin/ip, /usr/lib/seg6x/*.o (stock ip)"
	$(Q)$(MAKE) install-tools

# The SR-IoT tools and their man pages; no kernel needed (DESTDIR honoured)
PREFIX		?= /usr/local
TOOLS_BIN	:= $(B)/bin/sriot $(B)/avr-run
TOOLS_MAN1	:= $(wildcard man/man1/*.1)
install-tools: $(TOOLS_BIN)
	$(Q)install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	$(Q)install -m 0755 $(TOOLS_BIN) $(DESTDIR)$(PREFIX)/bin/
	$(Q)install -m 0644 $(TOOLS_MAN1) $(DESTDIR)$(PREFIX)/share/man/man1/
	$(Q)echo "  INSTALL $(notdir $(TOOLS_BIN)) in $(PREFIX)/bin, $(notdir $(TOOLS_MAN1)) in $(PREFIX)/share/man/man1"

clean:
	$(Q)rm -rf $(B)
