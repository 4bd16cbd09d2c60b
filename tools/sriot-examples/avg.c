// SPDX-License-Identifier: GPL-2.0-only
/*
 * avg.c - the SR-IoT paper's example: read the temperature sensors of three
 * nodes, average them, drive the actuators of two other nodes. One packet
 * carries it; every port access sends it to the node that owns the port
 * (avg.ports). main's return value (the average) comes back in r24.
 */
#include <stdint.h>

#define PORT(a)	(*(volatile uint8_t *)(a))
#define TEMP1	PORT(0x26)	/* sensor, node fc00:0:1::a */
#define TEMP2	PORT(0x27)	/* sensor, node fc00:0:2::a */
#define TEMP3	PORT(0x28)	/* sensor, node fc00:0:3::a */
#define FAN	PORT(0x2a)	/* actuator, node fc00:0:4::a */
#define HEATER	PORT(0x2b)	/* actuator, node fc00:0:5::a */

#define LOW	19
#define HIGH	22

uint8_t average;		/* read back with --sym average */

int main(void)
{
	uint16_t sum = TEMP1;

	sum += TEMP2;
	sum += TEMP3;
	average = sum / 3;
	FAN = average > HIGH;
	HEATER = average < LOW;
	return average;
}
