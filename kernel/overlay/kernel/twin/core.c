// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel, kernel A's side: the twin memory (twinkernel=), loading B
 * through /dev/twinctl, lending a CPU to B when it goes offline, and the
 * state in /sys/kernel/twin/.
 *
 * States: none -> loaded (TWIN_IOC_LOAD) -> running (the bound CPU went
 * offline and entered B). While running, the CPU cannot be onlined in A
 * and the image cannot be unloaded or replaced.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel_read_file.h>
#include <linux/kobject.h>
#include <linux/memblock.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>
#include <linux/twin.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "twin_parse.h"
#include "twin_internal.h"

enum twin_state { TWIN_NONE, TWIN_LOADED, TWIN_RUNNING };

static const char *const twin_state_names[] = {
	[TWIN_NONE] = "none",
	[TWIN_LOADED] = "loaded",
	[TWIN_RUNNING] = "running",
};

static struct {
	enum twin_state state;
	bool seed;			/* running a kexec -p image (seed.c) */
	unsigned int cpu;
	struct twin_entry entry;
	u64 started_ns;			/* boottime when the CPU left A */
	struct twin_pci_dev pci[TWIN_PCI_MAX];
	unsigned int pci_count;
	struct twin_shared *shared;	/* mapped while an image is loaded */
} twin;

/* Serialises load/unload; CPU hotplug is excluded with cpus_read_lock(). */
static DEFINE_MUTEX(twin_mutex);

