// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr_syms.c - kernel exports of the AVR core (built by Kbuild only)
 *
 * Like lib/xz/xz_dec_syms.c: the core files carry no kernel-specific
 * lines; everything the module loader needs is here.
 */
#include <linux/module.h>
#include "avr.h"

EXPORT_SYMBOL_GPL(seg6x_avr_prepare);
EXPORT_SYMBOL_GPL(seg6x_avr_prepare_reuse);
EXPORT_SYMBOL_GPL(seg6x_avr_redecode);
EXPORT_SYMBOL_GPL(seg6x_avr_run);
EXPORT_SYMBOL_GPL(seg6x_avr_reset);
EXPORT_SYMBOL_GPL(seg6x_avr_status_name);

#ifdef SEG6X_AVR_ISA_MODULE	/* the core as a module of its own */
MODULE_DESCRIPTION("seg6x AVR (ATmega328P) instruction set core");
MODULE_LICENSE("GPL");
#endif
