# Scenario "twin-errors" (kernel A, booted with twinkernel=128M and a
# malformed pci_dev_flags=): every bad request gets a clear message and a
# non-zero exit, and changes nothing.
. /etc/tk/lib.sh
B=/boot/bzImage-b
I=/boot/initramfs-b.cpio.gz

# expect CODE PATTERN COMMAND...: exit status CODE, stderr matching PATTERN,
# and the twin state unchanged.
expect() {
	code=$1 pattern=$2; shift 2
	before=$(cat /sys/kernel/twin/state)
	out=$("$@" 2>&1); rc=$?
	after=$(cat /sys/kernel/twin/state)
	echo "exit $rc: $out"
	[ "$rc" = "$code" ] && echo "$out" | grep -qi -- "$pattern" &&
		[ "$before" = "$after" ]
}

tk_plan 17
tk_check "malformed pci_dev_flags= is reported at boot" sh -c \
	'dmesg | grep -q "pci_dev_flags=.*malformed"'
tk_check "missing kernel file" expect 1 "No such file" tkctl load --kernel /nope
head -c 100000 $B > /tmp/truncated
tk_check "truncated kernel" expect 1 "truncated" tkctl load --kernel /tmp/truncated
tk_check "not a bzImage" expect 1 "not a bzImage" tkctl load --kernel /bin/busybox
: > /tmp/empty
tk_check "empty kernel file" expect 1 "too small" tkctl load --kernel /tmp/empty
truncate -s 160M /tmp/big-initrd
tk_check "initrd larger than the twin memory" expect 1 "too large\|does not fit" \
	tkctl load --kernel $B --initrd /tmp/big-initrd
truncate -s 112M /tmp/mid-initrd
tk_check "initrd that does not fit beside the kernel" expect 1 "does not fit" \
	tkctl load --kernel $B --initrd /tmp/mid-initrd
rm -f /tmp/big-initrd /tmp/mid-initrd
tk_check "--cpu 0" expect 2 "cannot be lent" tkctl load --kernel $B --cpu 0
tk_check "a CPU that does not exist" expect 2 "no such CPU" tkctl load --kernel $B --cpu 7
echo 0 > /sys/devices/system/cpu/cpu1/online
tk_check "a CPU that is offline" expect 1 "offline" tkctl load --kernel $B --cpu 1
echo 1 > /sys/devices/system/cpu/cpu1/online
tk_check "malformed --pci" expect 2 "--pci" tkctl load --kernel $B --pci 00:04
tk_check "start with nothing loaded" expect 1 "no twin kernel is loaded" tkctl start
tk_check "unload with nothing loaded" expect 1 "no twin kernel is loaded" tkctl unload
tk_check "a good load still works" tkctl load --kernel $B --initrd $I \
	--cmdline "console=ttyS1,115200 tk.role=B" --pci 00:04.0
tk_check "tkctl start" tkctl start
tk_check "load while B runs" expect 1 "running" tkctl load --kernel $B --initrd $I
tk_check "unload while B runs" expect 1 "running" tkctl unload
tk_done
