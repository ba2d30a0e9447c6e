# Scenario "channel" (kernel A): boot B with scenario channel-b, then over
# the channel: kernel-answered pings, 100,000 messages each way at once,
# twin0 pings both ways and 64 MiB over TCP each way with SHA-256 checks.
# B's half is channel-b; the two halves meet through /dev/twin itself.
. /etc/tk/lib.sh
. /etc/tk/scenarios/chan-lib.sh
msgs=${TK_MSGS:-100000}
mib=${TK_MIB:-64}
tk_plan 12
tk_check "tkctl load and start B (scenario channel-b)" chan_start_b channel-b \
	"tk.msgs=$msgs tk.mib=$mib"
tk_mark "TK-B-STARTED"
tk_check "the channel comes up within 60 s" chan_wait_up 60
tk_check_shown "tkctl ping -c 5 (answered by B's kernel)" tkctl ping -c 5 -i 100
tk_check "twin0 configured (10.99.0.1/24)" chan_net_up 10.99.0.1
echo "TK-STREAM-START"
chan_stream_both "$msgs" A
echo "TK-STREAM-END"
tk_check "tkctl status shows the channel up with the counts" sh -c \
	"tkctl status; tkctl status | grep -q 'channel: *up' &&
	 tkctl status | grep -q 'sent: *$msgs messages' &&
	 tkctl status | grep -q 'received: *$msgs messages'"
tk_check_shown "ping -c 20 B over twin0" ping -c 20 -i 0.2 -W 2 10.99.0.2
tk_check_shown "TCP A->B: $mib MiB, B's SHA-256 matches" chan_tcp_send 10.99.0.2 5001 "$mib"
tk_check_shown "TCP B->A: $mib MiB, A's SHA-256 matches" chan_tcp_serve 5002
tk_check "no channel errors in A" sh -c "cat /sys/kernel/twin/channel/errors; grep -qx 0 /sys/kernel/twin/channel/errors"
tk_check "B's part passed (its verdict over the channel)" chan_b_verdict
sleep 2	# B's console shows the end of its scenario before A powers off
tk_done
