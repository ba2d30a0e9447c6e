# Scenario "seed-chain-c" (kernel C of e2e/upgrade-chain-seed: kernel A's
# build, loaded by B from the disk's /boot on the seed's machine): wait
# until B has retired, then check that C runs the machine with the
# platform B took from A: both CPUs, the IOAPIC, the IDE disk (A's and
# B's files read back) and the e1000 (DHCP, ping), their interrupts on the
# IOAPIC; B's UART is C's ttyS1; then power the machine off.
. /etc/tk/lib.sh
set -- $(tkctl recv -n 1 --timeout 300 | sed -n 's/^SUM //p')
SUM_A=$1 SUM_B=$2 BEFORE=$3
release() {
	echo "this kernel: $(uname -r), the one before: ${BEFORE:-unknown}"
	[ -n "$BEFORE" ] && [ "$(uname -r)" != "$BEFORE" ]
}
files() {	# the IDE disk: A's and B's files read back
	n=0
	until [ -b /dev/sda ]; do
		[ $n -ge 300 ] && { echo "no /dev/sda"; return 1; }
		usleep 100000; n=$((n + 1))
	done
	mkdir -p /mnt && mount -t ext4 /dev/sda /mnt || return 1
	a=$(sha256sum < /mnt/root/from-a | cut -d" " -f1)
	b=$(sha256sum < /mnt/root/from-b | cut -d" " -f1)
	echo "from-a: said $SUM_A, read $a; from-b: said $SUM_B, read $b"
	[ -n "$SUM_A" ] && [ "$a" = "$SUM_A" ] && [ -n "$SUM_B" ] && [ "$b" = "$SUM_B" ]
}
nic() {		# A's e1000, B's before: DHCP, ping, its INTx on the IOAPIC
	i=$(ls /sys/bus/pci/devices/0000:00:03.0/net) || return 1
	ip link set lo up && ip link set "$i" up && udhcpc -i "$i" -n -q -t 5 \
		-s /usr/share/udhcpc/default.script && ping -c 3 -W 2 10.0.2.2 || return 1
	grep -E "IO-APIC.*($i|ata_piix)" /proc/interrupts
	grep -qE "IO-APIC +11-fasteoi +$i$" /proc/interrupts &&
		grep -qE "IO-APIC +14-edge +ata_piix$" /proc/interrupts
}
uart() {	# B's UART is this kernel's ttyS1
	grep "^1:" /proc/tty/driver/serial
	grep -q "^1: uart:16550A port:000002F8 irq:3" /proc/tty/driver/serial
}
tk_plan 6
tk_check_shown "kernel B retired and this kernel took over, with the IOAPIC and 2 devices" \
	tk_took_over " ioapics 1 devices 2/2 "
tk_check "two CPUs online" sh -c "[ \"\$(grep -c '^processor' /proc/cpuinfo)\" = 2 ]"
tk_check_shown "the release changed" release
tk_check_shown "the IDE disk: A's and B's files read back" files
tk_check_shown "the e1000: DHCP and ping; IDE and e1000 on the IOAPIC" nic
tk_check_shown "B's UART is ttyS1 here, IRQ 3" uart
tk_done
(sleep 1; echo "TK-POWEROFF"; poweroff -f) &
