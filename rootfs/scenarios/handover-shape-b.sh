# Scenario "handover-shape-b" (kernel B of scenario "handover-shape"): this
# kernel took the machine over: all its CPUs, at least 90% of its RAM,
# part of the free memory usable (tk.fill percent, 70 by default); then
# power off (or reset: tk.finish=reboot).
. /etc/tk/lib.sh
cpus() {
	echo "online: $(cat /sys/devices/system/cpu/online), want $TK_NCPUS CPUs"
	[ "$(grep -c '^processor' /proc/cpuinfo)" = "$TK_NCPUS" ]
}
memtotal() {
	kib=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)
	echo "MemTotal $kib kB of $TK_MEMMIB MiB"
	[ "$kib" -ge $((TK_MEMMIB * 1024 * 90 / 100)) ]
}
tk_plan 4
tk_check_shown "kernel A retired and this kernel took over" tk_wait_takeover
tk_check_shown "all the machine's CPUs online" cpus
tk_check_shown "MemTotal is at least 90% of the machine's RAM" memtotal
tk_check_shown "${TK_FILL:-70}% of the free memory written and read back" tkmemfill "${TK_FILL:-70}"
tk_done
# tk.finish=reboot: B resets the machine instead (QEMU -no-reboot exits).
finish=${TK_FINISH:-poweroff}
(sleep 1; echo "TK-FINISH $finish"; $finish -f) &
