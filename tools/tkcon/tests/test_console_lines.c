// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the console line assembler: kernel records that cut a
 * userspace line get lines of their own, and no byte is lost.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "console_lines.h"

#define MAX_OUT 16

struct out {
	char line[MAX_OUT][CONSOLE_LINE_MAX];
	int n;
};

static void collect(void *ctx, const char *line, size_t len)
{
	struct out *o = ctx;

	assert_true(o->n < MAX_OUT);
	assert_int_equal(strlen(line), len);
	memcpy(o->line[o->n++], line, len + 1);
}

/* Feed TEXT one byte at a time and in one piece: both give the same. */
static void run(const char *text, struct out *o)
{
	struct console_lines cl;
	struct out bytewise = { .n = 0 };

	o->n = 0;
	console_lines_init(&cl, collect, o);
	console_lines_feed(&cl, text, strlen(text));
	console_lines_flush(&cl);

	console_lines_init(&cl, collect, &bytewise);
	for (size_t i = 0; text[i]; i++)
		console_lines_feed(&cl, text + i, 1);
	console_lines_flush(&cl);
	assert_int_equal(bytewise.n, o->n);
	for (int i = 0; i < o->n; i++)
		assert_string_equal(bytewise.line[i], o->line[i]);
}

static void plain_lines(void **state)
{
	struct out o;

	(void)state;
	run("one\r\ntwo\n\nthree", &o);
	assert_int_equal(o.n, 4);
	assert_string_equal(o.line[0], "one");
	assert_string_equal(o.line[1], "two");
	assert_string_equal(o.line[2], "");
	assert_string_equal(o.line[3], "three");
}

/* The case CI met: a record cut the scenario's start marker. */
static void record_cuts_marker(void **state)
{
	struct out o;

	(void)state;
	run("TK-SCENARIO-STAR[    1.885802] input: ImExPS/2 Generic Explorer Mouse\r\n"
	    "T cpu-hotplug\r\nTAP version 13\r\n", &o);
	assert_int_equal(o.n, 3);
	assert_string_equal(o.line[0], "[    1.885802] input: ImExPS/2 Generic Explorer Mouse");
	assert_string_equal(o.line[1], "TK-SCENARIO-START cpu-hotplug");
	assert_string_equal(o.line[2], "TAP version 13");
}

static void records_at_line_start_stay(void **state)
{
	struct out o;

	(void)state;
	run("[    0.000000] Linux version 6.12\n[12345.123456] x [1.5] y\nok 1 - a\n", &o);
	assert_int_equal(o.n, 3);
	assert_string_equal(o.line[0], "[    0.000000] Linux version 6.12");
	assert_string_equal(o.line[1], "[12345.123456] x [1.5] y");
	assert_string_equal(o.line[2], "ok 1 - a");
}

/* Two records in a row inside one userspace line, and one just before
 * the line's own end: the line comes out whole after them.
 */
static void several_records(void **state)
{
	struct out o;

	(void)state;
	run("not o[    2.000001] smpboot: CPU 1 is now offline\r\n"
	    "[    2.000002] twin: B started\r\n"
	    "k 3 - b\r[    2.000003] late\r\n\r\nTK-SCENARIO-END x rc=0\n", &o);
	assert_int_equal(o.n, 5);
	assert_string_equal(o.line[0], "[    2.000001] smpboot: CPU 1 is now offline");
	assert_string_equal(o.line[1], "[    2.000002] twin: B started");
	assert_string_equal(o.line[2], "[    2.000003] late");
	assert_string_equal(o.line[3], "not ok 3 - b");
	assert_string_equal(o.line[4], "TK-SCENARIO-END x rc=0");
}

/* Only printk's stamp counts: brackets, short fractions, letters do not. */
static void what_is_a_stamp(void **state)
{
	const char *yes[] = { "[    1.885802]", "[1.000000]", "[99999.999999] x" };
	const char *no[] = { "[1.5]", "[ 1.88580]", "[ a.123456]", "[    1.1234567]",
			     "[    1.885802", "[ .123456]", "[]", "[" };

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_int_equal(console_find_stamp(yes[i], strlen(yes[i]), 0), 0);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_int_equal(console_find_stamp(no[i], strlen(no[i]), 0), strlen(no[i]));
	assert_int_equal(console_find_stamp("ab[    1.885802] c", 18, 1), 2);
}

/* Lines longer than the buffer are cut, nothing is dropped. */
static void long_line_is_cut(void **state)
{
	static char text[CONSOLE_LINE_MAX * 2 + 8];
	struct out o;

	(void)state;
	memset(text, 'x', CONSOLE_LINE_MAX + 10);
	strcpy(text + CONSOLE_LINE_MAX + 10, "\n");
	run(text, &o);
	assert_int_equal(o.n, 2);
	assert_int_equal(strlen(o.line[0]), CONSOLE_LINE_MAX - 1);
	assert_int_equal(strlen(o.line[1]), 11);
}

static void feed(struct console_lines *cl, const char *text)
{
	console_lines_feed(cl, text, strlen(text));
}

static void expect_pending(const struct console_lines *cl, const char *want)
{
	size_t len;
	const char *p = console_lines_pending(cl, &len);

	assert_int_equal(len, strlen(want));
	assert_memory_equal(p, want, len);
}

/*
 * A prompt waits without a newline: it is the pending text (tkcon shows it
 * in NAME.partial), also while a kernel record cuts it, and until its line
 * ends with what was typed.
 */
static void prompt_is_pending(void **state)
{
	struct console_lines cl;
	struct out o = { .n = 0 };
	const char *rec = "[   12.345678] twin: B is up\r\n";

	(void)state;
	console_lines_init(&cl, collect, &o);
	expect_pending(&cl, "");
	feed(&cl, "\r\ntk-a login: ");
	expect_pending(&cl, "tk-a login: ");
	assert_int_equal(o.n, 1);
	feed(&cl, rec);
	expect_pending(&cl, "tk-a login: ");
	assert_int_equal(o.n, 2);
	assert_string_equal(o.line[1], "[   12.345678] twin: B is up");
	feed(&cl, "root\r\nPassword: ");
	assert_int_equal(o.n, 3);
	assert_string_equal(o.line[2], "tk-a login: root");
	expect_pending(&cl, "Password: ");
	feed(&cl, "\r\n");
	expect_pending(&cl, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_lines),
		cmocka_unit_test(record_cuts_marker),
		cmocka_unit_test(records_at_line_start_stay),
		cmocka_unit_test(several_records),
		cmocka_unit_test(what_is_a_stamp),
		cmocka_unit_test(long_line_is_cut),
		cmocka_unit_test(prompt_is_pending),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
