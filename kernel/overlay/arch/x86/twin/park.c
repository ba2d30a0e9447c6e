// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel on x86-64: the park, where kernel A sends a CPU it gives to
 * kernel B for good, and from where B wakes it (struct twin_park_area in
 * uapi/linux/twin_abi.h).
 *
 * A's side: at load, A writes the park into the control area (B's memory,
 * never A's RAM, which is to become B's later): a header, a slot per CPU,
 * the park code with an IDT of its own and a stack per slot. A CPU given to
 * B leaves A from play_dead() like the CPU B boots on, but enters the park
 * code instead of B's kernel. It waits there with interrupts off on its
 * slot, still on A's identity page table (also in the control area):
 * spinning until B says it wakes parked CPUs with an NMI, then in HLT,
 * and then it leaves only from that NMI's handler (enter_64.S).
 *
 * B's side: B cannot bring these CPUs up with INIT/SIPI: that needs a
 * real-mode trampoline in the first MiB, which is A's, and an INIT to the
 * machine's boot CPU would reset it. Like the ACPI MADT mailbox wakeup, B
 * installs its own wakeup_secondary_cpu_64(): it writes a page table (B's
 * kernel half plus an identity map of the park) and secondary_startup_64
 * into the CPU's slot, then sends it the NMI, and the CPU jumps there:
 * B's usual bring-up from there on, with the CPU's APIC ID registered at
 * boot (platform.c) and made present now, as ACPI CPU hot-add does.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/twin.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/init.h>
#include <asm/pgalloc.h>
#include <asm/realmode.h>
#include <asm/tlbflush.h>
#include <asm/trapnr.h>

#include "enter.h"

#define PARK_IDT_GATES	32		/* the exceptions, NMI and #MC among them */
#define PARK_STACK	384		/* per slot; only an NMI frame or a call */

static_assert(sizeof(struct twin_park_slot) == 32);
static_assert(sizeof(struct twin_park_hdr) == 64);
static_assert(sizeof(struct twin_park_area) == 64 + 32 * TWIN_PARK_SLOTS);
static_assert(sizeof(struct twin_park_area) <= PAGE_SIZE);
static_assert(PARK_STACK * TWIN_PARK_SLOTS <= TWIN_PARK_STACKS_SIZE);
/* enter_64.S finds b_flags a page before the code. */
static_assert(offsetof(struct twin_park_hdr, b_flags) == 32);
static_assert(TWIN_PARK_CODE_OFF - TWIN_PARK_AREA_OFF == 0x1000);

/* A: lay out the park; @pa and the two pages after it are in the twin memory. */
void twin_park_layout(u64 pa, u64 map_start, u64 map_end)
{
	struct twin_park_area *area = phys_to_virt(pa + TWIN_PARK_AREA_OFF);
	u64 code_pa = pa + TWIN_PARK_CODE_OFF;
	u64 stacks_pa = pa + TWIN_PARK_STACKS_OFF;
	u8 *code = phys_to_virt(code_pa);
	size_t len = twin_park_code_end - twin_park_code;
	struct desc_ptr idtr;
	gate_desc *idt;
	unsigned int i;

	BUILD_BUG_ON(TWIN_PARK_IDTR_OFF + sizeof(idtr) > TWIN_PARK_IDT_OFF);
	memset(area, 0, sizeof(*area));
	area->hdr.magic = TWIN_PARK_MAGIC;
	area->hdr.version = TWIN_PARK_VERSION;
	area->hdr.size = sizeof(*area);
	area->hdr.nslots = TWIN_PARK_SLOTS;
	area->hdr.la57 = pgtable_l5_enabled();
	area->hdr.map_start = map_start;
	area->hdr.map_end = map_end;
	for (i = 0; i < TWIN_PARK_SLOTS; i++)
		area->slot[i].stack = stacks_pa + (i + 1) * PARK_STACK;

	/* The code is position independent but for its IDT's addresses. */
	WARN_ON(len > TWIN_PARK_IDTR_OFF);
	memcpy(code, twin_park_code, len);
	idt = (gate_desc *)(code + TWIN_PARK_IDT_OFF);
	for (i = 0; i < PARK_IDT_GATES; i++) {
		const u8 *gate = i == X86_TRAP_NMI ? twin_park_nmi : twin_park_halt;

		pack_gate(&idt[i], GATE_INTERRUPT,
			  code_pa + (gate - twin_park_code), 0, 0, __KERNEL_CS);
	}
	idtr.size = PARK_IDT_GATES * sizeof(*idt) - 1;
	idtr.address = code_pa + TWIN_PARK_IDT_OFF;
	memcpy(code + TWIN_PARK_IDTR_OFF, &idtr, sizeof(idtr));
}

