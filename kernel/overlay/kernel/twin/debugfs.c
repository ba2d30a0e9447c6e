// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel: fault injection for the channel's tests, in debugfs. A
 * write to /sys/kernel/debug/twin/corrupt makes this kernel a bad peer on
 * its message ring to the other kernel:
 *
 *   head    publish a producer index that is not 8-byte aligned
 *   record  publish a record whose header check word is wrong
 *   empty   publish a valid message record of 0 bytes (no writer of
 *           /dev/twin can: a write of 0 bytes sends nothing)
 *
 * For head and record the other kernel must count the error, log it, fail
 * its reader with EIO and carry on; the ring stays unusable on both sides
 * until A resets the channel (the next start of B). An empty record is
 * dropped and counted; the reader never sees it (read() never returns 0).
 *
 * In A, two knobs for the ABI between different builds
 * (uapi/linux/twin_abi.h): chan_version is the version the next channel
 * reset writes into the channel's header, boot_version the version the
 * next load writes into B's boot information. Tests use them to show that
 * B takes a newer A's layout and refuses version 0. handover_magic is the
 * magic the next retire writes into its description for B: a wrong one
 * shows that B refuses the handover and A keeps running. platform_fault
 * spoils the platform part of that description (TWIN_PLATFORM_FAULT_*
 * bits, twin_internal.h): B must refuse the bad entries, write nothing to
 * an IOAPIC from them, and run on with the rest.
 *
 * In B, two knobs for the handover's failures: caps is what B tells A it
 * can do (TWIN_CAP_*, as an older build would), crash_on_adopt makes B
 * panic when A next asks it to adopt a PCI device (B dies in the middle
 * of the device phase), refuse_adopt (domain << 16 | bus << 8 | devfn,
 * 0xffffffff for none) makes B refuse that device while it runs on.
 *
 * All of it exists only with CONFIG_TWIN_KERNEL_DEBUG.
 */
#define pr_fmt(fmt) "twin: channel: " fmt

#include <linux/debugfs.h>
#include <linux/string.h>
#include <linux/twin.h>
#include <linux/uaccess.h>

#include "twin_chan.h"
#include "twin_internal.h"

static ssize_t twin_corrupt_write(struct file *f, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	struct twin_chan *c = &twin_chan;
	struct twin_ring *r = &c->msg_tx;
	struct twin_rec_hdr bad = { .len = 8, .type = TWIN_REC_MSG };
	char cmd[16];
	ssize_t ret = len;

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	mutex_lock(&c->msg_tx_lock);
	if (!c->hdr || !READ_ONCE(c->up)) {
		ret = -ENOTCONN;
	} else if (sysfs_streq(cmd, "empty")) {
		/* A well-formed record, so the ring stays good. */
		int err = twin_ring_write(r, TWIN_REC_MSG, 0, NULL, NULL);

		if (err)
			ret = err;
		else
			twin_chan_kick(c);
		mutex_unlock(&c->msg_tx_lock);
		return ret;
	} else if (sysfs_streq(cmd, "head")) {
		/* The peer reads the head with acquire, as for a real record. */
		smp_store_release(&r->ctl->head, r->pos + 3);
	} else if (sysfs_streq(cmd, "record")) {
		/* Aligned and at most size - 8: the header does not wrap. */
		bad.check = ~twin_rec_check(bad.len, bad.type);
		memcpy(r->data + (r->pos & (r->size - 1)), &bad, sizeof(bad));
		/* The bad header is in place before the head that shows it. */
		smp_store_release(&r->ctl->head, r->pos + twin_rec_space(bad.len));
	} else {
		ret = -EINVAL;
	}
	if (ret > 0) {
		r->broken = true;	/* our own view no longer matches */
		r->why = "corrupted on purpose (debugfs)";
		pr_warn("corrupted the message ring to the other kernel (%s), as asked\n",
			strim(cmd));
		twin_chan_kick(c);
	}
	mutex_unlock(&c->msg_tx_lock);
	return ret;
}

static const struct file_operations twin_corrupt_fops = {
	.owner	= THIS_MODULE,
	.write	= twin_corrupt_write,
};

/* B: the capabilities it tells A, as an older build would (tests). */
static int twin_caps_get(void *data, u64 *val)
{
	phys_addr_t pa;
	struct twin_shared *sh = twin_b_shared(&pa);

	*val = sh ? READ_ONCE(sh->b_caps) : 0;
	return 0;
}

static int twin_caps_set(void *data, u64 val)
{
	phys_addr_t pa;
	struct twin_shared *sh = twin_b_shared(&pa);

	if (!sh || val > U32_MAX)
		return -EINVAL;
	WRITE_ONCE(sh->b_caps, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(twin_caps_fops, twin_caps_get, twin_caps_set,
			 "0x%llx\n");

void __init twin_chan_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("twin", NULL);

	debugfs_create_file("corrupt", 0200, dir, NULL, &twin_corrupt_fops);
	if (!twin_kernel) {
		debugfs_create_u16("chan_version", 0600, dir,
				   &twin_chan_version_written);
		debugfs_create_u16("boot_version", 0600, dir,
				   &twin_boot_version_written);
		debugfs_create_x32("handover_magic", 0600, dir,
				   &twin_handover_magic_written);
		debugfs_create_x32("platform_fault", 0600, dir,
				   &twin_platform_fault);
	} else {
		debugfs_create_file_unsafe("caps", 0600, dir, NULL,
					   &twin_caps_fops);
		debugfs_create_bool("crash_on_adopt", 0600, dir,
				    &twin_crash_on_adopt);
		debugfs_create_x32("refuse_adopt", 0600, dir,
				   &twin_refuse_adopt);
	}
}
