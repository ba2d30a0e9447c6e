/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RESP2, the Redis protocol, as much as the probe needs: a request is an
 * array of bulk strings (resp_encode); a reply is read by an incremental
 * parser that takes the bytes in any chunks (resp_parse). Replies come from
 * the network, through a guest being moved to another kernel: every byte is
 * checked (type byte, CRLF, number syntax, lengths) and every size is
 * bounded, so a corrupt stream gives an error, never an overrun or a hang.
 */
#ifndef RESP_H
#define RESP_H

#include <stddef.h>

/* Bounds of one reply; the fuzz target builds with small ones. */
#ifndef RESP_MAX_DATA
#define RESP_MAX_DATA (64 * 1024)	/* all strings of a reply, a NUL each */
#endif
#ifndef RESP_MAX_VALUES
#define RESP_MAX_VALUES 1024	/* values of a reply, array elements too */
#endif
#ifndef RESP_MAX_DEPTH
#define RESP_MAX_DEPTH 8	/* arrays in arrays */
#endif

enum resp_type {
	RESP_SIMPLE = 1,	/* +OK */
	RESP_ERROR,		/* -ERR ... */
	RESP_INTEGER,		/* :42 */
	RESP_BULK,		/* $3 foo */
	RESP_NULL_BULK,		/* $-1 */
	RESP_ARRAY,		/* *2 ... */
	RESP_NULL_ARRAY,	/* *-1 */
};

struct resp_value {
	enum resp_type type;
	long long integer;		/* RESP_INTEGER */
	const char *str;		/* SIMPLE, ERROR, BULK: len bytes + NUL */
	size_t len;
	struct resp_value *elem;	/* RESP_ARRAY: n elements */
	size_t n;
};

enum resp_status {
	RESP_MORE,	/* every byte taken, the reply is not complete yet */
	RESP_DONE,	/* a complete reply: resp_reply() */
	RESP_BAD,	/* not RESP, or too large: resp_error() says why */
};

/* An array being read, and which of its elements. */
struct resp_frame {
	struct resp_value *arr;
	size_t next;
};

struct resp_parser {
	int state;
	enum resp_type type;		/* of the line being read */
	struct resp_value *cur;		/* the value being read */
	char num[24];			/* a number line */
	size_t num_len;
	char *str;			/* a string being read, in data */
	size_t str_len;
	size_t bulk_left;		/* bytes of a bulk string to come */
	struct resp_frame stack[RESP_MAX_DEPTH];
	int depth;
	size_t nvalues, ndata;
	struct resp_value values[RESP_MAX_VALUES];
	char data[RESP_MAX_DATA];
	char error[96];
};

void resp_parser_init(struct resp_parser *p);
/*
 * Parse BUF[0..N), the next bytes of the stream. *USED says how many were
 * taken: all of them unless a reply ended (RESP_DONE) before the end, the
 * rest being the start of whatever follows. The reply stays valid until
 * the next call, which starts a new one. After RESP_BAD the parser gives
 * RESP_BAD until resp_parser_init: the stream cannot be trusted any more.
 */
enum resp_status resp_parse(struct resp_parser *p, const char *buf, size_t n,
			    size_t *used);
const struct resp_value *resp_reply(const struct resp_parser *p);
const char *resp_error(const struct resp_parser *p);

/*
 * A decimal integer as RESP writes it: an optional '-', digits, no leading
 * zero, no "-0", in range. 0 on success, -1 otherwise.
 */
int resp_parse_ll(const char *s, size_t n, long long *out);

/*
 * Encode the command ARGV[0..ARGC) (LENS[i] bytes each; LENS NULL: C
 * strings) into OUT[0..CAP). Returns its length, or -1 when it does not fit.
 */
long resp_encode(char *out, size_t cap, int argc, const char *const argv[],
		 const size_t lens[]);

#endif
