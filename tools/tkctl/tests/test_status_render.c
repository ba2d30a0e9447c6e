// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of "tkctl status" rendering (status_render.c): from a given
 * snapshot, the text and the JSON carry the same keys in the same order
 * with the same values, every key is there, strings are escaped alike,
 * and the lines the scenario scripts grep for are still there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <regex.h>
#include <cmocka.h>

#include <linux/twin_abi.h>

#include "status_render.h"

/* Every key of kernel A's status, in order; B has role and the channel. */
static const char *const a_keys[] = {
	"role", "state", "cpu", "cpus_given", "mem_start", "mem_size", "running_ms",
	"reason", "ended_at", "b_state", "b_kernel", "b_uptime_ms",
	"b_heartbeat", "channel", "sent", "sent_bytes", "received",
	"received_bytes", "drops", "errors", "doorbells_in", "doorbells_out",
};
static const char *const b_keys[] = {
	"role", "channel", "sent", "sent_bytes", "received", "received_bytes",
	"drops", "errors", "doorbells_in", "doorbells_out",
};
#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

struct kv {
	char key[32];
	char val[1024];	/* JSON: the token, a string without its quotes */
	int is_str;
};

static char *render(const struct tk_field *f, size_t n, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	tk_fields_print(m, f, n, json);
	assert_int_equal(fclose(m), 0);
	return buf;
}

/* A flat JSON object of strings and integers, strictly; the pairs in @kv. */
static size_t parse_json(const char *s, struct kv *kv, size_t max)
{
	size_t n = 0;

	assert_true(*s++ == '{');
	while (*s != '}') {
		struct kv *x = &kv[n++];
		size_t i = 0;

		assert_true(n <= max);
		if (n > 1)
			assert_true(*s++ == ',');
		assert_true(*s++ == '"');
		while ((*s >= 'a' && *s <= 'z') || *s == '_')
			x->key[i++] = *s++;
		x->key[i] = '\0';
		assert_true(*s++ == '"');
		assert_true(*s++ == ':');
		i = 0;
		if (*s == '"') {
			x->is_str = 1;
			for (s++; *s != '"'; s++) {
				/* No raw control byte; only \" \\ \u00XX. */
				assert_true((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f);
				if (*s == '\\' && s[1] == 'u') {
					assert_true(!strncmp(s, "\\u00", 4));
					assert_true(s[4] && strchr("0123456789abcdef", s[4]));
					assert_true(s[5] && strchr("0123456789abcdef", s[5]));
					memcpy(&x->val[i], s, 5);
					i += 5;
					s += 5;
				} else if (*s == '\\') {
					assert_true(s[1] == '"' || s[1] == '\\');
					x->val[i++] = *s++;
				}
				x->val[i++] = *s;
			}
			s++;
		} else {
			if (*s == '-')
				x->val[i++] = *s++;
			assert_true(*s >= '0' && *s <= '9');
			while (*s >= '0' && *s <= '9')
				x->val[i++] = *s++;
		}
		x->val[i] = '\0';
	}
	assert_string_equal(s, "}\n");
	return n;
}

/* "key: value[ note]" lines: the key (with '_' for '-') and the rest. */
static size_t parse_text(const char *s, struct kv *kv, size_t max)
{
	size_t n = 0;

	while (*s) {
		struct kv *x = &kv[n++];
		const char *colon = strchr(s, ':'), *nl = strchr(s, '\n');

		assert_true(n <= max);
		assert_non_null(colon);
		assert_non_null(nl);
		assert_true(colon < nl);
		assert_true((size_t)(colon - s) < sizeof(x->key));
		for (size_t i = 0; s + i < colon; i++)
			x->key[i] = s[i] == '-' ? '_' : s[i];
		x->key[colon - s] = '\0';
		s = colon + 1;
		if (s < nl)
			assert_true(*s == ' ');	/* a space, or the line ends */
		while (*s == ' ')
			s++;
		assert_true((size_t)(nl - s) < sizeof(x->val));
		memcpy(x->val, s, (size_t)(nl - s));
		x->val[nl - s] = '\0';
		assert_true(nl[-1] != ' ');	/* no trailing space */
		s = nl + 1;
	}
	return n;
}

/*
 * Both forms of @f: the keys @keys in this order, and in text the value
 * the JSON has (a string: the whole rest of the line; a number: its first
 * word). Returns the text, to be freed.
 */
static char *check_forms(const struct tk_field *f, size_t n,
			 const char *const *keys, size_t nkeys, char **json_out)
{
	static struct kv t[TK_STATUS_FIELDS_MAX + 4], j[TK_STATUS_FIELDS_MAX + 4];
	char *text = render(f, n, 0), *json = render(f, n, 1);
	size_t nt, nj;

	/* Static: nothing of an earlier call's parse may stay (is_str). */
	memset(t, 0, sizeof(t));
	memset(j, 0, sizeof(j));
	nt = parse_text(text, t, TK_STATUS_FIELDS_MAX + 4);
	nj = parse_json(json, j, TK_STATUS_FIELDS_MAX + 4);

	assert_int_equal(nt, nkeys);
	assert_int_equal(nj, nkeys);
	for (size_t i = 0; i < nkeys; i++) {
		assert_string_equal(j[i].key, keys[i]);
		assert_string_equal(t[i].key, keys[i]);
		if (j[i].is_str) {
			assert_string_equal(t[i].val, j[i].val);
		} else {
			size_t w = strcspn(t[i].val, " ");

			assert_int_equal(w, strlen(j[i].val));
			assert_memory_equal(t[i].val, j[i].val, w);
		}
	}
	if (json_out)
		*json_out = json;
	else
		free(json);
	return text;
}

/* Does @s match the (extended, line-wise) regular expression @re? */
static int matches(const char *s, const char *re)
{
	regex_t r;
	int ret;

	assert_int_equal(regcomp(&r, re, REG_EXTENDED | REG_NEWLINE | REG_NOSUB), 0);
	ret = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return ret;
}

#define assert_match(s, re) do {					\
	if (!matches((s), (re)))					\
		fail_msg("no line matches /%s/ in:\n%s", (re), (s));	\
} while (0)

