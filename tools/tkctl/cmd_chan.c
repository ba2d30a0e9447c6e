// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl send, recv and ping: messages over the channel between the two
 * kernels (/dev/twin, in A and in B alike). One write is one message; a
 * peer that is down is ENOTCONN, which is said in words.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "options.h"
#include "parse.h"
#include "tkctl.h"
#include "twinctl.h"

static int open_chan(const char *cmd, int flags)
{
	int fd = open(TK_CHAN_DEV, flags | O_CLOEXEC);

	if (fd < 0)
		tk_err(cmd, "%s: %s%s", TK_CHAN_DEV, strerror(errno),
		       errno == ENOENT ? " (no channel: is twin memory reserved, or is this B without one?)" : "");
	return fd;
}

static void chan_error(const char *cmd, const char *what, int err)
{
	tk_err(cmd, "%s: %s%s", what, strerror(err),
	       err == ENOTCONN ? " (the other kernel is not running or not attached)" :
	       err == EIO ? " (the other kernel corrupted the ring: see dmesg; it works again after the next start of B)" :
	       err == EMSGSIZE ? " (larger than the channel allows)" : "");
}

static int send_one(int fd, const char *msg, size_t len)
{
	ssize_t n = write(fd, msg, len);

	if (n < 0) {
		chan_error("send", TK_CHAN_DEV, errno);
		return -1;
	}
	return 0;
}

int cmd_send(int argc, char **argv)
{
	enum { NONBLOCK = TK_OPT_LONG_ONLY };
	static const struct option longopts[] = {
		{ "nonblock", no_argument, NULL, NONBLOCK },
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts opts = {
		.cmd = tk_find_command("send"), .argc = argc, .argv = argv,
		.shortopts = "h", .longopts = longopts,
	};
	int flags = O_WRONLY, first, c, fd, ret = TK_EXIT_OK;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((c = tk_opts_next(&opts)) >= 0)
		if (c == NONBLOCK)
			flags |= O_NONBLOCK;
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	first = optind;		/* the messages, options taken out */
	for (int i = first; i < argc; i++) {
		if (strlen(argv[i]) > TWIN_MSG_MAX) {
			tk_err("send", "message %d is %zu bytes, more than %d",
			       i - first + 1, strlen(argv[i]), TWIN_MSG_MAX);
			return TK_EXIT_USAGE;
		}
	}
	fd = open_chan("send", flags);
	if (fd < 0)
		return TK_EXIT_FAIL;
	if (first < argc) {
		for (int i = first; i < argc && ret == TK_EXIT_OK; i++)
			if (send_one(fd, argv[i], strlen(argv[i])))
				ret = TK_EXIT_FAIL;
	} else {
		/* No arguments: each line of standard input is a message. */
		while (ret == TK_EXIT_OK && (n = getline(&line, &cap, stdin)) >= 0) {
			if (n && line[n - 1] == '\n')
				line[--n] = '\0';
			if (n && send_one(fd, line, (size_t)n))
				ret = TK_EXIT_FAIL;
		}
		free(line);
	}
	close(fd);
	return ret;
}

int cmd_recv(int argc, char **argv)
{
	enum { TIMEOUT = TK_OPT_LONG_ONLY, NONBLOCK };
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, TIMEOUT },
		{ "nonblock", no_argument, NULL, NONBLOCK },
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts opts = {
		.cmd = tk_find_command("recv"), .argc = argc, .argv = argv,
		.shortopts = "hn:", .longopts = longopts,
	};
	unsigned long count = 0, timeout_s = 0, got = 0;
	int flags = O_RDONLY, c, fd, ret = TK_EXIT_OK;
	static char buf[TWIN_MSG_MAX];
	struct pollfd p;
	ssize_t n;

	while ((c = tk_opts_next(&opts)) >= 0) {
		switch (c) {
		case NONBLOCK:
			flags |= O_NONBLOCK;
			break;
		case 'n':
			if (tk_parse_ulong(optarg, 1, 1UL << 40, &count)) {
				tk_err("recv", "bad count '%s' for -n (1..%lu)",
				       optarg, 1UL << 40);
				return TK_EXIT_USAGE;
			}
			break;
		case TIMEOUT:
			if (tk_parse_ulong(optarg, 1, 86400, &timeout_s)) {
				tk_err("recv", "bad timeout '%s' for --timeout (seconds, 1..86400)",
				       optarg);
				return TK_EXIT_USAGE;
			}
			break;
		}
	}
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	if (tk_opts_no_operands(&opts))
		return TK_EXIT_USAGE;
	fd = open_chan("recv", flags);
	if (fd < 0)
		return TK_EXIT_FAIL;
	while (!count || got < count) {
		if (timeout_s) {
			p.fd = fd;
			p.events = POLLIN;
			n = poll(&p, 1, (int)(timeout_s * 1000));
			if (n == 0) {
				tk_err("recv", "no message within %lu s", timeout_s);
				ret = TK_EXIT_FAIL;
				break;
			}
		}
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			chan_error("recv", TK_CHAN_DEV, errno);
			ret = TK_EXIT_FAIL;
			break;
		}
		fwrite(buf, 1, (size_t)n, stdout);
		putchar('\n');
		fflush(stdout);
		got++;
	}
	close(fd);
	return ret;
}

