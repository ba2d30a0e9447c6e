/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Twin Kernel: the ABI between kernel A and kernel B. A and B are
 * different kernel builds (an upgrade), so everything they share is a
 * fixed little-endian layout with explicit widths, a magic, a version, a
 * size and reserved space, never a kernel-internal struct:
 *
 *  - struct twin_boot_info: what A hands B at boot (an x86 setup_data
 *    entry of type SETUP_TWIN);
 *  - struct twin_shared: a page where B reports its state to A;
 *  - the channel: struct twin_chan_hdr, the rings' indices and records.
 *
 * Versions. A version is a revision that only appends fields (or gives a
 * meaning to reserved space, zero meaning "absent"); size says how many
 * bytes the writer filled. A reader therefore accepts every version from
 * 1 on: it uses the first min(size, its own sizeof) bytes and takes the
 * rest as zero. A newer B beside an older A (the normal upgrade) reads
 * zeros for fields that A does not know; an older B beside a newer A
 * reads the prefix it knows. A change that is not compatible in this way
 * gets a new magic, which older readers refuse with a clear message.
 * Version 0, or a size below the first version's, is refused.
 *
 * Shared under the Linux-syscall-note so that host tests and fuzzers can
 * build the same ring code as the kernels.
 */
#ifndef _UAPI_LINUX_TWIN_ABI_H
#define _UAPI_LINUX_TWIN_ABI_H

#include <linux/twin.h>
#include <linux/types.h>

#define SETUP_TWIN		0x54574b00	/* setup_data type: "TWK" */
#define TWIN_BOOT_MAGIC		0x4e495754	/* "TWIN" */
#define TWIN_BOOT_VERSION	3	/* the newest this kernel writes and knows */
/* Bytes of version 1: every reader needs at least these. */
#define TWIN_BOOT_V1_SIZE	216
/* Version 2 appends the machine's CPUs (machine_apic_id[]). */
#define TWIN_BOOT_V2_SIZE	480
/* Version 3 gives reserved2 a meaning: gsi_top (same size). */
/* The most CPUs a machine may have for one kernel to hand them to another. */
#define TWIN_MACHINE_CPUS_MAX	64
/* twin_boot_info.flags */
#define TWIN_BOOT_F_EXTD_APICID	(1U << 0)	/* AMD: 8-bit APIC IDs in use */

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
	__u32	flags;		/* TWIN_BOOT_F_*; unknown bits are ignored */
	__u64	shared_pa;	/* struct twin_shared page, both kernels map it */
	__u64	pci_mmcfg_base;	/* ECAM of PCI segment 0 from bus 0, 0 = none */
	__u8	pci_mmcfg_end_bus;
	__u8	pad[7];		/* zero */
	__u64	reserved[1];	/* zero */
	struct twin_pci_dev pci[TWIN_PCI_MAX];	/* B's devices (allow list) */
	/* Version 2: every CPU of the machine, B's among them, by APIC ID. */
	__u32	machine_cpus;	/* valid entries in machine_apic_id[] */
	/*
	 * Version 3: the machine's GSIs (IOAPIC pins) are 0..gsi_top-1; B
	 * keeps those IRQ numbers free until it takes the IOAPIC. 0: unknown.
	 */
	__u32	gsi_top;
	__u32	machine_apic_id[TWIN_MACHINE_CPUS_MAX];
};

/*
 * One page both kernels see, outside B's RAM: B reports its state there,
 * A reads it. Only B writes the b_* fields; A treats every value as
 * untrusted.
 */
#define TWIN_SHARED_MAGIC	0x53574e54	/* "TNWS" */
#define TWIN_SHARED_VERSION	2
#define TWIN_SHARED_V1_SIZE	280
/* Version 2 gives b_caps and park_offset a meaning (same size). */

/* b_caps: what B can do beyond version 1, said by B once it runs. */
#define TWIN_CAP_ADOPT_CPU	(1U << 0)	/* wakes CPUs parked by A */
#define TWIN_CAP_ADOPT_PCI	(1U << 1)	/* scans PCI devices A removed */
#define TWIN_CAP_TAKEOVER	(1U << 2)	/* takes A's last CPU and RAM */
#define TWIN_CAP_RELEASE_PCI	(1U << 3)	/* gives back a device A gave */
#define TWIN_CAP_PLATFORM	(1U << 4)	/* takes the IOAPIC and INTx devices */

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
	__u64	chan_offset;	/* struct twin_chan_hdr, from this page (A) */
	__u32	chan_size;	/* bytes of the channel region, 0 = none (A) */
	__u32	b_caps;		/* TWIN_CAP_* (B); version 2 */
	/* struct twin_park_area, from this page (A); version 2, 0 = none */
	__u64	park_offset;
	__u64	reserved[9];
};

