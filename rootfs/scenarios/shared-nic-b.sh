# Scenario "shared-nic-b" (kernel B): B's half of "shared-nic". B has no
# NIC, only twin0, which A bridged with its NIC: B takes its own DHCP
# lease on QEMU's network and fetches /b.bin from the host (10.0.2.2)
# tk.rounds= times while A fetches too; after A's "share-net --off" the
# host is out of reach. tk.port=, tk.bsum= as A's.
. /etc/tk/lib.sh
. /etc/tk/scenarios/chan-lib.sh
url=http://10.0.2.2:$TK_PORT
rounds=${TK_ROUNDS:-3}

no_nic() {
	ls /sys/class/net
	for i in /sys/class/net/*; do
		[ -e "$i/device" ] && { echo "${i##*/} is a NIC"; return 1; }
	done
	[ -e /sys/class/net/twin0 ]
}

lease() {
	udhcpc -i twin0 -n -q -t 10 -T 3 -s /usr/share/udhcpc/default.script || return 1
	ip -4 addr show twin0; ip route
	ip route | grep -q "^default via 10.0.2.2 dev twin0"
}

# B's fetches of b.bin, each checked.
fetch_rounds() {
	i=0
	while [ $i -lt "$rounds" ]; do
		rm -f /tmp/b.bin
		timeout 120 wget -q -O /tmp/b.bin "$url/b.bin" || { echo "round $i: wget failed"; return 1; }
		s=$(sha256sum /tmp/b.bin | cut -d' ' -f1)
		echo "round $i: b.bin $(wc -c < /tmp/b.bin) bytes, sha256 $s"
		[ "$s" = "$TK_BSUM" ] || return 1
		i=$((i + 1))
	done
}

# wget fails (1) or is stopped by the timeout (143), and does not crash.
unreachable() {
	timeout 15 wget -q -O /tmp/late.bin "$url/b.bin"; rc=$?
	case $rc in
	0) echo "the host still answers B"; return 1 ;;
	1|143) echo "no answer from the host (wget: $rc), as expected" ;;
	*) echo "wget ended with status $rc"; return 1 ;;
	esac
}

tk_plan 7
tk_check_shown "B has no NIC, only twin0" no_nic
tk_check "the channel is up in B" chan_wait_up 10
tk_check_shown "udhcpc -i twin0: a lease on QEMU's network through A" lease
ip=$(ip -4 addr show twin0 | sed -n 's/.*inet \([0-9.]*\)\/.*/\1/p')
tkctl send "ready $ip"
tk_check_shown "A says go" chan_expect "go" 120
echo "TK-FETCH-B-START"
tk_check_shown "B fetches b.bin $rounds times (SHA-256 matches)" fetch_rounds
echo "TK-FETCH-B-END"
if [ "$tk_last" = 0 ]; then tkctl send "fetched ok"; else tkctl send "fetched failed"; fi
tk_check_shown "A says try again (after share-net --off)" chan_expect "try again" 600
tk_check_shown "the host is out of B's reach" unreachable
if [ "$tk_last" = 0 ]; then tkctl send "unreachable ok"; else tkctl send "unreachable failed"; fi
tkctl send "verdict failed=$tk_failed"
tk_done
