/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Twin Kernel: the last instructions of a CPU leaving kernel A.
 *
 * twin_trampoline(pgd, entry, boot_params, stack, gdt_desc, idt_desc)
 *                 rdi  rsi    rdx          rcx    r8        r9
 *
 * Runs from A's kernel text, which the new page table maps at the same
 * address. The entry IDT and the stack are in twin memory at addresses
 * that A's page table and the new one both map (A's direct map), so an
 * NMI or machine check at any instruction here finds a valid IDT and
 * stack (see twin_build_entry_idt()); the rest is identity-mapped.
 * Leaves the CPU as the 64-bit boot protocol wants it: paging on with an
 * identity map, a GDT with __BOOT_CS (0x10) and __BOOT_DS (0x18), the data
 * segments loaded from it, CS = 0x10, interrupts off, %rsi = boot_params.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include <asm/processor-flags.h>
#include <asm/unwind_hints.h>

#include "enter.h"

	.text
	.code64
SYM_CODE_START_NOALIGN(twin_trampoline)
	UNWIND_HINT_END_OF_STACK
	ANNOTATE_NOENDBR
	cli
	movq	%rsi, %r10

	/* The entry IDT and stack first, then off A's page tables. */
	lidt	(%r9)
	movq	%rcx, %rsp
	movq	%rdi, %cr3

	/* PAE (and LA57) only: dropping PGE and PCIDE flushes the whole TLB. */
	movq	%cr4, %rax
	andq	$(X86_CR4_PAE | X86_CR4_LA57), %rax
	movq	%rax, %cr4

	/* Paging and protection on; no WP, AM, TS or EM. */
	movq	%cr0, %rax
	andq	$~(X86_CR0_AM | X86_CR0_WP | X86_CR0_TS | X86_CR0_EM), %rax
	orl	$(X86_CR0_PG | X86_CR0_PE), %eax
	movq	%rax, %cr0

	lgdt	(%r8)
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	/*
	 * CS stays: A's __KERNEL_CS is selector 0x10 too, a 64-bit code
	 * segment, and its cached descriptor survives the GDT switch.
	 */
	movq	%rdx, %rsi
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	ANNOTATE_RETPOLINE_SAFE
	jmp	*%r10
	int3
SYM_CODE_END(twin_trampoline)

/* Every gate of the entry IDT: halt for good (NMIs stay blocked). */
SYM_CODE_START_NOALIGN(twin_park)
	UNWIND_HINT_END_OF_STACK
	ANNOTATE_NOENDBR
	cli
1:	hlt
	jmp	1b
SYM_CODE_END(twin_park)
	.globl	twin_trampoline_end
twin_trampoline_end:

/*
 * The park (park.c), copied into B's memory by A and run there, from its
 * identity mapping, by a CPU that A gave to B: entered from
 * twin_trampoline with %rsi = its struct twin_park_slot. It reports in,
 * waits until B wakes it, then loads the page table B chose and jumps to
 * B's entry. Interrupts stay off. It spins until B says it wakes CPUs by
 * NMI (the header's b_flags), then sleeps in HLT: a spinning CPU takes
 * a core, or a sibling thread, from B.
 *
 * Once B said so, the CPU leaves only from its NMI handler, with NMIs
 * blocked: B's wake NMI is the one it is handling, and an NMI from
 * elsewhere that comes later stays pending until B's first IRET on this
 * CPU, which is after B loaded its own IDT. Leaving from the loop instead
 * could let B's NMI land in B's startup code before that IDT: a triple
 * fault. An NMI before WAKE only returns, past the HLT if it hit there.
 * Any other exception halts the CPU for good on the park's own IDT and
 * stack, never in A's memory.
 */
#define SLOT_STATE	4
#define SLOT_CR3	8
#define SLOT_ENTRY	16
#define SLOT_STACK	24
#define PARK_PARKED	2
#define PARK_WAKE	3
#define PARK_GONE	4
#define HDR_B_FLAGS	32	/* struct twin_park_hdr, a page before the code */
#define PARK_B_NMI	1

/* To B's entry on B's page table; x86 keeps these loads after WAKE's. */
.macro PARK_LEAVE
	movq	SLOT_CR3(%rsi), %rax
	movq	SLOT_ENTRY(%rsi), %rbx
	movl	$PARK_GONE, SLOT_STATE(%rsi)
	movq	%rax, %cr3
	xorl	%esi, %esi
	ANNOTATE_RETPOLINE_SAFE
	jmp	*%rbx
	int3
.endm

SYM_CODE_START_NOALIGN(twin_park_code)
	UNWIND_HINT_END_OF_STACK
	ANNOTATE_NOENDBR
.Lpark_start:
	cli
	/* The copy's descriptor, at the same distance as in the copy. */
	lidt	(.Lpark_start + TWIN_PARK_IDTR_OFF)(%rip)
	movq	SLOT_STACK(%rsi), %rsp
	movl	$PARK_PARKED, SLOT_STATE(%rsi)
1:	cmpl	$PARK_WAKE, SLOT_STATE(%rsi)
	je	2f
	/* The area is the page before the code (TWIN_PARK_AREA_OFF). */
	testl	$PARK_B_NMI, (.Lpark_start - 0x1000 + HDR_B_FLAGS)(%rip)
	jnz	.Lpark_hlt
	pause
	jmp	1b
2:
	/*
	 * B set b_flags before WAKE and x86 keeps this load after the one
	 * that saw WAKE: no flag here means a B that sends no NMI.
	 */
	testl	$PARK_B_NMI, (.Lpark_start - 0x1000 + HDR_B_FLAGS)(%rip)
	jz	.Lpark_leave
.Lpark_hlt:
	hlt
	jmp	1b
.Lpark_leave:
	PARK_LEAVE
SYM_CODE_END(twin_park_code)

/*
 * The park's NMI gate. After WAKE: leave for B without the IRETQ, so
 * NMIs stay blocked (see above). Before: return, past the HLT if the
 * NMI hit there, so that the loop looks at the slot again.
 */
SYM_CODE_START_NOALIGN(twin_park_nmi)
	UNWIND_HINT_IRET_REGS
	ANNOTATE_NOENDBR
	cmpl	$PARK_WAKE, SLOT_STATE(%rsi)
	jne	3f
	PARK_LEAVE
3:	pushq	%rax
	leaq	.Lpark_hlt(%rip), %rax
	cmpq	%rax, 8(%rsp)
	jne	4f
	addq	$1, 8(%rsp)		/* HLT is one byte */
4:	popq	%rax
	iretq
SYM_CODE_END(twin_park_nmi)

SYM_CODE_START_NOALIGN(twin_park_halt)
	UNWIND_HINT_END_OF_STACK
	ANNOTATE_NOENDBR
	cli
1:	hlt
	jmp	1b
SYM_CODE_END(twin_park_halt)
	.globl	twin_park_code_end
twin_park_code_end:
