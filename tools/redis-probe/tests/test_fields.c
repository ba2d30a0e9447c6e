// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the INFO and CLIENT INFO field reader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fields.h"

static const char info[] =
	"# Server\r\nredis_version:7.0.15\r\nprocess_id:4242\r\n"
	"process_supervised:no\r\nos:Linux 6.1.0 x86_64\r\n"
	"run_id:0123abcd\r\nuptime_in_seconds:17\r\nuptime_in_days:0";
static const char client[] =
	"id=7 addr=127.0.0.1:5555 laddr=127.0.0.1:6379 fd=8 name= age=31 "
	"idle=0 flags=N db=0 cmd=client|info\n";

static const char *get(const char *text, size_t len, const char *key,
		       char sep, const char *ends)
{
	static char out[64];

	if (field_get(text, len, key, sep, ends, out, sizeof(out)))
		return NULL;
	return out;
}

#define INFO(key) get(info, sizeof(info) - 1, key, ':', "\r\n")
#define CLIENT(key) get(client, sizeof(client) - 1, key, '=', " \r\n")

static void info_fields(void **state)
{
	(void)state;
	assert_string_equal(INFO("process_id"), "4242");
	assert_string_equal(INFO("run_id"), "0123abcd");
	assert_string_equal(INFO("uptime_in_seconds"), "17");
	assert_string_equal(INFO("os"), "Linux 6.1.0 x86_64");
	/* The last field, with no line end. */
	assert_string_equal(INFO("uptime_in_days"), "0");
	/* Whole keys only: not a prefix, not the middle of a line. */
	assert_null(INFO("process"));
	assert_null(INFO("version"));
	assert_null(INFO("in_seconds"));
	assert_null(INFO("nothing"));
}

static void client_fields(void **state)
{
	(void)state;
	assert_string_equal(CLIENT("id"), "7");	/* not idle= or laddr= */
	assert_string_equal(CLIENT("age"), "31");
	assert_string_equal(CLIENT("idle"), "0");
	assert_string_equal(CLIENT("name"), "");
	assert_string_equal(CLIENT("cmd"), "client|info");
	assert_null(CLIENT("addr:"));
}

static void bounded_and_printable(void **state)
{
	const char text[] = "k=0123456789\x01\x7f\xff" "x\0y z";
	char out[8];

	(void)state;
	assert_int_equal(field_get(text, sizeof(text) - 1, "k", '=', " ", out,
				   sizeof(out)), 0);
	assert_string_equal(out, "0123456");
	assert_int_equal(field_get(text, sizeof(text) - 1, "k", '=', " ", out,
				   1), 0);
	assert_string_equal(out, "");
	{
		char big[32];

		assert_int_equal(field_get(text, sizeof(text) - 1, "k", '=',
					   " ", big, sizeof(big)), 0);
		assert_string_equal(big, "0123456789???x?y");
	}
	/* A NUL in the text does not end a field or start one. */
	assert_int_equal(field_get(text, sizeof(text) - 1, "y", '=', " ", out,
				   sizeof(out)), -1);
	assert_string_equal(out, "");
	/* A key at the very end, with no separator after it. */
	assert_int_equal(field_get("a=1 k", 5, "k", '=', " ", out,
				   sizeof(out)), -1);
	assert_int_equal(field_get("", 0, "k", '=', " ", out, sizeof(out)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(info_fields),
		cmocka_unit_test(client_fields),
		cmocka_unit_test(bounded_and_printable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
