# Scenario "channel-crash" (kernel A): B (scenario chan-agent) streams
# messages to A and panics in the middle; A's reader must get ENOTCONN,
# A runs on, and after "tkctl restart" the channel works again.
. /etc/tk/lib.sh
. /etc/tk/scenarios/chan-lib.sh
tk_plan 8
tk_check "tkctl load and start B (scenario chan-agent)" chan_start_b chan-agent ""
echo "TK-B-STARTED"
tk_check "the channel comes up within 60 s" chan_wait_up 60
tkstream recv --until-down > /tmp/recv.out &
recv=$!
tkctl send "crash-stream"
wait $recv
rc=$?
echo "TK-PEER-DOWN"
cat /tmp/recv.out
tk_ok "A's reader got ENOTCONN after a clean prefix of B's stream" "$rc" "$(cat /tmp/recv.out)"
tk_check "tkctl status: crashed, channel down" sh -c \
	"tkctl status; tkctl status | grep -q 'state: *crashed' && tkctl status | grep -q 'channel: *down'"
tk_check "tkctl send while B is down fails with ENOTCONN, saying why" sh -c \
	"out=\$(tkctl send x 2>&1); rc=\$?; echo \"\$out\"; [ \$rc = 1 ] &&
	 echo \"\$out\" | grep -q 'not connected.*not running or not attached'"
tk_check "tkctl restart" tkctl restart
tk_check "the channel comes up again within 60 s" chan_wait_up 60
tk_check_shown "after restart: pings, an echo and 10,000 messages each way" chan_after_restart
sleep 2	# B's console shows the stream's end before A powers off
tk_done
