/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ARCH_X86_TWIN_ENTER_H
#define _ARCH_X86_TWIN_ENTER_H

/*
 * In the park's code page (park.c), after the copied code: its IDT
 * descriptor, which the code loads rip-relative, and its IDT.
 */
#define TWIN_PARK_IDTR_OFF	0x7f0
#define TWIN_PARK_IDT_OFF	0x800

#ifndef __ASSEMBLY__
#include <linux/types.h>

/* enter_64.S: the last instructions of a CPU leaving kernel A. */
void twin_trampoline(u64 pgd, u64 entry, u64 boot_params, u64 stack,
		     u64 gdt_desc, u64 idt_desc);
/* Where an NMI or #MC on the way to B parks the CPU (entry IDT). */
void twin_park(void);
extern const u8 twin_trampoline_end[];
/*
 * The park code, copied into the park by A (park.c): position independent
 * between twin_park_code and twin_park_code_end; its IDT's NMI gate goes
 * to twin_park_nmi, the others to twin_park_halt.
 */
extern const u8 twin_park_code[], twin_park_nmi[], twin_park_halt[],
		twin_park_code_end[];
#endif

#endif
