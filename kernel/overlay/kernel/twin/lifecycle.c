// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel, kernel A: B's lifecycle. Loading B into the twin memory,
 * lending a CPU to B when it goes offline, watching B, taking the CPU back.
 * The control device (ctl.c) and sysfs (sysfs.c) call in here.
 *
 * States: none -> loaded (TWIN_IOC_LOAD) -> running (the bound CPU went
 * offline and entered B) -> stopped or crashed (B said so in the shared
 * page, or its heartbeat stopped). B's CPU then waits, halted, where B
 * left it; A can boot B again on it (restart: A onlines the CPU with
 * INIT/SIPI as usual, then offlines it into the image) or unload, after
 * which the CPU is A's to online. From running to unload, the CPU cannot
 * be onlined by anyone else.
 *
 * Locking: twin_mutex serialises the control device's commands and the
 * watchdog. The twin's state (state, cpu, seed, parked) changes only under
 * the CPU maps lock (cpu_maps_update_begin()), which every CPU hotplug
 * operation holds, the callbacks below included: so _cpu_up() can ask
 * twin_cpu_lent() under that lock and never race a CPU entering B.
 * Order: twin_mutex, then the CPU maps lock.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <crypto/sha2.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel_read_file.h>
#include <linux/mutex.h>
#include <linux/reboot.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/syscore_ops.h>
#include <linux/timekeeping.h>
#include <linux/twin.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "twin_internal.h"

/* The values of TWIN_IOC_STATUS (uapi/linux/twin.h). */
enum twin_state {
	TWIN_NONE = TWIN_STATE_NONE,
	TWIN_LOADED = TWIN_STATE_LOADED,
	TWIN_RUNNING = TWIN_STATE_RUNNING,
	TWIN_STOPPED = TWIN_STATE_STOPPED,
	TWIN_CRASHED = TWIN_STATE_CRASHED,
};