static struct resource twin_res = {
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
		addr = memblock_phys_alloc_range(size, TWIN_MEM_ALIGN,
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

static bool twin_mem_reserved(void)
{
	return twin_res.end > twin_res.start;
}

bool twin_cpu_lent(unsigned int cpu)
{
	return READ_ONCE(twin.state) == TWIN_RUNNING && twin.cpu == cpu;
}

/*
 * On the dying CPU, after it reported itself dead and with interrupts off.
 * twin_cpu_offline() has already marked the twin running under the hotplug
 * lock, so nothing can unload the image now.
 */
void twin_play_dead(void)
{
	if (READ_ONCE(twin.state) != TWIN_RUNNING ||
	    twin.cpu != smp_processor_id())
		return;
	if (twin.seed)
		twin_seed_enter();
	else
		twin_arch_enter(&twin.entry);
}

/* AP teardown, on the CPU going offline, hotplug lock held. */
static int twin_cpu_offline(unsigned int cpu)
{
	if (twin.state == TWIN_LOADED && twin.cpu == cpu) {
		twin.started_ns = ktime_get_boottime_ns();
		WRITE_ONCE(twin.state, TWIN_RUNNING);
	} else if (twin.state == TWIN_NONE && twin_seed_claim()) {
		twin.seed = true;
		twin.cpu = cpu;
		twin.started_ns = ktime_get_boottime_ns();
		WRITE_ONCE(twin.state, TWIN_RUNNING);
	}
	return 0;
}

/* AP startup: also runs when an offline attempt is rolled back. */
static int twin_cpu_online(unsigned int cpu)
{
	if (twin.state != TWIN_RUNNING || twin.cpu != cpu)
		return 0;
	if (twin.seed) {
		twin.seed = false;
		twin_seed_release();
		WRITE_ONCE(twin.state, TWIN_NONE);
	} else {
		WRITE_ONCE(twin.state, TWIN_LOADED);
	}
	return 0;
}

/* BP teardown, after the CPU is dead: say where it went. */
static int twin_cpu_dead(unsigned int cpu)
{
	if (twin.state == TWIN_RUNNING && twin.cpu == cpu)
		pr_info("CPU %u left this kernel and now runs the twin kernel%s\n",
			cpu, twin.seed ? " loaded with kexec -p" : "");
	return 0;
}

/* A gives away B's devices: remove them here and keep them out of scans. */
static void twin_release_pci(const struct twin_pci_dev *list, unsigned int n)
{
	struct pci_dev *dev = NULL;

	twin_pci_set_deny_extra(list, n);
	pci_lock_rescan_remove();
	for_each_pci_dev(dev) {
		if (!twin_pci_listed(list, n, dev))
			continue;
		pr_info("%s: handed to the twin kernel, removed here\n",
			pci_name(dev));
		pci_dev_get(dev);
		pci_stop_and_remove_bus_device(dev);
		pci_dev_put(dev);
	}
	pci_unlock_rescan_remove();
}

static int twin_do_load(struct twin_load_args *args)
{
	struct twin_load_request req = { };
	struct twin_entry entry;
	void *kernel = NULL, *initrd = NULL, *map;
	char *cmdline;
	size_t size;
	ssize_t n;
	int ret;

	if (!twin_mem_reserved()) {
		pr_err("load: no twin memory (boot with twinkernel=SIZE)\n");
		return -ENOMEM;
	}
	if (args->flags || args->pci_count > TWIN_PCI_MAX ||
	    !args->cmdline_len || args->cmdline_len > PAGE_SIZE)
		return -EINVAL;
	cmdline = memdup_user((void __user *)(unsigned long)args->cmdline,
			      args->cmdline_len);
	if (IS_ERR(cmdline))
		return PTR_ERR(cmdline);
	if (cmdline[args->cmdline_len - 1] != '\0' ||
	    strlen(cmdline) != args->cmdline_len - 1) {
		ret = -EINVAL;
		goto out;
	}

	size = resource_size(&twin_res);
	n = kernel_read_file_from_fd(args->kernel_fd, 0, &kernel, size, NULL,
				     READING_KEXEC_IMAGE);
	if (n < 0) {
		ret = n == -EFBIG ? -EFBIG : (int)n;
		pr_err("load: cannot read the kernel: %zd\n", n);
		goto out;
	}
	req.kernel = kernel;
	req.kernel_size = n;
	if (args->initrd_fd >= 0) {
		n = kernel_read_file_from_fd(args->initrd_fd, 0, &initrd, size,
					     NULL, READING_KEXEC_INITRAMFS);
		if (n < 0) {
			ret = (int)n;
			pr_err("load: cannot read the initrd: %zd\n", n);
			goto out;
		}
		req.initrd = initrd;
		req.initrd_size = n;
	}
	req.cmdline = cmdline;
	req.cpu = args->cpu;
	req.pci = args->pci;
	req.pci_count = args->pci_count;

	cpus_read_lock();
	if (twin.state == TWIN_RUNNING) {
		pr_err("load: a twin is running on CPU %u\n", twin.cpu);
		ret = -EBUSY;
	} else if (args->cpu >= nr_cpu_ids || !cpu_present(args->cpu)) {
		pr_err("load: CPU %u does not exist\n", args->cpu);
		ret = -ENODEV;
	} else if (args->cpu == 0) {
		pr_err("load: CPU 0 is the boot CPU and cannot be lent\n");
		ret = -EINVAL;
	} else if (!cpu_online(args->cpu)) {
		pr_err("load: CPU %u is offline; the twin's CPU must be online\n",
		       args->cpu);
		ret = -EINVAL;
	} else {
		ret = twin_arch_load(&req, &twin_res, &entry);
	}
	if (!ret) {
		map = phys_to_virt(entry.shared);
		twin.entry = entry;
		twin.shared = map;
		twin.cpu = args->cpu;
		memcpy(twin.pci, args->pci, sizeof(args->pci[0]) * args->pci_count);
		twin.pci_count = args->pci_count;
		WRITE_ONCE(twin.state, TWIN_LOADED);
		pr_info("loaded a %zu KiB kernel and a %zu KiB initrd for CPU %u\n",
			req.kernel_size >> 10, req.initrd_size >> 10, args->cpu);
	}
	cpus_read_unlock();
	if (!ret)
		twin_release_pci(twin.pci, twin.pci_count);
out:
	vfree(initrd);
	vfree(kernel);
	kfree(cmdline);
	return ret;
}

static int twin_do_unload(void)
{
	int ret = 0;

	cpus_read_lock();
	if (twin.state == TWIN_RUNNING) {
		pr_err("unload: the twin is running on CPU %u\n", twin.cpu);
		ret = -EBUSY;
	} else if (twin.state == TWIN_NONE) {
		ret = -ENOENT;
	} else {
		WRITE_ONCE(twin.state, TWIN_NONE);
		twin.shared = NULL;
		twin.pci_count = 0;
	}
	cpus_read_unlock();
	if (!ret) {
		twin_pci_set_deny_extra(NULL, 0);
		pr_info("unloaded\n");
	}
	return ret;
}

static long twin_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct twin_load_args args;
	long ret;

	if (!capable(CAP_SYS_BOOT))
		return -EPERM;
	mutex_lock(&twin_mutex);
	switch (cmd) {
	case TWIN_IOC_LOAD:
		if (copy_from_user(&args, (void __user *)arg, sizeof(args)))
			ret = -EFAULT;
		else
			ret = twin_do_load(&args);
		break;
	case TWIN_IOC_UNLOAD:
		ret = twin_do_unload();
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&twin_mutex);
	return ret;
}

static const struct file_operations twin_ctl_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= twin_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice twin_ctl_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "twinctl",
	.fops	= &twin_ctl_fops,
	.mode	= 0600,
};

