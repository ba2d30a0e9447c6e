// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl handover: kernel A gives the running twin (B) the whole machine
 * and retires. First the check and the plan: B runs with its channel up;
 * every PCI device with a driver here moves unless it is a bridge or
 * listed with --leave: one that interrupts by MSI or MSI-X now, one that
 * needs the IOAPIC (INTx, a legacy IDE controller's ISA IRQs) or holds a
 * mounted file system when this kernel retires, with the IOAPIC, if B
 * can take it; every online CPU
 * but the boot CPU moves. Nothing changes when the check fails. Then the
 * phases, each printed with its time as it ends: devices
 * (TWIN_IOC_GIVE_PCI), CPUs (TWIN_IOC_GIVE_CPU), then the file systems
 * are synced and frozen and this kernel retires (TWIN_IOC_RETIRE), after
 * which it is gone: B wakes A's last CPU, adds A's RAM, takes the IOAPIC
 * and the devices that need it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "fsfreeze.h"
#include "give.h"
#include "options.h"
#include "parse.h"
#include "pcicfg.h"
#include "tkctl.h"
#include "twinctl.h"

#include <linux/twin_abi.h>

#define PCI_SYSFS "/sys/bus/pci/devices"
#define MOVE_MAX 32

struct plan {
	struct twin_pci_dev dev[MOVE_MAX];
	char name[MOVE_MAX][16];
	int at_retire[MOVE_MAX];	/* moves with the IOAPIC */
	unsigned int ndev, nlate;
	uint64_t cpus;
};

static int listed(const struct tk_pci_list *l, unsigned int dom,
		  unsigned int bus, unsigned int devfn)
{
	for (unsigned int i = 0; i < l->n; i++)
		if (l->dev[i].kind == TWIN_PCI_BY_ADDR &&
		    l->dev[i].domain_or_vendor == dom && l->dev[i].bus == bus &&
		    l->dev[i].devfn == devfn)
			return 1;
	return 0;
}

#define MOUNTED_MAX 64

/*
 * The sysfs paths of the block devices mounted here (by the device
 * numbers of the mount points, so "/dev/root" counts too): @n of them.
 */
static int mounted_devices(char (*path)[PATH_MAX], int max)
{
	static char mounts[65536];
	char *line, *save = NULL;
	int n = 0;

	if (tk_read_mounts(mounts, sizeof(mounts)))
		return 0;
	for (line = strtok_r(mounts, "\n", &save); line && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		char dir[PATH_MAX], sys[64];
		struct stat st;

		if (sscanf(line, "%*s %4095s", dir) != 1 || stat(dir, &st))
			continue;
		snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u",
			 major(st.st_dev), minor(st.st_dev));
		if (realpath(sys, path[n]))
			n++;
	}
	return n;
}

/* Does a file system mounted here live on the PCI device @name? */
static int holds_mount(const char *name, char (*mounted)[PATH_MAX], int n)
{
	char link[300], dev[PATH_MAX];
	size_t len;

	snprintf(link, sizeof(link), PCI_SYSFS "/%s", name);
	if (!realpath(link, dev))
		return 0;
	len = strlen(dev);
	for (int i = 0; i < n; i++)
		if (!strncmp(mounted[i], dev, len) && mounted[i][len] == '/')
			return 1;
	return 0;
}

/*
 * The devices that move, and those that cannot (then -1, after a
 * message). With @platform (B takes the IOAPIC), one that needs the
 * IOAPIC moves at the retire, and so does one that holds a mounted file
 * system (the root disk): it must stay until the file systems are frozen.
 */
static int plan_devices(const struct tk_pci_list *leave, int platform,
			struct plan *p)
{
	static char mounted[MOUNTED_MAX][PATH_MAX];
	struct dirent *de;
	int bad = 0, nmounted = mounted_devices(mounted, MOUNTED_MAX);
	DIR *d = opendir(PCI_SYSFS);

