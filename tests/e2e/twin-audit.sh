DESC="hardware audit (QEMU traces): once B runs, B's CPU writes only its LAPIC, its UART, its NIC's config (ports) and its NIC's BARs by address; nobody writes A's devices' config on B's behalf; the only IPI between the kernels is the channel doorbell, and B's doorbell to A when it attaches is seen"
test_main() {
	# pci_update_mappings_*: where each BAR is, so that BAR writes are
	# attributed by address. A powers off when its window ends, which
	# starts as B's kernel runs, before B's init: B (traced, debug build)
	# needs about 13 s for twin-b here, and a CI run saw it still at
	# DHCP when a 15 s window ended, so the window is 30 s.
	vm_start vm --trace memory_region_ops_write --trace pci_cfg_write \
		--trace pci_update_mappings_add --trace pci_update_mappings_del \
		--trace ioapic_mem_write --trace pic_ioport_write --trace serial_write \
		--append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.test=twin-boot" || return 1
	vm_ktap B twin-b || return 1
	vm_ktap A twin-boot || return 1
	vm_stop
	# twin-boot uses B's NIC (DHCP, ping) and B rings A's doorbell when it
	# attaches to the channel; nothing rings B's (no channel traffic).
	"$TOP/out/trace-audit" --cpu 1 --pci 00:04.0 --uart 0x2f8 \
		--expect b2a,bars "$VM_DIR/trace.log"
}
