// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel on x86-64: the IOAPIC and the legacy interrupts across a
 * handover.
 *
 * The retiring kernel (A) describes what only its firmware tables told
 * it: each IOAPIC's ID, address and GSI base, each ISA IRQ's GSI and
 * trigger (the MADT's overrides) and, for each device that moves when it
 * retires, the GSI its INTx pin is routed to (ACPI _PRT). On its last
 * CPU it masks every pin and clears each pin's remote IRR (retire.c).
 *
 * The kernel taking over (B) booted with no IOAPIC and kept the IRQ
 * numbers of the machine's GSIs free (platform.c). Once A's last CPU is
 * B's, B checks the description, registers each IOAPIC as a hot-added
 * one with IRQ number = GSI (as a system without ACPI numbers them),
 * maps the ISA IRQs whose GSI is their own number and the UART A was on:
 * the drivers then program the pins they use, for B's CPUs. Nothing is
 * written to an IOAPIC from an entry that failed a check.
 */
#define pr_fmt(fmt) "twin: platform: " fmt

#include <linux/acpi.h>
#include <linux/ioport.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/serial_8250.h>
#include <linux/sizes.h>
#include <linux/twin.h>
#include <asm/io_apic.h>
#include <asm/irqdomain.h>

/* The most GSIs a description may name (x86 has at most 128 IOAPICs). */
#define TWIN_GSI_MAX		4096
#define TWIN_IOAPIC_PINS_MAX	240
/* An IOAPIC's register window: index, data and EOI registers. */
#define TWIN_IOAPIC_WINDOW	0x44

#ifdef CONFIG_X86_IO_APIC

/* What this kernel was handed, checked: given on at its own retire. */
static struct twin_isa_irq twin_isa[TWIN_HANDOVER_ISA_IRQS];
static bool twin_have_isa;
static struct twin_intx twin_intx_seen[TWIN_HANDOVER_INTX_MAX];
static u32 twin_nr_intx_seen;
static u32 twin_nr_ioapic_taken;
static u16 twin_isa_mapped;	/* ISA IRQ i is IRQ i here */
static int twin_uart_line = -1;	/* A's UART, registered at the takeover */
static u16 twin_uart_port;

u32 twin_arch_gsi_top(void)
{
	return gsi_top;
}

/* B, at boot: IRQ numbers below the machine's gsi_top stay for its GSIs. */
void __init twin_arch_reserve_gsis(u32 top)
{
	gsi_top = clamp_t(u32, top, NR_IRQS_LEGACY, TWIN_GSI_MAX);
}

/* How @gsi fires: the firmware's word in A, what was handed over in B. */
static u32 twin_gsi_flags(u32 gsi, bool pci)
{
	u32 i;

#ifdef CONFIG_ACPI
	int level, low;

	if (!acpi_disabled && !acpi_get_override_irq(gsi, &level, &low))
		return TWIN_IRQ_VALID | (level ? TWIN_IRQ_LEVEL : 0) |
		       (low ? TWIN_IRQ_LOW : 0);
#endif
	for (i = 0; i < twin_nr_intx_seen; i++)
		if (twin_intx_seen[i].pin && twin_intx_seen[i].gsi == gsi)
			return twin_intx_seen[i].flags;
	for (i = 0; twin_have_isa && i < TWIN_HANDOVER_ISA_IRQS; i++)
		if ((twin_isa[i].flags & TWIN_IRQ_VALID) && twin_isa[i].gsi == gsi)
			return twin_isa[i].flags;
	/* PCI INTx is level, active low; ISA edge, active high. */
	return TWIN_IRQ_VALID | (pci ? TWIN_IRQ_LEVEL | TWIN_IRQ_LOW : 0);
}

/* The IOAPICs and the ISA IRQs, for the kernel that takes over. */
void twin_arch_ioapic_fill(struct twin_handover *ho)
{
	u32 base, end, i;
	int idx;

	for (idx = 0; idx < nr_ioapics; idx++) {
		if (ho->nr_ioapic == TWIN_HANDOVER_IOAPIC_MAX) {
			pr_warn("more than %u IOAPICs: the rest stay out of the handover\n",
				TWIN_HANDOVER_IOAPIC_MAX);
			break;
		}
		mp_ioapic_gsi_range(idx, &base, &end);
		ho->ioapic[ho->nr_ioapic++] = (struct twin_ioapic){
			.addr = mpc_ioapic_addr(idx), .gsi_base = base,
			.nr_pins = end - base + 1, .id = mpc_ioapic_id(idx),
		};
	}
	if (!ho->nr_ioapic)
		return;
	ho->flags |= TWIN_HANDOVER_F_PLATFORM;
	if (twin_have_isa) {
		memcpy(ho->isa, twin_isa, sizeof(ho->isa));
		return;
	}
#ifdef CONFIG_ACPI
	for (i = 0; !acpi_disabled && i < TWIN_HANDOVER_ISA_IRQS; i++) {
		u32 gsi;

		if (acpi_isa_irq_to_gsi(i, &gsi))
			continue;
		ho->isa[i].gsi = gsi;
		ho->isa[i].flags = twin_gsi_flags(gsi, false);
	}
#endif
}

/*
 * The GSI @dev's INTx is routed to, from its IRQ's place in the IOAPIC
 * domain: the _PRT lookup A's ACPI made when the driver enabled it. A
 * legacy IDE controller uses ISA IRQs 14 and 15, not its INTx: pin 0.
 */
int twin_arch_intx_route(struct pci_dev *dev, struct twin_intx *x)
{
	struct irq_data *d;
	u32 base, end;

	x->pin = 0;
	x->gsi = 0;
	x->flags = 0;
	if (!dev->pin ||
	    ((dev->class >> 8) == PCI_CLASS_STORAGE_IDE && !(dev->class & 5)))
		return 0;
	d = dev->irq ? irq_get_irq_data(dev->irq) : NULL;
	if (!d || !d->domain || d->domain->ops != &mp_ioapic_irqdomain_ops)
		return -ENOENT;
	mp_ioapic_gsi_range(mp_irqdomain_ioapic_idx(d->domain), &base, &end);
	x->pin = dev->pin;
	x->gsi = base + d->hwirq;
	x->flags = twin_gsi_flags(x->gsi, true);
	return 0;
}

static bool twin_ranges_overlap(u64 s1, u64 e1, u64 s2, u64 e2)
{
	return s1 < e2 && s2 < e1;
}

/* Is the register window at @addr outside RAM, A's and this kernel's? */
static bool twin_ioapic_addr_ok(const struct twin_handover *ho, u32 addr)
{
	const struct twin_boot_info *bi = twin_b_boot_info();
	u64 e = (u64)addr + TWIN_IOAPIC_WINDOW;
	u32 i;

	if (!addr || !IS_ALIGNED(addr, SZ_1K) || addr < SZ_1M)
		return false;
	for (i = 0; i < ho->nr_ram; i++)
		if (twin_ranges_overlap(addr, e, ho->ram[i].start,
					ho->ram[i].start + ho->ram[i].size))
			return false;
	if (bi && twin_ranges_overlap(addr, e, bi->mem_start,
				      bi->mem_start + bi->mem_size))
		return false;
	return region_intersects(addr, TWIN_IOAPIC_WINDOW, IORESOURCE_SYSTEM_RAM,
				 IORES_DESC_NONE) == REGION_DISJOINT;
}

/* Is @gsi on one of the first @n (checked) IOAPICs of @ho? */
static bool twin_gsi_known(const struct twin_handover *ho, u32 n, u32 gsi)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (gsi >= ho->ioapic[i].gsi_base &&
		    gsi - ho->ioapic[i].gsi_base < ho->ioapic[i].nr_pins)
			return true;
	return false;
}