/* A: the physical address of slot @slot's state, for the CPU to report in. */
struct twin_park_slot *twin_park_slot(u64 pa, unsigned int slot)
{
	struct twin_park_area *area = phys_to_virt(pa + TWIN_PARK_AREA_OFF);

	return slot < TWIN_PARK_SLOTS ? &area->slot[slot] : NULL;
}

u32 twin_arch_cpu_apic_id(unsigned int cpu)
{
	return per_cpu(x86_cpu_to_apicid, cpu);
}

/* A, on the dying CPU, interrupts off: leave A for the park, for good. */
void __noreturn twin_arch_park(const struct twin_entry *e, u64 park_pa,
			       unsigned int slot)
{
	u64 slot_pa = park_pa + TWIN_PARK_AREA_OFF +
		      offsetof(struct twin_park_area, slot[slot]);

	local_irq_disable();
	hw_breakpoint_disable();
	cet_disable();
	twin_trampoline(e->pgd, park_pa + TWIN_PARK_CODE_OFF, slot_pa, e->stack,
			e->gdt_desc, e->idt_desc);
	BUG();		/* not reached; objtool does not know the trampoline */
}

/* B's side. */
static DEFINE_MUTEX(twin_adopt_mutex);
static struct twin_park_area *twin_park_b;	/* mapped at the first adoption */
static pgd_t *twin_wake_pgd;
static u64 twin_park_start, twin_park_end;	/* what twin_wake_pgd maps */
static struct twin_park_slot *twin_waking;	/* under twin_adopt_mutex */
static u32 twin_waking_apic_id;
static bool twin_park_nmi_wake;	/* A's park sleeps; wake it with an NMI */
static struct real_mode_header twin_no_realmode;

static void *twin_alloc_pgt_page(void *ctx)
{
	return (void *)get_zeroed_page(GFP_KERNEL);
}

/* B's kernel half, and the park where A's page table had it: identity. */
static int twin_build_wake_pgd(u64 start, u64 end)
{
	struct x86_mapping_info info = {
		.alloc_pgt_page	= twin_alloc_pgt_page,
		.page_flag	= __PAGE_KERNEL_LARGE_EXEC,
		.kernpg_flag	= _KERNPG_TABLE_NOENC,
	};
	pgd_t *pgd = (pgd_t *)get_zeroed_page(GFP_KERNEL);
	int ret;

	if (!pgd)
		return -ENOMEM;
	ret = kernel_ident_mapping_init(&info, pgd, start, end);
	if (ret) {
		/* The pages it took stay: this happens once, at most. */
		free_page((unsigned long)pgd);
		return ret;
	}
	clone_pgd_range(pgd + KERNEL_PGD_BOUNDARY,
			swapper_pg_dir + KERNEL_PGD_BOUNDARY, KERNEL_PGD_PTRS);
	twin_wake_pgd = pgd;
	return 0;
}

