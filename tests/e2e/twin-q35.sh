DESC="on q35 with 4 CPUs, B boots on CPU 3 (tkctl's default) with one of two identical virtio-net NICs, chosen by bus:dev.fn, reaches PCI config only through ECAM (no access of B to the config ports, reads included) and writes only its own NIC's BARs, not the identical one's of A"
test_main() {
	# memory_region_ops_read: B must not even read the config ports.
	# pci_update_mappings_*: where each BAR is, which tells the two
	# identical NICs apart. A powers off when its window ends: 20 s lets B
	# finish twin-b also on a loaded host.
	vm_start vm --machine q35 --smp 4 --extra -netdev --extra user,id=netc \
		--trace memory_region_ops_write --trace memory_region_ops_read \
		--trace pci_cfg_write \
		--trace pci_update_mappings_add --trace pci_update_mappings_del \
		--device virtio-net-pci,netdev=netc,addr=0x5,mac=52:54:00:12:34:0c \
		--append "twinkernel=256M pci_dev_flags=00:05.0 tk.test=twin-boot tk.heartbeat=100 tk.window=20 tk.pci=00:05.0 tk.a_keeps=00:04.0 tk.b_args=tk.expect_apic=3,tk.expect_pci=0000:00:05.0" || return 1
	vm_ktap B twin-b || return 1
	vm_ktap A twin-boot || return 1
	vm_hb_check A A "TK-B-STARTED" "TK-WINDOW-END" 20 1.0 || return 1
	grep -q "PCI config space through MMCONFIG" "$VM_DIR/B.log" || {
		echo "B did not take A's MMCONFIG"; vm_evidence B; return 1; }
	vm_stop
	# B rings A's doorbell when it attaches; nothing rings B's.
	"$TOP/out/trace-audit" --cpu 3 --pci 00:05.0 --uart 0x2f8 --ecam \
		--expect b2a,bars,ecam "$VM_DIR/trace.log"
}
