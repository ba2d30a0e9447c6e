DESC="upgrade chain (q35, 4 CPUs, 2 GiB, -no-reboot): A -> B -> C -> D in one QEMU run, the builds alternating (a, b, a, b); each kernel but A took over all 4 CPUs, MemTotal >= 90% of 2 GiB, a release other than the one before, the disk (its archive's SHA-256) and the virtio NIC (DHCP, httpd); each but D loads the next from that disk and hands it the machine; a host probe through hostfwd sees levels 0, 1, 2 and 3 in that order; D's poweroff -f ends QEMU with status 0 (a reset would end it too, and fail)"

# Fetch the guest's page through hostfwd every half second; one line each.
chain_probe() {
	local port=$1 out=$2 reply
	while :; do
		reply=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port &&
			printf 'GET / HTTP/1.0\r\n\r\n' >&3 && cat <&3" 2>/dev/null |
			grep -a '^TK-LEVEL')
		echo "$(date +%s.%N) ${reply:-no answer}" >> "$out"
		sleep 0.5
	done
}

test_main() {
	local stage=$T_DIR/disk port levels probe_pid rc=0
	local VM_MAX_SECONDS=1500	# four boots and three handovers
	mkdir -p "$stage" || return 1
	cp "$TOP/out/bzImage" "$stage/bzImage-a" &&
		cp "$TOP/out/b/bzImage" "$stage/bzImage-b" &&
		cp "$TOP/out/initramfs.cpio.gz" "$stage/initramfs.cpio.gz" || return 1
	(cd "$stage" && sha256sum bzImage-a bzImage-b initramfs.cpio.gz > SHA256SUMS) &&
		tar --format=ustar -cf "$T_DIR/disk.raw" -C "$stage" \
			bzImage-a bzImage-b initramfs.cpio.gz SHA256SUMS &&
		truncate -s %1M "$T_DIR/disk.raw" || return 1
	port=$((20000 + RANDOM % 20000))
	vm_start vm --machine q35 --smp 4 --mem 2G --no-nics \
		--extra -netdev --extra "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:80" \
		--device virtio-net-pci,netdev=n0,addr=0x4 \
		--extra -drive --extra "file=$T_DIR/disk.raw,format=raw,if=none,id=gd" \
		--device virtio-blk-pci,drive=gd,addr=0x5 \
		--append "twinkernel=256M tk.test=chain-a tk.end=hold" || return 1
	chain_probe "$port" "$T_DIR/probe.log" &
	probe_pid=$!
	vm_ktap A chain-a 600 &&
		vm_ktap B chain-b 600 &&
		vm_ktap A chain-c 600 &&
		vm_ktap B chain-d 600 || rc=1
	[ $rc = 1 ] || vm_ended B "reboot: Power down" || rc=1
	kill "$probe_pid" 2>/dev/null; wait "$probe_pid" 2>/dev/null
	[ $rc = 0 ] || return 1
	# The probe: every level answered, in order (a level seen again after
	# the next one would mean the machine went back).
	levels=$(awk 'BEGIN { last = "none" } $2 == "TK-LEVEL" && $3 != last { printf "%s", $3; last = $3 }' \
		"$T_DIR/probe.log")
	echo "the host's probe saw levels $levels:"
	awk 'BEGIN { last = "none" } $2 == "TK-LEVEL" && $3 != last { print "  " $0; last = $3 }' "$T_DIR/probe.log"
	if [ "$levels" != 0123 ]; then
		echo "expected 0123"; tail -20 "$T_DIR/probe.log"; return 1
	fi
	grep -h "took over\|kernel A retired" "$VM_DIR/A.log" "$VM_DIR/B.log" | head -8
}
