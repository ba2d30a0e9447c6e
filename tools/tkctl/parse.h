/* SPDX-License-Identifier: GPL-2.0 */
/* Parsers for tkctl's arguments. Each returns 0 or a negative errno and, on
 * error, leaves a message in @err (at most TK_ERRLEN bytes). */
#ifndef TK_PARSE_H
#define TK_PARSE_H

#include <stddef.h>
#include <stdint.h>

#define TK_ERRLEN 128
#define TK_PCI_MAX 32	/* devices one twin can be given */

enum tk_pci_kind {
	TK_PCI_BDF,	/* [domain:]bus:dev.fn */
	TK_PCI_ID,	/* vendor:device */
};

struct tk_pci_dev {
	enum tk_pci_kind kind;
	uint16_t domain;
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
};

struct tk_pci_list {
	size_t n;
	struct tk_pci_dev dev[TK_PCI_MAX];
};

/* "[domain:]bus:dev.fn" or "vendor:device", comma separated, hex. */
int tk_parse_pci_list(const char *s, struct tk_pci_list *out, char *err);
/* Print @list back in canonical form ("0000:00:04.0,1af4:1000"). */
int tk_format_pci_list(const struct tk_pci_list *list, char *buf, size_t len);
/* A CPU number: decimal, 0..max. */
int tk_parse_cpu(const char *s, unsigned int max, unsigned int *out, char *err);
/* A size with an optional K, M or G suffix (powers of 1024). */
int tk_parse_size(const char *s, uint64_t *out, char *err);

#endif
