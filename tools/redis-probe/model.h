/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the server must hold, and the requests that check it. The probe
 * cycles INCR tk:counter, SET tk:v:K (a ring of MODEL_KEYS keys, each value
 * unique: payload.h) and GET of a key written earlier, and knows at every
 * step what each reply must be: an INCR one more than the last, a GET the
 * exact bytes of the last write of its key. A request whose reply was lost
 * (the connection broke) may or may not have been applied: the next
 * request, on the next connection, reads what it touched and learns which
 * (OP_RESOLVE), so what the server must hold is always known exactly.
 */
#ifndef MODEL_H
#define MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "resp.h"

#define MODEL_KEYS 64
#define MODEL_REQ_MAX 4096	/* room for any request built here */

enum model_op {
	OP_RESET,	/* SET tk:counter 0, once, first */
	OP_INCR,
	OP_SET,
	OP_GET,
	OP_RESOLVE,	/* GET what a lost INCR or SET touched */
	OP_CHECK,	/* MGET tk:counter and every key written */
};

enum model_result {
	MR_OK,
	MR_ERROR,	/* an error reply: the request had no effect */
	MR_COUNTER,	/* tk:counter is not what it must be */
	MR_VALUE,	/* a value is not what was written */
	MR_BAD,		/* a reply of the wrong type: the stream is out of step */
};

struct model_req {
	enum model_op op;
	unsigned key;
	uint64_t seq;	/* of a SET's value */
};

struct model {
	uint64_t run;
	int reset_done;
	unsigned step;			/* in the INCR, SET, GET cycle */
	uint64_t rng;			/* picks the key a GET reads */
	uint64_t seq;			/* the last write's sequence number */
	unsigned next_key;		/* the ring's next key to write */
	uint64_t held[MODEL_KEYS];	/* each key's write (0: none) */
	long long counter;		/* what tk:counter holds */
	unsigned long long acked_incr;
	unsigned long long counter_bad, value_bad;	/* mismatches seen */
	struct model_req cur;		/* the request in flight */
	struct model_req unsure;	/* a lost INCR or SET to resolve */
	int has_unsure;
	unsigned check_keys[MODEL_KEYS];	/* the keys OP_CHECK reads */
	unsigned ncheck;
};

/* What one check round (OP_CHECK) found. */
struct model_check {
	int counter_state;	/* 1: a number, 0: no such key, -1: not a number */
	long long counter;
	unsigned verified, total;	/* values */
	int counter_ok, values_ok;
};

void model_init(struct model *m, uint64_t run);
/* Nothing to reset or resolve: a check round may run. */
int model_settled(const struct model *m);
/* The next request (reset, resolution or the cycle's next) into BUF. */
long model_next(struct model *m, char *buf, size_t cap);
/* The reply to the request in flight; WHY says what was wrong. */
enum model_result model_reply(struct model *m, const struct resp_value *v,
			      char *why, size_t n);
/* The request in flight got no reply: it may or may not have been applied. */
void model_lost(struct model *m);
/* A check round's request (OP_CHECK); -1 when not settled. */
long model_check_request(struct model *m, char *buf, size_t cap);
enum model_result model_check_reply(struct model *m, const struct resp_value *v,
				    struct model_check *c, char *why, size_t n);
const char *model_op_name(enum model_op op);

#endif
