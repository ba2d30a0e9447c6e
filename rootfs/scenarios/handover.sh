# Scenario "handover" (kernel A on q35, 4 CPUs, 2 GiB, twinkernel=256M, a
# virtio-blk disk at 00:05.0, A's virtio NIC at 00:04.0 forwarded from the
# host, boot with tk.end=hold): B boots beside A with its own virtio NIC
# (00:06.0), A writes 4 MiB to its disk and tells B their
# SHA-256 on the channel, checks that the handover is planned as expected
# and that bad requests change nothing. A first handover with a corrupt
# description (debugfs) moves the devices and CPUs but B refuses the
# retire: A runs on. Then, after tk_done, "tkctl handover" again gives B
# the rest and A retires (scenario handover-b checks B's side). A's e1000
# (INTx) moves with the IOAPIC at the retire; the SMBus controller (INTx,
# no driver in B) stays behind (--leave).
. /etc/tk/lib.sh
B_CMDLINE="console=ttyS1,115200 tk.role=B tk.heartbeat=100 tk.test=handover-b"
LEAVE=00:1f.3
disk_sum() { dd if=/dev/vda bs=1M count=4 2>/dev/null | sha256sum | cut -d" " -f1; }
plan_ok() {	# the devices (AHCI, the virtio NIC and disk) and CPUs that move
	out=$(tkctl handover --leave $LEAVE --dry-run); echo "$out"
	echo "$out" | grep -q "^plan: devices 0000:00:1f.2 0000:00:04.0 0000:00:05.0; CPUs 1 2; then CPU 0"
}
intx_planned() {	# the e1000 (INTx only) moves with the IOAPIC, at the retire
	out=$(tkctl handover --leave $LEAVE --dry-run 2>&1); rc=$?; echo "$out"
	[ $rc = 0 ] && echo "$out" | grep -q "the IOAPIC and the devices 0000:00:03.0 when this kernel retires$"
}
unchanged() {
	[ "$(cat /sys/devices/system/cpu/online)" = 0-2 ] &&
		[ -e /sys/bus/pci/devices/0000:00:05.0/driver ] &&
		[ "$(cat /sys/kernel/twin/state)" = running ]
}
retire_refused() {	# with CPUs left, retiring is refused, nothing changes
	tkioctl retire --expect EBUSY
}
corrupt_refused() {	# B refuses a description with a wrong magic; A runs on
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
	magic=$(cat /sys/kernel/debug/twin/handover_magic)
	echo 0x12345678 > /sys/kernel/debug/twin/handover_magic
	out=$(tkctl handover --leave $LEAVE 2>&1); rc=$?
	echo "$magic" > /sys/kernel/debug/twin/handover_magic
	echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q "refused the handover" &&
		[ "$(cat /sys/devices/system/cpu/online)" = 0 ] &&
		[ "$(cat /sys/kernel/twin/state)" = running ] &&
		tkctl ping -c 2 -i 100
}
no_twin_refused() {	# nothing loaded: nothing to hand over to
	out=$(tkctl handover 2>&1); rc=$?; echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q "not running: nothing to hand over to" &&
		[ "$(cat /sys/devices/system/cpu/online)" = 0-3 ]
}
rest_planned() {	# what is left: nothing but this CPU and the RAM
	out=$(tkctl handover --leave $LEAVE --dry-run); echo "$out"
	echo "$out" | grep -q "^plan: devices none; CPUs none; then CPU 0"
}

tk_plan 12
tk_check "handover with no twin is refused, nothing changed" no_twin_refused
tk_check "tkctl load (CPU 3, B's own NIC 00:06.0)" tkctl load --kernel /boot/bzImage-b \
	--initrd /boot/initramfs-b.cpio.gz --cmdline "$B_CMDLINE" --cpu 3 --pci 00:06.0
tk_check "tkctl start" tkctl start
tk_check "B runs" tk_wait_b_running
tk_check "the channel is up" tk_wait_chan_up
dd if=/dev/urandom of=/dev/vda bs=1M count=4 conv=fsync 2>/dev/null
SUM=$(disk_sum)
tk_check "A wrote 4 MiB to its disk and told B their SHA-256 ($SUM)" tkctl send "SUM $SUM"
tk_check_shown "the e1000 (INTx) is planned to move with the IOAPIC" intx_planned
tk_check "retiring with CPUs left is refused (EBUSY)" retire_refused
tk_check "nothing changed" unchanged
tk_check_shown "the plan: A's SATA controller, virtio NIC and disk, CPUs 1 and 2" plan_ok
tk_check_shown "a corrupt description: B refuses the retire, A runs on CPU 0" corrupt_refused
tk_check "the plan now: only CPU 0 and the RAM are left" rest_planned
tk_done
# A's last act; the console shows each phase. B says the rest.
(sleep 1; echo "TK-HANDOVER-START"; tkctl handover --leave $LEAVE) &
