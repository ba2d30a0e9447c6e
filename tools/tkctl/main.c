// SPDX-License-Identifier: GPL-2.0
/* tkctl: the command-line tool of Twin Kernel. One subcommand per file. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tkctl.h"

#ifndef TK_VERSION
#define TK_VERSION "0.1"
#endif

const char *tk_progname = "tkctl";

const struct tk_command tk_commands[] = {
	{ "load", "load a twin kernel into the reserved memory",
	  "load --kernel FILE [--initrd FILE] [--cmdline STRING] [--cpu N] [--pci LIST]\n"
	  "  --kernel FILE     bzImage of kernel B\n"
	  "  --initrd FILE     initramfs for B\n"
	  "  --cmdline STRING  B's command line (default console=ttyS1,115200);\n"
	  "                    twin_kernel is put first unless B's kernel would\n"
	  "                    already see it as a parameter\n"
	  "  --cpu N           the CPU lent to B (default: highest online CPU but 0)\n"
	  "  --pci LIST        B's PCI devices: [domain:]bus:dev.fn or vendor:device,\n"
	  "                    comma separated, hex\n",
	  cmd_load },
	{ "start", "boot the loaded twin on its CPU", "start\n"
	  "  Offlines the twin's CPU, which enters the twin; a CPU a stopped\n"
	  "  twin left parked is taken back first.\n", cmd_lifecycle },
	{ "status", "show the twin's state", "status [--json]\n"
	  "  One snapshot of the kernel: in A the twin (state, CPU, memory, why\n"
	  "  and when B ended, what B reports: b-state, b-kernel, b-uptime-ms,\n"
	  "  b-heartbeat) and the channel; in B the channel only. One\n"
	  "  \"key: value\" line each (after a number, a note for people may\n"
	  "  follow).\n"
	  "  --json  the same keys (with _ for -) and values as one JSON object\n",
	  cmd_status },
	{ "stop", "ask a running twin to shut down cleanly", "stop [--timeout SECONDS]\n"
	  "  Waits until the twin says it stopped (default 30 s, at most 86400).\n"
	  "  Exit status 0 only when it did; 1 when it was not running (the\n"
	  "  message says whether it had already stopped or crashed, and why),\n"
	  "  when it crashed instead of stopping (and why), or when it did not\n"
	  "  stop in time.\n", cmd_stop },
	{ "restart", "boot a stopped or crashed twin again", "restart\n"
	  "  From the loaded image, checked first and reloaded from its files\n"
	  "  if the twin wrote over it.\n", cmd_lifecycle },
	{ "unload", "drop the twin and give its CPU back", "unload\n"
	  "  The twin must not be running; its CPU can then be onlined.\n",
	  cmd_lifecycle },
	{ "grow", "give the running twin more CPUs and devices, for good",
	  "grow [--pci LIST] [--cpus LIST]\n"
	  "  --pci LIST   PCI devices by address ([domain:]bus:dev.fn, comma\n"
	  "               separated, hex): each is removed here and the twin\n"
	  "               scans it and binds its driver (MSI or MSI-X devices,\n"
	  "               on a bus the twin knows)\n"
	  "  --cpus LIST  CPUs (\"2\", \"2,3\", \"1-3\"): each goes offline here\n"
	  "               into a park in the twin's memory and the twin brings\n"
	  "               it online; CPU 0 cannot be given\n"
	  "  Devices first, then CPUs; one line each, with the times. Stops at\n"
	  "  the first refusal: what was given before stays the twin's; what\n"
	  "  the twin did not take is this kernel's again. When the twin ends,\n"
	  "  restart and unload take every CPU and device back.\n", cmd_grow },
	{ "handover", "give the twin the whole machine; this kernel retires",
	  "handover [--leave LIST] [--dry-run]\n"
	  "  Checks first (the twin runs, its channel is up, it can take what\n"
	  "  moves) and changes nothing if a check fails. Then moves every PCI\n"
	  "  device with a driver here (not the bridges): one that interrupts\n"
	  "  by MSI or MSI-X now, one that needs the IOAPIC (INTx, a legacy IDE\n"
	  "  controller) when this kernel retires; every online CPU but CPU 0;\n"
	  "  syncs and freezes the file systems, and retires: this kernel stops,\n"
	  "  the twin wakes CPU 0, adds this kernel's RAM and takes the IOAPIC\n"
	  "  and the devices that need it. Each phase is printed with its time.\n"
	  "  --leave LIST  PCI devices ([domain:]bus:dev.fn, comma separated)\n"
	  "                that stay behind: shut down here, never the twin's\n"
	  "  --dry-run     the check and the plan only\n", cmd_handover },
	{ "upgrade", "move this system's services to a new kernel and hand it the machine",
	  "upgrade --kernel FILE [--initrd FILE] [--cmdline STRING] [--service PID|NAME]\n"
	  "        [--cpu N] [--keep-cpus N] [--timeout SECONDS] [--dry-run]\n"
	  "  Phases, each printed with its time: check (the kernel file, the\n"
	  "  services, \"criu check\" here, no twin loaded; nothing changes when a\n"
	  "  check fails), boot (B boots on a lent CPU while the services run\n"
	  "  here; B runs criu check and the handover plan is checked), grow (the\n"
	  "  CPUs this kernel can spare go to B), precopy\n"
	  "  (criu pre-dump, sent to B over the channel), freeze (criu dump: the\n"
	  "  service stops, its TCP connections locked here; the pages changed\n"
	  "  since the pre-copy and what B needs to restore go to B), handover\n"
	  "  (tkctl handover: this kernel retires; B restores the service and\n"
	  "  starts the system's init). Until the retire, a failure leaves the\n"
	  "  service running here (restored from its images if it had stopped)\n"
	  "  and B stopped and unloaded.\n"
	  "  --kernel FILE     bzImage of the new kernel\n"
	  "  --initrd FILE     its initramfs, with tkctl and criu (default\n"
	  "                    /boot/initramfs-b.cpio.gz)\n"
	  "  --cmdline STRING  more of B's command line (after console=ttyS1,115200\n"
	  "                    tk.role=B tk.upgrade=1; console=ttyS0 when this\n"
	  "                    kernel's console is ttyS1)\n"
	  "  --service PID|NAME  a process tree to move (by PID, or the process\n"
	  "                    of that name whose parent has another); up to 8\n"
	  "  --cpu N           the CPU lent to B while it boots (tkctl load's)\n"
	  "  --keep-cpus N     online CPUs this kernel keeps for the services\n"
	  "                    until it retires, its lowest (default 1: CPU 0);\n"
	  "                    the others go to B before the services move\n"
	  "  --timeout SECONDS for B to boot and say it is ready (default 600)\n"
	  "  --dry-run         the check phase and the plan only\n",
	  cmd_upgrade },
	{ "upgrade-recv", "B's side of tkctl upgrade (started by B's init)",
	  "upgrade-recv\n"
	  "  In the new kernel, run by its /init with tk.upgrade=1: runs criu\n"
	  "  check and tells A; receives the images into /run/tk-upgrade; after\n"
	  "  the takeover mounts the root file system on /newroot, restores the\n"
	  "  services there with A's addresses and clocks, and exits 0 (then\n"
	  "  /init starts the system's init in /newroot). On a failed restore\n"
	  "  the images are kept in /var/lib/tk-upgrade and it exits 1.\n",
	  cmd_upgrade_recv },
	{ "share-net", "share this kernel's NIC with the twin over twin0",
	  "share-net [--dev NIC] [--bridge NAME] [--off]\n"
	  "  In the kernel that owns the NIC: creates bridge NAME with the NIC's\n"
	  "  MAC address, makes the NIC and twin0 its ports (twin0 takes the\n"
	  "  NIC's MTU), brings them up and moves the NIC's IPv4 addresses and\n"
	  "  its main-table routes to the bridge. The twin is then on the NIC's\n"
	  "  network with an address of its own on its twin0 (udhcpc -i twin0).\n"
	  "  Checks first and changes nothing when a check fails; a step that\n"
	  "  fails undoes the steps before it.\n"
	  "  --dev NIC      the NIC (default: the one of the IPv4 default route)\n"
	  "  --bridge NAME  the bridge (default br0); it must not exist yet\n"
	  "  --off          undo: the NIC and twin0 leave the bridge, its IPv4\n"
	  "                 addresses and routes go back to the NIC and the\n"
	  "                 bridge is deleted (it must have twin0 as a port)\n",
	  cmd_share_net },
	{ "log", "print the twin's kernel log", "log\n"
	  "  Read from memory that outlives the twin: works after a crash.\n",
	  cmd_log },
	{ "send", "send messages to the other kernel", "send [--nonblock] [MESSAGE...]\n"
	  "  Each MESSAGE is one message (up to 65536 bytes); without any, each\n"
	  "  non-empty line of standard input is one. Works in A and in B.\n"
	  "  --nonblock  fail with EAGAIN instead of waiting when the ring is full\n"
	  "  A MESSAGE that starts with '-' goes after '--'.\n",
	  cmd_send },
	{ "recv", "print messages from the other kernel", "recv [-n COUNT] [--timeout SECONDS] [--nonblock]\n"
	  "  Prints each message and a newline; stops after COUNT messages, when\n"
	  "  none came for SECONDS, or when the other kernel is down and all it\n"
	  "  sent was read (ENOTCONN).\n"
	  "  --nonblock  fail with EAGAIN instead of waiting when no message is there\n",
	  cmd_recv },
	{ "ping", "round trips to the other kernel", "ping [-c COUNT] [-s SIZE] [-i MS] [-W MS]\n"
	  "  The other kernel answers in its doorbell interrupt; prints each\n"
	  "  round trip and min/avg/max/mdev like ping(8).\n"
	  "  -c COUNT  stop after COUNT (default: until interrupted)\n"
	  "  -s SIZE   payload bytes, 8..256 (default 56)\n"
	  "  -i MS     wait between pings, 0 = back to back (default 1000)\n"
	  "  -W MS     wait this long for each answer, 1..60000 (default 1000);\n"
	  "            a ping without one is counted lost\n",
	  cmd_ping },
	{ NULL, NULL, NULL, NULL },
};

void tk_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s%s%s: ", tk_progname, cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const struct tk_command *tk_find_command(const char *name)
{
	for (const struct tk_command *c = tk_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

void tk_usage(const struct tk_command *cmd, int to_stderr)
{
	fprintf(to_stderr ? stderr : stdout, "Usage: %s %s", tk_progname,
		cmd->usage);
}

static void usage(FILE *to)
{
	fprintf(to,
		"Usage: %s COMMAND [OPTIONS]\n"
		"       %s COMMAND --help\n"
		"       %s --version\n"
		"\n"
		"Control a Twin Kernel: a second kernel (B) booted beside the\n"
		"running one (A) on a CPU and memory that A lends it.\n"
		"\n"
		"Commands:\n", tk_progname, tk_progname, tk_progname);
	for (const struct tk_command *c = tk_commands; c->name; c++)
		fprintf(to, "  %-9s %s\n", c->name, c->summary);
	fprintf(to,
		"\n"
		"Every command takes -h/--help; options and operands come in any\n"
		"order, '--' ends the options.\n"
		"\n"
		"Exit status: 0 success; 1 the kernel or system refused (the\n"
		"message names the object and the errno); 2 usage error, nothing\n"
		"changed.\n");
}

int main(int argc, char **argv)
{
	const struct tk_command *cmd;

	if (argc < 2) {
		usage(stderr);
		return TK_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return TK_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("tkctl %s\n", TK_VERSION);
		return TK_EXIT_OK;
	}
	cmd = tk_find_command(argv[1]);
	if (!cmd) {
		tk_err(NULL, "unknown command '%s' (try '%s --help')", argv[1],
		       tk_progname);
		return TK_EXIT_USAGE;
	}
	return cmd->run(argc - 1, argv + 1);
}
