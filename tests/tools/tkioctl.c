// SPDX-License-Identifier: GPL-2.0
/*
 * tkioctl: raw ioctls on /dev/twinctl for the negative tests, bypassing
 * tkctl's own checks, so that the kernel's checks are what is tested.
 * Static, for the guests.
 *
 *   tkioctl load [--kernel PATH | --kernel-fd N] [--initrd PATH |
 *                --initrd-fd N] [--cpu N] [--flags N] [--cmdline S]
 *                [--cmdline-len N] [--pci-count N] [--size N]
 *                --expect ERRNO|0
 *   tkioctl start|stop|restart|unload|retire --expect ERRNO|0
 *   tkioctl unknown --expect ERRNO      an ioctl number the device lacks
 *   tkioctl take-pci BB:DD.F [--flags N] --expect ERRNO|0
 *                TWIN_IOC_TAKE_PCI for the device at that address
 *   tkioctl race-online CPU --expect ERRNO|0
 *                start the loaded twin while another process keeps
 *                writing 1 to cpuCPU/online; afterwards the twin must
 *                still run (the online attempts that came after the start
 *                get EBUSY)
 *
 * ERRNO is a name (EBADF, EINVAL, ...). Prints what happened; exits 0
 * when the result is the expected one, 1 otherwise, 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/twin.h>

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{ "0", 0 }, { "EPERM", EPERM }, { "ENOENT", ENOENT },
	{ "EIO", EIO }, { "EBADF", EBADF }, { "ENOMEM", ENOMEM },
	{ "EFAULT", EFAULT }, { "EBUSY", EBUSY }, { "ENODEV", ENODEV },
	{ "EINVAL", EINVAL }, { "EFBIG", EFBIG }, { "ENOTTY", ENOTTY },
	{ "ENOEXEC", ENOEXEC }, { "ESTALE", ESTALE },
	{ "EOPNOTSUPP", EOPNOTSUPP },
};

static int errno_value(const char *name)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(errnos[i].name, name))
			return errnos[i].value;
	fprintf(stderr, "tkioctl: unknown errno name '%s'\n", name);
	exit(2);
}

static const char *errno_name(int e)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].value == e)
			return errnos[i].name;
	return strerror(e);
}

static int ctl_open(void)
{
	int fd = open("/dev/twinctl", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		perror("tkioctl: /dev/twinctl");
		exit(1);
	}
	return fd;
}

/* Report an ioctl's outcome against the expectation. */
static int verdict(const char *what, int ret, int err, int expect)
{
	int got = ret ? err : 0;

	printf("%s: %s (expected %s)\n", what, got ? errno_name(got) : "success",
	       expect ? errno_name(expect) : "success");
	return got == expect ? 0 : 1;
}

static int open_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "tkioctl: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

static long num(const char *s)
{
	char *end;
	long v = strtol(s, &end, 0);

	if (!*s || *end) {
		fprintf(stderr, "tkioctl: not a number: '%s'\n", s);
		exit(2);
	}
	return v;
}

static int cmd_load(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "kernel-fd", required_argument, NULL, 'K' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "initrd-fd", required_argument, NULL, 'I' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "flags", required_argument, NULL, 'f' },
		{ "cmdline", required_argument, NULL, 'l' },
		{ "cmdline-len", required_argument, NULL, 'L' },
		{ "pci-count", required_argument, NULL, 'p' },
		{ "expect", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	struct twin_load_args a = { .kernel_fd = -1, .initrd_fd = -1, .cpu = 1 };
	const char *cmdline = "twin_kernel console=ttyS1,115200 tk.role=B";
	long cmdline_len = -1;
	int opt, expect = 0, fd, ret;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': a.kernel_fd = open_file(optarg); break;
		case 'K': a.kernel_fd = (int)num(optarg); break;
		case 'i': a.initrd_fd = open_file(optarg); break;
		case 'I': a.initrd_fd = (int)num(optarg); break;
		case 'c': a.cpu = (unsigned int)num(optarg); break;
		case 'f': a.flags = (unsigned int)num(optarg); break;
		case 'l': cmdline = optarg; break;
		case 'L': cmdline_len = num(optarg); break;
		case 'p': a.pci_count = (unsigned int)num(optarg); break;
		case 'e': expect = errno_value(optarg); break;
		default: return 2;
		}
	}
	a.cmdline = (unsigned long)cmdline;
	a.cmdline_len = cmdline_len >= 0 ? (unsigned int)cmdline_len :
					   (unsigned int)strlen(cmdline) + 1;
	fd = ctl_open();
	ret = ioctl(fd, TWIN_IOC_LOAD, &a);
	return verdict("TWIN_IOC_LOAD", ret, errno, expect);
}

