// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel, kernel A's side: the twin memory (twinkernel=), loading B
 * through /dev/twinctl, lending a CPU to B when it goes offline, and the
 * state in /sys/kernel/twin/.
 *
 * States: none -> loaded (TWIN_IOC_LOAD) -> running (the bound CPU went
 * offline and entered B) -> stopped or crashed (B said so in the shared
 * page, or its heartbeat stopped). B's CPU then waits, halted, where B
 * left it; A can boot B again on it (restart: A onlines the CPU with
 * INIT/SIPI as usual, then offlines it into the image) or unload, after
 * which the CPU is A's to online. From running to unload, the CPU cannot
 * be onlined by anyone else.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <crypto/sha2.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/file.h>
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
#include <linux/workqueue.h>

#include "twin_parse.h"
#include "twin_internal.h"

enum twin_state {
	TWIN_NONE, TWIN_LOADED, TWIN_RUNNING, TWIN_STOPPED, TWIN_CRASHED
};

static const char *const twin_state_names[] = {
	[TWIN_NONE] = "none",
	[TWIN_LOADED] = "loaded",
	[TWIN_RUNNING] = "running",
	[TWIN_STOPPED] = "stopped",
	[TWIN_CRASHED] = "crashed",
};

/* B has this long from start to its first heartbeat, then 1 s per beat. */
#define TWIN_BOOT_TIMEOUT_NS	(60 * NSEC_PER_SEC)
#define TWIN_BEAT_TIMEOUT_NS	(1 * NSEC_PER_SEC)
#define TWIN_WATCH_MS		100

static struct {
	enum twin_state state;
	bool seed;			/* running a kexec -p image (seed.c) */
	bool parked;			/* B left its CPU halted, offline in A */
	bool reentering;		/* A onlines the parked CPU itself */
	unsigned int cpu;
	struct twin_entry entry;
	u8 digest[SHA256_DIGEST_SIZE];	/* of entry.image, as loaded */
	u8 file_digest[SHA256_DIGEST_SIZE];	/* of the kernel and initrd files */
	struct file *kernel_file, *initrd_file;	/* to reload from */
	char *cmdline;
	u64 started_ns;			/* boottime when the CPU left A */
	u64 beat_ns;			/* boottime when the heartbeat moved */
	u64 last_beat;
	time64_t ended_at;		/* realtime when A saw B stop */
	char reason[96];
	struct twin_pci_dev pci[TWIN_PCI_MAX];
	unsigned int pci_count;
	struct twin_shared *shared;	/* mapped while an image is loaded */
} twin;

static void twin_watch(struct work_struct *work);
static DECLARE_DELAYED_WORK(twin_watch_work, twin_watch);

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

/* From the moment B has the CPU until A takes it back or unloads B. */
bool twin_cpu_lent(unsigned int cpu)
{
	if (twin.cpu != cpu || READ_ONCE(twin.reentering))
		return false;
	return READ_ONCE(twin.state) == TWIN_RUNNING || READ_ONCE(twin.parked);
}

/*
 * Broadcasts reach every CPU, also B's: off from load until unload, so
 * that B never gets one, not even in the instant its CPU leaves A.
 */
bool twin_blocks_ipi_broadcast(void)
{
	return READ_ONCE(twin.state) != TWIN_NONE || READ_ONCE(twin.parked);
}

/*
 * The CPU B left halted comes back to A (INIT/SIPI, A's usual bring-up:
 * B never wrote the low memory of A's trampoline) before A writes B's
 * memory again, so that no CPU ever sits in memory being rewritten.
 */
