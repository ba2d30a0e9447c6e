DESC="From A booted off the Debian disk, tkctl load + start boot B from the disk's /boot (bzImage-b, initramfs-b.cpio.gz); B reaches its init on ttyS1 and passes twin-b, A's checks pass, A's shell on ttyS0 still answers, and A's heartbeat shows no gap over 1 s for 20 s"
# shellcheck source=tests/lib/disk.sh
. "$TOP/tests/lib/disk.sh"
test_main() {
	disk_present || return 1
	vm_start vm --disk "$DISK_IMAGE" --snapshot --append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.heartbeat=100 tk.test=twin-boot tk.window=20 tk.poweroff=0" || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a .* root=/dev/sda userland=debian-12" 180 || return 1
	vm_wait A "TK-B-STARTED" 120 "TK-MARK-FAILED B-STARTED" || return 1
	vm_wait B "TK-INIT role=B kernel=[^ ]+-tk-b " 120 || return 1
	# While B runs, A's Debian login shell on ttyS0 answers.
	disk_shell || return 1
	vm_ktap B twin-b || return 1
	vm_ktap A twin-boot 120 || return 1
	vm_wait A "b-kernel: +[^ ]+-tk-b$" 1 || return 1
	vm_hb_check A A "TK-B-STARTED" "TK-WINDOW-END" 150 1.0 || return 1
	# B is the debug build (KASAN, lockdep): its shell loop beats about
	# every 0.16 s; what counts is that no gap exceeds 1 s.
	vm_hb_check B B "TK-INIT role=B" "" 100 1.0 || return 1
	# A powers the machine off cleanly with B running; B ends with it.
	disk_poweroff
}