static volatile int ping_stop;

static void on_interrupt(int sig)
{
	(void)sig;
	ping_stop = 1;
}

static double ms(unsigned long long ns)
{
	return (double)ns / 1e6;
}

int cmd_ping(int argc, char **argv)
{
	static const struct option longopts[] = {
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts opts = {
		.cmd = tk_find_command("ping"), .argc = argc, .argv = argv,
		.shortopts = "hc:s:i:W:", .longopts = longopts,
	};
	unsigned long count = 0, size = 56, interval_ms = 1000, wait_ms = 1000;
	unsigned long sent = 0, recvd = 0;
	double min = 0, max = 0, sum = 0, sum2 = 0, avg, mdev;
	struct twin_ping_args a;
	struct sigaction sa = { .sa_handler = on_interrupt };
	struct timespec gap;
	int c, fd;

	while ((c = tk_opts_next(&opts)) >= 0) {
		unsigned long *dst, lo = 1, hi = 60000;

		switch (c) {
		case 'c': dst = &count; hi = 1000000000UL; break;
		case 's': dst = &size; lo = 8; hi = 256; break;
		case 'i': dst = &interval_ms; lo = 0; break;
		case 'W': dst = &wait_ms; break;
		default: continue;
		}
		if (tk_parse_ulong(optarg, lo, hi, dst)) {
			tk_err("ping", "bad value '%s' for -%c (%lu..%lu)", optarg,
			       c, lo, hi);
			return TK_EXIT_USAGE;
		}
	}
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	if (tk_opts_no_operands(&opts))
		return TK_EXIT_USAGE;
	fd = open_chan("ping", O_RDWR);
	if (fd < 0)
		return TK_EXIT_FAIL;
	sigaction(SIGINT, &sa, NULL);	/* no SA_RESTART: stop, then the summary */
	printf("PING the other kernel over %s: %lu bytes\n", TK_CHAN_DEV, size);
	while (!ping_stop && (!count || sent < count)) {
		memset(&a, 0, sizeof(a));
		a.size = (unsigned int)size;
		a.timeout_ms = (unsigned int)wait_ms;
		sent++;
		if (ioctl(fd, TWIN_CHAN_IOC_PING, &a)) {
			if (errno == EINTR && ping_stop) {
				sent--;
				break;
			}
			if (errno == ETIMEDOUT) {
				printf("seq=%lu: no answer within %lu ms\n", sent, wait_ms);
			} else {
				fflush(stdout);	/* the error after what came before */
				chan_error("ping", TK_CHAN_DEV, errno);
				break;
			}
		} else {
			double t = ms(a.rtt_ns);

			if (!recvd || t < min)
				min = t;
			if (t > max)
				max = t;
			sum += t;
			sum2 += t * t;
			recvd++;
			if (interval_ms)
				printf("%lu bytes: seq=%lu time=%.3f ms\n", size, sent, t);
		}
		if (interval_ms)
			fflush(stdout);	/* one line a ping, also into a pipe */
		if (interval_ms && (!count || sent < count)) {
			gap.tv_sec = (time_t)(interval_ms / 1000);
			gap.tv_nsec = (long)(interval_ms % 1000) * 1000000L;
			nanosleep(&gap, NULL);
		}
	}
	close(fd);
	printf("--- ping statistics ---\n");
	printf("%lu sent, %lu received, %lu%% loss\n", sent, recvd,
	       sent ? (sent - recvd) * 100 / sent : 0);
	if (recvd) {
		avg = sum / (double)recvd;
		mdev = sqrt(sum2 / (double)recvd - avg * avg);
		printf("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", min, avg,
		       max, mdev);
	}
	return recvd == sent && sent ? TK_EXIT_OK : TK_EXIT_FAIL;
}
