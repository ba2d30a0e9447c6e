// SPDX-License-Identifier: GPL-2.0
/*
 * tkctl upgrade-recv: B's side of tkctl upgrade, run by B's /init when
 * its command line says tk.upgrade=1. It runs "criu check" and tells A
 * (READY); writes the image folders A sends into /run/tk-upgrade; keeps
 * the facts A sends; and once A has retired and this kernel took the
 * machine over: mounts the root file system A had (found by its UUID) on
 * /newroot with /proc, /sys, /dev and a fresh /run, gives the NIC A's
 * addresses with its link still down, restores the services with criu
 * (in a time namespace that continues A's clocks), writes their pid
 * files, brings the link up with A's default route, and exits 0: /init
 * then switches to /newroot and runs the system's own init.
 *
 * A failed restore leaves the images in /newroot/var/lib/tk-upgrade and
 * exits 1 with the reason: the system's init then starts the services
 * afresh.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "netdev_pci.h"
#include "netops.h"
#include "nftlock.h"
#include "options.h"
#include "run.h"
#include "tkctl.h"
#include "twinctl.h"
#include "upgrade_facts.h"
#include "upgrade_xfer.h"

#define RECV_DIR	"/run/tk-upgrade"
#define NEWROOT		"/newroot"
#define KEEP_DIR	NEWROOT "/var/lib/tk-upgrade"
/* The waits inside the services' gap poll this often. */
#define POLL_MS		5
#define WSCALE		"/proc/sys/net/ipv4/tcp_window_scaling"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME	0x00000080
#endif

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	printf("tkctl upgrade-recv: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void show_log_tail(const char *log);

/*
 * A's test process, restored here in this initramfs (the same tkctl is
 * at the same path) and ended: "ok ..." or "no: why" in @reply.
 */
static void restore_test(char *reply, size_t len)
{
	char *argv[] = { "criu", "restore", "-D", RECV_DIR "/test", "-d",
			 "--manage-cgroups=ignore", "--pidfile",
			 RECV_DIR "/test.pid", "-o", "restore.log", NULL };
	char out[4096], line[256], text[32] = "", path[32];
	double t = tk_now_ms();
	int rc = tk_run(argv, out, sizeof(out)), pid;

	if (rc) {
		tk_last_line(out, line, sizeof(line));
		show_log_tail(RECV_DIR "/test/restore.log");
		snprintf(reply, len, "no: criu restore of the test process: %s", line);
		return;
	}
	pid = tk_file_read(RECV_DIR "/test.pid", text, sizeof(text)) ? 0 : atoi(text);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	if (pid <= 1 || access(path, F_OK)) {
		snprintf(reply, len, "no: the restored test process (PID %d) is not there", pid);
		return;
	}
	kill(pid, SIGKILL);
	snprintf(reply, len, "ok test process PID %d restored in %.1f ms", pid,
		 tk_now_ms() - t);
}

/* Is image folder @dir a service's final dump? */
static int is_final(unsigned int dir)
{
	return dir >= TKUP_DIR_FINAL && dir < TKUP_DIR_MAX &&
	       (dir - TKUP_DIR_FINAL) % 2 == 0;
}

/* Receive until A has gone (retired, or aborted): 0 when all came. */
static int receive(struct tkup_sink *sink, struct tkup_facts *facts,
		   int *have_facts)
{
	static unsigned char buf[TKUP_MSG_MAX];
	char why[512], reply[600];
	struct tkup_msg m;
	int chan = open(TK_CHAN_DEV, O_RDWR | O_CLOEXEC);
	char out[4096], line[256];
	char *argv[] = { "criu", "check", NULL };
	int rc;

	if (chan < 0) {
		say("%s: %s", TK_CHAN_DEV, strerror(errno));
		return -1;
	}
	rc = tk_run(argv, out, sizeof(out));
	tk_last_line(out, line, sizeof(line));
	snprintf(reply, sizeof(reply), "%s criu check: %s", rc ? "no:" : "ok", line);
	say("%s", reply);
	if (tkup_send_text(chan, TKUP_READY, 0, reply)) {
		say("telling A: %s", strerror(errno));
		close(chan);
		return -1;
	}
	for (;;) {
		if (tkup_recv(chan, buf, &m, -1, why, sizeof(why))) {
			if (errno == EPROTO) {
				say("skipped a message: %s", why);
				continue;
			}
			if (errno == ENOTCONN)
				break;		/* A retired (or ended) */
			say("reading %s: %s", TK_CHAN_DEV, strerror(errno));
			close(chan);
			return -1;
		}
		switch (m.type) {
		case TKUP_FILE:
		case TKUP_DIR_END:
			if (tkup_sink_put(sink, &m, why, sizeof(why))) {
				say("images: %s", why);
				tkup_send_text(chan, TKUP_ACK, m.arg, why);
				break;
			}
			if (m.type == TKUP_DIR_END) {
				say("images: folder %s: %llu files, %llu bytes",
				    tkup_dir_name(m.arg),
				    (unsigned long long)m.end.files,
				    (unsigned long long)m.end.bytes);
				tkup_send_text(chan, TKUP_ACK, m.arg,
					       is_final(m.arg) && !*have_facts ?
					       "no facts before the final images" : "ok");
				if (m.arg == TKUP_DIR_TEST) {
					restore_test(reply, sizeof(reply));
					say("test restore: %s", reply);
					tkup_send_text(chan, TKUP_RESTORED, 0, reply);
				}
			}
			break;
		case TKUP_FACTS:
			if (tkup_facts_parse(m.text, facts, why, sizeof(why))) {
				say("A's facts refused: %s", why);
				*have_facts = 0;
			} else {
				*have_facts = 1;
			}
			break;
		case TKUP_ABORT:
			say("A stopped the upgrade: %s", m.text);
			close(chan);
			return -1;
		default:
			say("skipped message type %d", m.type);
		}
	}
	close(chan);
	if (!*have_facts || !facts->nservices) {
		say("A went away before the final images and facts came");
		return -1;
	}
	for (unsigned int i = 0; i < facts->nservices; i++) {
		if (!sink->done[TKUP_DIR_FINAL_OF(i)]) {
			say("A went away before the final images of PID %d came",
			    facts->pid[i]);
			return -1;
		}
	}
	return 0;
}

/*
 * The takeover's steps, in the order the kernel reports them: "platform"
 * (A's last CPU parked, and this kernel took the platform and the devices
 * that moved with it, the root disk among them), "holding" (A's RAM added
 * too; A's last CPU held, see hold_cpu()), "done".
 */
enum takeover_step { STEP_PLATFORM, STEP_HOLDING, STEP_DONE };

/*
 * Wait, within 120 s, until the takeover reached @step or a later one.
 * The kernel notifies the file at each step, so this wakes at once.
 */
static int wait_takeover(enum takeover_step step)
{
	static const char *const names[] = { "platform:", "holding:", "done:" };
	char path[128], st[512] = "";
	double deadline = tk_now_ms() + 120000;
	int fd;

	snprintf(path, sizeof(path), TK_SYSFS "/takeover");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		say("%s: %s", path, strerror(errno));
		return -1;
	}
	while (tk_now_ms() < deadline) {
		struct pollfd p = { .fd = fd, .events = POLLPRI | POLLERR };
		ssize_t n = pread(fd, st, sizeof(st) - 1, 0);

		st[n > 0 ? n : 0] = '\0';
		st[strcspn(st, "\n")] = '\0';
		for (int i = step; i <= STEP_DONE; i++) {
			if (!strncmp(st, names[i], strlen(names[i]))) {
				close(fd);
				say("takeover: %s", st);
				return 0;
			}
		}
		if (!strncmp(st, "failed", 6))
			break;
		/* sysfs wakes POLLPRI on a notify; the timeout covers a missed one. */
		poll(&p, 1, 20);
	}
	close(fd);
	say("this kernel did not take the machine over (%s)", st[0] ? st : "no answer");
	return -1;
}

