// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel on x86-64, kernel B's side: a platform for a kernel that
 * owns one CPU, a memory range, one UART and a few PCI devices of a machine
 * that another running kernel (A) drives. Modelled on jailhouse.c.
 *
 * Kernel B must never write what A drives: the IOAPIC, the 8259 PIC, the
 * PIT and HPET, the RTC/CMOS, ACPI PM and reset registers, A's UART and
 * A's PCI devices. So, with "twin_kernel" on its command line, B:
 *  - has no ACPI, no IOAPIC and a null legacy PIC; its only CPU is the one
 *    A lent (struct twin_boot_info, setup_data SETUP_TWIN); it keeps the
 *    IRQ numbers of the machine's GSIs free for the IOAPIC it may take
 *    over when A retires (ioapic.c);
 *  - takes its TSC and LAPIC timer rates from A instead of calibrating
 *    them against the PIT, and never reads or writes the RTC;
 *  - uses no real-mode trampoline, so it never writes the first 1 MiB,
 *    where A keeps its own;
 *  - keeps only its UART (polled) and its PCI allow list;
 *  - stops only itself on reboot, halt, power off or panic, says so in the
 *    page it shares with A, and leaves its CPU halted;
 *  - writes its kernel log into a ring in that shared area, which A reads
 *    even after B crashed, and shuts down cleanly when A asks;
 *  - is not a kdump kernel even when loaded with kexec -p (elfcorehdr=).
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/acpi.h>
#include <linux/crash_dump.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/kasan.h>
#include <linux/math64.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/console.h>
#include <linux/delay.h>
#include <linux/panic_notifier.h>
#include <linux/reboot.h>
#include <linux/workqueue.h>
#include <linux/serial_8250.h>
#include <linux/smp.h>
#include <linux/sizes.h>
#include <linux/timer.h>
#include <linux/twin.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <asm/apic.h>
#include <asm/bootparam.h>
#include <asm/cmdline.h>
#include <asm/cpu.h>
#include <asm/i8259.h>
#include <asm/pci_x86.h>
#include <asm/pgtable.h>
#include <asm/reboot.h>
#include <asm/setup.h>
#include <asm/tsc.h>
#include <asm/x86_init.h>

/*
 * True from boot while this kernel is a twin; false again once it has
 * taken the machine over (kernel/twin/host.c): from then on it is a host.
 */
bool twin_kernel;

/*
 * For code that runs before early_param() too (early_init_amd(), also
 * on every CPU brought up later): while booting, the command line is in
 * boot_command_line; afterwards twin_kernel has the answer (and the init
 * data is gone).
 */
bool __ref twin_kernel_early(void)
{
	if (twin_kernel || system_state != SYSTEM_BOOTING)
		return twin_kernel;
	return cmdline_find_option_bool(boot_command_line, "twin_kernel");
}

static struct twin_boot_info twin_info __ro_after_init;
static bool twin_have_info __ro_after_init;
static unsigned int twin_lapic_timer __initdata;	/* lapic_timer= */
static unsigned int twin_tsc_khz_arg;			/* tsc_early_khz= */
static struct twin_shared *twin_shared;

/* The seed's lapic_timer=N: LAPIC timer ticks per jiffy. */
static int __init twin_lapic_timer_setup(char *arg)
{
	return kstrtouint(arg, 0, &twin_lapic_timer);
}
early_param("lapic_timer", twin_lapic_timer_setup);

/*
 * tsc.c reads tsc_early_khz= too; a twin without A's rates uses it for
 * the CPU frequency as well, so nothing calibrates against the PIT.
 */
static int __init twin_tsc_khz_setup(char *arg)
{
	return kstrtouint(arg, 0, &twin_tsc_khz_arg);
}
early_param("tsc_early_khz", twin_tsc_khz_setup);

