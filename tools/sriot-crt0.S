; SPDX-License-Identifier: GPL-2.0-only
;
; sriot-crt0.S - the start code of an SR-IoT task (linked by `sriot build`)
;
; Two words. The packet itself carries the initial machine state, which
; `sriot build` writes as: r0-r31 = 0, SREG = 0, SP = top of the SRAM
; window, PC = 0, and the SRAM window already holding .data's initial
; values and a zeroed .bss. So there is nothing to set up: no SP load, no
; .data copy loop (and no .data load image in flash), no .bss clear loop.
; Every word of code costs 2 bytes in the segment list of every hop.
;
;   word 0: rcall main
;   word 1: break        main returned: r24:r25 holds its value
;
; gcc references __do_copy_data / __do_clear_bss when a program has .data
; or .bss; defining them here keeps libgcc's copy and clear loops out.

	.section .vectors,"ax",@progbits
	.global	__vectors
__vectors:
	rcall	main
	break

	.global	__do_copy_data
	.global	__do_clear_bss
	.set	__do_copy_data, 0
	.set	__do_clear_bss, 0
