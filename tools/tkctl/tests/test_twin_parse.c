// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the kernel's parsers (kernel/twin/twin_parse.c), built on
 * the host: PCI lists as pci_dev_flags= and tkctl --pci give them, device
 * matching, and twinkernel= sizes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "twin_parse.h"

static void seed_syntax(void **state)
{
	struct twin_pci_dev l[TWIN_PCI_MAX];
	unsigned int n = 0;

	(void)state;
	/* The seed's own value, verbatim. */
	assert_int_equal(twin_parse_pci_list(
		"0x8086:0x100e:b,0x8086:0x1237:b,0x8086:0x7000:b,0x8086:0x7010:b,0x8086:0x7113:b,0x1234:0x1111:b",
		TWIN_PARSE_SEED_FLAGS, l, TWIN_PCI_MAX, &n), 0);
	assert_int_equal(n, 6);
	assert_int_equal(l[0].kind, TWIN_PCI_BY_ID);
	assert_int_equal(l[0].domain_or_vendor, 0x8086);
	assert_int_equal(l[0].device, 0x100e);
	assert_int_equal(l[5].domain_or_vendor, 0x1234);
	/* Addresses with the flag, and without. */
	assert_int_equal(twin_parse_pci_list("00:04.0:b,0000:00:05.1",
		TWIN_PARSE_SEED_FLAGS, l, TWIN_PCI_MAX, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(l[0].devfn, 4 << 3);
	assert_int_equal(l[1].devfn, (5 << 3) | 1);
	/* Without the seed flag the ":b" is an error. */
	assert_int_not_equal(twin_parse_pci_list("8086:100e:b", 0, l,
		TWIN_PCI_MAX, &n), 0);
	/* Unknown flags are errors. */
	assert_int_not_equal(twin_parse_pci_list("8086:100e:x",
		TWIN_PARSE_SEED_FLAGS, l, TWIN_PCI_MAX, &n), 0);
}

static void limits_and_errors(void **state)
{
	struct twin_pci_dev l[2] = { { .kind = 77 }, { .kind = 77 } };
	unsigned int n = 42;

	(void)state;
	assert_int_equal(twin_parse_pci_list("00:01.0,00:02.0,00:03.0", 0, l, 2,
					     &n), -E2BIG);
	assert_int_equal(twin_parse_pci_list("00:01.0,00:01.0", 0, l, 2, &n),
			 -EINVAL);
	assert_int_equal(twin_parse_pci_list(NULL, 0, l, 2, &n), -EINVAL);
	assert_int_equal(twin_parse_pci_list("", 0, l, 2, &n), -EINVAL);
	assert_int_equal(twin_parse_pci_list("00:01.0", 0, l,
					     TWIN_PCI_MAX + 1, &n), -EINVAL);
	/* Nothing written on error. */
	assert_int_equal(n, 42);
	assert_int_equal(l[0].kind, 77);
	assert_int_equal(l[1].kind, 77);
}

static void matching(void **state)
{
	struct twin_pci_dev l[2];
	unsigned int n;

	(void)state;
	assert_int_equal(twin_parse_pci_list("00:04.0,1af4:1000", 0, l, 2, &n), 0);
	assert_true(twin_pci_match(&l[0], 0, 0, 4 << 3, 0x8086, 0x100e));
	assert_false(twin_pci_match(&l[0], 1, 0, 4 << 3, 0x8086, 0x100e));
	assert_false(twin_pci_match(&l[0], 0, 0, (4 << 3) | 1, 0x8086, 0x100e));
	assert_true(twin_pci_match(&l[1], 0, 7, 0, 0x1af4, 0x1000));
	assert_false(twin_pci_match(&l[1], 0, 7, 0, 0x1af4, 0x1001));
	l[0].kind = 0;
	assert_false(twin_pci_match(&l[0], 0, 0, 4 << 3, 0, 0));
}

static void mem_specs(void **state)
{
	uint64_t size = 1, base = 1;

	(void)state;
	assert_int_equal(twin_parse_mem_spec("256M", 1ULL << 30, &size, &base), 0);
	assert_int_equal(size, 256ULL << 20);
	assert_int_equal(base, 0);
	assert_int_equal(twin_parse_mem_spec("128M@512M", 1ULL << 30, &size,
					     &base), 0);
	assert_int_equal(size, 128ULL << 20);
	assert_int_equal(base, 512ULL << 20);
	/* Ranges: the line whose range holds the RAM size wins. */
	assert_int_equal(twin_parse_mem_spec("512M-2G:64M,2G-:128M",
					     1ULL << 30, &size, &base), 0);
	assert_int_equal(size, 64ULL << 20);
	assert_int_equal(twin_parse_mem_spec("512M-2G:64M,2G-:128M@1G",
					     4ULL << 30, &size, &base), 0);
	assert_int_equal(size, 128ULL << 20);
	assert_int_equal(base, 1ULL << 30);
	size = 7;
	assert_int_equal(twin_parse_mem_spec("512M-2G:64M", 256ULL << 20,
					     &size, &base), -ENOENT);
	assert_int_equal(size, 7);
}

static void mem_spec_errors(void **state)
{
	static const char *const bad[] = {
		"", "M", "0", "12T", "256M@", "256M@x", "@16M", "256MB",
		"1G-512M:64M", "512M-2G", "512M-2G:", "512M:64M", "-2G:64M",
		"99999999999999999999", "17179869184G", "256M,128M", "256M@16M@32M",
	};
	uint64_t size = 7, base = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = twin_parse_mem_spec(bad[i], 1ULL << 30, &size, &base);

		if (ret != -EINVAL)
			fail_msg("'%s' gave %d, expected -EINVAL", bad[i], ret);
	}
	assert_int_equal(size, 7);
	assert_int_equal(base, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_syntax),
		cmocka_unit_test(limits_and_errors),
		cmocka_unit_test(matching),
		cmocka_unit_test(mem_specs),
		cmocka_unit_test(mem_spec_errors),
	};

	return cmocka_run_group_tests_name("twin_parse", tests, NULL, NULL);
}
