// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the probe's values: lengths in bounds, fields read back,
 * and any byte changed, cut or added is seen.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "payload.h"

#define RUN 0x0123456789abcdefULL

static void fnv1a_vectors(void **state)
{
	(void)state;
	/* The published FNV-1a 32-bit test values. */
	assert_int_equal(fnv1a32("", 0), 0x811c9dc5u);
	assert_int_equal(fnv1a32("a", 1), 0xe40c292cu);
	assert_int_equal(fnv1a32("foobar", 6), 0xbf9cf968u);
}

static void made_and_read_back(void **state)
{
	const uint64_t seqs[] = { 1, 2, 3, 64, 1000, 123456789,
				  UINT64_MAX / 3, UINT64_MAX };
	const unsigned keys[] = { 0, 1, 63, 4294967295u };
	size_t shortest = PAYLOAD_MAX, longest = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		for (size_t j = 0; j < sizeof(keys) / sizeof(keys[0]); j++) {
			char v[PAYLOAD_MAX + 1];
			size_t n = payload_make(v, RUN, keys[j], seqs[i]);
			uint64_t run, seq;
			unsigned key;

			assert_in_range(n, PAYLOAD_MIN, PAYLOAD_MAX);
			assert_int_equal(strlen(v), n);
			assert_int_equal(payload_parse(v, n, &run, &key, &seq), 0);
			assert_true(run == RUN && seq == seqs[i]);
			assert_int_equal(key, keys[j]);
		}
	}
	/* The lengths spread over the whole range. */
	for (uint64_t seq = 1; seq < 2000; seq++) {
		char v[PAYLOAD_MAX + 1];
		size_t n = payload_make(v, RUN, (unsigned)(seq % 64), seq);

		shortest = n < shortest ? n : shortest;
		longest = n > longest ? n : longest;
	}
	assert_true(shortest < PAYLOAD_MIN + 5 && longest > PAYLOAD_MAX - 5);
}

static void writes_differ(void **state)
{
	char a[PAYLOAD_MAX + 1], b[PAYLOAD_MAX + 1];
	size_t na, nb;

	(void)state;
	na = payload_make(a, RUN, 5, 100);
	nb = payload_make(b, RUN, 5, 101);
	assert_false(na == nb && !memcmp(a, b, na));
	nb = payload_make(b, RUN, 6, 100);
	assert_false(na == nb && !memcmp(a, b, na));
	nb = payload_make(b, RUN + 1, 5, 100);
	assert_false(na == nb && !memcmp(a, b, na));
	nb = payload_make(b, RUN, 5, 100);
	assert_true(na == nb && !memcmp(a, b, na));
}

/* Any one byte changed, anywhere, in several ways: refused. */
static void any_byte_changed_is_seen(void **state)
{
	const unsigned char flips[] = { 0x01, 0x20, 0x80, 0xff };

	(void)state;
	for (uint64_t seq = 1; seq < 40; seq += 7) {
		char v[PAYLOAD_MAX + 1];
		size_t n = payload_make(v, RUN, 9, seq);

		for (size_t i = 0; i < n; i++) {
			for (size_t f = 0; f < sizeof(flips); f++) {
				char w[PAYLOAD_MAX + 1];
				uint64_t run, s;
				unsigned key;

				memcpy(w, v, n);
				w[i] = (char)(w[i] ^ flips[f]);
				if (payload_parse(w, n, &run, &key, &s) == 0)
					fail_msg("seq %llu: byte %zu ^ 0x%02x "
						 "not seen", (unsigned long long)seq,
						 i, flips[f]);
			}
		}
	}
}

static void cut_or_grown_is_seen(void **state)
{
	char v[PAYLOAD_MAX + 2];
	size_t n = payload_make(v, RUN, 3, 77);
	uint64_t run, seq;
	unsigned key;

	(void)state;
	for (size_t len = 0; len < n; len++)
		assert_int_equal(payload_parse(v, len, &run, &key, &seq), -1);
	v[n] = 'a';
	assert_int_equal(payload_parse(v, n + 1, &run, &key, &seq), -1);
	assert_int_equal(payload_parse("not a value", 11, &run, &key, &seq), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fnv1a_vectors),
		cmocka_unit_test(made_and_read_back),
		cmocka_unit_test(writes_differ),
		cmocka_unit_test(any_byte_changed_is_seen),
		cmocka_unit_test(cut_or_grown_is_seen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