/* Find SETUP_TWIN in the setup_data list and check its version. */
static void __init twin_read_boot_info(void)
{
	u64 pa = boot_params.hdr.setup_data;
	struct setup_data hdr;
	unsigned int len, guard = 0;
	void *map;

	while (pa && guard++ < 64) {
		map = early_memremap(pa, sizeof(hdr));
		memcpy(&hdr, map, sizeof(hdr));
		early_memunmap(map, sizeof(hdr));
		if (hdr.type == SETUP_TWIN)
			break;
		pa = hdr.next;
	}
	if (!pa || hdr.type != SETUP_TWIN) {
		pr_warn("no boot information from kernel A: using command line values (lapic_timer=, tsc_early_khz=)\n");
		return;
	}
	len = min_t(unsigned int, hdr.len, sizeof(twin_info));
	map = early_memremap(pa + sizeof(hdr), len);
	memcpy(&twin_info, map, len);
	early_memunmap(map, len);

	if (len < TWIN_BOOT_V1_SIZE || twin_info.magic != TWIN_BOOT_MAGIC) {
		pr_err("boot information from kernel A is malformed, ignored\n");
		return;
	}
	/*
	 * A and B are different builds: versions only append (see
	 * uapi/linux/twin_abi.h). What A did not write reads as zero; what
	 * this B does not know it ignores. Only version 0 or a size below
	 * version 1's is unusable, and a twin cannot run without it.
	 */
	if (!twin_info.version || twin_info.size < TWIN_BOOT_V1_SIZE)
		panic("twin: boot information version %u, %u bytes, from kernel A: this kernel needs version 1 or later, at least %u bytes",
		      twin_info.version, twin_info.size, TWIN_BOOT_V1_SIZE);
	if (twin_info.size < sizeof(twin_info))
		memset((u8 *)&twin_info + twin_info.size, 0,
		       sizeof(twin_info) - twin_info.size);
	if (twin_info.version != TWIN_BOOT_VERSION)
		pr_info("boot information version %u from kernel A, this kernel's is %u: using the fields both know\n",
			twin_info.version, TWIN_BOOT_VERSION);
	if (twin_info.pci_count > TWIN_PCI_MAX)
		twin_info.pci_count = TWIN_PCI_MAX;
	twin_have_info = true;
}

/* 0 when unknown: twin_timer_init() then measures it against the LAPIC. */
static unsigned long twin_get_tsc_khz(void)
{
	return twin_have_info ? twin_info.tsc_khz : twin_tsc_khz_arg;
}

/*
 * B without A's rates (loaded with kexec -p) but with lapic_timer=: the
 * LAPIC timer rate is known, so measure the TSC against this CPU's own
 * LAPIC timer, polled and masked, instead of against A's PIT.
 */
static unsigned int __init twin_tsc_khz_from_lapic(unsigned int per_jiffy)
{
	u64 bus_hz = (u64)per_jiffy * HZ, ticks, t0, t1;
	u32 c0, c1;

	apic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_TMICT, 0xffffffff);
	c0 = apic_read(APIC_TMCCT);
	t0 = rdtsc();
	do {
		c1 = apic_read(APIC_TMCCT);
	} while ((u64)(c0 - c1) * 16 < bus_hz / 50 && c1);	/* 20 ms */
	t1 = rdtsc();
	apic_write(APIC_TMICT, 0);
	ticks = (u64)(c0 - c1) * 16;
	if (!ticks)
		return 0;
	return div64_u64((t1 - t0) * bus_hz, ticks * 1000);
}

static void __init twin_timer_init(void)
{
	if (twin_have_info && twin_info.lapic_khz)
		lapic_timer_period = twin_info.lapic_khz * 1000 / HZ;
	else if (twin_lapic_timer)
		lapic_timer_period = twin_lapic_timer;
	else
		pr_err("no LAPIC timer rate from A or lapic_timer=: calibrating it against the TSC\n");

	if (tsc_khz || !boot_cpu_has(X86_FEATURE_TSC))
		return;
	if (lapic_timer_period)
		tsc_khz = twin_tsc_khz_from_lapic(lapic_timer_period);
	if (tsc_khz) {
		cpu_khz = tsc_khz;
		pr_info("TSC %u kHz, measured against the LAPIC timer\n", tsc_khz);
	} else {
		/* tsc_init() would calibrate against the PIT, which is A's. */
		pr_warn("no TSC rate: TSC not used\n");
		setup_clear_cpu_cap(X86_FEATURE_TSC);
	}
}

static void twin_get_wallclock(struct timespec64 *now)
{
	now->tv_sec = twin_have_info ? twin_info.wallclock_sec : 0;
	now->tv_nsec = 0;
}

static int twin_set_wallclock(const struct timespec64 *now)
{
	return -ENODEV;		/* the RTC is A's */
}

