DESC="bad input (files, initrd size, CPUs, PCI lists, start/load/unload in the wrong state) gets a clear error and changes nothing"
test_main() {
	vm_start vm --append "twinkernel=128M pci_dev_flags=0x1af4:0x1000:b,zz tk.test=twin-errors" || return 1
	vm_ktap A twin-errors || return 1
	# The malformed deny list was ignored: A had the NIC and gave it up at load.
	grep -q "0000:00:04.0: handed to the twin kernel, removed here" "$VM_DIR/A.log" || {
		echo "A did not release B's NIC"; vm_evidence A; return 1; }
}
