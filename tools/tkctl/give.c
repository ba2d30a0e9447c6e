// SPDX-License-Identifier: GPL-2.0
/* Giving the running twin one device or one CPU: see give.h. */
#include <stdio.h>

#include "give.h"
#include "twinctl.h"

static double ms(unsigned long long ns)
{
	return (double)ns / 1e6;
}

/* The device's address as the messages name it: 0000:00:05.0 */
static void pci_object(const struct twin_pci_dev *d, char *buf, size_t len)
{
	snprintf(buf, len, "%04x:%02x:%02x.%x", d->domain_or_vendor, d->bus,
		 d->devfn >> 3, d->devfn & 7);
}

int tk_give_pci(int ctl, const char *cmd, const struct twin_pci_dev *d)
{
	struct twin_give_pci_args a = { .dev = *d };
	char object[32];

	pci_object(d, object, sizeof(object));
	if (tk_ctl_command(ctl, cmd, TWIN_IOC_GIVE_PCI, &a, object))
		return -1;
	printf("%s (%04x:%04x) is now the twin's: removed here in %.3f ms, bound in B %.3f ms later\n",
	       object, a.id & 0xffff, a.id >> 16, ms(a.remove_ns),
	       ms(a.adopt_ns));
	fflush(stdout);
	return 0;
}

int tk_give_pci_at_retire(int ctl, const char *cmd, const struct twin_pci_dev *d)
{
	struct twin_give_pci_args a = { .dev = *d, .flags = TWIN_GIVE_AT_RETIRE };
	char object[32];

	pci_object(d, object, sizeof(object));
	if (tk_ctl_command(ctl, cmd, TWIN_IOC_GIVE_PCI, &a, object))
		return -1;
	printf("%s (%04x:%04x) moves to the twin with the IOAPIC when this kernel retires; it runs here until then\n",
	       object, a.id & 0xffff, a.id >> 16);
	fflush(stdout);
	return 0;
}

int tk_take_pci(int ctl, const char *cmd, const struct twin_pci_dev *d)
{
	struct twin_give_pci_args a = { .dev = *d };
	char object[32];

	pci_object(d, object, sizeof(object));
	if (tk_ctl_command(ctl, cmd, TWIN_IOC_TAKE_PCI, &a, object))
		return -1;
	printf("%s is this kernel's again: released by B in %.3f ms, bound here %.3f ms later\n",
	       object, ms(a.remove_ns), ms(a.adopt_ns));
	fflush(stdout);
	return 0;
}

int tk_give_cpu(int ctl, const char *cmd, unsigned int cpu)
{
	struct twin_give_cpu_args a = { .cpu = cpu };
	char object[32];

	snprintf(object, sizeof(object), "CPU %u", cpu);
	if (tk_ctl_command(ctl, cmd, TWIN_IOC_GIVE_CPU, &a, object))
		return -1;
	printf("CPU %u is now the twin's CPU %d: offline and parked in %.3f ms, online in B %.3f ms later (B's bring-up %.3f ms)\n",
	       cpu, a.b_cpu, ms(a.park_ns), ms(a.adopt_ns), ms(a.b_ns));
	fflush(stdout);
	return 0;
}
