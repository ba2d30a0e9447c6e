# Scenario "channel-faults" (kernel A): the channel at its limits and when
# things go wrong. B runs chan-agent. Jumbo frames on twin0 go unsplit and
# the MTU has its documented maximum. A full ring gives EAGAIN to a
# non-blocking writer (also while another writer is blocked on it) and
# POLLOUT once the peer reads again; a buffer
# smaller than the next message gets EMSGSIZE and loses nothing. B
# panics in the middle of a stream to A (A's reader must get ENOTCONN, the
# carrier drops, A runs on); after "tkctl restart" everything works again;
# B hangs in the middle of a stream (the same, after its heartbeat stops,
# and kernel pings time out meanwhile);
# then B corrupts its ring on purpose, a record and, after a restart, its
# producer index (A must count it, log it, fail its reader with EIO and
# carry on); last, A writes a channel version B does
# not know, and B must refuse the channel while it boots and runs.
. /etc/tk/lib.sh
. /etc/tk/scenarios/chan-lib.sh
big=$(head -c 60000 /dev/zero | tr '\0' x)
carrier() { grep -qx "$1" /sys/class/net/twin0/carrier; }
# Non-blocking 60 KB messages while B reads nothing: the 256 KiB ring
# takes four, the fifth (or so) must be EAGAIN.
fill_ring() {
	tkctl send "pause 8" || return 1
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
	if [ $st = 0 ]; then
		echo "TK-PEER-DOWN $2"
	else
		tk_mark_failed "TK-PEER-DOWN $2" "the reader ended with exit status $st"
	fi > /dev/console
	cat /tmp/recv.out > /dev/console
	return $st
}
# A writer blocked on the full ring (it waits for B) holds up nobody: a
# non-blocking writer gets EAGAIN at once while the blocked one waits on.
uptime_cs() { tr -d . < /proc/uptime | cut -d' ' -f1; }
blocked_writer() {
	(tkctl send "$big"; echo "blocked writer rc=$?") > /tmp/blocked.out 2>&1 &
	bpid=$!
	sleep 1
	t0=$(uptime_cs)
	out=$(tkctl send --nonblock "$big" 2>&1); rc=$?
	t=$(($(uptime_cs) - t0))
	echo "non-blocking send beside a blocked writer: exit $rc after ${t}0 ms: $out"
	kill -0 $bpid && echo "the blocked writer still waits" || return 1
	[ $rc = 1 ] && [ $t -lt 100 ] && echo "$out" | grep -q "Resource temporarily unavailable"
}
blocked_writer_done() {
	n=0
	until grep -q "rc=" /tmp/blocked.out || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
	cat /tmp/blocked.out
	grep -q "rc=0" /tmp/blocked.out
}
# Four writers at once on a ring that B empties slower than they fill it:
# each wait for room must end (no writer left asleep on a lowered flag),
# and B gets every message.
four_writers() {
	tkctl send "pause 3" && tkctl send "drain 12000" || return 1
	pids=
	for w in 1 2 3 4; do
		timeout 120 tkstream send 3000 > /tmp/w$w.out 2>&1 &
		pids="$pids $!"
	done
	rc=0
	for p in $pids; do wait "$p" || rc=1; done
	cat /tmp/w?.out
	# Each writer had to wait for B's pause: the ring really was full.
	waited=$(cat /tmp/w?.out | awk -F 'seconds=' '/sent=3000 / && $2 + 0 >= 2 { n++ } END { print n + 0 }')
	echo "$waited of 4 writers waited 2 s or more for room"
	chan_expect "drained 12000 rc=0" 120 && [ $rc = 0 ] && [ "$waited" = 4 ]
}
# 8000-byte pings: with MTU 1500 A's IP layer splits each into fragments;
# with MTU 9000 on both sides none is split (/proc/net/snmp FragCreates).
frag_creates() {
	awk '/^Ip:/ { if (!c) { for (i = 1; i <= NF; i++) if ($i == "FragCreates") c = i }
		      else print $c }' /proc/net/snmp
}
jumbo() {
	# B's side of twin0 is up once it answers (its debug userland is slow).
	n=0
	until ping -c 1 -W 1 10.99.0.2 > /dev/null; do
		n=$((n + 1)); [ $n -lt 30 ] || { echo "B never answered on twin0"; return 1; }
	done
	f0=$(frag_creates)
	ping -c 2 -i 0.2 -W 2 -s 8000 10.99.0.2 > /dev/null || return 1
	f1=$(frag_creates)
	tkctl send "mtu 9000" && chan_expect "mtu 9000" 30 || return 1
	ip link set twin0 mtu 9000 || return 1
	ping -c 3 -i 0.2 -W 2 -s 8000 10.99.0.2 || return 1
	f2=$(frag_creates)
	echo "fragments A made: $((f1 - f0)) with MTU 1500, $((f2 - f1)) with MTU 9000"
	[ $((f1 - f0)) -gt 0 ] && [ "$f2" = "$f1" ]
}
mtu_limits() {
	ip link set twin0 mtu 65522 && ip link show twin0 | grep -q "mtu 65522" || return 1
	out=$(ip link set twin0 mtu 65523 2>&1) && return 1
	echo "mtu 65523: $out"
	echo "$out" | grep -q "Invalid argument" &&
		ip link show twin0 | grep -q "mtu 65522" && ip link set twin0 mtu 1500
}
# The next message (B's echo of 200 bytes) read with a 16-byte buffer,
# then whole: all 205 bytes of "echo yyy...".
short_read() {
	tkctl send "echo $(head -c 200 /dev/zero | tr '\0' y)" || return 1
	out=$(tkstream short-read 16); rc=$?
	echo "$out"
	[ $rc = 0 ] && echo "$out" | grep -q "EMSGSIZE; then got 205 bytes: echo yyyy"
}
tk_plan 39
tk_check "tkctl load and start B (scenario chan-agent)" chan_start_b chan-agent ""
tk_mark "TK-B-STARTED"
tk_check "the channel comes up within 60 s" chan_wait_up 60
tk_check "twin0 up, carrier on" sh -c "ip addr add 10.99.0.1/24 dev twin0 && ip link set twin0 up && sleep 0.5 && grep -qx 1 /sys/class/net/twin0/carrier"
tk_check_shown "twin0 with MTU 9000 both sides: 8000-byte pings, no fragments" jumbo
tk_check_shown "twin0's MTU goes up to 65522 and no further (EINVAL)" mtu_limits
tk_check_shown "a full ring: non-blocking send gets EAGAIN" fill_ring
tk_check_shown "a blocked writer holds up nobody: non-blocking send gets EAGAIN at once" blocked_writer
tk_check_shown "then POLLOUT once B reads again, and a write goes in" \
	tkstream pollout 20 "echo pollout-ok"
