// SPDX-License-Identifier: GPL-2.0
/* Kernel B's command line, split the way B's kernel splits it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmdline.h"

#define TWIN_PARAM "twin_kernel"

/* White space for the kernel: its ctype table also counts 0xa0. */
static bool kernel_space(char c)
{
	unsigned char u = (unsigned char)c;

	return u == ' ' || (u >= '\t' && u <= '\r') || u == 0xa0;
}

/* Parameter names compare with '-' and '_' as the same character. */
static bool same_name(const char *a, size_t alen, const char *name)
{
	if (alen != strlen(name))
		return false;
	for (size_t i = 0; i < alen; i++) {
		char x = a[i] == '-' ? '_' : a[i];
		char y = name[i] == '-' ? '_' : name[i];

		if (x != y)
			return false;
	}
	return true;
}

/*
 * One parameter at @p (no leading space): its name in [*name, *name +
 * *name_len), whether it has a value, and where the next one starts.
 */
static const char *next_param(const char *p, const char **name,
			      size_t *name_len, bool *has_value)
{
	bool quoted = *p == '"', in_quote;
	size_t i, equals = 0;

	if (quoted)
		p++;
	in_quote = quoted;
	for (i = 0; p[i] && (in_quote || !kernel_space(p[i])); i++) {
		/* The first '=' after the first character splits off the value. */
		if (!equals && i > 0 && p[i] == '=')
			equals = i;
		if (p[i] == '"')
			in_quote = !in_quote;
	}
	*name = p;
	*has_value = equals > 0;
	if (equals)
		*name_len = equals;
	else if (quoted && i > 0 && p[i - 1] == '"')
		*name_len = i - 1;	/* the closing quote of "name" */
	else
		*name_len = i;
	return p[i] ? p + i + 1 : p + i;
}

bool tk_cmdline_has_param(const char *cmdline, const char *name)
{
	const char *p = cmdline, *param;
	size_t len;
	bool has_value;

	for (;;) {
		while (kernel_space(*p))
			p++;
		if (!*p)
			return false;
		p = next_param(p, &param, &len, &has_value);
		if (!has_value && len == 2 && !strncmp(param, "--", 2))
			return false;	/* the rest is init's */
		if (same_name(param, len, name))
			return true;
	}
}

int tk_cmdline_for_twin(const char *user, char *out, size_t len)
{
	int n;

	if (tk_cmdline_has_param(user, TWIN_PARAM))
		n = snprintf(out, len, "%s", user);
	else
		n = snprintf(out, len, TWIN_PARAM "%s%s", *user ? " " : "", user);
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}
