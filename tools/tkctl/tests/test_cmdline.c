// SPDX-License-Identifier: GPL-2.0
/* Unit tests of B's command line: does B's kernel see twin_kernel, split
 * as its parse_args() splits the line, and what tkctl hands B. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cmdline.h"

struct seen_case {
	const char *cmdline;
	bool seen;
};

static void check_cases(const struct seen_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tk_cmdline_has_param(c[i].cmdline, "twin_kernel") != c[i].seen)
			fail_msg("'%s': twin_kernel %s, expected %s", c[i].cmdline,
				 c[i].seen ? "not seen" : "seen",
				 c[i].seen ? "seen" : "not seen");
}

static void whole_parameter_only(void **state)
{
	static const struct seen_case cases[] = {
		{ "twin_kernel", true },
		{ "console=ttyS1 twin_kernel", true },
		{ "twin_kernel console=ttyS1", true },
		{ "  twin_kernel  ", true },
		{ "notwin_kernel", false },
		{ "twin_kernel_x", false },
		{ "twin_kernelx=1", false },
		{ "xtwin_kernel=1", false },
		{ "TWIN_KERNEL", false },
		{ "console=ttyS1,twin_kernel", false },
		{ "foo=twin_kernel", false },
		{ "", false },
		{ "   ", false },
	};

	(void)state;
	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void with_a_value(void **state)
{
	static const struct seen_case cases[] = {
		{ "twin_kernel=1", true },
		{ "twin_kernel=", true },
		{ "twin_kernel=0", true },	/* the kernel ignores the value */
		{ "a=b twin_kernel=x=y", true },
		{ "twin_kernel=\"a b\" c", true },
		{ "=twin_kernel", false },	/* a leading '=' is part of the name */
	};

	(void)state;
	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void quotes(void **state)
{
	static const struct seen_case cases[] = {
		{ "\"a twin_kernel\"", false },
		{ "x \"a twin_kernel\" y", false },
		{ "foo=\"bar twin_kernel\"", false },
		{ "foo=\"bar twin_kernel\" twin_kernel", true },
		{ "foo=\"bar twin_kernel baz", false },	/* never closed */
		{ "\"twin_kernel\"", true },
		{ "\"twin_kernel=1 2\"", true },
		{ "\"twin_kernel", true },		/* unclosed, the name is whole */
		{ "twin\"_\"kernel", false },
		{ "\"\" twin_kernel", true },
	};

	(void)state;
	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void spaces_dashes_and_init_args(void **state)
{
	static const struct seen_case cases[] = {
		{ "a\ttwin_kernel", true },
		{ "a\ntwin_kernel\n", true },
		{ "a\xa0twin_kernel", true },		/* the kernel's isspace() */
		{ "twin-kernel", true },		/* '-' and '_' are the same */
		{ "twin-kernel=1", true },
		{ "a -- twin_kernel", false },		/* init's, not the kernel's */
		{ "a \"--\" twin_kernel", false },
		{ "a --=x twin_kernel", true },		/* not a bare "--" */
		{ "a --x twin_kernel", true },
		{ "twin_kernel -- x", true },
	};

	(void)state;
	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void line_for_twin(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(tk_cmdline_for_twin("console=ttyS1,115200", out, sizeof(out)), 0);
	assert_string_equal(out, "twin_kernel console=ttyS1,115200");
	assert_int_equal(tk_cmdline_for_twin("notwin_kernel", out, sizeof(out)), 0);
	assert_string_equal(out, "twin_kernel notwin_kernel");
	assert_int_equal(tk_cmdline_for_twin("a twin_kernel=1", out, sizeof(out)), 0);
	assert_string_equal(out, "a twin_kernel=1");
	/* In front: still B's after "--" or an unclosed quote. */
	assert_int_equal(tk_cmdline_for_twin("a -- twin_kernel", out, sizeof(out)), 0);
	assert_string_equal(out, "twin_kernel a -- twin_kernel");
	assert_int_equal(tk_cmdline_for_twin("a=\"b", out, sizeof(out)), 0);
	assert_string_equal(out, "twin_kernel a=\"b");
	assert_true(tk_cmdline_has_param(out, "twin_kernel"));
	assert_int_equal(tk_cmdline_for_twin("", out, sizeof(out)), 0);
	assert_string_equal(out, "twin_kernel");
	/* Exactly full, and one byte short. */
	assert_int_equal(tk_cmdline_for_twin("abc", out, sizeof("twin_kernel abc")), 0);
	assert_int_equal(tk_cmdline_for_twin("abc", out, sizeof("twin_kernel abc") - 1),
			 -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_parameter_only),
		cmocka_unit_test(with_a_value),
		cmocka_unit_test(quotes),
		cmocka_unit_test(spaces_dashes_and_init_args),
		cmocka_unit_test(line_for_twin),
	};

	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
