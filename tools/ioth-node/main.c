// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioth-node: the userspace SR-IoT node's process. It plugs into a VDE
 * network with libvdeplug (any vdeplug4 URL: vde://, vxvde://, tap://,
 * slirp://, ...), hands every frame to the pure core (frame.c) and serves
 * the control socket. It needs no privilege. Everything is allocated
 * before the loop starts: the node is one static struct.
 *
 *   ioth-node run --vde URL --addr ADDR[/PLEN] --router ADDR --sid SID...
 *                 [--mac MAC] [--ports FILE] [--ctl PATH] [--hop-budget N]
 *   ioth-node ctl PATH COMMAND...
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/random.h>
#include <sys/un.h>
#include <libvdeplug.h>
#include "ioth.h"
#include "backing.h"
#include "otip_cli.h"

#define CTL_MAX		16384
#define PATH_LEN	IOTH_PATH_LEN

static struct ioth_node node;
/* frames land at rxbuf + 2: the IPv6 header is 8-byte aligned */
static uint8_t rxbuf[VDE_ETHBUFSIZE + 2] __attribute__((aligned(8)));
static char ctl_in[512], ctl_out[CTL_MAX];
static volatile sig_atomic_t stop;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ioth-node run --vde URL --addr ADDR[/PLEN] --router ADDR --sid SID [--sid SID]...\n"
		"                     [--mac MAC] [--ports FILE] [--ctl PATH] [--hop-budget N]\n"
		"                     [--exec-timeout MS]\n"
		"                     [--otip NAME --otip-secret-file PATH [--otip-base ADDR]\n"
		"                      [--otip-mode keyed|iothaddr] [--otip-period S] [--otip-offset S]]\n"
		"       ioth-node ctl PATH COMMAND...\n"
		"COMMAND: port ADDR sensor|actuator [VALUE] [file PATH | exec PATH] |\n"
		"         port ADDR del | set hop-budget N | show\n"
		"A --ports FILE line is a port or set command. \"file PATH\": the port's value\n"
		"is read from / written to PATH; \"exec PATH\": PATH runs for each read (its\n"
		"output a number 0-255) or write (the value its argument), within --exec-timeout\n"
		"(default 500 ms). --otip: the node also answers at NAME's one-time address\n"
		"(current and previous window) in --otip-base's /64 (default: --addr's).\n");
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void node_tx(void *ctx, const uint8_t *frame, size_t len)
{
	vde_send(ctx, frame, len, 0);
}

static const struct ioth_ops node_ops = {
	.tx		= node_tx,
	.port_backing	= ioth_backing_set,
	.port_read	= ioth_backing_read,
	.port_write	= ioth_backing_write,
};

static int ports_load(const char *file)
{
	char line[512], where[PATH_LEN + 16];
	unsigned int ln = 0;
	FILE *fp = fopen(file, "r");
	int err = 0;

	if (!fp) {
		fprintf(stderr, "ioth-node: %s: %s\n", file, strerror(errno));
		return -1;
	}
	while (!err && fgets(line, sizeof(line), fp)) {
		ln++;
		line[strcspn(line, "#")] = 0;
		if (!line[strspn(line, " \t\r\n")])
			continue;
		snprintf(where, sizeof(where), "%.*s:%u", PATH_LEN, file, ln);
		if (strncmp(line, "port ", 5) && strncmp(line, "set ", 4)) {
			fprintf(stderr, "ioth-node: %s: not a port or set line\n", where);
			err = -1;
		} else if (ioth_ctl(&node, line, ctl_out, sizeof(ctl_out))) {
			fprintf(stderr, "ioth-node: %s: %s\n", where, ctl_out);
			err = -1;
		}
	}
	fclose(fp);
	return err;
}

static int unix_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path)) {
		fprintf(stderr, "ioth-node: %s: path too long\n", path);
		return -1;
	}
	strcpy(sa->sun_path, path);
	return 0;
}

static int ctl_open(const char *path)
{
	struct sockaddr_un sa;
	mode_t old;
	int fd, err;

	if (unix_addr(&sa, path))
		return -1;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	unlink(path);
	/* the socket can make the node run commands: its owner only */
	old = umask(0177);
	err = fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (err) {
		fprintf(stderr, "ioth-node: control socket %s: %s\n", path, strerror(errno));
		return -1;
	}
	return fd;
}

