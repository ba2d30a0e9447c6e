/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ARCH_X86_TWIN_ENTER_H
#define _ARCH_X86_TWIN_ENTER_H

#include <linux/types.h>

/* enter_64.S: the last instructions of a CPU leaving kernel A. */
void twin_trampoline(u64 pgd, u64 entry, u64 boot_params, u64 stack,
		     u64 gdt_desc, u64 idt_desc);
/* Where an NMI or #MC on the way to B parks the CPU (entry IDT). */
void twin_park(void);
extern const u8 twin_trampoline_end[];

#endif
