// SPDX-License-Identifier: GPL-2.0
/* Fields of INFO and CLIENT INFO replies (fields.h). */
#include <string.h>

#include "fields.h"

int field_get(const char *text, size_t len, const char *key, char sep,
	      const char *ends, char *out, size_t cap)
{
	size_t klen = strlen(key), elen = strlen(ends);

	out[0] = '\0';
	for (size_t i = 0; i + klen < len; i++) {
		size_t o = 0, j;

		/* memchr, not strchr: a NUL in the text is no separator. */
		if (i > 0 && !memchr(ends, text[i - 1], elen))
			continue;
		if (memcmp(text + i, key, klen) || text[i + klen] != sep)
			continue;
		for (j = i + klen + 1; j < len && !memchr(ends, text[j], elen); j++)
			if (o + 1 < cap)
				out[o++] = text[j] >= ' ' && text[j] <= '~' ?
					   text[j] : '?';
		out[o] = '\0';
		return 0;
	}
	return -1;
}