tk_check_shown "the blocked writer's message went in too" blocked_writer_done
tk_check "B's answer to it arrives" chan_expect "echo pollout-ok" 60
tk_check_shown "a 16-byte read of a 205-byte message: EMSGSIZE, then it comes whole" short_read
tk_check_shown "four blocking writers at once on a full ring all finish; B gets all 12,000" four_writers
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
# Kernel pings across the hang: unanswered ones time out (-W 300) until
# the missing heartbeat ends the loop with ENOTCONN.
tkctl ping -i 100 -W 300 > /tmp/ping.out 2>&1 &
ping_pid=$!
tk_ok "B hangs mid-stream: A's reader got ENOTCONN after a clean prefix" \
	"$(stream_until_down hang-stream hang; echo $?)" "$(cat /tmp/recv.out)"
wait $ping_pid
tk_check_shown "pings across the hang: no answer within 300 ms, then ENOTCONN" sh -c \
	"tail -n 6 /tmp/ping.out; grep -q 'no answer within 300 ms' /tmp/ping.out &&
	 grep -q 'ping: /dev/twin: Transport endpoint is not connected' /tmp/ping.out"
tk_check "tkctl status: crashed, no heartbeat" sh -c "tkctl status; tkctl status | grep -q 'reason: *no heartbeat'"
tk_check "tkctl restart after the hang" tkctl restart
tk_check "the channel comes up again" chan_wait_up 60
# B turns bad on its ring to A (debugfs "corrupt $1"): A's next read
# must fail with EIO and say why.
corrupt_seen() {
	tkctl send "corrupt $1" || return 1
	out=$(tkctl recv -n 1 --timeout 10 2>&1); rc=$?
	echo "$out"
	[ $rc = 1 ] && echo "$out" | grep -q "Input/output error.*corrupted the ring"
}
# A shows the ring broken, $1 errors in all, and logged the reason $2.
corrupt_counted() {
	tkctl status
	tkctl status | grep -q 'channel: *broken' &&
		grep -qx "$1" /sys/kernel/twin/channel/errors &&
		dmesg | grep "ring msg is corrupt ($2)"
}
# A peer's empty message record (no /dev/twin writer can make one): A's
# reader skips it, never returns 0 (EOF), and gets the next message.
empty_skipped() {
	d0=$(cat /sys/kernel/twin/channel/drops)
	tkctl send "corrupt empty" && tkctl send "echo after-empty" || return 1
	out=$(tkctl recv -n 1 --timeout 10 2>&1); rc=$?
	d1=$(cat /sys/kernel/twin/channel/drops)
	echo "recv: rc=$rc '$out'; drops $d0 -> $d1; channel $(cat /sys/kernel/twin/channel/state)"
	[ $rc = 0 ] && [ "$out" = "echo after-empty" ] && [ "$d1" -gt "$d0" ] &&
		grep -qx up /sys/kernel/twin/channel/state
}
tk_check_shown "B sends an empty record: A's reader skips it (no EOF), counts a drop, gets the next message" empty_skipped
tk_check_shown "B corrupts a record: A's reader gets EIO, saying why" corrupt_seen record
tk_check "A counts it: channel broken, errors 1, and says so in its log" \
	corrupt_counted 1 "record header check failed"
tk_check_shown "the other rings still work: kernel ping" tkctl ping -c 3 -i 100
restart_up() { tkctl stop --timeout 60 && tkctl restart && chan_wait_up 60; }
tk_check "tkctl stop and restart reset the broken ring" restart_up
tk_check_shown "B publishes an unaligned producer index: A's reader gets EIO" corrupt_seen head
tk_check "A counts it too (errors 2 in all) and logs it" \
	corrupt_counted 2 "producer index not aligned"
# A and B are different builds (uapi/linux/twin_abi.h): versions only
# append, so B takes a newer A's channel (version 2: the fields B knows),
# and refuses version 0 (and still boots), A's channel then stays down.
tk_check "tkctl stop (B shuts down cleanly)" tkctl stop --timeout 60
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
tk_check "A writes channel version 2 (a newer A) at the next start" sh -c \
	"echo 2 > /sys/kernel/debug/twin/chan_version"
restart_attached() { tkctl restart && chan_wait_up 60 && tkctl ping -c 2 -i 100; }
tk_check "tkctl restart: B attaches to the newer channel" restart_attached
tk_check "tkctl stop" tkctl stop --timeout 60
tk_check "A writes channel version 0 at the next start" sh -c \
	"echo 0 > /sys/kernel/debug/twin/chan_version"
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
