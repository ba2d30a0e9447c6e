// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the RESP encoder and reply parser: every reply type, cut
 * at every place; bad bytes, bad numbers, bad lengths and replies over the
 * bounds refused.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "resp.h"

static struct resp_parser parser;

/* A reply as text: S(..) E(..) I(..) B(len:..) N A[..] NA. */
static void describe(const struct resp_value *v, char *out, size_t cap)
{
	size_t o = strlen(out);

	switch (v->type) {
	case RESP_SIMPLE:
		snprintf(out + o, cap - o, "S(%s)", v->str);
		break;
	case RESP_ERROR:
		snprintf(out + o, cap - o, "E(%s)", v->str);
		break;
	case RESP_INTEGER:
		snprintf(out + o, cap - o, "I(%lld)", v->integer);
		break;
	case RESP_BULK:
		/* The NUL after the bytes is there too. */
		assert_int_equal(v->str[v->len], '\0');
		snprintf(out + o, cap - o, "B(%zu:", v->len);
		o = strlen(out);
		for (size_t i = 0; i < v->len && o + 2 < cap; i++)
			out[o++] = v->str[i] ? v->str[i] : '0';
		out[o] = '\0';
		snprintf(out + o, cap - o, ")");
		break;
	case RESP_NULL_BULK:
		snprintf(out + o, cap - o, "N");
		break;
	case RESP_ARRAY:
		snprintf(out + o, cap - o, "A[");
		for (size_t i = 0; i < v->n; i++)
			describe(&v->elem[i], out, cap);
		o = strlen(out);
		snprintf(out + o, cap - o, "]");
		break;
	case RESP_NULL_ARRAY:
		snprintf(out + o, cap - o, "NA");
		break;
	default:
		fail_msg("bad type %d", v->type);
	}
}

/*
 * Feed IN[0..N) in chunks of CHUNK (0: in one piece, then cut once at
 * AT): the last status, the bytes taken, the reply or error as text.
 */
static enum resp_status feed(const char *in, size_t n, size_t at, char *out,
			     size_t cap, size_t *taken)
{
	enum resp_status st = RESP_MORE;
	size_t off = 0, used;
	size_t cuts[2] = { at, n };

	resp_parser_init(&parser);
	out[0] = '\0';
	for (int c = 0; c < 2 && st == RESP_MORE; c++) {
		while (off < cuts[c] && st == RESP_MORE) {
			st = resp_parse(&parser, in + off, cuts[c] - off, &used);
			assert_true(used <= cuts[c] - off);
			if (st == RESP_MORE)
				assert_int_equal(used, cuts[c] - off);
			off += used;
		}
	}
	*taken = off;
	if (st == RESP_DONE) {
		assert_non_null(resp_reply(&parser));
		describe(resp_reply(&parser), out, cap);
	} else if (st == RESP_BAD) {
		assert_null(resp_reply(&parser));
		snprintf(out, cap, "%s", resp_error(&parser));
	}
	return st;
}

/* The same in one piece, cut once anywhere, and byte by byte. */
static void expect(const char *in, size_t n, enum resp_status want,
		   const char *want_text)
{
	char out[1024];
	size_t taken;

	for (size_t at = 0; at <= n; at++) {
		enum resp_status st = feed(in, n, at, out, sizeof(out), &taken);

		if (st != want || strcmp(out, want_text))
			fail_msg("cut at %zu of '%.*s': status %d '%s', expected "
				 "%d '%s'", at, (int)n, in, st, out, want,
				 want_text);
		if (want == RESP_DONE)
			assert_int_equal(taken, n);
	}
	/* Byte by byte. */
	{
		enum resp_status st = RESP_MORE;
		size_t used, i;

		resp_parser_init(&parser);
		for (i = 0; i < n && st == RESP_MORE; i++) {
			st = resp_parse(&parser, in + i, 1, &used);
			assert_int_equal(used, 1);
		}
		assert_int_equal(st, want);
		if (want == RESP_DONE)
			assert_int_equal(i, n);
	}
}

