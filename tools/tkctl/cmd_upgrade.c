// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl upgrade: move this system's services onto a new kernel and hand
 * it the machine. Phases, each printed with its time as it ends:
 *
 *   check     the kernel file, the services, criu here ("criu check"),
 *             no twin loaded yet; nothing changes when a check fails
 *   boot      tkctl load and start: B boots on a lent CPU while the
 *             services run here; B's tkctl upgrade-recv runs criu check
 *             there and says so (READY); tkctl handover --dry-run plans
 *   grow      tkctl grow: the CPUs this kernel can spare (all but its
 *             --keep-cpus lowest) go to B now, not inside the gap
 *   precopy   criu pre-dump of each service into /run/tk-upgrade, sent
 *             to B over the channel while the services still run
 *   freeze    criu dump: the services stop, their TCP connections stay
 *             locked (nftables) here, only the pages changed since the
 *             pre-copy are written; sent to B with the facts B needs
 *             (root file system, NIC addresses, clocks, pid files)
 *   handover  tkctl handover: devices, CPUs, file systems frozen, this
 *             kernel retires; B restores the services (upgrade-recv)
 *
 * Until the handover's retire, every failure leaves the services running
 * here: before the freeze they never stopped; after it they are restored
 * here from the images (criu restore) and B is stopped and unloaded.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bzimage.h"
#include "clock.h"
#include "netdev_pci.h"
#include "netops.h"
#include "options.h"
#include "parse.h"
#include "run.h"
#include "tkctl.h"
#include "twinctl.h"
#include "upgrade_facts.h"
#include "upgrade_xfer.h"

#define UP_DIR		"/run/tk-upgrade"
#define UP_INITRD	"/boot/initramfs-b.cpio.gz"
#define B_CMDLINE	"tk.role=B tk.upgrade=1"
#define WSCALE		"/proc/sys/net/ipv4/tcp_window_scaling"

struct upgrade {
	const char *kernel, *initrd, *cmdline, *cpu;
	const char *service_arg[TKUP_MAX_SERVICES];
	unsigned int nservices;
	int dry_run;
	unsigned int timeout_s;
	unsigned int keep_cpus;		/* online CPUs kept until the retire */
	char self[4096];		/* this tkctl, for its own commands */
	struct tkup_facts facts;
	int chan;
	int b_loaded;			/* B is to be stopped on failure */
	unsigned int frozen;		/* services in their images only */
	double t0;
};

static void phase(const struct upgrade *u, const char *name, double since,
		  const char *what)
{
	printf("%-8s %8.1f ms  %s  (%.1f ms in all)\n", name, tk_now_ms() - since,
	       what, tk_now_ms() - u->t0);
	fflush(stdout);
}

/* Run this tkctl's command @args...; its output goes to ours. */
static int self_run(const struct upgrade *u, char *out, size_t outlen,
		    const char *a1, const char *a2, const char *a3,
		    const char *a4, const char *a5, const char *a6,
		    const char *a7, const char *a8, const char *a9)
{
	char *argv[] = { (char *)u->self, (char *)a1, (char *)a2, (char *)a3,
			 (char *)a4, (char *)a5, (char *)a6, (char *)a7,
			 (char *)a8, (char *)a9, NULL };

	return tk_run(argv, out, outlen);
}

/* --service PID or NAME: the root of its process tree. */
/* The parent of @pid, or 0 when it cannot be read. */
static int parent_of(int pid)
{
	char path[64], stat[512], *rp;
	int pp;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (tk_file_read(path, stat, sizeof(stat)))
		return 0;
	rp = strrchr(stat, ')');
	if (!rp || sscanf(rp + 1, " %*c %d", &pp) != 1)
		return 0;
	return pp;
}

/* Does @pid run inside the process tree rooted at @root? */
static bool in_tree(int pid, int root)
{
	for (int hops = 0; pid > 1 && hops < 4096; hops++) {
		pid = parent_of(pid);
		if (pid == root)
			return true;
	}
	return false;
}

