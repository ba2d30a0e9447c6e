/* SPDX-License-Identifier: GPL-2.0 */
/* A first look at a kernel file before handing it to the kernel, so that
 * a wrong file gets a precise message. The kernel checks again. */
#ifndef TK_BZIMAGE_H
#define TK_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

#define TK_BZ_PROBE_LEN 1024	/* bytes of the file tk_check_bzimage needs */

/* @buf holds the first @len bytes of a file of @file_size bytes. Returns 0
 * or -ENOEXEC with a message in @err (TK_ERRLEN bytes). */
int tk_check_bzimage(const unsigned char *buf, size_t len, uint64_t file_size,
		     char *err);

#endif