#define OK(in, text) expect(in, sizeof(in) - 1, RESP_DONE, text)
#define BAD(in, text) expect(in, sizeof(in) - 1, RESP_BAD, text)
#define MORE(in) expect(in, sizeof(in) - 1, RESP_MORE, "")

static void simple_error_integer(void **state)
{
	(void)state;
	OK("+OK\r\n", "S(OK)");
	OK("+\r\n", "S()");
	OK("-ERR unknown command 'FOO'\r\n", "E(ERR unknown command 'FOO')");
	OK(":42\r\n", "I(42)");
	OK(":0\r\n", "I(0)");
	OK(":-7\r\n", "I(-7)");
	OK(":9223372036854775807\r\n", "I(9223372036854775807)");
	OK(":-9223372036854775808\r\n", "I(-9223372036854775808)");
}

static void bulk_strings(void **state)
{
	(void)state;
	OK("$3\r\nfoo\r\n", "B(3:foo)");
	OK("$0\r\n\r\n", "B(0:)");
	OK("$-1\r\n", "N");
	/* CR, LF and NUL are data inside a bulk string. */
	OK("$6\r\na\r\nb\0c\r\n", "B(6:a\r\nb0c)");
	OK("$2\r\n\r\n\r\n", "B(2:\r\n)");
}

static void arrays(void **state)
{
	(void)state;
	OK("*0\r\n", "A[]");
	OK("*-1\r\n", "NA");
	OK("*3\r\n$3\r\nfoo\r\n$-1\r\n:5\r\n", "A[B(3:foo)NI(5)]");
	OK("*2\r\n*2\r\n+a\r\n-b\r\n*0\r\n", "A[A[S(a)E(b)]A[]]");
	OK("*2\r\n*1\r\n*1\r\n:1\r\n:2\r\n", "A[A[A[I(1)]]I(2)]");
	OK("*1\r\n*-1\r\n", "A[NA]");
}

static void incomplete(void **state)
{
	(void)state;
	MORE("");
	MORE("+OK");
	MORE("+OK\r");
	MORE("$3\r\nfo");
	MORE("$3\r\nfoo\r");
	MORE("*2\r\n:1\r\n");
	MORE(":12");
}

static void bad_replies(void **state)
{
	(void)state;
	BAD("A\r\n", "bad type byte 0x41");
	BAD("\r\n", "bad type byte 0x0d");
	/* RESP3 types are not RESP2. */
	BAD("_\r\n", "bad type byte 0x5f");
	BAD("%1\r\n", "bad type byte 0x25");
	BAD("+OK\n", "LF without CR");
	BAD("+OK\rX", "CR without LF");
	BAD(":abc\r\n", "bad number 'abc'");
	BAD(":\r\n", "bad number ''");
	BAD(":01\r\n", "bad number '01'");
	BAD(":-0\r\n", "bad number '-0'");
	BAD(":+1\r\n", "bad number '+1'");
	BAD(": 1\r\n", "bad number ' 1'");
	BAD(":1 \r\n", "bad number '1 '");
	BAD(":9223372036854775808\r\n", "bad number '9223372036854775808'");
	BAD(":-9223372036854775809\r\n", "bad number '-9223372036854775809'");
	BAD(":1234567890123456789012345\r\n", "number too long");
	BAD("$-2\r\n", "bad length -2");
	BAD("*-2\r\n", "bad length -2");
	BAD("$3\r\nfoobar\r\n", "bulk string longer than its length");
	/* Short by a byte: the CR is data, the LF is where CR must be. */
	BAD("$3\r\nfo\r\n", "bulk string longer than its length");
	BAD("$3\r\nfoo\rX", "CR without LF after a bulk string");
	BAD("$3\r\nfoo\n\r", "bulk string longer than its length");
	BAD("$\r\n", "bad number ''");
	BAD("*1\r\nX", "bad type byte 0x58");
	BAD("*2\r\n:1\r\n:x\r\n", "bad number 'x'");
}