static int resolve_service(const char *arg, int *pid)
{
	char path[64], comm[64], *end;
	long v = strtol(arg, &end, 10);
	struct dirent *de;
	int found = 0, parent_found;
	DIR *d;

	if (*arg && !*end) {
		snprintf(path, sizeof(path), "/proc/%ld", v);
		if (v < 2 || access(path, F_OK)) {
			tk_err("upgrade", "--service %s: no such process%s", arg,
			       v == 1 ? " (init cannot move)" : "");
			return -1;
		}
		*pid = (int)v;
		return 0;
	}
	/* By name: the process of that name whose parent has another. */
	d = opendir("/proc");
	if (!d) {
		tk_err("upgrade", "/proc: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		int p, pp;

		p = (int)strtol(de->d_name, &end, 10);
		if (*end || p < 2 || p == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", p);
		if (tk_file_read(path, comm, sizeof(comm)) || strcmp(comm, arg))
			continue;
		pp = parent_of(p);
		if (!pp)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/comm", pp);
		parent_found = !tk_file_read(path, comm, sizeof(comm)) && !strcmp(comm, arg);
		if (parent_found)
			continue;
		if (found++) {
			tk_err("upgrade", "--service %s: more than one process tree of that name (PIDs %d and %d): name one by PID",
			       arg, *pid, p);
			closedir(d);
			return -1;
		}
		*pid = p;
	}
	closedir(d);
	if (!found) {
		tk_err("upgrade", "--service %s: no process of that name", arg);
		return -1;
	}
	return 0;
}

/* The UUID of the ext4 file system "/" is on, read from its superblock. */
static int root_uuid(char *uuid, size_t len)
{
	char path[128], uevent[512], *name;
	unsigned char sb[256];
	struct stat st;
	int fd;
	ssize_t n;

	if (stat("/", &st))
		return -1;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/uevent",
		 major(st.st_dev), minor(st.st_dev));
	if (tk_file_read(path, uevent, sizeof(uevent)))
		return -1;
	name = strstr(uevent, "DEVNAME=");
	if (!name)
		return -1;
	name += 8;
	name[strcspn(name, "\n")] = '\0';
	snprintf(path, sizeof(path), "/dev/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = pread(fd, sb, sizeof(sb), 1024);
	close(fd);
	if (n != (ssize_t)sizeof(sb) || sb[0x38] != 0x53 || sb[0x39] != 0xef) {
		errno = EINVAL;
		return -1;
	}
	snprintf(uuid, len,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 sb[0x68], sb[0x69], sb[0x6a], sb[0x6b], sb[0x6c], sb[0x6d],
		 sb[0x6e], sb[0x6f], sb[0x70], sb[0x71], sb[0x72], sb[0x73],
		 sb[0x74], sb[0x75], sb[0x76], sb[0x77]);
	return 0;
}

/* The NIC of the IPv4 default route: its PCI address and addresses. */
static int nic_facts(struct tkup_facts *f)
{
	static struct tk_route4 routes[TK_NET_MAX_ROUTES];
	struct tk_addr4 addrs[TK_NET_MAX_ADDRS];
	struct tk_netops_ctx c;
	char err[256], name[IFNAMSIZ];
	int n, oif = 0, na;

	if (tk_netops_open(&c, err, sizeof(err)))
		return -1;
	n = tk_netops.routes(&c, routes, TK_NET_MAX_ROUTES);
	for (int i = 0; i < n; i++)
		if (routes[i].dst_len == 0 && routes[i].table == 254 &&
		    routes[i].has_gateway && routes[i].oif) {
			oif = routes[i].oif;
			f->gw = routes[i].gateway;
			break;
		}
	if (!oif || tk_netops.if_name(&c, oif, name)) {
		tk_netops_close(&c);
		return 0;	/* no default route: no network to move */
	}
	na = tk_netops.addrs(&c, oif, addrs, TK_NET_MAX_ADDRS);
	tk_netops_close(&c);
	for (int i = 0; i < na && f->naddrs < TKUP_MAX_ADDRS; i++) {
		f->addr[f->naddrs] = addrs[i].local;
		f->prefix[f->naddrs++] = addrs[i].prefixlen;
	}
	if (tk_netdev_pci(name, f->nic, sizeof(f->nic))) {
		tk_err("upgrade", "%s, the default route's interface, is not on a PCI device",
		       name);
		return -1;
	}
	printf("check: network: %s (%s), %u IPv4 address%s, default gateway\n",
	       name, f->nic, f->naddrs, f->naddrs == 1 ? "" : "es");
	return 0;
}

/* Pid files under /run that name a moved PID (B writes them again). */
static void find_pidfiles(struct tkup_facts *f, const char *dir, int depth)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d)) && f->npidfiles < TKUP_MAX_PIDFILES) {
		char path[TKUP_PATH_MAX], text[32];
		struct stat st;
		size_t n;
		int pid;

		if (de->d_name[0] == '.' ||
		    snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path) ||
		    lstat(path, &st) || !strcmp(path, UP_DIR))
			continue;
		if (S_ISDIR(st.st_mode) && depth < 3) {
			find_pidfiles(f, path, depth + 1);
			continue;
		}
		n = strlen(de->d_name);
		if (!S_ISREG(st.st_mode) || n < 5 || strcmp(de->d_name + n - 4, ".pid") ||
		    tk_file_read(path, text, sizeof(text)))
			continue;
		pid = atoi(text);
		for (unsigned int i = 0; i < f->nservices; i++)
			if (pid == f->pid[i]) {
				struct tkup_pidfile *p = &f->pidfile[f->npidfiles++];

				snprintf(p->path, sizeof(p->path), "%s", path);
				p->pid = pid;
				p->uid = st.st_uid;
				p->gid = st.st_gid;
			}
	}
	closedir(d);
}