/*
 * Check the platform part of B's copy of the description, in place: an
 * entry that fails is dropped with a message, the rest is taken.
 */
static void twin_ioapic_check(struct twin_handover *ho)
{
	u32 i, j, n = 0;

	if (!(ho->flags & TWIN_HANDOVER_F_PLATFORM)) {
		ho->nr_ioapic = 0;
		ho->nr_intx = 0;
		return;
	}
	if (ho->nr_ioapic > TWIN_HANDOVER_IOAPIC_MAX) {
		pr_err("description: %u IOAPICs, at most %u: the first %u are taken\n",
		       ho->nr_ioapic, TWIN_HANDOVER_IOAPIC_MAX,
		       TWIN_HANDOVER_IOAPIC_MAX);
		ho->nr_ioapic = TWIN_HANDOVER_IOAPIC_MAX;
	}
	for (i = 0; i < ho->nr_ioapic; i++) {
		struct twin_ioapic io = ho->ioapic[i];
		const char *bad = NULL;

		if (!twin_ioapic_addr_ok(ho, io.addr))
			bad = "its address is not MMIO outside RAM (1 KiB aligned, above 1 MiB)";
		else if (!io.nr_pins || io.nr_pins > TWIN_IOAPIC_PINS_MAX ||
			 io.gsi_base >= TWIN_GSI_MAX ||
			 io.nr_pins > TWIN_GSI_MAX - io.gsi_base)
			bad = "its GSI range is out of bounds";
		for (j = 0; !bad && j < n; j++) {
			if (twin_ranges_overlap(io.gsi_base,
						io.gsi_base + io.nr_pins,
						ho->ioapic[j].gsi_base,
						ho->ioapic[j].gsi_base +
						ho->ioapic[j].nr_pins))
				bad = "its GSI range overlaps another IOAPIC's";
			else if (io.id == ho->ioapic[j].id ||
				 io.addr == ho->ioapic[j].addr)
				bad = "another IOAPIC has its ID or address";
		}
		if (bad) {
			pr_err("description: IOAPIC %u (ID %u at %#x, GSI %u+%u) refused: %s\n",
			       i, io.id, io.addr, io.gsi_base, io.nr_pins, bad);
			continue;
		}
		ho->ioapic[n++] = io;
	}
	ho->nr_ioapic = n;

	for (i = 0; i < TWIN_HANDOVER_ISA_IRQS; i++) {
		if (!(ho->isa[i].flags & TWIN_IRQ_VALID))
			continue;
		if (!twin_gsi_known(ho, n, ho->isa[i].gsi)) {
			pr_err("description: ISA IRQ %u on GSI %u, which no IOAPIC taken has: refused\n",
			       i, ho->isa[i].gsi);
			ho->isa[i].flags = 0;
		}
	}

	if (ho->nr_intx > TWIN_HANDOVER_INTX_MAX) {
		pr_err("description: %u devices with the platform, at most %u\n",
		       ho->nr_intx, TWIN_HANDOVER_INTX_MAX);
		ho->nr_intx = TWIN_HANDOVER_INTX_MAX;
	}
	for (i = 0, j = 0; i < ho->nr_intx; i++) {
		struct twin_intx x = ho->intx[i];

		if (x.pin > 4 || (x.pin && !twin_gsi_known(ho, n, x.gsi))) {
			pr_err("description: device %04x:%02x:%02x.%d: INT%c on GSI %u, which no IOAPIC taken has: refused\n",
			       x.pci_addr >> 16, (x.pci_addr >> 8) & 0xff,
			       PCI_SLOT(x.pci_addr & 0xff),
			       PCI_FUNC(x.pci_addr & 0xff),
			       x.pin ? '@' + min_t(u8, x.pin, 26) : '-', x.gsi);
			continue;
		}
		x.flags |= x.pin ? TWIN_IRQ_VALID : 0;
		ho->intx[j++] = x;
	}
	ho->nr_intx = j;
}

