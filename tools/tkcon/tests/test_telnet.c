// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of tkcon's telnet filter: what QEMU's telnet server sends
 * comes out as the console's bytes only, however the stream is cut.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "telnet.h"

/*
 * Filter IN[0..N) in one piece and byte by byte: both must give WANT.
 */
static void check(const char *in, size_t n, const char *want, size_t want_n)
{
	char out[256];
	size_t o = 0;
	struct telnet t;

	assert_true(n <= sizeof(out));
	telnet_init(&t);
	o = telnet_filter(&t, in, n, out);
	assert_int_equal(o, want_n);
	assert_memory_equal(out, want, want_n);

	telnet_init(&t);
	o = 0;
	for (size_t i = 0; i < n; i++)
		o += telnet_filter(&t, in + i, 1, out + o);
	assert_int_equal(o, want_n);
	assert_memory_equal(out, want, want_n);
}

#define CHECK(in, want) check(in, sizeof(in) - 1, want, sizeof(want) - 1)

static void plain_text_unchanged(void **state)
{
	(void)state;
	CHECK("login: root\r\n", "login: root\r\n");
	CHECK("", "");
}

/* What QEMU 7.2 sends when a client connects, then console output. */
static void qemu_negotiation_dropped(void **state)
{
	(void)state;
	CHECK("\xff\xfb\x01\xff\xfb\x03\xff\xfb\x00\xff\xfd\x00[    2.9] e1000",
	      "[    2.9] e1000");
}

static void escaped_iac_is_data(void **state)
{
	(void)state;
	CHECK("a\xff\xff" "b", "a\xff" "b");
	CHECK("\xff\xff\xff\xff", "\xff\xff");
}

static void two_byte_commands_dropped(void **state)
{
	(void)state;
	/* NOP, Go Ahead, Are You There between data bytes. */
	CHECK("a\xff\xf1" "b\xff\xf9" "c\xff\xf6" "d", "abcd");
}

static void option_byte_is_not_data(void **state)
{
	(void)state;
	/* The option byte of WONT/DONT may look like text: 'A' is 0x41. */
	CHECK("x\xff\xfc" "Ay\xff\xfe" "Bz", "xyz");
	/* An option byte 0xff is an option, not an IAC. */
	CHECK("x\xff\xfb\xffy", "xy");
}

static void subnegotiation_dropped(void **state)
{
	(void)state;
	/* Terminal type, with an IAC IAC inside, then data. */
	CHECK("a\xff\xfa\x18\x00vt\xff\xff" "100\xff\xf0" "b", "ab");
	/* An IAC followed by anything but SE stays inside. */
	CHECK("\xff\xfa\x01\xff\x01q\xff\xf0" "ok", "ok");
}

static void escape_doubles_iac(void **state)
{
	char out[16];
	size_t n;

	(void)state;
	n = telnet_escape("ls\n", 3, out);
	assert_int_equal(n, 3);
	assert_memory_equal(out, "ls\n", 3);
	n = telnet_escape("\xff" "a\xff", 3, out);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "\xff\xff" "a\xff\xff", 5);
}

/* tkcon filters its read buffer in place. */
static void filter_in_place(void **state)
{
	char buf[] = "\xff\xfb\x01" "ab\xff\xff" "c\xff\xf1" "d";
	struct telnet t;
	size_t n;

	(void)state;
	telnet_init(&t);
	n = telnet_filter(&t, buf, sizeof(buf) - 1, buf);
	assert_int_equal(n, 5);
	assert_memory_equal(buf, "ab\xff" "cd", 5);
}

/* What telnet_escape sends, telnet_filter gives back. */
static void escape_round_trip(void **state)
{
	char in[256], esc[512], back[512];
	struct telnet t;
	size_t n;

	(void)state;
	for (int i = 0; i < 256; i++)
		in[i] = (char)i;
	n = telnet_escape(in, sizeof(in), esc);
	assert_int_equal(n, 257);
	telnet_init(&t);
	n = telnet_filter(&t, esc, n, back);
	assert_int_equal(n, 256);
	assert_memory_equal(back, in, 256);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_unchanged),
		cmocka_unit_test(qemu_negotiation_dropped),
		cmocka_unit_test(escaped_iac_is_data),
		cmocka_unit_test(two_byte_commands_dropped),
		cmocka_unit_test(option_byte_is_not_data),
		cmocka_unit_test(subnegotiation_dropped),
		cmocka_unit_test(escape_doubles_iac),
		cmocka_unit_test(filter_in_place),
		cmocka_unit_test(escape_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
