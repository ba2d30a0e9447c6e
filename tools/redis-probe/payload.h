/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The values the probe writes: "RUN.KEY.SEQ.FILLER.FNV", RUN the probe
 * run's 16 hex digits, KEY the ring slot, SEQ the write's sequence number,
 * FILLER lowercase letters that depend on both (so the length varies over
 * PAYLOAD_MIN..PAYLOAD_MAX), FNV the FNV-1a hash of everything before it
 * in 8 hex digits. A value read back is compared byte for byte with the
 * one expected; the fields and the hash tell a corrupt value from an
 * intact but wrong one (an older write: a lost write).
 */
#ifndef PAYLOAD_H
#define PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#define PAYLOAD_MIN 64
#define PAYLOAD_MAX 200

uint32_t fnv1a32(const void *buf, size_t n);

/* Write the value of (RUN, KEY, SEQ) to OUT, NUL-terminated; its length. */
size_t payload_make(char out[PAYLOAD_MAX + 1], uint64_t run, unsigned key,
		    uint64_t seq);

/*
 * Read the fields of S[0..N): 0 when it has the form above and a right
 * hash, -1 when it is not one of the probe's values or is corrupt.
 */
int payload_parse(const char *s, size_t n, uint64_t *run, unsigned *key,
		  uint64_t *seq);

#endif
