// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel, kernel B: the requests of kernel A to take its resources.
 * TWIN_OP_ADOPT_CPU: A parked one of its CPUs (arch park.c); bring it
 * online here. TWIN_OP_ADOPT_PCI: A removed one of its PCI devices; scan
 * it here and bind its driver. Every argument is A's word and is checked
 * before use.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/timekeeping.h>
#include <linux/twin.h>

#include "twin_internal.h"

static int twin_adopt_cpu(const struct twin_req *req, struct twin_resp *resp)
{
	u64 apic_id = req->arg[0], slot = req->arg[1], t0;
	char why[160] = "";
	int cpu;

	if (apic_id > U32_MAX || slot > U32_MAX) {
		pr_err("adopt: APIC ID %llu, slot %llu: out of range\n",
		       apic_id, slot);
		return -EINVAL;
	}
	t0 = ktime_get_ns();
	cpu = twin_arch_adopt_cpu(apic_id, slot, why, sizeof(why));
	if (cpu < 0) {
		pr_err("cannot adopt the CPU with APIC ID %llu: %s\n", apic_id,
		       why);
		return cpu;
	}
	resp->val[0] = cpu;
	resp->val[1] = ktime_get_ns() - t0;
	pr_info("CPU %d (APIC ID %llu) adopted from kernel A in %llu us\n",
		cpu, apic_id, resp->val[1] / NSEC_PER_USEC);
	return 0;
}

/* debugfs (tests): die while adopting a device, in the handover's middle. */
bool twin_crash_on_adopt;
/* debugfs (tests): refuse to adopt the device at this address (U32_MAX: none). */
u32 twin_refuse_adopt = U32_MAX;

/* The PCI address of a request: domain << 16 | bus << 8 | devfn. */
static int twin_req_pci(const struct twin_req *req, struct twin_pci_dev *d)
{
	u64 addr = req->arg[0];

	if (addr >> 32) {
		pr_err("PCI address %#llx out of range\n", addr);
		return -EINVAL;
	}
	*d = (struct twin_pci_dev){ .kind = TWIN_PCI_BY_ADDR,
				    .domain_or_vendor = addr >> 16,
				    .bus = addr >> 8, .devfn = addr };
	return 0;
}

static int twin_release_pci(const struct twin_req *req, struct twin_resp *resp)
{
	struct twin_pci_dev d;
	char why[160] = "";
	int ret;

	ret = twin_req_pci(req, &d);
	if (!ret)
		ret = twin_pci_release(&d, why, sizeof(why));
	if (ret)
		pr_err("cannot give back a PCI device: %s (%d)\n", why, ret);
	return ret;
}

static int twin_adopt_pci(const struct twin_req *req, struct twin_resp *resp)
{
	u64 addr = req->arg[0], t0 = ktime_get_ns();
	struct twin_pci_dev d;
	char why[160] = "";
	int ret;

	ret = twin_req_pci(req, &d);
	if (ret)
		return ret;
	if (addr == READ_ONCE(twin_refuse_adopt)) {
		pr_err("refusing to adopt PCI device %04x:%02x:%02x.%d (debugfs refuse_adopt)\n",
		       d.domain_or_vendor, d.bus, PCI_SLOT(d.devfn),
		       PCI_FUNC(d.devfn));
		return -EBUSY;
	}
	if (READ_ONCE(twin_crash_on_adopt))
		panic("twin: crash_on_adopt (debugfs): dying while adopting PCI device %04x:%02x:%02x.%d",
		      d.domain_or_vendor, d.bus, PCI_SLOT(d.devfn),
		      PCI_FUNC(d.devfn));
	ret = twin_pci_adopt(&d, why, sizeof(why));
	if (ret) {
		pr_err("cannot adopt PCI device %04x:%02x:%02x.%d: %s\n",
		       d.domain_or_vendor, d.bus, PCI_SLOT(d.devfn),
		       PCI_FUNC(d.devfn), why);
		return ret;
	}
	resp->val[1] = ktime_get_ns() - t0;
	return 0;
}

static int twin_adopt_handle(const struct twin_req *req, struct twin_resp *resp)
{
	switch (req->op) {
	case TWIN_OP_ADOPT_CPU:
		return twin_adopt_cpu(req, resp);
	case TWIN_OP_ADOPT_PCI:
		return twin_adopt_pci(req, resp);
	case TWIN_OP_RETIRE:
		return twin_takeover_request(req);
	case TWIN_OP_RELEASE_PCI:
		return twin_release_pci(req, resp);
	default:
		pr_warn("kernel A asked for operation %u, unknown here\n",
			req->op);
		return -EOPNOTSUPP;
	}
}

void __init twin_adopt_init(void)
{
	struct twin_shared *sh;
	phys_addr_t pa;

	twin_req_set_handler(twin_adopt_handle);
	sh = twin_b_shared(&pa);
	if (sh)
		WRITE_ONCE(sh->b_caps, READ_ONCE(sh->b_caps) |
			   TWIN_CAP_ADOPT_PCI | TWIN_CAP_TAKEOVER |
			   TWIN_CAP_RELEASE_PCI |
			   (IS_ENABLED(CONFIG_X86_IO_APIC) ?
			    TWIN_CAP_PLATFORM : 0));
}