/*
 * A kernel that took the machine over reserved nothing at boot: it takes
 * its twin memory from the page allocator at the load. Any other kernel
 * needs twinkernel= (the kernel would refuse the load, after the check).
 */
static bool took_over(void)
{
	char took[128];

	return !tk_sysfs_read("takeover", took, sizeof(took)) &&
	       !strncmp(took, "done", 4);
}

static int check(struct upgrade *u)
{
	unsigned char head[TK_BZ_PROBE_LEN];
	char err[256], out[4096], line[256];
	struct twin_status st;
	struct stat kst, ist;
	ssize_t n;
	int fd, ctl, rc;

	fd = open(u->kernel, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &kst)) {
		tk_err("upgrade", "--kernel %s: %s", u->kernel, strerror(errno));
		return -1;
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n < 0 || tk_check_bzimage(head, (size_t)n, (uint64_t)kst.st_size, err)) {
		tk_err("upgrade", "--kernel %s: %s", u->kernel, n < 0 ? strerror(errno) : err);
		return -1;
	}
	if (stat(u->initrd, &ist) || !S_ISREG(ist.st_mode) || access(u->initrd, R_OK)) {
		tk_err("upgrade", "--initrd %s: %s", u->initrd,
		       errno ? strerror(errno) : "not a file");
		return -1;
	}
	printf("check: kernel %s (%lld KiB), initramfs %s\n", u->kernel,
	       (long long)kst.st_size / 1024, u->initrd);
	for (unsigned int i = 0; i < u->nservices; i++) {
		char path[64], comm[64] = "?";

		if (resolve_service(u->service_arg[i], &u->facts.pid[i]))
			return -1;
		for (unsigned int j = 0; j < i; j++) {
			int a = u->facts.pid[i], b = u->facts.pid[j];

			if (a == b) {
				tk_err("upgrade", "--service %s: named twice", u->service_arg[i]);
				return -1;
			}
			/* criu moves a whole tree: one service inside another would move twice. */
			if (in_tree(a, b) || in_tree(b, a)) {
				tk_err("upgrade", "--service %s (PID %d) and --service %s (PID %d): one runs inside the other's process tree; name only its root",
				       u->service_arg[j], b, u->service_arg[i], a);
				return -1;
			}
		}
		snprintf(path, sizeof(path), "/proc/%d/comm", u->facts.pid[i]);
		tk_file_read(path, comm, sizeof(comm));
		printf("check: service %s: PID %d (%s)\n", u->service_arg[i],
		       u->facts.pid[i], comm);
	}
	u->facts.nservices = u->nservices;
	ctl = tk_open_ctl("upgrade");
	if (ctl < 0)
		return -1;
	rc = ioctl(ctl, TWIN_IOC_STATUS, &st);
	close(ctl);
	if (rc) {
		tk_err("upgrade", "%s: %s", TK_DEV, strerror(errno));
		return -1;
	}
	if (st.state != TWIN_STATE_NONE) {
		tk_err("upgrade", "a twin kernel is loaded already (tkctl status): unload it first");
		return -1;
	}
	if (!st.mem_size && !took_over()) {
		tk_err("upgrade", "this kernel has no twin memory for the new kernel: boot it with twinkernel=SIZE");
		return -1;
	}
	if (root_uuid(u->facts.root_uuid, sizeof(u->facts.root_uuid))) {
		tk_err("upgrade", "the root file system: not an ext4 file system tkctl can name by UUID (%s)",
		       strerror(errno));
		return -1;
	}
	printf("check: root file system ext4 UUID %s\n", u->facts.root_uuid);
	if (nic_facts(&u->facts))
		return -1;
	if (u->nservices) {
		char *argv[] = { "criu", "check", NULL };

		rc = tk_run(argv, out, sizeof(out));
		tk_last_line(out, line, sizeof(line));
		if (rc) {
			tk_err("upgrade", "criu check failed here (%s): %s",
			       rc < 0 ? strerror(errno) : "exit status", line);
			return -1;
		}
		printf("check: criu check here: %s\n", line);
	}
	find_pidfiles(&u->facts, "/run", 0);
	for (unsigned int i = 0; i < u->facts.npidfiles; i++)
		printf("check: pid file %s names service PID %d\n",
		       u->facts.pidfile[i].path, u->facts.pidfile[i].pid);
	return 0;
}

