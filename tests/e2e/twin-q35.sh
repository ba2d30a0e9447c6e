DESC="on q35 with 4 CPUs, B boots on CPU 3 (tkctl's default) with one of two identical virtio-net NICs, chosen by bus:dev.fn, and reaches PCI config only through ECAM"
test_main() {
	vm_start vm --machine q35 --smp 4 --extra -netdev --extra user,id=netc \
		--trace memory_region_ops_write --trace pci_cfg_write \
		--device virtio-net-pci,netdev=netc,addr=0x5,mac=52:54:00:12:34:0c \
		--append "twinkernel=256M pci_dev_flags=00:05.0 tk.test=twin-boot tk.heartbeat=100 tk.window=10 tk.pci=00:05.0 tk.a_keeps=00:04.0 tk.b_args=tk.expect_apic=3,tk.expect_pci=0000:00:05.0" || return 1
	vm_ktap B twin-b || return 1
	vm_ktap A twin-boot || return 1
	vm_hb_check A A "TK-B-STARTED" "TK-WINDOW-END" 80 1.0 || return 1
	grep -q "PCI config space through MMCONFIG" "$VM_DIR/B.log" || {
		echo "B did not take A's MMCONFIG"; vm_evidence B; return 1; }
	vm_stop
	"$TOP/out/trace-audit" --cpu 3 --pci 00:05.0 --uart 0x2f8 --ecam "$VM_DIR/trace.log"
}
