/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Twin Kernel: a second kernel (B) booted beside the running one (A) on a
 * CPU and a memory range that A lends it.
 *
 * Two ABIs live here:
 *  - struct twin_boot_info: what A hands B at boot (an x86 setup_data entry
 *    of type SETUP_TWIN). A and B are different kernel builds, so this is a
 *    fixed little-endian layout with explicit widths, a magic, a version and
 *    reserved space; B refuses versions it does not know.
 *  - the ioctls of /dev/twinctl, used by tkctl in A.
 */
#ifndef _UAPI_LINUX_TWIN_H
#define _UAPI_LINUX_TWIN_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define SETUP_TWIN		0x54574b00	/* setup_data type: "TWK" */
#define TWIN_BOOT_MAGIC		0x4e495754	/* "TWIN" */
#define TWIN_BOOT_VERSION	1
#define TWIN_PCI_MAX		16

/* One PCI device in a list: by address or by vendor:device. */
#define TWIN_PCI_BY_ADDR	1
#define TWIN_PCI_BY_ID		2

struct twin_pci_dev {
	__u8	kind;		/* TWIN_PCI_BY_ADDR or TWIN_PCI_BY_ID */
	__u8	bus;
	__u8	devfn;
	__u8	reserved;
	__u16	domain_or_vendor;
	__u16	device;
};

struct twin_boot_info {
	__u32	magic;		/* TWIN_BOOT_MAGIC */
	__u16	version;	/* TWIN_BOOT_VERSION */
	__u16	size;		/* bytes valid in this struct, as A wrote it */
	__u64	mem_start;	/* B's RAM: physical start */
	__u64	mem_size;	/*          and size in bytes */
	__u32	cpu_apic_id;	/* APIC ID of the CPU lent to B */
	__u32	host_apic_id;	/* APIC ID of A's boot CPU */
	__u32	tsc_khz;	/* TSC frequency */
	__u32	lapic_khz;	/* LAPIC timer input clock (ticks per ms) */
	__u64	wallclock_sec;	/* A's CLOCK_REALTIME when it loaded B */
	__u16	uart_iobase;	/* B's console UART (I/O port), 0 = none */
	__u16	pci_count;	/* valid entries in pci[] */
	__u32	flags;		/* none defined yet: must be 0 */
	__u64	shared_pa;	/* struct twin_shared page, both kernels map it */
	__u64	pci_mmcfg_base;	/* ECAM of PCI segment 0 from bus 0, 0 = none */
	__u8	pci_mmcfg_end_bus;
	__u8	pad[7];		/* zero */
	__u64	reserved[1];	/* zero */
	struct twin_pci_dev pci[TWIN_PCI_MAX];	/* B's devices (allow list) */
};

/*
 * One page both kernels see, outside B's RAM: B reports its state there,
 * A reads it. Only B writes the b_* fields; A treats every value as
 * untrusted.
 */
#define TWIN_SHARED_MAGIC	0x53574e54	/* "TNWS" */
#define TWIN_SHARED_VERSION	1

enum twin_b_state {
	TWIN_B_NONE = 0,	/* B has not written yet */
	TWIN_B_BOOTING = 1,	/* B's kernel is up, init not yet */
	TWIN_B_RUNNING = 2,	/* B's heartbeat runs */
	TWIN_B_STOPPED = 3,	/* orderly halt/poweroff/reboot */
	TWIN_B_CRASHED = 4,	/* panic (oops, sysrq crash, fatal fault) */
};

/* Why B stopped: b_reason. */
enum twin_b_reason {
	TWIN_WHY_NONE = 0,
	TWIN_WHY_PANIC = 1,	/* b_message holds the panic message */
	TWIN_WHY_HALT = 2,
	TWIN_WHY_POWEROFF = 3,
	TWIN_WHY_REBOOT = 4,
};

/* a_request: what A asks of B. */
#define TWIN_REQ_NONE		0
#define TWIN_REQ_STOP		1	/* shut down cleanly, then park */

struct twin_shared {
	__u32	magic;		/* TWIN_SHARED_MAGIC, written by A */
	__u16	version;	/* TWIN_SHARED_VERSION, written by A */
	__u16	size;
	__u32	b_state;	/* enum twin_b_state */
	__u32	b_reason;	/* enum twin_b_reason */
	__u64	b_heartbeat;	/* incremented by B every 100 ms */
	__u64	b_uptime_ms;	/* B's uptime at its last heartbeat */
	char	b_release[64];	/* B's "uname -r", NUL-terminated */
	char	b_message[64];	/* the panic message, NUL-terminated */
	__u32	a_request;	/* TWIN_REQ_*, written by A */
	__u32	log_size;	/* bytes in B's log ring, written by A */
	__u64	log_offset;	/* ring start, from this page, written by A */
	__u64	log_head;	/* bytes B ever wrote to the ring */
	__u64	reserved[12];
};

/*
 * TWIN_IOC_LOAD: read B's kernel (and initrd) from files into the twin
 * memory and bind it to a CPU. Everything is checked before anything is
 * written; on error nothing changes.
 */
struct twin_load_args {
	__s32	kernel_fd;
	__s32	initrd_fd;	/* -1: no initrd */
	__u64	cmdline;	/* user pointer to a NUL-terminated string */
	__u32	cmdline_len;	/* bytes including the NUL */
	__u32	cpu;		/* the CPU lent to B */
	__u32	flags;		/* must be 0 */
	__u32	pci_count;
	struct twin_pci_dev pci[TWIN_PCI_MAX];
};

#define TWIN_IOC_MAGIC		'W'
#define TWIN_IOC_LOAD		_IOW(TWIN_IOC_MAGIC, 1, struct twin_load_args)
#define TWIN_IOC_UNLOAD		_IO(TWIN_IOC_MAGIC, 2)
/* Enter the loaded twin: offline its CPU (onlining it first if B parked it). */
#define TWIN_IOC_START		_IO(TWIN_IOC_MAGIC, 3)
/* Ask a running twin to shut down cleanly. */
#define TWIN_IOC_STOP		_IO(TWIN_IOC_MAGIC, 4)
/* Boot a stopped or crashed twin again from the loaded image. */
#define TWIN_IOC_RESTART	_IO(TWIN_IOC_MAGIC, 5)

#endif /* _UAPI_LINUX_TWIN_H */
