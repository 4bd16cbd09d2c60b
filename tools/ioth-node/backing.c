// SPDX-License-Identifier: GPL-2.0-only
/*
 * Port backing for the ioth-node process (not pure: files, processes):
 *
 *   file PATH  a sensor reads the number PATH holds before each read; an
 *              actuator writes "VALUE\n" to PATH after each write
 *   exec PATH  a sensor runs PATH (no argument, stdin /dev/null) before each
 *              read: it must exit 0 within the time bound having printed a
 *              number 0-255; an actuator runs "PATH VALUE" and must exit 0
 *
 * A command runs in its own process group; at the time bound the group is
 * killed (SIGKILL) and the access fails. The node is single-threaded, so
 * the bound is also the longest a command may stall the node. Numbers are
 * decimal or 0x hex, surrounded by white space only.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include "ioth.h"
#include "backing.h"

extern char **environ;

unsigned int ioth_backing_timeout_ms = IOTH_BACKING_TIMEOUT;

/* the backing path of each port (32 KiB, allocated with the program) */
static char port_path[256][IOTH_PATH_LEN];

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A byte written as text: white space, a number 0-255, white space. */
static int parse_byte(const char *s, uint8_t *val)
{
	unsigned long v;
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return -EIO;
	errno = 0;
	v = strtoul(s, &end, 0);
	while (isspace((unsigned char)*end))
		end++;
	if (errno || *end || v > 255)
		return -EIO;
	*val = v;
	return 0;
}

/* Wait for @pid until @deadline (ms); at the deadline kill its group. */
static int reap(pid_t pid, int64_t deadline)
{
	struct timespec ms = { 0, 1000000 };
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -EIO;
		if (r < 0)
			return -EIO;
		if (mono_ms() >= deadline)
			break;
		nanosleep(&ms, NULL);
	}
	kill(-pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -ETIMEDOUT;
}

/**
 * run_cmd - run @path [@arg] with a bounded time, its stdout to @out
 *
 * Return: 0 (exit status 0 within the bound; the output, NUL-terminated,
 * in @out, *@over set if it did not fit), -ETIMEDOUT, -EIO (spawn failed
 * or non-zero exit).
 */
static int run_cmd(const char *path, const char *arg, char *out, size_t cap, int *over)
{
	int64_t deadline = mono_ms() + ioth_backing_timeout_ms;
	char *argv[] = { (char *)path, (char *)arg, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	size_t len = 0;
	int p[2], err;
	struct pollfd pfd;
	pid_t pid;
	ssize_t r;

	if (pipe2(p, O_CLOEXEC))
		return -EIO;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&at, 0);
	err = posix_spawn(&pid, path, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(p[1]);
	if (err) {
		close(p[0]);
		return -EIO;
	}
	*over = 0;
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	for (;;) {
		int64_t left = deadline - mono_ms();
		char sink[64];

		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			break;
		if (len + 1 < cap)
			r = read(p[0], out + len, cap - 1 - len);
		else
			r = read(p[0], sink, sizeof(sink)), *over |= r > 0;
		if (r <= 0)
			break;		/* EOF: the command closed its output */
		if (len + 1 < cap)
			len += r;
	}
	close(p[0]);
	out[len] = 0;
	return reap(pid, deadline);
}

int ioth_backing_set(void *ctx, struct ioth_node *n, unsigned int port, unsigned int backing,
		     const char *arg)
{
	(void)ctx;
	(void)n;
	if (backing == IOTH_BACK_FIXED) {
		port_path[port & 0xff][0] = 0;
		return 0;
	}
	if (!arg || !*arg || strlen(arg) >= IOTH_PATH_LEN)
		return -ENAMETOOLONG;
	if (backing == IOTH_BACK_EXEC && access(arg, X_OK))
		return -errno;
	strcpy(port_path[port & 0xff], arg);
	return 0;
}

int ioth_backing_read(void *ctx, struct ioth_node *n, unsigned int port)
{
	struct ioth_port *p = &n->port[port];
	char buf[32];
	ssize_t r;
	int fd, err, over = 0;

	(void)ctx;
	if (p->backing == IOTH_BACK_EXEC) {
		err = run_cmd(port_path[port], NULL, buf, sizeof(buf), &over);
		if (over)
			err = -EIO;
	} else {
		fd = open(port_path[port], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -EIO;
		r = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (r < 0)
			return -EIO;
		buf[r] = 0;
		err = 0;
	}
	if (!err)
		err = parse_byte(buf, &p->value);
	if (err)
		fprintf(stderr, "ioth-node: port 0x%02x: %s %s: %s\n", port,
			ioth_backing_names[p->backing], port_path[port],
			err == -ETIMEDOUT ? "timed out" : "failed or no number 0-255");
	return err;
}

int ioth_backing_write(void *ctx, struct ioth_node *n, unsigned int port)
{
	struct ioth_port *p = &n->port[port];
	char val[8], buf[64];
	int fd, len, err = 0, over;

	(void)ctx;
	len = snprintf(val, sizeof(val), "%u", p->value);
	if (p->backing == IOTH_BACK_EXEC) {
		err = run_cmd(port_path[port], val, buf, sizeof(buf), &over);	/* output ignored */
	} else {
		fd = open(port_path[port], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		val[len++] = '\n';
		if (fd < 0 || write(fd, val, len) != len)
			err = -EIO;
		if (fd >= 0)
			close(fd);
	}
	if (err)
		fprintf(stderr, "ioth-node: port 0x%02x: %s %s: %s\n", port,
			ioth_backing_names[p->backing], port_path[port],
			err == -ETIMEDOUT ? "timed out" : "failed");
	return err;
}
