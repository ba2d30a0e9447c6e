// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel, kernel A: the twin memory. twinkernel= reserves it at boot
 * (memblock, like crashkernel=); it shows as "Twin kernel" in /proc/iomem
 * and stays reserved for every B loaded into it.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/init.h>
#include <linux/ioport.h>
#include <linux/memblock.h>
#include <linux/sizes.h>
#include <linux/twin.h>

#include "twin_parse.h"
#include "twin_internal.h"

struct resource twin_res = {
	.name	= "Twin kernel",
	.flags	= IORESOURCE_BUSY | IORESOURCE_SYSTEM_RAM,
	.desc	= IORES_DESC_RESERVED,
};

static char *twin_mem_arg __initdata;

/* twinkernel=SIZE[@OFFSET] or the range form of crashkernel=. */
static int __init twin_mem_setup(char *arg)
{
	twin_mem_arg = arg;
	return 0;
}
early_param("twinkernel", twin_mem_setup);

/* B's decompressor runs at 16M or above: the twin memory must too. */
#define TWIN_MEM_MIN	SZ_16M
#define TWIN_MEM_ALIGN	SZ_2M
#define TWIN_MEM_LIMIT	SZ_4G
/*
 * Where A chooses, the twin memory takes whole memory blocks (128 MiB on
 * x86-64), so that at a handover all of A's other RAM moves to B in whole
 * blocks, which is the unit of memory hotplug.
 */
#define TWIN_MEM_BLOCK	SZ_128M

void __init twin_reserve_memory(void)
{
	u64 size, base, addr;
	int ret;

	if (!twin_mem_arg || twin_kernel)
		return;
	ret = twin_parse_mem_spec(twin_mem_arg, memblock_phys_mem_size(),
				  &size, &base);
	if (ret == -ENOENT) {
		pr_info("twinkernel=%s: no range matches this machine\n",
			twin_mem_arg);
		return;
	}
	if (ret) {
		pr_err("twinkernel=%s: bad syntax, nothing reserved\n",
		       twin_mem_arg);
		return;
	}
	size = ALIGN(size, TWIN_MEM_ALIGN);
	if (size < SZ_32M) {
		pr_err("twinkernel=%s: at least 32M are needed\n", twin_mem_arg);
		return;
	}
	if (base) {
		if (!IS_ALIGNED(base, TWIN_MEM_ALIGN) || base < TWIN_MEM_MIN) {
			pr_err("twinkernel=%s: offset must be 2M-aligned and at least 16M\n",
			       twin_mem_arg);
			return;
		}
		addr = memblock_phys_alloc_range(size, TWIN_MEM_ALIGN, base,
						 base + size);
	} else {
		size = ALIGN(size, TWIN_MEM_BLOCK);
		addr = memblock_phys_alloc_range(size, TWIN_MEM_BLOCK,
						 TWIN_MEM_MIN, TWIN_MEM_LIMIT);
	}
	if (!addr) {
		pr_err("twinkernel=%s: cannot reserve %llu MiB\n", twin_mem_arg,
		       size >> 20);
		return;
	}
	twin_res.start = addr;
	twin_res.end = addr + size - 1;
	pr_info("reserved %llu MiB at 0x%llx for a twin kernel\n", size >> 20,
		addr);
}

bool twin_mem_reserved(void)
{
	return twin_res.end > twin_res.start;
}

/* In /proc/iomem, once the resource tree is up (twin_init()). */
void __init twin_mem_register(void)
{
	if (twin_mem_reserved())
		insert_resource(&iomem_resource, &twin_res);
}
