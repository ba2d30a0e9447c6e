// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel: set-up of both roles. In kernel A: the twin memory
 * (reserve.c), B's lifecycle (lifecycle.c), /dev/twinctl (ctl.c),
 * /sys/kernel/twin/ (sysfs.c) and, with twin memory, the channel
 * (chan.c). In kernel B ("twin_kernel"): only the channel to A.
 * Documentation/admin-guide/twin-kernel.rst.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/twin.h>

#include "twin_internal.h"

static int __init twin_init(void)
{
	struct kobject *kobj;
	int ret;

	kobj = kobject_create_and_add("twin", kernel_kobj);
	if (!kobj)
		return -ENOMEM;
	if (twin_kernel) {
		/* B hosts no twin (yet); it adopts what A gives. */
		twin_adopt_init();
		ret = twin_takeover_init(kobj);
		if (ret)
			return ret;
		return twin_chan_init(kobj);
	}

	twin_mem_register();
	ret = twin_sysfs_init(kobj);
	if (ret)
		return ret;
	ret = twin_lifecycle_init();
	if (ret)
		return ret;
	if (twin_mem_reserved()) {
		ret = twin_chan_init(kobj);
		if (ret)
			pr_err("no channel: %d\n", ret);
	}
	return twin_ctl_init();
}
late_initcall(twin_init);