/* /sys/kernel/twin/: see Documentation/ABI/testing/sysfs-kernel-twin. */
static ssize_t state_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n", twin_state_names[READ_ONCE(twin.state)]);
}

static ssize_t cpu_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	if (READ_ONCE(twin.state) == TWIN_NONE)
		return sysfs_emit(buf, "-1\n");
	return sysfs_emit(buf, "%u\n", twin.cpu);
}

static ssize_t mem_start_show(struct kobject *k, struct kobj_attribute *a,
			      char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", twin_mem_reserved() ?
			  (unsigned long long)twin_res.start : 0ULL);
}

static ssize_t mem_size_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	return sysfs_emit(buf, "%llu\n", twin_mem_reserved() ?
			  (unsigned long long)resource_size(&twin_res) : 0ULL);
}

static ssize_t running_ms_show(struct kobject *k, struct kobj_attribute *a,
			       char *buf)
{
	if (READ_ONCE(twin.state) != TWIN_RUNNING)
		return sysfs_emit(buf, "0\n");
	return sysfs_emit(buf, "%llu\n",
			  (ktime_get_boottime_ns() - twin.started_ns) /
			  NSEC_PER_MSEC);
}

/* What B reports in the shared page: untrusted, copied and checked. */
static bool twin_read_shared(struct twin_shared *out)
{
	struct twin_shared *sh = READ_ONCE(twin.shared);

	if (!sh || READ_ONCE(twin.state) == TWIN_NONE)
		return false;
	memcpy(out, sh, sizeof(*out));
	out->b_release[sizeof(out->b_release) - 1] = '\0';
	return out->magic == TWIN_SHARED_MAGIC;
}

static ssize_t b_state_show(struct kobject *k, struct kobj_attribute *a,
			    char *buf)
{
	static const char *const names[] = {
		[TWIN_B_NONE] = "none", [TWIN_B_BOOTING] = "booting",
		[TWIN_B_RUNNING] = "running", [TWIN_B_STOPPED] = "stopped",
		[TWIN_B_CRASHED] = "crashed",
	};
	struct twin_shared sh;

	if (!twin_read_shared(&sh))
		return sysfs_emit(buf, "none\n");
	if (sh.b_state >= ARRAY_SIZE(names))
		return sysfs_emit(buf, "invalid\n");
	return sysfs_emit(buf, "%s\n", names[sh.b_state]);
}

static ssize_t b_heartbeat_show(struct kobject *k, struct kobj_attribute *a,
				char *buf)
{
	struct twin_shared sh;

	return sysfs_emit(buf, "%llu\n", twin_read_shared(&sh) ?
			  (unsigned long long)sh.b_heartbeat : 0ULL);
}

static ssize_t b_uptime_ms_show(struct kobject *k, struct kobj_attribute *a,
				char *buf)
{
	struct twin_shared sh;

	return sysfs_emit(buf, "%llu\n", twin_read_shared(&sh) ?
			  (unsigned long long)sh.b_uptime_ms : 0ULL);
}

static ssize_t b_release_show(struct kobject *k, struct kobj_attribute *a,
			      char *buf)
{
	struct twin_shared sh;

	return sysfs_emit(buf, "%s\n",
			  twin_read_shared(&sh) ? sh.b_release : "");
}

static struct kobj_attribute twin_attrs[] = {
	__ATTR_RO(state), __ATTR_RO(cpu), __ATTR_RO(mem_start),
	__ATTR_RO(mem_size), __ATTR_RO(running_ms), __ATTR_RO(b_state),
	__ATTR_RO(b_heartbeat), __ATTR_RO(b_uptime_ms), __ATTR_RO(b_release),
};

static struct attribute *twin_attr_list[ARRAY_SIZE(twin_attrs) + 1];

static const struct attribute_group twin_attr_group = {
	.attrs = twin_attr_list,
};

static int __init twin_init(void)
{
	struct kobject *kobj;
	unsigned int i;
	int ret;

	if (twin_kernel)
		return 0;	/* B hosts no twin of its own (yet) */
	if (twin_mem_reserved())
		insert_resource(&iomem_resource, &twin_res);

	for (i = 0; i < ARRAY_SIZE(twin_attrs); i++)
		twin_attr_list[i] = &twin_attrs[i].attr;
	kobj = kobject_create_and_add("twin", kernel_kobj);
	if (!kobj)
		return -ENOMEM;
	ret = sysfs_create_group(kobj, &twin_attr_group);
	if (ret)
		return ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "twin:online",
					twin_cpu_online, twin_cpu_offline);
	if (ret < 0)
		return ret;
	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "twin:dead",
					NULL, twin_cpu_dead);
	if (ret < 0)
		return ret;
	return misc_register(&twin_ctl_dev);
}
late_initcall(twin_init);
