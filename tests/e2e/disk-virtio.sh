DESC="A boots from the Debian 12 disk image on virtio-blk (root=/dev/vda), runs the disk scenario and powers off cleanly by itself"
# shellcheck source=tests/lib/disk.sh
. "$TOP/tests/lib/disk.sh"
test_main() {
	disk_present || return 1
	vm_start vm --disk "$DISK_IMAGE" --snapshot --disk-if virtio --append "tk.test=disk-a" || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a .* root=/dev/vda userland=debian-12" 180 || return 1
	vm_ktap A disk-a || return 1
	vm_wait A "TK-POWEROFF" 1 || return 1
	vm_wait A 'EXT4-fs \(vda\): re-mounted .* ro' 90 || return 1
	vm_wait A 'reboot: Power down' 30
}