/* The CPUs online now, in @mask: 0, or -1 said. */
static int online_cpus(uint64_t *mask)
{
	char online[256], err[TK_ERRLEN];
	int rc;

	rc = tk_file_read("/sys/devices/system/cpu/online", online, sizeof(online));
	if (rc || tk_parse_cpu_list(online, mask, err)) {
		tk_err("upgrade", "/sys/devices/system/cpu/online: %s",
		       rc ? strerror(-rc) : err);
		return -1;
	}
	return 0;
}

/* B is stopped and unloaded: the machine is as before the upgrade. */
static void undo_b(struct upgrade *u)
{
	char state[32] = "";

	if (!u->b_loaded)
		return;
	/* A twin that crashed or stopped by itself needs no stop. */
	tk_sysfs_read("state", state, sizeof(state));
	if (!strcmp(state, "running"))
		self_run(u, NULL, 0, "stop", "--timeout", "60", NULL, NULL, NULL,
			 NULL, NULL, NULL);
	if (self_run(u, NULL, 0, "unload", NULL, NULL, NULL, NULL, NULL, NULL,
		     NULL, NULL) == 0) {
		printf("undo: the twin kernel stopped and unloaded\n");
	} else {
		printf("undo: the twin kernel did not stop and unload cleanly: see tkctl status\n");
	}
	u->b_loaded = 0;
}

/* Service @i's image folder: its pre-copy or its final dump (@final). */
static void service_dir(unsigned int i, int final, char *path, size_t len)
{
	snprintf(path, len, UP_DIR "/%s",
		 tkup_dir_name(final ? TKUP_DIR_FINAL_OF(i) : TKUP_DIR_PRE_OF(i)));
}

/* The services dumped so far come back here from their final images. */
static void restore_here(struct upgrade *u)
{
	char out[4096], line[256], wscale[16], *scaling, dir[64];
	char *argv[] = { "criu", "restore", "-D", dir, "-d",
			 "--tcp-established", "--manage-cgroups=ignore",
			 "-o", "restore-here.log", "-v2", NULL };
	int rc;

	if (!u->frozen)
		return;
	/* As in B (upgrade-recv): no window scale on unscaled connections. */
	scaling = tk_file_read(WSCALE, wscale, sizeof(wscale)) ? NULL : wscale;
	if (scaling)
		tk_file_write(WSCALE, "0");
	for (unsigned int i = 0; i < u->frozen; i++) {
		service_dir(i, 1, dir, sizeof(dir));
		rc = tk_run(argv, out, sizeof(out));
		tk_last_line(out, line, sizeof(line));
		if (rc)
			printf("undo: criu restore of PID %d here FAILED (%s; log %s/restore-here.log): its images stay in %s\n",
			       u->facts.pid[i], line, dir, dir);
		else
			printf("undo: PID %d runs here again (criu restore)\n",
			       u->facts.pid[i]);
	}
	if (scaling)
		tk_file_write(WSCALE, scaling);
	u->frozen = 0;
}

/* Wait for a message of @type from B (others are noted and skipped). */
static int wait_for(struct upgrade *u, enum tkup_type type, unsigned int arg,
		    int timeout_ms, struct tkup_msg *m)
{
	static unsigned char buf[TKUP_MSG_MAX];
	char why[256];
	double end = tk_now_ms() + timeout_ms;

	for (;;) {
		int left = (int)(end - tk_now_ms());

		if (left <= 0 ||
		    tkup_recv(u->chan, buf, m, left, why, sizeof(why))) {
			if (left > 0 && errno == EPROTO) {
				printf("note: a message from B that is not the upgrade's: %s\n", why);
				continue;
			}
			tk_err("upgrade", "waiting for the twin kernel: %s",
			       left <= 0 ? "timed out" :
			       errno == ENOTCONN ? "it is down" : strerror(errno));
			return -1;
		}
		if (m->type == type && (type != TKUP_ACK || m->arg == arg))
			return 0;
		printf("note: from B out of order: message type %d\n", m->type);
	}
}

