// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel on x86-64, kernel A's side of retiring: describe for B what
 * it takes over (A's RAM, the power-off and reset facts from ACPI, the
 * IOAPICs: ioapic.c), then,
 * on A's last CPU, stop every interrupt source A drove and park.
 *
 * Not native_machine_shutdown(): that puts the IOAPIC back in virtual
 * wire mode, which would let the 8259 deliver to whichever CPU; here every
 * IOAPIC pin and the 8259 are masked (and each pin's remote IRR cleared),
 * the PIT and HPET stopped and the LAPIC soft-disabled, so that nothing
 * A programmed fires at B, which then programs the pins it uses.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/acpi.h>
#include <linux/i8253.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/twin.h>
#include <asm/apic.h>
#include <asm/e820/api.h>
#include <asm/hpet.h>
#include <asm/i8259.h>
#include <asm/io_apic.h>

static void twin_add_ram(struct twin_handover *ho, u64 s, u64 e)
{
	s = PAGE_ALIGN(s);
	e = PAGE_ALIGN_DOWN(e);
	if (e <= s)
		return;
	if (ho->nr_ram == TWIN_HANDOVER_RAM_MAX) {
		pr_warn("handover: more than %u RAM ranges, %#llx-%#llx left out\n",
			TWIN_HANDOVER_RAM_MAX, s, e);
		return;
	}
	ho->ram[ho->nr_ram++] = (struct twin_mem_range){ s, e - s };
}

/* A's RAM (the firmware's RAM ranges but the twin memory) and ACPI facts. */
void twin_arch_handover_fill(struct twin_handover *ho,
			     const struct resource *twin)
{
	const struct e820_table *fw = e820_table_firmware;
	u64 ts = twin->start, te = twin->end + 1;
	u32 i;

	memset(ho, 0, sizeof(*ho));
	ho->magic = TWIN_HANDOVER_MAGIC;
	ho->version = TWIN_HANDOVER_VERSION;
	ho->size = sizeof(*ho);
	for (i = 0; i < fw->nr_entries; i++) {
		u64 s = fw->entries[i].addr, e = s + fw->entries[i].size;

		if (fw->entries[i].type != E820_TYPE_RAM)
			continue;
		twin_add_ram(ho, s, min(e, ts));
		twin_add_ram(ho, max(s, te), e);
	}
#ifdef CONFIG_ACPI
	if (!acpi_disabled) {
		struct acpi_table_fadt *f = &acpi_gbl_FADT;
		u8 a, b;

		if (f->xpm1a_control_block.space_id == ACPI_ADR_SPACE_SYSTEM_IO)
			ho->pm1a_cnt = f->xpm1a_control_block.address;
		if (f->xpm1b_control_block.space_id == ACPI_ADR_SPACE_SYSTEM_IO)
			ho->pm1b_cnt = f->xpm1b_control_block.address;
		if (ACPI_SUCCESS(acpi_get_sleep_type_data(ACPI_STATE_S5, &a, &b))) {
			ho->s5_slp_typ_a = a;
			ho->s5_slp_typ_b = b;
		}
		if ((f->flags & ACPI_FADT_RESET_REGISTER) &&
		    f->reset_register.space_id == ACPI_ADR_SPACE_SYSTEM_IO) {
			ho->reset_space = 1;
			ho->reset_addr = f->reset_register.address;
			ho->reset_value = f->reset_value;
		}
	}
#endif
	if (!ho->pm1a_cnt)
		twin_arch_platform_fill(ho);
	twin_arch_ioapic_fill(ho);
}

/* On A's last CPU, after device shutdown: silence A's platform, park. */
void __noreturn twin_arch_retire(const struct twin_entry *e, u64 park_pa,
				 unsigned int slot)
{
	local_irq_disable();
	/* Masked, and a level pin's remote IRR cleared: B starts clean. */
	if (nr_ioapics)
		clear_IO_APIC();
	legacy_pic->mask_all();
#ifdef CONFIG_CLKEVT_I8253
	clockevent_i8253_disable();
#endif
#ifdef CONFIG_HPET_TIMER
	hpet_disable();
#endif
	disable_local_APIC();
	twin_arch_park(e, park_pa, slot);
}