static void bounds(void **state)
{
	char in[RESP_MAX_DATA + 64];
	int n;

	(void)state;
	/* A bulk string too large is refused on its length, before its bytes. */
	n = snprintf(in, sizeof(in), "$%d\r\n", RESP_MAX_DATA);
	expect(in, (size_t)n, RESP_BAD, "bulk string of 65536 bytes: reply over 65536");
	n = snprintf(in, sizeof(in), "$9223372036854775807\r\n");
	expect(in, (size_t)n, RESP_BAD,
	       "bulk string of 9223372036854775807 bytes: reply over 65536");
	/* The largest that fits: its bytes and a NUL. */
	n = snprintf(in, sizeof(in), "$%d\r\n", RESP_MAX_DATA - 1);
	memset(in + n, 'x', RESP_MAX_DATA - 1);
	memcpy(in + n + RESP_MAX_DATA - 1, "\r\n", 2);
	{
		size_t used;

		resp_parser_init(&parser);
		assert_int_equal(resp_parse(&parser, in,
					    (size_t)n + RESP_MAX_DATA + 1, &used),
				 RESP_DONE);
		assert_int_equal(resp_reply(&parser)->len, RESP_MAX_DATA - 1);
	}
	/* A simple string too long. */
	in[0] = '+';
	memset(in + 1, 'y', RESP_MAX_DATA);
	{
		size_t used;

		resp_parser_init(&parser);
		assert_int_equal(resp_parse(&parser, in, RESP_MAX_DATA + 1, &used),
				 RESP_BAD);
		assert_string_equal(resp_error(&parser), "reply over 65536 bytes");
	}
	BAD("*1025\r\n", "array of 1025: reply over 1024 values");
	BAD("*9223372036854775807\r\n",
	    "array of 9223372036854775807: reply over 1024 values");
	/* Eight arrays in arrays are allowed, a ninth is not. */
	OK("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n",
	   "A[A[A[A[A[A[A[A[I(1)]]]]]]]]");
	BAD("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n",
	    "arrays nested over 8 deep");
}

/*
 * A bulk string filling the reply's room, then an empty simple string:
 * its NUL does not fit either (found by fuzz_resp: it was written one
 * byte past the room).
 */
static void empty_string_at_the_bound(void **state)
{
	static char in[RESP_MAX_DATA + 64];
	int n;

	(void)state;
	n = snprintf(in, sizeof(in), "*2\r\n$%d\r\n", RESP_MAX_DATA - 1);
	memset(in + n, 'x', RESP_MAX_DATA - 1);
	n += RESP_MAX_DATA - 1;
	memcpy(in + n, "\r\n+\r\n", 5);
	expect(in, (size_t)n + 5, RESP_BAD, "reply over 65536 bytes");
	in[n + 2] = '-';
	expect(in, (size_t)n + 5, RESP_BAD, "reply over 65536 bytes");
}

/* Strings of one reply share the bound: many small ones also reach it. */
static void bound_is_per_reply(void **state)
{
	static char in[8 * RESP_MAX_DATA];
	size_t o = 0, used;

	(void)state;
	o += (size_t)sprintf(in, "*1000\r\n");
	for (int i = 0; i < 1000; i++)
		o += (size_t)sprintf(in + o, "$100\r\n%0100d\r\n", i);
	resp_parser_init(&parser);
	assert_int_equal(resp_parse(&parser, in, o, &used), RESP_BAD);
	assert_string_equal(resp_error(&parser),
			    "bulk string of 100 bytes: reply over 65536");
}

static void replies_in_a_row(void **state)
{
	const char in[] = ":1\r\n+OK\r\n$1\r\nx\r\n";
	const char *want[] = { "I(1)", "S(OK)", "B(1:x)" };
	size_t off = 0, used;

	(void)state;
	resp_parser_init(&parser);
	for (int i = 0; i < 3; i++) {
		char out[64] = "";

		assert_int_equal(resp_parse(&parser, in + off,
					    sizeof(in) - 1 - off, &used),
				 RESP_DONE);
		off += used;
		describe(resp_reply(&parser), out, sizeof(out));
		assert_string_equal(out, want[i]);
	}
	assert_int_equal(off, sizeof(in) - 1);
	/* The next call starts a new reply: the last one is gone. */
	assert_int_equal(resp_parse(&parser, "", 0, &used), RESP_MORE);
	assert_null(resp_reply(&parser));
}

