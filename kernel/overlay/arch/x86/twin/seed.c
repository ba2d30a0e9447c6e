// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel on x86, the seed's flow (kernel/twin/seed.c): the command
 * line of a crash image loaded with kexec_load(), which keeps none. Find
 * the boot_params that kexec-tools put in a segment and the command line
 * they point to; everything found is bounds-checked against the segments.
 */
#include <linux/kexec.h>
#include <linux/minmax.h>
#include <linux/twin.h>
#include <asm/bootparam.h>

#define BP_SIZE		0x1000
#define HDR_MAGIC	0x53726448	/* "HdrS" */
#define CMDLINE_SCAN	4096

/* The segment that holds physical address @pa, or NULL. */
static const struct kexec_segment *seg_of(const struct kimage *image, u64 pa)
{
	unsigned long i;

	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *s = &image->segment[i];

		if (pa >= s->mem && pa < s->mem + s->memsz)
			return s;
	}
	return NULL;
}

const char *twin_arch_kexec_cmdline(const struct kimage *image, size_t *len)
{
	unsigned long i;

	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *s = &image->segment[i], *cs;
		const struct boot_params *bp;
		u64 cmd;

		if (s->memsz < BP_SIZE)
			continue;
		bp = phys_to_virt(s->mem);
		/* kexec-tools does not keep boot_flag; HdrS is there. */
		if (bp->hdr.header != HDR_MAGIC || bp->hdr.version < 0x0206)
			continue;
		cmd = bp->hdr.cmd_line_ptr | ((u64)bp->ext_cmd_line_ptr << 32);
		cs = seg_of(image, cmd);
		if (!cs)
			continue;
		*len = min_t(u64, CMDLINE_SCAN, cs->mem + cs->memsz - cmd);
		return phys_to_virt(cmd);
	}
	return NULL;
}
