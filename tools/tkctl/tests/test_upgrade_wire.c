// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the upgrade's channel messages (upgrade_wire.c): what B
 * accepts from A and what it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "upgrade_wire.h"

static unsigned char buf[TKUP_MSG_MAX];
static char why[256];

static void text_round_trip(void **state)
{
	struct tkup_msg m;
	size_t n = tkup_build_text(buf, TKUP_READY, 0, "ok criu check: Looks good.");

	(void)state;
	assert_true(n > sizeof(struct tkup_hdr));
	assert_int_equal(tkup_parse(buf, n, &m, why, sizeof(why)), 0);
	assert_int_equal(m.type, TKUP_READY);
	assert_string_equal(m.text, "ok criu check: Looks good.");
}

static void file_round_trip(void **state)
{
	struct tkup_msg m;
	const char data[] = "pages";
	size_t n = tkup_build_file(buf, TKUP_DIR_FINAL, "pages-1.img", 100, 95,
				   0600, data, 5);

	(void)state;
	assert_int_equal(tkup_parse(buf, n, &m, why, sizeof(why)), 0);
	assert_int_equal(m.type, TKUP_FILE);
	assert_int_equal(m.arg, TKUP_DIR_FINAL);
	assert_string_equal(m.file.name, "pages-1.img");
	assert_int_equal(m.file.size, 100);
	assert_int_equal(m.file.offset, 95);
	assert_int_equal(m.data_len, 5);
	assert_memory_equal(m.data, "pages", 5);
}

static void dir_end_round_trip(void **state)
{
	struct tkup_msg m;
	size_t n = tkup_build_dir_end(buf, TKUP_DIR_PRE, 7, 123456);

	(void)state;
	assert_int_equal(tkup_parse(buf, n, &m, why, sizeof(why)), 0);
	assert_int_equal(m.type, TKUP_DIR_END);
	assert_int_equal(m.end.files, 7);
	assert_int_equal(m.end.bytes, 123456);
}

static void names(void **state)
{
	(void)state;
	assert_true(tkup_name_ok("core-123.img"));
	assert_true(tkup_name_ok("inventory.img"));
	assert_false(tkup_name_ok(""));
	assert_false(tkup_name_ok("."));
	assert_false(tkup_name_ok(".."));
	assert_false(tkup_name_ok("../etc/passwd"));
	assert_false(tkup_name_ok("a/b"));
	assert_false(tkup_name_ok(".hidden"));
	assert_false(tkup_name_ok("sp ace"));
	/* and the builder refuses what the parser would */
	assert_int_equal(tkup_build_file(buf, TKUP_DIR_PRE, "../x", 1, 0, 0600, "x", 1), 0);
	assert_int_equal(tkup_build_file(buf, TKUP_DIR_MAX, "x", 1, 0, 0600, "x", 1), 0);
}

/* Each service has its own pre-copy and final folders, named as in B. */
static void service_folders(void **state)
{
	struct tkup_msg m;
	size_t n;

	(void)state;
	assert_string_equal(tkup_dir_name(TKUP_DIR_TEST), "test");
	assert_string_equal(tkup_dir_name(TKUP_DIR_PRE_OF(0)), "pre");
	assert_string_equal(tkup_dir_name(TKUP_DIR_FINAL_OF(0)), "final");
	assert_string_equal(tkup_dir_name(TKUP_DIR_PRE_OF(1)), "pre1");
	assert_string_equal(tkup_dir_name(TKUP_DIR_FINAL_OF(1)), "final1");
	assert_string_equal(tkup_dir_name(TKUP_DIR_PRE_OF(TKUP_SERVICES_MAX - 1)), "pre7");
	assert_string_equal(tkup_dir_name(TKUP_DIR_FINAL_OF(TKUP_SERVICES_MAX - 1)), "final7");
	assert_int_equal(TKUP_DIR_FINAL_OF(TKUP_SERVICES_MAX - 1), TKUP_DIR_MAX - 1);
	assert_null(tkup_dir_name(TKUP_DIR_MAX));
	n = tkup_build_file(buf, TKUP_DIR_FINAL_OF(7), "pages-1.img", 1, 0, 0600, "x", 1);
	assert_true(n > 0);
	assert_int_equal(tkup_parse(buf, n, &m, why, sizeof(why)), 0);
	assert_int_equal(m.arg, TKUP_DIR_FINAL_OF(7));
}

