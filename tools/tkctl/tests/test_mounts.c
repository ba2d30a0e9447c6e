// SPDX-License-Identifier: GPL-2.0
/* Unit tests of tkctl's reading of /proc/self/mounts (mounts.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mounts.h"

static void block_rw_is_frozen(void **state)
{
	char dir[128];

	(void)state;
	assert_int_equal(tk_mount_to_freeze("/dev/sda / ext4 rw,relatime 0 0", dir,
					    sizeof(dir)), 1);
	assert_string_equal(dir, "/");
	assert_int_equal(tk_mount_to_freeze("/dev/root / ext4 rw 0 0", dir,
					    sizeof(dir)), 1);
	assert_int_equal(tk_mount_to_freeze("/dev/vdb1 /srv/data xfs rw,noatime 0 0",
					    dir, sizeof(dir)), 1);
	assert_string_equal(dir, "/srv/data");
}

static void others_are_not(void **state)
{
	char dir[128] = "unchanged";

	(void)state;
	/* read-only, virtual, network, an option that merely starts with rw */
	assert_int_equal(tk_mount_to_freeze("/dev/sda /boot ext4 ro,relatime 0 0",
					    dir, sizeof(dir)), 0);
	assert_int_equal(tk_mount_to_freeze("proc /proc proc rw,nosuid 0 0", dir,
					    sizeof(dir)), 0);
	assert_int_equal(tk_mount_to_freeze("tmpfs /tmp tmpfs rw 0 0", dir,
					    sizeof(dir)), 0);
	assert_int_equal(tk_mount_to_freeze("srv:/x /mnt nfs rw,vers=4 0 0", dir,
					    sizeof(dir)), 0);
	assert_int_equal(tk_mount_to_freeze("/dev/sdb /mnt ext4 rwx,ro 0 0", dir,
					    sizeof(dir)), 0);
	assert_string_equal(dir, "unchanged");
}

static void escapes_are_undone(void **state)
{
	char dir[128];

	(void)state;
	assert_int_equal(tk_mount_to_freeze("/dev/sdc /mnt/my\\040disk\\011x ext4 rw 0 0",
					    dir, sizeof(dir)), 1);
	assert_string_equal(dir, "/mnt/my disk\tx");
}

static void malformed_is_refused(void **state)
{
	char small[4];
	char dir[128];

	(void)state;
	assert_int_equal(tk_mount_to_freeze("", dir, sizeof(dir)), -1);
	assert_int_equal(tk_mount_to_freeze("/dev/sda /", dir, sizeof(dir)), -1);
	assert_int_equal(tk_mount_to_freeze("/dev/sda relative ext4 rw 0 0", dir,
					    sizeof(dir)), -1);
	/* a mount point that does not fit */
	assert_int_equal(tk_mount_to_freeze("/dev/sda /mnt/long ext4 rw 0 0",
					    small, sizeof(small)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(block_rw_is_frozen),
		cmocka_unit_test(others_are_not),
		cmocka_unit_test(escapes_are_undone),
		cmocka_unit_test(malformed_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
