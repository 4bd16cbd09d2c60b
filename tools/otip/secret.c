// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading an OTIP secret and parsing the OTIP words shared by the otip
 * tool and ioth-node. Not pure (reads a file): kept out of otip.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "otip.h"
#include "otip_cli.h"

/**
 * otip_secret_load - the secret is the content of @path, one trailing
 * newline (LF or CRLF) taken off, at most OTIP_SECRET_MAX bytes
 *
 * Return: 0, or -1 with a message on stderr (@cfg unchanged).
 */
int otip_secret_load(struct otip_cfg *cfg, const char *path, const char *who)
{
	uint8_t buf[OTIP_SECRET_MAX + 2];
	ssize_t r, len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "%s: secret file %s: %s\n", who, path, strerror(errno));
		return -1;
	}
	while (len < (ssize_t)sizeof(buf) && (r = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += r;
	close(fd);
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	if (len > OTIP_SECRET_MAX || len <= 0) {
		fprintf(stderr, "%s: secret file %s: empty or over %d bytes\n", who, path,
			OTIP_SECRET_MAX);
		return -1;
	}
	memcpy(cfg->secret, buf, len);
	cfg->secret_len = len;
	return 0;
}

/* otip_parse_mode - "keyed" or "iothaddr". Return: 0 or -1 */
int otip_parse_mode(const char *s, enum otip_mode *mode)
{
	int i;

	for (i = 0; i < __OTIP_MODE_MAX; i++)
		if (!strcmp(s, otip_mode_names[i])) {
			*mode = i;
			return 0;
		}
	return -1;
}

/* otip_parse_period - 1 .. 86400 seconds. Return: 0 or -1 */
int otip_parse_period(const char *s, uint32_t *period)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || !*s || v < 1 || v > 86400)
		return -1;
	*period = v;
	return 0;
}

/* otip_parse_offset - -86400 .. 86400 seconds. Return: 0 or -1 */
int otip_parse_offset(const char *s, int32_t *offset)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || !*s || v < -86400 || v > 86400)
		return -1;
	*offset = v;
	return 0;
}

/* otip_set_name - @name, a trailing dot allowed. Return: 0 or -1 */
int otip_set_name(struct otip_cfg *cfg, const char *name)
{
	size_t len = strlen(name);

	if (!len || len > OTIP_NAME_MAX || (len == 1 && name[0] == '.'))
		return -1;
	memcpy(cfg->name, name, len + 1);
	return 0;
}