static void ctl_serve(int fd)
{
	struct sockaddr_un from;
	socklen_t flen = sizeof(from);
	ssize_t r;

	r = recvfrom(fd, ctl_in, sizeof(ctl_in) - 1, MSG_DONTWAIT,
		     (struct sockaddr *)&from, &flen);
	if (r < 0)
		return;
	ctl_in[r] = 0;
	ioth_ctl(&node, ctl_in, ctl_out, sizeof(ctl_out));
	sendto(fd, ctl_out, strlen(ctl_out), MSG_DONTWAIT, (struct sockaddr *)&from, flen);
}

/* ioth-node ctl PATH WORDS...: send the words, print the reply */
static int ctl_client(int argc, char **argv)
{
	struct sockaddr_un sa, me = { .sun_family = AF_UNIX };
	struct pollfd pfd;
	size_t o = 0;
	ssize_t r;
	int i, fd;

	if (argc < 4 || unix_addr(&sa, argv[2])) {
		usage(stderr);
		return 2;
	}
	for (i = 3; i < argc && o < sizeof(ctl_in); i++)
		o += snprintf(ctl_in + o, sizeof(ctl_in) - o, "%s%s", i > 3 ? " " : "", argv[i]);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	/* autobind: an abstract address for the reply */
	if (fd < 0 || bind(fd, (struct sockaddr *)&me, sizeof(sa_family_t)) ||
	    sendto(fd, ctl_in, strlen(ctl_in), 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "ioth-node: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	if (poll(&pfd, 1, 3000) != 1 || (r = recv(fd, ctl_out, sizeof(ctl_out) - 1, 0)) < 0) {
		fprintf(stderr, "ioth-node: %s: no answer\n", argv[2]);
		return 2;
	}
	ctl_out[r] = 0;
	puts(ctl_out);
	return strncmp(ctl_out, "error", 5) ? 0 : 1;
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6], i;
	char end;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &end) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (b[i] > 255)
			return -1;
		mac[i] = b[i];
	}
	return (mac[0] & 1) ? -1 : 0;	/* a station address, never multicast */
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct run_opts {
	char *vde, *ports, *ctl, *otip_secret;
	uint8_t mac[6];
	bool has_mac, has_otip_base;
	long budget;
};

static int run_args(int argc, char **argv, struct run_opts *o)
{
	static const struct option lo[] = {
		{ "vde", 1, 0, 'v' }, { "addr", 1, 0, 'a' }, { "router", 1, 0, 'r' },
		{ "sid", 1, 0, 's' }, { "mac", 1, 0, 'm' }, { "ports", 1, 0, 'p' },
		{ "ctl", 1, 0, 'c' }, { "hop-budget", 1, 0, 'b' }, { "help", 0, 0, 'h' },
		{ "exec-timeout", 1, 0, 'x' }, { "otip", 1, 0, 'O' },
		{ "otip-secret-file", 1, 0, 'S' }, { "otip-base", 1, 0, 'B' },
		{ "otip-mode", 1, 0, 'M' }, { "otip-period", 1, 0, 'T' },
		{ "otip-offset", 1, 0, 'F' },
		{ 0 }
	};
	struct otip_cfg *ot = &node.otip.cfg;
	long v;
	char *slash, *end;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'v': o->vde = optarg; break;
		case 'p': o->ports = optarg; break;
		case 'c': o->ctl = optarg; break;
		case 'a':
			slash = strchr(optarg, '/');
			if (slash) {
				*slash = 0;
				node.plen = strtoul(slash + 1, &end, 10);
				if (*end || !slash[1] || node.plen > 128)
					goto bad;
			}
			if (ioth_parse_addr(optarg, node.addr) || node.addr[0] == 0xff)
				goto bad;
			break;
		case 'r':
			if (ioth_parse_addr(optarg, node.router))
				goto bad;
			node.has_router = true;
			break;
		case 's':
			if (node.n_sids == IOTH_MAX_SIDS) {
				fprintf(stderr, "ioth-node: at most %d SIDs\n", IOTH_MAX_SIDS);
				return -1;
			}
			if (ioth_parse_addr(optarg, node.sid[node.n_sids]) ||
			    node.sid[node.n_sids][0] == 0xff)
				goto bad;
			node.n_sids++;
			break;
		case 'm':
			if (parse_mac(optarg, o->mac))
				goto bad;
			o->has_mac = true;
			break;
		case 'b':
			o->budget = strtol(optarg, &end, 0);
			if (*end || o->budget < 0 || o->budget > UINT32_MAX)
				goto bad;
			break;
		case 'x':
			v = strtol(optarg, &end, 0);
			if (*end || v < 1 || v > 10000)
				goto bad;
			ioth_backing_timeout_ms = v;
			break;
		case 'O':
			if (otip_set_name(ot, optarg))
				goto bad;
			node.otip.on = true;
			break;
		case 'S': o->otip_secret = optarg; break;
		case 'B':
			if (ioth_parse_addr(optarg, ot->base))
				goto bad;
			o->has_otip_base = true;
			break;
		case 'M':
			if (otip_parse_mode(optarg, &ot->mode))
				goto bad;
			break;
		case 'T':
			if (otip_parse_period(optarg, &ot->period))
				goto bad;
			break;
		case 'F':
			if (otip_parse_offset(optarg, &ot->offset))
				goto bad;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (!o->vde || !node.addr[0] || !node.n_sids || optind != argc) {
		fprintf(stderr, "ioth-node: --vde, --addr and at least one --sid are required\n");
		return -1;
	}
	if (node.otip.on != !!o->otip_secret) {
		fprintf(stderr, "ioth-node: --otip and --otip-secret-file go together\n");
		return -1;
	}
	if (node.otip.on) {
		if (otip_secret_load(ot, o->otip_secret, "ioth-node"))
			return -1;
		if (!o->has_otip_base)
			memcpy(ot->base, node.addr, 8);
	}
	return 0;
bad:
	fprintf(stderr, "ioth-node: invalid value \"%s\"\n", optarg);
	return -1;
}

