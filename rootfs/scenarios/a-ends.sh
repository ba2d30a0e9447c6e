# Scenario "a-ends" (kernel A): with B running, A ends the way tk.a_end=
# says (panic or reboot). The machine resets, and B ends with it.
. /etc/tk/lib.sh
tkctl load --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz \
	--pci 00:04.0 --cmdline "console=ttyS1,115200 tk.role=B tk.heartbeat=100" &&
	tkctl start || exit 1
n=0
until [ "$(cat /sys/kernel/twin/b_state)" = running ] || [ $n -ge 600 ]; do
	sleep 0.1; n=$((n + 1))
done
if [ "$(cat /sys/kernel/twin/b_state)" != running ]; then
	tk_mark_failed "TK-A-ENDS ${TK_A_END:-panic}" \
		"B is not running 60 s after its start (b_state $(cat /sys/kernel/twin/b_state))"
	exit 1
fi
# B's userland (its 100 ms console heartbeat, which the host checks) comes
# a few seconds after its kernel says running, more in the debug build:
# give it 8 s of B's own kernel heartbeats.
b0=$(cat /sys/kernel/twin/b_heartbeat)
n=0
until [ "$(cat /sys/kernel/twin/b_heartbeat)" -ge $((b0 + 80)) ] || [ $n -ge 300 ]; do
	sleep 0.1; n=$((n + 1))
done
echo "TK-A-ENDS ${TK_A_END:-panic}"
case "${TK_A_END:-panic}" in
panic) echo c > /proc/sysrq-trigger ;;
reboot) reboot -f ;;
esac
