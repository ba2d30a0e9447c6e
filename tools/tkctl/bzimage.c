// SPDX-License-Identifier: GPL-2.0
/*
 * Check the x86 boot protocol header of a bzImage (Documentation/arch/x86/
 * boot.rst): a relocatable kernel with a 64-bit entry, not truncated. The
 * header's layout is the kernel's own uapi struct setup_header, where the
 * kernel's loader (arch/x86/twin/load.c) reads it too; these are the same
 * checks, made first so that a wrong file gets a precise message.
 */
#include <asm/bootparam.h>
#include <assert.h>
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bzimage.h"
#include "parse.h"

/* boot.rst: the values a bzImage's setup header must hold. */
#define BZ_BOOT_FLAG		0xaa55
#define BZ_HEADER_MAGIC		0x53726448	/* "HdrS" */
#define BZ_MIN_VERSION		0x020c		/* 2.12: xloadflags */
#define BZ_DEFAULT_SETUP_SECTS	4		/* when setup_sects is 0 */
#define BZ_SECTOR		512
#define BZ_SYSSIZE_UNIT		16		/* syssize counts paragraphs */

#define BZ_HDR_OFFSET	offsetof(struct boot_params, hdr)
#define BZ_HDR_END	(BZ_HDR_OFFSET + sizeof(struct setup_header))

static_assert(BZ_HDR_END <= TK_BZ_PROBE_LEN, "TK_BZ_PROBE_LEN too small");

#define ERR(...) (snprintf(err, TK_ERRLEN, __VA_ARGS__), -ENOEXEC)

int tk_check_bzimage(const unsigned char *buf, size_t len, uint64_t file_size,
		     char *err)
{
	struct setup_header hdr;
	unsigned int version, sects;
	uint64_t payload_off, payload;

	if (len < BZ_HDR_END || file_size < BZ_HDR_END)
		return ERR("%llu bytes: too small for a bzImage",
			   (unsigned long long)file_size);
	memcpy(&hdr, buf + BZ_HDR_OFFSET, sizeof(hdr));
	if (le16toh(hdr.boot_flag) != BZ_BOOT_FLAG ||
	    le32toh(hdr.header) != BZ_HEADER_MAGIC)
		return ERR("not a bzImage (no boot signature or HdrS header)");
	version = le16toh(hdr.version);
	if (version < BZ_MIN_VERSION)
		return ERR("boot protocol %u.%02u is too old (%u.%02u needed)",
			   version >> 8, version & 0xff, BZ_MIN_VERSION >> 8,
			   BZ_MIN_VERSION & 0xff);
	if (!(le16toh(hdr.xloadflags) & XLF_KERNEL_64))
		return ERR("no 64-bit entry point (XLF_KERNEL_64)");
	if (!hdr.relocatable_kernel)
		return ERR("not a relocatable kernel");
	sects = hdr.setup_sects ? hdr.setup_sects : BZ_DEFAULT_SETUP_SECTS;
	payload_off = (uint64_t)(sects + 1) * BZ_SECTOR;
	payload = (uint64_t)le32toh(hdr.syssize) * BZ_SYSSIZE_UNIT;
	if (payload_off >= file_size || payload > file_size - payload_off)
		return ERR("truncated: %llu bytes, its header says %llu",
			   (unsigned long long)file_size,
			   (unsigned long long)(payload_off + payload));
	return 0;
}
