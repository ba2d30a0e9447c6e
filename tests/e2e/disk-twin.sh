DESC="From A booted off the Debian disk, tkctl load + start boot B from the disk's /boot (bzImage-b, initramfs-b.cpio.gz); B reaches its init on ttyS1 and passes twin-b, A's checks pass, root logs in on ttyS0 (user name and password) while B runs and that shell answers, and A's heartbeat shows no gap over 1 s for 20 s"
# shellcheck source=tests/lib/disk.sh
. "$TOP/tests/lib/disk.sh"
test_main() {
	disk_present || return 1
	vm_start vm --disk "$DISK_IMAGE" --snapshot --append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.heartbeat=100 tk.test=twin-boot tk.window=20 tk.poweroff=0" || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a .* root=/dev/sda userland=debian-12" 180 || return 1
	vm_wait A "TK-B-STARTED" 120 "TK-MARK-FAILED B-STARTED" || return 1
	vm_wait B "TK-INIT role=B kernel=[^ ]+-tk-b " 120 || return 1
	vm_ktap B twin-b || return 1
	vm_ktap A twin-boot 120 || return 1
	# While B runs, root logs in on A's ttyS0 and the shell answers (after
	# the scenarios: the typing's echo and the prompts stay out of their
	# KTAP lines); B's heartbeat goes on after that.
	local nb; nb=$(wc -l < "$(vm_log B)")
	disk_shell || return 1
	local t
	for t in $(seq 1 50); do
		tail -n +"$((nb + 1))" "$(vm_log B)" | grep -q "TK-HB B" && break
		sleep 0.2
	done
	tail -n +"$((nb + 1))" "$(vm_log B)" | grep -q "TK-HB B" ||
		{ echo "B's heartbeat stopped around A's login"; vm_evidence B 10; return 1; }
	echo "B's heartbeat goes on after A's login: $(tail -n +"$((nb + 1))" "$(vm_log B)" | grep -c "TK-HB B") new beats"
	vm_wait A "b-kernel: +[^ ]+-tk-b$" 1 || return 1
	vm_hb_check A A "TK-B-STARTED" "TK-WINDOW-END" 20 1.0 || return 1
	# B is the debug build (KASAN, lockdep): its shell loop beats every
	# 0.16-0.2 s and its boot eats a varying part of A's window; what
	# counts is that no gap exceeds 1 s.
	vm_hb_check B B "TK-INIT role=B" "" 10 1.0 || return 1
	# A powers the machine off cleanly with B running; B ends with it.
	disk_poweroff
}
