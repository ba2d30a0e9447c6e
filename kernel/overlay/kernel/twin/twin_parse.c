// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers for Twin Kernel parameters: PCI device lists and memory sizes.
 * Strict: anything unexpected is -EINVAL, and nothing is written on error.
 * Shared verbatim by the kernel, tkctl and host tests (see twin_parse.h).
 */
#include "twin_parse.h"

#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 1..@maxdigits hex digits at *@p, optional "0x" when @prefix; advances *@p. */
static long hex_field(const char **p, int maxdigits, bool prefix)
{
	const char *s = *p;
	long v = 0;
	int n = 0;

	if (prefix && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (hex_digit(s[n]) >= 0) {
		if (n == maxdigits)
			return -1;
		v = v * 16 + hex_digit(s[n]);
		n++;
	}
	if (!n)
		return -1;
	*p = s + n;
	return v;
}

static int parse_addr(const char *s, const char *end, struct twin_pci_dev *d)
{
	long f[4];
	int nf = 0;
	const char *p = s;

	for (;;) {
		if (nf == 3)
			return -EINVAL;
		f[nf] = hex_field(&p, 4, false);
		if (f[nf] < 0)
			return -EINVAL;
		nf++;
		if (*p == ':' && p < end) {
			p++;
			continue;
		}
		if (*p == '.' && p < end)
			break;
		return -EINVAL;
	}
	p++;
	f[nf] = hex_field(&p, 1, false);
	if (f[nf] < 0 || p != end || nf < 2)
		return -EINVAL;
	if (f[nf - 2] > 0xff || f[nf - 1] > 0x1f || f[nf] > 7)
		return -EINVAL;
	d->kind = TWIN_PCI_BY_ADDR;
	d->domain_or_vendor = nf == 3 ? (u16)f[0] : 0;
	d->bus = (u8)f[nf - 2];
	d->devfn = (u8)((f[nf - 1] << 3) | f[nf]);
	d->device = 0;
	d->reserved = 0;
	return 0;
}

static int parse_id(const char *s, const char *end, struct twin_pci_dev *d)
{
	const char *p = s;
	long vendor, device;

	vendor = hex_field(&p, 4, true);
	if (vendor < 0 || p >= end || *p != ':')
		return -EINVAL;
	p++;
	device = hex_field(&p, 4, true);
	if (device < 0 || p != end)
		return -EINVAL;
	/* 0000 and ffff are never assigned; "00:04" is a BDF missing ".fn" */
	if (vendor == 0 || vendor == 0xffff)
		return -EINVAL;
	d->kind = TWIN_PCI_BY_ID;
	d->domain_or_vendor = (u16)vendor;
	d->device = (u16)device;
	d->bus = 0;
	d->devfn = 0;
	d->reserved = 0;
	return 0;
}

static bool same_entry(const struct twin_pci_dev *a,
		       const struct twin_pci_dev *b)
{
	return a->kind == b->kind && a->bus == b->bus && a->devfn == b->devfn &&
	       a->domain_or_vendor == b->domain_or_vendor &&
	       a->device == b->device;
}

int twin_parse_pci_list(const char *s, unsigned int flags,
			struct twin_pci_dev *out, unsigned int max,
			unsigned int *count)
{
	struct twin_pci_dev tmp[TWIN_PCI_MAX];
	unsigned int n = 0, i;
	const char *p = s;

	if (!s || !*s || max > TWIN_PCI_MAX)
		return -EINVAL;
	for (;;) {
		const char *end = p, *dot = NULL;
		int ret;

		while (*end && *end != ',') {
			if (*end == '.')
				dot = end;
			end++;
		}
		if (end == p)
			return -EINVAL;
		if (n == max)
			return -E2BIG;
		/* The seed's "VID:DID:b": the flag says "leave it alone". */
		if ((flags & TWIN_PARSE_SEED_FLAGS) && end - p > 2 &&
		    end[-2] == ':' && end[-1] == 'b')
			end -= 2;
		if (dot)
			ret = parse_addr(p, end, &tmp[n]);
		else
			ret = parse_id(p, end, &tmp[n]);
		if (ret)
			return ret;
		for (i = 0; i < n; i++)
			if (same_entry(&tmp[i], &tmp[n]))
				return -EINVAL;
		n++;
		while (*end && *end != ',')
			end++;
		if (!*end)
			break;
		p = end + 1;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[i];
	*count = n;
	return 0;
}

bool twin_pci_match(const struct twin_pci_dev *e, u16 domain, u8 bus,
		    u8 devfn, u16 vendor, u16 device)
{
	if (e->kind == TWIN_PCI_BY_ADDR)
		return e->domain_or_vendor == domain && e->bus == bus &&
		       e->devfn == devfn;
	if (e->kind == TWIN_PCI_BY_ID)
		return e->domain_or_vendor == vendor && e->device == device;
	return false;
}

/* A decimal size with an optional K, M or G suffix; advances *@p. */
static int parse_size(const char **p, u64 *out)
{
	const char *s = *p;
	u64 v = 0, mult = 1;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (~(u64)0 - 9) / 10)
			return -EINVAL;
		v = v * 10 + (u64)(*s - '0');
	}
	switch (*s) {
	case 'G': case 'g':
		mult <<= 10;
		fallthrough;
	case 'M': case 'm':
		mult <<= 10;
		fallthrough;
	case 'K': case 'k':
		mult <<= 10;
		s++;
		break;
	default:
		break;
	}
	if (v > ~(u64)0 / mult)
		return -EINVAL;
	*out = v * mult;
	*p = s;
	return 0;
}

int twin_parse_mem_spec(const char *s, u64 system_ram, u64 *size, u64 *base)
{
	const char *p = s;
	u64 sz = 0, off = 0;
	bool ranges = false, found = false;

	if (!s || !*s)
		return -EINVAL;
	for (const char *q = s; *q && *q != '@'; q++)
		if (*q == ':')
			ranges = true;
	if (!ranges) {
		if (parse_size(&p, &sz) || !sz)
			return -EINVAL;
	} else {
		for (;;) {
			u64 start, end = ~(u64)0, line;

			if (parse_size(&p, &start) || *p++ != '-')
				return -EINVAL;
			if (*p != ':' && parse_size(&p, &end))
				return -EINVAL;
			if (*p++ != ':' || end <= start)
				return -EINVAL;
			if (parse_size(&p, &line))
				return -EINVAL;
			if (!found && system_ram >= start && system_ram < end) {
				sz = line;
				found = true;
			}
			if (*p != ',')
				break;
			p++;
		}
	}
	if (*p == '@') {
		p++;
		if (parse_size(&p, &off))
			return -EINVAL;
	}
	if (*p)
		return -EINVAL;
	if (ranges && (!found || !sz))
		return -ENOENT;
	*size = sz;
	*base = off;
	return 0;
}
