// SPDX-License-Identifier: GPL-2.0
/*
 * tkcon: the consoles of a Twin Kernel machine, side by side.
 *
 * Connects to QEMU's serial ports (unix socket chardevs, or telnet servers
 * as a libvirt domain's <serial type='tcp'> with <protocol type='telnet'/>:
 * telnet.h), writes every line to NAME.log with the host's monotonic time in front (kernel messages that
 * cut a userspace line are given lines of their own: console_lines.h),
 * optionally shows the
 * lines live as "[NAME] time line", and forwards typed input (stdin or
 * FIFOs) to the ports. Host time stamps, not the guests' clocks, measure
 * heartbeat gaps: a frozen guest's clock freezes too. The line a port has
 * not ended yet (a prompt such as "login: " waiting for input) is kept in
 * NAME.partial, replaced whole (rename) whenever it changes, so a test can
 * see a prompt before anything ends its line.
 *
 *   tkcon -d DIR [-e] [-i NAME] [-f FIFO] [-F NAME=FIFO]... NAME=SOCKET...
 *
 * SOCKET is a unix socket's path or telnet:HOST:PORT.
 * Exits when every port has closed (QEMU exited).
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "console_lines.h"
#include "telnet.h"

#define MAX_PORTS 4
#define CONNECT_TIMEOUT_MS 120000

struct port {
	const char *name;
	const char *path;
	int fd;
	int telnet;		/* path is telnet:HOST:PORT */
	struct telnet tn;
	FILE *log;
	struct console_lines lines;
	char partial[4096];	/* DIR/NAME.partial */
	char shown[CONSOLE_LINE_MAX];	/* what it holds */
	size_t shown_len;
};

/* Typed input: a FIFO (or stdin) whose bytes go to one port. */
struct input {
	int fd;
	int port;
};

static struct port ports[MAX_PORTS];
static int nports;
static struct input inputs[MAX_PORTS];
static int ninputs;
static int echo;
static struct timespec t0;

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "tkcon: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
}

static void msleep(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

/* QEMU creates the sockets when it starts: retry until they exist. */
static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	long waited = 0;

	if (strlen(path) >= sizeof(sa.sun_path))
		die("socket path too long: %s", path);
	strcpy(sa.sun_path, path);
	for (;;) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
			die("socket: %s", strerror(errno));
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			return fd;
		close(fd);
		if (waited >= CONNECT_TIMEOUT_MS)
			die("cannot connect to %s", path);
		msleep(20);
		waited += 20;
	}
}

/* ADDR is HOST:PORT; the server may not listen yet: retry. */
static int connect_tcp(const char *addr)
{
	char host[256];
	const char *colon = strrchr(addr, ':');
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
	long waited = 0;
	int err;

	if (!colon || colon == addr || !colon[1] ||
	    (size_t)(colon - addr) >= sizeof(host))
		die("telnet:%s: expected telnet:HOST:PORT", addr);
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	err = getaddrinfo(host, colon + 1, &hints, &ai);
	if (err)
		die("telnet:%s: %s", addr, gai_strerror(err));
	for (;;) {
		for (a = ai; a; a = a->ai_next) {
			int fd = socket(a->ai_family,
					a->ai_socktype | SOCK_CLOEXEC,
					a->ai_protocol);

			if (fd < 0)
				continue;
			if (!connect(fd, a->ai_addr, a->ai_addrlen)) {
				freeaddrinfo(ai);
				return fd;
			}
			close(fd);
		}
		if (waited >= CONNECT_TIMEOUT_MS)
			die("cannot connect to telnet:%s", addr);
		msleep(20);
		waited += 20;
	}
}

static int connect_port(struct port *p)
{
	if (!strncmp(p->path, "telnet:", 7)) {
		p->telnet = 1;
		telnet_init(&p->tn);
		return connect_tcp(p->path + 7);
	}
	return connect_unix(p->path);
}

static void emit(void *ctx, const char *line, size_t len)
{
	struct port *p = ctx;
	double t = now();

	fprintf(p->log, "%.6f %.*s\n", t, (int)len, line);
	fflush(p->log);
	if (echo) {
		printf("[%s] %9.3f %.*s\n", p->name, t, (int)len, line);
		fflush(stdout);
	}
}

static void usage(void)
{
	fprintf(stderr,
		"Usage: tkcon -d DIR [-e] [-i NAME] [-f FIFO] NAME=SOCKET...\n"
		"  SOCKET   a unix socket's path, or telnet:HOST:PORT\n"
		"  -d DIR   write NAME.log files here (time-stamped lines)\n"
		"  -e       also show the lines live, prefixed [NAME]\n"
		"  -i NAME  forward standard input to port NAME\n"
		"  -f FIFO  forward what is written to FIFO to the input port\n"
		"  -F NAME=FIFO  forward what is written to FIFO to port NAME\n"
		"           (repeatable)\n"
		"DIR/NAME.partial holds the line port NAME has not ended yet.\n");
	exit(2);
}

static void write_all(int fd, const char *buf, ssize_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, (size_t)n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		buf += w;
		n -= w;
	}
}

/*
 * DIR/NAME.partial: the port's line not ended yet, written to a temporary
 * file and renamed over, so a reader sees the old text or the new, whole.
 */
static void show_partial(struct port *p, int force)
{
	char tmp[4096 + 8];
	size_t len;
	const char *text = console_lines_pending(&p->lines, &len);
	FILE *f;

	if (!force && len == p->shown_len && !memcmp(text, p->shown, len))
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", p->partial);
	f = fopen(tmp, "w");
	if (!f)
		die("%s: %s", tmp, strerror(errno));
	if (len && fwrite(text, 1, len, f) != len)
		die("%s: %s", tmp, strerror(errno));
	if (fclose(f))
		die("%s: %s", tmp, strerror(errno));
	if (rename(tmp, p->partial))
		die("%s: %s", p->partial, strerror(errno));
	memcpy(p->shown, text, len);
	p->shown_len = len;
}

