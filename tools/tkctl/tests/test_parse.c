// SPDX-License-Identifier: GPL-2.0
/* Unit tests of tkctl's argument parsers: PCI lists, CPU numbers, sizes. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "parse.h"

static void pci_bdf_forms(void **state)
{
	struct tk_pci_list l;
	char err[TK_ERRLEN], buf[256];

	(void)state;
	assert_int_equal(tk_parse_pci_list("00:04.0", &l, err), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.dev[0].kind, TWIN_PCI_BY_ADDR);
	assert_int_equal(l.dev[0].devfn, 4 << 3);
	assert_int_equal(tk_parse_pci_list("0001:ff:1f.7,00:03.0", &l, err), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.dev[0].domain_or_vendor, 1);
	assert_int_equal(l.dev[0].bus, 0xff);
	assert_int_equal(l.dev[0].devfn, (0x1f << 3) | 7);
	assert_int_equal(tk_format_pci_list(&l, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "0001:ff:1f.7,0000:00:03.0");
}

static void pci_id_forms(void **state)
{
	struct tk_pci_list l;
	char err[TK_ERRLEN], buf[256];

	(void)state;
	assert_int_equal(tk_parse_pci_list("1af4:1000,0x8086:0x100E", &l, err), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.dev[0].kind, TWIN_PCI_BY_ID);
	assert_int_equal(l.dev[1].domain_or_vendor, 0x8086);
	assert_int_equal(l.dev[1].device, 0x100e);
	assert_int_equal(tk_format_pci_list(&l, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "1af4:1000,8086:100e");
}

static void pci_rejects(void **state)
{
	static const char *const bad[] = {
		"", ",", "00:04.0,", ",00:04.0", "00:04", "00:20.0", "00:04.8",
		"100:04.0", "0:0:0:0.0", "00:04.0x", "xyz", "1af4", "1af4:",
		":1000", "1af4:10000", "ffff:1000", "00:04.0,00:04.0",
		"1af4:1000,1af4:1000", "00:04.00", "0x00:04.0", "1af4:1000:b",
		"-1:04.0", " 00:04.0",
	};
	struct tk_pci_list l = { .n = 99 };
	char err[TK_ERRLEN];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (tk_parse_pci_list(bad[i], &l, err) == 0)
			fail_msg("accepted bad PCI list '%s'", bad[i]);
		assert_true(strlen(err) > 0);
		assert_int_equal(l.n, 99);	/* output untouched */
	}
}

static void pci_too_many(void **state)
{
	char s[TWIN_PCI_MAX * 9 + 16] = "", err[TK_ERRLEN];
	struct tk_pci_list l;

	(void)state;
	for (int i = 0; i <= TWIN_PCI_MAX; i++) {
		char one[16];

		snprintf(one, sizeof(one), "%s%02x:00.0", i ? "," : "", i);
		strcat(s, one);
	}
	assert_int_not_equal(tk_parse_pci_list(s, &l, err), 0);
	assert_non_null(strstr(err, "more than"));
}

static void pci_format_overflow(void **state)
{
	struct tk_pci_list l;
	char err[TK_ERRLEN], buf[8];

	(void)state;
	assert_int_equal(tk_parse_pci_list("00:04.0", &l, err), 0);
	assert_int_not_equal(tk_format_pci_list(&l, buf, sizeof(buf)), 0);
}

static void cpu_numbers(void **state)
{
	char err[TK_ERRLEN];
	unsigned int cpu = 77;

	(void)state;
	assert_int_equal(tk_parse_cpu("3", 7, &cpu, err), 0);
	assert_int_equal(cpu, 3);
	assert_int_equal(tk_parse_cpu("0", 7, &cpu, err), 0);
	assert_int_equal(cpu, 0);
	cpu = 77;
	assert_int_not_equal(tk_parse_cpu("8", 7, &cpu, err), 0);
	assert_int_not_equal(tk_parse_cpu("", 7, &cpu, err), 0);
	assert_int_not_equal(tk_parse_cpu("-1", 7, &cpu, err), 0);
	assert_int_not_equal(tk_parse_cpu("1x", 7, &cpu, err), 0);
	assert_int_not_equal(tk_parse_cpu("99999999999999999999", 7, &cpu, err), 0);
	assert_int_equal(cpu, 77);
}

static void cpu_lists(void **state)
{
	static const char *const bad[] = {
		"", ",", "2,", ",2", "a", "2-", "-2", "3-2", "64", "0-64", "2,2",
		"1-3,3", "2 ", " 2", "2;3", "1--3", "99999999999999999999",
	};
	uint64_t m = 7;
	char err[TK_ERRLEN];

	(void)state;
	assert_int_equal(tk_parse_cpu_list("2", &m, err), 0);
	assert_true(m == 0x4);
	assert_int_equal(tk_parse_cpu_list("1-3,5", &m, err), 0);
	assert_true(m == 0x2e);
	assert_int_equal(tk_parse_cpu_list("0-63", &m, err), 0);
	assert_true(m == ~0ULL);
	assert_int_equal(tk_parse_cpu_list("63,0", &m, err), 0);
	assert_true(m == (1ULL << 63 | 1));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = 7;
		err[0] = '\0';
		if (tk_parse_cpu_list(bad[i], &m, err) != -EINVAL)
			fail_msg("'%s' was accepted", bad[i]);
		assert_true(m == 7);
		assert_true(err[0] != '\0');
	}
}

static void highest_cpu(void **state)
{
	(void)state;
	assert_int_equal(tk_highest_cpu("0-1\n"), 1);
	assert_int_equal(tk_highest_cpu("0-3,5"), 5);
	assert_int_equal(tk_highest_cpu("0,2-3\n"), 3);
	assert_int_equal(tk_highest_cpu("0"), -1);
	assert_int_equal(tk_highest_cpu(""), -1);
	assert_int_equal(tk_highest_cpu("x"), -1);
	assert_int_equal(tk_highest_cpu("3-1"), -1);
	assert_int_equal(tk_highest_cpu("0;1"), -1);
}

static void sizes(void **state)
{
	char err[TK_ERRLEN];
	uint64_t v = 5;

	(void)state;
	assert_int_equal(tk_parse_size("256M", &v, err), 0);
	assert_int_equal(v, 256ULL << 20);
	assert_int_equal(tk_parse_size("1G", &v, err), 0);
	assert_int_equal(v, 1ULL << 30);
	assert_int_equal(tk_parse_size("4096", &v, err), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(tk_parse_size("16k", &v, err), 0);
	assert_int_equal(v, 16384);
	v = 5;
	assert_int_not_equal(tk_parse_size("", &v, err), 0);
	assert_int_not_equal(tk_parse_size("M", &v, err), 0);
	assert_int_not_equal(tk_parse_size("12T", &v, err), 0);
	assert_int_not_equal(tk_parse_size("12MB", &v, err), 0);
	assert_int_not_equal(tk_parse_size("99999999999999999999", &v, err), 0);
	assert_int_not_equal(tk_parse_size("17179869184G", &v, err), 0);
	assert_int_equal(v, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pci_bdf_forms),
		cmocka_unit_test(pci_id_forms),
		cmocka_unit_test(pci_rejects),
		cmocka_unit_test(pci_too_many),
		cmocka_unit_test(pci_format_overflow),
		cmocka_unit_test(cpu_numbers),
		cmocka_unit_test(cpu_lists),
		cmocka_unit_test(highest_cpu),
		cmocka_unit_test(sizes),
	};

	return cmocka_run_group_tests_name("tkctl_parse", tests, NULL, NULL);
}
