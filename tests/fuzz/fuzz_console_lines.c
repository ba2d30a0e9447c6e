// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the host's console line assembler (tools/tkcon) reads
 * whatever a guest kernel and its userspace print. Any bytes, in any chunks:
 * no crash, every line is shorter than the buffer and has no CR or LF, and
 * no other byte is lost or made up.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "console_lines.h"

struct tally {
	size_t bytes;
};

static void count(void *ctx, const char *line, size_t len)
{
	struct tally *t = ctx;

	if (len >= CONSOLE_LINE_MAX || strlen(line) > len ||
	    memchr(line, '\n', len) || memchr(line, '\r', len))
		abort();
	t->bytes += len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct console_lines cl;
	struct tally t = { 0 };
	size_t kept = 0, i = 1, chunk;

	if (!size)
		return 0;
	chunk = data[0] % 17 + 1;	/* the first byte picks the chunk size */
	console_lines_init(&cl, count, &t);
	for (; i < size; i += chunk)
		console_lines_feed(&cl, (const char *)data + i,
				   size - i < chunk ? size - i : chunk);
	console_lines_flush(&cl);
	for (i = 1; i < size; i++)
		kept += data[i] != '\n' && data[i] != '\r';
	if (t.bytes != kept)
		abort();
	return 0;
}