const char *const twin_state_names[TWIN_STATES] = {
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
/* B brings a CPU up within 10 s (its own bring-up timeout) or not at all. */
#define TWIN_ADOPT_TIMEOUT_MS	15000

static struct {
	enum twin_state state;
	bool seed;			/* running a kexec -p image (seed.c) */
	bool parked;			/* B left its CPU halted, offline in A */
	bool reentering;		/* A onlines the parked CPU itself */
	unsigned int cpu;
	/*
	 * A's CPUs given to B for good (TWIN_IOC_GIVE_CPU): parked or
	 * running B; taken back, like cpu, once B has ended. Their park
	 * slot is their CPU number.
	 */
	struct cpumask given;
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

/*
 * Serialises the control device's commands, the watchdog and the readers
 * of the state (sysfs, TWIN_IOC_STATUS), so that each sees one moment.
 */
static DEFINE_MUTEX(twin_mutex);

/*
 * Where twin_fail() puts the reason of the command in progress (the
 * caller's buffer, returned by TWIN_IOC_LAST_ERROR); under twin_mutex.
 */
static char *twin_why;
static size_t twin_why_len;

void twin_fail(const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	pr_err("%pV\n", &vaf);
	va_end(ap);
	/* The first reason is the cause; later ones follow from it. */
	if (twin_why && !twin_why[0]) {
		va_start(ap, fmt);
		vscnprintf(twin_why, twin_why_len, fmt, ap);
		va_end(ap);
	}
}

static void twin_op_begin(char *why, size_t len)
{
	mutex_lock(&twin_mutex);
	if (why && len)
		why[0] = '\0';
	twin_why = why;
	twin_why_len = len;
}

static void twin_op_end(void)
{
	twin_why = NULL;
	mutex_unlock(&twin_mutex);
}

/*
 * From the moment B has the CPU until A takes it back or unloads B.
 * Called by _cpu_up() with the CPU maps lock held.
 */
bool twin_cpu_lent(unsigned int cpu)
{
	if (READ_ONCE(twin.reentering))
		return false;
	if (cpumask_test_cpu(cpu, &twin.given))
		return true;
	if (twin.cpu != cpu)
		return false;
	return READ_ONCE(twin.state) == TWIN_RUNNING || READ_ONCE(twin.parked);
}

/*
 * Broadcasts reach every CPU, also B's: off from load until unload, so
 * that B never gets one, not even in the instant its CPU leaves A.
 */
bool twin_blocks_ipi_broadcast(void)
{
	/*
	 * B, too: its CPUs are not all of the machine's, and a shorthand
	 * would reach A's.
	 */
	return twin_kernel || READ_ONCE(twin.state) != TWIN_NONE ||
	       READ_ONCE(twin.parked);
}

/*
 * The CPU B left halted comes back to A (INIT/SIPI, A's usual bring-up:
 * B never wrote the low memory of A's trampoline) before A writes B's
 * memory again, so that no CPU ever sits in memory being rewritten.
 */
/* The devices moved to B, back into A once B has ended. */
static void twin_take_back_pci(void)
{
	struct twin_pci_dev moved[TWIN_MOVED_PCI_MAX];
	unsigned int i, n = twin_pci_moved(moved, TWIN_MOVED_PCI_MAX);

	twin_pci_late_clear();	/* never left: A drives them still */
	for (i = 0; i < n; i++) {
		pr_info("%04x:%02x:%02x.%d, moved to the twin, is this kernel's again\n",
			moved[i].domain_or_vendor, moved[i].bus,
			PCI_SLOT(moved[i].devfn), PCI_FUNC(moved[i].devfn));
		twin_pci_take_back(&moved[i]);
	}
}

static int twin_take_back(void)
{
	struct cpumask given;
	unsigned int cpu;
	int ret;

	if (twin.state == TWIN_RUNNING)
		return 0;
	/* The CPUs given to B halt in its memory too: INIT/SIPI, as below. */
	cpumask_copy(&given, &twin.given);
	for_each_cpu(cpu, &given) {
		WRITE_ONCE(twin.reentering, true);
		ret = add_cpu(cpu);
		WRITE_ONCE(twin.reentering, false);
		if (ret) {
			twin_fail("cannot take CPU %u back from the ended twin: %d",
				  cpu, ret);
			return ret;
		}
		pr_info("CPU %u, given to the twin, is this kernel's again\n",
			cpu);
	}
	twin_take_back_pci();
	if (!twin.parked)
		return 0;
	WRITE_ONCE(twin.reentering, true);
	ret = add_cpu(twin.cpu);
	WRITE_ONCE(twin.reentering, false);
	if (ret)
		twin_fail("cannot take CPU %u back from the stopped twin: %d",
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
	unsigned int cpu = smp_processor_id();

	if (READ_ONCE(twin.state) != TWIN_RUNNING)
		return;
	if (cpumask_test_cpu(cpu, &twin.given))
		twin_arch_park(&twin.entry, twin.entry.park, cpu);
	if (twin.cpu != cpu)
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
	/* Taken back, or its offline was rolled back: A's again. */
	cpumask_clear_cpu(cpu, &twin.given);
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
	if (twin.state == TWIN_RUNNING && cpumask_test_cpu(cpu, &twin.given)) {
		pr_info("CPU %u left this kernel for the park: the twin adopts it\n",
			cpu);
		return 0;
	}
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
		twin_fail("load: cannot read the kernel (%zd)%s", n,
		       n == -EFBIG ? ": larger than the twin memory" : "");
		return n;
	}
	req.kernel = kernel;
	req.kernel_size = n;
	if (inf) {
		n = kernel_read_file(inf, 0, &initrd, size, NULL,
				     READING_KEXEC_INITRAMFS);
		if (n < 0) {
			twin_fail("load: cannot read the initrd (%zd)%s", n,
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

/*
 * A fresh channel whenever an image becomes ready to start (load,
 * restart): every start of B, by the ioctl or by offlining the CPU, finds
 * one that nothing of an earlier B touched.
 */
static int twin_chan_reset(void)
{
	int ret = twin_chan_setup(twin.entry.chan, twin.entry.chan_size,
				  twin.entry.peer_apic_id);

	if (ret)
		twin_fail("no channel for the twin: %d", ret);
	return ret;
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

	if (twin_kernel) {
		twin_fail("load: this kernel is a twin: it hosts one only once it has taken the machine over (tkctl handover in its host)");
		return -EPERM;
	}
	if (!twin_mem_reserved()) {
		ret = twin_host_mem_alloc();
		if (ret)
			return ret;
	}
	if (args->flags) {
		twin_fail("load: flags %#x: none are defined", args->flags);
		return -EINVAL;
	}
	if (args->pci_count > TWIN_PCI_MAX) {
		twin_fail("load: %u PCI devices, at most %u", args->pci_count,
			  TWIN_PCI_MAX);
		return -EINVAL;
	}
	if (!args->cmdline_len || args->cmdline_len > PAGE_SIZE) {
		twin_fail("load: command line of %u bytes: 1 to %lu with its NUL",
			  args->cmdline_len, PAGE_SIZE);
		return -EINVAL;
	}
	cmdline = memdup_user((void __user *)(unsigned long)args->cmdline,
			      args->cmdline_len);
	if (IS_ERR(cmdline))
		return PTR_ERR(cmdline);
	ret = -EINVAL;
	if (cmdline[args->cmdline_len - 1] != '\0' ||
	    strlen(cmdline) != args->cmdline_len - 1) {
		twin_fail("load: the command line must end with its only NUL");
		goto out;
	}
	if (twin.parked && twin.state != TWIN_RUNNING && args->cpu != twin.cpu) {
		twin_fail("load: CPU %u still waits where the twin left it: load for CPU %u or unload first",
		       twin.cpu, twin.cpu);
		ret = -EBUSY;
		goto out;
	}
	ret = -EBADF;
	kf = fget(args->kernel_fd);
	if (!kf) {
		twin_fail("load: kernel fd %d is not an open file", args->kernel_fd);
		goto out;
	}
	if (args->initrd_fd >= 0) {
		inf = fget(args->initrd_fd);
		if (!inf) {
			twin_fail("load: initrd fd %d is not an open file",
				  args->initrd_fd);
			goto out;
		}
	}
	ret = twin_take_back();
	if (ret)
		goto out;
	/*
	 * The arch load rewrites the control area, the channel's region
	 * included: nobody may use the old channel from here on.
	 */
	twin_chan_teardown();

	cpu_maps_update_begin();
	if (!twin_replaceable()) {
		twin_fail("load: a twin is running on CPU %u", twin.cpu);
		ret = -EBUSY;
	} else if (args->cpu >= nr_cpu_ids || !cpu_present(args->cpu)) {
		twin_fail("load: CPU %u does not exist", args->cpu);
		ret = -ENODEV;
	} else if (args->cpu == 0) {
		twin_fail("load: CPU 0 is the boot CPU and cannot be lent");
		ret = -EINVAL;
	} else if (!cpu_online(args->cpu)) {
		twin_fail("load: CPU %u is offline; the twin's CPU must be online",
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
	cpu_maps_update_done();
	if (!ret) {
		twin_arch_ipi_update();
		twin_release_pci(twin.pci, twin.pci_count);
	}
	/* A failed load wrote nothing: an image loaded before stays usable. */
	if (twin.state == TWIN_LOADED) {
		int err = twin_chan_reset();

		if (!ret)
			ret = err;
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
	ret = remove_cpu(twin.cpu);
	if (ret) {
		twin_fail("start: CPU %u did not go offline: %d", twin.cpu, ret);
		return ret;
	}
	if (twin.state != TWIN_RUNNING) {
		twin_fail("start: CPU %u went offline but did not enter the twin",
			  twin.cpu);
		return -EIO;
	}
	twin_chan_set_alive(true);
	return 0;
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
				twin_fail("restart: the kernel or initrd file changed since it was loaded: load it again");
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
			twin.shared->b_caps = 0;
		}
		cpu_maps_update_begin();
		WRITE_ONCE(twin.state, TWIN_LOADED);
		cpu_maps_update_done();
		ret = twin_chan_reset();
		if (ret)
			return ret;
	}
	return twin_do_start();
}

/*
 * Forget B. The CPU B left halted comes back into A first: nothing may
 * stay in B's memory once A no longer guards it.
 */
static int twin_do_unload(void)
{
	int ret;

	if (twin.state == TWIN_NONE)
		return -ENOENT;
	if (twin.state == TWIN_RUNNING) {
		twin_fail("unload: the twin is running on CPU %u", twin.cpu);
		return -EBUSY;
	}
	ret = twin_take_back();
	if (ret)
		return ret;
	twin_chan_teardown();
	cpu_maps_update_begin();
	WRITE_ONCE(twin.state, TWIN_NONE);
	twin.shared = NULL;
	twin.pci_count = 0;
	twin.parked = false;
	cpu_maps_update_done();
	twin_drop_files();
	twin_arch_ipi_update();
	twin_pci_set_deny_extra(NULL, 0);
	pr_info("unloaded; CPU %u is this kernel's again\n", twin.cpu);
	return 0;
}

/* B is done: record how and when, once. */
static void twin_end(enum twin_state st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(twin.reason, sizeof(twin.reason), fmt, ap);
	va_end(ap);
	twin.ended_at = ktime_get_real_seconds();
	cpu_maps_update_begin();
	WRITE_ONCE(twin.state, st);
	cpu_maps_update_done();
	twin_chan_set_alive(false);
	pr_info("the twin on CPU %u %s (%s) after %llu ms\n", twin.cpu,
		twin_state_names[st], twin.reason,
		(ktime_get_boottime_ns() - twin.started_ns) / NSEC_PER_MSEC);
}

/*
 * B's state word and its heartbeat, under twin_mutex: true while B runs
 * on. Every 100 ms while B runs, and at once when B stopped answering.
 */
static bool twin_check_b(void)
{
	static const char *const why[] = {
		[TWIN_WHY_NONE] = "no reason given", [TWIN_WHY_PANIC] = "panic",
		[TWIN_WHY_HALT] = "halt", [TWIN_WHY_POWEROFF] = "power off",
		[TWIN_WHY_REBOOT] = "reboot",
	};
	struct twin_shared sh;
	u64 now = ktime_get_boottime_ns();
	const char *reason;

	lockdep_assert_held(&twin_mutex);
	if (twin.state != TWIN_RUNNING || twin.seed || !twin.shared)
		return false;
	memcpy(&sh, twin.shared, sizeof(sh));
	sh.b_message[sizeof(sh.b_message) - 1] = '\0';
	reason = sh.b_reason < ARRAY_SIZE(why) ? why[sh.b_reason] : "unknown reason";
	if (sh.b_state == TWIN_B_CRASHED) {
		twin_end(TWIN_CRASHED, "%s: %s", reason, sh.b_message);
		return false;
	}
	if (sh.b_state == TWIN_B_STOPPED) {
		twin_end(TWIN_STOPPED, "%s", reason);
		return false;
	}
	if (sh.b_heartbeat != twin.last_beat) {
		twin.last_beat = sh.b_heartbeat;
		twin.beat_ns = now;
	} else if (twin.last_beat && now - twin.beat_ns > TWIN_BEAT_TIMEOUT_NS) {
		twin_end(TWIN_CRASHED, "no heartbeat for %llu ms",
			 (now - twin.beat_ns) / NSEC_PER_MSEC);
		return false;
	} else if (!twin.last_beat && now - twin.started_ns > TWIN_BOOT_TIMEOUT_NS) {
		twin_end(TWIN_CRASHED, "no heartbeat %llu s after start",
			 (now - twin.started_ns) / NSEC_PER_SEC);
		return false;
	}
	return true;
}

static void twin_watch(struct work_struct *work)
{
	mutex_lock(&twin_mutex);
	if (twin_check_b()) {
		twin_chan_set_alive(true);	/* B may have attached meanwhile */
		schedule_delayed_work(&twin_watch_work,
				      msecs_to_jiffies(TWIN_WATCH_MS));
	}
	mutex_unlock(&twin_mutex);
}

/* The commands of /dev/twinctl (ctl.c): each under twin_mutex. */
int twin_load(const struct twin_load_args *args, char *why, size_t len)
{
	struct twin_load_args a = *args;
	int ret;

	twin_op_begin(why, len);
	ret = twin_do_load(&a);
	twin_op_end();
	return ret;
}

#define TWIN_OP(name)						\
int twin_##name(char *why, size_t len)				\
{								\
	int ret;						\
								\
	twin_op_begin(why, len);				\
	ret = twin_do_##name();					\
	twin_op_end();						\
	return ret;						\
}

/* Checks common to giving B a CPU or a device. */
static int twin_give_check(void)
{
	if (twin.state == TWIN_NONE) {
		twin_fail("give: no twin is loaded");
		return -ENOENT;
	}
	if (twin.state != TWIN_RUNNING || twin.seed) {
		twin_fail("give: the twin is not running (%s)",
			  twin.seed ? "a kexec -p twin takes nothing" :
			  twin_state_names[twin.state]);
		return -EINVAL;
	}
	if (!twin_chan_peer_up()) {
		twin_fail("give: the channel to kernel B is not up");
		return -ENOTCONN;
	}
	return 0;
}

/*
 * One request to B and its answer (B's own result in it), under
 * twin_mutex. If B has ended meanwhile, its state says so at once: the
 * caller's error is then about a B that is gone.
 */
static int twin_ask_b(struct twin_req *req, struct twin_resp *resp)
{
	int ret = twin_req_call(req, resp, TWIN_ADOPT_TIMEOUT_MS);

	if (!ret && resp->op != req->op)
		ret = -EPROTO;
	if (!ret)
		ret = resp->result;
	if (ret == -ENOTCONN)
		twin_check_b();
	return ret;
}

/*
 * Give an online CPU of A to the running B for good: it goes offline into
 * the park, B wakes it. Before B has it, a failure takes it back.
 */
static int twin_do_give_cpu(struct twin_give_cpu_args *a)
{
	struct twin_req req = { .op = TWIN_OP_ADOPT_CPU };
	unsigned int cpu = a->cpu, i;
	struct twin_park_slot *slot;
	struct twin_resp resp;
	u64 t0, t1, t2;
	u32 apic_id, state;
	int ret, err;

	ret = twin_give_check();
	if (ret)
		return ret;
	if (a->flags || a->reserved) {
		twin_fail("give: flags %#x: none are defined", a->flags);
		return -EINVAL;
	}
	if (!(READ_ONCE(twin.shared->b_caps) & TWIN_CAP_ADOPT_CPU)) {
		twin_fail("give: kernel B (%s) cannot adopt CPUs",
			  twin.shared->b_release[0] ? "this build" : "not up yet");
		return -EOPNOTSUPP;
	}
	if (cpu >= nr_cpu_ids || !cpu_present(cpu)) {
		twin_fail("give: CPU %u does not exist", cpu);
		return -ENODEV;
	}
	if (cpu == twin.cpu || cpumask_test_cpu(cpu, &twin.given)) {
		twin_fail("give: CPU %u is the twin's already", cpu);
		return -EBUSY;
	}
	if (cpu == 0) {
		twin_fail("give: CPU 0 is this kernel's boot CPU: it cannot go offline");
		return -EINVAL;
	}
	if (cpu >= TWIN_PARK_SLOTS) {
		twin_fail("give: CPU %u: only CPUs below %u can be given", cpu,
			  TWIN_PARK_SLOTS);
		return -E2BIG;
	}
	if (!cpu_online(cpu)) {
		twin_fail("give: CPU %u is offline; give an online CPU", cpu);
		return -EINVAL;
	}

	apic_id = twin_arch_cpu_apic_id(cpu);
	slot = twin_park_slot(twin.entry.park, cpu);
	WRITE_ONCE(slot->apic_id, apic_id);
	WRITE_ONCE(slot->state, TWIN_PARK_LEAVING);
	cpu_maps_update_begin();
	cpumask_set_cpu(cpu, &twin.given);
	cpu_maps_update_done();

	t0 = ktime_get_ns();
	ret = remove_cpu(cpu);
	if (ret) {
		cpu_maps_update_begin();
		cpumask_clear_cpu(cpu, &twin.given);
		cpu_maps_update_done();
		WRITE_ONCE(slot->state, TWIN_PARK_FREE);
		twin_fail("give: CPU %u did not go offline: %d", cpu, ret);
		return ret;
	}
	/* It reports in from the park within microseconds. */
	for (i = 0; READ_ONCE(slot->state) != TWIN_PARK_PARKED && i < 1000; i++)
		usleep_range(100, 200);
	t1 = ktime_get_ns();
	if (READ_ONCE(slot->state) != TWIN_PARK_PARKED) {
		ret = -ETIMEDOUT;
		twin_fail("give: CPU %u went offline but did not reach the park",
			  cpu);
		goto take_back;
	}

	req.arg[0] = apic_id;
	req.arg[1] = cpu;
	ret = twin_ask_b(&req, &resp);
	if (ret) {
		twin_fail("give: kernel B did not adopt CPU %u (APIC ID %u): %d (B's log says why)",
			  cpu, apic_id, ret);
		goto take_back;
	}
	t2 = ktime_get_ns();
	a->b_cpu = resp.val[0] <= INT_MAX ? resp.val[0] : -1;
	a->park_ns = t1 - t0;
	a->adopt_ns = t2 - t1;
	a->b_ns = resp.val[1];
	pr_info("CPU %u (APIC ID %u) is now the twin's CPU %d: parked in %llu us, adopted in %llu us\n",
		cpu, apic_id, a->b_cpu, a->park_ns / NSEC_PER_USEC,
		a->adopt_ns / NSEC_PER_USEC);
	return 0;

take_back:
	/* Still in the park, untouched by B: it is A's to bring back. */
	state = READ_ONCE(slot->state);
	if (state != TWIN_PARK_PARKED && state != TWIN_PARK_LEAVING) {
		twin_fail("give: CPU %u left the park (state %u): it stays the twin's",
			  cpu, state);
		return ret;
	}
	WRITE_ONCE(twin.reentering, true);
	err = add_cpu(cpu);
	WRITE_ONCE(twin.reentering, false);
	if (err)
		twin_fail("give: and CPU %u did not come back: %d", cpu, err);
	else
		WRITE_ONCE(slot->state, TWIN_PARK_FREE);
	return ret;
}

/*
 * Move one of A's PCI devices to the running B: A removes it, B scans it
 * and binds its driver; if B does not, A scans it again.
 */
static int twin_do_give_pci(struct twin_give_pci_args *a)
{
	struct twin_req req = { .op = TWIN_OP_ADOPT_PCI };
	const struct twin_pci_dev *d = &a->dev;
	struct twin_resp resp;
	u64 t0, t1;
	int ret;

	ret = twin_give_check();
	if (ret)
		return ret;
	if ((a->flags & ~TWIN_GIVE_AT_RETIRE) || d->kind != TWIN_PCI_BY_ADDR ||
	    d->reserved) {
		twin_fail("give: a PCI device by address, flags TWIN_GIVE_AT_RETIRE or none");
		return -EINVAL;
	}
	if (a->flags & TWIN_GIVE_AT_RETIRE) {
		if (!(READ_ONCE(twin.shared->b_caps) & TWIN_CAP_PLATFORM)) {
			twin_fail("give: kernel B cannot take the IOAPIC: devices that need it cannot move");
			return -EOPNOTSUPP;
		}
		a->remove_ns = 0;
		a->adopt_ns = 0;
		return twin_pci_give_at_retire(d, &a->id);
	}
	if (!(READ_ONCE(twin.shared->b_caps) & TWIN_CAP_ADOPT_PCI)) {
		twin_fail("give: kernel B cannot adopt PCI devices");
		return -EOPNOTSUPP;
	}
	t0 = ktime_get_ns();
	ret = twin_pci_give(d, &a->id);
	if (ret)
		return ret;
	t1 = ktime_get_ns();
	req.arg[0] = (u64)d->domain_or_vendor << 16 | d->bus << 8 | d->devfn;
	req.arg[1] = a->id;
	ret = twin_ask_b(&req, &resp);
	if (ret) {
		twin_fail("give: kernel B did not take PCI device %04x:%02x:%02x.%d: %d (B's log says why); it is this kernel's again",
			  d->domain_or_vendor, d->bus, PCI_SLOT(d->devfn),
			  PCI_FUNC(d->devfn), ret);
		twin_pci_take_back(d);
		return ret;
	}
	a->remove_ns = t1 - t0;
	a->adopt_ns = ktime_get_ns() - t1;
	return 0;
}



/*
 * Take back a device given to the running B: B lets it go (unbinds and
 * removes it), then A scans it again. A handover undoes its device phase
 * so when B refuses a device or does not answer.
 */
static int twin_do_take_pci(struct twin_give_pci_args *a)
{
	struct twin_req req = { .op = TWIN_OP_RELEASE_PCI };
	const struct twin_pci_dev *d = &a->dev;
	struct twin_resp resp;
	u64 t0 = ktime_get_ns();
	int ret;

	ret = twin_give_check();
	if (ret)
		return ret;
	if (a->flags || d->kind != TWIN_PCI_BY_ADDR || d->reserved) {
		twin_fail("take: a PCI device by address, no flags");
		return -EINVAL;
	}
	/* Still here, driven by this kernel: it just stays. */
	if (twin_pci_late_del(d)) {
		a->remove_ns = 0;
		a->adopt_ns = 0;
		return 0;
	}
	if (!twin_pci_is_moved(d)) {
		twin_fail("take: PCI device %04x:%02x:%02x.%d was not given to the twin",
			  d->domain_or_vendor, d->bus, PCI_SLOT(d->devfn),
			  PCI_FUNC(d->devfn));
		return -ENOENT;
	}
	if (!(READ_ONCE(twin.shared->b_caps) & TWIN_CAP_RELEASE_PCI)) {
		twin_fail("take: kernel B cannot give devices back");
		return -EOPNOTSUPP;
	}
	req.arg[0] = (u64)d->domain_or_vendor << 16 | d->bus << 8 | d->devfn;
	ret = twin_ask_b(&req, &resp);
	if (ret) {
		twin_fail("take: kernel B did not give back PCI device %04x:%02x:%02x.%d: %d (B's log says why); it stays the twin's",
			  d->domain_or_vendor, d->bus, PCI_SLOT(d->devfn),
			  PCI_FUNC(d->devfn), ret);
		return ret;
	}
	a->remove_ns = ktime_get_ns() - t0;
	t0 = ktime_get_ns();
	ret = twin_pci_take_back(d);
	a->adopt_ns = ktime_get_ns() - t0;
	return ret;
}

/*
 * A's last step: B takes the machine. Checked first; from B's answer on
 * there is no way back, and this does not return.
 */
u32 twin_handover_magic_written = TWIN_HANDOVER_MAGIC;	/* debugfs may change it */
u32 twin_platform_fault;	/* debugfs: TWIN_PLATFORM_FAULT_* */

/* The bad platform descriptions B must refuse (debugfs, tests only). */
static void twin_spoil_platform(struct twin_handover *ho)
{
	u32 f = READ_ONCE(twin_platform_fault);
	struct twin_intx bad = { .pin = 1, .flags = TWIN_IRQ_VALID |
				 TWIN_IRQ_LEVEL | TWIN_IRQ_LOW };

	if (!f || !ho->nr_ioapic)
		return;
	pr_warn("debugfs platform_fault %#x: the description B gets is spoilt\n", f);
	if (f & TWIN_PLATFORM_FAULT_ADDR)
		ho->ioapic[0].addr = SZ_16M;	/* RAM on every machine here */
	if ((f & TWIN_PLATFORM_FAULT_OVERLAP) &&
	    ho->nr_ioapic < TWIN_HANDOVER_IOAPIC_MAX) {
		ho->ioapic[ho->nr_ioapic] = ho->ioapic[0];
		ho->ioapic[ho->nr_ioapic].addr = 0xfec01000;
		ho->ioapic[ho->nr_ioapic].id++;
		ho->ioapic[ho->nr_ioapic].gsi_base += 8;
		ho->nr_ioapic++;
	}
	if ((f & TWIN_PLATFORM_FAULT_NODEV) &&
	    ho->nr_intx < TWIN_HANDOVER_INTX_MAX) {
		bad.pci_addr = 0x1f << 3 | 7;		/* 00:1f.7 */
		bad.id = 0x5678 << 16 | 0x1234;
		bad.gsi = ho->ioapic[0].gsi_base + 10;
		ho->intx[ho->nr_intx++] = bad;
	}
	if ((f & TWIN_PLATFORM_FAULT_GSI) &&
	    ho->nr_intx < TWIN_HANDOVER_INTX_MAX) {
		bad.pci_addr = 0x1e << 3;		/* 00:1e.0 */
		bad.id = 0x5678 << 16 | 0x1234;
		bad.gsi = 3000;
		ho->intx[ho->nr_intx++] = bad;
	}
}

static int twin_do_retire(void)
{
	struct twin_req req = { .op = TWIN_OP_RETIRE };
	struct twin_handover *ho;
	struct twin_park_slot *slot;
	struct twin_resp resp;
	unsigned int cpu;
	u32 apic_id;
	int ret;

	ret = twin_give_check();
	if (ret)
		return ret;
	if (!(READ_ONCE(twin.shared->b_caps) & TWIN_CAP_TAKEOVER)) {
		twin_fail("retire: kernel B cannot take the machine over");
		return -EOPNOTSUPP;
	}
	if (num_online_cpus() > 1) {
		twin_fail("retire: %u CPUs are still online here (%*pbl): give all but the boot CPU to the twin first",
			  num_online_cpus(), cpumask_pr_args(cpu_online_mask));
		return -EBUSY;
	}
	cpu = smp_processor_id();
	if (cpu >= TWIN_PARK_SLOTS) {
		twin_fail("retire: CPU %u has no park slot", cpu);
		return -E2BIG;
	}
	apic_id = twin_arch_cpu_apic_id(cpu);
	ho = phys_to_virt(twin.entry.handover);
	twin_arch_handover_fill(ho, &twin_res);
	twin_takeover_fill(ho, &twin_res);
	if (twin_pci_late_count() && !(ho->flags & TWIN_HANDOVER_F_PLATFORM)) {
		twin_fail("retire: devices are to move with the IOAPIC, and this kernel has none");
		return -ENODEV;
	}
	ret = twin_pci_late_fill(ho);
	if (ret)
		return ret;
	twin_spoil_platform(ho);
	ho->magic = READ_ONCE(twin_handover_magic_written);
	slot = twin_park_slot(twin.entry.park, cpu);
	WRITE_ONCE(slot->apic_id, apic_id);
	WRITE_ONCE(slot->state, TWIN_PARK_LEAVING);

	req.arg[0] = apic_id;
	req.arg[1] = cpu;
	req.arg[2] = twin.entry.handover - twin.entry.shared;
	ret = twin_ask_b(&req, &resp);
	if (ret) {
		WRITE_ONCE(slot->state, TWIN_PARK_FREE);
		twin_fail("retire: kernel B refused the handover: %d (B's log says why); nothing changed",
			  ret);
		return ret;
	}

	/* The point of no return: B waits for this CPU. */
	pr_emerg("retiring: kernel B (%s) takes over the machine; CPU %u (APIC ID %u) parks for it\n",
		 twin.shared->b_release, cpu, apic_id);
	twin_op_end();
	kernel_restart_prepare("twin kernel handover");
	syscore_shutdown();
	twin_arch_retire(&twin.entry, twin.entry.park, cpu);
}

TWIN_OP(start)
TWIN_OP(stop)
TWIN_OP(restart)
TWIN_OP(unload)
TWIN_OP(retire)

/* @ptype: the pointer type of the command's arguments. */
#define TWIN_OP_ARGS(name, ptype)				\
int twin_##name(ptype args, char *why, size_t len)		\
{								\
	int ret;						\
								\
	twin_op_begin(why, len);				\
	ret = twin_do_##name(args);				\
	twin_op_end();						\
	return ret;						\
}

TWIN_OP_ARGS(give_cpu, struct twin_give_cpu_args *)
TWIN_OP_ARGS(give_pci, struct twin_give_pci_args *)
TWIN_OP_ARGS(take_pci, struct twin_give_pci_args *)

/* What B reports in the shared page: untrusted, copied and checked. */
static bool twin_read_shared(struct twin_shared *out)
{
	if (!twin.shared || twin.state == TWIN_NONE)
		return false;
	memcpy(out, twin.shared, sizeof(*out));
	out->b_release[sizeof(out->b_release) - 1] = '\0';
	return out->magic == TWIN_SHARED_MAGIC;
}

/* One consistent picture of the twin, for TWIN_IOC_STATUS and sysfs. */
void twin_get_status(struct twin_status *st)
{
	struct twin_shared sh;

	memset(st, 0, sizeof(*st));
	mutex_lock(&twin_mutex);
	st->state = twin.state;
	st->cpu = twin.state == TWIN_NONE ? -1 : (s32)twin.cpu;
	st->cpus_given = cpumask_bits(&twin.given)[0];
	if (twin_mem_reserved()) {
		st->mem_start = twin_res.start;
		st->mem_size = resource_size(&twin_res);
	}
	if (twin.state == TWIN_RUNNING)
		st->running_ms = (ktime_get_boottime_ns() - twin.started_ns) /
				 NSEC_PER_MSEC;
	if (twin.state == TWIN_STOPPED || twin.state == TWIN_CRASHED) {
		st->ended_at = twin.ended_at;
		strscpy(st->reason, twin.reason, sizeof(st->reason));
	}
	st->b_state = TWIN_B_NONE;
	if (twin_read_shared(&sh)) {
		/* Out of range: B wrote nonsense; say so, do not map it. */
		st->b_state = sh.b_state <= TWIN_B_CRASHED ? sh.b_state :
			      TWIN_B_INVALID;
		st->b_heartbeat = sh.b_heartbeat;
		st->b_uptime_ms = sh.b_uptime_ms;
		strscpy(st->b_release, sh.b_release, sizeof(st->b_release));
		st->b_caps = sh.b_caps;
	}
	mutex_unlock(&twin_mutex);
	twin_chan_get_status(&st->chan);
}

/*
 * B's kernel log, from the ring B's console writes in the control area.
 * The ring's place and size are A's own; only the head comes from B and
 * is bounded here. Readable after B stopped or crashed, until unload.
 */
ssize_t twin_log_read(char *buf, loff_t pos, size_t count)
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


/*
 * For a caller waiting for B's answer under twin_mutex (twin_req_call()):
 * B's state word says it ended. twin.shared does not change meanwhile.
 */
static bool twin_b_gone(void)
{
	struct twin_shared *sh = READ_ONCE(twin.shared);
	u32 st = sh ? READ_ONCE(sh->b_state) : TWIN_B_NONE;

	return st == TWIN_B_CRASHED || st == TWIN_B_STOPPED;
}

/* CPU hotplug: the lent CPU leaves A through these. */
int twin_lifecycle_init(void)
{
	int ret;

	twin_req_set_peer_gone(twin_b_gone);
	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "twin:online",
					twin_cpu_online, twin_cpu_offline);
	if (ret < 0)
		return ret;
	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "twin:dead",
					NULL, twin_cpu_dead);
	return ret < 0 ? ret : 0;
}