/*
 * The park: where A sends a CPU it gives to B for good. A writes the
 * area at load (a header, one slot per CPU, the park code, its IDT and
 * stacks) in the control area, which is B's memory and stays out of A's
 * RAM. A CPU leaving A waits on its slot with interrupts off; B wakes it
 * by writing the page table and the entry it should jump to, then state
 * TWIN_PARK_WAKE. The CPU says TWIN_PARK_GONE as it leaves. Only the
 * parked CPU and B write a slot after A reserved it; B checks every value
 * it reads there.
 *
 * Version 2: once B sets TWIN_PARK_B_NMI in the header's b_flags, a
 * parked CPU sleeps in HLT instead of spinning, and B sends it an NMI
 * after writing TWIN_PARK_WAKE. A B that does not set it (version 1)
 * finds the CPUs spinning as before.
 */
#define TWIN_PARK_MAGIC		0x4b525054	/* "TPRK" */
#define TWIN_PARK_VERSION	2
#define TWIN_PARK_B_NMI		0x1	/* b_flags: B wakes a slot with an NMI */
#define TWIN_PARK_SLOTS		TWIN_MACHINE_CPUS_MAX

enum twin_park_state {
	TWIN_PARK_FREE = 0,	/* no CPU */
	TWIN_PARK_LEAVING = 1,	/* A: the CPU is on its way (A reserved it) */
	TWIN_PARK_PARKED = 2,	/* the CPU: waiting here, interrupts off */
	TWIN_PARK_WAKE = 3,	/* B: cr3 and entry are valid, go */
	TWIN_PARK_GONE = 4,	/* the CPU: left for B's entry */
};

struct twin_park_slot {
	__u32	apic_id;	/* A: the CPU this slot is for */
	__u32	state;		/* enum twin_park_state */
	__u64	cr3;		/* B: page table to load, maps the park too */
	__u64	entry;		/* B: virtual address to jump to */
	__u64	stack;		/* A: top of this slot's park stack */
};

struct twin_park_hdr {
	__u32	magic;		/* TWIN_PARK_MAGIC (A) */
	__u16	version;	/* TWIN_PARK_VERSION (A) */
	__u16	size;		/* sizeof(struct twin_park_area) (A) */
	__u32	nslots;		/* TWIN_PARK_SLOTS (A) */
	__u32	la57;		/* A parks CPUs with 5-level paging on (A) */
	__u64	map_start;	/* physical range B must identity-map in */
	__u64	map_end;	/* the page table it wakes a CPU with (A) */
	__u32	b_flags;	/* TWIN_PARK_B_* (B); version 2 */
	__u32	reserved0;
	__u64	reserved[3];
};

struct twin_park_area {
	struct twin_park_hdr hdr;
	struct twin_park_slot slot[TWIN_PARK_SLOTS];
};

/*
 * The channel: a region in the control area that both kernels map and
 * neither allocates from, laid out by A at load and reset by A before
 * every start of B. One single-producer single-consumer ring per kind and
 * direction; a doorbell IPI (the same vector in both kernels) tells the
 * other side that a ring moved. Everything in the region may have been
 * written by a buggy or dead peer: readers validate every index and
 * length before use.
 */
#define TWIN_CHAN_MAGIC		0x48434e54	/* "TNCH" */
#define TWIN_CHAN_VERSION	1
#define TWIN_CHAN_V1_SIZE	200

/* Rings, by index into twin_chan_hdr.ring[]. */
enum twin_ring_id {
	TWIN_RING_CTL_A2B = 0,	/* ping/pong, handled by the kernels */
	TWIN_RING_CTL_B2A = 1,
	TWIN_RING_MSG_A2B = 2,	/* /dev/twin messages */
	TWIN_RING_MSG_B2A = 3,
	TWIN_RING_NET_A2B = 4,	/* twin0 Ethernet frames */
	TWIN_RING_NET_B2A = 5,
	TWIN_RINGS = 6,
};

