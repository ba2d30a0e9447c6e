// SPDX-License-Identifier: GPL-2.0
/* "tkctl status" in words or in JSON, from one snapshot: see
 * status_render.h. Pure: no system call but writing to the stream. */
#include <string.h>
#include <time.h>

#include "names.h"
#include "status_render.h"

/* Text: the width of "key:" before the value. */
#define TK_KEY_WIDTH 16

static struct tk_field *add(struct tk_field *f, size_t *n, const char *key,
			    enum tk_value_kind kind)
{
	struct tk_field *x = &f[(*n)++];

	memset(x, 0, sizeof(*x));
	x->key = key;
	x->kind = kind;
	return x;
}

/* A string field from a kernel array of @size bytes, NUL or not. */
static void add_str(struct tk_field *f, size_t *n, const char *key,
		    const char *s, size_t size)
{
	struct tk_field *x = add(f, n, key, TK_VAL_STR);
	size_t len = strnlen(s, size);

	if (len >= sizeof(x->str))
		len = sizeof(x->str) - 1;
	memcpy(x->str, s, len);
	x->str[len] = '\0';
}

static struct tk_field *add_u(struct tk_field *f, size_t *n, const char *key,
			      unsigned long long v)
{
	struct tk_field *x = add(f, n, key, TK_VAL_UNSIGNED);

	x->u = v;
	return x;
}

static struct tk_field *add_s(struct tk_field *f, size_t *n, const char *key,
			      long long v)
{
	struct tk_field *x = add(f, n, key, TK_VAL_SIGNED);

	x->s = v;
	return x;
}

/* Milliseconds also as seconds, for people. */
static void ms_note(struct tk_field *x, unsigned long long ms)
{
	if (ms)
		snprintf(x->note, sizeof(x->note), "(%llu.%03llu s)", ms / 1000,
			 ms % 1000);
}

static size_t chan_fields(const struct twin_chan_status *ch,
			  struct tk_field *f, size_t n)
{
	char buf[TK_NAME_LEN];
	const char *name = tk_chan_state_name(ch->state, buf);

	add_str(f, &n, "channel", name, strlen(name) + 1);
	snprintf(add_u(f, &n, "sent", ch->tx_msgs)->note, sizeof(f->note),
		 "messages");
	add_u(f, &n, "sent_bytes", ch->tx_bytes);
	snprintf(add_u(f, &n, "received", ch->rx_msgs)->note, sizeof(f->note),
		 "messages");
	add_u(f, &n, "received_bytes", ch->rx_bytes);
	add_u(f, &n, "drops", ch->drops);
	snprintf(add_u(f, &n, "errors", ch->errors)->note, sizeof(f->note),
		 "(corrupt rings found)");
	add_u(f, &n, "doorbells_in", ch->doorbells_in);
	add_u(f, &n, "doorbells_out", ch->doorbells_out);
	return n;
}

/* Bit n = CPU n, as a sysfs CPU list ("2-3,5"); empty for none. */
static void cpu_list(unsigned long long mask, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int lo = 0; lo < 64; lo++) {
		int hi = lo, n;

		if (!(mask >> lo & 1))
			continue;
		while (hi < 63 && (mask >> (hi + 1) & 1))
			hi++;
		n = hi > lo ? snprintf(buf + used, len - used, "%s%d-%d",
				       used ? "," : "", lo, hi) :
			      snprintf(buf + used, len - used, "%s%d",
				       used ? "," : "", lo);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
		lo = hi;
	}
}

