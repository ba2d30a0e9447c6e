# Scenario "platform-faults-b" (kernel B of scenario "platform-faults"):
# A retired with a spoilt platform description; B took the machine with
# what passed its checks and runs on: its CPUs run tasks, its own NIC
# (00:04.0, MSI-X) does DHCP. Prints B's takeover line for the host.
. /etc/tk/lib.sh
took_over() {	# the host's test reads the line: TK-TAKEOVER
	out=$(tk_wait_takeover); rc=$?; echo "$out"; echo "TK-TAKEOVER $out"
	[ $rc = 0 ]
}
own_nic() {
	i=$(ls /sys/bus/pci/devices/0000:00:04.0/virtio*/net) || return 1
	ip link set "$i" up && udhcpc -i "$i" -n -q -t 5 \
		-s /usr/share/udhcpc/default.script && ping -c 2 -W 2 10.0.2.2
}
tk_plan 4
tk_check_shown "kernel A retired and this kernel took over" took_over
tk_check "two CPUs online" sh -c "[ \"\$(grep -c '^processor' /proc/cpuinfo)\" = 2 ]"
tk_check_shown "a pinned task runs on each" tk_each_cpu_runs
tk_check_shown "this kernel's own NIC (MSI-X): DHCP and ping" own_nic
tk_done
(sleep 1; echo "TK-POWEROFF"; poweroff -f) &