struct twin_ring_desc {
	__u32	ctl_off;	/* struct twin_ring_ctl, from the region start */
	__u32	data_off;	/* data area, from the region start */
	__u32	data_size;	/* bytes, a power of two */
	__u32	max_record;	/* largest payload a writer may send */
};

struct twin_chan_hdr {
	__u32	magic;		/* TWIN_CHAN_MAGIC (A) */
	__u16	version;	/* TWIN_CHAN_VERSION (A) */
	__u16	size;		/* sizeof(struct twin_chan_hdr) (A) */
	__u32	region_size;	/* bytes of the whole region (A) */
	__u32	generation;	/* A: changes at every reset */
	__u32	a_apic_id;	/* doorbells for A go there (A) */
	__u32	b_apic_id;	/* doorbells for B go there (A) */
	__u32	vector;		/* doorbell vector (A) */
	__u32	b_attached;	/* B: the generation it attached to */
	__u32	nrings;		/* TWIN_RINGS (A) */
	__u32	reserved0;
	struct twin_ring_desc ring[TWIN_RINGS];	/* (A) */
	__u64	reserved[8];
};

/*
 * One ring's indices, each in a cache line of its own: head is written
 * by the producer only, tail and cons_seen by the consumer only. Both are
 * free-running byte counts (mod 2^32); head - tail is the bytes in use.
 */
struct twin_ring_ctl {
	__u32	head;		/* producer: bytes ever published */
	__u32	prod_wait;	/* producer: 1 = waits for space, ring me */
	__u32	pad0[14];
	__u32	tail;		/* consumer: bytes ever consumed */
	__u32	pad1[15];
};

/*
 * Each record: this header, then len payload bytes, padded to 8. Records
 * may wrap around the end of the data area. check guards the header
 * against garbage: see twin_rec_check() in kernel/twin/twin_ring.h.
 */
struct twin_rec_hdr {
	__u32	len;
	__u16	type;		/* TWIN_REC_* */
	__u16	check;
};

#define TWIN_REC_MSG		1	/* a /dev/twin message */
#define TWIN_REC_PING		2	/* answer with a PONG, same payload */
#define TWIN_REC_PONG		3
#define TWIN_REC_ETH		4	/* an Ethernet frame for twin0 */
#define TWIN_REC_REQ		5	/* a request to the peer's kernel */
#define TWIN_REC_RESP		6	/* its answer */

/*
 * Requests between the kernels, on the control rings: struct twin_req
 * out, struct twin_resp back with the same seq. The receiver checks op
 * and every argument; an op it does not know gets -EOPNOTSUPP.
 */
enum twin_req_op {
	TWIN_OP_ADOPT_CPU = 1,	/* A to B: arg[0] = APIC ID, parked in slot arg[1] */
	/*
	 * A to B: A removed the PCI device at arg[0] = domain << 16 |
	 * bus << 8 | devfn (vendor | device << 16 in arg[1]); scan it and
	 * bind its driver
	 */
	TWIN_OP_ADOPT_PCI = 2,
	/*
	 * A to B: A retires. Its last CPU (APIC ID arg[0]) goes to park slot
	 * arg[1] right after B's answer; struct twin_handover, at arg[2]
	 * bytes from the shared page, says what else B takes. B answers
	 * once it checked the description, then waits for the CPU.
	 */
	TWIN_OP_RETIRE = 3,
	/*
	 * A to B: give back the PCI device at arg[0] (as for ADOPT_PCI) that
	 * A gave: B unbinds and removes it and scans it no more; A scans it
	 * again after B's answer. A handover undoes its device phase so.
	 */
	TWIN_OP_RELEASE_PCI = 4,
};

/*
 * What A hands B when it retires (TWIN_OP_RETIRE), in the control area:
 * A's RAM, and the platform facts B needs without ACPI tables. B checks
 * every value.
 */
#define TWIN_HANDOVER_MAGIC	0x564f4854	/* "THOV" */
#define TWIN_HANDOVER_VERSION	2
#define TWIN_HANDOVER_RAM_MAX	32
/* Bytes of version 1 (RAM, power off, reset): every reader needs these. */
#define TWIN_HANDOVER_V1_SIZE	616
#define TWIN_HANDOVER_IOAPIC_MAX 8
#define TWIN_HANDOVER_ISA_IRQS	16
#define TWIN_HANDOVER_INTX_MAX	16