size_t tk_status_fields(const struct twin_status *st, struct tk_field *f)
{
	char cpus[128];
	char buf[TK_NAME_LEN], bbuf[TK_NAME_LEN];
	const char *state = tk_state_name(st->state, buf);
	const char *b_state = tk_b_state_name(st->b_state, bbuf);
	struct tk_field *x;
	struct tm tm;
	time_t t;
	size_t n = 0;

	add_str(f, &n, "role", "A", 2);
	add_str(f, &n, "state", state, strlen(state) + 1);
	x = add_s(f, &n, "cpu", st->cpu);
	if (st->cpu < 0)
		snprintf(x->note, sizeof(x->note), "(none)");
	cpu_list(st->cpus_given, cpus, sizeof(cpus));
	add_str(f, &n, "cpus_given", cpus, sizeof(cpus));
	x = add_u(f, &n, "mem_start", st->mem_start);
	if (st->mem_size)
		snprintf(x->note, sizeof(x->note), "(0x%llx)",
			 (unsigned long long)st->mem_start);
	x = add_u(f, &n, "mem_size", st->mem_size);
	if (st->mem_size)
		snprintf(x->note, sizeof(x->note), "(%llu MiB)",
			 (unsigned long long)st->mem_size >> 20);
	else
		snprintf(x->note, sizeof(x->note),
			 "(none reserved: boot with twinkernel=SIZE)");
	ms_note(add_u(f, &n, "running_ms", st->running_ms), st->running_ms);
	add_str(f, &n, "reason", st->reason, sizeof(st->reason));
	x = add_s(f, &n, "ended_at", st->ended_at);
	t = (time_t)st->ended_at;
	if (st->ended_at && gmtime_r(&t, &tm))
		strftime(x->note, sizeof(x->note), "(%Y-%m-%d %H:%M:%S UTC)", &tm);
	add_str(f, &n, "b_state", b_state, strlen(b_state) + 1);
	add_str(f, &n, "b_kernel", st->b_release, sizeof(st->b_release));
	ms_note(add_u(f, &n, "b_uptime_ms", st->b_uptime_ms), st->b_uptime_ms);
	add_u(f, &n, "b_heartbeat", st->b_heartbeat);
	return chan_fields(&st->chan, f, n);
}

size_t tk_chan_status_fields(const struct twin_chan_status *ch,
			     const char *takeover, struct tk_field *f)
{
	size_t n = 0;

	add_str(f, &n, "role", "B", 2);
	n = chan_fields(ch, f, n);
	if (takeover)
		add_str(f, &n, "takeover", takeover, strlen(takeover) + 1);
	return n;
}

size_t tk_status_add_takeover(struct tk_field *f, size_t n,
			      const char *takeover)
{
	if (n < TK_STATUS_FIELDS_MAX)
		add_str(f, &n, "takeover", takeover, strlen(takeover) + 1);
	return n;
}

void tk_put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
}

static void put_value(FILE *out, const struct tk_field *x)
{
	switch (x->kind) {
	case TK_VAL_STR:
		tk_put_escaped(out, x->str);
		break;
	case TK_VAL_UNSIGNED:
		fprintf(out, "%llu", x->u);
		break;
	case TK_VAL_SIGNED:
		fprintf(out, "%lld", x->s);
		break;
	}
}

static void print_text(FILE *out, const struct tk_field *x)
{
	int len = 0;

	for (const char *k = x->key; *k; k++, len++)
		fputc(*k == '_' ? '-' : *k, out);
	fputc(':', out);
	len++;
	if (x->kind == TK_VAL_STR && !x->str[0]) {
		fputc('\n', out);
		return;
	}
	fprintf(out, "%*s", len < TK_KEY_WIDTH ? TK_KEY_WIDTH - len : 1, "");
	put_value(out, x);
	if (x->kind != TK_VAL_STR && x->note[0])
		fprintf(out, " %s", x->note);
	fputc('\n', out);
}

void tk_fields_print(FILE *out, const struct tk_field *f, size_t n, int json)
{
	if (!json) {
		for (size_t i = 0; i < n; i++)
			print_text(out, &f[i]);
		return;
	}
	fputc('{', out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s\"%s\":", i ? "," : "", f[i].key);
		if (f[i].kind == TK_VAL_STR)
			fputc('"', out);
		put_value(out, &f[i]);
		if (f[i].kind == TK_VAL_STR)
			fputc('"', out);
	}
	fputs("}\n", out);
}
