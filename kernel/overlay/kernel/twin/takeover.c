// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel, kernel B: taking over the machine when kernel A retires
 * (TWIN_OP_RETIRE). A has given B its devices and its other CPUs; it
 * describes its RAM and the platform facts B needs (struct twin_handover)
 * and parks its last CPU. B checks the description and answers, then,
 * in a work item: wakes A's last CPU from the park, adds A's RAM (whole
 * memory blocks), takes the power-off and reset facts,
 * and from then on is the machine's only kernel.
 */
#define pr_fmt(fmt) "twin: takeover: " fmt

#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kobject.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>
#include <linux/twin.h>
#include <linux/workqueue.h>

#include "twin_internal.h"

/* A parks its last CPU right after B's answer: it is there in microseconds. */
#define TWIN_PARK_WAIT_MS	10000

enum twin_takeover_state { TAKEOVER_NONE, TAKEOVER_WAITING, TAKEOVER_DONE,
			   TAKEOVER_FAILED };
static const char *const twin_takeover_names[] = {
	"none", "waiting", "done", "failed",
};

static DEFINE_MUTEX(twin_takeover_lock);
static enum twin_takeover_state twin_takeover_state;
static struct twin_handover *twin_ho;		/* B's checked copy */
static u32 twin_ho_apic_id, twin_ho_slot;
static u64 twin_ho_t0;
static char twin_takeover_result[192];

/* The description as A wrote it, copied once; every field checked. */
static int twin_handover_check(const struct twin_handover *ho)
{
	u32 i;

	if (ho->magic != TWIN_HANDOVER_MAGIC || !ho->version ||
	    ho->size < sizeof(*ho)) {
		pr_err("description: magic %#x version %u size %u, expected %#x, version 1 or later, at least %zu bytes\n",
		       ho->magic, ho->version, ho->size, TWIN_HANDOVER_MAGIC,
		       sizeof(*ho));
		return -EPROTO;
	}
	if (ho->nr_ram > TWIN_HANDOVER_RAM_MAX) {
		pr_err("description: %u RAM ranges, at most %u\n", ho->nr_ram,
		       TWIN_HANDOVER_RAM_MAX);
		return -EPROTO;
	}
	for (i = 0; i < ho->nr_ram; i++) {
		const struct twin_mem_range *r = &ho->ram[i];

		if (!r->size || r->start + r->size < r->start ||
		    !PAGE_ALIGNED(r->start) || !PAGE_ALIGNED(r->size)) {
			pr_err("description: RAM range %u %#llx+%#llx is malformed\n",
			       i, r->start, r->size);
			return -EPROTO;
		}
	}
	return 0;
}

/* Is [start, end) free of B's own memory (what A lent it at boot)? */
static bool twin_not_mine(u64 start, u64 end)
{
	const struct twin_boot_info *bi = twin_b_boot_info();
	u64 s = bi ? bi->mem_start : 0, e = bi ? bi->mem_start + bi->mem_size : 0;

	return end <= s || start >= e;
}

/*
 * Into the kernel's zone, not ZONE_MOVABLE: each block's metadata (its
 * struct pages, and with KASAN 16 MiB of shadow per 128 MiB) comes from
 * memory already online, which at first is only B's own; the blocks
 * added before must be able to hold it.
 */
static int twin_online_block(struct memory_block *mem, void *arg)
{
	mem->online_type = MMOP_ONLINE_KERNEL;
	return device_online(&mem->dev);
}

/*
 * A's RAM in whole memory blocks (the unit of hotplug) that hold nothing
 * of B's: what a range does not cover whole is left out, and counted.
 */
static void twin_take_memory(u64 *added, u64 *left_out)
{
	u64 block = memory_block_size_bytes(), a, s, e;
	u32 i;
	int ret;

	*added = *left_out = 0;
	for (i = 0; i < twin_ho->nr_ram; i++) {
		const struct twin_mem_range *r = &twin_ho->ram[i];

		s = ALIGN(r->start, block);
		e = ALIGN_DOWN(r->start + r->size, block);
		if (e <= s) {
			*left_out += r->size;
			continue;
		}
		*left_out += (s - r->start) + (r->start + r->size - e);
		for (a = s; a < e; a += block) {
			if (!twin_not_mine(a, a + block)) {
				*left_out += block;
				continue;
			}
			ret = add_memory(memory_add_physaddr_to_nid(a), a, block,
					 MHP_NONE);
			if (!ret) {
				lock_device_hotplug();
				ret = walk_memory_blocks(a, block, NULL,
							 twin_online_block);
				unlock_device_hotplug();
			}
			if (ret) {
				pr_err("cannot add A's RAM %#llx+%lluM: %d\n", a,
				       block >> 20, ret);
				*left_out += block;
				continue;
			}
			*added += block;
		}
	}
}

