// SPDX-License-Identifier: GPL-2.0
/* Check the x86 boot protocol header of a bzImage (Documentation/arch/x86/
 * boot.rst): a relocatable kernel with a 64-bit entry, not truncated. */
#include <errno.h>
#include <stdio.h>

#include "bzimage.h"
#include "parse.h"

static unsigned int le16(const unsigned char *p)
{
	return p[0] | (p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | (p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

#define ERR(...) (snprintf(err, TK_ERRLEN, __VA_ARGS__), -ENOEXEC)

int tk_check_bzimage(const unsigned char *buf, size_t len, uint64_t file_size,
		     char *err)
{
	unsigned int version, sects;
	uint64_t need;

	if (len < 0x240 || file_size < 0x240)
		return ERR("%llu bytes: too small for a bzImage",
			   (unsigned long long)file_size);
	if (le16(buf + 0x1fe) != 0xaa55 || le32(buf + 0x202) != 0x53726448)
		return ERR("not a bzImage (no boot signature or HdrS header)");
	version = le16(buf + 0x206);
	if (version < 0x020c)
		return ERR("boot protocol %u.%02u is too old (2.12 needed)",
			   version >> 8, version & 0xff);
	if (!(le16(buf + 0x236) & 1))
		return ERR("no 64-bit entry point (XLF_KERNEL_64)");
	if (!buf[0x234])
		return ERR("not a relocatable kernel");
	sects = buf[0x1f1] ? buf[0x1f1] : 4;
	need = (uint64_t)(sects + 1) * 512 + (uint64_t)le32(buf + 0x1f4) * 16;
	if (need > file_size)
		return ERR("truncated: %llu bytes, its header says %llu",
			   (unsigned long long)file_size,
			   (unsigned long long)need);
	return 0;
}