/* B's own word that it runs its init, and the channel to it up. */
static int wait_b_up(unsigned int timeout_s)
{
	char b_state[32] = "", chan[32] = "", state[32] = "";
	double end = tk_now_ms() + timeout_s * 1000.0;

	while (tk_now_ms() < end) {
		tk_sysfs_read("state", state, sizeof(state));
		tk_sysfs_read("b_state", b_state, sizeof(b_state));
		tk_sysfs_read("channel/state", chan, sizeof(chan));
		if (!strcmp(b_state, "running") && !strcmp(chan, "up"))
			return 0;
		if (strcmp(state, "running")) {
			tk_err("upgrade", "the twin kernel ended while it booted (%s): tkctl log shows its console",
			       state);
			return -1;
		}
		usleep(100000);
	}
	tk_err("upgrade", "the twin kernel did not come up in %u s (its state: %s, channel %s)",
	       timeout_s, b_state, chan);
	return -1;
}

static int send_dir(struct upgrade *u, unsigned int dir, const char *path,
		    double *mb);
static void criu_reason(const char *log, char *line, size_t len);

/*
 * Before any service stops, B must show it can restore: a child of this
 * tkctl (the same /usr/sbin/tkctl is in B's root), waiting in a session
 * of its own with /dev/null as its files, is dumped, sent, and restored
 * by B's criu, which then ends it.
 */
