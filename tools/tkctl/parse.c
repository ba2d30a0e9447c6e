// SPDX-License-Identifier: GPL-2.0
/* Parsers for tkctl's arguments: strict, so bad input changes nothing. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define ERR(...) (snprintf(err, TK_ERRLEN, __VA_ARGS__), -EINVAL)

/* The kernel's parser (twin_parse.c), with a message for people. */
int tk_parse_pci_list(const char *s, struct tk_pci_list *out, char *err)
{
	unsigned int n;
	int ret;

	if (!s || !*s)
		return ERR("empty PCI list");
	ret = twin_parse_pci_list(s, 0, out->dev, TWIN_PCI_MAX, &n);
	if (ret == -E2BIG)
		return ERR("'%s': more than %d PCI devices", s, TWIN_PCI_MAX);
	if (ret)
		return ERR("'%s': expected [domain:]bus:dev.fn or vendor:device "
			   "(hex), comma separated, each once", s);
	out->n = n;
	return 0;
}

int tk_format_pci_list(const struct tk_pci_list *list, char *buf, size_t len)
{
	size_t used = 0;

	if (len == 0)
		return -ENOSPC;
	buf[0] = '\0';
	for (unsigned int i = 0; i < list->n; i++) {
		const struct twin_pci_dev *d = &list->dev[i];
		int n;

		if (d->kind == TWIN_PCI_BY_ADDR)
			n = snprintf(buf + used, len - used, "%s%04x:%02x:%02x.%x",
				     i ? "," : "", d->domain_or_vendor, d->bus,
				     d->devfn >> 3, d->devfn & 7);
		else
			n = snprintf(buf + used, len - used, "%s%04x:%04x",
				     i ? "," : "", d->domain_or_vendor, d->device);
		if (n < 0 || (size_t)n >= len - used)
			return -ENOSPC;
		used += (size_t)n;
	}
	return 0;
}

int tk_parse_cpu(const char *s, unsigned int max, unsigned int *out, char *err)
{
	unsigned long v = 0;
	const char *p = s;

	if (!s || !*s)
		return ERR("empty CPU number");
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return ERR("CPU '%s' is not a decimal number", s);
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			return ERR("CPU '%s' out of range 0-%u", s, max);
	}
	*out = (unsigned int)v;
	return 0;
}

/* One decimal CPU number of a list at *p, advancing *p; -1 if none. */
static long cpu_in_list(const char **p)
{
	long v = -1;

	while (isdigit((unsigned char)**p)) {
		v = (v < 0 ? 0 : v * 10) + (**p - '0');
		if (v > 63)
			return -2;
		(*p)++;
	}
	return v;
}

int tk_parse_cpu_list(const char *s, uint64_t *mask, char *err)
{
	const char *p = s;
	uint64_t m = 0, range;
	long lo, hi;

	if (!s || !*s)
		return ERR("empty CPU list");
	for (;;) {
		lo = cpu_in_list(&p);
		hi = lo;
		if (lo >= 0 && *p == '-') {
			p++;
			hi = cpu_in_list(&p);
		}
		if (lo == -2 || hi == -2)
			return ERR("CPU list '%s': CPUs 0 to 63 only", s);
		if (lo < 0 || hi < 0 || hi < lo)
			return ERR("CPU list '%s': expected N or N-M (decimal, N <= M), comma separated",
				   s);
		range = (hi == 63 ? ~0ULL : (1ULL << (hi + 1)) - 1) &
			~((1ULL << lo) - 1);
		if (m & range)
			return ERR("CPU list '%s' names a CPU twice", s);
		m |= range;
		if (!*p)
			break;
		if (*p++ != ',')
			return ERR("CPU list '%s': expected N or N-M (decimal, N <= M), comma separated",
				   s);
	}
	*mask = m;
	return 0;
}

int tk_parse_ulong(const char *s, unsigned long lo, unsigned long hi,
		   unsigned long *out)
{
	unsigned long v = 0;
	const char *p = s;

	if (!s || !*s)
		return -EINVAL;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return -EINVAL;
		if (v > (hi - (unsigned long)(*p - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v < lo)
		return -ERANGE;
	*out = v;
	return 0;
}

int tk_parse_size(const char *s, uint64_t *out, char *err)
{
	uint64_t v = 0, mult = 1;
	const char *p = s;

	if (!s || !isdigit((unsigned char)*s))
		return ERR("size '%s' must start with a digit", s ? s : "");
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return ERR("size '%s' too large", s);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case 'G': case 'g': mult <<= 10; /* fall through */
	case 'M': case 'm': mult <<= 10; /* fall through */
	case 'K': case 'k': mult <<= 10; p++; break;
	case '\0': break;
	default:
		return ERR("size '%s': unknown suffix (use K, M or G)", s);
	}
	if (*p)
		return ERR("size '%s': trailing characters", s);
	if (v > UINT64_MAX / mult)
		return ERR("size '%s' too large", s);
	*out = v * mult;
	return 0;
}

int tk_highest_cpu(const char *list)
{
	long best = -1, lo, hi;
	const char *p = list;
	char *end;

	while (*p && *p != '\n') {
		lo = strtol(p, &end, 10);
		if (end == p || lo < 0)
			return -1;
		hi = lo;
		p = end;
		if (*p == '-') {
			hi = strtol(p + 1, &end, 10);
			if (end == p + 1 || hi < lo)
				return -1;
			p = end;
		}
		if (hi > 0 && hi > best)
			best = hi;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -1;
	}
	return (int)best;
}
