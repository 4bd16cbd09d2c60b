# SPDX-License-Identifier: GPL-2.0-only
#
# iproute2-patches/rules.mk: the patched ip, included by the top Makefile.
#
#   make ip        build $(B)/bin/ip
#
# The pinned source package is downloaded once into $(SEG6X_CACHE); the tree
# is unpacked afresh under $(B)/iproute2/src (dpkg-source -x, which applies
# Debian's own debian/patches) whenever the series, the BPF glue or the uapi
# header changes, then the series is applied with patch -p1 (no quilt needed)
# and only lib/ and ip/ are built. The log is $(B)/iproute2/build.log.

IPR_VER		:= 6.1.0-3
IPR_CACHE	:= $(SEG6X_CACHE)/iproute2-$(IPR_VER)
IPR_DSC		:= $(IPR_CACHE)/iproute2_$(IPR_VER).dsc
IPR_DIR		:= $(B)/iproute2
IPR_SRC		:= $(IPR_DIR)/src
IPR_LOG		:= $(CURDIR)/$(IPR_DIR)/build.log
IPR_PATCHES	:= $(addprefix iproute2-patches/,\
		   $(shell sed -e 's/\#.*//' iproute2-patches/series))
IPR_UAPI	:= kmod/uapi/linux/seg6x.h kmod/uapi/linux/seg6x_ilnp.h

# The generated glue header and the uapi header are inputs of the build.
IPR_INPUTS	:= iproute2-patches/series $(IPR_PATCHES) iproute2-patches/rules.mk \
		   $(B)/bpf/seg6x_glue.h $(IPR_UAPI)

# libbpf, libelf (with zlib and libzstd) and libcap are linked in; libc and
# libmnl stay shared. The binary then runs on a gateway whatever libbpf it
# has (or none), and it starts faster: a quarter less time per command in
# the TCG VM (ip -j link show and ip -j seg6x show, 20 runs each, 3 rounds,
# one loaded VM, 2026-12-07: 223 against 298 ms), where the kselftests run
# ip some 3600 times per boot. configure's LIBBPF_DYNAMIC (ask the shared
# library for its version) goes with it.
IPR_STATIC	:= -Wl,-Bstatic -lbpf -lelf -lz -lzstd -lcap -Wl,-Bdynamic

# Keep the top Makefile's flags (-Werror -std=gnu11) out of iproute2's build.
IPR_MAKE	:= env -u CFLAGS -u CPPFLAGS -u LDFLAGS -u LDLIBS $(MAKE)

# Print the log's tail and fail.
ipr_fail = { echo "iproute2: $(1) failed, see $(IPR_LOG):" >&2; \
	     tail -n 30 $(IPR_LOG) >&2; exit 1; }

.PHONY: ip
ip: $(B)/bin/ip

$(IPR_DSC):
	$(Q)mkdir -p $(IPR_CACHE)
	$(Q)echo "  FETCH   iproute2 $(IPR_VER)"
	$(Q)cd $(IPR_CACHE) && apt-get source -qq --download-only iproute2=$(IPR_VER) >/dev/null
	$(Q)test -f $@ || { echo "iproute2: $@ missing after download" >&2; exit 1; }

$(IPR_DIR)/.patched: $(IPR_DSC) $(IPR_INPUTS)
	$(Q)echo "  PATCH   iproute2 $(IPR_VER) + $(words $(IPR_PATCHES)) patches"
	$(Q)rm -rf $(IPR_SRC) $@ && mkdir -p $(IPR_DIR)
	$(Q)dpkg-source -x $(IPR_DSC) $(IPR_SRC) > $(IPR_LOG) 2>&1 || \
		$(call ipr_fail,dpkg-source -x)
	$(Q)for p in $(IPR_PATCHES); do \
		echo "applying $$p" >> $(IPR_LOG); \
		patch -d $(IPR_SRC) -p1 --batch --forward < $$p >> $(IPR_LOG) 2>&1 || \
			$(call ipr_fail,$$p); \
	done
	$(Q)for h in $(IPR_UAPI); do \
		cmp -s $$h $(IPR_SRC)/include/uapi/linux/$${h##*/} || { \
		echo "iproute2: include/uapi/linux/$${h##*/} differs from $$h;" >&2; \
		echo "iproute2: run iproute2-patches/refresh-uapi.sh" >&2; \
		exit 1; }; done
	$(Q)touch $@

$(IPR_SRC)/ip/ip: $(IPR_DIR)/.patched
	$(Q)echo "  MAKE    iproute2 lib ip"
	$(Q)cd $(IPR_SRC) && ./configure >> $(IPR_LOG) 2>&1 || \
		$(call ipr_fail,configure)
	$(Q)grep -q '^HAVE_LIBBPF:=y' $(IPR_SRC)/config.mk || { \
		echo "iproute2: configure did not find libbpf (install libbpf-dev);" >&2; \
		echo "iproute2: seg6x actions need HAVE_LIBBPF" >&2; exit 1; }
	$(Q)sed -i -e 's/^LDLIBS += *-lbpf$$/LDLIBS += $(IPR_STATIC)/' \
		-e '/^LDLIBS += *-lelf$$/d' -e '/^LDLIBS += *-lcap$$/d' \
		-e '/LIBBPF_DYNAMIC/d' $(IPR_SRC)/config.mk
	$(Q)grep -q -e '-Bstatic' $(IPR_SRC)/config.mk || { \
		echo "iproute2: config.mk has no -lbpf line to link it in" >&2; exit 1; }
	$(Q)$(IPR_MAKE) -C $(IPR_SRC) SUBDIRS="lib ip" \
		EXTRA_CFLAGS="-I$(CURDIR)/$(B)/bpf" >> $(IPR_LOG) 2>&1 || \
		$(call ipr_fail,make)
	$(Q)touch $@

$(B)/bin/ip: $(IPR_SRC)/ip/ip
	$(Q)mkdir -p $(@D)
	$(Q)echo "  IPROUTE2  $@"
	$(Q)ln -sfn ../iproute2/src/ip/ip $@
