// SPDX-License-Identifier: GPL-2.0
/*
 * The probe's loop (probe.h). Single-threaded: every wait is a ppoll()
 * with a deadline, and the probe's signals are blocked except inside
 * ppoll(), so a signal is never lost between a check of its flag and the
 * wait, and no system call elsewhere is cut by one.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fields.h"
#include "model.h"
#include "net.h"
#include "probe.h"
#include "resp.h"
#include "stats.h"

#define STATUS_EVERY 0.1	/* seconds */
#define RETRY_EVERY 0.01	/* between reconnect attempts */
#define ATTEMPT_MAX 1.0		/* one connect attempt of a reconnect */

enum { RT_OK, RT_LOST, RT_ABORT };

static volatile sig_atomic_t stop_signals, check_signal;

static void on_stop(int sig)
{
	(void)sig;
	if (stop_signals < 2)
		stop_signals++;
}

static void on_usr1(int sig)
{
	(void)sig;
	check_signal = 1;
}

struct probe {
	const struct probe_opts *o;
	struct timespec t0;
	sigset_t waitmask;	/* during ppoll(): the probe's signals let in */
	struct net_addrs addrs;
	int fd;			/* -1: not connected */
	double connected_at;
	long long client_id;	/* the connection's, by CLIENT ID */
	char run_id[48];	/* the server's, by INFO server */
	long long lost_id;	/* a connection lost with a request in flight */
	char lost_run_id[48];
	struct resp_parser *rp;
	const struct resp_value *reply;
	struct model m;
	struct stats st;
	unsigned long long requests, replies, failures, reconnects;
	unsigned long long corrupt;	/* protocol errors, data unasked */
	unsigned long long checks_failed;
	int final_check;	/* the final check ran: last_check is it */
	struct model_check last_check;
	int fatal;
	FILE *log;
	double t_send, t_reply;	/* of the last request */
	double next_status, end;
	int status_warned;
	char why[512];		/* what went wrong with the connection */
	char last_retry_why[512];
};

static double now(const struct probe *p)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - p->t0.tv_sec) +
	       (double)(t.tv_nsec - p->t0.tv_nsec) / 1e9;
}

/* What the probe saw, time-stamped, on stderr. */
__attribute__((format(printf, 2, 3)))
static void report(const struct probe *p, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "redis-probe: at %.3f s: ", now(p));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Wait on PFD[0..N) for up to SECONDS, the probe's signals let in. */
static int wait_fds(struct probe *p, struct pollfd *pfd, nfds_t n, double seconds)
{
	struct timespec ts;
	int r;

	if (seconds < 0)
		seconds = 0;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	r = ppoll(pfd, n, &ts, &p->waitmask);
	if (r < 0 && errno != EINTR) {
		fprintf(stderr, "redis-probe: ppoll: %s\n", strerror(errno));
		exit(1);
	}
	return r;
}

