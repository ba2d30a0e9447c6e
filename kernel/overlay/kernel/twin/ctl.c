// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel, kernel A: /dev/twinctl, the control device tkctl uses
 * (uapi/linux/twin.h). Anyone may ask for the status (TWIN_IOC_STATUS);
 * the commands need CAP_SYS_BOOT. Each open file keeps the reason its last failed
 * command gave (TWIN_IOC_LAST_ERROR), so that a tool reports the kernel's
 * own words without reading the kernel log.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/slab.h>
#include <linux/twin.h>
#include <linux/uaccess.h>

#include "twin_internal.h"

struct twin_ctl_file {
	struct twin_error err;	/* the last failed command's reason */
};

static int twin_ctl_open(struct inode *inode, struct file *file)
{
	struct twin_ctl_file *cf = kzalloc(sizeof(*cf), GFP_KERNEL);

	if (!cf)
		return -ENOMEM;
	file->private_data = cf;
	return 0;
}

static int twin_ctl_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

/* A command that changes the twin: root with CAP_SYS_BOOT only. */
static long twin_ctl_command(struct twin_ctl_file *cf, unsigned int cmd,
			     void __user *uarg)
{
	char *why = cf->err.msg;
	size_t len = sizeof(cf->err.msg);
	struct twin_give_cpu_args give;
	struct twin_give_pci_args give_pci;
	struct twin_load_args args;
	long ret;

	why[0] = '\0';		/* no reason of an earlier command stays */
	if (!capable(CAP_SYS_BOOT))
		return -EPERM;
	switch (cmd) {
	case TWIN_IOC_LOAD:
		if (copy_from_user(&args, uarg, sizeof(args)))
			return -EFAULT;
		ret = twin_load(&args, why, len);
		break;
	case TWIN_IOC_UNLOAD:
		ret = twin_unload(why, len);
		break;
	case TWIN_IOC_START:
		ret = twin_start(why, len);
		break;
	case TWIN_IOC_STOP:
		ret = twin_stop(why, len);
		break;
	case TWIN_IOC_RESTART:
		ret = twin_restart(why, len);
		break;
	case TWIN_IOC_GIVE_CPU:
		if (copy_from_user(&give, uarg, sizeof(give)))
			return -EFAULT;
		ret = twin_give_cpu(&give, why, len);
		if (!ret && copy_to_user(uarg, &give, sizeof(give)))
			ret = -EFAULT;
		break;
	case TWIN_IOC_RETIRE:
		ret = twin_retire(why, len);
		break;
	case TWIN_IOC_GIVE_PCI:
		if (copy_from_user(&give_pci, uarg, sizeof(give_pci)))
			return -EFAULT;
		ret = twin_give_pci(&give_pci, why, len);
		if (!ret && copy_to_user(uarg, &give_pci, sizeof(give_pci)))
			ret = -EFAULT;
		break;
	case TWIN_IOC_TAKE_PCI:
		if (copy_from_user(&give_pci, uarg, sizeof(give_pci)))
			return -EFAULT;
		ret = twin_take_pci(&give_pci, why, len);
		if (!ret && copy_to_user(uarg, &give_pci, sizeof(give_pci)))
			ret = -EFAULT;
		break;
	default:
		return -ENOTTY;
	}
	if (!ret)
		why[0] = '\0';
	return ret;
}

static long twin_ctl_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct twin_ctl_file *cf = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct twin_status st;

	switch (cmd) {
	case TWIN_IOC_STATUS:
		twin_get_status(&st);
		return copy_to_user(uarg, &st, sizeof(st)) ? -EFAULT : 0;
	case TWIN_IOC_LAST_ERROR:
		return copy_to_user(uarg, &cf->err, sizeof(cf->err)) ?
		       -EFAULT : 0;
	default:
		return twin_ctl_command(cf, cmd, uarg);
	}
}

static const struct file_operations twin_ctl_fops = {
	.owner		= THIS_MODULE,
	.open		= twin_ctl_open,
	.release	= twin_ctl_release,
	.unlocked_ioctl	= twin_ctl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice twin_ctl_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "twinctl",
	.fops	= &twin_ctl_fops,
	/* Anyone may read the status; commands need CAP_SYS_BOOT. */
	.mode	= 0644,
};

int twin_ctl_init(void)
{
	return misc_register(&twin_ctl_dev);
}
