// SPDX-License-Identifier: GPL-2.0
/* Reading /proc/self/mounts: see mounts.h. */
#include <stdio.h>
#include <string.h>

#include "mounts.h"

/* /proc/mounts escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *o = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
				      (s[3] - '0'));
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
}

static int has_option(const char *opts, const char *want)
{
	size_t n = strlen(want);

	while (*opts) {
		if (!strncmp(opts, want, n) && (opts[n] == ',' || !opts[n]))
			return 1;
		opts = strchr(opts, ',');
		if (!opts)
			break;
		opts++;
	}
	return 0;
}

int tk_mount_to_freeze(const char *line, char *dir, size_t len)
{
	char src[256], mnt[256], type[64], opts[512];

	if (sscanf(line, "%255s %255s %63s %511s", src, mnt, type, opts) != 4)
		return -1;
	if (strncmp(src, "/dev/", 5) || !has_option(opts, "rw"))
		return 0;
	unescape(mnt);
	if (mnt[0] != '/' || strlen(mnt) >= len)
		return -1;
	snprintf(dir, len, "%s", mnt);
	return 1;
}

