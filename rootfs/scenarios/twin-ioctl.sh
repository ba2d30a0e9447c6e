# Scenario "twin-ioctl" (kernel A, twinkernel=128M, 2 CPUs): the kernel's
# own checks of /dev/twinctl, by raw ioctls (tkioctl) that bypass tkctl;
# each refusal has its errno and leaves the state as it was. Then the
# lifecycle fixes: starting B while another process onlines its CPU,
# unload giving the CPU back into A, and a start by "echo 0 > online"
# (the documented second way) getting a working channel.
. /etc/tk/lib.sh
B=/boot/bzImage-b
I=/boot/initramfs-b.cpio.gz
# tkioctl passes the command line as it is: twin_kernel is ours to give.
CMD="twin_kernel console=ttyS1,115200 tk.role=B tk.heartbeat=100"
ONLINE=/sys/devices/system/cpu/cpu1/online

# refused ERRNO ARGS...: the ioctl fails with ERRNO and the state is unchanged.
refused() {
	want=$1; shift
	before=$(cat /sys/kernel/twin/state)
	tkioctl "$@" --expect "$want" || return 1
	after=$(cat /sys/kernel/twin/state)
	[ "$before" = "$after" ] || { echo "state $before -> $after"; return 1; }
}
runs_on_cpu1() {	# a task pinned to CPU 1 runs there
	out=$(taskset -c 1 cut -d" " -f39 /proc/self/stat)
	echo "ran on CPU $out"; [ "$out" = 1 ]
}
take_refused() {	# B runs and its channel is up: only the arguments are wrong
	tk_wait_chan_up && tkioctl take-pci 00:03.0 --expect ENOENT &&
		tkioctl take-pci 00:03.0 --flags 1 --expect EINVAL
}
chan_up() {	# A's end of the channel is up and B's kernel answers a ping
	tk_wait_chan_up && tkctl ping -c 3 -i 100
}

tk_plan 31
tk_check "flags != 0" refused EINVAL load --kernel $B --flags 1
tk_check "a kernel fd that is not open" refused EBADF load --kernel-fd 99
tk_check "an initrd fd that is not open" refused EBADF load --kernel $B --initrd-fd 99
tk_check "cmdline length 0" refused EINVAL load --kernel $B --cmdline-len 0
tk_check "cmdline longer than a page" refused EINVAL load --kernel $B --cmdline-len 5000
tk_check "cmdline without its NUL" refused EINVAL load --kernel $B --cmdline abc --cmdline-len 3
tk_check "cmdline with a NUL inside" refused EINVAL load --kernel $B --cmdline abc --cmdline-len 8
tk_check "17 PCI devices" refused EINVAL load --kernel $B --pci-count 17
tk_check "CPU 0, the boot CPU" refused EINVAL load --kernel $B --initrd $I --cpu 0
tk_check "a CPU that does not exist" refused ENODEV load --kernel $B --initrd $I --cpu 99
tk_check "not a bzImage" refused ENOEXEC load --kernel /bin/busybox
tk_check "an unknown ioctl" refused ENOTTY unknown
tk_check "start, stop, restart, unload with nothing loaded" sh -c \
	'for c in start stop restart unload; do tkioctl $c --expect ENOENT || exit 1; done'
tk_check "state is still none" grep -qx none /sys/kernel/twin/state

tk_check "load" tkioctl load --kernel $B --initrd $I --cmdline "$CMD" --expect 0
tk_check "start while another process onlines the CPU: B keeps it" \
	tkioctl race-online 1 --expect 0
tk_check "B boots to its init" tk_wait_b_running
tk_check "take back a device never given: ENOENT; with flags: EINVAL" take_refused
tk_check "load, start, unload while B runs: EBUSY" sh -c \
	"tkioctl load --kernel $B --initrd $I --expect EBUSY &&
	 tkioctl start --expect EBUSY && tkioctl unload --expect EBUSY &&
	 grep -qx running /sys/kernel/twin/state"
tk_check "stop, B stops" sh -c "tkioctl stop --expect 0"
tk_check "state stopped" tk_wait_state stopped 30

# Unload takes the CPU back into A: online, running tasks, loadable again.
tk_check "unload" tkioctl unload --expect 0
tk_check "CPU 1 is online in A after unload" grep -qx 1 $ONLINE
tk_check "a task pinned to CPU 1 runs there" runs_on_cpu1
tk_check "load again on CPU 1, no manual online" \
	tkctl load --kernel $B --initrd $I --cmdline "$CMD" --cpu 1

# The documented second way to start: offline the CPU.
echo 0 > $ONLINE
tk_check "started by echo 0 > online: B boots" tk_wait_b_running
tk_check "and has a channel: ping answered by B's kernel" chan_up

# A newer A's boot information (version 4, uapi/linux/twin_abi.h): B
# boots with the fields it knows.
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
tk_check "tkctl stop" tkctl stop --timeout 60
boot_version=$(cat /sys/kernel/debug/twin/boot_version)
tk_check "A writes boot information version 4 at the next load" sh -c \
	"echo 4 > /sys/kernel/debug/twin/boot_version"
tk_check "load and start: B boots with it" sh -c \
	"tkctl load --kernel $B --initrd $I --cmdline '$CMD' --cpu 1 && tkctl start"
tk_check "B runs" tk_wait_b_running
echo "$boot_version" > /sys/kernel/debug/twin/boot_version
tk_done
