DESC="one NIC shared (-M pc, only A's e1000 on QEMU's user network): tkctl share-net bridges it with twin0 and moves A's address and default route to the bridge (its refusals change nothing); B, with no NIC, gets its own DHCP lease through A and fetches a file from the host's HTTP server while A fetches another at the same time, both with the right SHA-256; B's bytes crossed A's twin0 and e1000; share-net --off gives A its NIC back and B loses the host"
# The host's server: busybox httpd on 127.0.0.1 (QEMU's user network
# shows it to the guests as 10.0.2.2), serving random files.
ROUNDS=3

# host_window CONSOLE FROM TO: host times of the first FROM and TO lines.
host_window() {
	awk -v from="$2" -v to="$3" '
		$2 == from && s == "" { s = $1 }
		$2 == to && e == "" { e = $1 }
		END { if (s == "" || e == "") exit 1; print s, e }' "$(vm_log "$1")"
}

test_main() {
	local www=$T_DIR/www port=$((20000 + RANDOM % 20000)) asum bsum bsize
	local wa wb
	mkdir -p "$www"
	head -c $((4 << 20)) /dev/urandom > "$www/a.bin"
	head -c $((2 << 20)) /dev/urandom > "$www/b.bin"
	asum=$(sha256sum "$www/a.bin" | cut -d' ' -f1)
	bsum=$(sha256sum "$www/b.bin" | cut -d' ' -f1)
	bsize=$(stat -c %s "$www/b.bin")
	busybox httpd -f -vv -p "127.0.0.1:$port" -h "$www" > "$T_DIR/httpd.log" 2>&1 &
	SNIC_HTTPD=$!
	# The server goes with the test, also when it is interrupted.
	trap 'kill "$SNIC_HTTPD" 2>/dev/null; vm_stop' EXIT
	sleep 0.5
	kill -0 "$SNIC_HTTPD" 2>/dev/null || { echo "busybox httpd did not start:"; cat "$T_DIR/httpd.log"; return 1; }
	# One NIC: A's e1000 (no NIC for B at all).
	vm_start vm --no-nics --extra -netdev --extra user,id=na \
		--device e1000,netdev=na,addr=0x3,mac=52:54:00:12:34:0a \
		--append "twinkernel=256M tk.test=shared-nic tk.port=$port tk.asum=$asum tk.bsum=$bsum tk.bsize=$bsize tk.rounds=$ROUNDS" || return 1
	vm_wait A "TK-B-STARTED" 300 "TK-MARK-FAILED B-STARTED" || return 1
	vm_wait B "TK-INIT role=B" 120 || return 1
	vm_ktap B shared-nic-b 600 || return 1
	vm_ktap A shared-nic 300 || return 1
	# "At the same time": B's fetches lie inside A's, by host time.
	wa=$(host_window A TK-FETCH-A-START TK-FETCH-A-END) || { echo "no A fetch window"; return 1; }
	wb=$(host_window B TK-FETCH-B-START TK-FETCH-B-END) || { echo "no B fetch window"; return 1; }
	echo "A fetched from $wa, B from $wb (host seconds)"
	awk -v a="$wa" -v b="$wb" 'BEGIN { split(a, x, " "); split(b, y, " ")
		exit !(x[1] < y[1] && y[2] < x[2]) }' || {
		echo "B's fetches were not inside A's"; return 1; }
	grep -h "round [0-9]*: b.bin" "$(vm_log B)"
	# The figures: each kernel's bytes over its window.
	awk -v a="$wa" -v b="$wb" -v bsize="$bsize" -v rounds="$ROUNDS" '
		/# A fetched a.bin [0-9]+ times/ { n = $6 }
		END { split(a, x, " "); split(b, y, " ")
			printf "B: %d x %d bytes in %.1f s (%.2f MB/s); A meanwhile: %d x 4 MiB in %.1f s (%.2f MB/s)\n",
				rounds, bsize, y[2] - y[1], rounds * bsize / (y[2] - y[1]) / 1e6,
				n, x[2] - x[1], n * 4194304 / (x[2] - x[1]) / 1e6 }' "$(vm_log A)"
	# The host served them: B's through A's one NIC.
	local na nb
	na=$(grep -c "url:/a.bin" "$T_DIR/httpd.log")
	nb=$(grep -c "url:/b.bin" "$T_DIR/httpd.log")
	echo "the host's server: $na GETs of a.bin, $nb of b.bin"
	# B's last try, after --off, must not have reached it.
	[ "$nb" = "$ROUNDS" ] || { echo "the host saw $nb GETs of b.bin, not $ROUNDS"; return 1; }
	grep -h "twin0 tx_bytes:\|eth0 rx_bytes:" "$(vm_log A)"
}
