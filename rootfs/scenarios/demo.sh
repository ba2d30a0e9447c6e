# Scenario "demo": what kernel A sees of the machine, step by step.
step() { echo; echo "== $*"; }

step "kernel A: $(uname -r)"
cat /proc/version
step "CPUs online: $(cat /sys/devices/system/cpu/online)"
step "memory"
grep -E 'MemTotal|MemFree' /proc/meminfo
step "PCI devices (vendor:device class)"
for d in /sys/bus/pci/devices/*; do
	echo "${d##*/} $(cut -c3- "$d/vendor"):$(cut -c3- "$d/device") class $(cat "$d/class")"
done
step "network interfaces"
ip link
step "serial ports"
grep -v 'unknown' /proc/tty/driver/serial 2>/dev/null
step "CPU 1 offline, then online again (the seed's trigger for B)"
echo 0 > /sys/devices/system/cpu/cpu1/online && echo "online: $(cat /sys/devices/system/cpu/online)"
echo 1 > /sys/devices/system/cpu/cpu1/online && echo "online: $(cat /sys/devices/system/cpu/online)"
step "done; powering off"