static void running(struct twin_status *st)
{
	memset(st, 0, sizeof(*st));
	st->state = TWIN_STATE_RUNNING;
	st->cpu = 1;
	st->cpus_given = 0x2c;	/* 2,3,5 */
	st->b_state = TWIN_B_RUNNING;
	st->mem_start = 0x2f800000;
	st->mem_size = 256ULL << 20;
	st->running_ms = 10722;
	st->b_heartbeat = 83;
	st->b_uptime_ms = 9252;
	strcpy(st->b_release, "6.12.117-tk-b");
	st->chan.state = TWIN_CHAN_UP;
	st->chan.tx_msgs = 12;
	st->chan.tx_bytes = 3400;
	st->chan.rx_msgs = 7;
	st->chan.rx_bytes = 900;
	st->chan.drops = 2;
	st->chan.errors = 1;
	st->chan.doorbells_in = 41;
	st->chan.doorbells_out = 42;
}

/* A running twin: every key, equal values, and what the scripts grep. */
static void a_running(void **state)
{
	struct tk_field f[TK_STATUS_FIELDS_MAX];
	struct twin_status st;
	char *json, *text;

	(void)state;
	running(&st);
	text = check_forms(f, tk_status_fields(&st, f), a_keys, NKEYS(a_keys), &json);
	/* rootfs/scenarios, tests/e2e: the patterns they match. */
	assert_match(text, "state: *running");
	assert_match(text, "cpu: *1$");
	assert_match(text, "^cpus-given: +2-3,5$");
	assert_match(text, "b-state: *running");
	assert_match(text, "b-kernel: +[^ ]+-tk-b$");
	assert_match(text, "channel: *up");
	assert_match(text, "sent: *12 messages");
	assert_match(text, "received: *7 messages");
	assert_match(json, "\"b_heartbeat\":83[,}]");
	assert_match(json, "\"b_state\":\"running\"");
	assert_match(json, "\"state\":\"running\"");
	/* Each value once, in both forms. */
	assert_match(text, "^mem-start: +796917760 \\(0x2f800000\\)$");
	assert_match(text, "^mem-size: +268435456 \\(256 MiB\\)$");
	assert_match(text, "^running-ms: +10722 \\(10\\.722 s\\)$");
	assert_match(text, "^b-uptime-ms: +9252 \\(9\\.252 s\\)$");
	assert_match(text, "^b-heartbeat: +83$");
	assert_match(text, "^doorbells-in: +41$");
	assert_match(text, "^doorbells-out: +42$");
	assert_match(text, "^sent-bytes: +3400$");
	assert_match(text, "^received-bytes: +900$");
	assert_match(text, "^drops: +2$");
	assert_match(text, "^errors: +1 ");
	assert_match(text, "^reason:$");
	assert_match(json, "^\\{\"role\":\"A\",\"state\":\"running\",\"cpu\":1,"
		     "\"cpus_given\":\"2-3,5\",\"mem_start\":796917760,\"mem_size\":268435456,"
		     "\"running_ms\":10722,\"reason\":\"\",\"ended_at\":0,"
		     "\"b_state\":\"running\",\"b_kernel\":\"6\\.12\\.117-tk-b\","
		     "\"b_uptime_ms\":9252,\"b_heartbeat\":83,\"channel\":\"up\","
		     "\"sent\":12,\"sent_bytes\":3400,\"received\":7,"
		     "\"received_bytes\":900,\"drops\":2,\"errors\":1,"
		     "\"doorbells_in\":41,\"doorbells_out\":42\\}$");
	free(text);
	free(json);
}

