# Scenario "bench-handover-b" (kernel B of bench-handover): once A has
# retired, serve the host on A's NIC at once, say how the takeover went,
# then power the machine off.
n=0
until grep -q "^done" /sys/kernel/twin/takeover; do
	[ $n -ge 1200 ] && { echo "TK-HO-FAILED $(cat /sys/kernel/twin/takeover)"; exit 1; }
	usleep 20000; n=$((n + 1))
done
mkdir -p /tmp/www && echo "TK-SERVER B" > /tmp/www/index.html
ip link set lo up && ip link set eth0 up &&
	udhcpc -i eth0 -n -q -t 5 -s /usr/share/udhcpc/default.script >/dev/null &&
	httpd -p 80 -h /tmp/www
echo "TK-HO-SERVING"
echo "TK-HO-TAKEOVER $(cat /sys/kernel/twin/takeover)"
sleep 5
poweroff -f
