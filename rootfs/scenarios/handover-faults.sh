# Scenario "handover-faults" (kernel A on q35, 4 CPUs, 2 GiB, twinkernel=256M,
# a virtio-blk disk at 00:05.0, tk.end=hold): the handover's failures
# before the point of no return. Refused at the check, nothing changed: B
# stopped; B that says it cannot take over (debugfs caps, as an older
# build). B dying in the middle of the device phase (debugfs
# crash_on_adopt): tkctl handover stops, says why, and takes every CPU and
# device back; A's disk still works. B refusing the second device while
# it runs on (debugfs refuse_adopt): the first one comes back from B
# (TWIN_IOC_TAKE_PCI), nothing changed. Then a fresh B, and a second handover
# while one runs is refused; the first one retires A (handover-faults-b
# checks B's side). B's scenario takes its orders on the channel.
. /etc/tk/lib.sh
B_CMDLINE="console=ttyS1,115200 tk.role=B tk.heartbeat=100 tk.test=handover-faults-b"
LEAVE=00:03.0,00:1f.3
DEVS="0000:00:1f.2 0000:00:04.0 0000:00:05.0"
mine() {	# CPUs $1 online here, A's three devices bound to drivers here
	echo "online: $(cat /sys/devices/system/cpu/online), want $1"
	[ "$(cat /sys/devices/system/cpu/online)" = "$1" ] || return 1
	for d in $DEVS; do
		[ -e /sys/bus/pci/devices/$d/driver ] || { echo "$d has no driver here"; return 1; }
	done
}
ask() {		# an order to B's scenario, and its answer
	tkctl send "$1" || return 1
	reply=$(tkctl recv -n 1 --timeout 60); echo "B: $reply"
	[ "$reply" = "OK $1" ]
}
refused() {	# tkctl handover exits 1, says $1 and "nothing was changed"
	out=$(tkctl handover --leave $LEAVE 2>&1); rc=$?; echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q "$1" &&
		echo "$out" | grep -q "nothing was changed"
}
boot_b() {
	tkctl load --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz \
		--cmdline "$B_CMDLINE" --cpu 3 && tkctl start &&
		tk_wait_b_running && tk_wait_chan_up
}
undone() {	# B refuses the second device: the first comes back, B runs on
	out=$(tkctl handover --leave $LEAVE 2>&1); rc=$?; echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q "0000:00:1f.2 is this kernel's again" &&
		echo "$out" | grep -q "stopped in the device phase" &&
		echo "$out" | grep -q "nothing was changed" &&
		[ "$(cat /sys/kernel/twin/state)" = running ]
}
restart_b() { tkctl restart && tk_wait_b_running && tk_wait_chan_up; }
crash_taken_back() {	# B dies adopting the first device; A takes all back
	out=$(tkctl handover --leave $LEAVE 2>&1); rc=$?; echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q "the twin kernel ended" &&
		echo "$out" | grep -q "took back every CPU and device" &&
		[ "$(cat /sys/kernel/twin/state)" = none ]
}
disk_sum() { dd if=/dev/vda bs=1M count=4 2>/dev/null | sha256sum | cut -d" " -f1; }
disk_same() { now=$(disk_sum); echo "before $SUM, now $now"; [ "$now" = "$SUM" ]; }
second_refused() {	# while the first runs (it holds the lock from its start)
	tkctl handover --leave $LEAVE > /tmp/ho1 2>&1 &
	n=0
	until grep -q "^plan:" /tmp/ho1; do
		[ $n -ge 200 ] && { cat /tmp/ho1; return 1; }
		usleep 50000; n=$((n + 1))
	done
	out=$(tkctl handover --leave $LEAVE 2>&1); rc=$?; echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q "another tkctl handover is running"
}

dd if=/dev/urandom of=/dev/vda bs=1M count=4 conv=fsync 2>/dev/null
SUM=$(disk_sum)
tk_plan 19
tk_check "B boots beside A (CPU 3, no device)" boot_b
tk_check "tkctl stop" tkctl stop --timeout 60
tk_check_shown "B stopped: handover refused, nothing changed" refused "not running"
tk_check "still A's: CPUs 0-2 and the devices" mine 0-2
tk_check "tkctl restart: B runs again" restart_b
tk_check_shown "B says it cannot take over (caps 0)" ask NOCAPS
tk_check_shown "handover refused: a build without handover support" refused "cannot take the machine over"
tk_check "still A's: CPUs 0-2 and the devices" mine 0-2
tk_check_shown "B says it can again" ask CAPS
tk_check_shown "B will refuse A's virtio NIC (00:04.0)" ask "REFUSE 0x20"
tk_check_shown "B refuses a device: the one moved before comes back, B runs on" undone
tk_check "still A's: CPUs 0-2 and the devices" mine 0-2
tk_check_shown "B takes devices again" ask UNREFUSE
tk_check_shown "B will die adopting a device" ask CRASH-ON-ADOPT
tk_check_shown "B dies in the device phase: handover stops, takes everything back" crash_taken_back
tk_check_shown "everything is A's again: CPUs 0-3 and the devices" mine 0-3
tk_check_shown "A's disk still reads its data" disk_same
tk_check "a fresh B boots beside A" boot_b
tk_check_shown "a second handover while one runs is refused" second_refused
tk_done
# The first handover goes on and retires A; its phases on the console.
tail -f /tmp/ho1 &
