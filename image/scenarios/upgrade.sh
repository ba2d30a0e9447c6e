# Scenario "upgrade" (kernel A booted from the Debian image, A's NIC on
# QEMU's user network with the host's port forwarded to redis): the
# network up (DHCP), redis-server started by Debian's init answering on
# its port with the append-only file on, "criu check" passing here, and
# "criu check --all" and every kernel feature it asks;
# redis-server's boot clock for the test to compare with B's reading.
# The test then types "tkctl upgrade ..." in A's shell (scenario
# upgrade-b checks the system after it, in B).
. /etc/tk/lib.sh
net_up() {	# DHCP on the NIC of PCI slot 3 (virtio-net: under its virtio device)
	i=$(ls /sys/bus/pci/devices/0000:00:03.0/virtio*/net) || return 1
	ip link set "$i" up &&
		udhcpc -i "$i" -n -q -t 10 -s /usr/share/udhcpc/default.script >/dev/null &&
		ip -4 addr show dev "$i" | grep inet && ip route | grep default
}
redis_ok() {	# started by init (rc2.d), with its pid file, answering
	pid=$(cat /run/redis/redis-server.pid) || return 1
	echo "redis-server PID $pid: $(tr '\0' ' ' < /proc/$pid/cmdline)"
	redis-cli ping | grep -qx PONG &&
		redis-cli config get appendonly | grep -qx yes
}
# tk.cache=PORT: a second service for an upgrade that moves two,
# "redis-cache" (Debian's redis-server under another name, so that both
# can be named), started here rather than by init, answering on PORT.
cache_up() {
	mkdir -p /var/lib/redis-cache &&
		ln -sf /usr/bin/redis-server /usr/local/bin/redis-cache &&
		redis-cache --port "$TK_CACHE" --bind 0.0.0.0 --protected-mode no \
			--daemonize yes --pidfile /run/redis-cache.pid \
			--dir /var/lib/redis-cache --appendonly yes --save "" &&
		for i in 1 2 3 4 5 6 7 8 9 10; do
			redis-cli -p "$TK_CACHE" ping 2>/dev/null | grep -qx PONG && break
			sleep 0.5
		done &&
		redis-cli -p "$TK_CACHE" ping | grep -qx PONG &&
		echo "redis-cache PID $(cat /run/redis-cache.pid) on port $TK_CACHE"
}
# Debian's minbase brings up no interface, not even lo (criu needs it).
ip link set lo up
plan=5
[ -z "${TK_CACHE:-}" ] || plan=6
tk_plan $plan
tk_check_shown "the network: DHCP on A's NIC" net_up
tk_check_shown "redis-server runs (Debian's init started it), appendonly on" redis_ok
[ -z "${TK_CACHE:-}" ] || tk_check_shown "a second service, redis-cache, answers on port $TK_CACHE" cache_up
tk_check_shown "criu check passes here" criu check
tk_check_shown "criu check --all passes, every kernel feature it checks is here" tk_criu_features
tk_check_shown "redis-server's boot clock" tk_service_clock "$(cat /run/redis/redis-server.pid)"
tk_done
