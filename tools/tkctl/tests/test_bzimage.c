// SPDX-License-Identifier: GPL-2.0
/* Unit tests of tkctl's bzImage header check, on synthetic headers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bzimage.h"
#include "parse.h"

static unsigned char img[TK_BZ_PROBE_LEN];

static void put16(size_t off, unsigned int v)
{
	img[off] = v & 0xff;
	img[off + 1] = (v >> 8) & 0xff;
}

static void put32(size_t off, uint32_t v)
{
	put16(off, v & 0xffff);
	put16(off + 2, v >> 16);
}

/* A header like a 6.12 bzImage: 30 setup sectors, 1 MiB payload. */
static int setup(void **state)
{
	(void)state;
	memset(img, 0, sizeof(img));
	img[0x1f1] = 30;
	put32(0x1f4, (1 << 20) / 16);
	put16(0x1fe, 0xaa55);
	memcpy(img + 0x202, "HdrS", 4);
	put16(0x206, 0x020f);
	img[0x234] = 1;
	put16(0x236, 0x7f);
	return 0;
}

static const uint64_t good_size = 31 * 512 + (1 << 20);

static void accepts_good(void **state)
{
	char err[TK_ERRLEN] = "";

	(void)state;
	assert_int_equal(tk_check_bzimage(img, sizeof(img), good_size, err), 0);
}

static void expect_error(const char *what, uint64_t size)
{
	char err[TK_ERRLEN] = "";

	if (tk_check_bzimage(img, sizeof(img), size, err) != -ENOEXEC)
		fail_msg("accepted: %s", what);
	if (!strstr(err, what))
		fail_msg("message '%s' does not say '%s'", err, what);
}

static void rejects(void **state)
{
	char err[TK_ERRLEN];

	(void)state;
	expect_error("truncated", good_size - 1);
	assert_int_equal(tk_check_bzimage(img, 100, 100, err), -ENOEXEC);
	img[0x202] = 'X';
	expect_error("not a bzImage", good_size);
	setup(NULL);
	put16(0x206, 0x0209);
	expect_error("too old", good_size);
	setup(NULL);
	put16(0x236, 0);
	expect_error("64-bit", good_size);
	setup(NULL);
	img[0x234] = 0;
	expect_error("relocatable", good_size);
}

/* The whole setup header (to kernel_info_offset at 0x268, 4 bytes) must
 * be there, as the kernel's loader requires. */
static void needs_whole_header(void **state)
{
	char err[TK_ERRLEN] = "";

	(void)state;
	assert_int_equal(tk_check_bzimage(img, 0x26b, good_size, err), -ENOEXEC);
	assert_non_null(strstr(err, "too small"));
	assert_int_equal(tk_check_bzimage(img, 0x26c, good_size, err), 0);
}

/* As the kernel's loader: a file that ends where the payload starts is
 * truncated, even when syssize says 0. */
static void empty_payload(void **state)
{
	(void)state;
	put32(0x1f4, 0);
	expect_error("truncated", 31 * 512);
	setup(NULL);
	img[0x1f1] = 0;		/* 0 setup sectors means 4 */
	expect_error("truncated", 5 * 512 + (1 << 20) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(accepts_good, setup),
		cmocka_unit_test_setup(rejects, setup),
		cmocka_unit_test_setup(needs_whole_header, setup),
		cmocka_unit_test_setup(empty_payload, setup),
	};

	return cmocka_run_group_tests_name("bzimage", tests, NULL, NULL);
}
