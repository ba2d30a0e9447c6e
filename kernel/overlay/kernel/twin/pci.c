// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel PCI partitioning: each kernel leaves the other's devices
 * alone, decided at the scan of a single device, before any config write
 * (BAR sizing turns decoding off and writes all-ones to the BARs).
 *
 *  - pci_dev_flags=LIST (the seed's syntax, "VID:DID:b", also
 *    "[domain:]bus:dev.fn[:b]"): a deny list, in either kernel.
 *  - A: the devices handed to a loaded twin are denied too.
 *  - B: the allow list A handed over; nothing else is touched. Entries by
 *    address are decided with no config access at all.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/init.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/twin.h>

#include "twin_parse.h"
#include "twin_internal.h"

static struct twin_pci_dev deny[TWIN_PCI_MAX];
static unsigned int deny_count;
static struct twin_pci_dev deny_extra[TWIN_PCI_MAX];
static unsigned int deny_extra_count;
static struct twin_pci_dev allow[TWIN_PCI_MAX];
static unsigned int allow_count;
static bool allow_active;
static DEFINE_SPINLOCK(twin_pci_lock);

static int __init twin_pci_dev_flags(char *arg)
{
	int ret = twin_parse_pci_list(arg, TWIN_PARSE_SEED_FLAGS, deny,
				      TWIN_PCI_MAX, &deny_count);

	if (ret)
		pr_err("pci_dev_flags=%s: malformed (%d), ignored; expected VID:DID:b or [domain:]bus:dev.fn, comma separated\n",
		       arg, ret);
	return 0;
}
early_param("pci_dev_flags", twin_pci_dev_flags);

/* B: only these devices exist for this kernel. */
void __init twin_pci_set_allow(const struct twin_pci_dev *list, unsigned int n)
{
	allow_count = min_t(unsigned int, n, TWIN_PCI_MAX);
	memcpy(allow, list, sizeof(*list) * allow_count);
	allow_active = true;
}

void twin_pci_set_deny_extra(const struct twin_pci_dev *list, unsigned int n)
{
	spin_lock(&twin_pci_lock);
	deny_extra_count = min_t(unsigned int, n, TWIN_PCI_MAX);
	if (deny_extra_count)
		memcpy(deny_extra, list, sizeof(*list) * deny_extra_count);
	spin_unlock(&twin_pci_lock);
}

static bool any_by_id(const struct twin_pci_dev *l, unsigned int n)
{
	while (n--)
		if (l[n].kind == TWIN_PCI_BY_ID)
			return true;
	return false;
}

/* Match by address only (@have_id false) or by address and ID. */
static bool in_list(const struct twin_pci_dev *l, unsigned int n, u16 dom,
		    u8 bus, u8 devfn, bool have_id, u32 id)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (l[i].kind == TWIN_PCI_BY_ID && !have_id)
			continue;
		if (twin_pci_match(&l[i], dom, bus, devfn, id & 0xffff, id >> 16))
			return true;
	}
	return false;
}

bool twin_pci_listed(const struct twin_pci_dev *list, unsigned int n,
		     struct pci_dev *dev)
{
	return in_list(list, n, pci_domain_nr(dev->bus), dev->bus->number,
		       dev->devfn, true, dev->vendor | (dev->device << 16));
}

bool twin_pci_skip(struct pci_bus *bus, int devfn)
{
	struct twin_pci_dev extra[TWIN_PCI_MAX];
	unsigned int extra_n;
	u16 dom = pci_domain_nr(bus);
	u8 busnr = bus->number;
	bool have_id = false;
	u32 id = 0;

	spin_lock(&twin_pci_lock);
	extra_n = deny_extra_count;
	memcpy(extra, deny_extra, sizeof(extra[0]) * extra_n);
	spin_unlock(&twin_pci_lock);

	if (!allow_active && !deny_count && !extra_n)
		return false;

	if (allow_active && !in_list(allow, allow_count, dom, busnr, devfn,
				     false, 0)) {
		/* Not allowed by address: an ID entry may still allow it. */
		if (!any_by_id(allow, allow_count))
			return true;
		if (pci_bus_read_config_dword(bus, devfn, PCI_VENDOR_ID, &id) ||
		    PCI_POSSIBLE_ERROR(id) || !id)
			return true;
		have_id = true;
		if (!in_list(allow, allow_count, dom, busnr, devfn, true, id))
			return true;
	}

	if (!have_id && (any_by_id(deny, deny_count) ||
			 any_by_id(extra, extra_n))) {
		if (pci_bus_read_config_dword(bus, devfn, PCI_VENDOR_ID, &id) ||
		    PCI_POSSIBLE_ERROR(id) || !id)
			return false;	/* no device here */
		have_id = true;
	}
	if (in_list(deny, deny_count, dom, busnr, devfn, have_id, id) ||
	    in_list(extra, extra_n, dom, busnr, devfn, have_id, id)) {
		pr_info("%04x:%02x:%02x.%d: belongs to the other kernel, not scanned\n",
			dom, busnr, PCI_SLOT(devfn), PCI_FUNC(devfn));
		return true;
	}
	return false;
}
