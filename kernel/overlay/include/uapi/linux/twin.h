/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Twin Kernel: a second kernel (B) booted beside the running one (A) on a
 * CPU and a memory range that A lends it. Documentation/admin-guide/
 * twin-kernel.rst.
 *
 * The user ABI: the ioctls of /dev/twinctl (in A, used by tkctl) and of
 * /dev/twin (the channel, in both kernels). What the two kernels share
 * with each other is in <linux/twin_abi.h>.
 */
#ifndef _UAPI_LINUX_TWIN_H
#define _UAPI_LINUX_TWIN_H

#include <linux/ioctl.h>
#include <linux/types.h>

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

/* The channel as one kernel sees it: TWIN_CHAN_IOC_STATUS, TWIN_IOC_STATUS. */
enum twin_chan_state_id {
	TWIN_CHAN_NONE = 0,	/* no channel in this kernel */
	TWIN_CHAN_DOWN = 1,	/* set up, the peer is not attached or not alive */
	TWIN_CHAN_UP = 2,
	TWIN_CHAN_BROKEN = 3,	/* a ring was found corrupt (until the reset) */
};

struct twin_chan_status {
	__u32	state;		/* enum twin_chan_state_id */
	__u32	reserved0;
	__u64	tx_msgs;	/* /dev/twin messages sent */
	__u64	tx_bytes;
	__u64	rx_msgs;	/* and received */
	__u64	rx_bytes;
	__u64	drops;		/* records not delivered or not sent */
	__u64	errors;		/* ring corruptions found, ever */
	__u64	doorbells_in;
	__u64	doorbells_out;
	__u64	reserved[4];
};

/* The largest /dev/twin message. */
#define TWIN_MSG_MAX		65536

/* /dev/twin ioctls (both kernels). */
struct twin_ping_args {
	__u32	size;		/* payload bytes, 8..max */
	__u32	timeout_ms;	/* 0 = 1000 */
	__u64	rtt_ns;		/* out: send to answer, measured in the kernel */
};

#define TWIN_CHAN_IOC_PING	_IOWR(TWIN_IOC_MAGIC, 16, struct twin_ping_args)
#define TWIN_CHAN_IOC_STATUS	_IOR(TWIN_IOC_MAGIC, 17, struct twin_chan_status)

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

/* Documentation/userspace-api/ioctl/ioctl-number.rst: 0xB9 00-1F. */
#define TWIN_IOC_MAGIC		0xB9
#define TWIN_IOC_LOAD		_IOW(TWIN_IOC_MAGIC, 1, struct twin_load_args)
#define TWIN_IOC_UNLOAD		_IO(TWIN_IOC_MAGIC, 2)
/* Enter the loaded twin: offline its CPU (onlining it first if B parked it). */
#define TWIN_IOC_START		_IO(TWIN_IOC_MAGIC, 3)
/* Ask a running twin to shut down cleanly. */
#define TWIN_IOC_STOP		_IO(TWIN_IOC_MAGIC, 4)
/* Boot a stopped or crashed twin again from the loaded image. */
#define TWIN_IOC_RESTART	_IO(TWIN_IOC_MAGIC, 5)

/* TWIN_IOC_STATUS: the twin in A, one consistent snapshot. */
enum twin_state_id {
	TWIN_STATE_NONE = 0,
	TWIN_STATE_LOADED = 1,
	TWIN_STATE_RUNNING = 2,
	TWIN_STATE_STOPPED = 3,
	TWIN_STATE_CRASHED = 4,
};

/* b_state when B wrote a value that means nothing. */
#define TWIN_B_INVALID		0xffffffffU

