/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Console lines: turn the bytes of a serial console shared by a kernel and
 * its userspace back into whole lines.
 *
 * A kernel writes each printk record to its serial console in one piece,
 * with the port locked, while userspace text waits in the UART's transmit
 * buffer. So a record can land in the middle of a userspace line:
 *
 *   TK-SCENARIO-STAR[    1.885802] input: ImExPS/2 ...\n
 *   T cpu-hotplug\n
 *
 * The reverse cannot happen: records are never cut. The assembler finds a
 * record that starts after the first byte of a line (its "[ seconds.micro]"
 * stamp), gives it out as a line of its own, and keeps the text before it as
 * the start of the next line, so the example gives
 * "[    1.885802] input: ImExPS/2 ..." and "TK-SCENARIO-START cpu-hotplug".
 * Carriage returns are dropped. No byte is lost; over-long lines are cut.
 *
 * Limit: a userspace line that itself shows a stamp after its first byte
 * (say "# [    1.2] twin: ...") is cut the same way.
 */
#ifndef CONSOLE_LINES_H
#define CONSOLE_LINES_H

#include <stddef.h>

#ifndef CONSOLE_LINE_MAX
#define CONSOLE_LINE_MAX 4096	/* the fuzzer builds with a small one */
#endif

typedef void (*console_line_fn)(void *ctx, const char *line, size_t len);

struct console_lines {
	char buf[CONSOLE_LINE_MAX];
	size_t len;
	console_line_fn emit;	/* gets each line, without '\n', NUL-ended */
	void *ctx;
};

void console_lines_init(struct console_lines *cl, console_line_fn emit,
			void *ctx);
/* Feed N bytes as they came from the port, in any chunks. */
void console_lines_feed(struct console_lines *cl, const char *data, size_t n);
/* The port closed: give out what is left, if anything. */
void console_lines_flush(struct console_lines *cl);
/*
 * The text of the line not ended yet (a prompt waiting for input, such as
 * "tk-a login: "), *LEN bytes, not NUL-ended; a kernel record that cut it
 * and has not ended either is part of it.
 */
const char *console_lines_pending(const struct console_lines *cl,
				  size_t *len);
/* Offset of the first printk stamp at or after FROM in S[0..LEN), or LEN. */
size_t console_find_stamp(const char *s, size_t len, size_t from);

#endif
