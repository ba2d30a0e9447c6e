# Scenario "seed-handover-b" (kernel B of scenario "seed-handover", on the
# seed's machine: -M pc, 2 CPUs, 2 GiB, A's Debian on an IDE disk, A's
# e1000): wait until kernel A has retired, then check that this kernel
# runs the machine with the platform A drove: both CPUs, A's RAM, the
# IOAPIC, the IDE disk (A's root file system: the file A wrote read
# back, a new one written and synced) and the e1000 (DHCP, ping), their
# interrupts rising on this kernel's CPUs through the IOAPIC, A's UART
# as ttyS0, no error or spurious interrupts; then power the machine off.
# With tk.chain=1 (e2e/upgrade-chain-seed), instead of the 60 s of quiet
# and the power off: load C (kernel A's build, from the disk's /boot) and
# hand it the machine the same way (scenario seed-chain-c).
. /etc/tk/lib.sh
# Logins: on this kernel's console now, on ttyS0 (A's UART) once it is
# this kernel's (the test logs in on both).
tk-gettys ttyS1 ttyS0 > /dev/null
SUM=$(tkctl recv -n 1 --timeout 300 | sed -n 's/^SUM //p')
memtotal() {	# at least 90% of the machine's 2 GiB
	kib=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)
	echo "MemTotal $kib kB"; [ "$kib" -ge $((2097152 * 90 / 100)) ]
}
ioapic() {	# registered here, from A's description
	# Without dmesg's "[ s.us]" stamps: the console logger would take a
	# shown line that carries one for a kernel message of its own.
	dmesg | sed 's/^\[[^]]*\] //' | grep -E "^(IOAPIC\[[0-9]+\]: apic_id|twin: platform)"
	dmesg | grep -q "IOAPIC\[0\]: apic_id [0-9]*, version [0-9]*, address 0xfec00000, GSI 0-23"
}
wait_sda() {	# the IDE disk, once ata_piix and the SCSI scan found it
	n=0
	until [ -b /dev/sda ]; do
		[ $n -ge 300 ] && { echo "no /dev/sda"; return 1; }
		usleep 100000; n=$((n + 1))
	done
	ls -l /sys/block/sda/device/ 2>/dev/null | head -3; readlink -f /sys/block/sda
	readlink -f /sys/block/sda | grep -q "0000:00:01.1"
}
root_fs() {	# A's root file system: A's file read back, a new one written
	mkdir -p /mnt && mount -t ext4 /dev/sda /mnt || return 1
	got=$(sha256sum < /mnt/root/from-a | cut -d" " -f1)
	echo "A said $SUM, read $got"
	[ -n "$SUM" ] && [ "$got" = "$SUM" ] || return 1
	head -c 1048576 /dev/urandom > /mnt/root/from-b && sync || return 1
	echo "TK-FROM-B $(sha256sum < /mnt/root/from-b | cut -d" " -f1)"
}
load_c() {	# kernel A's build again, from the disk; its console is ttyS0
	# (the load unregisters the port here too: the getty cannot stay)
	tk-gettys --stop ttyS0 > /dev/null
	tkctl load --kernel /mnt/boot/bzImage --initrd /mnt/boot/initramfs-b.cpio.gz \
		--cmdline "console=ttyS0,115200 tk.role=B tk.test=seed-chain-c"
}
tell_c() {	# the SHA-256 of A's file and of this kernel's
	tkctl send "SUM $SUM $(sha256sum < /mnt/root/from-b | cut -d" " -f1) $(uname -r)"
}
irqs() {	# the sum over CPUs of the /proc/interrupts line naming $1
	awk -v w="$1" '$0 ~ w { s = 0; for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i; else break; print s; exit }' /proc/interrupts
}
e1000_if() { ls /sys/bus/pci/devices/0000:00:03.0/net; }
nic() {		# A's e1000: DHCP and ping
	i=$(e1000_if) || return 1
	echo "A's e1000 is $i here"
	ip link set lo up && ip link set "$i" up && udhcpc -i "$i" -n -q -t 5 \
		-s /usr/share/udhcpc/default.script && ping -c 3 -W 2 10.0.2.2
}
rising() {	# IDE and e1000 interrupts come through the IOAPIC, and rise
	i=$(e1000_if)
	grep -E "IO-APIC|CPU" /proc/interrupts | sed 's/^/  /'
	grep -E "IO-APIC.*(ata_piix|$i)" /proc/interrupts >/dev/null || return 1
	d0=$(irqs "ata_piix"); n0=$(irqs "$i")
	echo 3 > /proc/sys/vm/drop_caches
	dd if=/dev/sda of=/dev/null bs=4k count=256 skip=$((RANDOM * 8)) 2>/dev/null
	ping -c 3 -W 2 10.0.2.2 >/dev/null
	d1=$(irqs "ata_piix"); n1=$(irqs "$i")
	echo "ata_piix $d0 -> $d1, $i $n0 -> $n1"
	[ "$d1" -gt "$d0" ] && [ "$n1" -gt "$n0" ]
}
uart() {	# A's UART is this kernel's ttyS0, on its ISA IRQ
	grep "^0:" /proc/tty/driver/serial
	grep -q "^0: uart:16550A port:000003F8 irq:4" /proc/tty/driver/serial
}
errspu() { awk '$1 == "ERR:" || $1 == "SPU:" { printf "%s %s ", $1, $2 }' /proc/interrupts; }
quiet() {	# both counters are there, and neither moves
	a=$(errspu); sleep 60; b=$(errspu)
	echo "before: $a after: $b"
	echo "$a" | grep -q "ERR: [0-9]" && echo "$a" | grep -q "SPU: [0-9]" && [ "$a" = "$b" ]
}

if [ "${TK_CHAIN:-0}" = 1 ]; then tk_plan 14; else tk_plan 10; fi
tk_check_shown "kernel A retired and this kernel took over, with the IOAPIC and 2 devices" \
	tk_took_over " ioapics 1 devices 2/2 "
tk_check "two CPUs online" sh -c "[ \"\$(grep -c '^processor' /proc/cpuinfo)\" = 2 ]"
tk_check_shown "MemTotal is at least 90% of the machine's RAM" memtotal
tk_check_shown "the IOAPIC is registered here (ID, address, GSI 0-23 as A's ACPI said)" ioapic
tk_check_shown "the IDE disk (00:01.1, ata_piix) is /dev/sda here" wait_sda
tk_check_shown "A's root file system: A's file read back, a new one written and synced" root_fs
tk_check_shown "A's e1000 (00:03.0): DHCP and ping" nic
tk_check_shown "IDE and e1000 interrupts rise here through the IOAPIC" rising
tk_check_shown "A's UART is ttyS0 here, IRQ 4" uart
if [ "${TK_CHAIN:-0}" = 1 ]; then
	tk_check "tkctl load C (kernel A's build, from the disk's /boot)" load_c
	tk_check "tkctl start" tkctl start
	tk_check "C runs" tk_wait_b_running
	tk_check "the channel is up" tk_wait_chan_up
	tk_check "C is told both files' SHA-256" tell_c
	tk_done
	(sleep 1; echo "TK-HANDOVER-START"; tkctl handover) &
	exit 0
fi
tk_check "no ERR or SPU interrupts over 60 s" quiet
tk_done
(sleep 1; echo "TK-POWEROFF"; poweroff -f) &
