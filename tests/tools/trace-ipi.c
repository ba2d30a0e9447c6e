// SPDX-License-Identifier: GPL-2.0
/*
 * trace-audit: interprocessor interrupts between the two kernels, from the
 * xAPIC's ICR writes (0x310 the destination, then 0x300 which sends).
 *
 * In B's era A's CPUs may send B only the channel's doorbell (fixed,
 * physical, vector 0xf7, to B's APIC ID), and B's CPU may send itself
 * anything but A only that doorbell (to A's APIC ID). A broadcast
 * shorthand reaches the other kernel, so it is always a violation. A
 * logical destination reaches the CPUs whose LDR matches it, as QEMU
 * decides it (flat: any common bit; cluster: same cluster, common bit), so
 * B's CPU's LDR and DFR are followed through the whole trace: what A's
 * CPU 1 wrote there is still in force in B until B writes its own.
 */
#include "trace-audit.h"

#define APIC_ICR_LOW	0xfee00300
#define APIC_ICR_HIGH	0xfee00310
#define APIC_LDR	0xfee000d0
#define APIC_DFR	0xfee000e0

int is_lapic(const struct event *ev)
{
	return ev->kind == EV_WRITE && (ev->addr >> 12) == 0xfee00 &&
	       starts_with(ev->name, "apic");
}

/* Every CPU's ICR destination, and B's CPU's logical ID, as they change. */
void ipi_record(struct audit *a, const struct event *ev)
{
	if (!is_lapic(ev) || ev->cpu < 0 || ev->cpu >= MAX_CPUS)
		return;
	if (ev->addr == APIC_ICR_HIGH)
		a->icr_high[ev->cpu] = ev->value;
	if (ev->cpu != a->b_cpu)
		return;
	if (ev->addr == APIC_LDR)
		a->b_ldr = ev->value;
	else if (ev->addr == APIC_DFR)
		a->b_dfr = ev->value;
}

static unsigned int shorthand(uint64_t icr)
{
	return (icr >> 18) & 3;
}

static int logical(uint64_t icr)
{
	return (icr >> 11) & 1;
}

static int is_doorbell(uint64_t icr)
{
	return shorthand(icr) == 0 && (icr & 0xfff) == DOORBELL_ICR;
}

/* Does a logical destination include B's CPU? */
static int logical_hits_b(const struct audit *a, unsigned int dest)
{
	unsigned int id = (a->b_ldr >> 24) & 0xff;

	if ((a->b_dfr >> 28) == 0xf)
		return (dest & id) != 0;
	return (dest & 0xf0) == (id & 0xf0) && (dest & id & 0xf) != 0;
}

void ipi_from_a(struct audit *a, const struct event *ev, const char *line)
{
	unsigned int dest = (a->icr_high[ev->cpu] >> 24) & 0xff;
	uint64_t icr = ev->value;

	if (!is_lapic(ev) || ev->addr != APIC_ICR_LOW)
		return;
	a->n_ipi_a++;
	if (shorthand(icr) >= 2)
		violation(a, line, "A's CPU sent a broadcast IPI, which reaches B");
	else if (shorthand(icr) == 1)
		return;
	else if (logical(icr) ? logical_hits_b(a, dest) :
		 dest == a->b_apic || dest == 0xff) {
		if (is_doorbell(icr) && dest == a->b_apic)
			a->n_a2b++;
		else
			violation(a, line, "A's CPU sent an IPI that reaches B's CPU (destination 0x%x%s)",
				  dest, logical(icr) ? ", logical" : "");
	}
}

void ipi_from_b(struct audit *a, const struct event *ev, const char *line)
{
	unsigned int dest = (a->icr_high[ev->cpu] >> 24) & 0xff;
	uint64_t icr = ev->value;

	if (ev->addr != APIC_ICR_LOW)
		return;
	a->n_ipi_b++;
	if (shorthand(icr) >= 2)
		violation(a, line, "B's CPU sent a broadcast IPI, which reaches A");
	else if (shorthand(icr) == 1 || (!logical(icr) && dest == a->b_apic))
		return;		/* to itself */
	else if (!logical(icr) && dest == a->a_apic && is_doorbell(icr))
		a->n_b2a++;
	else
		violation(a, line, "B's CPU sent an IPI to another CPU (destination 0x%x%s): only the doorbell to A's APIC ID 0x%lx is B's to send",
			  dest, logical(icr) ? ", logical" : "", a->a_apic);
}
