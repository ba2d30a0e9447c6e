// SPDX-License-Identifier: GPL-2.0
/*
 * tkstream: test and benchmark helper for the channel's /dev/twin, run
 * inside the guests.
 *
 *   tkstream send N            N messages, each with a sequence number,
 *                              its length and a checksum of its payload
 *   tkstream recv N|--until-down [--timeout S]
 *                              read and check them: nothing lost,
 *                              duplicated, reordered or corrupted
 *   tkstream echo              send every message back (for rtt)
 *   tkstream rtt N             N round trips through the peer's echo
 *   tkstream pipe-rtt N        N round trips between two processes over
 *                              pipes in this kernel (the baseline)
 *   tkstream short-read SIZE   read the next message with a SIZE-byte
 *                              buffer (must fail with EMSGSIZE), then
 *                              with a big one (must give it whole)
 *   tkstream pollout S TEXT    the ring to the peer must be too full for
 *                              a largest message now, POLLOUT must come
 *                              within S seconds, and then a non-blocking
 *                              write of TEXT must go in
 *
 * Results are single "tkstream: key=value ..." lines for the test scripts.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEV		"/dev/twin"
#define MAGIC		0x4d53544bu	/* "KTSM" */
#define HDR		16
#define MAX_MSG		65536
#define RTT_SIZE	56

struct msg_hdr {
	uint32_t magic, seq, len, sum;
};

static uint8_t buf[MAX_MSG];

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static uint32_t fnv(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* Length and contents are functions of the sequence number. */
static uint32_t msg_len(uint32_t seq)
{
	return HDR + (seq * 2654435761u) % 241;
}

static void fill(uint32_t seq, uint8_t *p, uint32_t len)
{
	uint32_t x = seq * 747796405u + 2891336453u;

	for (uint32_t i = HDR; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
}

static int open_dev(int flags)
{
	int fd = open(DEV, flags | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "tkstream: %s: %s\n", DEV, strerror(errno));
		exit(1);
	}
	return fd;
}

static unsigned long arg_num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end) {
		fprintf(stderr, "tkstream: '%s' is not a number\n", s);
		exit(2);
	}
	return v;
}

static int do_send(unsigned long n)
{
	int fd = open_dev(O_WRONLY);
	uint64_t t0 = now_ns();
	struct msg_hdr h;

	for (uint32_t seq = 0; seq < n; seq++) {
		uint32_t len = msg_len(seq);

		fill(seq, buf, len);
		h.magic = MAGIC;
		h.seq = seq;
		h.len = len;
		h.sum = fnv(buf + HDR, len - HDR);
		memcpy(buf, &h, HDR);
		if (write(fd, buf, len) != (ssize_t)len) {
			printf("tkstream: send failed after %u messages: %s\n", seq,
			       strerror(errno));
			return 1;
		}
	}
	printf("tkstream: sent=%lu seconds=%.3f\n", n, (double)(now_ns() - t0) / 1e9);
	return 0;
}

static int do_recv(unsigned long n, int until_down, unsigned long timeout_s)
{
	unsigned long got = 0, lost = 0, dup = 0, reorder = 0, corrupt = 0;
	int fd = open_dev(O_RDONLY), err = 0;
	uint64_t t0 = now_ns();
	uint32_t expect = 0;
	struct msg_hdr h;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t r;

	while (until_down || got < n) {
		if (timeout_s && poll(&p, 1, (int)timeout_s * 1000) == 0) {
			err = ETIMEDOUT;
			break;
		}
		r = read(fd, buf, sizeof(buf));
		if (r < 0) {
			err = errno;
			break;
		}
		got++;
		memcpy(&h, buf, HDR < r ? HDR : (size_t)r);
		if (r < HDR || h.magic != MAGIC || h.len != (uint32_t)r ||
		    h.len != msg_len(h.seq) || h.sum != fnv(buf + HDR, (size_t)r - HDR)) {
			corrupt++;
			expect++;
			continue;
		}
		if (h.seq > expect)
			lost += h.seq - expect;
		else if (h.seq < expect && h.seq + 1 == expect)
			dup++;
		else if (h.seq < expect)
			reorder++;
		expect = h.seq + 1;
	}
	printf("tkstream: received=%lu lost=%lu dup=%lu reordered=%lu corrupt=%lu seconds=%.3f end=%s\n",
	       got, lost, dup, reorder, corrupt, (double)(now_ns() - t0) / 1e9,
	       err ? strerror(err) : "count");
	fflush(stdout);
	if (until_down)
		return err == ENOTCONN && !lost && !dup && !reorder && !corrupt ? 0 : 1;
	return got == n && !lost && !dup && !reorder && !corrupt ? 0 : 1;
}

