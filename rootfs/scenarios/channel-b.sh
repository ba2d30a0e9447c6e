# Scenario "channel-b" (kernel B): B's half of "channel". tk.msgs=,
# tk.mib= as A's.
. /etc/tk/lib.sh
. /etc/tk/scenarios/chan-lib.sh
msgs=${TK_MSGS:-100000}
tk_plan 9
tk_check "the channel is up in B" chan_wait_up 10
tk_check "twin0 configured (10.99.0.2/24)" chan_net_up 10.99.0.2
tk_check_shown "tkctl ping -c 5 (answered by A's kernel)" tkctl ping -c 5 -i 100
chan_stream_both "$msgs" B
tk_check_shown "TCP A->B received (B's side)" chan_tcp_serve 5001
tk_check_shown "TCP B->A sent (B's side)" chan_tcp_send 10.99.0.1 5002 "${TK_MIB:-64}"
tk_check_shown "ping -c 20 A over twin0" ping -c 20 -i 0.2 -W 2 10.99.0.1
tk_check "no channel errors in B" grep -qx 0 /sys/kernel/twin/channel/errors
# Tell A how B's half went, over the channel.
tkctl send "verdict failed=$tk_failed"
tk_done