/* Map A's park once and check its header: A wrote it, B trusts nothing. */
static int twin_park_map(char *why, size_t len)
{
	struct twin_park_area *area;
	struct twin_park_hdr hdr;
	struct twin_shared *sh;
	phys_addr_t sh_pa;
	u64 off, pa, ctl_end;
	int ret;

	if (twin_park_b)
		return 0;
	sh = twin_b_shared(&sh_pa);
	if (!sh) {
		snprintf(why, len, "no shared page from kernel A");
		return -ENODEV;
	}
	off = READ_ONCE(sh->park_offset);
	ctl_end = sh_pa + TWIN_CONTROL_SIZE;
	pa = sh_pa + off;
	if (!off || !PAGE_ALIGNED(off) || off > TWIN_CONTROL_SIZE - PAGE_SIZE) {
		snprintf(why, len, "kernel A laid out no park (offset %#llx)", off);
		return -ENODEV;
	}
	area = memremap(pa, sizeof(*area), MEMREMAP_WB);
	if (!area) {
		snprintf(why, len, "cannot map the park at %#llx", pa);
		return -ENOMEM;
	}
	memcpy(&hdr, &area->hdr, sizeof(hdr));
	ret = -EPROTO;
	if (hdr.magic != TWIN_PARK_MAGIC || !hdr.version ||
	    hdr.nslots != TWIN_PARK_SLOTS || hdr.size < sizeof(*area)) {
		snprintf(why, len, "park header: magic %#x version %u slots %u size %u",
			 hdr.magic, hdr.version, hdr.nslots, hdr.size);
	} else if (!!hdr.la57 != pgtable_l5_enabled()) {
		snprintf(why, len, "A parks CPUs with %d-level paging, this kernel uses %d",
			 hdr.la57 ? 5 : 4, pgtable_l5_enabled() ? 5 : 4);
	} else if (!PAGE_ALIGNED(hdr.map_start) || !PAGE_ALIGNED(hdr.map_end) ||
		   hdr.map_start < sh_pa || hdr.map_end > ctl_end ||
		   hdr.map_start > pa || hdr.map_end < pa + PAGE_SIZE) {
		snprintf(why, len, "park map range %#llx-%#llx is not in the control area %#llx-%#llx",
			 hdr.map_start, hdr.map_end, (u64)sh_pa, ctl_end);
	} else {
		ret = twin_build_wake_pgd(hdr.map_start, hdr.map_end);
		if (ret)
			snprintf(why, len, "no memory for the wakeup page table");
		twin_park_start = hdr.map_start;
		twin_park_end = hdr.map_end;
	}
	if (ret) {
		memunmap(area);
		return ret;
	}
	twin_park_b = area;
	/* From now on A's parked CPUs sleep instead of spinning. */
	if (hdr.version >= 2) {
		twin_park_nmi_wake = true;
		WRITE_ONCE(area->hdr.b_flags, TWIN_PARK_B_NMI);
	}
	return 0;
}

/* apic->wakeup_secondary_cpu_64: only a CPU that A parked can come up. */
static int twin_wakeup_cpu(u32 apicid, unsigned long start_ip)
{
	struct twin_park_slot *s = twin_waking;

	if (!s || apicid != twin_waking_apic_id) {
		pr_err("CPU with APIC ID %u is not in kernel A's park: this kernel cannot wake it\n",
		       apicid);
		return -EIO;
	}
	WRITE_ONCE(s->cr3, __pa(twin_wake_pgd));
	WRITE_ONCE(s->entry, (u64)secondary_startup_64);
	smp_wmb();	/* the CPU reads cr3 and entry once it sees WAKE */
	WRITE_ONCE(s->state, TWIN_PARK_WAKE);
	if (twin_park_nmi_wake) {
		unsigned long flags;

		/*
		 * WAKE first: an x2APIC ICR write is not ordered after stores.
		 * The CPU leaves from its NMI handler, NMIs blocked, so this
		 * NMI cannot land in the startup code before B's IDT is loaded.
		 */
		smp_mb();
		local_irq_save(flags);
		apic_wait_icr_idle();
		apic_icr_write(APIC_DM_NMI | APIC_DEST_PHYSICAL, apicid);
		local_irq_restore(flags);
	}
	return 0;
}

/*
 * Is the CPU with APIC ID @apic_id parked in @slot? -EPROTO while it is
 * not (yet), with the reason in @why. Called with twin_adopt_mutex held.
 */