/* Open FIFO for reading and forward it to port NAME. */
static void add_input(const char *name, const char *fifo)
{
	int fd = STDIN_FILENO, port = -1;

	for (int i = 0; i < nports; i++)
		if (!strcmp(ports[i].name, name))
			port = i;
	if (port < 0)
		die("input for %s: no such port", name);
	if (fifo) {
		/* O_RDWR: never see EOF when a writer closes. */
		fd = open(fifo, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			die("cannot open FIFO %s: %s", fifo, strerror(errno));
	}
	inputs[ninputs].fd = fd;
	inputs[ninputs++].port = port;
}

/* Bytes typed on an input: to its port (telnet-escaped for a telnet one). */
static void forward(const struct input *in, const char *buf, ssize_t r)
{
	const struct port *p = &ports[in->port];

	if (p->fd < 0)
		return;
	if (p->telnet) {
		char esc[2 * 4096];

		write_all(p->fd, esc,
			  (ssize_t)telnet_escape(buf, (size_t)r, esc));
	} else {
		write_all(p->fd, buf, r);
	}
}

/*
 * DIR/clock0: the wall-clock time of the logs' zero, so that the host's
 * own time stamps (a probe's, in epoch seconds) line up with the lines.
 */
static void write_clock0(const char *dir)
{
	struct timespec real;
	char path[4096];
	double zero;
	FILE *f;

	clock_gettime(CLOCK_REALTIME, &real);
	zero = (double)real.tv_sec + real.tv_nsec / 1e9 - now();
	snprintf(path, sizeof(path), "%s/clock0", dir);
	f = fopen(path, "w");
	if (!f)
		die("%s: %s", path, strerror(errno));
	fprintf(f, "%.6f\n", zero);
	if (fclose(f))
		die("%s: %s", path, strerror(errno));
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *input = NULL, *fifo = NULL;
	char *fifos[MAX_PORTS];
	struct pollfd pfd[2 * MAX_PORTS];
	int nfifos = 0, open_ports, opt;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	signal(SIGPIPE, SIG_IGN);
	while ((opt = getopt(argc, argv, "d:ei:f:F:h")) != -1) {
		switch (opt) {
		case 'd': dir = optarg; break;
		case 'e': echo = 1; break;
		case 'i': input = optarg; break;
		case 'f': fifo = optarg; break;
		case 'F':
			if (nfifos == MAX_PORTS || !strchr(optarg, '=') ||
			    optarg[0] == '=')
				usage();
			fifos[nfifos++] = optarg;
			break;
		default: usage();
		}
	}
	if (!dir || optind == argc)
		usage();
	write_clock0(dir);
	for (; optind < argc; optind++) {
		char *eq = strchr(argv[optind], '=');
		char logpath[4096];

		if (!eq || eq == argv[optind] || nports == MAX_PORTS)
			usage();
		*eq = '\0';
		ports[nports].name = argv[optind];
		ports[nports].path = eq + 1;
		snprintf(logpath, sizeof(logpath), "%s/%s.log", dir, argv[optind]);
		ports[nports].log = fopen(logpath, "w");
		if (!ports[nports].log)
			die("cannot write %s", logpath);
		console_lines_init(&ports[nports].lines, emit, &ports[nports]);
		snprintf(ports[nports].partial, sizeof(ports[nports].partial),
			 "%s/%s.partial", dir, argv[optind]);
		show_partial(&ports[nports], 1);
		nports++;
	}
	for (int i = 0; i < nports; i++)
		ports[i].fd = connect_port(&ports[i]);

	if (input)
		add_input(input, fifo);
	for (int i = 0; i < nfifos; i++) {
		char *eq = strchr(fifos[i], '=');

		*eq = '\0';
		add_input(fifos[i], eq + 1);
	}

	open_ports = nports;
	while (open_ports > 0) {
		char buf[4096];
		int n = 0;

		for (int i = 0; i < nports; i++) {
			pfd[n].fd = ports[i].fd;
			pfd[n++].events = POLLIN;
		}
		for (int i = 0; i < ninputs; i++) {
			pfd[n].fd = inputs[i].fd;
			pfd[n++].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		for (int i = 0; i < nports; i++) {
			ssize_t r;

			if (!pfd[i].revents)
				continue;
			r = read(ports[i].fd, buf, sizeof(buf));
			if (r > 0) {
				size_t len = (size_t)r;

				if (ports[i].telnet)
					len = telnet_filter(&ports[i].tn, buf,
							    len, buf);
				console_lines_feed(&ports[i].lines, buf, len);
				show_partial(&ports[i], 0);
				continue;
			}
			if (r < 0 && errno == EINTR)
				continue;
			console_lines_flush(&ports[i].lines);
			show_partial(&ports[i], 0);
			close(ports[i].fd);
			ports[i].fd = -1;	/* poll ignores it from now on */
			open_ports--;
		}
		for (int i = 0; i < ninputs; i++) {
			ssize_t r;

			if (inputs[i].fd < 0 || !pfd[nports + i].revents)
				continue;
			r = read(inputs[i].fd, buf, sizeof(buf));
			if (r > 0)
				forward(&inputs[i], buf, r);
			else if (r == 0)
				inputs[i].fd = -1;	/* stdin closed */
		}
	}
	for (int i = 0; i < nports; i++)
		fclose(ports[i].log);
	return 0;
}
