// SPDX-License-Identifier: GPL-2.0
/*
 * The seed's flow: "kexec -p bzImage --append='... twin_kernel ...'" loads
 * B as a crash kernel with Debian's kexec-tools, and offlining a CPU starts
 * it. A crash image whose command line holds the word "twin_kernel" is a
 * twin: the CPU going offline enters it through machine_kexec() (without
 * the crash shutdown, which would stop every other CPU and clear the
 * IOAPIC). While that twin runs, the kexec lock stays taken, so kdump
 * cannot jump into the twin's memory and no other crash image can be
 * loaded over it.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/kexec.h>
#include <linux/string.h>
#include <asm/bootparam.h>

#include "../kexec_internal.h"
#include "twin_internal.h"

#define BP_SIZE		0x1000
#define HDR_MAGIC	0x53726448	/* "HdrS" */
#define CMDLINE_SCAN	4096

/* Is "twin_kernel" a whole word of the @len bytes at @s? */
static bool has_twin_word(const char *s, size_t len)
{
	static const char word[] = "twin_kernel";
	size_t wl = sizeof(word) - 1, i;

	for (i = 0; i + wl <= len && s[i]; i++) {
		if (memcmp(s + i, word, wl))
			continue;
		if ((i == 0 || s[i - 1] == ' ') &&
		    (i + wl == len || s[i + wl] == ' ' || s[i + wl] == '\0' ||
		     s[i + wl] == '\n'))
			return true;
	}
	return false;
}

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

/*
 * kexec_load() keeps no command line: find the boot_params that
 * kexec-tools put in a segment and read the command line it points to.
 * Everything found in the segments is bounds-checked against them.
 */
static bool crash_image_is_twin(const struct kimage *image)
{
	unsigned long i;

	if (image->file_mode)
		return image->cmdline_buf &&
		       has_twin_word(image->cmdline_buf, image->cmdline_buf_len);

	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *s = &image->segment[i], *cs;
		const struct boot_params *bp;
		u64 cmd;
		size_t len;

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
		len = min_t(u64, CMDLINE_SCAN, cs->mem + cs->memsz - cmd);
		if (has_twin_word(phys_to_virt(cmd), len))
			return true;
	}
	return false;
}

/*
 * On the CPU going offline, hotplug lock held: claim the crash image if it
 * is a twin. Returns true with the kexec lock taken.
 */
bool twin_seed_claim(void)
{
	if (!kexec_trylock())
		return false;
	if (kexec_crash_image && crash_image_is_twin(kexec_crash_image))
		return true;
	if (kexec_crash_image)
		pr_info("the loaded crash kernel has no twin_kernel on its command line: CPU goes offline as usual\n");
	kexec_unlock();
	return false;
}

void twin_seed_release(void)
{
	kexec_unlock();
}

void twin_seed_enter(void)
{
	machine_kexec(kexec_crash_image);
}
