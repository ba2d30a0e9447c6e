# Scenario "chan-agent" (kernel B): do what kernel A asks over the channel,
# one command per message:
#   stream N       send N checked messages while receiving N (tkstream)
#   crash-stream   stream to A without end, and panic 2 s into it
#   hang-stream    stream to A without end, and hang 2 s into it (spin
#                  with interrupts off: no panic, no heartbeat)
#   echo TEXT      answer "echo TEXT"
#   rtt-echo       send every message back (tkstream echo), until A is gone
#   tcp-serve PORT receive over twin0, answer with the SHA-256
#   tcp-send PORT MIB   send MIB MiB to A over twin0
#   pause S        read nothing for S seconds (A's ring to B fills)
#   mtu N          set twin0's MTU, answer "mtu N"
#   drain N        read N messages, answer "drained N rc=STATUS"
#   corrupt WHAT   be a bad peer: corrupt the message ring to A (debugfs)
# The loop ends when A stops answering (ENOTCONN never comes in B: A's end
# is the machine's) or with "done".
. /etc/tk/lib.sh
. /etc/tk/scenarios/chan-lib.sh
# Without the channel the loop below ends at once and A's test fails; say why.
if chan_wait_up 10 && chan_net_up 10.99.0.2 > /dev/null; then
	echo "TK-AGENT ready"
else
	tk_mark_failed "TK-AGENT ready" "the channel or twin0 did not come up in B"
fi
while m=$(tkctl recv -n 1); do
	echo "TK-AGENT got: $(echo "$m" | cut -c1-60)"
	set -- $m
	case "$1" in
	stream)
		tkstream recv "$2" --timeout 60 > /tmp/recv.out &
		tkstream send "$2"
		wait
		cat /tmp/recv.out ;;
	crash-stream)
		tkstream send 1000000000 &
		sleep 2
		echo "TK-CRASH-NOW panic"
		echo c > /proc/sysrq-trigger ;;
	hang-stream)
		tkstream send 1000000000 &
		sleep 2
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
		echo HARDLOCKUP > /sys/kernel/debug/provoke-crash/DIRECT ;;
	echo) tkctl send "$m" ;;
	rtt-echo) tkstream echo ;;
	tcp-serve) tkxfer listen "$2" 2>&1 > /dev/null & sleep 0.5; tkctl send "listening" ;;
	tcp-send) chan_blob "$3" > /dev/null; chan_expect "listening" &&
		tkxfer send 10.99.0.1 "$2" < /tmp/blob; rm -f /tmp/blob ;;
	pause) sleep "$2" ;;
	mtu) ip link set twin0 mtu "$2" && tkctl send "mtu $2" ;;
	drain) tkctl recv -n "$2" --timeout 60 > /dev/null; tkctl send "drained $2 rc=$?" ;;
	corrupt)
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
		echo "$2" > /sys/kernel/debug/twin/corrupt ;;
	done) break ;;
	esac
done
echo "TK-AGENT ends"
