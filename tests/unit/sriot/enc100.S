; SPDX-License-Identifier: GPL-2.0-only
; enc100.S - the encoding benchmark: 100 instructions touching 10 ports on
; 10 nodes (enc100.ports), as in the SR-IoT paper (320 bytes there).
; Built with `sriot build --nocrt`: the code starts at word 0, ends with BREAK.
; Each block: read the port, fold it into r24:r25 and r19, write the port.

	.text
	.global main
main:
	in	r16, 0x10	; port 0x30, node 1
	add	r24, r16
	adc	r25, r1
	mov	r18, r24
	lsr	r18
	eor	r19, r18
	inc	r20
	andi	r21, 0x7f
	or	r21, r19
	out	0x10, r18
	in	r16, 0x11	; port 0x31, node 2
	add	r24, r16
	adc	r25, r1
	mov	r18, r24
	lsr	r18
	eor	r19, r18
	inc	r20
	andi	r21, 0x7f
	or	r21, r19
	out	0x11, r18
	in	r16, 0x12	; port 0x32, node 3
	add	r24, r16
	adc	r25, r1
	mov	r18, r24
	lsr	r18
	eor	r19, r18
	inc	r20
	andi	r21, 0x7f
	or	r21, r19
	out	0x12, r18
	in	r16, 0x13	; port 0x33, node 4
	add	r24, r16
	adc	r25, r1
	mov	r18, r24
	lsr	r18
	eor	r19, r18
	inc	r20
	andi	r21, 0x7f
	or	r21, r19
	out	0x13, r18
	in	r16, 0x14	; port 0x34, node 5
	add	r24, r16
	adc	r25, r1
	mov	r18, r24
	lsr	r18
	eor	r19, r18
	inc	r20
	andi	r21, 0x7f
	or	r21, r19
	out	0x14, r18
	in	r16, 0x15	; port 0x35, node 6
	add	r24, r16
	adc	r25, r1
	mov	r18, r24
	lsr	r18
	eor	r19, r18
	inc	r20
	andi	r21, 0x7f
	or	r21, r19
	out	0x15, r18
	in	r16, 0x16	; port 0x36, node 7
	add	r24, r16
	adc	r25, r1
	mov	r18, r24
	lsr	r18
	eor	r19, r18
	inc	r20
	andi	r21, 0x7f
	or	r21, r19
	out	0x16, r18
	in	r16, 0x17	; port 0x37, node 8
	add	r24, r16
	adc	r25, r1
	mov	r18, r24
	lsr	r18
	eor	r19, r18
	inc	r20
	andi	r21, 0x7f
	or	r21, r19
	out	0x17, r18
	in	r16, 0x18	; port 0x38, node 9
	add	r24, r16
	adc	r25, r1
	mov	r18, r24
	lsr	r18
	eor	r19, r18
	inc	r20
	andi	r21, 0x7f
	or	r21, r19
	out	0x18, r18
	in	r16, 0x19	; port 0x39, node 10
	add	r24, r16
	adc	r25, r1
	mov	r18, r24
	lsr	r18
	eor	r19, r18
	inc	r20
	andi	r21, 0x7f
	out	0x19, r18
	break
