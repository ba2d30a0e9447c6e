/* SPDX-License-Identifier: GPL-2.0 */
/* Parsers for tkctl's own arguments. The PCI list parser is the kernel's
 * (kernel/overlay/kernel/twin/twin_parse.c), shared verbatim. Each returns
 * 0 or a negative errno and, on error, leaves a message in @err. */
#ifndef TK_PARSE_H
#define TK_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "twin_parse.h"

#define TK_ERRLEN 160

struct tk_pci_list {
	unsigned int n;
	struct twin_pci_dev dev[TWIN_PCI_MAX];
};

/* "[domain:]bus:dev.fn" or "vendor:device", comma separated, hex. */
int tk_parse_pci_list(const char *s, struct tk_pci_list *out, char *err);
/* Print @list back in canonical form ("0000:00:04.0,1af4:1000"). */
int tk_format_pci_list(const struct tk_pci_list *list, char *buf, size_t len);
/* A CPU number: decimal, 0..max. */
int tk_parse_cpu(const char *s, unsigned int max, unsigned int *out, char *err);
/* A decimal number in lo..hi; -EINVAL or -ERANGE, no message. */
int tk_parse_ulong(const char *s, unsigned long lo, unsigned long hi,
		   unsigned long *out);
/* A size with an optional K, M or G suffix (powers of 1024). */
int tk_parse_size(const char *s, uint64_t *out, char *err);
/* A CPU list as sysfs writes it ("2", "2,3", "1-3,5"), CPUs 0..63 only,
 * each once; bit n of @mask is CPU n. */
int tk_parse_cpu_list(const char *s, uint64_t *mask, char *err);
/* The highest CPU in a sysfs CPU list ("0-3,5") other than 0, or -1. */
int tk_highest_cpu(const char *list);

#endif