/*
 * Ask the kernel to keep A's last CPU parked once A's RAM is in, until
 * release_cpu(): waking it beside the restore made the restore several
 * times slower under emulation. 1 if it will (a kernel without the hold
 * wakes the CPU first, and the restore then waits for "done").
 */
static int hold_cpu(void)
{
	int err = tk_file_write(TK_SYSFS "/takeover", "hold");

	if (err)
		say("takeover: no hold of A's last CPU (%s): the restore waits for it",
		    strerror(-err));
	return !err;
}

static void release_cpu(int held)
{
	int err;

	if (!held)
		return;
	err = tk_file_write(TK_SYSFS "/takeover", "release");
	if (err)
		say("takeover: releasing A's last CPU: %s (it comes within 30 s)",
		    strerror(-err));
}

/* The block device holding the ext4 file system @uuid, within 60 s. */
static int find_root(const char *uuid, char *dev, size_t len)
{
	for (int tries = 0; tries < 60 * 1000 / POLL_MS; tries++) {
		struct dirent *de;
		DIR *d = opendir("/sys/class/block");

		while (d && (de = readdir(d))) {
			unsigned char sb[0x78];
			char got[37];
			int fd;

			if (de->d_name[0] == '.')
				continue;
			snprintf(dev, len, "/dev/%s", de->d_name);
			fd = open(dev, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			if (pread(fd, sb, sizeof(sb), 1024) == (ssize_t)sizeof(sb) &&
			    sb[0x38] == 0x53 && sb[0x39] == 0xef) {
				snprintf(got, sizeof(got),
					 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
					 sb[0x68], sb[0x69], sb[0x6a], sb[0x6b], sb[0x6c],
					 sb[0x6d], sb[0x6e], sb[0x6f], sb[0x70], sb[0x71],
					 sb[0x72], sb[0x73], sb[0x74], sb[0x75], sb[0x76],
					 sb[0x77]);
				if (!strcmp(got, uuid)) {
					close(fd);
					closedir(d);
					return 0;
				}
			}
			close(fd);
		}
		if (d)
			closedir(d);
		usleep(POLL_MS * 1000);
	}
	say("no block device holds the root file system (UUID %s)", uuid);
	return -1;
}

static int mount_root(const struct tkup_facts *f)
{
	static const struct {
		const char *src, *dir, *type, *data;
		unsigned long flags;
	} kfs[] = {
		{ "proc", NEWROOT "/proc", "proc", NULL, 0 },
		{ "sysfs", NEWROOT "/sys", "sysfs", NULL, 0 },
		{ "devtmpfs", NEWROOT "/dev", "devtmpfs", NULL, 0 },
		{ "tmpfs", NEWROOT "/run", "tmpfs", "mode=0755", MS_NOSUID | MS_NODEV },
	};
	char dev[300];

	if (find_root(f->root_uuid, dev, sizeof(dev)))
		return -1;
	mkdir(NEWROOT, 0755);
	if (mount(dev, NEWROOT, "ext4", 0, NULL)) {
		say("mount %s on %s: %s", dev, NEWROOT, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof(kfs) / sizeof(kfs[0]); i++)
		if (mount(kfs[i].src, kfs[i].dir, kfs[i].type, kfs[i].flags, kfs[i].data) &&
		    errno != EBUSY) {
			say("mount %s on %s: %s", kfs[i].type, kfs[i].dir, strerror(errno));
			return -1;
		}
	say("root file system %s (UUID %s) on %s", dev, f->root_uuid, NEWROOT);
	return 0;
}

/*
 * criu comes from the system's disk, which this kernel has not read
 * before: its first run reads it and its 22 libraries (0.28 s under TCG,
 * against 0.06 s warm). Run once in the background as soon as the disk is
 * mounted, that reading overlaps the network steps and the arrival of A's
 * RAM instead of the restore. Its result does not matter.
 */
static pid_t warm_criu(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
		    dup2(null, 2) < 0 || chroot(NEWROOT) || chdir("/"))
			_exit(127);
		execlp("criu", "criu", "--version", (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void reap(pid_t *pid)
{
	if (*pid > 0)
		waitpid(*pid, NULL, 0);
	*pid = -1;
}

/* The NIC A had, by its PCI address: its interface name here. */
static int nic_name(const char *pci, char *name, size_t len)
{
	for (int tries = 0; tries < 30 * 1000 / POLL_MS; tries++) {
		if (!tk_pci_netdev(pci, name, len))
			return 0;
		usleep(POLL_MS * 1000);
	}
	say("no network interface on %s", pci);
	return -1;
}

/* A's addresses on the NIC (link still down), or with @up its link and
 * A's default route. */
static int net_step(const struct tkup_facts *f, int up)
{
	struct tk_netops_ctx c;
	struct tk_netif nif;
	char name[IFNAMSIZ], err[256];
	int ret = 0;

	if (!f->nic[0])
		return 0;
	if (nic_name(f->nic, name, sizeof(name)) ||
	    tk_netops_open(&c, err, sizeof(err)))
		return -1;
	if (tk_netops.get_if(&c, name, &nif)) {
		say("%s: gone", name);
		tk_netops_close(&c);
		return -1;
	}
	if (!up) {
		for (unsigned int i = 0; i < f->naddrs && !ret; i++) {
			struct tk_addr4 a = {
				.local = f->addr[i], .address = f->addr[i],
				.prefixlen = f->prefix[i], .valid_lft = ~0U,
				.preferred_lft = ~0U,
			};

			snprintf(a.label, sizeof(a.label), "%s", name);
			ret = tk_netops.addr_add(&c, nif.index, &a);
			if (ret && ret != -EEXIST)
				say("%s: address: %s", name, strerror(-ret));
			else
				ret = 0;
		}
	} else {
		ret = tk_netops.set_up(&c, name, 1);
		if (!ret && f->gw) {
			struct tk_route4 r = {
				.gateway = f->gw, .has_gateway = 1, .table = 254,
				.protocol = 3 /* boot */, .scope = 0, .type = 1,
				.oif = nif.index,
			};

			ret = tk_netops.route_add(&c, &r);
			if (ret == -EEXIST)
				ret = 0;
		}
		if (ret)
			say("%s: up and route: %s", name, strerror(-ret));
	}
	tk_netops_close(&c);
	return ret ? -1 : 0;
}

/*
 * With @on, drop everything that comes in on the NIC (an nftables table
 * of tkctl's own, set over netlink: running nft would cost a process
 * start in the gap); without, stop dropping.
 */
static int net_lock(const struct tkup_facts *f, int on)
{
	char name[IFNAMSIZ], why[256];

	if (!f->nic[0])
		return 0;
	if (nic_name(f->nic, name, sizeof(name)))
		return -1;
	if (tk_nft_lock(name, on, why, sizeof(why))) {
		say("%s (%s the input of %s)", why,
		    on ? "dropping" : "no more dropping", name);
		return on ? -1 : 0;
	}
	return 0;
}

/* Does folder @dir hold an image of a time namespace (criu's own)? */
static int has_timens(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int found = 0;

	while (d && (de = readdir(d)))
		found |= !strncmp(de->d_name, "timens-", 7);
	if (d)
		closedir(d);
	return found;
}

/*
 * The restored processes read A's monotonic and boot clocks on: a time
 * namespace whose offsets are A's clocks minus this kernel's, both taken
 * at the same wall-clock time (A's wall clock is this kernel's).
 */
static int enter_a_clocks(const struct tkup_facts *f)
{
	int64_t real = tk_clock_ns(CLOCK_REALTIME), mono = tk_clock_ns(CLOCK_MONOTONIC);
	int64_t boot = tk_clock_ns(CLOCK_BOOTTIME);
	int64_t dm = f->mono_ns + (real - f->real_ns) - mono;
	int64_t db = f->boot_ns + (real - f->real_ns) - boot;
	char text[128];
	int fd;

	if (unshare(CLONE_NEWTIME)) {
		say("unshare(CLONE_NEWTIME): %s", strerror(errno));
		return -1;
	}
	snprintf(text, sizeof(text), "monotonic %lld %lld\nboottime %lld %lld\n",
		 (long long)(dm >= 0 ? dm / 1000000000 : -((-dm + 999999999) / 1000000000)),
		 (long long)(((dm % 1000000000) + 1000000000) % 1000000000),
		 (long long)(db >= 0 ? db / 1000000000 : -((-db + 999999999) / 1000000000)),
		 (long long)(((db % 1000000000) + 1000000000) % 1000000000));
	fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		say("timens_offsets: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	say("the services' clocks continue A's: monotonic %+.3f s, boottime %+.3f s",
	    (double)dm / 1e9, (double)db / 1e9);
	return 0;
}

static void write_pidfiles(const struct tkup_facts *f)
{
	for (unsigned int i = 0; i < f->npidfiles; i++) {
		const struct tkup_pidfile *p = &f->pidfile[i];
		char path[sizeof(NEWROOT) + TKUP_PATH_MAX], text[24];
		int fd;

		snprintf(path, sizeof(path), NEWROOT "%s", p->path);
		for (char *s = path + sizeof(NEWROOT "/run"); (s = strchr(s, '/')); s++) {
			*s = '\0';
			if (!mkdir(path, 0755) && chown(path, p->uid, p->gid))
				say("%s: %s", path, strerror(errno));
			*s = '/';
		}
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
		snprintf(text, sizeof(text), "%d\n", p->pid);
		if (fd < 0 || write(fd, text, strlen(text)) < 0 ||
		    fchown(fd, p->uid, p->gid))
			say("%s: %s", p->path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1;
	ssize_t n;

	if (in >= 0)
		out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	while (out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
}

/* The end of criu's log: the reason, on the console. */
static void show_log_tail(const char *log)
{
	static char lines[16][256];
	unsigned int n = 0;
	FILE *f = fopen(log, "re");

	while (f && fgets(lines[n % 16], sizeof(lines[0]), f))
		n++;
	if (f)
		fclose(f);
	for (unsigned int i = n > 16 ? n - 16 : 0; i < n; i++)
		say("  %s: %.*s", log, (int)strcspn(lines[i % 16], "\n"), lines[i % 16]);
}

/* criu restore of service @i from its final images, bound at @bound. */
static int restore_one(const struct tkup_facts *f, unsigned int i,
		       const char *bound)
{
	char out[8192], line[256], dir[128], path[160];
	char *argv[] = { "criu", "restore", "-D", dir, "-d",
			 "--tcp-established", "--manage-cgroups=ignore",
			 "-o", "restore.log", "-v2", NULL };
	const char *name = tkup_dir_name(TKUP_DIR_FINAL_OF(i));
	double t = tk_now_ms();
	int rc;

	snprintf(dir, sizeof(dir), "%s/%s", bound, name);
	rc = tk_run_in(NEWROOT, argv, out, sizeof(out));
	if (rc) {
		tk_last_line(out, line, sizeof(line));
		say("criu restore of PID %d FAILED (%s %d): %s", f->pid[i],
		    rc < 0 ? strerror(errno) : "exit status", rc, line);
		snprintf(path, sizeof(path), RECV_DIR "/%s/restore.log", name);
		show_log_tail(path);
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%d", f->pid[i]);
	if (access(path, F_OK)) {
		say("PID %d is not there after criu restore", f->pid[i]);
		return -1;
	}
	say("service PID %d restored in %.1f ms", f->pid[i], tk_now_ms() - t);
	return 0;
}

/*
 * The services, one criu restore each, in the order A dumped them. The
 * system's own criu runs chrooted in it: the services' files are found
 * by their paths from its root, as in A. The images are bound into its
 * /run. @warmer (warm_criu()) is done first.
 */
static int restore(const struct tkup_facts *f, pid_t *warmer)
{
	char wscale[16], *scaling;
	int rc = 0;

	reap(warmer);
	if (mkdir(NEWROOT "/run/tk-upgrade", 0700) ||
	    mount(RECV_DIR, NEWROOT "/run/tk-upgrade", NULL, MS_BIND, NULL)) {
		say("binding the images into %s/run: %s", NEWROOT, strerror(errno));
		return -1;
	}
	if (!has_timens(RECV_DIR "/final") && f->real_ns && enter_a_clocks(f))
		rc = -1;
	/* What criu learnt of this kernel in its check: no probing again. */
	copy_file("/run/criu.kdat", NEWROOT "/run/criu.kdat");
	/*
	 * A socket re-made in repair mode keeps the receive window scale the
	 * kernel picks for a new connection unless criu sets one; for a
	 * connection that has none (QEMU's user network never scales) it
	 * would then advertise its window shifted: 73 bytes for 9 KiB. With
	 * scaling off while criu works, that scale is 0; criu still sets the
	 * ones that were negotiated.
	 */
	scaling = tk_file_read(WSCALE, wscale, sizeof(wscale)) ? NULL : wscale;
	if (scaling && tk_file_write(WSCALE, "0"))
		say("%s: %s", WSCALE, strerror(errno));
	for (unsigned int i = 0; !rc && i < f->nservices; i++)
		rc = restore_one(f, i, "/run/tk-upgrade");
	if (scaling)
		tk_file_write(WSCALE, scaling);
	umount2(NEWROOT "/run/tk-upgrade", MNT_DETACH);
	rmdir(NEWROOT "/run/tk-upgrade");
	return rc;
}

/* The images stay on the disk for a later restore by hand. */
static void keep_images(void)
{
	char *argv[] = { "cp", "-a", RECV_DIR, KEEP_DIR, NULL };

	if (access(NEWROOT "/var/lib", F_OK) || tk_run(argv, NULL, 0))
		say("the images stay in %s (in memory only)", RECV_DIR);
	else
		say("the images are in %s (criu restore -D %s/final, and final1... for more services)",
		    "/var/lib/tk-upgrade", "/var/lib/tk-upgrade");
}

int cmd_upgrade_recv(int argc, char **argv)
{
	static struct tkup_facts facts;
	struct tk_netops_ctx lo = { .ioc = -1, .nl = -1 };
	struct tkup_sink sink;
	char why[512];
	int have_facts = 0, pid_err, opts, held;
	pid_t warmer;
	double t;

	opts = tk_opts_none("upgrade-recv", argc, argv);
	if (opts >= 0)
		return opts;
	/*
	 * The services keep their PIDs, which must then be free here: this
	 * kernel's own processes and threads from now on take PIDs far
	 * above any A is likely to have used.
	 */
	pid_err = tk_file_write("/proc/sys/kernel/pid_max", "4194304");
	if (!pid_err)
		pid_err = tk_file_write("/proc/sys/kernel/ns_last_pid", "2097152");
	if (pid_err)
		say("raising the next PID: %s (a service's PID may be taken here)",
		    strerror(-pid_err));
	/* criu checks TCP repair on lo, and the restored services may use it. */
	if (tk_netops_open(&lo, why, sizeof(why)) || tk_netops.set_up(&lo, "lo", 1))
		say("lo: cannot bring it up");
	tk_netops_close(&lo);
	if (tkup_sink_open(&sink, RECV_DIR, 1ULL << 30, why, sizeof(why))) {
		say("%s", why);
		return TK_EXIT_FAIL;
	}
	/* Before A can retire: A retires once it sent the final images. */
	held = hold_cpu();
	if (receive(&sink, &facts, &have_facts) || wait_takeover(STEP_PLATFORM)) {
		tkup_sink_close(&sink);
		release_cpu(held);
		return TK_EXIT_FAIL;
	}
	tkup_sink_close(&sink);
	t = tk_now_ms();
	if (mount_root(&facts)) {
		release_cpu(held);
		return TK_EXIT_FAIL;
	}
	warmer = warm_criu();
	/*
	 * criu reconnects the TCP sockets in repair mode, which needs a
	 * route to the peer, so the NIC must be up; until the sockets exist,
	 * whatever comes in on it is dropped (nftables), or it would be
	 * answered with a reset. That much overlaps the rest of the
	 * takeover; criu restores once A's RAM is here, and A's last CPU
	 * after it (the restore ran several times slower beside the CPU's
	 * wake), or once both are here when the CPU could not be held.
	 */
	if (net_step(&facts, 0) || net_lock(&facts, 1) || net_step(&facts, 1) ||
	    wait_takeover(held ? STEP_HOLDING : STEP_DONE) ||
	    restore(&facts, &warmer)) {
		reap(&warmer);
		net_lock(&facts, 0);
		release_cpu(held);
		keep_images();
		net_step(&facts, 1);
		return TK_EXIT_FAIL;
	}
	if (net_lock(&facts, 0)) {
		release_cpu(held);
		return TK_EXIT_FAIL;
	}
	write_pidfiles(&facts);
	say("services restored and the network up %.1f ms after the takeover; starting the system's init",
	    tk_now_ms() - t);
	/* The next upgrade, from this kernel, needs the takeover done. */
	release_cpu(held);
	if (held && wait_takeover(STEP_DONE))
		return TK_EXIT_FAIL;
	return TK_EXIT_OK;
}
