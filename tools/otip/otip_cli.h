/* SPDX-License-Identifier: GPL-2.0-only */
/* secret.c: the OTIP options shared by the otip tool and ioth-node */
#ifndef OTIP_CLI_H
#define OTIP_CLI_H

#include "otip.h"

int otip_secret_load(struct otip_cfg *cfg, const char *path, const char *who);
int otip_parse_mode(const char *s, enum otip_mode *mode);
int otip_parse_period(const char *s, uint32_t *period);
int otip_parse_offset(const char *s, int32_t *offset);
int otip_set_name(struct otip_cfg *cfg, const char *name);

#endif /* OTIP_CLI_H */