/* Patch a built message's payload and expect a refusal naming @what. */
static void refused(size_t n, const char *what)
{
	struct tkup_msg m;

	assert_int_equal(tkup_parse(buf, n, &m, why, sizeof(why)), -1);
	if (!strstr(why, what))
		fail_msg("reason \"%s\" does not say \"%s\"", why, what);
}

static void bad_headers(void **state)
{
	struct tkup_hdr h;
	size_t n = tkup_build_text(buf, TKUP_ACK, TKUP_DIR_PRE, "ok");

	(void)state;
	refused(3, "shorter than a header");
	memcpy(&h, buf, sizeof(h));
	h.magic ^= 1;
	memcpy(buf, &h, sizeof(h));
	refused(n, "magic");
	h.magic ^= 1;
	h.type = TKUP_TYPE_MAX;
	memcpy(buf, &h, sizeof(h));
	refused(n, "unknown message type");
	h.type = TKUP_ACK;
	h.len = 1000;
	memcpy(buf, &h, sizeof(h));
	refused(n, "payload length");
	h.len = 2;
	h.reserved = 1;
	memcpy(buf, &h, sizeof(h));
	refused(n, "reserved");
	h.reserved = 0;
	h.arg = TKUP_DIR_MAX;
	memcpy(buf, &h, sizeof(h));
	refused(n, "acknowledgement of folder");
	n = tkup_build_text(buf, TKUP_FACTS, 0, "ab");
	buf[sizeof(h)] = '\0';
	refused(n, "NUL");
}

static void bad_files(void **state)
{
	struct tkup_file f;
	size_t off = sizeof(struct tkup_hdr);
	size_t n = tkup_build_file(buf, TKUP_DIR_PRE, "pages-1.img", 10, 0, 0600,
				   "0123456789", 10);

	(void)state;
	/* a piece past the file's end */
	memcpy(&f, buf + off, sizeof(f));
	f.size = 5;
	memcpy(buf + off, &f, sizeof(f));
	refused(n, "piece");
	/* an offset past it */
	f.size = 10;
	f.offset = 11;
	memcpy(buf + off, &f, sizeof(f));
	refused(n, "piece");
	/* offset + length wrapping around */
	f.size = UINT64_MAX;
	f.offset = UINT64_MAX - 2;
	memcpy(buf + off, &f, sizeof(f));
	refused(n, "piece");
	/* a name with a slash, a name without its NUL, a setuid mode */
	f.size = 10;
	f.offset = 0;
	memcpy(f.name, "../../init", 11);
	memcpy(buf + off, &f, sizeof(f));
	refused(n, "file name");
	memset(f.name, 'a', sizeof(f.name));
	memcpy(buf + off, &f, sizeof(f));
	refused(n, "file name");
	memcpy(f.name, "ok.img", 7);
	f.mode = 04755;
	memcpy(buf + off, &f, sizeof(f));
	refused(n, "mode");
	/* too short for its file header; a folder that does not exist */
	n = tkup_build_text(buf, TKUP_READY, 0, "x");
	((struct tkup_hdr *)buf)->type = TKUP_FILE;
	refused(n, "file piece of");
	n = tkup_build_dir_end(buf, TKUP_DIR_PRE, 1, 1);
	((struct tkup_hdr *)buf)->arg = TKUP_DIR_MAX;
	refused(n, "image folder 17");
	n = tkup_build_dir_end(buf, TKUP_DIR_PRE, 1, 1);
	((struct tkup_hdr *)buf)->len = 8;
	refused(n - 8, "folder end of 8 bytes");
}

static void largest_piece_fits(void **state)
{
	static unsigned char data[TKUP_MSG_MAX];
	struct tkup_msg m;
	size_t n;

	(void)state;
	n = tkup_build_file(buf, TKUP_DIR_PRE, "big", (uint64_t)1 << 20, 0, 0600,
			    data, tkup_file_chunk());
	assert_int_equal(n, TKUP_MSG_MAX);
	assert_int_equal(tkup_parse(buf, n, &m, why, sizeof(why)), 0);
	assert_int_equal(tkup_build_file(buf, TKUP_DIR_PRE, "big", 1 << 20, 0,
					 0600, data, tkup_file_chunk() + 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_round_trip),
		cmocka_unit_test(file_round_trip),
		cmocka_unit_test(dir_end_round_trip),
		cmocka_unit_test(names),
		cmocka_unit_test(service_folders),
		cmocka_unit_test(bad_headers),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(largest_piece_fits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
