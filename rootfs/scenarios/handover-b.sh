# Scenario "handover-b" (kernel B of scenario "handover"): wait until
# kernel A has retired, then check that this kernel runs the machine:
# all four CPUs, A's RAM usable, A's disk with A's data, A's NIC, A's
# e1000 (INTx, through the IOAPIC taken from A), no error or spurious
# interrupts; then power the machine off.
. /etc/tk/lib.sh
SUM=$(tkctl recv -n 1 --timeout 120 | sed -n 's/^SUM //p')
ncpus() { grep -c '^processor' /proc/cpuinfo; }
apic_ids() {
	ids=$(awk '/^apicid/ { print $3 }' /proc/cpuinfo | sort -n | tr '\n' ' ')
	echo "APIC IDs: $ids"; [ "$ids" = "0 1 2 3 " ]
}
memtotal() {	# at least 90% of the machine's 2 GiB (what is left out: see the docs)
	grep -v "^ " /proc/iomem | sed 's/^/# /'
	kib=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)
	echo "MemTotal $kib kB"; [ "$kib" -ge $((2097152 * 90 / 100)) ]
}
disk() {
	[ -e /dev/vda ] || return 1
	got=$(dd if=/dev/vda bs=1M count=4 2>/dev/null | sha256sum | cut -d" " -f1)
	echo "A said $SUM, read $got"; [ -n "$SUM" ] && [ "$got" = "$SUM" ]
}
ifname() {	# a virtio NIC's interface hangs off its virtio device
	ls /sys/bus/pci/devices/0000:00:$1/virtio*/net 2>/dev/null ||
		ls "/sys/bus/pci/devices/0000:00:$1/net"
}
nic() {		# A's NIC: DHCP, ping, and the host reaches it through hostfwd
	i=$(ifname 04.0) || return 1
	echo "A's NIC is $i here"
	ip link set lo up && ip link set "$i" up && udhcpc -i "$i" -n -q -t 5 \
		-s /usr/share/udhcpc/default.script && ping -c 2 -W 2 10.0.2.2 || return 1
	mkdir -p /tmp/www/cgi-bin &&
	printf '#!/bin/sh\ntouch /tmp/hit\nprintf "Content-type: text/plain\\r\\n\\r\\nTK-SERVER B\\n"\n' \
		> /tmp/www/cgi-bin/hit && chmod +x /tmp/www/cgi-bin/hit &&
		httpd -p 80 -h /tmp/www || return 1
	echo "TK-SERVING"
	n=0
	until [ -e /tmp/hit ]; do	# the host's test asks for it
		[ $n -ge 1200 ] && { echo "the host never came"; return 1; }
		usleep 100000; n=$((n + 1))
	done
	echo "the host fetched /cgi-bin/hit through hostfwd"
}
msix() {	# both virtio NICs (A's and B's own) interrupt by MSI-X here
	for d in 04.0 06.0; do
		# msi_irqs/<irq>: "msi" or "msix" (Documentation/ABI)
		m=$(cat /sys/bus/pci/devices/0000:00:$d/msi_irqs/* 2>/dev/null | sort -u | tr '\n' ' ')
		echo "00:$d ($(ifname $d)): $m"
		[ "$m" = "msix " ] || return 1
	done
}
intx() {	# A's e1000 moved with the IOAPIC: up, its level INTx on the IO-APIC
	i=$(ls /sys/bus/pci/devices/0000:00:03.0/net) || return 1
	ip link set "$i" up || return 1
	sleep 2
	grep -E "IO-APIC.*$i" /proc/interrupts
	grep -qE "IO-APIC +[0-9]+-fasteoi +$i\$" /proc/interrupts
}
errspu() { awk '$1 == "ERR:" || $1 == "SPU:" { printf "%s %s ", $1, $2 }' /proc/interrupts; }
quiet() {	# both counters are there, and neither moves
	a=$(errspu); sleep 60; b=$(errspu)
	echo "before: $a after: $b"
	echo "$a" | grep -q "ERR: [0-9]" && echo "$a" | grep -q "SPU: [0-9]" && [ "$a" = "$b" ]
}
status_says() {	# tkctl status in B reports the takeover
	out=$(tkctl status); echo "$out"
	echo "$out" | grep -q "^takeover: *done: cpu [0-9]* memory_mib [1-9]"
}

tk_plan 12
tk_check "kernel A retired and this kernel took over" tk_wait_takeover
tk_check "tkctl status says it took the machine" status_says
tk_check "four CPUs online" sh -c "[ \"\$(grep -c '^processor' /proc/cpuinfo)\" = 4 ]"
tk_check "they are APIC IDs 0-3, A's boot CPU among them" apic_ids
tk_check "a pinned task runs on each" tk_each_cpu_runs
tk_check_shown "MemTotal is at least 90% of the machine's RAM" memtotal
tk_check_shown "70% of the free memory written and read back" tkmemfill 70
tk_check "A's disk: A's 4 MiB read back with the same SHA-256" disk
tk_check_shown "A's NIC (00:04.0): DHCP, ping, the host through hostfwd" nic
tk_check_shown "both NICs, A's and B's own, use MSI-X" msix
tk_check_shown "A's e1000 (00:03.0, INTx) is up here, its IRQ on the IOAPIC" intx
tk_check "no ERR or SPU interrupts over 60 s" quiet
tk_done
# After the scenario's end: the machine goes down with B.
(sleep 1; echo "TK-POWEROFF"; poweroff -f) &
