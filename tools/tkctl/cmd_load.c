// SPDX-License-Identifier: GPL-2.0
/* tkctl load: check B's kernel, initrd, CPU and PCI list, then hand them
 * to the kernel (TWIN_IOC_LOAD). Nothing changes unless all is valid. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bzimage.h"
#include "cmdline.h"
#include "options.h"
#include "parse.h"
#include "tkctl.h"
#include "twinctl.h"

#define DEFAULT_CMDLINE "console=ttyS1,115200"
#define CMDLINE_MAX 2048

static int open_checked(const char *what, const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		tk_err("load", "%s %s: %s", what, path, strerror(errno));
		return -1;
	}
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		tk_err("load", "%s %s: not a regular file", what, path);
		close(fd);
		return -1;
	}
	return fd;
}

static int check_kernel(int fd, const char *path, const struct stat *st)
{
	unsigned char buf[TK_BZ_PROBE_LEN];
	char err[TK_ERRLEN];
	ssize_t n = pread(fd, buf, sizeof(buf), 0);

	if (n < 0) {
		tk_err("load", "kernel %s: %s", path, strerror(errno));
		return -1;
	}
	if (tk_check_bzimage(buf, (size_t)n, (uint64_t)st->st_size, err)) {
		tk_err("load", "kernel %s: %s", path, err);
		return -1;
	}
	return 0;
}

/* --cpu N: a CPU number other than 0 (checked before anything else). */
static int parse_cpu_arg(const char *arg, unsigned int *cpu)
{
	char err[TK_ERRLEN];

	if (tk_parse_cpu(arg, 4095, cpu, err)) {
		tk_err("load", "--cpu: %s", err);
		return TK_EXIT_USAGE;
	}
	if (*cpu == 0) {
		tk_err("load", "--cpu 0: CPU 0 is the boot CPU and cannot be lent");
		return TK_EXIT_USAGE;
	}
	return 0;
}

/* The CPU lent to B: *cpu when @given (it must exist and be online), or
 * the highest online CPU but 0. */
static int pick_cpu(int given, unsigned int *cpu)
{
	char path[128], buf[4096];
	int ret;

	if (!given) {
		if (tk_file_read("/sys/devices/system/cpu/online", buf, sizeof(buf)) ||
		    (ret = tk_highest_cpu(buf)) < 1) {
			tk_err("load", "no online CPU other than CPU 0 to lend");
			return TK_EXIT_FAIL;
		}
		*cpu = (unsigned int)ret;
		return 0;
	}
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/online", *cpu);
	ret = tk_file_read(path, buf, sizeof(buf));
	if (ret == -ENOENT) {
		tk_err("load", "--cpu %u: no such CPU", *cpu);
		return TK_EXIT_USAGE;
	}
	if (ret || strcmp(buf, "1")) {
		tk_err("load", "--cpu %u: the CPU is offline; the twin's CPU must be online (it leaves this kernel at 'tkctl start')",
		       *cpu);
		return TK_EXIT_FAIL;
	}
	return 0;
}

