// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel: the kernel that took a machine over becomes a host. It
 * booted as a twin (B); once its host retired and it runs the machine
 * alone (takeover.c), it lends a CPU and memory to the next twin exactly
 * as A does, gives it its devices and CPUs, and retires in turn: the
 * chain of upgrades A -> B -> C -> ... with no reboot.
 *
 * What differs from A: no twinkernel= reserved memory at boot, so the
 * twin memory is taken from the page allocator at the first load (as much
 * as this kernel was lent itself); the CPUs it brings up are woken by the
 * park, never by INIT/SIPI (it has no real-mode trampoline), so a CPU lent
 * to a twin that then stops does not come back. See
 * Documentation/admin-guide/twin-kernel.rst, "The chain".
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/gfp.h>
#include <linux/ioport.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/twin.h>

#include "twin_internal.h"

static bool twin_is_host;
static DEFINE_MUTEX(twin_host_lock);

bool twin_hosting(void)
{
	return READ_ONCE(twin_is_host);
}

/*
 * From the takeover's work item, once the last CPU and the RAM of the
 * retired kernel are here. The channel to it is dead; from now on every
 * role check (twin_kernel) answers as in A.
 */
void twin_become_host(struct kobject *kobj)
{
	int ret;

	mutex_lock(&twin_host_lock);
	if (twin_is_host)
		goto out;
	twin_chan_teardown();
	twin_pci_become_host();
	twin_net_become_host();
	WRITE_ONCE(twin_kernel, false);
	twin_arch_ipi_update();
	ret = twin_sysfs_init(kobj);
	ret = ret ?: twin_lifecycle_init();
	ret = ret ?: twin_ctl_init();
	if (ret) {
		pr_err("cannot become a host for the next twin: %d\n", ret);
		goto out;
	}
	WRITE_ONCE(twin_is_host, true);
	pr_info("this kernel can host the next twin (tkctl load)\n");
out:
	mutex_unlock(&twin_host_lock);
}

/* The least and most physical addresses of twin memory (reserve.c's). */
#define TWIN_HOST_MEM_MIN	SZ_16M
#define TWIN_HOST_MEM_LIMIT	SZ_4G

/*
 * At the first load: as much twin memory as this kernel was lent itself,
 * a power of two aligned on its size, below 4 GiB, from the page
 * allocator (pages in use move away). Kept until the next handover, in
 * which it is the next kernel's own and not given again.
 */
int twin_host_mem_alloc(void)
{
	const struct twin_boot_info *bi = twin_b_boot_info();
	struct page *page;
	u64 size, pa;

	if (!twin_hosting() || !bi) {
		twin_fail("load: no twin memory (boot with twinkernel=SIZE)");
		return -ENOMEM;
	}
	size = roundup_pow_of_two(bi->mem_size);
	/*
	 * Not __GFP_DMA32: the RAM taken at the handover went online into
	 * ZONE_NORMAL (hotplug puts a block there when no zone spans it),
	 * below 4 GiB or not. The search starts at each zone's lowest page.
	 */
	page = alloc_contig_pages(size >> PAGE_SHIFT,
				  GFP_KERNEL | __GFP_NOWARN, numa_node_id(),
				  NULL);
	if (!page) {
		twin_fail("load: no %llu MiB of free or movable memory in one aligned piece below 4 GiB for the twin",
			  size >> 20);
		return -ENOMEM;
	}
	pa = page_to_phys(page);
	if (pa < TWIN_HOST_MEM_MIN || pa + size > TWIN_HOST_MEM_LIMIT) {
		free_contig_range(page_to_pfn(page), size >> PAGE_SHIFT);
		twin_fail("load: the twin memory found at %#llx is outside 16 MiB to 4 GiB",
			  pa);
		return -ENOMEM;
	}
	twin_res.start = pa;
	twin_res.end = pa + size - 1;
	if (insert_resource(&iomem_resource, &twin_res))
		pr_warn("the twin memory %pR is not in /proc/iomem\n", &twin_res);
	pr_info("took %llu MiB at %#llx from the page allocator for a twin kernel\n",
		size >> 20, pa);
	return 0;
}