static int twin_take_back(void)
{
	int ret;

	if (!twin.parked || twin.state == TWIN_RUNNING)
		return 0;
	WRITE_ONCE(twin.reentering, true);
	ret = add_cpu(twin.cpu);
	WRITE_ONCE(twin.reentering, false);
	if (ret)
		pr_err("cannot take CPU %u back from the stopped twin: %d\n",
		       twin.cpu, ret);
	return ret;
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
		twin.beat_ns = twin.started_ns;
		twin.last_beat = 0;
		twin.reason[0] = '\0';
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
	if (twin.cpu != cpu)
		return 0;
	if (twin.state == TWIN_RUNNING && twin.seed) {
		twin.seed = false;
		twin_seed_release();
		WRITE_ONCE(twin.state, TWIN_NONE);
	} else if (twin.state == TWIN_RUNNING) {
		WRITE_ONCE(twin.state, TWIN_LOADED);
	}
	twin.parked = false;	/* the CPU is A's again */
	return 0;
}

/* BP teardown, after the CPU is dead: say where it went. */
static int twin_cpu_dead(unsigned int cpu)
{
	if (twin.state != TWIN_RUNNING || twin.cpu != cpu)
		return 0;
	pr_info("CPU %u left this kernel and now runs the twin kernel%s\n",
		cpu, twin.seed ? " loaded with kexec -p" : "");
	twin.parked = true;
	if (!twin.seed)
		schedule_delayed_work(&twin_watch_work,
				      msecs_to_jiffies(TWIN_WATCH_MS));
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

/*
 * Megabytes of SHA-256: in slices, so that A's other tasks run meanwhile
 * (A may have a single CPU left, and the kernel need not be preemptible).
 */
static void twin_sha256_update(struct sha256_state *sctx, const u8 *p,
			       size_t len)
{
	while (len) {
		size_t n = min_t(size_t, len, SZ_64K);

		sha256_update(sctx, p, n);
		p += n;
		len -= n;
		cond_resched();
	}
}

static void twin_digest(const struct twin_entry *e, u8 *out)
{
	struct sha256_state sctx;
	unsigned int i;

	sha256_init(&sctx);
	for (i = 0; i < TWIN_IMAGE_RANGES; i++)
		if (e->image[i].size)
			twin_sha256_update(&sctx, phys_to_virt(e->image[i].start),
					   e->image[i].size);
	sha256_final(&sctx, out);
}

/* Read the files and lay B out in the twin memory; digest the files. */
static int twin_load_image(struct file *kf, struct file *inf,
			   const char *cmdline, unsigned int cpu,
			   const struct twin_pci_dev *pci, unsigned int npci,
			   struct twin_entry *entry, u8 *file_digest)
{
	struct sha256_state sctx;
	struct twin_load_request req = {
		.cmdline = cmdline, .cpu = cpu, .pci = pci, .pci_count = npci,
	};
	void *kernel = NULL, *initrd = NULL;
	size_t size = resource_size(&twin_res);
	ssize_t n;
	int ret;

	n = kernel_read_file(kf, 0, &kernel, size, NULL, READING_KEXEC_IMAGE);
	if (n < 0) {
		pr_err("load: cannot read the kernel (%zd)%s\n", n,
		       n == -EFBIG ? ": larger than the twin memory" : "");
		return n;
	}
	req.kernel = kernel;
	req.kernel_size = n;
	if (inf) {
		n = kernel_read_file(inf, 0, &initrd, size, NULL,
				     READING_KEXEC_INITRAMFS);
		if (n < 0) {
			pr_err("load: cannot read the initrd (%zd)%s\n", n,
			       n == -EFBIG ? ": larger than the twin memory" : "");
			vfree(kernel);
			return n;
		}
		req.initrd = initrd;
		req.initrd_size = n;
	}
	sha256_init(&sctx);
	twin_sha256_update(&sctx, kernel, req.kernel_size);
	if (initrd)
		twin_sha256_update(&sctx, initrd, req.initrd_size);
	sha256_final(&sctx, file_digest);
	ret = twin_arch_load(&req, &twin_res, entry);
	if (!ret)
		pr_info("loaded a %zu KiB kernel and a %zu KiB initrd for CPU %u\n",
			req.kernel_size >> 10, req.initrd_size >> 10, cpu);
	vfree(initrd);
	vfree(kernel);
	return ret;
}

static void twin_drop_files(void)
{
	if (twin.kernel_file)
		fput(twin.kernel_file);
	if (twin.initrd_file)
		fput(twin.initrd_file);
	twin.kernel_file = NULL;
	twin.initrd_file = NULL;
	kfree(twin.cmdline);
	twin.cmdline = NULL;
}

/* Twin states in which B's image may be replaced. */
static bool twin_replaceable(void)
{
	return twin.state != TWIN_RUNNING;
}

static int twin_do_load(struct twin_load_args *args)
{
	struct file *kf = NULL, *inf = NULL;
	struct twin_entry entry;
	char *cmdline;
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
	ret = -EINVAL;
	if (cmdline[args->cmdline_len - 1] != '\0' ||
	    strlen(cmdline) != args->cmdline_len - 1)
		goto out;
	if (twin.parked && twin.state != TWIN_RUNNING && args->cpu != twin.cpu) {
		pr_err("load: CPU %u still waits where the twin left it: load for CPU %u or unload first\n",
		       twin.cpu, twin.cpu);
		ret = -EBUSY;
		goto out;
	}
	ret = -EBADF;
	kf = fget(args->kernel_fd);
	if (!kf)
		goto out;
	ret = twin_take_back();
	if (ret)
		goto out;
	if (args->initrd_fd >= 0) {
		inf = fget(args->initrd_fd);
		if (!inf)
			goto out;
	}

	cpus_read_lock();
	if (!twin_replaceable()) {
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
		ret = twin_load_image(kf, inf, cmdline, args->cpu, args->pci,
				      args->pci_count, &entry, twin.file_digest);
	}
	if (!ret) {
		twin_drop_files();
		twin.kernel_file = kf;
		twin.initrd_file = inf;
		twin.cmdline = cmdline;
		kf = inf = NULL;
		cmdline = NULL;
		twin.entry = entry;
		twin_digest(&entry, twin.digest);
		twin.shared = phys_to_virt(entry.shared);
		twin.cpu = args->cpu;
		memcpy(twin.pci, args->pci, sizeof(args->pci[0]) * args->pci_count);
		twin.pci_count = args->pci_count;
		WRITE_ONCE(twin.state, TWIN_LOADED);
	}
	cpus_read_unlock();
	if (!ret) {
		twin_arch_ipi_update();
		twin_release_pci(twin.pci, twin.pci_count);
	}
out:
	if (kf)
		fput(kf);
	if (inf)
		fput(inf);
	kfree(cmdline);
	return ret;
}

/* Send the loaded twin's CPU into it: offline it. */
static int twin_do_start(void)
{
	int ret;

	if (twin.state == TWIN_NONE)
		return -ENOENT;
	if (twin.state != TWIN_LOADED)
		return -EBUSY;
	ret = twin_take_back();
	if (ret)
		return ret;
	/* A fresh channel for every B: nothing of the last one is trusted. */
	ret = twin_chan_setup(twin.entry.chan, twin.entry.chan_size,
			      twin.entry.peer_apic_id);
	if (ret)
		return ret;
	ret = remove_cpu(twin.cpu);
	if (ret)
		pr_err("start: CPU %u did not go offline: %d\n", twin.cpu, ret);
	else if (twin.state != TWIN_RUNNING)
		ret = -EIO;
	else
		twin_chan_set_alive(true);
	return ret;
}

static int twin_do_stop(void)
{
	if (twin.state == TWIN_NONE)
		return -ENOENT;
	if (twin.state != TWIN_RUNNING)
		return -EINVAL;
	if (twin.seed)
		return -EOPNOTSUPP;	/* no shared page with a kexec -p twin */
	WRITE_ONCE(twin.shared->a_request, TWIN_REQ_STOP);
	pr_info("asked the twin to shut down\n");
	return 0;
}

/* Boot B again from the loaded image, reloaded if B wrote over it. */
static int twin_do_restart(void)
{
	u8 digest[SHA256_DIGEST_SIZE], file_digest[SHA256_DIGEST_SIZE];
	struct twin_entry entry;
	int ret;

	if (twin.state == TWIN_NONE)
		return -ENOENT;
	if (twin.state == TWIN_RUNNING)
		return -EBUSY;
	if (twin.state == TWIN_STOPPED || twin.state == TWIN_CRASHED) {
		ret = twin_take_back();
		if (ret)
			return ret;
		twin_digest(&twin.entry, digest);
		if (memcmp(digest, twin.digest, sizeof(digest))) {
			pr_info("restart: the image changed in memory, reloading it from its files\n");
			ret = twin_load_image(twin.kernel_file, twin.initrd_file,
					      twin.cmdline, twin.cpu, twin.pci,
					      twin.pci_count, &entry, file_digest);
			if (ret)
				return ret;
			if (memcmp(file_digest, twin.file_digest, sizeof(digest)) ||
			    memcmp(&entry, &twin.entry, sizeof(entry))) {
				/* The memory now holds the changed files: unload. */
				pr_err("restart: the kernel or initrd file changed since it was loaded: load it again\n");
				return -ESTALE;
			}
			twin_digest(&entry, twin.digest);
		} else {
			/* Same bytes: only B's shared page starts afresh. */
			memset((u8 *)twin.shared + offsetof(struct twin_shared, b_state),
			       0, offsetof(struct twin_shared, a_request) -
			       offsetof(struct twin_shared, b_state));
			twin.shared->a_request = TWIN_REQ_NONE;
			twin.shared->log_head = 0;
		}
		WRITE_ONCE(twin.state, TWIN_LOADED);
	}
	return twin_do_start();
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
		twin_chan_teardown();
		WRITE_ONCE(twin.state, TWIN_NONE);
		twin.shared = NULL;
		twin.pci_count = 0;
		twin.parked = false;
		twin_drop_files();
	}
	cpus_read_unlock();
	if (!ret) {
		twin_arch_ipi_update();
		twin_pci_set_deny_extra(NULL, 0);
		pr_info("unloaded; CPU %u is this kernel's again\n", twin.cpu);
	}
	return ret;
}