static struct twin_park_slot *twin_parked_slot(u32 apic_id, u32 slot,
					       char *why, size_t len)
{
	struct twin_park_slot *s;
	u32 id, state;
	u64 stack;
	int ret;

	if (slot >= TWIN_PARK_SLOTS) {
		snprintf(why, len, "park slot %u out of range", slot);
		return ERR_PTR(-EINVAL);
	}
	ret = twin_park_map(why, len);
	if (ret)
		return ERR_PTR(ret);
	s = &twin_park_b->slot[slot];
	id = READ_ONCE(s->apic_id);
	state = READ_ONCE(s->state);
	stack = READ_ONCE(s->stack);
	if (stack <= twin_park_start || stack > twin_park_end) {
		/* The CPU calls on it after B's page table is loaded. */
		snprintf(why, len, "park slot %u: stack %#llx outside the park",
			 slot, stack);
		return ERR_PTR(-EPROTO);
	}
	if (id != apic_id || state != TWIN_PARK_PARKED) {
		snprintf(why, len, "park slot %u holds APIC ID %u in state %u, not a parked APIC ID %u",
			 slot, id, state, apic_id);
		return ERR_PTR(-EPROTO);
	}
	return s;
}

/*
 * B: 0 once kernel A parked the CPU with APIC ID @apic_id in @slot (it
 * runs no more of A's code), -EPROTO while it has not, another -errno
 * when it never can; the reason in @why.
 */
int twin_arch_cpu_parked(u32 apic_id, u32 slot, char *why, size_t len)
{
	struct twin_park_slot *s;

	mutex_lock(&twin_adopt_mutex);
	s = twin_parked_slot(apic_id, slot, why, len);
	mutex_unlock(&twin_adopt_mutex);
	return PTR_ERR_OR_ZERO(s);
}

/*
 * B: bring up the CPU A parked in @slot, with APIC ID @apic_id. Returns
 * B's CPU number or a negative errno, with the reason in @why.
 */
int twin_arch_adopt_cpu(u32 apic_id, u32 slot, char *why, size_t len)
{
	struct twin_park_slot *s;
	int cpu, ret;

	mutex_lock(&twin_adopt_mutex);
	s = twin_parked_slot(apic_id, slot, why, len);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out;
	}
	cpu = topology_hotplug_apic(apic_id, CPU_ACPIID_INVALID);
	if (cpu < 0) {
		snprintf(why, len, "APIC ID %u was not registered at boot (%d)",
			 apic_id, cpu);
		ret = cpu;
		goto out;
	}
	if (!get_cpu_device(cpu)) {
		ret = arch_register_cpu(cpu);
		if (ret) {
			snprintf(why, len, "cannot register CPU %d: %d", cpu, ret);
			goto out;
		}
	}
	twin_waking = s;
	twin_waking_apic_id = apic_id;
	ret = add_cpu(cpu);
	twin_waking = NULL;
	if (ret) {
		snprintf(why, len, "CPU %d (APIC ID %u) did not come up: %d",
			 cpu, apic_id, ret);
		goto out;
	}
	ret = cpu;
out:
	mutex_unlock(&twin_adopt_mutex);
	return ret;
}

/* B, before SMP bring-up: wake CPUs by the park, never by INIT/SIPI. */
static int __init twin_park_init(void)
{
	struct twin_shared *sh;
	phys_addr_t pa;

	if (!twin_kernel)
		return 0;
	/* do_boot_cpu() reads it; the start address it gives is not used. */
	if (!real_mode_header)
		real_mode_header = &twin_no_realmode;
	apic_update_callback(wakeup_secondary_cpu_64, twin_wakeup_cpu);
	sh = twin_b_shared(&pa);
	if (sh)
		WRITE_ONCE(sh->b_caps, READ_ONCE(sh->b_caps) | TWIN_CAP_ADOPT_CPU);
	return 0;
}
early_initcall(twin_park_init);
