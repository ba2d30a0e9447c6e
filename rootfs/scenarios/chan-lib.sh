# Helpers for the channel scenarios (A and B). The kernels' halves of a
# test synchronise with messages on /dev/twin ("tkctl send/recv").

# A: load and start B with scenario $1 and extra arguments $2.
chan_start_b() {
	tkctl load --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz \
		--pci 00:04.0 --cmdline "console=ttyS1,115200 tk.role=B \
tk.heartbeat=100 tk.test=$1 $2" && tkctl start
}

# Wait up to $1 seconds for /sys/kernel/twin/channel/state = up.
chan_wait_up() {
	n=0
	until [ "$(cat /sys/kernel/twin/channel/state 2>/dev/null)" = up ]; do
		n=$((n + 1))
		[ $n -le $(($1 * 10)) ] || { cat /sys/kernel/twin/channel/state; return 1; }
		sleep 0.1
	done
}

chan_net_up() {
	ip addr add "$1/24" dev twin0 && ip link set twin0 up && ip addr show twin0
}

# Send $1 checked messages while receiving $1 from the other kernel (which
# does the same); KTAP points for both halves, $2 names this kernel.
chan_stream_both() {
	tkstream recv "$1" --timeout 60 > /tmp/recv.out &
	rpid=$!
	tk_check "$2 sends $1 messages while receiving" tkstream send "$1"
	wait $rpid
	cat /tmp/recv.out
	tk_check "$2 received $1 messages: none lost, duplicated, reordered or corrupt" \
		grep -q "received=$1 lost=0 dup=0 reordered=0 corrupt=0 .*end=count" /tmp/recv.out
}

# Wait for the next message, which must start with $1; print it.
chan_expect() {
	m=$(tkctl recv -n 1 --timeout "${2:-120}") || return 1
	echo "$m"
	case "$m" in "$1"*) return 0 ;; *) return 1 ;; esac
}

# $1 MiB of random bytes in /tmp/blob; prints its SHA-256.
chan_blob() {
	head -c $(($1 * 1048576)) /dev/urandom > /tmp/blob
	sha256sum /tmp/blob | cut -d' ' -f1
}

# TCP over twin0 with a SHA-256 check, either way: the receiver listens
# and says "listening"; the sender sends $3 MiB, then "sum SHA"; the
# receiver compares and answers "match" or "mismatch".
chan_tcp_serve() {
	(tkxfer listen "$1" | sha256sum | cut -d' ' -f1 > /tmp/rx.sum) 2> /tmp/rx.err &
	sleep 0.5
	tkctl send "listening"
	wait
	cat /tmp/rx.err
	m=$(tkctl recv -n 1 --timeout 120) || return 1
	echo "peer says: $m; here: $(cat /tmp/rx.sum)"
	if [ "$m" = "sum $(cat /tmp/rx.sum)" ]; then
		tkctl send "match"
	else
		tkctl send "mismatch"; return 1
	fi
}

chan_tcp_send() {
	sum=$(chan_blob "$3")
	chan_expect "listening" || return 1
	tkxfer send "$1" "$2" < /tmp/blob || return 1
	rm -f /tmp/blob
	tkctl send "sum $sum"
	chan_expect "match"
}

chan_b_verdict() {
	chan_expect "verdict failed=0" 300
}

# A, after B came back: the new B answers and streams cleanly.
chan_after_restart() {
	tkctl ping -c 3 -i 100 || return 1
	tkctl send "echo hello again" && chan_expect "echo hello again" 60 || return 1
	tkstream recv 10000 --timeout 60 > /tmp/recv2.out &
	tkctl send "stream 10000"
	tkstream send 10000 || return 1
	wait
	cat /tmp/recv2.out
	grep -q "received=10000 lost=0 dup=0 reordered=0 corrupt=0" /tmp/recv2.out
}
