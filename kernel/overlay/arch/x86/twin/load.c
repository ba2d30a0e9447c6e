// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel on x86-64, kernel A's side: lay out kernel B in the twin
 * memory and switch a CPU leaving A into it.
 *
 * The twin memory [base, end) holds, from the bottom, B's kernel (at B's
 * alignment, with room for its init_size), B's initrd (top-aligned), and a
 * control area of TWIN_CONTROL_SIZE at the very top:
 *
 *   +0x0000 struct twin_shared   (reserved in B's memory map, both map it)
 *   +0x1000 boot_params          (B's zero page)
 *   +0x2000 command line
 *   +0x3000 setup_data SETUP_TWIN + struct twin_boot_info
 *   +0x4000 boot GDT, descriptors, the entry IDT, a small stack
 *   +0x5000 identity page tables
 *   +0x17000 struct twin_handover, written when A retires
 *   +0x18000 the park (park.c): where A's CPUs wait for B to wake them
 *   +0x20000 B's log ring (128 KiB), read by A even after B crashed
 *   +0x40000 the channel (3 MiB): header, ring indices, ring data
 *
 * B's memory map has only [base, control) as RAM; A's RAM is "reserved"
 * for B, firmware ranges keep their types.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/twin.h>
#include <linux/utsname.h>
#include <asm/apic.h>
#include <asm/bootparam.h>
#include <asm/cpu.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/e820/api.h>
#include <asm/pci_x86.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/tsc.h>

#define CTL_SHARED	0x0000
#define CTL_BOOT_PARAMS	0x1000
#define CTL_CMDLINE	0x2000
#define CTL_SETUP_DATA	0x3000
#define CTL_TRAMP	0x4000
#define CTL_GDT_DESC	(CTL_TRAMP + 0x40)
#define CTL_IDT_DESC	(CTL_TRAMP + 0x50)
#define CTL_IDT		(CTL_TRAMP + 0x100)
#define ENTRY_IDT_GATES	32		/* the exceptions, NMI and #MC among them */
#define CTL_PGTABLES	0x5000
#define CTL_HANDOVER	0x17000
#define CTL_PARK	0x18000
#define CTL_LOG		0x20000
#define CTL_CHAN	0x40000
#define LOG_SIZE	(CTL_CHAN - CTL_LOG)
#define CHAN_SIZE	(TWIN_CONTROL_SIZE - CTL_CHAN)

#define BZ_HDR_OFFSET	0x1f1
#define BZ_HDR_MAGIC	0x53726448	/* "HdrS" */
#define BZ_ENTRY_64	0x200		/* 64-bit entry, from the load address */

/* Boot GDT: 64-bit code at 0x10 (__BOOT_CS), flat data at 0x18 (__BOOT_DS). */
#define GDT_CODE64	0x00af9a000000ffffULL
#define GDT_DATA	0x00cf92000000ffffULL

#define PT_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PT_LARGE	(PT_TABLE | _PAGE_PSE)

static_assert(sizeof(struct twin_boot_info) == TWIN_BOOT_V2_SIZE);
static_assert(offsetof(struct twin_boot_info, machine_cpus) == TWIN_BOOT_V1_SIZE);
static_assert(CTL_PARK + TWIN_PARK_SIZE <= CTL_LOG);
static_assert(sizeof(struct twin_handover) <= CTL_PARK - CTL_HANDOVER);
static_assert(offsetof(struct twin_handover, nr_ioapic) == TWIN_HANDOVER_V1_SIZE);
static_assert(sizeof(struct twin_ioapic) == 16);
static_assert(sizeof(struct twin_intx) == 16);
static_assert(sizeof(struct twin_boot_info) >= TWIN_BOOT_V1_SIZE);
static_assert(sizeof(struct twin_shared) >= TWIN_SHARED_V1_SIZE);
static_assert(sizeof(struct twin_chan_hdr) >= TWIN_CHAN_V1_SIZE);
static_assert(offsetof(struct twin_boot_info, tsc_khz) == 32);
static_assert(offsetof(struct twin_boot_info, shared_pa) == 56);
static_assert(offsetof(struct twin_boot_info, pci_mmcfg_base) == 64);
static_assert(offsetof(struct twin_boot_info, pci) == 88);
static_assert(sizeof(struct twin_pci_dev) == 8);
static_assert(offsetof(struct twin_shared, b_heartbeat) == 16);
static_assert(offsetof(struct twin_shared, b_release) == 32);
static_assert(offsetof(struct twin_shared, a_request) == 160);
static_assert(offsetof(struct twin_shared, log_head) == 176);
static_assert(sizeof(struct twin_shared) == 280);
static_assert(sizeof(struct twin_shared) <= PAGE_SIZE);
static_assert(offsetof(struct twin_shared, chan_offset) == 184);
static_assert(sizeof(struct twin_chan_hdr) == 200);
static_assert(sizeof(struct twin_ring_ctl) == 128);
static_assert(sizeof(struct twin_rec_hdr) == 8);
static_assert(sizeof(struct twin_load_args) == 160);

#include "enter.h"

u16 twin_boot_version_written = TWIN_BOOT_VERSION;	/* debugfs may change it */

struct twin_layout {
	u64 base, end, ctl;		/* twin memory, control area */
	u64 load, load_end;		/* B's kernel */
	u64 initrd;			/* B's initrd (0 = none) */
	size_t payload_off;		/* protected-mode code in the file */
	size_t hdr_len;			/* setup header bytes to copy */
	bool no5lvl;			/* tell B to stay in 4-level paging */
};

static int twin_check_image(const struct twin_load_request *req,
			    const struct resource *mem, struct twin_layout *l)
{
	const u8 *k = req->kernel;
	const struct setup_header *hdr;
	unsigned int sects;
	u64 align, need;

	if (req->kernel_size < BZ_HDR_OFFSET + sizeof(*hdr)) {
		twin_fail("load: kernel file of %zu bytes is too small for a bzImage",
		       req->kernel_size);
		return -ENOEXEC;
	}
	hdr = (const struct setup_header *)(k + BZ_HDR_OFFSET);
	if (hdr->boot_flag != 0xaa55 || hdr->header != BZ_HDR_MAGIC) {
		twin_fail("load: not a bzImage (no boot signature or HdrS)");
		return -ENOEXEC;
	}
	if (hdr->version < 0x020c) {
		twin_fail("load: boot protocol %u.%02u is too old (2.12 needed)",
		       hdr->version >> 8, hdr->version & 0xff);
		return -ENOEXEC;
	}
	if (!(hdr->xloadflags & XLF_KERNEL_64) || !hdr->relocatable_kernel) {
		twin_fail("load: the kernel has no relocatable 64-bit entry");
		return -ENOEXEC;
	}
	sects = hdr->setup_sects ? hdr->setup_sects : 4;
	l->payload_off = (sects + 1) * 512;
	if (l->payload_off >= req->kernel_size ||
	    (u64)hdr->syssize * 16 > req->kernel_size - l->payload_off) {
		twin_fail("load: kernel file truncated: %zu bytes, its header says %llu",
		       req->kernel_size,
		       (u64)l->payload_off + (u64)hdr->syssize * 16);
		return -ENOEXEC;
	}
	l->hdr_len = min_t(size_t, 0x202 + k[0x201] - BZ_HDR_OFFSET,
			   sizeof(*hdr));
	align = hdr->kernel_alignment;
	if (!is_power_of_2(align) || align < PAGE_SIZE || align > SZ_1G) {
		twin_fail("load: bad kernel alignment 0x%llx", align);
		return -ENOEXEC;
	}
	if (pgtable_l5_enabled() && !(hdr->xloadflags & XLF_5LEVEL_ENABLED)) {
		twin_fail("load: this kernel uses 5-level paging and the twin cannot");
		return -ENOEXEC;
	}
	l->no5lvl = !pgtable_l5_enabled() &&
		    (hdr->xloadflags & XLF_5LEVEL_ENABLED);
	if (strlen(req->cmdline) + sizeof(" no5lvl") >
	    min_t(u32, hdr->cmdline_size, PAGE_SIZE)) {
		twin_fail("load: command line longer than the %u bytes the kernel takes",
		       hdr->cmdline_size);
		return -EINVAL;
	}

	l->base = mem->start;
	l->end = mem->end + 1;
	l->ctl = l->end - TWIN_CONTROL_SIZE;
	l->load = ALIGN(l->base, align);
	need = max_t(u64, hdr->init_size, req->kernel_size - l->payload_off);
	l->load_end = PAGE_ALIGN(l->load + need);
	if (l->load_end > l->ctl) {
		twin_fail("load: the kernel needs %llu KiB, the twin memory has %llu KiB",
		       need >> 10, (l->ctl - l->load) >> 10);
		return -EFBIG;
	}
	l->initrd = 0;
	if (req->initrd_size) {
		if (req->initrd_size > l->ctl - l->load_end) {
			twin_fail("load: initrd of %zu KiB does not fit: %llu KiB free after the kernel",
			       req->initrd_size >> 10,
			       (l->ctl - l->load_end) >> 10);
			return -EFBIG;
		}
		l->initrd = ALIGN_DOWN(l->ctl - req->initrd_size, PAGE_SIZE);
	}
	return 0;
}

static int e820_add(struct boot_params *bp, u64 start, u64 end, u32 type)
{
	struct boot_e820_entry *e;

	if (end <= start)
		return 0;
	if (bp->e820_entries >= E820_MAX_ENTRIES_ZEROPAGE)
		return -E2BIG;
	e = &bp->e820_table[bp->e820_entries++];
	e->addr = start;
	e->size = end - start;
	e->type = type;
	return 0;
}

/* A firmware entry's type in B's map: RAM outside B's memory is not B's. */
static u32 twin_b_type(u32 type)
{
	return type == E820_TYPE_RAM ? E820_TYPE_RESERVED : type;
}

/*
 * B's memory map: RAM only in [base, ctl); A's RAM becomes reserved. The
 * twin memory lies in A's RAM: in a kernel that took a machine over
 * (it booted as a twin itself), in what its own map calls reserved.
 */
static int twin_build_e820(struct boot_params *bp, const struct twin_layout *l)
{
	const struct e820_table *fw = e820_table_firmware;
	u32 i;
	int ret = 0;

	bp->e820_entries = 0;
	for (i = 0; i < fw->nr_entries && !ret; i++) {
		u64 s = fw->entries[i].addr;
		u64 t = s + fw->entries[i].size;
		u32 type = fw->entries[i].type;

		/*
		 * Not from 1 MiB on: B would merge that reserved range with
		 * the firmware's below 1 MiB into one resource, busy for
		 * starting below 1 MiB, and could not add A's RAM there
		 * when A retires. A page-sized hole keeps them apart.
		 */
		if (type == E820_TYPE_RAM && s == SZ_1M)
			s += PAGE_SIZE;
		ret = e820_add(bp, s, min(t, l->base), twin_b_type(type));
		if (s < l->end && t > l->base) {
			ret = ret ?: e820_add(bp, max(s, l->base),
					      min(t, l->ctl), E820_TYPE_RAM);
			ret = ret ?: e820_add(bp, max(s, l->ctl),
					      min(t, l->end),
					      E820_TYPE_RESERVED);
		}
		ret = ret ?: e820_add(bp, max(s, l->end), t, twin_b_type(type));
	}
	if (ret)
		twin_fail("load: A's memory map has too many entries for B");
	return ret;
}

struct pt_pool {
	u64 next, end;
};

static u64 *pt_alloc(struct pt_pool *pool)
{
	u64 *page;

	if (pool->next >= pool->end)
		return NULL;
	page = phys_to_virt(pool->next);
	pool->next += PAGE_SIZE;
	memset(page, 0, PAGE_SIZE);
	return page;
}

/* Map the 2M page @pa at @va in the page table rooted at @top. */
static int pt_map_2m(u64 *top, struct pt_pool *pool, u64 va, u64 pa)
{
	int levels = pgtable_l5_enabled() ? 5 : 4, level;
	u64 *table = top;

	for (level = levels; level > 2; level--) {
		unsigned int idx = (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;

		if (!(table[idx] & _PAGE_PRESENT)) {
			u64 *next = pt_alloc(pool);

			if (!next)
				return -ENOMEM;
			table[idx] = virt_to_phys(next) | PT_TABLE;
		}
		table = phys_to_virt(table[idx] & PTE_PFN_MASK);
	}
	table[(va >> PMD_SHIFT) & 511] = pa | PT_LARGE;
	return 0;
}

/*
 * The IDT of a CPU between A and B. A's IDT is unusable once the page
 * table switches, and B loads its own only in its decompressor; an NMI or
 * machine check in between must not find an invalid IDT (a triple fault
 * resets the whole machine, A with it). Every exception gate here leads
 * to twin_park (A's text, mapped in both page tables, as are this IDT and
 * the stack): the CPU halts for good with NMIs blocked. B then never
 * boots, A sees no heartbeat and ends it; the machine lives on. External
 * interrupts stay off (IF is clear) until B has its own IDT.
 */
static void twin_build_entry_idt(const struct twin_layout *l)
{
	gate_desc *idt = phys_to_virt(l->ctl + CTL_IDT);
	struct desc_ptr *desc = phys_to_virt(l->ctl + CTL_IDT_DESC);
	unsigned int i;

	for (i = 0; i < ENTRY_IDT_GATES; i++)
		pack_gate(&idt[i], GATE_INTERRUPT, (unsigned long)twin_park, 0,
			  0, __KERNEL_CS);
	desc->size = ENTRY_IDT_GATES * sizeof(*idt) - 1;
	desc->address = (unsigned long)idt;
}

/*
 * The switch runs from A's kernel text (twin_trampoline) and then from the
 * twin memory: map both, the text at its kernel address. The page with
 * the entry IDT and the stack is also mapped where A's direct map has it,
 * so that both stay valid across the page table switch.
 */
static int twin_build_pgtable(const struct twin_layout *l, u64 *pgd_pa)
{
	struct pt_pool pool = {
		.next = l->ctl + CTL_PGTABLES,
		.end = l->ctl + CTL_HANDOVER,
	};
	u64 text = (u64)twin_trampoline, text_end = (u64)twin_trampoline_end;
	u64 *top = pt_alloc(&pool), a;
	int ret = 0;

	if ((text ^ __pa_symbol(text)) & (SZ_2M - 1)) {
		twin_fail("load: kernel text is not 2M-aligned physically");
		return -EINVAL;
	}
	for (a = ALIGN_DOWN(l->base, SZ_2M); a < l->end && !ret; a += SZ_2M)
		ret = pt_map_2m(top, &pool, a, a);
	for (a = ALIGN_DOWN(text, SZ_2M); a < text_end && !ret; a += SZ_2M)
		ret = pt_map_2m(top, &pool, a, __pa_symbol(a));
	a = ALIGN_DOWN(l->ctl + CTL_TRAMP, SZ_2M);
	if (!ret)
		ret = pt_map_2m(top, &pool, (u64)phys_to_virt(a), a);
	if (ret) {
		twin_fail("load: the twin memory needs more page tables");
		return ret;
	}
	*pgd_pa = virt_to_phys(top);
	return 0;
}

static void twin_fill_info(struct twin_boot_info *info,
			   const struct twin_load_request *req,
			   const struct twin_layout *l)
{
	unsigned int cpu;

	memset(info, 0, sizeof(*info));
	info->magic = TWIN_BOOT_MAGIC;
	info->version = READ_ONCE(twin_boot_version_written);
	info->size = sizeof(*info);
	info->mem_start = l->base;
	info->mem_size = l->end - l->base;
	info->cpu_apic_id = per_cpu(x86_cpu_to_apicid, req->cpu);
	info->host_apic_id = boot_cpu_physical_apicid;
	info->tsc_khz = tsc_khz;
	/* B does not read the northbridge's config space to learn it. */
	if (boot_cpu_has(X86_FEATURE_EXTD_APICID))
		info->flags |= TWIN_BOOT_F_EXTD_APICID;
	info->lapic_khz = lapic_timer_period * HZ / 1000;
	info->wallclock_sec = ktime_get_real_seconds();
	info->uart_iobase = twin_arch_twin_uart();
	info->shared_pa = l->ctl + CTL_SHARED;
	info->pci_count = req->pci_count;
	memcpy(info->pci, req->pci, sizeof(info->pci[0]) * req->pci_count);
	/* Every CPU that B may adopt later, B's own among them. */
	for_each_present_cpu(cpu) {
		if (info->machine_cpus == TWIN_MACHINE_CPUS_MAX)
			break;
		info->machine_apic_id[info->machine_cpus++] =
			per_cpu(x86_cpu_to_apicid, cpu);
	}
	/* The IRQ numbers B keeps free for the GSIs it may take over. */
	info->gsi_top = twin_arch_gsi_top();
#ifdef CONFIG_PCI_MMCONFIG
	{
		/* B then needs no config cycle through A's 0xcf8/0xcfc. */
		struct pci_mmcfg_region *cfg;

		list_for_each_entry(cfg, &pci_mmcfg_list, list) {
			if (cfg->segment == 0 && cfg->start_bus == 0) {
				info->pci_mmcfg_base = cfg->address;
				info->pci_mmcfg_end_bus = cfg->end_bus;
				break;
			}
		}
	}
#endif
}

/* Copy in slices: A may be down to one CPU and not preemptible. */
static void twin_copy(u64 pa, const void *src, size_t len)
{
	u8 *dst = phys_to_virt(pa);

	while (len) {
		size_t n = min_t(size_t, len, SZ_256K);

		memcpy(dst, src, n);
		dst += n;
		src += n;
		len -= n;
		cond_resched();
	}
}

int twin_arch_load(const struct twin_load_request *req,
		   const struct resource *mem, struct twin_entry *out)
{
	struct twin_layout l;
	struct boot_params *bp;
	struct setup_data *sd;
	struct twin_shared *sh;
	u64 *gdt, pgd, cmdline_pa, sd_pa;
	struct desc_ptr *desc;
	char *cmdline;
	int ret;

	ret = twin_check_image(req, mem, &l);
	if (ret)
		return ret;

	/* Checked: from here on the twin memory is written. */
	memset(phys_to_virt(l.ctl), 0, TWIN_CONTROL_SIZE);
	ret = twin_build_pgtable(&l, &pgd);
	if (ret)
		return ret;

	twin_copy(l.load, (const u8 *)req->kernel + l.payload_off,
		  req->kernel_size - l.payload_off);
	if (l.initrd)
		twin_copy(l.initrd, req->initrd, req->initrd_size);

	cmdline_pa = l.ctl + CTL_CMDLINE;
	cmdline = phys_to_virt(cmdline_pa);
	strscpy(cmdline, req->cmdline, PAGE_SIZE);
	if (l.no5lvl)
		strcat(cmdline, " no5lvl");

	sd_pa = l.ctl + CTL_SETUP_DATA;
	sd = phys_to_virt(sd_pa);
	sd->next = 0;
	sd->type = SETUP_TWIN;
	sd->len = sizeof(struct twin_boot_info);
	twin_fill_info((struct twin_boot_info *)sd->data, req, &l);
	/* A host took that UART at its takeover: it is the twin's now. */
	twin_arch_lend_uart(((struct twin_boot_info *)sd->data)->uart_iobase);

	bp = phys_to_virt(l.ctl + CTL_BOOT_PARAMS);
	memcpy(&bp->hdr, (const u8 *)req->kernel + BZ_HDR_OFFSET, l.hdr_len);
	bp->hdr.type_of_loader = 0xff;
	bp->hdr.code32_start = l.load;
	bp->hdr.cmd_line_ptr = lower_32_bits(cmdline_pa);
	bp->ext_cmd_line_ptr = upper_32_bits(cmdline_pa);
	bp->hdr.ramdisk_image = lower_32_bits(l.initrd);
	bp->ext_ramdisk_image = upper_32_bits(l.initrd);
	bp->hdr.ramdisk_size = lower_32_bits(req->initrd_size);
	bp->ext_ramdisk_size = upper_32_bits(req->initrd_size);
	bp->hdr.setup_data = sd_pa;
	ret = twin_build_e820(bp, &l);
	if (ret)
		return ret;

	sh = phys_to_virt(l.ctl + CTL_SHARED);
	sh->magic = TWIN_SHARED_MAGIC;
	sh->version = TWIN_SHARED_VERSION;
	sh->size = sizeof(*sh);
	sh->log_size = LOG_SIZE;
	sh->log_offset = CTL_LOG - CTL_SHARED;
	sh->chan_offset = CTL_CHAN - CTL_SHARED;
	sh->chan_size = CHAN_SIZE;
	sh->park_offset = CTL_PARK - CTL_SHARED;
	/* B's wake page table maps the GDT page through the park. */
	twin_park_layout(l.ctl + CTL_PARK, l.ctl + CTL_TRAMP, l.ctl + CTL_LOG);

	gdt = phys_to_virt(l.ctl + CTL_TRAMP);
	gdt[2] = GDT_CODE64;
	gdt[3] = GDT_DATA;
	desc = phys_to_virt(l.ctl + CTL_GDT_DESC);
	desc->size = 4 * 8 - 1;
	desc->address = l.ctl + CTL_TRAMP;
	twin_build_entry_idt(&l);

	memset(out, 0, sizeof(*out));	/* restart compares it whole */
	out->entry = l.load + BZ_ENTRY_64;
	out->boot_params = l.ctl + CTL_BOOT_PARAMS;
	out->pgd = pgd;
	out->stack = (u64)phys_to_virt(l.ctl + CTL_TRAMP + PAGE_SIZE);
	out->gdt_desc = l.ctl + CTL_GDT_DESC;
	out->idt_desc = (u64)phys_to_virt(l.ctl + CTL_IDT_DESC);
	out->shared = l.ctl + CTL_SHARED;
	out->log = l.ctl + CTL_LOG;
	out->log_size = LOG_SIZE;
	out->chan = l.ctl + CTL_CHAN;
	out->chan_size = CHAN_SIZE;
	out->park = l.ctl + CTL_PARK;
	out->handover = l.ctl + CTL_HANDOVER;
	out->peer_apic_id = per_cpu(x86_cpu_to_apicid, req->cpu);
	out->image[0] = (struct twin_range){ l.load, req->kernel_size - l.payload_off };
	out->image[1] = (struct twin_range){ l.initrd, req->initrd_size };
	out->image[2] = (struct twin_range){ l.ctl + CTL_BOOT_PARAMS,
					     CTL_LOG - CTL_BOOT_PARAMS };
	return 0;
}

void twin_arch_ipi_update(void)
{
	apic_smt_update();
}

void __noreturn twin_arch_enter(const struct twin_entry *e)
{
	local_irq_disable();
	hw_breakpoint_disable();
	cet_disable();
	/* The trampoline swaps A's IDT for the entry IDT first thing. */
	twin_trampoline(e->pgd, e->entry, e->boot_params, e->stack, e->gdt_desc,
			e->idt_desc);
	unreachable();
}
