DESC="handover (q35, 4 CPUs, 2 GiB): tkctl handover checks first (no twin running, retiring with CPUs left: refused, nothing changed; A's e1000, INTx only, is planned to move with the IOAPIC); a first handover with a corrupt description (debugfs) moves the devices and CPUs but B refuses the retire and A runs on; the second one A's virtio NIC and disk and CPUs 1-2 to B and retires A: B wakes A's boot CPU from the park and adds A's RAM; in B: 4 CPUs (APIC IDs 0-3) run tasks, MemTotal >= 90% of 2 GiB, 70% of free memory written and read back, A's disk data read back, A's NIC does DHCP and ping and the host reaches B through it (hostfwd), A's NIC and B's own both use MSI-X, A's e1000 moved at the retire and is up with its level INTx on the IOAPIC, no ERR/SPU interrupts over 60 s; B's poweroff -f ends QEMU with status 0; the QEMU trace shows A masked every IOAPIC pin and the 8259 before parking, and that after it only B wrote the IOAPIC (the e1000's pin unmasked) and nobody the 8259, PIT, HPET or RTC"
# GET /cgi-bin/hit through hostfwd until B answers it (B's scenario waits).
host_fetch() {
	local port=$1 i reply
	for i in $(seq 1 600); do
		reply=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port &&
			printf 'GET /cgi-bin/hit HTTP/1.0\r\n\r\n' >&3 && cat <&3" 2>/dev/null |
			grep -a 'TK-SERVER B')
		[ -n "$reply" ] && { echo "the host reached B on A's NIC: $reply"; return 0; }
		sleep 0.5
	done
	echo "the host never reached B through hostfwd port $port"
	return 1
}

test_main() {
	local port=$((20000 + RANDOM % 20000)) fetch
	truncate -s 16M "$T_DIR/disk.raw" || return 1
	# Every MMIO and port write, with its vCPU: the retire audit below.
	# A: the e1000 (INTx, moves at the retire) and a virtio NIC forwarded from
	# the host; B: its own virtio NIC at 00:06.0.
	vm_start vm --machine q35 --smp 4 --mem 2G --trace memory_region_ops_write --no-nics \
		--extra -netdev --extra user,id=na --device e1000,netdev=na,addr=0x3 \
		--extra -netdev --extra "user,id=nb,hostfwd=tcp:127.0.0.1:$port-:80" \
		--device virtio-net-pci,netdev=nb,addr=0x4 \
		--extra -netdev --extra user,id=nc --device virtio-net-pci,netdev=nc,addr=0x6 \
		--extra -drive --extra "file=$T_DIR/disk.raw,format=raw,if=none,id=gd" \
		--device virtio-blk-pci,drive=gd,addr=0x5 \
		--append "twinkernel=256M tk.test=handover tk.end=hold" || return 1
	vm_ktap A handover 600 || return 1
	# The second handover's point of no return: a kernel line. The first,
	# refused one is inside the scenario (its output shown as "# ...").
	vm_wait A "twin: retiring: kernel B \\([^)]+-tk-b\\) takes over the machine" 300 \
		"^[0-9.]+ tkctl handover: " || return 1
	host_fetch "$port" > "$T_DIR/fetch.out" &
	fetch=$!
	vm_ktap B handover-b 600 || { kill "$fetch" 2>/dev/null; return 1; }
	wait "$fetch" || { cat "$T_DIR/fetch.out"; return 1; }
	cat "$T_DIR/fetch.out"
	vm_wait B "this kernel now owns the machine: power off by PM1 control port" 1 || return 1
	vm_wait B "takeover: description: magic 0x12345678" 1 || return 1
	# B powers the machine off: QEMU exits by itself, with status 0.
	vm_ended B "reboot: Power down" || return 1
	grep -h "kernel A retired" "$VM_DIR/B.log"
	# The e1000's IRQ in B is its GSI: its IOAPIC pin (one IOAPIC, GSI 0-23).
	pin=$(sed -n 's/.*twin: 0000:00:03.0 (8086:100e) moved here with the platform, driver e1000, IRQ \([0-9]*\)$/\1/p' "$VM_DIR/B.log")
	[ -n "$pin" ] || { echo "B did not say it took the e1000 with the platform"; return 1; }
	# A retires on CPU 0 (vCPU 0): before it parked, A masked every IOAPIC
	# pin and the 8259; after, only B wrote the IOAPIC (it unmasked the
	# e1000's pin), and nobody the 8259, PIT, HPET or RTC.
	"$TOP/out/retire-audit" --cpu 0 --ioapic-taken "$pin" "$VM_DIR/trace.log"
}