static void twin_takeover_fn(struct work_struct *w)
{
	u64 t_cpu, added, left_out, deadline;
	char why[160] = "";
	int cpu;

	deadline = ktime_get_ns() + TWIN_PARK_WAIT_MS * NSEC_PER_MSEC;
	for (;;) {
		cpu = twin_arch_adopt_cpu(twin_ho_apic_id, twin_ho_slot, why,
					  sizeof(why));
		if (cpu >= 0 || cpu != -EPROTO || ktime_get_ns() > deadline)
			break;
		usleep_range(100, 200);	/* not parked yet */
	}
	t_cpu = ktime_get_ns();
	/* A is gone either way: nothing more comes on the channel. */
	twin_chan_set_alive(false);
	mutex_lock(&twin_takeover_lock);
	if (cpu < 0) {
		snprintf(twin_takeover_result, sizeof(twin_takeover_result),
			 "kernel A's last CPU (APIC ID %u) did not come: %s",
			 twin_ho_apic_id, why);
		pr_emerg("%s; this kernel runs on without it\n",
			 twin_takeover_result);
		twin_takeover_state = TAKEOVER_FAILED;
		mutex_unlock(&twin_takeover_lock);
		return;
	}
	twin_take_memory(&added, &left_out);
	twin_arch_take_platform(twin_ho);
	snprintf(twin_takeover_result, sizeof(twin_takeover_result),
		 "cpu %d memory_mib %llu left_out_mib %llu cpu_ms %llu total_ms %llu",
		 cpu, added >> 20, left_out >> 20,
		 (t_cpu - twin_ho_t0) / NSEC_PER_MSEC,
		 (ktime_get_ns() - twin_ho_t0) / NSEC_PER_MSEC);
	twin_takeover_state = TAKEOVER_DONE;
	mutex_unlock(&twin_takeover_lock);
	pr_info("kernel A retired; this kernel runs the machine: A's last CPU is CPU %d (%llu ms), %llu MiB of A's RAM added, %llu MiB left out, %llu ms in all\n",
		cpu, (t_cpu - twin_ho_t0) / NSEC_PER_MSEC, added >> 20,
		left_out >> 20, (ktime_get_ns() - twin_ho_t0) / NSEC_PER_MSEC);
}
static DECLARE_WORK(twin_takeover_work, twin_takeover_fn);

/* TWIN_OP_RETIRE, from the request handler (process context). */
int twin_takeover_request(const struct twin_req *req)
{
	u64 apic_id = req->arg[0], slot = req->arg[1], off = req->arg[2];
	struct twin_handover *ho;
	struct twin_shared *sh;
	phys_addr_t sh_pa;
	void *map;
	int ret;

	if (apic_id > U32_MAX || slot >= TWIN_PARK_SLOTS || !off ||
	    !PAGE_ALIGNED(off) || off > TWIN_CONTROL_SIZE - PAGE_SIZE) {
		pr_err("retire: APIC ID %llu, slot %llu, description at %#llx: out of range\n",
		       apic_id, slot, off);
		return -EINVAL;
	}
	sh = twin_b_shared(&sh_pa);
	if (!sh)
		return -ENODEV;
	ho = kmalloc(sizeof(*ho), GFP_KERNEL);
	if (!ho)
		return -ENOMEM;
	map = memremap(sh_pa + off, sizeof(*ho), MEMREMAP_WB);
	if (!map) {
		kfree(ho);
		return -ENOMEM;
	}
	memcpy(ho, map, sizeof(*ho));
	memunmap(map);
	ret = twin_handover_check(ho);
	if (ret) {
		kfree(ho);
		return ret;
	}

	mutex_lock(&twin_takeover_lock);
	if (twin_takeover_state != TAKEOVER_NONE) {
		mutex_unlock(&twin_takeover_lock);
		kfree(ho);
		return -EBUSY;
	}
	twin_ho = ho;
	twin_ho_apic_id = apic_id;
	twin_ho_slot = slot;
	twin_ho_t0 = ktime_get_ns();
	twin_takeover_state = TAKEOVER_WAITING;
	mutex_unlock(&twin_takeover_lock);
	pr_info("kernel A retires: %u RAM ranges, its last CPU (APIC ID %llu) comes next\n",
		ho->nr_ram, apic_id);
	schedule_work(&twin_takeover_work);
	return 0;
}

/* /sys/kernel/twin/takeover: "none", "waiting", "failed: why", "done: ...". */
static ssize_t takeover_show(struct kobject *k, struct kobj_attribute *a,
			     char *buf)
{
	ssize_t n;

	mutex_lock(&twin_takeover_lock);
	if (twin_takeover_state == TAKEOVER_DONE ||
	    twin_takeover_state == TAKEOVER_FAILED)
		n = sysfs_emit(buf, "%s: %s\n",
			       twin_takeover_names[twin_takeover_state],
			       twin_takeover_result);
	else
		n = sysfs_emit(buf, "%s\n",
			       twin_takeover_names[twin_takeover_state]);
	mutex_unlock(&twin_takeover_lock);
	return n;
}

static struct kobj_attribute twin_takeover_attr = __ATTR_RO(takeover);

int __init twin_takeover_init(struct kobject *kobj)
{
	return sysfs_create_file(kobj, &twin_takeover_attr.attr);
}
