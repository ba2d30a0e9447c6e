// SPDX-License-Identifier: GPL-2.0
/*
 * Twin Kernel, kernel A: /sys/kernel/twin/, one value per file; see
 * Documentation/ABI/testing/sysfs-kernel-twin. Every file shows one
 * snapshot of the state (twin_get_status()); tkctl reads the whole
 * snapshot at once through TWIN_IOC_STATUS instead.
 */
#define pr_fmt(fmt) "twin: " fmt

#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/twin.h>

#include "twin_internal.h"

static const char *const twin_b_state_names[] = {
	[TWIN_B_NONE] = "none", [TWIN_B_BOOTING] = "booting",
	[TWIN_B_RUNNING] = "running", [TWIN_B_STOPPED] = "stopped",
	[TWIN_B_CRASHED] = "crashed",
};

#define TWIN_ATTR(name, fmt, expr)					\
static ssize_t name##_show(struct kobject *k, struct kobj_attribute *a,	\
			   char *buf)					\
{									\
	struct twin_status st;						\
									\
	twin_get_status(&st);						\
	return sysfs_emit(buf, fmt "\n", expr);				\
}

TWIN_ATTR(state, "%s", st.state < TWIN_STATES ?
	  twin_state_names[st.state] : "?")
TWIN_ATTR(cpu, "%d", st.cpu)
TWIN_ATTR(mem_start, "0x%llx", (unsigned long long)st.mem_start)
TWIN_ATTR(mem_size, "%llu", (unsigned long long)st.mem_size)
TWIN_ATTR(running_ms, "%llu", (unsigned long long)st.running_ms)
TWIN_ATTR(reason, "%s", st.reason)
TWIN_ATTR(ended_at, "%lld", (long long)st.ended_at)
TWIN_ATTR(b_state, "%s", st.b_state < ARRAY_SIZE(twin_b_state_names) ?
	  twin_b_state_names[st.b_state] : "invalid")
TWIN_ATTR(b_heartbeat, "%llu", (unsigned long long)st.b_heartbeat)
TWIN_ATTR(b_uptime_ms, "%llu", (unsigned long long)st.b_uptime_ms)
TWIN_ATTR(b_release, "%s", st.b_release)

static ssize_t log_read(struct file *f, struct kobject *k,
			struct bin_attribute *a, char *buf, loff_t pos,
			size_t count)
{
	return twin_log_read(buf, pos, count);
}

static struct bin_attribute twin_log_attr = {
	.attr = { .name = "log", .mode = 0400 },
	.read = log_read,
};

static struct bin_attribute *twin_bin_attrs[] = {
	&twin_log_attr, NULL,
};

static struct kobj_attribute twin_attrs[] = {
	__ATTR_RO(state), __ATTR_RO(cpu), __ATTR_RO(mem_start),
	__ATTR_RO(mem_size), __ATTR_RO(running_ms), __ATTR_RO(reason),
	__ATTR_RO(ended_at), __ATTR_RO(b_state), __ATTR_RO(b_heartbeat),
	__ATTR_RO(b_uptime_ms), __ATTR_RO(b_release),
};

static struct attribute *twin_attr_list[ARRAY_SIZE(twin_attrs) + 1];

static const struct attribute_group twin_attr_group = {
	.attrs = twin_attr_list,
	.bin_attrs = twin_bin_attrs,
};

int twin_sysfs_init(struct kobject *kobj)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(twin_attrs); i++)
		twin_attr_list[i] = &twin_attrs[i].attr;
	return sysfs_create_group(kobj, &twin_attr_group);
}