/* No twin loaded, no memory: cpu -1, the hint, every key still there. */
static void a_none(void **state)
{
	struct tk_field f[TK_STATUS_FIELDS_MAX];
	struct twin_status st;
	char *json, *text;

	(void)state;
	memset(&st, 0, sizeof(st));
	st.cpu = -1;
	text = check_forms(f, tk_status_fields(&st, f), a_keys, NKEYS(a_keys), &json);
	assert_match(text, "^state: +none$");
	assert_match(text, "^cpu: +-1 \\(none\\)$");
	assert_match(text, "^mem-size: +0 \\(none reserved: boot with twinkernel=SIZE\\)$");
	assert_match(text, "^mem-start: +0$");
	assert_match(text, "^channel: +none$");
	assert_match(text, "^b-kernel:$");
	assert_match(json, "\"cpu\":-1,");
	assert_match(json, "\"b_kernel\":\"\",");
	free(text);
	free(json);
}

/* Crashed: the reason (grepped with ^) and when, as a number and a date. */
static void a_crashed(void **state)
{
	struct tk_field f[TK_STATUS_FIELDS_MAX];
	struct twin_status st;
	char *json, *text;

	(void)state;
	running(&st);
	st.state = TWIN_STATE_CRASHED;
	st.running_ms = 0;
	st.chan.state = TWIN_CHAN_DOWN;
	st.ended_at = 1700000000;
	strcpy(st.reason, "no heartbeat for 1100 ms");
	text = check_forms(f, tk_status_fields(&st, f), a_keys, NKEYS(a_keys), &json);
	assert_match(text, "state: *crashed");
	assert_match(text, "^reason: *no heartbeat");
	assert_match(text, "channel: *down");
	assert_match(text, "^ended-at: +1700000000 \\(2023-11-14 22:13:20 UTC\\)$");
	assert_match(text, "^running-ms: +0$");
	assert_match(json, "\"reason\":\"no heartbeat for 1100 ms\",\"ended_at\":1700000000,");
	free(text);
	free(json);
}

