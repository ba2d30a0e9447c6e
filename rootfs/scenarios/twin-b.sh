# Scenario "twin-b" (kernel B): what B sees of the machine is what A lent.
# tk.expect_apic= (default 1) and tk.expect_pci= (default 0000:00:04.0).
. /etc/tk/lib.sh
apic=${TK_EXPECT_APIC:-1}
pci=${TK_EXPECT_PCI:-0000:00:04.0}
tk_plan 9
tk_check "one online CPU" grep -qx 0 /sys/devices/system/cpu/online
tk_check "it is the lent CPU (APIC ID $apic)" sh -c "grep -q '^apicid[[:space:]]*: $apic\$' /proc/cpuinfo"
tk_check "MemTotal within the lent 256 MiB" awk '/^MemTotal/ { exit !($2 < 262144) }' /proc/meminfo
# All top-level System RAM lies in one window no larger than what A lent.
ram_window_ok() {
	lo= hi=
	while IFS= read -r line; do
		case "$line" in " "*) continue ;; *"System RAM"*) ;; *) continue ;; esac
		r=${line%% :*}
		s=$((0x${r%-*})) e=$((0x${r#*-}))
		if [ -z "$lo" ] || [ "$s" -lt "$lo" ]; then lo=$s; fi
		if [ -z "$hi" ] || [ "$e" -gt "$hi" ]; then hi=$e; fi
	done < /proc/iomem
	echo "System RAM spans $lo-$hi"
	[ -n "$lo" ] && [ $((hi - lo + 1)) -le 268435456 ]
}
tk_check "no System RAM outside B's range" ram_window_ok
tk_check "no /proc/vmcore" test ! -e /proc/vmcore
tk_check "PCI devices are the allow list ($pci)" sh -c "[ \"\$(ls /sys/bus/pci/devices)\" = $pci ]"
tk_check "B's NIC gets an address by DHCP" udhcpc -i eth0 -n -q -t 5 \
	-s /usr/share/udhcpc/default.script
tk_check "B's NIC reaches the gateway" ping -c 3 -W 2 10.0.2.2
# The NIC's receive queue interrupt is an MSI/MSI-X one, and it fired.
msi_rx() {
	grep -E 'MSI.*virtio' /proc/interrupts
	awk '/MSI/ && /virtio[0-9]+-input/ && $2 > 0 { ok = 1 } END { exit !ok }' /proc/interrupts
}
tk_check "B's NIC receive interrupts are MSI/MSI-X and fired" msi_rx
tk_done
