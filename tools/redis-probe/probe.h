/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The probe's loop: one connection, one request at a time, every reply
 * timed and checked (model.h), gaps and latencies measured (stats.h).
 */
#ifndef PROBE_H
#define PROBE_H

struct probe_opts {
	const char *host, *port;
	double interval_ms;	/* from one request's send to the next's */
	double timeout_ms;	/* no reply for this long: a failure */
	double duration_s;	/* 0: until SIGTERM or SIGINT */
	int reconnect;		/* go on after a lost connection */
	int check_at_start;
	const char *log_path;	/* a line per reply, or NULL */
	const char *status_path;	/* key=value figures, or NULL */
};

/* Run until the duration ends, a stop signal, or a fatal error: the exit
 * status (0 passed, 1 failed). */
int probe_run(const struct probe_opts *o);

#endif