/*
 * The lent CPU is the only one present. The machine's other CPUs (from
 * boot information version 2) are registered as hotpluggable, so that
 * B can adopt them when A gives them (park.c): x86 brings up only CPUs
 * whose APIC ID it saw during enumeration.
 */
static void __init twin_parse_smp_config(void)
{
	u32 apicid, id, n, i, j;

	register_lapic_address(APIC_DEFAULT_PHYS_BASE);
	apicid = read_apic_id();
	if (twin_have_info && apicid != twin_info.cpu_apic_id)
		pr_warn("running on APIC ID %u, kernel A lent APIC ID %u\n",
			apicid, twin_info.cpu_apic_id);
	topology_register_apic(apicid, CPU_ACPIID_INVALID, true);
	smp_found_config = 1;

	n = twin_have_info ? twin_info.machine_cpus : 0;
	if (n > TWIN_MACHINE_CPUS_MAX) {
		pr_err("kernel A lists %u CPUs, at most %u are taken: none adoptable\n",
		       n, TWIN_MACHINE_CPUS_MAX);
		twin_info.machine_cpus = 0;
		return;
	}
	for (i = 0; i < n; i++) {
		id = twin_info.machine_apic_id[i];
		for (j = 0; j < i && twin_info.machine_apic_id[j] != id; j++)
			;
		if (id == apicid || j < i)
			continue;
		topology_register_apic(id, CPU_ACPIID_INVALID, false);
	}
}

const struct twin_boot_info *twin_b_boot_info(void)
{
	return twin_have_info ? &twin_info : NULL;
}

/* Reserve the first 1 MiB but put no trampoline there: it is A's. */
static void __init twin_realmode_reserve(void)
{
	memblock_reserve(0, SZ_1M);
}

/*
 * With A's MMCONFIG (ECAM) every config access is one memory access and
 * cannot race A's: use it for all of them. Otherwise the shared ports
 * 0xcf8/0xcfc, where an address write of B and a data access of A can
 * interleave.
 */
static int __init twin_pci_arch_init(void)
{
	if (pcibios_last_bus < 0)
		pcibios_last_bus = 0;
#ifdef CONFIG_PCI_MMCONFIG
	if (twin_have_info && twin_info.pci_mmcfg_base) {
		if (pci_mmconfig_add(0, 0, twin_info.pci_mmcfg_end_bus,
				     twin_info.pci_mmcfg_base) &&
		    pci_mmcfg_arch_init()) {
			raw_pci_ops = &pci_mmcfg;
			pr_info("PCI config space through MMCONFIG at %#llx, not 0xcf8\n",
				twin_info.pci_mmcfg_base);
			return 0;
		}
		pr_warn("cannot use MMCONFIG at %#llx: PCI config through 0xcf8\n",
			twin_info.pci_mmcfg_base);
	}
#endif
	pci_direct_init(1);
	return 0;
}

static void twin_report(enum twin_b_state state)
{
	if (twin_shared)
		WRITE_ONCE(twin_shared->b_state, state);
}

/* The last word: stopped or crashed, never changed once said. */
static void twin_report_end(enum twin_b_state state, enum twin_b_reason why)
{
	struct twin_shared *sh = twin_shared;

	if (!sh || sh->b_state == TWIN_B_STOPPED || sh->b_state == TWIN_B_CRASHED)
		return;
	WRITE_ONCE(sh->b_reason, why);
	smp_wmb();	/* A reads the reason once it sees the state */
	WRITE_ONCE(sh->b_state, state);
}

/*
 * After A retired (takeover.c), B is the machine's only kernel: power off
 * and reset act on the machine, by the facts A handed over (B has no
 * ACPI tables).
 */
static bool twin_owner;
static struct {
	u16 pm1a_cnt, pm1b_cnt, slp_typ_a, slp_typ_b;
	u8 reset_space, reset_value;
	u64 reset_addr;
} twin_plat;

#define ACPI_SLP_EN		(1U << 13)
#define ACPI_SLP_TYP_SHIFT	10
#define ACPI_SLP_TYP_MASK	7