static int do_echo(void)
{
	int fd = open_dev(O_RDWR);
	ssize_t r;

	while ((r = read(fd, buf, sizeof(buf))) >= 0)
		if (write(fd, buf, (size_t)r) != r)
			break;
	printf("tkstream: echo ends: %s\n", strerror(errno));
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, uint64_t *t, unsigned long n)
{
	double sum = 0;

	qsort(t, n, sizeof(*t), cmp_u64);
	for (unsigned long i = 0; i < n; i++)
		sum += (double)t[i];
	printf("tkstream: %s n=%lu min_us=%.1f median_us=%.1f avg_us=%.1f max_us=%.1f\n",
	       what, n, (double)t[0] / 1e3, (double)t[n / 2] / 1e3,
	       sum / (double)n / 1e3, (double)t[n - 1] / 1e3);
}

/* Round trips of RTT_SIZE bytes: write on @out, read back on @in. */
static int round_trips(const char *what, int in, int out, unsigned long n)
{
	uint64_t *t = calloc(n, sizeof(*t));

	if (!t || !n)
		return 1;
	memset(buf, 0x5a, RTT_SIZE);
	for (unsigned long i = 0; i < n; i++) {
		uint64_t t0 = now_ns();

		if (write(out, buf, RTT_SIZE) != RTT_SIZE ||
		    read(in, buf, sizeof(buf)) != RTT_SIZE) {
			fprintf(stderr, "tkstream: %s round trip %lu: %s\n", what, i,
				strerror(errno));
			free(t);
			return 1;
		}
		t[i] = now_ns() - t0;
	}
	report(what, t, n);
	free(t);
	return 0;
}

static int do_rtt(unsigned long n)
{
	int fd = open_dev(O_RDWR);

	return round_trips("twin-rtt", fd, fd, n);
}

static int do_pipe_rtt(unsigned long n)
{
	int to_child[2], to_parent[2], ret, status;
	pid_t pid;
	ssize_t r;

	if (pipe(to_child) || pipe(to_parent))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		/* Only our ends: EOF comes when the parent closes its end. */
		close(to_child[1]);
		close(to_parent[0]);
		while ((r = read(to_child[0], buf, sizeof(buf))) > 0)
			if (write(to_parent[1], buf, (size_t)r) != r)
				break;
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	ret = round_trips("pipe-rtt", to_parent[0], to_child[1], n);
	close(to_child[1]);
	waitpid(pid, &status, 0);
	return ret;
}

static int do_short_read(unsigned long size)
{
	int fd = open_dev(O_RDONLY);
	ssize_t r;

	if (size >= sizeof(buf))
		return 2;
	r = read(fd, buf, size);
	if (r >= 0 || errno != EMSGSIZE) {
		printf("tkstream: short-read of %lu: %zd (%s), expected EMSGSIZE\n",
		       size, r, r < 0 ? strerror(errno) : "no error");
		return 1;
	}
	r = read(fd, buf, sizeof(buf));
	printf("tkstream: short-read of %lu: EMSGSIZE; then got %zd bytes%s%.*s\n",
	       size, r, r > 0 ? ": " : "", r > 0 ? (int)(r < 60 ? r : 60) : 0,
	       (const char *)buf);
	return r > (ssize_t)size ? 0 : 1;
}

static int do_pollout(unsigned long timeout_s, const char *text)
{
	int fd = open_dev(O_WRONLY | O_NONBLOCK);
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	uint64_t t0 = now_ns();
	size_t len = strlen(text);
	int n;

	n = poll(&p, 1, 0);
	if (n != 0) {
		printf("tkstream: pollout: writable at once (revents 0x%x), expected a full ring\n",
		       n > 0 ? p.revents : 0);
		return 1;
	}
	n = poll(&p, 1, (int)(timeout_s * 1000));
	if (n != 1 || p.revents != POLLOUT) {
		printf("tkstream: pollout: poll gave %d (revents 0x%x) within %lu s, expected POLLOUT\n",
		       n, n > 0 ? p.revents : 0, timeout_s);
		return 1;
	}
	printf("tkstream: pollout: not writable at first, POLLOUT after %.3f s\n",
	       (double)(now_ns() - t0) / 1e9);
	if (write(fd, text, len) != (ssize_t)len) {
		printf("tkstream: pollout: the write after POLLOUT failed: %s\n",
		       strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "send"))
		return do_send(arg_num(argv[2]));
	if (argc >= 3 && !strcmp(argv[1], "recv")) {
		int until_down = !strcmp(argv[2], "--until-down");
		unsigned long timeout_s = 0;

		if (argc == 5 && !strcmp(argv[3], "--timeout"))
			timeout_s = arg_num(argv[4]);
		return do_recv(until_down ? 0 : arg_num(argv[2]), until_down,
			       timeout_s);
	}
	if (argc == 2 && !strcmp(argv[1], "echo"))
		return do_echo();
	if (argc == 3 && !strcmp(argv[1], "rtt"))
		return do_rtt(arg_num(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "pipe-rtt"))
		return do_pipe_rtt(arg_num(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "short-read"))
		return do_short_read(arg_num(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "pollout"))
		return do_pollout(arg_num(argv[2]), argv[3]);
	fprintf(stderr,
		"usage: tkstream send N | recv N|--until-down [--timeout S] | echo |\n"
		"       rtt N | pipe-rtt N | short-read SIZE | pollout S TEXT\n");
	return 2;
}