static int run(int argc, char **argv)
{
	struct run_opts o = { .budget = -1 };
	struct ioth_node cfg;
	struct pollfd pfd[2];
	VDECONN *conn;
	int ctl = -1, nfd = 1;
	ssize_t r;

	ioth_init(&node, (uint8_t[6]){ 0 }, &node_ops, NULL);
	node.otip.cfg.period = OTIP_PERIOD_DEFAULT;
	if (run_args(argc - 1, argv + 1, &o)) {
		usage(stderr);
		return 2;
	}
	if (!o.has_mac) {	/* locally administered, from the address */
		o.mac[0] = 0x02;
		memcpy(o.mac + 2, node.addr + 12, 4);
	}
	/* ioth_init again with the MAC (and the link-local address from it) */
	cfg = node;
	ioth_init(&node, o.mac, &node_ops, NULL);
	memcpy(node.addr, cfg.addr, 16);
	node.plen = cfg.plen;
	memcpy(node.router, cfg.router, 16);
	node.has_router = cfg.has_router;
	memcpy(node.sid, cfg.sid, sizeof(node.sid));
	node.n_sids = cfg.n_sids;
	node.otip = cfg.otip;
	if (getrandom(node.wmem_key, sizeof(node.wmem_key), 0) != sizeof(node.wmem_key)) {
		perror("ioth-node: getrandom");
		return 1;
	}
	if (o.budget >= 0)
		node.hop_budget = o.budget;
	if (o.ports && ports_load(o.ports))
		return 2;
	conn = vde_open(o.vde, "ioth-node", NULL);
	if (!conn) {
		fprintf(stderr, "ioth-node: vde_open %s: %s\n", o.vde, strerror(errno));
		return 2;
	}
	node.ops_ctx = conn;
	if (o.ctl && (ctl = ctl_open(o.ctl)) < 0)
		return 2;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	node.wall = time(NULL);
	node.now = now_ms();
	pfd[0] = (struct pollfd){ .fd = vde_datafd(conn), .events = POLLIN };
	if (ctl >= 0)
		pfd[nfd++] = (struct pollfd){ .fd = ctl, .events = POLLIN };
	while (!stop) {
		if (poll(pfd, nfd, 200) < 0 && errno != EINTR)
			break;
		node.now = now_ms();
		node.wall = time(NULL);
		if (pfd[0].revents & POLLIN) {
			r = vde_recv(conn, rxbuf + 2, VDE_ETHBUFSIZE, 0);
			if (r > 0)
				ioth_input(&node, rxbuf + 2, r);
			else if (r == 0)
				break;		/* the switch went away */
		}
		if (nfd > 1 && (pfd[1].revents & POLLIN))
			ctl_serve(ctl);
		ioth_tick(&node);
	}
	vde_close(conn);
	if (ctl >= 0)
		unlink(o.ctl);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return run(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "ctl"))
		return ctl_client(argc, argv);
	usage(argc >= 2 && !strcmp(argv[1], "--help") ? stdout : stderr);
	return 2;
}