/* IRQ number = GSI: the IOAPIC domain is strict. */
static int twin_map_gsi(u32 gsi, u32 flags)
{
	struct irq_alloc_info info;

	ioapic_set_alloc_attr(&info, NUMA_NO_NODE, !!(flags & TWIN_IRQ_LEVEL),
			      !!(flags & TWIN_IRQ_LOW));
	return mp_map_gsi_to_irq(gsi, IOAPIC_MAP_ALLOC, &info);
}

static bool twin_gsi_of_intx(const struct twin_handover *ho, u32 gsi)
{
	u32 i;

	for (i = 0; i < ho->nr_intx; i++)
		if (ho->intx[i].pin && ho->intx[i].gsi == gsi)
			return true;
	return false;
}

/* Register the IOAPICs, map the ISA IRQs; how many IOAPICs were taken. */
static u32 twin_take_ioapics(struct twin_handover *ho)
{
	struct ioapic_domain_cfg cfg = {
		.type = IOAPIC_DOMAIN_STRICT,
		.ops = &mp_ioapic_irqdomain_ops,
	};
	u32 i, n = 0, base, end;
	int ret, irq, idx;

	for (i = 0; i < ho->nr_ioapic; i++) {
		const struct twin_ioapic *io = &ho->ioapic[i];

		ret = mp_register_ioapic(io->id, io->addr, io->gsi_base, &cfg);
		if (ret) {
			pr_err("IOAPIC ID %u at %#x not registered: %d\n",
			       io->id, io->addr, ret);
			continue;
		}
		idx = mp_find_ioapic(io->gsi_base);
		if (idx >= 0) {
			mp_ioapic_gsi_range(idx, &base, &end);
			if (end - base + 1 != io->nr_pins)
				pr_warn("IOAPIC ID %u has %u pins, kernel A said %u\n",
					io->id, end - base + 1, io->nr_pins);
		}
		n++;
	}
	if (!n)
		return 0;

	/*
	 * ISA IRQ i is IRQ i here only where its GSI is i; IRQ 0 (the PIT)
	 * and 2 (the 8259 cascade) are not used.
	 */
	for (i = 1; i < TWIN_HANDOVER_ISA_IRQS; i++) {
		const struct twin_isa_irq *e = &ho->isa[i];

		if (i == 2 || !(e->flags & TWIN_IRQ_VALID) ||
		    twin_gsi_of_intx(ho, e->gsi))
			continue;
		if (e->gsi != i) {
			pr_info("ISA IRQ %u is GSI %u on this machine: not mapped\n",
				i, e->gsi);
			continue;
		}
		irq = twin_map_gsi(e->gsi, e->flags);
		if (irq == e->gsi)
			twin_isa_mapped |= BIT(i);
		else
			pr_err("ISA IRQ %u (GSI %u): not mapped: %d\n", i,
			       e->gsi, irq);
	}
	return n;
}

