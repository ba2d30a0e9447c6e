DESC="hardware audit (QEMU traces): once B runs, B's CPU writes only its LAPIC, its UART and its PCI device; nobody writes A's devices' config on B's behalf"
test_main() {
	vm_start vm --trace memory_region_ops_write --trace pci_cfg_write \
		--trace ioapic_mem_write --trace pic_ioport_write --trace serial_write \
		--append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.test=twin-boot tk.window=5" || return 1
	vm_ktap B twin-b || return 1
	vm_ktap A twin-boot || return 1
	vm_stop
	"$TOP/out/trace-audit" --cpu 1 --pci 00:04.0 --uart 0x2f8 "$VM_DIR/trace.log"
}
