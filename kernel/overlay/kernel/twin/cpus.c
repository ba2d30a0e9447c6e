// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel, kernel B: the requests of kernel A to take its resources.
 * TWIN_OP_ADOPT_CPU: A parked one of its CPUs (arch park.c); bring it
 * online here. Every argument is A's word and is checked before use.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/kernel.h>
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

static int twin_cpus_handle(const struct twin_req *req, struct twin_resp *resp)
{
	switch (req->op) {
	case TWIN_OP_ADOPT_CPU:
		return twin_adopt_cpu(req, resp);
	default:
		pr_warn("kernel A asked for operation %u, unknown here\n",
			req->op);
		return -EOPNOTSUPP;
	}
}

void __init twin_cpus_init(void)
{
	twin_req_set_handler(twin_cpus_handle);
}
