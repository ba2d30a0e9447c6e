DESC="raw ioctls on /dev/twinctl: each bad request gets its errno (EBADF for a bad initrd fd too) and changes nothing; start racing an online of the CPU leaves B running; unload brings the CPU back into A (online, runs tasks, loadable again); a start by echo 0 > online gets a working channel; B boots with a newer A's boot information (version 3)"
test_main() {
	vm_start vm --append "twinkernel=128M pci_dev_flags=1af4:1000:b tk.test=twin-ioctl" || return 1
	vm_ktap A twin-ioctl 400 || return 1
	# B started three times (the racing start, the offline start, the
	# newer boot information) and each time its kernel ran /init (the
	# scenario stops B before its slow debug userland says more).
	local n
	n=$(grep -c "Run /init as init process" "$VM_DIR/B.log")
	[ "$n" -eq 3 ] || { echo "B's kernel ran /init $n times, expected 3"; vm_evidence B; return 1; }
	vm_wait B "boot information version 4 from kernel A, this kernel's is 3: using the fields both know" 1 || return 1
}