/* Numbers a newer kernel may send, and B's nonsense: named, not mapped. */
static void unknown_numbers(void **state)
{
	struct tk_field f[TK_STATUS_FIELDS_MAX];
	struct twin_status st;
	char *json, *text;

	(void)state;
	running(&st);
	st.state = 9;
	st.b_state = TWIN_B_INVALID;
	st.chan.state = 7;
	text = check_forms(f, tk_status_fields(&st, f), a_keys, NKEYS(a_keys), &json);
	assert_match(text, "^state: +unknown\\(9\\)$");
	assert_match(text, "^b-state: +invalid$");
	assert_match(text, "^channel: +unknown\\(7\\)$");
	assert_match(json, "\"b_state\":\"invalid\"");
	free(text);
	free(json);
	st.b_state = 5;
	text = check_forms(f, tk_status_fields(&st, f), a_keys, NKEYS(a_keys), &json);
	assert_match(text, "^b-state: +unknown\\(5\\)$");
	free(text);
	free(json);
}

/*
 * Strings from the kernel (B writes b_release and, through its panic
 * message, the reason): the same escapes in both forms, and no value
 * can start a line of its own or end the JSON string.
 */
static void escaping(void **state)
{
	struct tk_field f[TK_STATUS_FIELDS_MAX];
	struct twin_status st;
	char *json, *text;

	(void)state;
	running(&st);
	st.state = TWIN_STATE_LOADED;
	strcpy(st.b_release, "a\"b\\c\nstate: running\td\x01\x7f\xc3\xa9");
	strcpy(st.reason, "panic: \"x\"\r\n");
	text = check_forms(f, tk_status_fields(&st, f), a_keys, NKEYS(a_keys), &json);
	assert_non_null(strstr(text, "\nb-kernel:       a\\\"b\\\\c\\u000astate: running"
			       "\\u0009d\\u0001\\u007f\\u00c3\\u00a9\n"));
	assert_non_null(strstr(json, ",\"b_kernel\":\"a\\\"b\\\\c\\u000astate: running"
			       "\\u0009d\\u0001\\u007f\\u00c3\\u00a9\","));
	assert_non_null(strstr(text, "\nreason:         panic: \\\"x\\\"\\u000d\\u000a\n"));
	assert_non_null(strstr(json, "\"reason\":\"panic: \\\"x\\\"\\u000d\\u000a\""));
	/* The "state: running" B wrote stays inside b-kernel's line. */
	assert_false(matches(text, "^state: *running"));
	assert_match(text, "^state: +loaded$");
	free(text);
	free(json);
}

/* Kernel arrays without a NUL: no byte past them is read. */
static void unterminated(void **state)
{
	struct tk_field f[TK_STATUS_FIELDS_MAX];
	struct twin_status st;
	char x64[sizeof(st.b_release) + 1], y96[sizeof(st.reason) + 1];
	char *json, *text;

	(void)state;
	running(&st);
	memset(st.b_release, 'x', sizeof(st.b_release));
	memset(st.reason, 'y', sizeof(st.reason));
	memset(x64, 'x', sizeof(st.b_release));
	x64[sizeof(st.b_release)] = '\0';
	memset(y96, 'y', sizeof(st.reason));
	y96[sizeof(st.reason)] = '\0';
	text = check_forms(f, tk_status_fields(&st, f), a_keys, NKEYS(a_keys), &json);
	assert_non_null(strstr(json, "\"b_kernel\":\""));
	assert_string_equal(strstr(strstr(text, "b-kernel:"), "xxx") +
			    sizeof(st.b_release), "\nb-uptime-ms:    9252 (9.252 s)\n"
			    "b-heartbeat:    83\nchannel:        up\nsent:           12 messages\n"
			    "sent-bytes:     3400\nreceived:       7 messages\n"
			    "received-bytes: 900\ndrops:          2\n"
			    "errors:         1 (corrupt rings found)\ndoorbells-in:   41\n"
			    "doorbells-out:  42\n");
	assert_non_null(strstr(json, x64));
	assert_null(strstr(json, "xy"));
	assert_non_null(strstr(json, y96));
	assert_null(strstr(text, "yx"));
	free(text);
	free(json);
}