void twin_arch_take_platform(const struct twin_handover *ho)
{
	twin_plat.pm1a_cnt = ho->pm1a_cnt;
	twin_plat.pm1b_cnt = ho->pm1b_cnt;
	twin_plat.slp_typ_a = ho->s5_slp_typ_a & ACPI_SLP_TYP_MASK;
	twin_plat.slp_typ_b = ho->s5_slp_typ_b & ACPI_SLP_TYP_MASK;
	/* Only an I/O port reset register: B maps no memory for it. */
	if (ho->reset_space == 1 && ho->reset_addr && ho->reset_addr <= 0xffff) {
		twin_plat.reset_space = 1;
		twin_plat.reset_addr = ho->reset_addr;
		twin_plat.reset_value = ho->reset_value;
	}
	WRITE_ONCE(twin_owner, true);
	pr_info("this kernel now owns the machine: power off by PM1 control port %#x (S5 type %u), reset by %s %#llx\n",
		twin_plat.pm1a_cnt, twin_plat.slp_typ_a,
		twin_plat.reset_space ? "port" : "port 0xcf9",
		twin_plat.reset_space ? twin_plat.reset_addr : 0xcf9ULL);
}

/*
 * A kernel that took the machine over retires in turn: it hands the next
 * kernel the platform facts it was given, having no ACPI tables.
 */
void twin_arch_platform_fill(struct twin_handover *ho)
{
	if (!READ_ONCE(twin_owner))
		return;
	ho->pm1a_cnt = twin_plat.pm1a_cnt;
	ho->pm1b_cnt = twin_plat.pm1b_cnt;
	ho->s5_slp_typ_a = twin_plat.slp_typ_a;
	ho->s5_slp_typ_b = twin_plat.slp_typ_b;
	ho->reset_space = twin_plat.reset_space;
	ho->reset_addr = twin_plat.reset_addr;
	ho->reset_value = twin_plat.reset_value;
}

#ifdef CONFIG_KASAN_GENERIC
/* Map one page of shadow to the next page of the block's own RAM. */
static int twin_shadow_pte(pte_t *ptep, unsigned long addr, void *data)
{
	struct twin_mem_range *lend = data;

	if (!pte_none(ptep_get(ptep)))
		return 0;
	if (!lend->size)
		return -ENOMEM;
	/* clear_page() is not instrumented: this page has no shadow yet */
	clear_page(__va(lend->start));
	set_pte_at(&init_mm, addr, ptep,
		   pfn_pte(PHYS_PFN(lend->start), PAGE_KERNEL));
	lend->start += PAGE_SIZE;
	lend->size -= PAGE_SIZE;
	return 0;
}

/*
 * KASAN maps the shadow of hot-added memory when a block goes online
 * (from free memory, 16 MiB per 128 MiB block), but only if none of the
 * block's shadow is mapped yet. x86 maps the first MiB at boot, RAM or
 * not, and its shadow with it. So this kernel maps what is missing
 * itself: from free memory when there is plenty, else (a twin of 128
 * MiB has a few MiB free) from the block's own first pages, @lend, which
 * then never go to the page allocator. On return @lend->size is what the
 * shadow took of it.
 */
int twin_arch_hotplug_prepare(u64 start, u64 size, struct twin_mem_range *lend)
{
	unsigned long s = (unsigned long)kasan_mem_to_shadow(__va(start));
	unsigned long e = (unsigned long)kasan_mem_to_shadow(__va(start + size));
	struct twin_mem_range left = *lend;
	unsigned int level;
	pte_t *pte;
	int ret;

	lend->size = 0;
	while (s < e) {
		pte = lookup_address(s, &level);
		if (!pte || !pte_present(*pte))
			break;
		s = ALIGN_DOWN(s, page_level_size(level)) +
		    page_level_size(level);
	}
	if (s >= e)
		return 0;
	if (global_zone_page_state(NR_FREE_PAGES) > 2 * ((e - s) >> PAGE_SHIFT) &&
	    __vmalloc_node_range(e - s, PAGE_SIZE, s, e,
				 GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN,
				 PAGE_KERNEL, VM_NO_GUARD, NUMA_NO_NODE,
				 __builtin_return_address(0)))
		return 0;
	if (left.size < e - s) {
		pr_err("no memory for the sanitizer shadow of %#llx+%lluM: %lu KiB needed, %llu KiB of the block can lend it\n",
		       start, size >> 20, (e - s) >> 10, left.size >> 10);
		return -ENOMEM;
	}
	ret = apply_to_page_range(&init_mm, s, e - s, twin_shadow_pte, &left);
	lend->size = left.start - lend->start;
	if (!ret)
		pr_info("sanitizer shadow of %#llx+%lluM: %llu KiB of the block's own RAM at %#llx (too little free memory)\n",
			start, size >> 20, lend->size >> 10, lend->start);
	return ret;
}
#else
int twin_arch_hotplug_prepare(u64 start, u64 size, struct twin_mem_range *lend)
{
	lend->size = 0;
	return 0;
}
#endif