static void write_status(struct probe *p)
{
	char tmp[4096], buf[1024];
	int fd, n;

	n = snprintf(buf, sizeof(buf),
		     "requests=%llu\nreplies=%llu\nacked_incr=%llu\n"
		     "failures=%llu\nreconnects=%llu\nmax_gap_ms=%.3f\n"
		     "max_gap_at_s=%.6f\nlast_reply_s=%.6f\n"
		     "connected_since_s=%.6f\n",
		     p->requests, p->replies, p->m.acked_incr, p->failures,
		     p->reconnects, p->st.max_gap * 1e3, p->st.max_gap_at,
		     p->replies ? p->st.last_reply : -1.0,
		     p->fd >= 0 ? p->connected_at : -1.0);
	snprintf(tmp, sizeof(tmp), "%s.tmp", p->o->status_path);
	/* A whole file or none for a reader: write aside, then rename. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, (size_t)n) != n || close(fd) ||
	    rename(tmp, p->o->status_path)) {
		if (!p->status_warned)
			fprintf(stderr, "redis-probe: %s: %s\n",
				p->o->status_path, strerror(errno));
		p->status_warned = 1;
		if (fd >= 0)
			close(fd);
	}
}

/* Every STATUS_EVERY: the status file, and the log to disk. */
static void tick(struct probe *p)
{
	double t = now(p);

	if (t < p->next_status)
		return;
	p->next_status = t + STATUS_EVERY;
	if (p->o->status_path)
		write_status(p);
	if (p->log)
		fflush(p->log);
}

static void log_line(struct probe *p, const char *op, int ok)
{
	if (p->log)
		fprintf(p->log, "%.6f %.6f %.3f %s %s\n", p->t_send, p->t_reply,
			(p->t_reply - p->t_send) * 1e3, op, ok ? "ok" : "fail");
}

/*
 * Send REQ[0..LEN) and wait for its reply (p->reply), for up to the
 * timeout. RT_LOST: the connection is no good any more, p->why says why.
 * RT_ABORT: a second stop signal came meanwhile.
 */
static int roundtrip(struct probe *p, const char *req, size_t len)
{
	double deadline = now(p) + p->o->timeout_ms / 1e3;
	size_t sent = 0;
	char buf[4096];

	for (;;) {
		struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
		enum resp_status st;
		size_t used;
		ssize_t got;
		double t;

		while (sent < len) {
			ssize_t w = send(p->fd, req + sent, len - sent,
					 MSG_NOSIGNAL);

			if (w < 0 && (errno == EAGAIN || errno == EINTR))
				break;
			if (w <= 0) {
				snprintf(p->why, sizeof(p->why),
					 "connection lost: %s", strerror(errno));
				return RT_LOST;
			}
			sent += (size_t)w;
		}
		if (sent < len)
			pfd.events |= POLLOUT;
		t = now(p);
		if (t >= deadline) {
			snprintf(p->why, sizeof(p->why), "no reply for %.0f ms",
				 p->o->timeout_ms);
			return RT_LOST;
		}
		wait_fds(p, &pfd, 1, (deadline < p->next_status ?
				      deadline : p->next_status) - t);
		tick(p);
		if (stop_signals >= 2)
			return RT_ABORT;
		if (!(pfd.revents & (POLLIN | POLLERR | POLLHUP)))
			continue;
		got = recv(p->fd, buf, sizeof(buf), 0);
		if (got < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (got <= 0) {
			snprintf(p->why, sizeof(p->why), "connection lost: %s",
				 got ? strerror(errno) : "closed by the server");
			return RT_LOST;
		}
		st = resp_parse(p->rp, buf, (size_t)got, &used);
		if (st == RESP_MORE)
			continue;
		if (st == RESP_DONE && used == (size_t)got && sent == len) {
			p->reply = resp_reply(p->rp);
			return RT_OK;
		}
		/* One request at a time: more than its reply is out of step. */
		p->corrupt++;
		snprintf(p->why, sizeof(p->why), "protocol error: %s",
			 st == RESP_BAD ? resp_error(p->rp) :
			 "data after the reply");
		return RT_LOST;
	}
}

/* One counted request: timed, its reply a reply of the service. */
static int request(struct probe *p, const char *req, long len)
{
	int r;

	p->requests++;
	p->t_send = now(p);
	r = roundtrip(p, req, (size_t)len);
	p->t_reply = now(p);
	if (r == RT_OK) {
		p->replies++;
		stats_latency(&p->st, p->t_reply - p->t_send);
		stats_reply(&p->st, p->t_reply);
	} else {
		/* The gap up to the failure counts even if nothing follows. */
		stats_gap_to(&p->st, p->t_reply);
		if (r == RT_LOST)
			p->failures++;
	}
	return r;
}

static void disconnect(struct probe *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

/* The connection broke (p->why): fatal, or reconnect later. */
static void lost(struct probe *p, int rt)
{
	disconnect(p);
	if (rt == RT_ABORT)
		return;
	if (!p->o->reconnect) {
		fprintf(stderr, "redis-probe: %s (after %llu requests, %llu "
			"replies)\n", p->why, p->requests, p->replies);
		p->fatal = 1;
		return;
	}
	report(p, "%s; reconnecting", p->why);
	/* Its request may still sit in the server: kill it on reconnect. */
	if (p->m.has_unsure) {
		p->lost_id = p->client_id;
		memcpy(p->lost_run_id, p->run_id, sizeof(p->run_id));
	}
}

/* The next request of the model; a mismatch is reported, not fatal. */
static void model_op(struct probe *p)
{
	char req[MODEL_REQ_MAX], why[256];
	long len = model_next(&p->m, req, sizeof(req));
	const char *op = model_op_name(p->m.cur.op);
	enum model_result res;
	int r = request(p, req, len);

	if (r != RT_OK) {
		model_lost(&p->m);
		log_line(p, op, 0);
		lost(p, r);
		return;
	}
	res = model_reply(&p->m, p->reply, why, sizeof(why));
	log_line(p, op, res == MR_OK);
	if (res == MR_OK)
		return;
	p->failures++;
	report(p, "%s", why);
	if (res == MR_BAD) {
		p->corrupt++;
		model_lost(&p->m);
		snprintf(p->why, sizeof(p->why), "protocol error: %s", why);
		lost(p, RT_LOST);
	}
}

static long cmd(char *buf, size_t cap, int argc, const char *a, const char *b,
		const char *c)
{
	const char *argv[] = { a, b, c };

	return resp_encode(buf, cap, argc, argv, NULL);
}

/*
 * A counted request of a check round whose reply is text (INFO, CLIENT
 * INFO): the text, or NULL after an error reply or a lost connection.
 */
static const struct resp_value *check_text(struct probe *p, const char *op,
					   const char *a, const char *b)
{
	char req[64];
	long len = cmd(req, sizeof(req), 2, a, b, NULL);
	int r = request(p, req, len);

	if (r != RT_OK) {
		log_line(p, op, 0);
		lost(p, r);
		return NULL;
	}
	log_line(p, op, p->reply->type == RESP_BULK);
	if (p->reply->type == RESP_BULK)
		return p->reply;
	p->failures++;
	if (p->reply->type == RESP_ERROR) {
		report(p, "%s: error reply: %s", op, p->reply->str);
		return NULL;
	}
	p->corrupt++;
	snprintf(p->why, sizeof(p->why), "protocol error: %s: unexpected "
		 "reply (RESP type %d)", op, (int)p->reply->type);
	lost(p, RT_LOST);
	return NULL;
}

/* A field of TEXT for the check line: "?" when it is not there. */
static void text_field(const struct resp_value *text, const char *key,
		       char sep, const char *ends, char out[32])
{
	if (field_get(text->str, text->len, key, sep, ends, out, 32))
		strcpy(out, "?");
}

/*
 * A check round on the connection: the counter and every value written,
 * then who the server is and who it thinks this client is. Always one
 * line on stdout: "?" for what it could not learn, and then FAIL.
 */
static void check_round(struct probe *p, int final)
{
	char req[MODEL_REQ_MAX], why[256];
	char pid[32] = "?", uptime[32] = "?", age[32] = "?", id[32] = "?";
	char counter[32] = "?", values[32] = "?";
	const struct resp_value *text;
	struct model_check c;
	enum model_result res;
	long len = model_check_request(&p->m, req, sizeof(req));
	int same_client = 0, complete = 0, ok, r;

	memset(&c, 0, sizeof(c));
	if (len < 0)		/* not settled: the loop does not ask then */
		goto out;
	r = request(p, req, len);
	if (r != RT_OK) {
		log_line(p, "MGET", 0);
		lost(p, r);
		goto out;
	}
	res = model_check_reply(&p->m, p->reply, &c, why, sizeof(why));
	log_line(p, "MGET", res == MR_OK);
	if (res != MR_OK)
		report(p, "%s", why);
	if (res == MR_ERROR || res == MR_BAD) {
		p->failures++;
		if (res == MR_BAD) {
			p->corrupt++;
			snprintf(p->why, sizeof(p->why), "protocol error: %s", why);
			lost(p, RT_LOST);
		}
		goto out;
	}
	if (c.counter_state == 1)
		snprintf(counter, sizeof(counter), "%lld", c.counter);
	else
		snprintf(counter, sizeof(counter), "%s",
			 c.counter_state ? "bad" : "nil");
	snprintf(values, sizeof(values), "%u/%u", c.verified, c.total);
	text = check_text(p, "INFO", "INFO", "server");
	if (!text)
		goto out;
	text_field(text, "process_id", ':', "\r\n", pid);
	text_field(text, "uptime_in_seconds", ':', "\r\n", uptime);
	text = check_text(p, "CLIENT", "CLIENT", "INFO");
	if (!text)
		goto out;
	text_field(text, "id", '=', " \r\n", id);
	text_field(text, "age", '=', " \r\n", age);
	/* The server's own client is this connection, not a new one. */
	same_client = strtoll(id, NULL, 10) == p->client_id;
	if (!same_client)
		report(p, "check: the server's client id is %s, this "
		       "connection's %lld", id, p->client_id);
	complete = 1;
out:
	ok = complete && c.counter_ok && c.values_ok && same_client;
	printf("check: counter=%s acked_incr=%llu values=%s server_pid=%s "
	       "uptime_s=%s client_age_s=%s client_id=%s verdict=%s\n",
	       counter, p->m.acked_incr, values, pid, uptime, age, id,
	       ok ? "ok" : "FAIL");
	fflush(stdout);
	/* A round cut short is a failure or a lost connection, counted so. */
	if (complete && !ok)
		p->checks_failed++;
	p->last_check = c;
	p->final_check = final && complete;
}

/* An uncounted request of the connection's handshake. */
static int hs_request(struct probe *p, const char *what, const char *req,
		      long len, enum resp_type want)
{
	int r = roundtrip(p, req, (size_t)len);

	if (r != RT_OK)
		return r;
	if (p->reply->type == want)
		return RT_OK;
	if (p->reply->type == RESP_ERROR)
		snprintf(p->why, sizeof(p->why), "%s: error reply: %s", what,
			 p->reply->str);
	else
		snprintf(p->why, sizeof(p->why), "%s: unexpected reply (RESP "
			 "type %d)", what, (int)p->reply->type);
	return RT_LOST;
}

/*
 * A new connection's first words: PING (refused while a restarted server
 * loads its data: then this attempt fails and the next one comes), its
 * client id, the server's run id, and, when the last connection broke with
 * a request in flight on the same server, that connection killed, so its
 * request cannot run after the resolution that reads what it did.
 */
static int handshake(struct probe *p)
{
	char req[256], idbuf[32];
	long len = cmd(req, sizeof(req), 1, "PING", NULL, NULL);
	int r;

	r = hs_request(p, "PING", req, len, RESP_SIMPLE);
	if (r != RT_OK)
		return r;
	len = cmd(req, sizeof(req), 2, "CLIENT", "ID", NULL);
	r = hs_request(p, "CLIENT ID", req, len, RESP_INTEGER);
	if (r != RT_OK)
		return r;
	p->client_id = p->reply->integer;
	len = cmd(req, sizeof(req), 2, "INFO", "server", NULL);
	r = hs_request(p, "INFO server", req, len, RESP_BULK);
	if (r != RT_OK)
		return r;
	field_get(p->reply->str, p->reply->len, "run_id", ':', "\r\n",
		  p->run_id, sizeof(p->run_id));
	if (p->lost_id > 0 && p->lost_id != p->client_id &&
	    !strcmp(p->lost_run_id, p->run_id)) {
		const char *argv[] = { "CLIENT", "KILL", "ID", idbuf };

		snprintf(idbuf, sizeof(idbuf), "%lld", p->lost_id);
		len = resp_encode(req, sizeof(req), 4, argv, NULL);
		r = roundtrip(p, req, (size_t)len);	/* :1, :0 or an error */
		if (r != RT_OK)
			return r;
	}
	p->lost_id = 0;
	return RT_OK;
}

/*
 * Connect within LIMIT seconds (each address in turn) and shake hands:
 * 0, or -1 with p->why, or -2 on a stop signal.
 */
static int connect_once(struct probe *p, double limit)
{
	double deadline = now(p) + limit;
	int r;

	p->why[0] = '\0';
	for (int i = 0; i < p->addrs.n; i++) {
		struct pollfd pfd = { .events = POLLOUT };

		pfd.fd = net_connect_start(&p->addrs, i);
		while (pfd.fd >= 0 && !pfd.revents) {
			double t = now(p);

			if (t >= deadline) {
				close(pfd.fd);
				pfd.fd = -1;
				errno = ETIMEDOUT;
				break;
			}
			wait_fds(p, &pfd, 1, (deadline < p->next_status ?
					      deadline : p->next_status) - t);
			tick(p);
			if (stop_signals) {
				close(pfd.fd);
				return -2;
			}
		}
		if (pfd.fd >= 0 && net_connect_done(pfd.fd)) {
			int e = errno;

			close(pfd.fd);
			pfd.fd = -1;
			errno = e;
		}
		if (pfd.fd < 0) {
			snprintf(p->why, sizeof(p->why), "connect to %s:%s: %s",
				 p->o->host, p->o->port, strerror(errno));
			continue;
		}
		p->fd = pfd.fd;
		resp_parser_init(p->rp);
		r = handshake(p);
		if (r == RT_OK) {
			p->connected_at = now(p);
			return 0;
		}
		disconnect(p);
		return r == RT_ABORT ? -2 : -1;
	}
	return -1;
}

/* Reconnect, every RETRY_EVERY until it works: 0, or -1 on the end. */
static int reconnect(struct probe *p)
{
	for (;;) {
		int r;

		if (stop_signals || (p->end && now(p) >= p->end))
			return -1;
		r = connect_once(p, ATTEMPT_MAX);
		if (r == 0) {
			p->reconnects++;
			p->last_retry_why[0] = '\0';
			report(p, "reconnected (client id %lld)", p->client_id);
			return 0;
		}
		if (r == -2)
			return -1;
		/* Each different reason once, not every 10 ms. */
		if (strcmp(p->why, p->last_retry_why)) {
			report(p, "reconnect: %s", p->why);
			memcpy(p->last_retry_why, p->why, sizeof(p->why));
		}
		wait_fds(p, NULL, 0, RETRY_EVERY);
		tick(p);
	}
}

/*
 * Wait until T on the idle connection: the server has nothing to say now.
 * Back early on a signal the loop has to act on.
 */
static void idle_until(struct probe *p, double t)
{
	for (;;) {
		struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
		double n = now(p);
		char buf[512];
		ssize_t got;

		if (n >= t || stop_signals ||
		    (check_signal && model_settled(&p->m)))
			return;
		wait_fds(p, &pfd, 1, (t < p->next_status ? t : p->next_status) - n);
		tick(p);
		if (!pfd.revents)
			continue;
		got = recv(p->fd, buf, sizeof(buf), 0);
		if (got < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (got > 0) {
			p->corrupt++;
			snprintf(p->why, sizeof(p->why), "protocol error: %zd "
				 "bytes from the server, unasked", got);
		} else {
			snprintf(p->why, sizeof(p->why), "connection lost: %s",
				 got ? strerror(errno) : "closed by the server");
		}
		lost(p, RT_LOST);
		return;
	}
}

static int setup(struct probe *p, const struct probe_opts *o)
{
	struct sigaction sa = { .sa_handler = on_stop };
	char err[512];
	sigset_t block;
	struct timespec rt;

	memset(p, 0, sizeof(*p));
	p->o = o;
	p->fd = -1;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	/* Signals come in only inside ppoll(); no SA_RESTART needed. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &p->waitmask);
	sigdelset(&p->waitmask, SIGINT);
	sigdelset(&p->waitmask, SIGTERM);
	sigdelset(&p->waitmask, SIGUSR1);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (net_resolve(o->host, o->port, &p->addrs, err, sizeof(err))) {
		fprintf(stderr, "redis-probe: %s\n", err);
		return -1;
	}
	if (o->log_path) {
		p->log = fopen(o->log_path, "we");
		if (!p->log) {
			fprintf(stderr, "redis-probe: %s: %s\n", o->log_path,
				strerror(errno));
			return -1;
		}
	}
	p->rp = malloc(sizeof(*p->rp));
	if (!p->rp) {
		fprintf(stderr, "redis-probe: malloc: %s\n", strerror(errno));
		return -1;
	}
	/* The values of one run differ from those of any other run. */
	clock_gettime(CLOCK_REALTIME, &rt);
	model_init(&p->m, ((uint64_t)rt.tv_sec * 1000000000u +
			   (uint64_t)rt.tv_nsec) ^ ((uint64_t)getpid() << 40));
	stats_init(&p->st, 0);
	p->end = o->duration_s;
	return 0;
}

static int finish(struct probe *p)
{
	int counter_ok, values_ok, ok;

	/* The final check, when the connection is there and can settle. */
	for (int i = 0; i < 3 && p->fd >= 0 && stop_signals < 2 &&
	     !model_settled(&p->m); i++)
		model_op(p);
	if (p->fd >= 0 && stop_signals < 2 && model_settled(&p->m))
		check_round(p, 1);
	counter_ok = p->final_check && p->last_check.counter_ok &&
		     !p->m.counter_bad;
	values_ok = p->final_check && p->last_check.values_ok &&
		    !p->m.value_bad;
	printf("summary: requests=%llu replies=%llu failures=%llu "
	       "reconnects=%llu max_gap_ms=%.3f at_s=%.3f p50_ms=%.3f "
	       "p99_ms=%.3f max_latency_ms=%.3f counter_ok=%s values_ok=%s\n",
	       p->requests, p->replies, p->failures, p->reconnects,
	       p->st.max_gap * 1e3, p->st.max_gap_at,
	       stats_percentile(&p->st, 50) * 1e3,
	       stats_percentile(&p->st, 99) * 1e3, p->st.max_latency * 1e3,
	       counter_ok ? "yes" : "no", values_ok ? "yes" : "no");
	fflush(stdout);
	disconnect(p);
	if (p->o->status_path)
		write_status(p);
	if (p->log && fclose(p->log))
		fprintf(stderr, "redis-probe: %s: %s\n", p->o->log_path,
			strerror(errno));
	free(p->rp);
	/* With --reconnect, lost requests are figures; corruption never is. */
	ok = counter_ok && values_ok && !p->checks_failed && !p->corrupt &&
	     !p->fatal && (p->o->reconnect || !p->failures);
	return ok ? 0 : 1;
}

int probe_run(const struct probe_opts *o)
{
	static struct probe probe;
	struct probe *p = &probe;
	double next_send;
	int r;

	if (setup(p, o))
		return 1;
	r = connect_once(p, o->timeout_ms / 1e3);
	if (r) {
		if (r == -1)
			fprintf(stderr, "redis-probe: %s\n", p->why);
		free(p->rp);
		return 1;
	}
	tick(p);
	next_send = now(p);
	check_signal = check_signal || o->check_at_start;
	while (!p->fatal) {
		double t = now(p);

		if (stop_signals || (p->end && t >= p->end))
			break;
		if (p->fd < 0) {
			if (reconnect(p))
				break;
			next_send = now(p);
			continue;
		}
		/* A check waits for the reset and any resolution first. */
		if (check_signal && model_settled(&p->m)) {
			check_signal = 0;
			check_round(p, 0);
			continue;
		}
		if (t < next_send) {
			idle_until(p, p->end && p->end < next_send ? p->end :
				   next_send);
			continue;
		}
		/* Every interval from the last send, at once when late. */
		next_send = t + o->interval_ms / 1e3;
		model_op(p);
	}
	return finish(p);
}
