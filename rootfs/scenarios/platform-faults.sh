# Scenario "platform-faults" (kernel A on -M pc, 2 CPUs, 1 GiB, booted
# with tk.fault=BITS and tk.end=hold): B boots beside A; A spoils the
# platform part of its handover description (debugfs platform_fault =
# BITS, kernel/twin/twin_internal.h) and hands B the machine with its IDE
# controller and e1000 (INTx); scenario platform-faults-b says what B
# took and that it runs on.
. /etc/tk/lib.sh
B_CMDLINE="console=ttyS1,115200 tk.role=B tk.test=platform-faults-b"
spoil() {
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	echo "$TK_FAULT" > /sys/kernel/debug/twin/platform_fault &&
		cat /sys/kernel/debug/twin/platform_fault
}
tk_plan 5
tk_check "tkctl load (B's own NIC 00:04.0)" tkctl load --kernel /boot/bzImage-b \
	--initrd /boot/initramfs-b.cpio.gz --cmdline "$B_CMDLINE" --pci 00:04.0
tk_check "tkctl start" tkctl start
tk_check "B runs" tk_wait_b_running
tk_check "the channel is up" tk_wait_chan_up
tk_check_shown "the next description is spoilt (platform_fault $TK_FAULT)" spoil
tk_done
(sleep 1; echo "TK-HANDOVER-START"; tkctl handover) &