/* The UART of the next twin: the one of the pair this kernel is not on. */
u16 twin_arch_twin_uart(void)
{
	if (twin_have_info && twin_info.uart_iobase == 0x2f8)
		return 0x3f8;
	return 0x2f8;
}

/* The machine's power off: ACPI S5 through the PM1 control registers. */
static void twin_owner_power_off(void)
{
	local_irq_disable();
	if (twin_plat.pm1a_cnt)
		outw(twin_plat.slp_typ_a << ACPI_SLP_TYP_SHIFT | ACPI_SLP_EN,
		     twin_plat.pm1a_cnt);
	if (twin_plat.pm1b_cnt)
		outw(twin_plat.slp_typ_b << ACPI_SLP_TYP_SHIFT | ACPI_SLP_EN,
		     twin_plat.pm1b_cnt);
	mdelay(100);
	pr_emerg("power off did not happen (PM1 control port %#x)\n",
		 twin_plat.pm1a_cnt);
}

/* The machine's reset: ACPI's reset register, else the PCI reset port. */
static void twin_owner_reset(void)
{
	local_irq_disable();
	if (twin_plat.reset_space)
		outb(twin_plat.reset_value, twin_plat.reset_addr);
	mdelay(50);
	outb(0x02, 0xcf9);
	udelay(50);
	outb(0x06, 0xcf9);
	mdelay(100);
	pr_emerg("reset did not happen\n");
}

/* Reboot, halt and power off end B only: its CPU halts for good. */
static void __noreturn twin_stop(enum twin_b_reason why)
{
	/*
	 * B's other CPUs (adopted from A) halt too, in B's memory, where A
	 * takes them back from. Not by a shorthand IPI: see
	 * twin_blocks_ipi_broadcast().
	 */
	smp_send_stop();
	twin_report_end(TWIN_B_STOPPED, why);
	pr_emerg("twin kernel stopped; its CPU halts, kernel A runs on\n");
	for (;;) {
		local_irq_disable();
		native_halt();
	}
}

/*
 * The machine's owner stops its other CPUs with interrupts off: a timer
 * here must not wake a task onto a CPU that has just stopped (a WARN in
 * set_task_cpu(), then printk under the runqueue's locks).
 */
static void twin_restart(char *cmd)
{
	if (READ_ONCE(twin_owner)) {
		local_irq_disable();
		smp_send_stop();
		twin_owner_reset();
	}
	twin_stop(TWIN_WHY_REBOOT);
}

static void twin_halt(void)
{
	twin_stop(TWIN_WHY_HALT);
}

static void twin_power_off(void)
{
	if (READ_ONCE(twin_owner)) {
		local_irq_disable();
		smp_send_stop();
		twin_owner_power_off();
	}
	twin_stop(TWIN_WHY_POWEROFF);
}

/* Also the end of a panic (panic_timeout): the panic notifier spoke first. */
static void twin_emergency_restart(void)
{
	if (READ_ONCE(twin_owner))
		twin_owner_reset();
	twin_stop(TWIN_WHY_REBOOT);
}

static void twin_machine_noop(void)
{
}

#ifdef CONFIG_SERIAL_8250
/*
 * Only B's UART, polled: probing A's would write its registers. Once A
 * retired, its UART is registered too (ioapic.c), as it is.
 */
static void twin_serial_fixup(int port, struct uart_port *up, u32 *caps)
{
	u16 mine = twin_have_info ? twin_info.uart_iobase : 0x2f8;

	if (READ_ONCE(twin_owner))
		return;

	if (up->iobase != mine) {
		up->iobase = 0;
		return;
	}
	up->irq = 0;
}
#endif

