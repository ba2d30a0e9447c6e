/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers shared by the kernel, tkctl and the host unit tests and fuzzers:
 * plain C with no kernel dependencies, so one implementation serves all.
 */
#ifndef _TWIN_PARSE_H
#define _TWIN_PARSE_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <uapi/linux/twin.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/twin.h>
typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;
#endif

/* Flags for twin_parse_pci_list(). */
#define TWIN_PARSE_SEED_FLAGS	0x1	/* accept the seed's ":b" suffix */

/*
 * "[domain:]bus:dev.fn" and "vendor:device" entries (hex, vendor and
 * device may carry 0x), comma separated. With TWIN_PARSE_SEED_FLAGS each
 * entry may end in ":b" (the seed's pci_dev_flags "blacklist" flag).
 * Fills at most @max entries of @out and sets *@count. Returns 0, -EINVAL
 * for bad syntax or a duplicate, -E2BIG for too many entries. On error
 * @out and *@count are unchanged.
 */
int twin_parse_pci_list(const char *s, unsigned int flags,
			struct twin_pci_dev *out, unsigned int max,
			unsigned int *count);

/* Does @d (as read from config space) match list entry @e? */
bool twin_pci_match(const struct twin_pci_dev *e, u16 domain, u8 bus,
		    u8 devfn, u16 vendor, u16 device);

/*
 * The forms of crashkernel=: "SIZE[@OFFSET]" or
 * "START-[END]:SIZE[,START-[END]:SIZE...][@OFFSET]", sizes with K/M/G.
 * A range line is chosen by @system_ram. Returns 0 with *@size and *@base
 * (0 = anywhere), -ENOENT when no range matches, -EINVAL on bad syntax.
 */
int twin_parse_mem_spec(const char *s, u64 system_ram, u64 *size, u64 *base);

#endif /* _TWIN_PARSE_H */
