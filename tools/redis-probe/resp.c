// SPDX-License-Identifier: GPL-2.0
/*
 * RESP2 encoder and incremental reply parser (resp.h). The parser is a
 * byte-level state machine: a reply cut anywhere, even inside a CRLF or a
 * number, resumes where it stopped, and no byte is looked at twice.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "resp.h"

enum {
	S_TYPE,		/* the type byte of a value */
	S_LINE,		/* the rest of its line, up to CR */
	S_LINE_LF,	/* the LF after that CR */
	S_BULK,		/* a bulk string's bytes */
	S_BULK_CR,	/* the CRLF after them */
	S_BULK_LF,
	S_DONE,		/* a reply is complete */
	S_BAD,		/* an error: nothing more is parsed */
};

__attribute__((format(printf, 2, 3)))
static enum resp_status bad(struct resp_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->error, sizeof(p->error), fmt, ap);
	va_end(ap);
	p->state = S_BAD;
	return RESP_BAD;
}

static void start_reply(struct resp_parser *p)
{
	p->state = S_TYPE;
	p->depth = 0;
	p->nvalues = 1;
	p->ndata = 0;
	p->cur = &p->values[0];
	memset(p->cur, 0, sizeof(*p->cur));
}

void resp_parser_init(struct resp_parser *p)
{
	start_reply(p);
	p->error[0] = '\0';
}

