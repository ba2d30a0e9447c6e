// SPDX-License-Identifier: GPL-2.0
/* Console lines: see console_lines.h for why and how. */
#include "console_lines.h"

#include <string.h>

void console_lines_init(struct console_lines *cl, console_line_fn emit,
			void *ctx)
{
	cl->len = 0;
	cl->emit = emit;
	cl->ctx = ctx;
}

/* "[" spaces digits "." six digits "]": printk's time stamp (printk.time). */
static size_t stamp_len(const char *s, size_t len)
{
	size_t i = 1, digits = 0;

	if (len < 10 || s[0] != '[')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		i++;
		digits++;
	}
	if (!digits || i >= len || s[i] != '.')
		return 0;
	i++;
	for (digits = 0; digits < 6; digits++, i++)
		if (i >= len || s[i] < '0' || s[i] > '9')
			return 0;
	return i < len && s[i] == ']' ? i + 1 : 0;
}

size_t console_find_stamp(const char *s, size_t len, size_t from)
{
	for (size_t i = from; i < len; i++)
		if (s[i] == '[' && stamp_len(s + i, len - i))
			return i;
	return len;
}

static void give(struct console_lines *cl, char *line, size_t len)
{
	char saved = line[len];

	line[len] = '\0';
	cl->emit(cl->ctx, line, len);
	line[len] = saved;
}

/* A physical line ended: split out a record that cut a userspace line. */
static void end_of_line(struct console_lines *cl)
{
	size_t k = console_find_stamp(cl->buf, cl->len, 1);

	if (k == cl->len) {
		give(cl, cl->buf, cl->len);
		cl->len = 0;
		return;
	}
	/* The record runs to the end of this physical line; what came
	 * before it continues on the next one.
	 */
	give(cl, cl->buf + k, cl->len - k);
	cl->len = k;
}

void console_lines_feed(struct console_lines *cl, const char *data, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = data[i];

		if (c == '\r')
			continue;
		if (c == '\n') {
			end_of_line(cl);
			continue;
		}
		if (cl->len == CONSOLE_LINE_MAX - 1) {
			give(cl, cl->buf, cl->len);	/* cut, lose nothing */
			cl->len = 0;
		}
		cl->buf[cl->len++] = c;
	}
}

void console_lines_flush(struct console_lines *cl)
{
	if (cl->len)
		give(cl, cl->buf, cl->len);
	cl->len = 0;
}

const char *console_lines_pending(const struct console_lines *cl,
				  size_t *len)
{
	*len = cl->len;
	return cl->buf;
}