static int __init twin_kernel_setup(char *arg)
{
	twin_kernel = true;
	twin_read_boot_info();

	x86_init.irqs.pre_vector_init		= x86_init_noop;
	x86_init.timers.timer_init		= twin_timer_init;
	x86_init.mpparse.find_mptable		= x86_init_noop;
	x86_init.mpparse.early_parse_smp_cfg	= x86_init_noop;
	x86_init.mpparse.parse_smp_cfg		= twin_parse_smp_config;
	x86_init.pci.arch_init			= twin_pci_arch_init;
	/* No BIOS PIRQ table: INTx routing is A's to hand over (ioapic.c). */
	x86_init.pci.init_irq			= x86_init_noop;

	x86_platform.calibrate_cpu		= twin_get_tsc_khz;
	x86_platform.calibrate_tsc		= twin_get_tsc_khz;
	if (twin_have_info && twin_info.tsc_khz) {
		setup_force_cpu_cap(X86_FEATURE_TSC_KNOWN_FREQ);
		setup_force_cpu_cap(X86_FEATURE_TSC_RELIABLE);
	}
	if (twin_have_info && (twin_info.flags & TWIN_BOOT_F_EXTD_APICID))
		setup_force_cpu_cap(X86_FEATURE_EXTD_APICID);
	x86_platform.get_wallclock		= twin_get_wallclock;
	x86_platform.set_wallclock		= twin_set_wallclock;
	x86_platform.realmode_reserve		= twin_realmode_reserve;
	x86_platform.realmode_init		= x86_init_noop;
	x86_platform.legacy.rtc			= 0;
	x86_platform.legacy.warm_reset		= 0;
	x86_platform.legacy.i8042		= X86_LEGACY_I8042_PLATFORM_ABSENT;

	legacy_pic				= &null_legacy_pic;
	twin_arch_reserve_gsis(twin_have_info ? twin_info.gsi_top : 0);

	machine_ops.restart			= twin_restart;
	machine_ops.halt			= twin_halt;
	machine_ops.power_off			= twin_power_off;
	machine_ops.emergency_restart		= twin_emergency_restart;
	machine_ops.shutdown			= twin_machine_noop;
	/* Power off is possible (not turned into a halt): it stops B. */
	pm_power_off				= twin_power_off;

	/* No early PCI quirks through 0xcf8 while A uses it. */
	pci_probe = 0;
	disable_acpi();
	if (twin_have_info)
		twin_pci_set_allow(twin_info.pci, twin_info.pci_count);
#ifdef CONFIG_SERIAL_8250
	serial8250_set_isa_configurator(twin_serial_fixup);
#endif
	if (twin_have_info)
		pr_info("kernel B: CPU APIC ID %u, memory %#llx+%lluM, TSC %u kHz, %u PCI devices\n",
			twin_info.cpu_apic_id, twin_info.mem_start,
			twin_info.mem_size >> 20, twin_info.tsc_khz,
			twin_info.pci_count);
	return 0;
}
early_param("twin_kernel", twin_kernel_setup);

/* kexec -p adds elfcorehdr=: a twin is not a kdump kernel. */
static int __init twin_no_vmcore(void)
{
	if (twin_kernel && elfcorehdr_addr != ELFCORE_ADDR_MAX) {
		pr_info("ignoring elfcorehdr=: A's memory is not B's to dump\n");
		elfcorehdr_addr = ELFCORE_ADDR_MAX;
	}
	return 0;
}
early_initcall(twin_no_vmcore);

/* The heartbeat A reads in the shared page, every 100 ms. */
static void twin_heartbeat(struct timer_list *t);
static DEFINE_TIMER(twin_hb_timer, twin_heartbeat);

/*
 * The kernel's own shutdown path (reboot notifiers, device shutdown,
 * syscore), then twin_power_off(). Not through user space: B's init may
 * be anything, and a request must end B for sure.
 */
static void twin_poweroff_work(struct work_struct *w)
{
	pr_info("kernel A asked this twin to shut down\n");
	kernel_power_off();
}
static DECLARE_WORK(twin_stop_work, twin_poweroff_work);

