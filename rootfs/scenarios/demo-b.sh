# Scenario "demo-b" (kernel B): what B sees.
echo "== kernel B: $(uname -r) on CPU with APIC ID $(sed -n 's/^apicid[[:space:]]*: //p' /proc/cpuinfo)"
grep MemTotal /proc/meminfo
echo "== B's PCI devices: $(ls /sys/bus/pci/devices)"
udhcpc -i eth0 -n -q -t 5 -s /usr/share/udhcpc/default.script >/dev/null 2>&1
echo "== B's NIC: $(ip -4 addr show eth0 | sed -n 's/.*inet \([^ ]*\).*/\1/p')"
ping -c 2 10.0.2.2 | tail -2
