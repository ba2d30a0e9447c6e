# Scenario "bench-chan" (kernel A): channel figures in one run, each beside
# its baseline inside this kernel. B runs chan-agent. tk.rtt= round trips
# (default 2000), tk.mib= MiB per TCP transfer (default 32).
. /etc/tk/lib.sh
. /etc/tk/scenarios/chan-lib.sh
rtt=${TK_RTT:-2000}
mib=${TK_MIB:-32}
chan_start_b chan-agent "" || exit 1
chan_wait_up 60 || exit 1
chan_net_up 10.99.0.1 > /dev/null || exit 1
echo "TK-BENCH-START"
chan_blob "$mib" > /dev/null
# TCP over loopback inside A: the baseline.
ip link set lo up
tkxfer listen 5003 > /dev/null 2> /tmp/lo.err &
sleep 0.5
tkxfer send 127.0.0.1 5003 < /tmp/blob || kill %1
wait
sed 's/^/TK-BENCH loopback /' /tmp/lo.err | grep received
# twin0, A -> B: B's receiver prints its figure on B's console.
tkctl send "tcp-serve 5004"
chan_expect "listening" > /dev/null && tkxfer send 10.99.0.2 5004 < /tmp/blob
rm -f /tmp/blob
# twin0, B -> A.
tkxfer listen 5005 > /dev/null 2> /tmp/ba.err &
sleep 0.5
tkctl send "tcp-send 5005 $mib"
tkctl send "listening"
wait
sed 's/^/TK-BENCH twin0-b2a /' /tmp/ba.err | grep received
# Round trips: pipes between two processes here, then process to process
# through B (its agent echoes), then answered by B's kernel.
tkstream pipe-rtt "$rtt" | sed 's/^/TK-BENCH /'
tkctl ping -c "$rtt" -i 0 -s 56 | tail -n 1 | sed 's/^/TK-BENCH kernel-ping /'
tkctl send "rtt-echo"
sleep 1
tkstream rtt "$rtt" | sed 's/^/TK-BENCH /'
echo "TK-BENCH-END"