static void twin_heartbeat(struct timer_list *t)
{
	struct twin_shared *sh = twin_shared;

	WRITE_ONCE(sh->b_uptime_ms, ktime_get_boottime_ns() / NSEC_PER_MSEC);
	WRITE_ONCE(sh->b_heartbeat, sh->b_heartbeat + 1);
	if (system_state == SYSTEM_RUNNING && sh->b_state == TWIN_B_BOOTING)
		twin_report(TWIN_B_RUNNING);
	if (READ_ONCE(sh->a_request) == TWIN_REQ_STOP) {
		WRITE_ONCE(sh->a_request, TWIN_REQ_NONE);
		schedule_work(&twin_stop_work);
	}
	mod_timer(&twin_hb_timer, jiffies + msecs_to_jiffies(100));
}

static int twin_panic_notify(struct notifier_block *nb, unsigned long ev,
			     void *msg)
{
	if (twin_shared && msg) {
		char *nl;

		strscpy(twin_shared->b_message, msg,
			sizeof(twin_shared->b_message));
		nl = strchr(twin_shared->b_message, '\n');
		if (nl)
			*nl = '\0';
	}
	twin_report_end(TWIN_B_CRASHED, TWIN_WHY_PANIC);
	return NOTIFY_DONE;
}

static struct notifier_block twin_panic_nb = {
	.notifier_call = twin_panic_notify,
	.priority = INT_MAX,
};

/*
 * The log ring: a console that copies every line into the area A laid
 * out beside the shared page. Only B writes it; head counts every byte.
 */
static u8 *twin_log;
static u32 twin_log_size;

static void twin_con_write(struct console *con, const char *s, unsigned int n)
{
	struct twin_shared *sh = twin_shared;
	u64 head = sh->log_head;
	unsigned int i;

	for (i = 0; i < n; i++)
		twin_log[(head + i) % twin_log_size] = s[i];
	smp_wmb();	/* the bytes before the head that covers them */
	WRITE_ONCE(sh->log_head, head + n);
}

static struct console twin_console = {
	.name	= "twinlog",
	.write	= twin_con_write,
	.flags	= CON_PRINTBUFFER | CON_ENABLED | CON_ANYTIME,
	.index	= -1,
};

static void __init twin_log_init(struct twin_shared *sh)
{
	u32 size = sh->log_size;
	u64 off = sh->log_offset;

	/* A wrote these; still, a ring must be sane before B writes there. */
	if (!size || size > SZ_1M || off < PAGE_SIZE || off > SZ_1M ||
	    !PAGE_ALIGNED(off)) {
		pr_err("no log ring: bad place %#llx+%#x from kernel A\n", off, size);
		return;
	}
	twin_log = memremap(twin_info.shared_pa + off, size, MEMREMAP_WB);
	if (!twin_log)
		return;
	twin_log_size = size;
	register_console(&twin_console);
}

struct twin_shared *twin_b_shared(phys_addr_t *pa)
{
	if (!twin_shared)
		return NULL;
	*pa = twin_info.shared_pa;
	return twin_shared;
}

static int __init twin_shared_init(void)
{
	struct twin_shared *sh;

	if (!twin_kernel || !twin_have_info || !twin_info.shared_pa)
		return 0;
	sh = memremap(twin_info.shared_pa, PAGE_SIZE, MEMREMAP_WB);
	if (!sh) {
		pr_err("cannot map the shared page at %#llx\n",
		       twin_info.shared_pa);
		return -ENOMEM;
	}
	/* Any version from 1 on, as for the boot information. */
	if (sh->magic != TWIN_SHARED_MAGIC || !sh->version ||
	    sh->size < TWIN_SHARED_V1_SIZE) {
		pr_err("shared page at %#llx: magic %#x version %u size %u, expected %#x, version 1 or later, at least %u bytes\n",
		       twin_info.shared_pa, sh->magic, sh->version, sh->size,
		       TWIN_SHARED_MAGIC, TWIN_SHARED_V1_SIZE);
		memunmap(sh);
		return -EINVAL;
	}
	strscpy(sh->b_release, utsname()->release, sizeof(sh->b_release));
	twin_shared = sh;
	twin_report(TWIN_B_BOOTING);
	atomic_notifier_chain_register(&panic_notifier_list, &twin_panic_nb);
	twin_log_init(sh);
	mod_timer(&twin_hb_timer, jiffies + msecs_to_jiffies(100));
	return 0;
}
early_initcall(twin_shared_init);