#if IS_BUILTIN(CONFIG_SERIAL_8250)
/* The UART kernel A was on, now this kernel's: with its ISA IRQ. */
static void twin_take_uart(const struct twin_handover *ho)
{
	static struct uart_8250_port up;	/* too big for the stack; once */
	u16 port = twin_arch_twin_uart();
	u32 isa = port == 0x3f8 ? 4 : 3;
	int line;

	memset(&up, 0, sizeof(up));

	up.port.iobase = port;
	up.port.iotype = UPIO_PORT;
	up.port.uartclk = 1843200;
	up.port.flags = UPF_BOOT_AUTOCONF | UPF_SKIP_TEST;
	up.port.line = port == 0x3f8 ? 0 : 1;
	if (twin_isa_mapped & BIT(isa))
		up.port.irq = isa;
	line = serial8250_register_8250_port(&up);
	if (line < 0) {
		pr_err("UART at %#x not registered: %d\n", port, line);
		return;
	}
	twin_uart_line = line;
	twin_uart_port = port;
	pr_info("UART at %#x is ttyS%d here, %s%u\n", port, line,
		up.port.irq ? "IRQ " : "polled", up.port.irq);
}

/*
 * A host lends its next twin the UART it took at the takeover (the twin
 * gets the one this kernel is not on): this kernel lets it go first.
 */
void twin_arch_lend_uart(u16 port)
{
	if (twin_uart_line < 0 || port != twin_uart_port)
		return;
	serial8250_unregister_port(twin_uart_line);
	pr_info("UART at %#x (ttyS%d) is the next twin's: no longer used here\n",
		port, twin_uart_line);
	twin_uart_line = -1;
}
#else
static void twin_take_uart(const struct twin_handover *ho)
{
}

void twin_arch_lend_uart(u16 port)
{
}
#endif

/*
 * B, with A's last CPU (A masked every pin before it parked): take the
 * IOAPICs, the ISA IRQs and A's UART. @ho is B's copy; the entries that
 * fail a check are dropped from it. Returns the IOAPICs taken.
 */
u32 twin_arch_take_ioapics(struct twin_handover *ho)
{
	twin_ioapic_check(ho);
	twin_nr_ioapic_taken = twin_take_ioapics(ho);
	if (twin_nr_ioapic_taken) {
		memcpy(twin_isa, ho->isa, sizeof(twin_isa));
		twin_have_isa = true;
		twin_nr_intx_seen = ho->nr_intx;
		memcpy(twin_intx_seen, ho->intx,
		       sizeof(twin_intx_seen[0]) * ho->nr_intx);
	} else {
		ho->nr_intx = 0;	/* their interrupts cannot be routed */
	}
	twin_take_uart(ho);
	return twin_nr_ioapic_taken;
}

/* B: the IRQ of a device that moved with the platform; 0 for none. */
int twin_arch_map_intx(const struct twin_intx *x)
{
	if (!x->pin)
		return 0;
	return twin_map_gsi(x->gsi, x->flags);
}

#else /* !CONFIG_X86_IO_APIC */

u32 twin_arch_gsi_top(void)
{
	return 0;
}

void __init twin_arch_reserve_gsis(u32 top)
{
}

void twin_arch_ioapic_fill(struct twin_handover *ho)
{
}

int twin_arch_intx_route(struct pci_dev *dev, struct twin_intx *x)
{
	return -ENOENT;
}

u32 twin_arch_take_ioapics(struct twin_handover *ho)
{
	ho->nr_intx = 0;
	return 0;
}

int twin_arch_map_intx(const struct twin_intx *x)
{
	return -ENODEV;
}

void twin_arch_lend_uart(u16 port)
{
}

#endif /* CONFIG_X86_IO_APIC */
