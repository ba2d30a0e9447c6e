# Scenario "shared-nic" (kernel A): the machine has one NIC, A's e1000;
# "tkctl share-net" bridges it with twin0 and B (scenario shared-nic-b,
# no NIC of its own) gets its own DHCP lease on QEMU's network through A.
# Both fetch from the host's HTTP server (10.0.2.2) at the same time;
# then "tkctl share-net --off" gives A its NIC back and B loses the host.
# From the host: tk.port= (the server's port), tk.asum=, tk.bsum= (SHA-256
# of /a.bin and /b.bin), tk.bsize= (bytes of /b.bin), tk.rounds= (B's
# fetches). The halves meet over /dev/twin (tkctl send/recv).
. /etc/tk/lib.sh
. /etc/tk/scenarios/chan-lib.sh
url=http://10.0.2.2:$TK_PORT
rounds=${TK_ROUNDS:-3}

# fetch NAME SUM: GET NAME from the host; its SHA-256 must be SUM.
fetch() {
	rm -f "/tmp/$1"
	timeout 60 wget -q -O "/tmp/$1" "$url/$1" || return 1
	s=$(sha256sum "/tmp/$1" | cut -d' ' -f1)
	echo "$1: $(wc -c < "/tmp/$1") bytes, sha256 $s"
	[ "$s" = "$2" ]
}

# A's fetches, back to back until /tmp/stop exists: one line at the end.
fetch_loop() {
	n=0 bad=0
	while [ ! -e /tmp/stop ]; do
		if fetch a.bin "$TK_ASUM" > /dev/null 2>&1; then
			n=$((n + 1))
		else
			bad=$((bad + 1))
		fi
	done
	echo "A fetched a.bin $n times, $bad bad"
}

# What the refusals below must leave as it was.
net_state() { ip -4 addr; ip route; ls /sys/class/net; }

# refused CODE MESSAGE ARGS...: tkctl share-net ARGS exits with CODE, says
# MESSAGE, and the network is as it was.
refused() {
	code=$1 msg=$2; shift 2
	before=$(net_state)
	out=$(tkctl share-net "$@" 2>&1); rc=$?
	echo "tkctl share-net $*: exit $rc: $out"
	[ "$rc" = "$code" ] || return 1
	echo "$out" | grep -qF -e "$msg" || return 1
	[ "$(net_state)" = "$before" ] || { echo "the network changed:"; net_state; return 1; }
}

# Without twin0 (renamed while down): the channel's device is missing.
refused_no_twin0() {
	ip link set twin0 name twinx || return 1
	refused 1 "twin0: no such network interface" --dev eth0; rc=$?
	ip link set twinx name twin0 || return 1
	return $rc
}

# The shared state: A's address and default route on br0, none on eth0.
shared() {
	ip -4 addr show br0; ip route
	ip -4 addr show br0 | grep -q "inet $a_ip/24" &&
		! ip -4 addr show eth0 | grep -q inet &&
		ip route | grep -q "^default via 10.0.2.2 dev br0" &&
		! ip route | grep -q "dev eth0" &&
		[ "$(basename "$(readlink /sys/class/net/eth0/master)")" = br0 ] &&
		[ "$(basename "$(readlink /sys/class/net/twin0/master)")" = br0 ]
}

unshared() {
	ip -4 addr show eth0; ip route
	ip -4 addr show eth0 | grep -q "inet $a_ip/24" &&
		ip route | grep -q "^default via 10.0.2.2 dev eth0" &&
		[ ! -e /sys/class/net/br0 ] &&
		[ ! -e /sys/class/net/eth0/master ] &&
		[ ! -e /sys/class/net/twin0/master ]
}

# Interfaces with a device behind them.
nics() {
	for i in /sys/class/net/*; do
		[ -e "$i/device" ] && echo "${i##*/}"
	done
}

one_nic() {
	echo "NICs: $(nics)"
	[ "$(nics)" = eth0 ] && [ -e /sys/class/net/twin0 ]
}

# B's "ready ADDRESS", kept in /tmp/ready.
b_ready() {
	m=$(chan_expect "ready" 300); rc=$?
	echo "$m" | tee /tmp/ready
	return $rc
}

stat_of() { cat "/sys/class/net/$1/statistics/$2"; }

# The counters rose by at least MIN bytes: NAME BEFORE AFTER MIN.
rose() {
	echo "$1: $2 -> $3 (+$(($3 - $2)), at least $4 expected)"
	[ $(($3 - $2)) -ge "$4" ]
}

tk_plan 27
tk_check_shown "the machine has one NIC, A's eth0; twin0 is there" one_nic
tk_check_shown "eth0 gets an address by DHCP" udhcpc -i eth0 -n -q -t 5 \
	-s /usr/share/udhcpc/default.script
