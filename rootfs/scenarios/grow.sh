# Scenario "grow" (kernel A on q35, 4 CPUs, twinkernel=256M, a
# virtio-blk disk at 00:05.0 and an e1000e at 00:06.0): B starts on CPU 3,
# then A gives it the disk and CPUs 1 and 2 for good (tkctl grow): the
# disk is removed in A and B binds it; each CPU goes offline in A into the
# park, B brings it online. Bad requests are refused and change nothing; a
# device B has no driver for comes back to A. B says on the channel when
# it has all three CPUs, ran a task on each and read the disk (scenario
# grow-b). Then stop, restart and unload take everything back into A.
. /etc/tk/lib.sh
B_CMDLINE="console=ttyS1,115200 tk.role=B tk.heartbeat=100 tk.test=grow-b"
SYS=/sys/devices/system/cpu

state() { cat /sys/kernel/twin/state; }
# refused ERRNO_WORD LIST: tkctl grow fails naming the errno; nothing moves.
refused() {
	before="$(state) $(cat $SYS/online)"
	out=$(tkctl grow --cpus "$2" 2>&1); rc=$?
	echo "$out"
	after="$(state) $(cat $SYS/online)"
	[ "$rc" = 1 ] && echo "$out" | grep -qi "$1" && [ "$before" = "$after" ]
}
online_busy() {	# onlining a CPU B holds fails with EBUSY
	out=$(sh -c "/bin/echo 1 > $SYS/cpu$1/online" 2>&1)
	echo "$out"
	echo "$out" | grep -qi busy && grep -qx 0 $SYS/cpu$1/online
}
runs_on() {	# a task pinned to CPU $1 runs there
	out=$(taskset -c "$1" cut -d" " -f39 /proc/self/stat)
	echo "ran on CPU $out"; [ "$out" = "$1" ]
}
given() { tkctl status | grep -q "^cpus-given: *$1\$"; }
b_says() {	# B's message on the channel, within 120 s
	msg=$(tkctl recv -n 1 --timeout 120); echo "B says: $msg"
	[ "$msg" = "$1" ]
}
disk_sum() { dd if=/dev/vda bs=1M count=4 2>/dev/null | sha256sum | cut -d" " -f1; }
disk_again() { back 00:05.0 && [ -e /dev/vda ] && [ "$(disk_sum)" = "$SUM" ]; }
refused_pci() {	# tkctl grow --pci $2 fails naming $1; the device stays A's
	out=$(tkctl grow --pci "$2" 2>&1); rc=$?
	echo "$out"
	[ "$rc" = 1 ] && echo "$out" | grep -qi "$1" &&
		[ -e /sys/bus/pci/devices/0000:$2 ]
}
not_taken() {	# B had no driver for it: A scanned it again, its driver bound
	refused_pci "did not take" "$1" && back "$1"
}
gone() { [ ! -e /sys/bus/pci/devices/0000:$1 ] && [ ! -e /dev/vda ]; }
back() {	# the device is A's again, bound to its driver
	n=0
	until [ -e /sys/bus/pci/devices/0000:$1/driver ]; do
		[ $n -ge 100 ] && { ls /sys/bus/pci/devices; return 1; }
		sleep 0.1; n=$((n + 1))
	done
}

tk_plan 30
tk_check "tkctl load (CPU 3)" tkctl load --kernel /boot/bzImage-b \
	--initrd /boot/initramfs-b.cpio.gz --cmdline "$B_CMDLINE" --cpu 3
tk_check "tkctl start" tkctl start
tk_check "B runs" tk_wait_b_running
tk_check "the channel is up" tk_wait_chan_up
tk_check "grow --cpus 0: the boot CPU is refused" refused "boot CPU" 0
tk_check "grow --cpus 3: B's own CPU is refused (busy)" refused "twin's already" 3
tk_check "grow --cpus 7: no such CPU" refused "does not exist" 7
tk_check "nothing was given" given ""
dd if=/dev/urandom of=/dev/vda bs=1M count=4 conv=fsync 2>/dev/null
SUM=$(disk_sum)
tk_check "A wrote 4 MiB to its disk (00:05.0): sha256 $SUM" test -n "$SUM"
tk_check "grow --pci 00:03.0: the e1000 interrupts by INTx only" refused_pci "INTx" 00:03.0
tk_check "grow --pci 00:1f.0: a bridge stays" refused_pci "bridge" 00:1f.0
tk_check "grow --pci 00:06.0: B has no e1000e driver, A has the NIC again" not_taken 00:06.0
tk_check_shown "tkctl grow --pci 00:05.0 --cpus 1-2" tkctl grow --pci 00:05.0 --cpus 1-2
tk_check "the disk is gone from A" gone 00:05.0
tk_mark "TK-GROWN"
tk_check "CPUs 1 and 2 are offline in A" sh -c "[ \"\$(cat $SYS/online)\" = 0 ]"
tk_check "onlining CPU 1 fails with EBUSY" online_busy 1
tk_check "onlining CPU 2 fails with EBUSY" online_busy 2
tk_check "tkctl status: cpus-given 1-2" given 1-2
tk_check "grow --cpus 2 again: busy" refused "twin's already" 2
tk_check "B has three CPUs, ran a task on each, read A's data on the disk" b_says "B-GROWN 3 $SUM"
tk_check "tkctl stop" tkctl stop --timeout 60
tk_check "tkctl restart takes CPUs 1 and 2 back, B boots again" tkctl restart
tk_check "A has CPUs 0-2 online" sh -c "[ \"\$(cat $SYS/online)\" = 0-2 ]"
tk_check "a task runs on CPU 1" runs_on 1
tk_check "a task runs on CPU 2" runs_on 2
tk_check "the disk is A's again, with the same data" disk_again
tk_check "B runs again" tk_wait_b_running
tk_check "tkctl stop, then unload" sh -c "tkctl stop --timeout 60 && tkctl unload"
tk_check "all four CPUs are A's" sh -c "[ \"\$(cat $SYS/online)\" = 0-3 ]"
tk_check "a task runs on CPU 3" runs_on 3
tk_done
