# Scenario "channel-faults" (kernel A): the channel when things go wrong.
# B runs chan-agent. A full ring gives EAGAIN to a non-blocking writer; B
# panics in the middle of a stream to A (A's reader must get ENOTCONN, the
# carrier drops, A runs on); after "tkctl restart" everything works again;
# B hangs in the middle of a stream (the same, after its heartbeat stops);
# then B corrupts its ring on purpose (A must count it, log it, fail its
# reader with EIO and carry on); last, A writes a channel version B does
# not know, and B must refuse the channel while it boots and runs.
. /etc/tk/lib.sh
. /etc/tk/scenarios/chan-lib.sh
big=$(head -c 60000 /dev/zero | tr '\0' x)
carrier() { grep -qx "$1" /sys/class/net/twin0/carrier; }
# Non-blocking 60 KB messages while B reads nothing: the 256 KiB ring
# takes four, the fifth (or so) must be EAGAIN.
fill_ring() {
	tkctl send "pause 5" || return 1
	sleep 0.5
	i=0
	while [ $i -lt 10 ]; do
		out=$(tkctl send --nonblock "$big" 2>&1) || break
		i=$((i + 1))
	done
	echo "$i messages went in, then: $out"
	[ $i -ge 3 ] && [ $i -lt 10 ] && echo "$out" | grep -q "Resource temporarily unavailable"
}
# Ask B's agent for $1 (a stream that ends badly) and read until the peer
# is down; "TK-PEER-DOWN $2" marks the moment for the host.
stream_until_down() {
	tkstream recv --until-down > /tmp/recv.out &
	rpid=$!
	tkctl send "$1" > /dev/null
	wait $rpid
	st=$?
	echo "TK-PEER-DOWN $2" > /dev/console
	cat /tmp/recv.out > /dev/console
	return $st
}
tk_plan 23
tk_check "tkctl load and start B (scenario chan-agent)" chan_start_b chan-agent ""
echo "TK-B-STARTED"
tk_check "the channel comes up within 60 s" chan_wait_up 60
tk_check "twin0 up, carrier on" sh -c "ip addr add 10.99.0.1/24 dev twin0 && ip link set twin0 up && sleep 0.5 && grep -qx 1 /sys/class/net/twin0/carrier"
tk_check_shown "a full ring: non-blocking send gets EAGAIN" fill_ring
sleep 5	# B drains the ring
tk_ok "B panics mid-stream: A's reader got ENOTCONN after a clean prefix" \
	"$(stream_until_down crash-stream panic; echo $?)" "$(cat /tmp/recv.out)"
tk_check "tkctl status: crashed, channel down" sh -c \
	"tkctl status; tkctl status | grep -q 'state: *crashed' && tkctl status | grep -q 'channel: *down'"
tk_check "twin0's carrier is off" carrier 0
tk_check "tkctl send while B is down fails with ENOTCONN, saying why" sh -c \
	"out=\$(tkctl send x 2>&1); rc=\$?; echo \"\$out\"; [ \$rc = 1 ] &&
	 echo \"\$out\" | grep -q 'not connected.*not running or not attached'"
tk_check "tkctl restart" tkctl restart
tk_check "the channel comes up again within 60 s" chan_wait_up 60
tk_check_shown "after restart: pings, an echo and 10,000 messages each way" chan_after_restart
tk_check "twin0's carrier is on again" carrier 1
# B hangs in the middle of a stream (interrupts off, no panic): A notices
# the missing heartbeat and its reader gets ENOTCONN; B comes back.
tk_ok "B hangs mid-stream: A's reader got ENOTCONN after a clean prefix" \
	"$(stream_until_down hang-stream hang; echo $?)" "$(cat /tmp/recv.out)"
tk_check "tkctl status: crashed, no heartbeat" sh -c "tkctl status; tkctl status | grep -q 'reason: *no heartbeat'"
tk_check "tkctl restart after the hang" tkctl restart
tk_check "the channel comes up again" chan_wait_up 60
# B turns bad: a record with a wrong header check on its ring to A.
corrupt_seen() {
	tkctl send "corrupt record" || return 1
	out=$(tkctl recv -n 1 --timeout 10 2>&1); rc=$?
	echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q "Input/output error.*corrupted the ring"
}
tk_check_shown "B corrupts its ring: A's reader gets EIO, saying why" corrupt_seen
tk_check "A counts it: channel broken, errors 1, and says so in its log" sh -c \
	"tkctl status; tkctl status | grep -q 'channel: *broken' && grep -qx 1 /sys/kernel/twin/channel/errors &&
	 dmesg | grep 'ring msg is corrupt (record header check failed)'"
tk_check_shown "the other rings still work: kernel ping" tkctl ping -c 3 -i 100
# A and B are different builds: B must refuse a channel version it does
# not know (and still boot), A's channel then stays down.
tk_check "tkctl stop (B shuts down cleanly)" tkctl stop --timeout 60
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
tk_check "A writes channel version 99 at the next start" sh -c \
	"echo 99 > /sys/kernel/debug/twin/chan_version"
tk_check "tkctl restart" tkctl restart
refused() {
	n=0
	until tkctl status | grep -q 'b-state: *running' || [ $n -ge 600 ]; do
		sleep 0.1; n=$((n + 1))
	done
	sleep 3
	tkctl status
	out=$(tkctl send x 2>&1); rc=$?
	echo "$out"
	tkctl status | grep -q 'b-state: *running' &&
		tkctl status | grep -q 'channel: *down' &&
		[ $rc = 1 ] && echo "$out" | grep -q 'not connected'
}
tk_check_shown "B runs without a channel: A's stays down, send says ENOTCONN" refused
echo 1 > /sys/kernel/debug/twin/chan_version
sleep 2	# B's console shows its last lines before A powers off
tk_done