/* twin_handover.flags */
#define TWIN_HANDOVER_F_PLATFORM (1U << 0)	/* the IOAPIC part is filled */

/* How a GSI interrupts: twin_isa_irq.flags, twin_intx.flags */
#define TWIN_IRQ_VALID		(1U << 0)	/* this entry is filled */
#define TWIN_IRQ_LEVEL		(1U << 1)	/* level-triggered, else edge */
#define TWIN_IRQ_LOW		(1U << 2)	/* active low, else high */

/* An IOAPIC, as ACPI's MADT (or the MP table) described it to A. */
struct twin_ioapic {
	__u32	addr;		/* physical address of its registers */
	__u32	gsi_base;	/* GSI of its pin 0 */
	__u32	nr_pins;	/* as A read it; B reads its own */
	__u8	id;		/* IOAPIC ID */
	__u8	reserved[3];
};

/* An ISA IRQ's GSI (the MADT's interrupt source overrides) and how it fires. */
struct twin_isa_irq {
	__u32	gsi;
	__u32	flags;		/* TWIN_IRQ_* */
};

/*
 * A PCI device that moves when A retires (it interrupts by INTx, or by
 * the ISA IRQs of a legacy IDE controller): its INTx pin's GSI.
 */
struct twin_intx {
	__u32	pci_addr;	/* domain << 16 | bus << 8 | devfn */
	__u32	id;		/* vendor | device << 16, as A saw it */
	__u32	gsi;		/* valid with pin != 0 */
	__u16	flags;		/* TWIN_IRQ_* of the GSI */
	__u8	pin;		/* 1 = INTA .. 4 = INTD; 0 = none */
	__u8	reserved;
};

struct twin_mem_range {
	__u64	start;		/* physical */
	__u64	size;		/* bytes */
};

struct twin_handover {
	__u32	magic;		/* TWIN_HANDOVER_MAGIC */
	__u16	version;	/* TWIN_HANDOVER_VERSION */
	__u16	size;		/* sizeof(struct twin_handover) as A wrote it */
	__u32	flags;		/* TWIN_HANDOVER_F_* */
	__u32	nr_ram;		/* valid entries in ram[] */
	/* A's RAM: the firmware's RAM ranges but the twin memory. */
	struct twin_mem_range ram[TWIN_HANDOVER_RAM_MAX];
	/* ACPI power off: PM1a/b control I/O ports and S5's SLP_TYP, 0 = none */
	__u16	pm1a_cnt;
	__u16	pm1b_cnt;
	__u16	s5_slp_typ_a;
	__u16	s5_slp_typ_b;
	/* ACPI reset register: space 1 = I/O port; 0 = none (then 0xcf9) */
	__u8	reset_space;
	__u8	reset_value;
	__u16	reserved0;
	__u32	reserved1;
	__u64	reset_addr;
	__u64	reserved[8];
	/*
	 * Version 2, with TWIN_HANDOVER_F_PLATFORM: the IOAPICs, which B
	 * registers once A masked every pin; the ISA IRQs' GSIs; and the
	 * devices that move with them, which A drove until it retired.
	 */
	__u32	nr_ioapic;	/* valid entries in ioapic[] */
	__u32	nr_intx;	/* valid entries in intx[] */
	struct twin_ioapic ioapic[TWIN_HANDOVER_IOAPIC_MAX];
	struct twin_isa_irq isa[TWIN_HANDOVER_ISA_IRQS];
	struct twin_intx intx[TWIN_HANDOVER_INTX_MAX];
};

struct twin_req {
	__u32	op;		/* enum twin_req_op */
	__u32	seq;		/* echoed in the answer */
	__u64	arg[6];
};

struct twin_resp {
	__u32	op;
	__u32	seq;
	__s32	result;		/* 0 or a negative errno */
	__u32	reserved;
	/* TWIN_OP_ADOPT_CPU: val[0] = B's CPU number, val[1] = B's ns */
	__u64	val[4];
};

#endif /* _UAPI_LINUX_TWIN_ABI_H */
