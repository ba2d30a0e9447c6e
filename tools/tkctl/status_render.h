/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "tkctl status" from one snapshot of the kernel (struct twin_status in
 * A, struct twin_chan_status in B), as a list of fields that both forms
 * print: the same keys, in the same order, with the same values.
 *
 *   text:  one "key: value" line per field; the key is the JSON key with
 *          '-' for '_'. After a number, a note may follow for people (a
 *          unit or the number in other words): the value is the first
 *          word. A string is the rest of the line.
 *   JSON:  one object on one line, {"key":value,...}, no spaces.
 *
 * A string is written the same way in both forms (JSON adds the quotes):
 * printable ASCII as it is, '"' and '\' escaped with '\', every other
 * byte as \u00XX, so that no value, whatever B wrote in it, can start a
 * line of its own or end the JSON string early.
 */
#ifndef TK_STATUS_RENDER_H
#define TK_STATUS_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include <linux/twin.h>

enum tk_value_kind { TK_VAL_STR, TK_VAL_UNSIGNED, TK_VAL_SIGNED };

struct tk_field {
	const char *key;	/* the JSON key */
	enum tk_value_kind kind;
	char str[128];		/* TK_VAL_STR */
	unsigned long long u;	/* TK_VAL_UNSIGNED */
	long long s;		/* TK_VAL_SIGNED */
	char note[64];		/* text only, after a number; may be empty */
};

/* More than either list has. */
#define TK_STATUS_FIELDS_MAX 32

/* Kernel A's twin and channel: role A, the twin, then the channel.
 * Returns the number of fields written to @f. */
size_t tk_status_fields(const struct twin_status *st, struct tk_field *f);
/*
 * A kernel that booted as a twin, took the machine over and now hosts:
 * its takeover line (/sys/kernel/twin/takeover) after the fields @n.
 */
size_t tk_status_add_takeover(struct tk_field *f, size_t n,
			      const char *takeover);
/* Kernel B (no twin of its own): role B, then the channel, then the
 * takeover of the machine from A (/sys/kernel/twin/takeover: "none",
 * "waiting", "done: ..." or "failed: ..."; NULL when this kernel has none). */
size_t tk_chan_status_fields(const struct twin_chan_status *ch,
			     const char *takeover, struct tk_field *f);

/* Write @s escaped as described above, without quotes. */
void tk_put_escaped(FILE *out, const char *s);
/* Print the @n fields as text lines, or as one JSON object and a newline. */
void tk_fields_print(FILE *out, const struct tk_field *f, size_t n, int json);

#endif
