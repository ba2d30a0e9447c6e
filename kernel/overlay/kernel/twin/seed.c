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
#include <linux/twin.h>

#include "../kexec_internal.h"
#include "twin_internal.h"

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

/* Is the crash image a twin? Its command line says. */
static bool crash_image_is_twin(const struct kimage *image)
{
	const char *cmd;
	size_t len;

	if (image->file_mode)
		return image->cmdline_buf &&
		       has_twin_word(image->cmdline_buf, image->cmdline_buf_len);
	cmd = twin_arch_kexec_cmdline(image, &len);
	return cmd && has_twin_word(cmd, len);
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