int cmd_load(int argc, char **argv)
{
	enum { KERNEL = TK_OPT_LONG_ONLY, INITRD, CMDLINE, CPU, PCI };
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, KERNEL },
		{ "initrd", required_argument, NULL, INITRD },
		{ "cmdline", required_argument, NULL, CMDLINE },
		{ "cpu", required_argument, NULL, CPU },
		{ "pci", required_argument, NULL, PCI },
		TK_OPT_HELP_ENTRY, TK_OPT_END_ENTRY,
	};
	const struct tk_command *self = tk_find_command("load");
	struct tk_opts opts = {
		.cmd = self, .argc = argc, .argv = argv,
		.shortopts = "h", .longopts = longopts,
	};
	const char *kernel = NULL, *initrd = NULL;
	const char *cmdline = DEFAULT_CMDLINE;
	struct twin_load_args args = { .initrd_fd = -1 };
	struct tk_pci_list pci = { 0 };
	char err[TK_ERRLEN], full[CMDLINE_MAX + sizeof("twin_kernel ")];
	char state[64], mem_size[32];
	unsigned int cpu_wanted = 0;
	int cpu_given = 0;
	struct stat kst, ist;
	int c, ret, ctl;

	while ((c = tk_opts_next(&opts)) >= 0) {
		switch (c) {
		case KERNEL: kernel = optarg; break;
		case INITRD: initrd = optarg; break;
		case CMDLINE: cmdline = optarg; break;
		case CPU:
			ret = parse_cpu_arg(optarg, &cpu_wanted);
			if (ret)
				return ret;
			cpu_given = 1;
			break;
		case PCI:
			if (tk_parse_pci_list(optarg, &pci, err)) {
				tk_err("load", "--pci: %s", err);
				return TK_EXIT_USAGE;
			}
			break;
		}
	}
	if (c != TK_OPTS_END)
		return tk_opts_exit(c);
	if (tk_opts_no_operands(&opts))
		return TK_EXIT_USAGE;
	if (!kernel) {
		tk_err("load", "--kernel FILE is required");
		tk_usage(self, 1);
		return TK_EXIT_USAGE;
	}
	/* B always knows it is a twin. */
	if (strlen(cmdline) > CMDLINE_MAX ||
	    tk_cmdline_for_twin(cmdline, full, sizeof(full))) {
		tk_err("load", "--cmdline: longer than %d bytes", CMDLINE_MAX);
		return TK_EXIT_USAGE;
	}

	ret = tk_sysfs_read("state", state, sizeof(state));
	if (ret) {
		tk_err("load", TK_SYSFS "/state: %s%s", strerror(-ret),
		       ret == -ENOENT ? tk_no_twin_hint() : "");
		return TK_EXIT_FAIL;
	}
	if (!strcmp(state, "running")) {
		tk_err("load", "a twin kernel is running: stop it before loading another (Device or resource busy)");
		return TK_EXIT_FAIL;
	}
	if (!strcmp(state, "stopped") || !strcmp(state, "crashed")) {
		/* B's CPU waits where B left it: the next twin gets it. */
		char cpu[32];

		if (tk_sysfs_read("cpu", cpu, sizeof(cpu)) ||
		    tk_parse_cpu(cpu, 4095, &args.cpu, err)) {
			tk_err("load", "cannot read the stopped twin's CPU");
			return TK_EXIT_FAIL;
		}
		if (cpu_given && cpu_wanted != args.cpu) {
			tk_err("load", "--cpu %u: CPU %u still waits where the stopped twin left it; load for it or unload first (%s)",
			       cpu_wanted, args.cpu, strerror(EBUSY));
			return TK_EXIT_FAIL;
		}
	} else {
		args.cpu = cpu_wanted;
		ret = pick_cpu(cpu_given, &args.cpu);
		if (ret)
			return ret;
	}

	args.kernel_fd = open_checked("kernel", kernel, &kst);
	if (args.kernel_fd < 0)
		return TK_EXIT_FAIL;
	if (check_kernel(args.kernel_fd, kernel, &kst))
		return TK_EXIT_FAIL;
	if (initrd) {
		args.initrd_fd = open_checked("initrd", initrd, &ist);
		if (args.initrd_fd < 0)
			return TK_EXIT_FAIL;
		/*
		 * No size yet (0) in a kernel that took the machine over: it
		 * takes its twin memory at this load, and checks it then.
		 */
		if (!tk_sysfs_read("mem_size", mem_size, sizeof(mem_size)) &&
		    strtoull(mem_size, NULL, 10) &&
		    (unsigned long long)ist.st_size + (unsigned long long)kst.st_size >
		    strtoull(mem_size, NULL, 10)) {
			tk_err("load", "initrd %s (%lld MiB) and kernel do not fit the twin memory (%llu MiB reserved with twinkernel=): %s",
			       initrd, (long long)ist.st_size >> 20,
			       strtoull(mem_size, NULL, 10) >> 20, strerror(EFBIG));
			return TK_EXIT_FAIL;
		}
	}
	args.cmdline = (uint64_t)(uintptr_t)full;
	args.cmdline_len = (uint32_t)strlen(full) + 1;
	args.pci_count = pci.n;
	memcpy(args.pci, pci.dev, sizeof(pci.dev[0]) * pci.n);

	ctl = tk_open_ctl("load");
	if (ctl < 0)
		return TK_EXIT_FAIL;
	/* The kernel's reason, or else "KERNEL: errno". */
	ret = tk_ctl_command(ctl, "load", TWIN_IOC_LOAD, &args, kernel);
	close(ctl);
	if (ret)
		return TK_EXIT_FAIL;
	printf("loaded %s%s%s for CPU %u\n", kernel, initrd ? " with " : "",
	       initrd ? initrd : "", args.cpu);
	return TK_EXIT_OK;
}
