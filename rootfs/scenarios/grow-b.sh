# Scenario "grow-b" (kernel B of scenario "grow"): wait until A has given
# its disk and two more CPUs, run a task pinned to each CPU, read the
# disk, check what B sees, and tell A on the channel. A's restart of B runs this again: then only the
# lent CPU comes (A does not grow it twice) and A stops B meanwhile.
. /etc/tk/lib.sh
SYS=/sys/devices/system/cpu
ncpus() { grep -c '^processor' /proc/cpuinfo; }
three_online() {	# B's CPU numbers follow APIC IDs: "0,2-3" here
	n=0
	until [ "$(ncpus)" = 3 ]; do
		[ $n -ge 1200 ] && { echo "online: $(cat $SYS/online)"; return 1; }
		sleep 0.1; n=$((n + 1))
	done
	echo "online: $(cat $SYS/online)"
}
cpus() { awk '/^processor/ { print $3 }' /proc/cpuinfo; }
each_runs() {
	for c in $(cpus); do
		out=$(taskset -c "$c" cut -d" " -f39 /proc/self/stat)
		echo "pinned to $c, ran on $out"
		[ "$out" = "$c" ] || return 1
	done
}
apic_ids() {	# the CPUs are the machine's APIC IDs 1, 2 and 3
	ids=$(awk '/^apicid/ { print $3 }' /proc/cpuinfo | sort -n | tr '\n' ' ')
	echo "APIC IDs: $ids"; [ "$ids" = "1 2 3 " ]
}
# Local timer interrupts ("LOC") rise on every CPU: each LAPIC works in B.
loc() { awk '$1 == "LOC:" { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) printf "%s ", $i }' /proc/interrupts; }
timers_tick() {
	a=$(loc); sleep 2; b=$(loc)
	echo "LOC before: $a after: $b"
	set -- $a
	for x in $b; do
		[ "$x" -gt "${1:-0}" ] || return 1
		shift
	done
	[ "$(echo $b | wc -w)" = 3 ]
}

disk() {	# A's virtio-blk disk, bound here; what A wrote on it
	n=0
	until [ -e /dev/vda ]; do
		[ $n -ge 1200 ] && { ls /sys/bus/pci/devices; return 1; }
		sleep 0.1; n=$((n + 1))
	done
	ls -l /sys/bus/pci/devices/0000:00:05.0/driver
}
tk_plan 5
tk_check "A's disk (00:05.0) came here, driver bound" disk
tk_check "A's CPUs 1 and 2 came online here" three_online
tk_check "a pinned task runs on each of B's CPUs" each_runs
tk_check "they are APIC IDs 1, 2 and 3" apic_ids
tk_check "the local timer ticks on each of them" timers_tick
sum=$(dd if=/dev/vda bs=1M count=4 2>/dev/null | sha256sum | cut -d" " -f1)
echo "# disk sha256 $sum"
[ "$tk_failed" = 0 ] && tkctl send "B-GROWN 3 $sum"
tk_done