int resp_parse_ll(const char *s, size_t n, long long *out)
{
	unsigned long long v = 0, lim = LLONG_MAX;
	size_t i = 0;
	int neg = 0;

	if (n && s[0] == '-') {
		neg = 1;
		i = 1;
		lim = (unsigned long long)LLONG_MAX + 1;
	}
	if (i == n || (s[i] == '0' && (neg || n - i > 1)))
		return -1;
	for (; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (lim - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (!neg)
		*out = (long long)v;
	else if (v == (unsigned long long)LLONG_MAX + 1)
		*out = LLONG_MIN;
	else
		*out = -(long long)v;
	return 0;
}

/*
 * The value in p->cur is complete: go to the next element of the array
 * it is in, closing every array it completes; the outermost ends the reply.
 */
static enum resp_status value_done(struct resp_parser *p)
{
	while (p->depth > 0) {
		struct resp_frame *top = &p->stack[p->depth - 1];

		if (++top->next < top->arr->n) {
			p->cur = &top->arr->elem[top->next];
			p->state = S_TYPE;
			return RESP_MORE;
		}
		p->depth--;
	}
	p->state = S_DONE;
	return RESP_DONE;
}

static enum resp_status start_value(struct resp_parser *p, char c)
{
	switch (c) {
	case '+': p->type = RESP_SIMPLE; break;
	case '-': p->type = RESP_ERROR; break;
	case ':': p->type = RESP_INTEGER; break;
	case '$': p->type = RESP_BULK; break;
	case '*': p->type = RESP_ARRAY; break;
	default:
		return bad(p, "bad type byte 0x%02x", (unsigned char)c);
	}
	p->num_len = 0;
	p->str = p->data + p->ndata;
	p->str_len = 0;
	p->state = S_LINE;
	return RESP_MORE;
}

static enum resp_status line_byte(struct resp_parser *p, char c)
{
	if (c == '\r') {
		p->state = S_LINE_LF;
		return RESP_MORE;
	}
	if (c == '\n')
		return bad(p, "LF without CR");
	if (p->type == RESP_SIMPLE || p->type == RESP_ERROR) {
		/* This byte and the string's NUL must fit. */
		if (p->str_len + 2 > RESP_MAX_DATA - p->ndata)
			return bad(p, "reply over %d bytes", RESP_MAX_DATA);
		p->str[p->str_len++] = c;
		return RESP_MORE;
	}
	if (p->num_len == sizeof(p->num))
		return bad(p, "number too long");
	p->num[p->num_len++] = c;
	return RESP_MORE;
}

static enum resp_status end_line(struct resp_parser *p)
{
	struct resp_value *v = p->cur;
	long long x;

	if (p->type == RESP_SIMPLE || p->type == RESP_ERROR) {
		/* An empty string checked no byte yet: its NUL must fit. */
		if (p->str_len + 1 > RESP_MAX_DATA - p->ndata)
			return bad(p, "reply over %d bytes", RESP_MAX_DATA);
		v->type = p->type;
		v->str = p->str;
		v->len = p->str_len;
		p->str[p->str_len] = '\0';
		p->ndata += p->str_len + 1;
		return value_done(p);
	}
	if (resp_parse_ll(p->num, p->num_len, &x))
		return bad(p, "bad number '%.*s'", (int)p->num_len, p->num);
	if (p->type == RESP_INTEGER) {
		v->type = RESP_INTEGER;
		v->integer = x;
		return value_done(p);
	}
	if (x < -1)
		return bad(p, "bad length %lld", x);
	if (p->type == RESP_BULK) {
		if (x == -1) {
			v->type = RESP_NULL_BULK;
			return value_done(p);
		}
		/* Checked before any byte comes: the string and its NUL. */
		if ((unsigned long long)x >= RESP_MAX_DATA - p->ndata)
			return bad(p, "bulk string of %lld bytes: reply over %d",
				   x, RESP_MAX_DATA);
		v->type = RESP_BULK;
		v->str = p->str;
		v->len = (size_t)x;
		p->ndata += (size_t)x + 1;
		p->bulk_left = (size_t)x;
		p->state = x ? S_BULK : S_BULK_CR;
		return RESP_MORE;
	}
	if (x == -1) {
		v->type = RESP_NULL_ARRAY;
		return value_done(p);
	}
	v->type = RESP_ARRAY;
	v->n = 0;
	if (x == 0)
		return value_done(p);
	if (p->depth == RESP_MAX_DEPTH)
		return bad(p, "arrays nested over %d deep", RESP_MAX_DEPTH);
	if ((unsigned long long)x > RESP_MAX_VALUES - p->nvalues)
		return bad(p, "array of %lld: reply over %d values", x,
			   RESP_MAX_VALUES);
	v->n = (size_t)x;
	v->elem = &p->values[p->nvalues];
	memset(v->elem, 0, v->n * sizeof(*v->elem));
	p->nvalues += v->n;
	p->stack[p->depth].arr = v;
	p->stack[p->depth].next = 0;
	p->depth++;
	p->cur = v->elem;
	p->state = S_TYPE;
	return RESP_MORE;
}

enum resp_status resp_parse(struct resp_parser *p, const char *buf, size_t n,
			    size_t *used)
{
	enum resp_status st = RESP_MORE;
	size_t i = 0;

	if (p->state == S_BAD) {
		*used = 0;
		return RESP_BAD;
	}
	if (p->state == S_DONE)
		start_reply(p);
	while (i < n && st == RESP_MORE) {
		char c = buf[i];

		switch (p->state) {
		case S_TYPE:
			i++;
			st = start_value(p, c);
			break;
		case S_LINE:
			i++;
			st = line_byte(p, c);
			break;
		case S_LINE_LF:
			i++;
			st = c == '\n' ? end_line(p) : bad(p, "CR without LF");
			break;
		case S_BULK: {
			size_t k = n - i < p->bulk_left ? n - i : p->bulk_left;

			memcpy(p->str + p->str_len, buf + i, k);
			p->str_len += k;
			p->bulk_left -= k;
			i += k;
			if (!p->bulk_left)
				p->state = S_BULK_CR;
			break;
		}
		case S_BULK_CR:
			i++;
			if (c != '\r')
				st = bad(p, "bulk string longer than its length");
			else
				p->state = S_BULK_LF;
			break;
		case S_BULK_LF:
			i++;
			if (c != '\n') {
				st = bad(p, "CR without LF after a bulk string");
				break;
			}
			p->str[p->str_len] = '\0';
			st = value_done(p);
			break;
		}
	}
	*used = i;
	return st;
}

const struct resp_value *resp_reply(const struct resp_parser *p)
{
	return p->state == S_DONE ? &p->values[0] : NULL;
}

const char *resp_error(const struct resp_parser *p)
{
	return p->error;
}

long resp_encode(char *out, size_t cap, int argc, const char *const argv[],
		 const size_t lens[])
{
	size_t o;
	int k;

	if (argc < 1)
		return -1;
	k = snprintf(out, cap, "*%d\r\n", argc);
	if (k < 0 || (size_t)k >= cap)
		return -1;
	o = (size_t)k;
	for (int i = 0; i < argc; i++) {
		size_t len = lens ? lens[i] : strlen(argv[i]);

		k = snprintf(out + o, cap - o, "$%zu\r\n", len);
		if (k < 0 || (size_t)k >= cap - o)
			return -1;
		o += (size_t)k;
		if (len + 2 > cap - o)
			return -1;
		memcpy(out + o, argv[i], len);
		o += len;
		out[o++] = '\r';
		out[o++] = '\n';
	}
	return (long)o;
}