static int expect_opt(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "expect", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, expect = 0;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'e')
			exit(2);
		expect = errno_value(optarg);
	}
	return expect;
}

static int cmd_simple(const char *name, unsigned long req, int argc,
		      char **argv)
{
	int expect = expect_opt(argc, argv);
	int fd = ctl_open();
	int ret = ioctl(fd, req, 0);

	return verdict(name, ret, errno, expect);
}

/* TWIN_IOC_TAKE_PCI for BB:DD.F, with --flags as given. */
static int cmd_take_pci(int argc, char **argv)
{
	struct twin_give_pci_args a = { .dev.kind = TWIN_PCI_BY_ADDR };
	unsigned int bus, dev, fn;
	char end, *rest[8];
	int expect, fd, ret, n = 0;

	if (argc < 2 || sscanf(argv[1], "%x:%x.%x%c", &bus, &dev, &fn, &end) != 3 ||
	    bus > 0xff || dev > 0x1f || fn > 7) {
		fprintf(stderr, "tkioctl: take-pci BB:DD.F [--flags N] --expect ERRNO\n");
		return 2;
	}
	a.dev.bus = bus;
	a.dev.devfn = dev << 3 | fn;
	/* --flags N here; the rest is what expect_opt() reads. */
	rest[n++] = argv[0];
	for (int i = 2; i < argc && n < 7; i++) {
		if (!strcmp(argv[i], "--flags") && i + 1 < argc)
			a.flags = (unsigned int)strtoul(argv[++i], NULL, 0);
		else
			rest[n++] = argv[i];
	}
	rest[n] = NULL;
	expect = expect_opt(n, rest);
	fd = ctl_open();
	ret = ioctl(fd, TWIN_IOC_TAKE_PCI, &a);
	return verdict("TWIN_IOC_TAKE_PCI", ret, errno, expect);
}

/*
 * Another process writes 1 to the CPU's online file in a loop while this
 * one starts the twin. Whichever wins, the kernel must never bring the
 * CPU back into A once it entered B: at the end the twin still runs.
 */
static int cmd_race_online(int argc, char **argv)
{
	char path[64], state[32] = "";
	int cpu, expect, fd, ret, err, status;
	FILE *f;
	pid_t child;

	if (argc < 2) {
		fprintf(stderr, "tkioctl: race-online CPU --expect ERRNO\n");
		return 2;
	}
	cpu = (int)num(argv[1]);
	expect = expect_opt(argc - 1, argv + 1);
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online", cpu);
	child = fork();
	if (child < 0)
		return 1;
	if (!child) {
		for (;;) {
			int o = open(path, O_WRONLY);

			if (o >= 0) {
				if (write(o, "1", 1) < 0 && errno == EBUSY)
					_exit(0);	/* the twin has it */
				close(o);
			}
		}
	}
	fd = ctl_open();
	ret = ioctl(fd, TWIN_IOC_START, 0);
	err = errno;
	sleep(1);
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	f = fopen("/sys/kernel/twin/state", "r");
	if (!f || !fgets(state, sizeof(state), f))
		strcpy(state, "unreadable\n");
	if (f)
		fclose(f);
	printf("twin state after the race: %s", state);
	if (verdict("TWIN_IOC_START racing online", ret, err, expect))
		return 1;
	return !ret && strcmp(state, "running\n") ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "load"))
		return cmd_load(argc - 1, argv + 1);
	if (!strcmp(cmd, "start"))
		return cmd_simple("TWIN_IOC_START", TWIN_IOC_START, argc - 1, argv + 1);
	if (!strcmp(cmd, "stop"))
		return cmd_simple("TWIN_IOC_STOP", TWIN_IOC_STOP, argc - 1, argv + 1);
	if (!strcmp(cmd, "restart"))
		return cmd_simple("TWIN_IOC_RESTART", TWIN_IOC_RESTART, argc - 1, argv + 1);
	if (!strcmp(cmd, "unload"))
		return cmd_simple("TWIN_IOC_UNLOAD", TWIN_IOC_UNLOAD, argc - 1, argv + 1);
	if (!strcmp(cmd, "retire"))
		return cmd_simple("TWIN_IOC_RETIRE", TWIN_IOC_RETIRE, argc - 1, argv + 1);
	if (!strcmp(cmd, "unknown"))
		return cmd_simple("ioctl 0xb91f", _IO(TWIN_IOC_MAGIC, 0x1f), argc - 1, argv + 1);
	if (!strcmp(cmd, "take-pci"))
		return cmd_take_pci(argc - 1, argv + 1);
	if (!strcmp(cmd, "race-online"))
		return cmd_race_online(argc - 1, argv + 1);
	fprintf(stderr, "usage: tkioctl load|start|stop|restart|unload|retire|unknown|take-pci|race-online ... --expect ERRNO\n");
	return 2;
}
