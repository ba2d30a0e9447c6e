# Scenario "grow" (kernel A, 4 CPUs, twinkernel=256M): B starts on CPU 3,
# then A gives it CPUs 1 and 2 for good (tkctl grow): each goes offline in
# A into the park, B brings it online. Bad requests are refused and
# change nothing. B says on the channel when it has all three CPUs and
# ran a task on each (scenario grow-b). Then stop, restart and unload take
# every CPU back into A.
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
chan_up() {
	n=0
	until [ "$(cat /sys/kernel/twin/channel/state)" = up ]; do
		[ $n -ge 600 ] && { echo "channel $(cat /sys/kernel/twin/channel/state)"; return 1; }
		sleep 0.1; n=$((n + 1))
	done
}
b_says() {	# B's message on the channel, within 120 s
	msg=$(tkctl recv -n 1 --timeout 120); echo "B says: $msg"
	[ "$msg" = "$1" ]
}

tk_plan 24
tk_check "tkctl load (CPU 3)" tkctl load --kernel /boot/bzImage-b \
	--initrd /boot/initramfs-b.cpio.gz --cmdline "$B_CMDLINE" --cpu 3
tk_check "tkctl start" tkctl start
tk_check "B runs" tk_wait_b_running
tk_check "the channel is up" chan_up
tk_check "grow --cpus 0: the boot CPU is refused" refused "boot CPU" 0
tk_check "grow --cpus 3: B's own CPU is refused (busy)" refused "twin's already" 3
tk_check "grow --cpus 7: no such CPU" refused "does not exist" 7
tk_check "nothing was given" given ""
tk_check_shown "tkctl grow --cpus 1-2" tkctl grow --cpus 1-2
tk_mark "TK-GROWN"
tk_check "CPUs 1 and 2 are offline in A" sh -c "[ \"\$(cat $SYS/online)\" = 0 ]"
tk_check "onlining CPU 1 fails with EBUSY" online_busy 1
tk_check "onlining CPU 2 fails with EBUSY" online_busy 2
tk_check "tkctl status: cpus-given 1-2" given 1-2
tk_check "grow --cpus 2 again: busy" refused "twin's already" 2
tk_check "B has three CPUs and ran a task on each" b_says "B-CPUS 3 OK"
tk_check "tkctl stop" tkctl stop --timeout 60
tk_check "tkctl restart takes CPUs 1 and 2 back, B boots again" tkctl restart
tk_check "A has CPUs 0-2 online" sh -c "[ \"\$(cat $SYS/online)\" = 0-2 ]"
tk_check "a task runs on CPU 1" runs_on 1
tk_check "a task runs on CPU 2" runs_on 2
tk_check "B runs again" tk_wait_b_running
tk_check "tkctl stop, then unload" sh -c "tkctl stop --timeout 60 && tkctl unload"
tk_check "all four CPUs are A's" sh -c "[ \"\$(cat $SYS/online)\" = 0-3 ]"
tk_check "a task runs on CPU 3" runs_on 3
tk_done