	if (!d) {
		tk_err("handover", "%s: %s", PCI_SYSFS, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		unsigned int dom, bus, dev, fn;
		char path[300];
		uint8_t cfg[256];
		ssize_t n;
		int fd, flags;

		if (sscanf(de->d_name, "%x:%x:%x.%x", &dom, &bus, &dev, &fn) != 4)
			continue;
		if (listed(leave, dom, bus, dev << 3 | fn))
			continue;
		snprintf(path, sizeof(path), PCI_SYSFS "/%s/driver", de->d_name);
		if (access(path, F_OK))
			continue;	/* no driver: nothing runs it here */
		snprintf(path, sizeof(path), PCI_SYSFS "/%s/config", de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, cfg, sizeof(cfg));
		if (fd >= 0)
			close(fd);
		flags = n < 0 ? -EIO : tk_pci_cfg_flags(cfg, (size_t)n);
		if (flags < 0) {
			tk_err("handover", "%s: cannot read its config space", de->d_name);
			bad = 1;
			continue;
		}
		if (flags & TK_PCI_BRIDGE)
			continue;
		if (!(flags & (TK_PCI_MSI | TK_PCI_MSIX)) && !platform) {
			tk_err("handover", "%s interrupts by INTx only, which needs the IOAPIC, and the twin kernel cannot take it (--leave %s)",
			       de->d_name, de->d_name);
			bad = 1;
			continue;
		}
		if (holds_mount(de->d_name, mounted, nmounted)) {
			if (!platform) {
				tk_err("handover", "%s holds a mounted file system: it can move only when this kernel retires, with the IOAPIC, and the twin kernel cannot take that (unmount it, or --leave %s)",
				       de->d_name, de->d_name);
				bad = 1;
				continue;
			}
			flags &= ~(TK_PCI_MSI | TK_PCI_MSIX);
		}
		if (p->ndev == MOVE_MAX) {
			tk_err("handover", "more than %d devices to move", MOVE_MAX);
			bad = 1;
			break;
		}
		p->dev[p->ndev] = (struct twin_pci_dev){
			.kind = TWIN_PCI_BY_ADDR, .bus = (uint8_t)bus,
			.devfn = (uint8_t)(dev << 3 | fn),
			.domain_or_vendor = (uint16_t)dom,
		};
		snprintf(p->name[p->ndev], sizeof(p->name[0]), "%04x:%02x:%02x.%x",
			 dom, bus, dev, fn);
		p->at_retire[p->ndev] = !(flags & (TK_PCI_MSI | TK_PCI_MSIX));
		p->nlate += p->at_retire[p->ndev];
		p->ndev++;
	}
	closedir(d);
	return bad ? -1 : 0;
}

static int check_twin(int ctl, struct twin_status *out)
{
	struct twin_status st;

	if (ioctl(ctl, TWIN_IOC_STATUS, &st)) {
		tk_err("handover", "%s: %s", TK_DEV, strerror(errno));
		return -1;
	}
	if (st.state != TWIN_STATE_RUNNING || st.b_state != TWIN_B_RUNNING) {
		tk_err("handover", "the twin kernel is not running: nothing to hand over to");
		return -1;
	}
	if (st.chan.state != TWIN_CHAN_UP) {
		tk_err("handover", "the channel to the twin kernel is not up");
		return -1;
	}
	*out = st;
	return 0;
}

/* What the plan needs of the twin's kernel, by what it says it can do. */
static int check_caps(const struct twin_status *st, const struct plan *p)
{
	const char *missing = NULL;

	if (!(st->b_caps & TWIN_CAP_TAKEOVER))
		missing = "take the machine over";
	else if (p->ndev > p->nlate && !(st->b_caps & TWIN_CAP_ADOPT_PCI))
		missing = "adopt PCI devices";
	else if (p->nlate && !(st->b_caps & TWIN_CAP_PLATFORM))
		missing = "take the IOAPIC";
	else if (p->cpus && !(st->b_caps & TWIN_CAP_ADOPT_CPU))
		missing = "adopt CPUs";
	if (!missing)
		return 0;
	tk_err("handover", "the twin kernel (%.64s) cannot %s: a build without handover support (capabilities %#x)",
	       st->b_release, missing, st->b_caps);
	return -1;
}

/*
 * A phase failed. If the twin kernel has ended meanwhile (it crashed or
 * was stopped), take everything back: unloading it gives its CPUs back
 * and scans its devices here again. If it runs and no CPU moved yet (the
 * device phase), take back the @nmoved devices this handover gave it,
 * last first. After a CPU moved, what moved stays the twin's.
 */
static void stopped(int ctl, const struct plan *p, unsigned int nmoved,
		    int cpus_moved)
{
	struct twin_status st;
	unsigned int i;

	memset(&st, 0, sizeof(st));
	if (!ioctl(ctl, TWIN_IOC_STATUS, &st) && st.state != TWIN_STATE_RUNNING &&
	    st.state != TWIN_STATE_NONE) {
		tk_err("handover", "stopped: the twin kernel ended (%.96s)",
		       st.reason[0] ? st.reason : "no reason given");
		if (!tk_ctl_command(ctl, "handover", TWIN_IOC_UNLOAD, NULL,
				    "unload")) {
			tk_err("handover", "took back every CPU and device given to it (tkctl unload); this kernel runs on");
			return;
		}
	} else if (!cpus_moved) {
		for (i = nmoved; i > 0; i--)
			if (tk_take_pci(ctl, "handover", &p->dev[i - 1]))
				break;
		if (!i) {
			tk_err("handover", "stopped in the device phase: the %u device(s) moved are this kernel's again; nothing was changed",
			       nmoved);
			return;
		}
	}
	tk_err("handover", "stopped: what moved before stays the twin's");
}

int cmd_handover(int argc, char **argv)
{
	enum { LEAVE = TK_OPT_LONG_ONLY, DRY_RUN };
	static const struct option longopts[] = {
		{ "leave", required_argument, NULL, LEAVE },
		{ "dry-run", no_argument, NULL, DRY_RUN },
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts opts = {
		.cmd = tk_find_command("handover"), .argc = argc, .argv = argv,
		.shortopts = "h", .longopts = longopts,
	};
	struct tk_pci_list leave = { 0 };
	struct twin_status st;
	struct tk_frozen frozen;
	struct plan p = { 0 };
	static char mounts[65536];
	char err[TK_ERRLEN], online[256];
	int c, ctl, dry_run = 0, cpus_moved = 0;
	unsigned int nmoved = 0;
	uint64_t online_mask;
	double t0, t;

	while ((c = tk_opts_next(&opts)) >= 0) {
		if (c == LEAVE && tk_parse_pci_list(optarg, &leave, err)) {
			tk_err("handover", "--leave: %s", err);
			return TK_EXIT_USAGE;
		}
		if (c == DRY_RUN)
			dry_run = 1;
	}
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	if (tk_opts_no_operands(&opts))
		return TK_EXIT_USAGE;

	ctl = tk_open_ctl("handover");
	if (ctl < 0)
		return TK_EXIT_FAIL;
	/* One handover at a time: held until this process ends. */
	if (flock(ctl, LOCK_EX | LOCK_NB)) {
		tk_err("handover", "another tkctl handover is running: %s; nothing was changed",
		       strerror(errno));
		close(ctl);
		return TK_EXIT_FAIL;
	}
	if (check_twin(ctl, &st) ||
	    plan_devices(&leave, !!(st.b_caps & TWIN_CAP_PLATFORM), &p) ||
	    tk_file_read("/sys/devices/system/cpu/online", online, sizeof(online)) ||
	    tk_parse_cpu_list(online, &online_mask, err)) {
		close(ctl);
		tk_err("handover", "nothing was changed");
		return TK_EXIT_FAIL;
	}
	p.cpus = online_mask & ~1ULL;
	if (check_caps(&st, &p)) {
		close(ctl);
		tk_err("handover", "nothing was changed");
		return TK_EXIT_FAIL;
	}
	printf("plan: devices");
	for (unsigned int i = 0; i < p.ndev; i++)
		if (!p.at_retire[i])
			printf(" %s", p.name[i]);
	printf("%s; CPUs", p.ndev > p.nlate ? "" : " none");
	for (unsigned int cpu = 1; cpu < 64; cpu++)
		if (p.cpus >> cpu & 1)
			printf(" %u", cpu);
	printf("%s; then CPU 0, the RAM", p.cpus ? "" : " none");
	if (p.nlate) {
		printf(", the IOAPIC and the devices");
		for (unsigned int i = 0; i < p.ndev; i++)
			if (p.at_retire[i])
				printf(" %s", p.name[i]);
	}
	printf(" when this kernel retires\n");
	fflush(stdout);
	if (dry_run) {
		close(ctl);
		return TK_EXIT_OK;
	}

	t0 = tk_now_ms();
	for (nmoved = 0; nmoved < p.ndev; nmoved++)
		if (p.at_retire[nmoved] ?
		    tk_give_pci_at_retire(ctl, "handover", &p.dev[nmoved]) :
		    tk_give_pci(ctl, "handover", &p.dev[nmoved]))
			goto stopped;
	t = tk_now_ms();
	printf("devices: %u moved in %.1f ms\n", p.ndev, t - t0);
	fflush(stdout);
	for (unsigned int cpu = 1; cpu < 64; cpu++) {
		if (!(p.cpus >> cpu & 1))
			continue;
		if (tk_give_cpu(ctl, "handover", cpu))
			goto stopped;
		cpus_moved = 1;
	}
	printf("cpus: moved in %.1f ms\n", tk_now_ms() - t);
	fflush(stdout);
	/* Read before the freeze: /proc is not frozen, but be sure. */
	if (tk_read_mounts(mounts, sizeof(mounts))) {
		tk_err("handover", "/proc/self/mounts: %s", strerror(errno));
		goto stopped;
	}
	t = tk_now_ms();
	if (tk_freeze_filesystems("handover", mounts, &frozen))
		goto stopped;
	printf("retire: file systems synced and frozen in %.1f ms; this kernel stops now, the twin takes CPU 0, the RAM%s (%.1f ms so far)\n",
	       tk_now_ms() - t, p.nlate ? ", the IOAPIC and its devices" : "",
	       tk_now_ms() - t0);
	fflush(stdout);
	/* Returns only when the twin refused: then nothing more changed. */
	tk_ctl_command(ctl, "handover", TWIN_IOC_RETIRE, NULL, "retire");
	tk_thaw_filesystems("handover", &frozen);
stopped:
	stopped(ctl, &p, nmoved, cpus_moved);
	close(ctl);
	return TK_EXIT_FAIL;
}
