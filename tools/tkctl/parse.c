// SPDX-License-Identifier: GPL-2.0
/* Parsers for tkctl's arguments: strict, so bad input changes nothing. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

#define ERR(...) (snprintf(err, TK_ERRLEN, __VA_ARGS__), -EINVAL)

/*
 * Read 1..@maxdigits hex digits at *p (after an optional "0x" when
 * @allow_prefix), advance *p past them. Returns -1 when there are none or
 * too many.
 */
static long hex_field(const char **p, int maxdigits, int allow_prefix)
{
	const char *s = *p;
	long v = 0;
	int n = 0;

	if (allow_prefix && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (isxdigit((unsigned char)s[n])) {
		if (n == maxdigits)
			return -1;
		v = v * 16 + (isdigit((unsigned char)s[n]) ?
			      s[n] - '0' : tolower((unsigned char)s[n]) - 'a' + 10);
		n++;
	}
	if (n == 0)
		return -1;
	*p = s + n;
	return v;
}

static int parse_bdf(const char *s, const char *end, struct tk_pci_dev *d,
		     char *err)
{
	long f[4];
	int nf = 0;
	const char *p = s;

	/* Up to three ':'-separated hex fields, then ".fn". */
	for (;;) {
		if (nf == 3)
			return ERR("'%.*s': too many ':' fields", (int)(end - s), s);
		f[nf] = hex_field(&p, 4, 0);
		if (f[nf] < 0)
			return ERR("'%.*s': expected hex digits", (int)(end - s), s);
		nf++;
		if (*p == ':') {
			p++;
			continue;
		}
		if (*p == '.')
			break;
		return ERR("'%.*s': expected '[domain:]bus:dev.fn'",
			   (int)(end - s), s);
	}
	p++;
	f[nf] = hex_field(&p, 1, 0);
	if (f[nf] < 0 || p != end)
		return ERR("'%.*s': function must be one digit 0-7",
			   (int)(end - s), s);
	if (nf < 2)
		return ERR("'%.*s': expected '[domain:]bus:dev.fn'",
			   (int)(end - s), s);

	d->kind = TK_PCI_BDF;
	d->domain = nf == 3 ? (uint16_t)f[0] : 0;
	if (f[nf - 2] > 0xff)
		return ERR("'%.*s': bus above ff", (int)(end - s), s);
	if (f[nf - 1] > 0x1f)
		return ERR("'%.*s': device above 1f", (int)(end - s), s);
	if (f[nf] > 7)
		return ERR("'%.*s': function above 7", (int)(end - s), s);
	d->bus = (uint8_t)f[nf - 2];
	d->dev = (uint8_t)f[nf - 1];
	d->fn = (uint8_t)f[nf];
	return 0;
}

static int parse_id(const char *s, const char *end, struct tk_pci_dev *d,
		    char *err)
{
	const char *p = s;
	long vendor, device;

	vendor = hex_field(&p, 4, 1);
	if (vendor < 0 || *p != ':')
		return ERR("'%.*s': expected 'vendor:device' in hex",
			   (int)(end - s), s);
	p++;
	device = hex_field(&p, 4, 1);
	if (device < 0 || p != end)
		return ERR("'%.*s': expected 'vendor:device' in hex",
			   (int)(end - s), s);
	/* 0000 and ffff are never assigned; "00:04" is a BDF missing ".fn". */
	if (vendor == 0xffff || vendor == 0)
		return ERR("'%.*s': vendor %04lx is not a device (a BDF needs '.fn')",
			   (int)(end - s), s, vendor);
	d->kind = TK_PCI_ID;
	d->vendor = (uint16_t)vendor;
	d->device = (uint16_t)device;
	return 0;
}

static int same_dev(const struct tk_pci_dev *a, const struct tk_pci_dev *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == TK_PCI_ID)
		return a->vendor == b->vendor && a->device == b->device;
	return a->domain == b->domain && a->bus == b->bus &&
	       a->dev == b->dev && a->fn == b->fn;
}

int tk_parse_pci_list(const char *s, struct tk_pci_list *out, char *err)
{
	struct tk_pci_list list = { 0 };
	const char *p = s;

	if (!s || !*s)
		return ERR("empty PCI list");
	for (;;) {
		const char *end = strchr(p, ',');
		struct tk_pci_dev d;
		int ret;

		if (!end)
			end = p + strlen(p);
		if (end == p)
			return ERR("empty entry in PCI list '%s'", s);
		if (list.n == TK_PCI_MAX)
			return ERR("more than %d PCI devices", TK_PCI_MAX);
		if (memchr(p, '.', (size_t)(end - p)))
			ret = parse_bdf(p, end, &d, err);
		else
			ret = parse_id(p, end, &d, err);
		if (ret)
			return ret;
		for (size_t i = 0; i < list.n; i++)
			if (same_dev(&list.dev[i], &d))
				return ERR("'%.*s' listed twice",
					   (int)(end - p), p);
		list.dev[list.n++] = d;
		if (!*end)
			break;
		p = end + 1;
	}
	*out = list;
	return 0;
}

int tk_format_pci_list(const struct tk_pci_list *list, char *buf, size_t len)
{
	size_t used = 0;

	if (len == 0)
		return -ENOSPC;
	buf[0] = '\0';
	for (size_t i = 0; i < list->n; i++) {
		const struct tk_pci_dev *d = &list->dev[i];
		int n;

		if (d->kind == TK_PCI_BDF)
			n = snprintf(buf + used, len - used, "%s%04x:%02x:%02x.%x",
				     i ? "," : "", d->domain, d->bus, d->dev,
				     d->fn);
		else
			n = snprintf(buf + used, len - used, "%s%04x:%04x",
				     i ? "," : "", d->vendor, d->device);
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
