// SPDX-License-Identifier: GPL-2.0
/*
 * redis-probe: a Redis client for the live-upgrade tests and benchmarks.
 * It holds one TCP connection to a Redis server (in the guest being moved
 * to a new kernel, reached through QEMU's hostfwd) and sends a request
 * every interval, one at a time, timing every reply and checking it
 * against what the server must hold: it sees a lost connection, a lost
 * write, a corrupt value or reply, and the longest gap between replies.
 *
 *   redis-probe [options] HOST PORT
 */
#include <getopt.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: redis-probe [options] HOST PORT\n"
		"One connection to a Redis server; INCR tk:counter, SET tk:v:K and GET of\n"
		"an earlier key in turn, one request at a time, every reply timed and checked.\n"
		"  --interval MS     from one request's send to the next's (default 5;\n"
		"                    a reply later than that: the next at once)\n"
		"  --timeout MS      no reply for this long is a failure (default 30000)\n"
		"  --duration S      stop after S seconds (default: at SIGTERM or SIGINT)\n"
		"  --log FILE        a line per reply: t_send_s t_reply_s latency_ms OP ok|fail\n"
		"  --status FILE     key=value figures, rewritten every 100 ms\n"
		"  --reconnect       on a lost connection, count the request in flight as\n"
		"                    failed and reconnect (else: exit 1)\n"
		"  --check-at-start  a check round once connected\n"
		"  -h, --help        this help\n"
		"SIGUSR1: a check round, a 'check:' line on stdout. SIGTERM, SIGINT or the\n"
		"duration's end: a final check and a 'summary:' line; a second signal stops\n"
		"without waiting for a reply.\n"
		"Exit status: 0 passed, 1 failed or an error, 2 bad usage.\n");
}

__attribute__((noreturn, format(printf, 1, 2)))
static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "redis-probe: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	usage(stderr);
	exit(2);
}

/* A number of OPTION at least MIN (above it when OPEN), at most MAX. */
static double number(const char *option, const char *s, double min, int open,
		     double max)
{
	char *end;
	double v = strtod(s, &end);

	if (!*s || *end || !isfinite(v) || v < min || (open && v == min) ||
	    v > max)
		usage_error("bad %s '%s'", option, s);
	return v;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "timeout", required_argument, NULL, 't' },
		{ "duration", required_argument, NULL, 'd' },
		{ "log", required_argument, NULL, 'l' },
		{ "status", required_argument, NULL, 's' },
		{ "reconnect", no_argument, NULL, 'r' },
		{ "check-at-start", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct probe_opts o = {
		.interval_ms = 5,
		.timeout_ms = 30000,
	};
	char *end;
	long port;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o.interval_ms = number("--interval", optarg, 0, 0, 3600e3);
			break;
		case 't':
			o.timeout_ms = number("--timeout", optarg, 0, 1, 86400e3);
			break;
		case 'd':
			o.duration_s = number("--duration", optarg, 0, 1, 1e9);
			break;
		case 'l':
			o.log_path = optarg;
			break;
		case 's':
			o.status_path = optarg;
			break;
		case 'r':
			o.reconnect = 1;
			break;
		case 'c':
			o.check_at_start = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			if (optopt)
				usage_error("unknown option '-%c'", optopt);
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		usage_error("expected HOST and PORT");
	o.host = argv[optind];
	o.port = argv[optind + 1];
	port = strtol(o.port, &end, 10);
	if (!*o.port || *end || port < 1 || port > 65535)
		usage_error("bad port '%s'", o.port);
	return probe_run(&o);
}