/* B is done: record how and when, once. */
static void twin_end(enum twin_state st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(twin.reason, sizeof(twin.reason), fmt, ap);
	va_end(ap);
	twin.ended_at = ktime_get_real_seconds();
	WRITE_ONCE(twin.state, st);
	twin_chan_set_alive(false);
	pr_info("the twin on CPU %u %s (%s) after %llu ms\n", twin.cpu,
		twin_state_names[st], twin.reason,
		(ktime_get_boottime_ns() - twin.started_ns) / NSEC_PER_MSEC);
}

/* Every 100 ms while B runs: its state word and its heartbeat. */
static void twin_watch(struct work_struct *work)
{
	static const char *const why[] = {
		[TWIN_WHY_NONE] = "no reason given", [TWIN_WHY_PANIC] = "panic",
		[TWIN_WHY_HALT] = "halt", [TWIN_WHY_POWEROFF] = "power off",
		[TWIN_WHY_REBOOT] = "reboot",
	};
	struct twin_shared sh;
	u64 now = ktime_get_boottime_ns();
	const char *reason;

	mutex_lock(&twin_mutex);
	if (twin.state != TWIN_RUNNING || twin.seed || !twin.shared)
		goto out;
	memcpy(&sh, twin.shared, sizeof(sh));
	sh.b_message[sizeof(sh.b_message) - 1] = '\0';
	reason = sh.b_reason < ARRAY_SIZE(why) ? why[sh.b_reason] : "unknown reason";
	if (sh.b_state == TWIN_B_CRASHED) {
		twin_end(TWIN_CRASHED, "%s: %s", reason, sh.b_message);
		goto out;
	}
	if (sh.b_state == TWIN_B_STOPPED) {
		twin_end(TWIN_STOPPED, "%s", reason);
		goto out;
	}
	if (sh.b_heartbeat != twin.last_beat) {
		twin.last_beat = sh.b_heartbeat;
		twin.beat_ns = now;
	} else if (twin.last_beat && now - twin.beat_ns > TWIN_BEAT_TIMEOUT_NS) {
		twin_end(TWIN_CRASHED, "no heartbeat for %llu ms",
			 (now - twin.beat_ns) / NSEC_PER_MSEC);
		goto out;
	} else if (!twin.last_beat && now - twin.started_ns > TWIN_BOOT_TIMEOUT_NS) {
		twin_end(TWIN_CRASHED, "no heartbeat %llu s after start",
			 (now - twin.started_ns) / NSEC_PER_SEC);
		goto out;
	}
	twin_chan_set_alive(true);	/* B may have attached meanwhile */
	schedule_delayed_work(&twin_watch_work, msecs_to_jiffies(TWIN_WATCH_MS));
out:
	mutex_unlock(&twin_mutex);
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
	case TWIN_IOC_START:
		ret = twin_do_start();
		break;
	case TWIN_IOC_STOP:
		ret = twin_do_stop();
		break;
	case TWIN_IOC_RESTART:
		ret = twin_do_restart();
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

static ssize_t reason_show(struct kobject *k, struct kobj_attribute *a,
			   char *buf)
{
	enum twin_state st = READ_ONCE(twin.state);

	if (st != TWIN_STOPPED && st != TWIN_CRASHED)
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%s\n", twin.reason);
}

static ssize_t ended_at_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	enum twin_state st = READ_ONCE(twin.state);

	return sysfs_emit(buf, "%lld\n", st == TWIN_STOPPED ||
			  st == TWIN_CRASHED ? (long long)twin.ended_at : 0LL);
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

/*
 * B's kernel log, from the ring B's console writes in the control area.
 * The ring's place and size are A's own; only the head comes from B and
 * is bounded here. Readable after B stopped or crashed, until unload.
 */
static ssize_t log_read(struct file *f, struct kobject *k,
			struct bin_attribute *a, char *buf, loff_t pos,
			size_t count)
{
	const u8 *ring;
	u64 head, len, first, off;
	u32 size;
	size_t i;
	ssize_t ret = 0;

	mutex_lock(&twin_mutex);
	if (twin.state == TWIN_NONE || twin.seed || !twin.shared)
		goto out;
	ring = phys_to_virt(twin.entry.log);
	size = twin.entry.log_size;
	head = READ_ONCE(twin.shared->log_head);
	len = min_t(u64, head, size);
	first = head - len;
	if (pos >= len)
		goto out;
	count = min_t(u64, count, len - pos);
	for (i = 0; i < count; i++) {
		off = (first + pos + i) % size;
		buf[i] = ring[off];
	}
	ret = count;
out:
	mutex_unlock(&twin_mutex);
	return ret;
}

static struct bin_attribute twin_log_attr = {
	.attr = { .name = "log", .mode = 0400 },
	.read = log_read,
};

static struct bin_attribute *twin_bin_attrs[] = {
	&twin_log_attr, NULL,
};

static struct kobj_attribute twin_attrs[] = {
	__ATTR_RO(state), __ATTR_RO(cpu), __ATTR_RO(mem_start),
	__ATTR_RO(mem_size), __ATTR_RO(running_ms), __ATTR_RO(reason),
	__ATTR_RO(ended_at), __ATTR_RO(b_state), __ATTR_RO(b_heartbeat),
	__ATTR_RO(b_uptime_ms), __ATTR_RO(b_release),
};

static struct attribute *twin_attr_list[ARRAY_SIZE(twin_attrs) + 1];

static const struct attribute_group twin_attr_group = {
	.attrs = twin_attr_list,
	.bin_attrs = twin_bin_attrs,
};

static int __init twin_init(void)
{
	struct kobject *kobj;
	unsigned int i;
	int ret;

	if (twin_kernel) {
		/* B hosts no twin of its own (yet): only the channel. */
		kobj = kobject_create_and_add("twin", kernel_kobj);
		return kobj ? twin_chan_init(kobj) : -ENOMEM;
	}
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
	if (twin_mem_reserved()) {
		ret = twin_chan_init(kobj);
		if (ret)
			pr_err("no channel: %d\n", ret);
	}
	return misc_register(&twin_ctl_dev);
}
late_initcall(twin_init);
