/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fields of the server's text replies: INFO's "key:value" lines and
 * CLIENT INFO's "key=value" words. Bounded copies of text read from the
 * network, for printing.
 */
#ifndef FIELDS_H
#define FIELDS_H

#include <stddef.h>

/*
 * The value of KEY in TEXT[0..LEN): a field "KEY<SEP>VALUE" at the start
 * of the text or right after one of the bytes in ENDS, its value running
 * to the next of ENDS or the end. Copied to OUT[0..CAP) with a NUL (CAP >
 * 0), cut to fit, any byte that is not printable ASCII shown as '?'.
 * 0 when found, -1 (OUT empty) when not.
 */
int field_get(const char *text, size_t len, const char *key, char sep,
	      const char *ends, char *out, size_t cap);

#endif
