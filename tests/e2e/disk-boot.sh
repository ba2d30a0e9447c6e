DESC="A boots from the Debian 12 disk image (IDE, root=/dev/sda rw, no initramfs) with sysvinit to agetty on ttyS0, where root logs in with user name and test password and lspci works; tkctl upgrade is refused there (no twin memory: exit status 1, the reason, no twin loaded); the files install-kernel-to-img.sh put in /boot and /usr/sbin are out/'s; typed poweroff shuts down cleanly"
# shellcheck source=tests/lib/disk.sh
. "$TOP/tests/lib/disk.sh"
test_main() {
	disk_present || return 1
	vm_start vm --disk "$DISK_IMAGE" --snapshot --append "tk.test=disk-a tk.poweroff=0" || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a .* root=/dev/sda userland=debian-12" 180 || return 1
	vm_wait A "INIT: version .* booting" 1 || return 1
	vm_ktap A disk-a || return 1
	local f sum
	for f in bzImage:/boot/bzImage b/bzImage:/boot/bzImage-b \
		initramfs-upgrade.cpio.gz:/boot/initramfs-b.cpio.gz tkctl:/usr/sbin/tkctl; do
		sum=$(sha256sum < "$TOP/out/${f%%:*}" | cut -d' ' -f1)
		if ! grep -q "TK-SUM ${f#*:} $sum" "$(vm_log A)"; then
			echo "${f#*:} in the image is not out/${f%%:*} (sha256 $sum):"
			grep "TK-SUM ${f#*:} " "$(vm_log A)" | sed 's/^/    /'
			echo "    (rebuild the image: make image)"
			return 1
		fi
	done
	echo "the image's /boot and tkctl match out/"
	disk_shell || return 1
	disk_lspci || return 1
	# Booted without twinkernel=: tkctl upgrade's check refuses, with the
	# reason, and loads nothing.
	vm_run A 120 "tkctl upgrade --kernel /boot/bzImage-b; echo exit=\$?; tkctl status | grep '^state:'" || return 1
	echo "tkctl upgrade without twin memory:"; echo "$VM_OUT" | sed 's/^/    /'
	echo "$VM_OUT" | grep -q "^exit=1$" &&
		echo "$VM_OUT" | grep -qF "this kernel has no twin memory for the new kernel: boot it with twinkernel=SIZE" &&
		echo "$VM_OUT" | grep -qF "tkctl upgrade: nothing was changed" &&
		echo "$VM_OUT" | grep -qE "^state: +none" ||
		{ echo "expected exit status 1, the reason, nothing changed and no twin loaded"; return 1; }
	disk_poweroff
}