static void error_is_sticky(void **state)
{
	size_t used;

	(void)state;
	resp_parser_init(&parser);
	assert_int_equal(resp_parse(&parser, "?", 1, &used), RESP_BAD);
	assert_int_equal(resp_parse(&parser, "+OK\r\n", 5, &used), RESP_BAD);
	assert_int_equal(used, 0);
	resp_parser_init(&parser);
	assert_int_equal(resp_parse(&parser, "+OK\r\n", 5, &used), RESP_DONE);
}

static void parse_ll(void **state)
{
	long long v;

	(void)state;
	assert_int_equal(resp_parse_ll("123", 3, &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(resp_parse_ll("1234", 3, &v), 0);	/* N bytes */
	assert_int_equal(v, 123);
	assert_int_equal(resp_parse_ll("-", 1, &v), -1);
	assert_int_equal(resp_parse_ll("", 0, &v), -1);
	assert_int_equal(resp_parse_ll("12a", 3, &v), -1);
	assert_int_equal(resp_parse_ll("-9223372036854775808", 20, &v), 0);
	assert_true(v == LLONG_MIN);
}

static void encode(void **state)
{
	const char *argv[] = { "SET", "tk:v:1", "a\r\nb" };
	const size_t lens[] = { 3, 6, 4 };
	const char want[] = "*3\r\n$3\r\nSET\r\n$6\r\ntk:v:1\r\n$4\r\na\r\nb\r\n";
	const char bin[] = { 'x', '\0', 'y' };
	const char *argv2[] = { "GET", bin };
	const size_t lens2[] = { 3, 3 };
	char out[64];

	(void)state;
	assert_int_equal(resp_encode(out, sizeof(out), 3, argv, NULL),
			 sizeof(want) - 1);
	assert_memory_equal(out, want, sizeof(want) - 1);
	assert_int_equal(resp_encode(out, sizeof(out), 3, argv, lens),
			 sizeof(want) - 1);
	assert_int_equal(resp_encode(out, sizeof(out), 2, argv2, lens2), 22);
	assert_memory_equal(out, "*2\r\n$3\r\nGET\r\n$3\r\nx\0y\r\n", 22);
	/* Exactly the room it needs, and one byte less. */
	assert_int_equal(resp_encode(out, sizeof(want) - 1, 3, argv, NULL),
			 sizeof(want) - 1);
	assert_int_equal(resp_encode(out, sizeof(want) - 2, 3, argv, NULL), -1);
	assert_int_equal(resp_encode(out, 3, 3, argv, NULL), -1);
	assert_int_equal(resp_encode(out, sizeof(out), 0, argv, NULL), -1);
}

/* What the encoder writes, the parser reads back (a request is a reply's
 * shape too: an array of bulk strings). */
static void encode_then_parse(void **state)
{
	const char *argv[] = { "MGET", "tk:counter", "", "tk:v:63" };
	char out[128], text[256] = "";
	long n = resp_encode(out, sizeof(out), 4, argv, NULL);
	size_t used;

	(void)state;
	resp_parser_init(&parser);
	assert_int_equal(resp_parse(&parser, out, (size_t)n, &used), RESP_DONE);
	assert_int_equal(used, n);
	describe(resp_reply(&parser), text, sizeof(text));
	assert_string_equal(text, "A[B(4:MGET)B(10:tk:counter)B(0:)B(7:tk:v:63)]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simple_error_integer),
		cmocka_unit_test(bulk_strings),
		cmocka_unit_test(arrays),
		cmocka_unit_test(incomplete),
		cmocka_unit_test(bad_replies),
		cmocka_unit_test(bounds),
		cmocka_unit_test(empty_string_at_the_bound),
		cmocka_unit_test(bound_is_per_reply),
		cmocka_unit_test(replies_in_a_row),
		cmocka_unit_test(error_is_sticky),
		cmocka_unit_test(parse_ll),
		cmocka_unit_test(encode),
		cmocka_unit_test(encode_then_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