static int test_restore(struct upgrade *u)
{
	char spid[16], out[4096], line[256] = "";
	char *argv[] = { "criu", "dump", "-t", spid, "-D", UP_DIR "/test",
			 "--manage-cgroups=ignore", "-o", "dump.log", NULL };
	struct tkup_msg m;
	double mb, t = tk_now_ms();
	int rc, ready[2];
	pid_t child;
	ssize_t n;
	char c;

	if ((mkdir(UP_DIR, 0700) && errno != EEXIST) ||
	    (mkdir(UP_DIR "/test", 0700) && errno != EEXIST)) {
		tk_err("upgrade", "%s/test: %s", UP_DIR, strerror(errno));
		return -1;
	}
	if (pipe(ready)) {
		tk_err("upgrade", "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(stdout);
	child = fork();
	if (child < 0) {
		tk_err("upgrade", "fork: %s", strerror(errno));
		close(ready[0]);
		close(ready[1]);
		return -1;
	}
	if (child == 0) {
		int fd = open("/dev/null", O_RDWR);

		for (int i = 0; i < 1024; i++)
			if (i != fd && i != ready[1])
				close(i);
		if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(1);
		if (fd > 2)
			close(fd);
		/* criu checks its folders' modes: /tmp is 1777 in both roots. */
		if (chdir("/tmp") || setsid() < 0)
			_exit(1);
		/* Only now is it as criu must find it: tell the parent. */
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		close(ready[1]);
		for (;;)
			pause();
	}
	close(ready[1]);
	n = read(ready[0], &c, 1);
	close(ready[0]);
	if (n != 1) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		tk_err("upgrade", "the test process did not start");
		return -1;
	}
	snprintf(spid, sizeof(spid), "%d", child);
	rc = tk_run(argv, out, sizeof(out));
	if (rc) {
		kill(child, SIGKILL);
		criu_reason(UP_DIR "/test/dump.log", line, sizeof(line));
	}
	waitpid(child, NULL, 0);
	if (rc) {
		tk_err("upgrade", "criu dump of a test process failed here: %s", line);
		return -1;
	}
	if (send_dir(u, TKUP_DIR_TEST, UP_DIR "/test", &mb) ||
	    wait_for(u, TKUP_RESTORED, 0, 120000, &m))
		return -1;
	if (strncmp(m.text, "ok", 2)) {
		tk_err("upgrade", "the twin kernel cannot restore a test process: %s", m.text);
		return -1;
	}
	printf("check: in B: %s (%.1f ms in all)\n", m.text, tk_now_ms() - t);
	return 0;
}

static int boot_b(struct upgrade *u)
{
	char cmdline[4096], out[4096], line[256], console[64];
	struct tkup_msg m;
	double t = tk_now_ms();
	int rc;

	/*
	 * B's console is the serial port this kernel's is not: ttyS1 when
	 * this is the first kernel (ttyS0), ttyS0 when this one came by an
	 * upgrade itself (its console is ttyS1). tkctl load lends it to B.
	 */
	if (tk_file_read("/sys/class/tty/console/active", console, sizeof(console)))
		console[0] = '\0';
	snprintf(cmdline, sizeof(cmdline), "console=%s,115200 %s%s%s",
		 strstr(console, "ttyS1") ? "ttyS0" : "ttyS1", B_CMDLINE,
		 u->cmdline ? " " : "", u->cmdline ? u->cmdline : "");
	rc = u->cpu ?
	     self_run(u, NULL, 0, "load", "--kernel", u->kernel, "--initrd",
		      u->initrd, "--cmdline", cmdline, "--cpu", u->cpu) :
	     self_run(u, NULL, 0, "load", "--kernel", u->kernel, "--initrd",
		      u->initrd, "--cmdline", cmdline, NULL, NULL);
	if (rc) {
		tk_err("upgrade", "tkctl load failed (above)");
		return -1;
	}
	u->b_loaded = 1;
	if (self_run(u, NULL, 0, "start", NULL, NULL, NULL, NULL, NULL, NULL,
		     NULL, NULL)) {
		tk_err("upgrade", "tkctl start failed (above)");
		return -1;
	}
	if (wait_b_up(u->timeout_s))
		return -1;
	u->chan = open(TK_CHAN_DEV, O_RDWR | O_CLOEXEC);
	if (u->chan < 0) {
		tk_err("upgrade", "%s: %s", TK_CHAN_DEV, strerror(errno));
		return -1;
	}
	if (wait_for(u, TKUP_READY, 0, (int)u->timeout_s * 1000, &m))
		return -1;
	if (strncmp(m.text, "ok", 2)) {
		tk_err("upgrade", "the twin kernel cannot restore: %s", m.text);
		return -1;
	}
	phase(u, "boot", t, "B runs beside this kernel");
	printf("check: in B: %s\n", m.text);
	rc = self_run(u, out, sizeof(out), "handover", "--dry-run", NULL, NULL,
		      NULL, NULL, NULL, NULL, NULL);
	tk_last_line(out, line, sizeof(line));
	if (rc) {
		tk_err("upgrade", "the handover cannot go ahead: %s", line);
		return -1;
	}
	printf("check: handover %s\n", line);
	return test_restore(u);
}

/*
 * The grow phase: the CPUs this kernel can spare go to B as soon as B
 * runs, before the services move. Each takes 0.3-0.8 s under TCG, which
 * the handover would otherwise spend inside the services' gap. This
 * kernel keeps its u->keep_cpus lowest online CPUs (CPU 0, which only
 * moves at the retire, among them) for the services until then. On a
 * later failure, undo_b() takes them back with B (unloading B onlines
 * them here again).
 */
static int grow_b(struct upgrade *u)
{
	char give[256] = "", what[400];
	unsigned int kept = 0, ngive = 0;
	double t = tk_now_ms();
	uint64_t mask;
	size_t len = 0;

	if (online_cpus(&mask))
		return -1;
	for (unsigned int cpu = 0; cpu < 64; cpu++) {
		if (!(mask >> cpu & 1))
			continue;
		if (kept < u->keep_cpus) {
			kept++;
			continue;
		}
		len += (size_t)snprintf(give + len, sizeof(give) - len, "%s%u",
					ngive ? "," : "", cpu);
		ngive++;
	}
	if (!ngive) {
		snprintf(what, sizeof(what), "no CPU to spare: this kernel keeps its %u online (--keep-cpus %u)",
			 kept, u->keep_cpus);
		phase(u, "grow", t, what);
		return 0;
	}
	if (self_run(u, NULL, 0, "grow", "--cpus", give, NULL, NULL, NULL, NULL,
		     NULL, NULL)) {
		tk_err("upgrade", "tkctl grow --cpus %s failed (above)", give);
		return -1;
	}
	snprintf(what, sizeof(what), "CPU%s %s to B; this kernel keeps %u until it retires",
		 ngive == 1 ? "" : "s", give, kept);
	phase(u, "grow", t, what);
	return 0;
}

/* The last error criu wrote in its log @log, if any, into @line. */
static void criu_reason(const char *log, char *line, size_t len)
{
	char buf[512];
	FILE *f = fopen(log, "re");

	while (f && fgets(buf, sizeof(buf), f)) {
		char *e = strstr(buf, "Error (");

		if (e)
			snprintf(line, len, "%.*s", (int)strcspn(e, "\n"), e);
	}
	if (f)
		fclose(f);
}

/* criu pre-dump, or with @final the final dump, of service @i. */
static int criu_dump(const struct upgrade *u, unsigned int i, int final,
		     char *why, size_t whylen)
{
	char out[8192], spid[16], line[256] = "", dir[64], prev[64], log[96];
	char *pre[] = { "criu", "pre-dump", "-t", spid, "-D", dir,
			"--tcp-established", "--manage-cgroups=ignore",
			"-o", "pre-dump.log", "-v2", NULL };
	char *dump[] = { "criu", "dump", "-t", spid, "-D", dir,
			 "--prev-images-dir", prev, "--track-mem",
			 "--tcp-established", "--network-lock", "nftables",
			 "--manage-cgroups=ignore", "-o", "dump.log", "-v2",
			 NULL };
	int rc;

	service_dir(i, final, dir, sizeof(dir));
	snprintf(prev, sizeof(prev), "../%s", tkup_dir_name(TKUP_DIR_PRE_OF(i)));
	snprintf(log, sizeof(log), "%s/%s", dir, final ? "dump.log" : "pre-dump.log");
	snprintf(spid, sizeof(spid), "%d", u->facts.pid[i]);
	rc = tk_run(final ? dump : pre, out, sizeof(out));
	if (rc) {
		tk_last_line(out, line, sizeof(line));
		criu_reason(log, line, sizeof(line));
		snprintf(why, whylen, "criu %s of PID %d failed (%s; log %s): %s",
			 final ? "dump" : "pre-dump", u->facts.pid[i],
			 rc < 0 ? strerror(errno) : "exit status", log, line);
		return -1;
	}
	return 0;
}

static int send_dir(struct upgrade *u, unsigned int dir, const char *path,
		    double *mb)
{
	uint64_t files, bytes;
	struct tkup_msg m;
	char why[512];

	if (tkup_send_dir(u->chan, path, dir, &files, &bytes, why, sizeof(why))) {
		tk_err("upgrade", "sending the images: %s", why);
		return -1;
	}
	if (wait_for(u, TKUP_ACK, dir, 120000, &m))
		return -1;
	if (strcmp(m.text, "ok")) {
		tk_err("upgrade", "B refused the images in %s: %s", path, m.text);
		return -1;
	}
	*mb = (double)bytes / 1048576;
	return 0;
}

/*
 * Each service is pre-copied while all of them run; then each is stopped
 * and dumped in turn (criu dumps one process tree at a time), and the
 * images go to B. A final dump that fails leaves the services dumped
 * before it in their images: the caller's undo restores them here.
 */
static int move_services(struct upgrade *u)
{
	char why[1024], facts[4096], what[256], dir[64];
	double t, mb, all = 0;

	if (!u->nservices)
		return 0;
	if (mkdir(UP_DIR, 0700) && errno != EEXIST) {
		tk_err("upgrade", "%s: %s", UP_DIR, strerror(errno));
		return -1;
	}
	for (unsigned int i = 0; i < u->nservices; i++) {
		for (int final = 0; final < 2; final++) {
			service_dir(i, final, dir, sizeof(dir));
			if (final)
				rmdir(dir);	/* an earlier run's, if empty */
			if (mkdir(dir, 0700) && errno != EEXIST) {
				tk_err("upgrade", "%s: %s", dir, strerror(errno));
				return -1;
			}
		}
	}
	t = tk_now_ms();
	for (unsigned int i = 0; i < u->nservices; i++) {
		if (criu_dump(u, i, 0, why, sizeof(why))) {
			tk_err("upgrade", "%s", why);
			return -1;
		}
		service_dir(i, 0, dir, sizeof(dir));
		if (send_dir(u, TKUP_DIR_PRE_OF(i), dir, &mb))
			return -1;
		all += mb;
	}
	if (u->nservices == 1)
		snprintf(what, sizeof(what), "pre-copy of PID %d: %.1f MiB sent while it runs",
			 u->facts.pid[0], all);
	else
		snprintf(what, sizeof(what), "pre-copy of %u services: %.1f MiB sent while they run",
			 u->nservices, all);
	phase(u, "precopy", t, what);

	t = tk_now_ms();
	for (unsigned int i = 0; i < u->nservices; i++) {
		if (criu_dump(u, i, 1, why, sizeof(why))) {
			tk_err("upgrade", "%s; %s", why, i ? "the services dumped before it come back here" :
			       "the service runs on here");
			return -1;
		}
		u->frozen = i + 1;
	}
	u->facts.real_ns = tk_clock_ns(CLOCK_REALTIME);
	u->facts.mono_ns = tk_clock_ns(CLOCK_MONOTONIC);
	u->facts.boot_ns = tk_clock_ns(CLOCK_BOOTTIME);
	if (u->nservices == 1)
		snprintf(what, sizeof(what), "PID %d stopped and dumped", u->facts.pid[0]);
	else
		snprintf(what, sizeof(what), "%u services stopped and dumped", u->nservices);
	phase(u, "freeze", t, what);
	t = tk_now_ms();
	if (tkup_facts_format(&u->facts, facts, sizeof(facts)) < 0 ||
	    tkup_send_text(u->chan, TKUP_FACTS, 0, facts)) {
		tk_err("upgrade", "sending the facts: %s", strerror(errno));
		return -1;
	}
	all = 0;
	for (unsigned int i = 0; i < u->nservices; i++) {
		service_dir(i, 1, dir, sizeof(dir));
		if (send_dir(u, TKUP_DIR_FINAL_OF(i), dir, &mb))
			return -1;
		all += mb;
	}
	snprintf(what, sizeof(what), "final images: %.2f MiB to B", all);
	phase(u, "transfer", t, what);
	return 0;
}

int cmd_upgrade(int argc, char **argv)
{
	enum { KERNEL = TK_OPT_LONG_ONLY, INITRD, CMDLINE, SERVICE, CPU,
	       DRY_RUN, TIMEOUT, KEEP_CPUS };
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, KERNEL },
		{ "initrd", required_argument, NULL, INITRD },
		{ "cmdline", required_argument, NULL, CMDLINE },
		{ "service", required_argument, NULL, SERVICE },
		{ "cpu", required_argument, NULL, CPU },
		{ "dry-run", no_argument, NULL, DRY_RUN },
		{ "timeout", required_argument, NULL, TIMEOUT },
		{ "keep-cpus", required_argument, NULL, KEEP_CPUS },
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	struct tk_opts opts = {
		.cmd = tk_find_command("upgrade"), .argc = argc, .argv = argv,
		.shortopts = "h", .longopts = longopts,
	};
	struct upgrade u = { .initrd = UP_INITRD, .timeout_s = 600, .chan = -1,
			     .keep_cpus = 1 };
	ssize_t n;
	int c;

	while ((c = tk_opts_next(&opts)) >= 0) {
		unsigned long v;

		switch (c) {
		case KERNEL: u.kernel = optarg; break;
		case INITRD: u.initrd = optarg; break;
		case CMDLINE: u.cmdline = optarg; break;
		case CPU: u.cpu = optarg; break;
		case DRY_RUN: u.dry_run = 1; break;
		case SERVICE:
			if (u.nservices == TKUP_MAX_SERVICES) {
				tk_err("upgrade", "--service: at most %d", TKUP_MAX_SERVICES);
				return TK_EXIT_USAGE;
			}
			if (!*optarg) {
				tk_err("upgrade", "--service: empty");
				return TK_EXIT_USAGE;
			}
			u.service_arg[u.nservices++] = optarg;
			break;
		case TIMEOUT:
			if (tk_parse_ulong(optarg, 1, 86400, &v)) {
				tk_err("upgrade", "--timeout %s: seconds, 1..86400", optarg);
				return TK_EXIT_USAGE;
			}
			u.timeout_s = (unsigned int)v;
			break;
		case KEEP_CPUS:
			if (tk_parse_ulong(optarg, 1, 64, &v)) {
				tk_err("upgrade", "--keep-cpus %s: a number of CPUs, 1..64", optarg);
				return TK_EXIT_USAGE;
			}
			u.keep_cpus = (unsigned int)v;
			break;
		}
	}
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	if (tk_opts_no_operands(&opts))
		return TK_EXIT_USAGE;
	if (!u.kernel) {
		tk_err("upgrade", "--kernel FILE is required");
		return TK_EXIT_USAGE;
	}
	n = readlink("/proc/self/exe", u.self, sizeof(u.self) - 1);
	if (n <= 0) {
		tk_err("upgrade", "/proc/self/exe: %s", strerror(errno));
		return TK_EXIT_FAIL;
	}
	u.self[n] = '\0';

	u.t0 = tk_now_ms();
	if (check(&u)) {
		tk_err("upgrade", "nothing was changed");
		return TK_EXIT_FAIL;
	}
	printf("plan: boot %s beside this kernel; move %u service%s", u.kernel,
	       u.nservices, u.nservices == 1 ? "" : "s");
	for (unsigned int i = 0; i < u.nservices; i++)
		printf("%s PID %d", i ? "," : ":", u.facts.pid[i]);
	printf(" with criu (pre-copy, then the final dump); give B the CPUs beyond this kernel's %u lowest first; hand over the devices, the rest of the CPUs and the RAM; retire\n",
	       u.keep_cpus);
	phase(&u, "check", u.t0, "done");
	if (u.dry_run)
		return TK_EXIT_OK;

	if (boot_b(&u) || grow_b(&u) || move_services(&u))
		goto failed;
	printf("handover: devices, CPUs and the rest of the machine go to B; B restores the services\n");
	fflush(stdout);
	/* Returns only when the twin refused the retire. */
	self_run(&u, NULL, 0, "handover", NULL, NULL, NULL, NULL, NULL, NULL,
		 NULL, NULL);
	tk_err("upgrade", "the handover did not complete");
failed:
	if (u.chan >= 0 && u.b_loaded)
		tkup_send_text(u.chan, TKUP_ABORT, 0, "the upgrade stopped in A");
	restore_here(&u);
	undo_b(&u);
	if (u.chan >= 0)
		close(u.chan);
	tk_err("upgrade", "the upgrade did not happen; the services run here");
	return TK_EXIT_FAIL;
}
