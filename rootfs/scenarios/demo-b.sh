# Scenario "demo-b" (kernel B): what B sees.
echo "== kernel B: $(uname -r) on CPU with APIC ID $(sed -n 's/^apicid[[:space:]]*: //p' /proc/cpuinfo)"
grep MemTotal /proc/meminfo
echo "== B's PCI devices: $(ls /sys/bus/pci/devices)"
udhcpc -i eth0 -n -q -t 5 -s /usr/share/udhcpc/default.script >/dev/null 2>&1
echo "== B's NIC: $(ip -4 addr show eth0 | sed -n 's/.*inet \([^ ]*\).*/\1/p')"
ping -c 2 10.0.2.2 | tail -2
echo "== B's twin0: 10.99.0.2/24; waiting for a message from A"
ip addr add 10.99.0.2/24 dev twin0 && ip link set twin0 up
echo "== from A: $(tkctl recv -n 1 --timeout 60)"
