// SPDX-License-Identifier: GPL-2.0
/*
 * tkxfer: a small TCP client and server to measure throughput, run inside
 * the guests (over twin0, or over loopback as the baseline).
 *
 *   tkxfer listen PORT       accept one connection, copy it to stdout
 *   tkxfer send HOST PORT    copy stdin to HOST:PORT (IPv4)
 *
 * Both print "tkxfer: bytes=N seconds=S MBps=R" on stderr when done; the
 * receiver's figure counts from the first byte to the end of the stream.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static char buf[256 * 1024];

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int port_of(const char *s)
{
	char *end;
	long p = strtol(s, &end, 10);

	if (!*s || *end || p < 1 || p > 65535) {
		fprintf(stderr, "tkxfer: bad port '%s'\n", s);
		exit(2);
	}
	return (int)p;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy @in to @out; the clock starts at the first byte. */
static int copy(int in, int out, const char *what)
{
	uint64_t total = 0;
	double t0 = 0, t;
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "tkxfer: %s: read: %s\n", what, strerror(errno));
			return 1;
		}
		if (!total)
			t0 = now_s();
		if (write_all(out, buf, (size_t)n)) {
			fprintf(stderr, "tkxfer: %s: write: %s\n", what, strerror(errno));
			return 1;
		}
		total += (uint64_t)n;
	}
	t = total ? now_s() - t0 : 0;
	fprintf(stderr, "tkxfer: %s bytes=%llu seconds=%.3f MBps=%.2f\n", what,
		(unsigned long long)total, t, t > 0 ? (double)total / t / 1e6 : 0.0);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int one = 1, s, c, ret;

	if (argc == 3 && !strcmp(argv[1], "listen")) {
		sa.sin_port = htons((uint16_t)port_of(argv[2]));
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(s, (struct sockaddr *)&sa, sizeof(sa)) || listen(s, 1)) {
			fprintf(stderr, "tkxfer: listen on port %s: %s\n", argv[2],
				strerror(errno));
			return 1;
		}
		fprintf(stderr, "tkxfer: listening on port %s\n", argv[2]);
		c = accept(s, NULL, NULL);
		if (c < 0) {
			fprintf(stderr, "tkxfer: accept: %s\n", strerror(errno));
			return 1;
		}
		ret = copy(c, STDOUT_FILENO, "received");
		close(c);
		close(s);
		return ret;
	}
	if (argc == 4 && !strcmp(argv[1], "send")) {
		sa.sin_port = htons((uint16_t)port_of(argv[3]));
		if (inet_pton(AF_INET, argv[2], &sa.sin_addr) != 1) {
			fprintf(stderr, "tkxfer: bad IPv4 address '%s'\n", argv[2]);
			return 2;
		}
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa))) {
			fprintf(stderr, "tkxfer: connect to %s:%s: %s\n", argv[2],
				argv[3], strerror(errno));
			return 1;
		}
		ret = copy(STDIN_FILENO, s, "sent");
		close(s);
		return ret;
	}
	fprintf(stderr, "usage: tkxfer listen PORT | tkxfer send HOST PORT\n");
	return 2;
}