a_ip=$(ip -4 addr show eth0 | sed -n 's/.*inet \([0-9.]*\)\/.*/\1/p')
tk_check_shown "A fetches a.bin from the host on eth0 (SHA-256 matches)" fetch a.bin "$TK_ASUM"
# Refused, nothing changed: exit status, message, addresses and routes.
tk_check_shown "share-net --dev nosuch0: refused (exit 1)" refused 1 \
	"nosuch0: no such network interface" --dev nosuch0
tk_check_shown "share-net --dev lo: refused, not Ethernet (exit 1)" refused 1 \
	"lo is not an Ethernet interface" --dev lo
tk_check_shown "share-net --dev twin0: refused (exit 2)" refused 2 \
	"--dev twin0: name the NIC to share with the twin" --dev twin0
tk_check_shown "share-net --bridge eth0: refused, exists (exit 1)" refused 1 \
	"eth0 already exists" --bridge eth0
tk_check_shown "share-net --off with no bridge: refused (exit 1)" refused 1 \
	"br0: no such network interface (nothing to undo)" --off
tk_check_shown "share-net without twin0: refused (exit 1)" refused_no_twin0
tk_check_shown "tkctl share-net (the default route's NIC, eth0)" tkctl share-net
tk_check_shown "A's address and default route are on br0; eth0 and twin0 are its ports" shared
tk_check_shown "A fetches a.bin on br0 (SHA-256 matches)" fetch a.bin "$TK_ASUM"
tk_check_shown "a second share-net: refused (exit 1), nothing changed" refused 1 \
	"twin0 is already a port of br0" --dev eth0 --bridge br1
tk_check "tkctl load and start B (no NIC; scenario shared-nic-b)" sh -c \
	"tkctl load --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz \
	 --cmdline 'console=ttyS1,115200 tk.role=B tk.test=shared-nic-b tk.port=$TK_PORT tk.bsum=$TK_BSUM tk.rounds=$rounds' &&
	 tkctl start"
tk_mark "TK-B-STARTED"
tk_check "the channel comes up within 60 s" chan_wait_up 60
# B's lease came through the bridge: it says so with its address.
tk_check_shown "B got a lease through br0 and says ready" b_ready
b_ip=$(sed -n 's/^ready \([0-9.]*\).*/\1/p' /tmp/ready)
tk_ok "B's address ($b_ip) is its own on 10.0.2.0/24 (A's is $a_ip)" \
	"$(case "$b_ip" in 10.0.2.*) [ "$b_ip" != "$a_ip" ]; echo $? ;; *) echo 1 ;; esac)"
twin_tx=$(stat_of twin0 tx_bytes) twin_rx=$(stat_of twin0 rx_bytes)
eth_rx=$(stat_of eth0 rx_bytes)
rm -f /tmp/stop
echo "TK-FETCH-A-START"
fetch_loop > /tmp/a-loop.out 2>&1 &
loop=$!
sleep 1
tkctl send "go"
tk_check_shown "B fetched b.bin $rounds times while A fetched (B's word)" \
	chan_expect "fetched ok" 600
touch /tmp/stop
wait $loop
echo "TK-FETCH-A-END"
tk_check_shown "A fetched a.bin all along, every SHA-256 right" sh -c \
	"cat /tmp/a-loop.out; grep -q 'A fetched a.bin [1-9][0-9]* times, 0 bad' /tmp/a-loop.out"
a_n=$(sed -n 's/A fetched a.bin \([0-9]*\) times.*/\1/p' /tmp/a-loop.out)
a_bytes=$(wc -c < /tmp/a.bin)
# B's bytes went over twin0: out of A's twin0 to B, and B's requests in.
tk_check_shown "twin0 in A sent B's $rounds copies of b.bin" rose "twin0 tx_bytes" \
	"$twin_tx" "$(stat_of twin0 tx_bytes)" $((rounds * TK_BSIZE))
tk_check_shown "twin0 in A received B's requests" rose "twin0 rx_bytes" \
	"$twin_rx" "$(stat_of twin0 rx_bytes)" 1
tk_check_shown "eth0 received A's and B's bytes" rose "eth0 rx_bytes" \
	"$eth_rx" "$(stat_of eth0 rx_bytes)" $((a_n * a_bytes + rounds * TK_BSIZE))
tk_check_shown "tkctl share-net --off" tkctl share-net --off
tk_check_shown "A's address and default route are back on eth0; no br0" unshared
tk_check_shown "A fetches a.bin on eth0 again (SHA-256 matches)" fetch a.bin "$TK_ASUM"
tkctl send "try again"
tk_check_shown "B cannot reach the host any more (B's word)" chan_expect "unreachable ok" 120
tk_check "B's part passed (its verdict over the channel)" chan_b_verdict
sleep 2	# B's console shows the end of its scenario before A powers off
tk_done
