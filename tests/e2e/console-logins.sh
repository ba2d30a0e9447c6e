DESC="root logins with a password on both serial consoles while both kernels run (-M pc, A from the Debian disk): on A's ttyS0 (agetty, login) a wrong password gets Login incorrect, then user name + test password give a shell on /dev/ttyS0 running -tk-a; tkctl load + start typed there boot B from the disk's /boot; on B's ttyS1 (busybox getty, login) a wrong password gets Login incorrect, then user name + password give a shell on /dev/ttyS1 running -tk-b; B waits for ttyS0 (its UART type unknown, no getty there before a handover); A's shell still answers with B running"
# shellcheck source=tests/lib/disk.sh
. "$TOP/tests/lib/disk.sh"

# cl_shell CONSOLE RELEASE_RE TTY: the logged-in shell on CONSOLE is root's,
# on /dev/TTY, in the kernel whose release matches RELEASE_RE.
cl_shell() {
	vm_run "$1" 60 'uname -r; tty; id -un' || return 1
	echo "console $1: uname -r; tty; id -un -> exit $VM_RC:"
	sed 's/^/    /' <<<"$VM_OUT"
	if [ "$VM_RC" != 0 ] || ! grep -qE "^$2$" <<<"$VM_OUT" ||
		! grep -qx "/dev/$3" <<<"$VM_OUT" || ! grep -qx root <<<"$VM_OUT"; then
		echo "expected a root shell on /dev/$3 in a kernel /$2/"
		vm_evidence "$1"
		return 1
	fi
}

# cl_ok CONSOLE TIMEOUT COMMAND: COMMAND typed in CONSOLE's shell succeeds.
cl_ok() {
	vm_run "$1" "$2" "$3" || return 1
	echo "console $1: $3 -> exit $VM_RC"
	[ -z "$VM_OUT" ] || sed 's/^/    /' <<<"$VM_OUT"
	[ "$VM_RC" = 0 ] && return 0
	vm_evidence "$1"
	return 1
}

test_main() {
	disk_present || return 1
	vm_start vm --disk "$DISK_IMAGE" --snapshot \
		--append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.poweroff=0" || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a .* root=/dev/sda userland=debian-12" 180 || return 1

	# A: Debian's agetty and login on ttyS0.
	vm_login_refused A root not-twin 180 || return 1
	vm_login A root "$VM_PASSWORD" 120 || return 1
	cl_shell A '[^ ]+-tk-a' ttyS0 || return 1

	# B from the disk's /boot, typed in that shell; B's /init runs its
	# logins (no tk.test): busybox getty and login on ttyS1.
	cl_ok A 120 "tkctl load --kernel /boot/bzImage-b --initrd /boot/initramfs-b.cpio.gz --cmdline 'console=ttyS1,115200 tk.role=B' --pci 00:04.0" || return 1
	cl_ok A 120 "tkctl start" || return 1
	vm_wait B "TK-INIT role=B kernel=[^ ]+-tk-b " 240 || return 1
	vm_login_refused B root not-twin 240 || return 1
	vm_login B root "$VM_PASSWORD" 120 || return 1
	cl_shell B '[^ ]+-tk-b' ttyS1 || return 1

	# B's ttyS0 is A's UART: B has no UART there (type unknown) and
	# tk-gettys waits for one (a handover registers it) without a getty.
	cl_ok B 60 'grep "^0: " /proc/tty/driver/serial; ls /run/tk-gettys' || return 1
	if ! grep -q '^0: uart:unknown ' <<<"$VM_OUT" || ! grep -qx ttyS0.pid <<<"$VM_OUT" ||
		grep -qx ttyS0.getty <<<"$VM_OUT"; then
		echo "B: expected ttyS0 without a UART, tk-gettys waiting for it (ttyS0.pid) and no getty on it (ttyS0.getty)"
		return 1
	fi
	echo "B: ttyS0 has no UART yet; tk-gettys waits for it, no getty on it"

	# Both logins at once: A's shell still answers, B runs.
	cl_shell A '[^ ]+-tk-a' ttyS0 || return 1
	cl_ok A 60 "tkctl status" || return 1
	grep -qE '^state: +running$' <<<"$VM_OUT" ||
		{ echo "tkctl status in A does not say state: running"; return 1; }
	cl_shell B '[^ ]+-tk-b' ttyS1
}