/* Kernel B: role B and the channel with its doorbells, nothing else. */
static void b_channel(void **state)
{
	struct tk_field f[TK_STATUS_FIELDS_MAX];
	struct twin_chan_status ch;
	char *json, *text;

	(void)state;
	memset(&ch, 0, sizeof(ch));
	ch.state = TWIN_CHAN_BROKEN;
	ch.tx_msgs = 5;
	ch.rx_msgs = 6;
	ch.errors = 2;
	ch.doorbells_in = 18446744073709551615ULL;
	ch.doorbells_out = 3;
	text = check_forms(f, tk_chan_status_fields(&ch, NULL, f), b_keys, NKEYS(b_keys), &json);
	assert_match(text, "^role: +B$");
	assert_match(text, "channel: *broken");
	assert_match(text, "sent: *5 messages");
	assert_match(text, "received: *6 messages");
	assert_match(text, "^doorbells-in: +18446744073709551615$");
	assert_string_equal(json, "{\"role\":\"B\",\"channel\":\"broken\",\"sent\":5,"
			    "\"sent_bytes\":0,\"received\":6,\"received_bytes\":0,"
			    "\"drops\":0,\"errors\":2,"
			    "\"doorbells_in\":18446744073709551615,\"doorbells_out\":3}\n");
	free(text);
	free(json);
}

/* Kernel B after it took the machine over: the takeover line last. */
static void b_takeover(void **state)
{
	static const char *const keys[] = {
		"role", "channel", "sent", "sent_bytes", "received",
		"received_bytes", "drops", "errors", "doorbells_in",
		"doorbells_out", "takeover",
	};
	struct tk_field f[TK_STATUS_FIELDS_MAX];
	struct twin_chan_status ch;
	char *json, *text;

	(void)state;
	memset(&ch, 0, sizeof(ch));
	ch.state = TWIN_CHAN_DOWN;
	text = check_forms(f, tk_chan_status_fields(&ch,
			   "done: cpu 1 memory_mib 1536 left_out_mib 256 cpu_ms 12 mem_ms 800 total_ms 900",
			   f), keys, NKEYS(keys), &json);
	assert_match(text, "^takeover: +done: cpu 1 memory_mib 1536 left_out_mib 256 cpu_ms 12 mem_ms 800 total_ms 900$");
	assert_match(json, "\"takeover\":\"done: cpu 1 memory_mib 1536 left_out_mib 256 cpu_ms 12 mem_ms 800 total_ms 900\"\\}$");
	free(text);
	free(json);
}

/* A kernel that took the machine over and hosts: A's keys, then takeover. */
static void host_takeover(void **state)
{
	const char *keys[NKEYS(a_keys) + 1];
	struct tk_field f[TK_STATUS_FIELDS_MAX];
	struct twin_status st;
	char *json, *text;
	size_t n;

	(void)state;
	memcpy(keys, a_keys, sizeof(a_keys));
	keys[NKEYS(a_keys)] = "takeover";
	running(&st);
	n = tk_status_fields(&st, f);
	n = tk_status_add_takeover(f, n, "done: cpu 1 memory_mib 1790 left_out_mib 0 cpu_ms 203 mem_ms 1500 total_ms 1703");
	text = check_forms(f, n, keys, NKEYS(keys), &json);
	assert_match(text, "state: *running");
	assert_match(text, "^takeover: +done: cpu 1 memory_mib 1790 .* total_ms 1703$");
	free(text);
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_running),
		cmocka_unit_test(a_none),
		cmocka_unit_test(a_crashed),
		cmocka_unit_test(unknown_numbers),
		cmocka_unit_test(escaping),
		cmocka_unit_test(unterminated),
		cmocka_unit_test(b_channel),
		cmocka_unit_test(b_takeover),
		cmocka_unit_test(host_takeover),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
