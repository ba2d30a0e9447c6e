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
 *  - Devices moved from A to the running B (TWIN_IOC_GIVE_PCI): denied in
 *    A, allowed in B, by address (moved[]).
 *  - Devices that move when A retires (TWIN_GIVE_AT_RETIRE: they need the
 *    IOAPIC): A drives them until then (late[]); B scans them once it has
 *    the IOAPIC, each with the IRQ of the GSI A routed its INTx to.
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
/* Room for B's own devices and, once B hosts, those it took from A. */
static struct twin_pci_dev allow[TWIN_PCI_MAX + TWIN_MOVED_PCI_MAX];
static unsigned int allow_count;
static bool allow_active;
static struct twin_pci_dev moved[TWIN_MOVED_PCI_MAX];
static unsigned int moved_count;
/* A: the devices that move when A retires, with the platform. */
static struct twin_pci_dev late[TWIN_HANDOVER_INTX_MAX];
static unsigned int late_count;
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

/*
 * B took the machine over and becomes a host: the devices it took from A
 * are its own now (allowed), and moved[] starts empty with A's meaning
 * (moved to the twin). A device A left behind (--leave) stays out.
 */
void twin_pci_become_host(void)
{
	spin_lock(&twin_pci_lock);
	if (allow_active) {
		memcpy(allow + allow_count, moved, sizeof(*moved) * moved_count);
		allow_count += moved_count;
	}
	moved_count = 0;
	spin_unlock(&twin_pci_lock);
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

static bool twin_pci_is_late(const struct twin_pci_dev *d);

/* Add or drop @d (by address) in moved[]; -E2BIG when full, -EEXIST. */
static int twin_pci_moved_add(const struct twin_pci_dev *d)
{
	int ret = 0;

	spin_lock(&twin_pci_lock);
	if (in_list(moved, moved_count, d->domain_or_vendor, d->bus, d->devfn,
		    false, 0))
		ret = -EEXIST;
	else if (moved_count == TWIN_MOVED_PCI_MAX)
		ret = -E2BIG;
	else
		moved[moved_count++] = *d;
	spin_unlock(&twin_pci_lock);
	return ret;
}

static void twin_pci_moved_del(const struct twin_pci_dev *d)
{
	unsigned int i;

	spin_lock(&twin_pci_lock);
	for (i = 0; i < moved_count; i++) {
		if (twin_pci_match(&moved[i], d->domain_or_vendor, d->bus,
				   d->devfn, 0, 0)) {
			moved[i] = moved[--moved_count];
			break;
		}
	}
	spin_unlock(&twin_pci_lock);
}

bool twin_pci_is_moved(const struct twin_pci_dev *d)
{
	bool ret;

	spin_lock(&twin_pci_lock);
	ret = in_list(moved, moved_count, d->domain_or_vendor, d->bus,
		      d->devfn, false, 0);
	spin_unlock(&twin_pci_lock);
	return ret;
}

unsigned int twin_pci_moved(struct twin_pci_dev *out, unsigned int max)
{
	unsigned int n;

	spin_lock(&twin_pci_lock);
	n = min(moved_count, max);
	memcpy(out, moved, sizeof(*out) * n);
	spin_unlock(&twin_pci_lock);
	return n;
}

bool twin_pci_skip(struct pci_bus *bus, int devfn)
{
	struct twin_pci_dev extra[TWIN_PCI_MAX];
	unsigned int extra_n;
	u16 dom = pci_domain_nr(bus);
	u8 busnr = bus->number;
	bool have_id = false;
	bool is_moved;
	u32 id = 0;

	spin_lock(&twin_pci_lock);
	extra_n = deny_extra_count;
	memcpy(extra, deny_extra, sizeof(extra[0]) * extra_n);
	is_moved = in_list(moved, moved_count, dom, busnr, devfn, false, 0);
	spin_unlock(&twin_pci_lock);

	/* B: moved here from A; A: moved to B. */
	if (is_moved) {
		if (!twin_kernel)
			pr_info("%04x:%02x:%02x.%d: moved to the twin kernel, not scanned\n",
				dom, busnr, PCI_SLOT(devfn), PCI_FUNC(devfn));
		return !twin_kernel;
	}
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

/*
 * Scan the one device at @d, as a bus rescan would (resources, driver):
 * not the whole bus, whose scan of a slot stops at a function 0 that
 * this kernel leaves alone (00:1f.2 behind the other kernel's 00:1f.0).
 * With @id, the device found must be that one (vendor | device << 16);
 * with @irq, that is its IRQ before its driver binds.
 */
static int twin_pci_rescan_as(const struct twin_pci_dev *d, u32 id, int irq)
{
	struct pci_bus *bus;
	struct pci_dev *dev;
	int ret = 0;

	pci_lock_rescan_remove();
	bus = pci_find_bus(d->domain_or_vendor, d->bus);
	if (!bus) {
		ret = -ENODEV;
		goto out;
	}
	dev = pci_scan_single_device(bus, d->devfn);
	if (!dev)
		goto out;
	if (id && (dev->vendor | dev->device << 16) != id) {
		pr_err("%s is %04x:%04x, kernel A named %04x:%04x: not taken\n",
		       pci_name(dev), dev->vendor, dev->device, id & 0xffff,
		       id >> 16);
		pci_stop_and_remove_bus_device(dev);
		ret = -ENXIO;
		goto out;
	}
	if (irq > 0)
		dev->irq = irq;
	pci_assign_unassigned_bus_resources(bus);
	pci_bus_add_devices(bus);
out:
	pci_unlock_rescan_remove();
	return ret;
}

static int twin_pci_rescan(const struct twin_pci_dev *d)
{
	return twin_pci_rescan_as(d, 0, 0);
}

/*
 * A: remove the device at @d for the twin. Only a device that interrupts
 * by MSI or MSI-X can move while the twin has no IOAPIC, and no bridge.
 * Its driver is unbound (which disables it and its MSI-X) and it stays
 * out of A's scans. On success *@id is its vendor | device << 16.
 */
/* A: the endpoint at @d, referenced; NULL after the reason (*@err). */
static struct pci_dev *twin_pci_endpoint(const struct twin_pci_dev *d,
					 int *err)
{
	struct pci_dev *dev;

	dev = pci_get_domain_bus_and_slot(d->domain_or_vendor, d->bus, d->devfn);
	if (!dev) {
		twin_fail("give: no PCI device %04x:%02x:%02x.%d here",
			  d->domain_or_vendor, d->bus, PCI_SLOT(d->devfn),
			  PCI_FUNC(d->devfn));
		*err = -ENODEV;
		return NULL;
	}
	if (dev->subordinate || (dev->class >> 16) == PCI_BASE_CLASS_BRIDGE) {
		twin_fail("give: %s is a bridge: only endpoints move", pci_name(dev));
		pci_dev_put(dev);
		*err = -EINVAL;
		return NULL;
	}
	return dev;
}

int twin_pci_give(const struct twin_pci_dev *d, u32 *id)
{
	struct pci_dev *dev;
	int ret;

	dev = twin_pci_endpoint(d, &ret);
	if (!dev)
		return ret;
	if (!dev->msi_cap && !dev->msix_cap && dev->pin) {
		twin_fail("give: %s interrupts by INTx only: it can move only with the IOAPIC, when this kernel retires",
			  pci_name(dev));
		ret = -EOPNOTSUPP;
	} else if (twin_pci_is_late(d)) {
		twin_fail("give: %s moves when this kernel retires", pci_name(dev));
		ret = -EEXIST;
	} else {
		ret = twin_pci_moved_add(d);
		if (ret)
			twin_fail("give: %s: %s", pci_name(dev), ret == -EEXIST ?
				  "moved already" : "too many devices moved");
	}
	if (ret) {
		pci_dev_put(dev);
		return ret;
	}
	*id = dev->vendor | dev->device << 16;
	pr_info("%s: moves to the twin kernel, removed here (driver %s)\n",
		pci_name(dev), dev->driver ? dev->driver->name : "none");
	pci_stop_and_remove_bus_device_locked(dev);
	pci_dev_put(dev);
	return 0;
}

/* A: is @d to move at the retire? */
static bool twin_pci_is_late(const struct twin_pci_dev *d)
{
	return in_list(late, late_count, d->domain_or_vendor, d->bus, d->devfn,
		       false, 0);
}

/*
 * A: the device at @d moves when A retires, with the IOAPIC its INTx (or
 * a legacy IDE controller's ISA IRQs) goes through: A drives it until
 * then. Its INTx must be routed through an IOAPIC here.
 */
int twin_pci_give_at_retire(const struct twin_pci_dev *d, u32 *id)
{
	struct twin_intx x;
	struct pci_dev *dev;
	int ret = 0;

	dev = twin_pci_endpoint(d, &ret);
	if (!dev)
		return ret;
	if (twin_arch_intx_route(dev, &x)) {
		twin_fail("give: %s: its INTx (IRQ %u) does not go through an IOAPIC here",
			  pci_name(dev), dev->irq);
		ret = -EOPNOTSUPP;
	}
	if (!ret) {
		spin_lock(&twin_pci_lock);
		if (twin_pci_is_late(d))
			;	/* asked again (a handover tried before): so be it */
		else if (late_count == ARRAY_SIZE(late))
			ret = -E2BIG;
		else
			late[late_count++] = *d;
		spin_unlock(&twin_pci_lock);
		if (ret)
			twin_fail("give: %s: too many devices move at the retire",
				  pci_name(dev));
	}
	if (!ret) {
		*id = dev->vendor | dev->device << 16;
		pr_info("%s: moves to the twin kernel when this kernel retires (driver %s, %s%u)\n",
			pci_name(dev), dev->driver ? dev->driver->name : "none",
			x.pin ? "GSI " : "no INTx, pin ", x.gsi);
	}
	pci_dev_put(dev);
	return ret;
}

/* A: @d no longer moves at the retire; false if it was not to. */
bool twin_pci_late_del(const struct twin_pci_dev *d)
{
	unsigned int i;
	bool found = false;

	spin_lock(&twin_pci_lock);
	for (i = 0; i < late_count; i++) {
		if (twin_pci_match(&late[i], d->domain_or_vendor, d->bus,
				   d->devfn, 0, 0)) {
			late[i] = late[--late_count];
			found = true;
			break;
		}
	}
	spin_unlock(&twin_pci_lock);
	return found;
}

void twin_pci_late_clear(void)
{
	spin_lock(&twin_pci_lock);
	late_count = 0;
	spin_unlock(&twin_pci_lock);
}

unsigned int twin_pci_late_count(void)
{
	return READ_ONCE(late_count);
}

/*
 * A, retiring: the devices that move now, each with its INTx routing,
 * into the description. -ENODEV/-ENOENT (and why) if one cannot move.
 */
int twin_pci_late_fill(struct twin_handover *ho)
{
	struct twin_pci_dev list[TWIN_HANDOVER_INTX_MAX];
	unsigned int i, n;
	struct pci_dev *dev;
	int ret;

	spin_lock(&twin_pci_lock);
	n = late_count;
	memcpy(list, late, sizeof(list[0]) * n);
	spin_unlock(&twin_pci_lock);
	for (i = 0; i < n; i++) {
		struct twin_intx *x = &ho->intx[i];

		dev = pci_get_domain_bus_and_slot(list[i].domain_or_vendor,
						  list[i].bus, list[i].devfn);
		if (!dev) {
			twin_fail("retire: PCI device %04x:%02x:%02x.%d, to move now, is gone",
				  list[i].domain_or_vendor, list[i].bus,
				  PCI_SLOT(list[i].devfn), PCI_FUNC(list[i].devfn));
			return -ENODEV;
		}
		ret = twin_arch_intx_route(dev, x);
		if (ret)
			twin_fail("retire: %s: its INTx does not go through an IOAPIC",
				  pci_name(dev));
		x->pci_addr = list[i].domain_or_vendor << 16 | list[i].bus << 8 |
			      list[i].devfn;
		x->id = dev->vendor | dev->device << 16;
		pci_dev_put(dev);
		if (ret)
			return ret;
	}
	ho->nr_intx = n;
	return 0;
}

/*
 * B: scan the device at @d (with @id: it must be that one; with @irq:
 * its IRQ before its driver binds) and bind its driver; @how it came is
 * for the log. Returns 0 once a driver has it; otherwise it is removed
 * again, the reason in @why.
 */
static int twin_pci_scan_bind(const struct twin_pci_dev *d, u32 id, int irq,
			      const char *how, char *why, size_t len)
{
	struct pci_dev *dev;
	int ret;

	ret = twin_pci_moved_add(d);
	if (ret == -EEXIST)
		ret = 0;	/* asked again: scan again */
	if (ret) {
		snprintf(why, len, "too many devices moved here");
		return ret;
	}
	ret = twin_pci_rescan_as(d, id, irq);
	if (ret) {
		snprintf(why, len, ret == -ENXIO ? "another device is there" :
			 "bus %04x:%02x is not known to this kernel",
			 d->domain_or_vendor, d->bus);
		goto fail;
	}
	dev = pci_get_domain_bus_and_slot(d->domain_or_vendor, d->bus, d->devfn);
	if (!dev) {
		snprintf(why, len, "no device found at %04x:%02x:%02x.%d",
			 d->domain_or_vendor, d->bus, PCI_SLOT(d->devfn),
			 PCI_FUNC(d->devfn));
		ret = -ENODEV;
		goto fail;
	}
	if (!dev->driver) {
		snprintf(why, len, "%s (%04x:%04x): no driver in this kernel binds it",
			 pci_name(dev), dev->vendor, dev->device);
		pci_stop_and_remove_bus_device_locked(dev);
		pci_dev_put(dev);
		ret = -ENXIO;
		goto fail;
	}
	pr_info("%s (%04x:%04x) moved here %s, driver %s, IRQ %d\n",
		pci_name(dev), dev->vendor, dev->device, how, dev->driver->name,
		dev->irq);
	pci_dev_put(dev);
	return 0;
fail:
	twin_pci_moved_del(d);
	return ret;
}

/*
 * B, with the IOAPIC: A shut the device at @d down when it retired; scan
 * it (it must be @id) with @irq and bind its driver. It is this kernel's.
 */
int twin_pci_adopt_late(const struct twin_pci_dev *d, u32 id, int irq,
			char *why, size_t len)
{
	return twin_pci_scan_bind(d, id, irq, "with the platform", why, len);
}

/*
 * B: A wants the device at @d back (TWIN_OP_RELEASE_PCI): only one A
 * gave. Its driver is unbound and it leaves this kernel's scans.
 */
int twin_pci_release(const struct twin_pci_dev *d, char *why, size_t len)
{
	struct pci_dev *dev;
	bool given;

	spin_lock(&twin_pci_lock);
	given = in_list(moved, moved_count, d->domain_or_vendor, d->bus,
			d->devfn, false, 0);
	spin_unlock(&twin_pci_lock);
	if (!given) {
		snprintf(why, len, "%04x:%02x:%02x.%d was not given by kernel A",
			 d->domain_or_vendor, d->bus, PCI_SLOT(d->devfn),
			 PCI_FUNC(d->devfn));
		return -ENOENT;
	}
	dev = pci_get_domain_bus_and_slot(d->domain_or_vendor, d->bus, d->devfn);
	twin_pci_moved_del(d);
	if (dev) {
		pr_info("%s: goes back to kernel A, removed here (driver %s)\n",
			pci_name(dev), dev->driver ? dev->driver->name : "none");
		pci_stop_and_remove_bus_device_locked(dev);
		pci_dev_put(dev);
	}
	return 0;
}

/* A: the twin did not take @d, or has ended: scan it here again. */
int twin_pci_take_back(const struct twin_pci_dev *d)
{
	twin_pci_moved_del(d);
	return twin_pci_rescan(d);
}

/*
 * B: A removed the device at @d for us: scan it and bind its driver.
 * Returns 0 once a driver has it; otherwise it is removed again and the
 * reason is in @why.
 */
int twin_pci_adopt(const struct twin_pci_dev *d, char *why, size_t len)
{
	return twin_pci_scan_bind(d, 0, 0, "from kernel A", why, len);
}