struct twin_status {
	__u32	state;		/* enum twin_state_id */
	__s32	cpu;		/* the CPU lent to B, -1 when none is loaded */
	__u32	b_state;	/* B's own word: enum twin_b_state (twin_abi.h) */
	__u32	b_caps;		/* what B says it can do: TWIN_CAP_* (twin_abi.h) */
	__u64	mem_start;	/* the twin memory, 0 when none is reserved */
	__u64	mem_size;
	__u64	running_ms;	/* since B's CPU left A, while running */
	__u64	b_heartbeat;	/* B's heartbeat count and uptime */
	__u64	b_uptime_ms;
	__s64	ended_at;	/* realtime seconds when A saw B end, or 0 */
	char	b_release[64];	/* B's "uname -r" */
	char	reason[96];	/* why B ended (stopped or crashed) */
	struct twin_chan_status chan;
	__u64	cpus_given;	/* A's CPUs given to B (bit n = CPU n) */
	__u64	reserved[7];
};

#define TWIN_IOC_STATUS		_IOR(TWIN_IOC_MAGIC, 6, struct twin_status)

/*
 * TWIN_IOC_LAST_ERROR: why the last command on this open file failed, in
 * the kernel's words (empty after a success, or when the errno says all).
 */
struct twin_error {
	char	msg[256];
};

#define TWIN_IOC_LAST_ERROR	_IOR(TWIN_IOC_MAGIC, 7, struct twin_error)

/*
 * TWIN_IOC_GIVE_CPU: give one of A's online CPUs to the running twin for
 * good. The CPU goes offline in A into the park, B brings it online. If
 * B does not take it, A takes it back (online again) and says why.
 */
struct twin_give_cpu_args {
	__u32	cpu;		/* A's CPU number */
	__u32	flags;		/* must be 0 */
	__s32	b_cpu;		/* out: its number in B */
	__u32	reserved;	/* zero */
	__u64	park_ns;	/* out: from A's offline to the CPU parked */
	__u64	adopt_ns;	/* out: from parked to online in B, as A saw it */
	__u64	b_ns;		/* out: B's own time for the bring-up */
};

#define TWIN_IOC_GIVE_CPU	_IOWR(TWIN_IOC_MAGIC, 8, struct twin_give_cpu_args)

/*
 * TWIN_IOC_GIVE_PCI: move one of A's PCI devices (by address) to the
 * running twin: A unbinds and removes it, B scans it and binds its
 * driver. If B does not, A scans it again.
 *
 * With TWIN_GIVE_AT_RETIRE the device (one that interrupts by INTx or
 * by ISA IRQs, through the IOAPIC) stays and runs here until A retires:
 * it moves then, with the IOAPIC (TWIN_IOC_RETIRE). TWIN_IOC_TAKE_PCI
 * cancels that before the retire.
 */
#define TWIN_GIVE_AT_RETIRE	(1U << 0)

struct twin_give_pci_args {
	struct twin_pci_dev dev;	/* TWIN_PCI_BY_ADDR */
	__u32	flags;		/* TWIN_GIVE_* (GIVE_PCI), 0 (TAKE_PCI) */
	__u32	id;		/* out: vendor | device << 16 */
	__u64	remove_ns;	/* out: A's unbind and removal */
	__u64	adopt_ns;	/* out: B's scan and driver probe, as A saw it */
};

#define TWIN_IOC_GIVE_PCI	_IOWR(TWIN_IOC_MAGIC, 9, struct twin_give_pci_args)

/*
 * TWIN_IOC_RETIRE: the last step of a handover. A must be down to one
 * online CPU (the others given to B). A describes its RAM and platform
 * for B, waits for B's answer, shuts its devices down, silences its
 * interrupt sources and parks its last CPU, which B then wakes. On
 * success it does not return: this kernel is gone. Before B's answer a
 * failure changes nothing.
 */
#define TWIN_IOC_RETIRE		_IO(TWIN_IOC_MAGIC, 10)

/*
 * TWIN_IOC_TAKE_PCI: take back a device given with TWIN_IOC_GIVE_PCI
 * from the running twin: B unbinds and removes it, then A scans it and
 * binds its driver again. The same arguments (id out; flags 0).
 */
#define TWIN_IOC_TAKE_PCI	_IOWR(TWIN_IOC_MAGIC, 11, struct twin_give_pci_args)

#endif /* _UAPI_LINUX_TWIN_H */
