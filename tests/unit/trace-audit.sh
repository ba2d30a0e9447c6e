DESC="trace-audit flags B's writes to A's IOAPIC, PIC, UART or devices' config (and to the config ports when ECAM is expected), and A's IPIs to B other than the channel doorbell, and passes a clean trace"
test_main() {
	local t=$T_DIR/trace.log
	# A's CPU 1 runs, goes offline (SPIV bit 8 cleared); B enables its LAPIC.
	cat > "$t" <<'TRACE'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee000f0 value 0x1ff size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x2 addr 0x3f8 value 0x41 size 1 name 'serial'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee000f0 value 0xff size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x3 addr 0x2f8 value 0x42 size 1 name 'serial'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee000f0 value 0x1ff size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x4 addr 0xcf8 value 0x80002004 size 4 name 'pci-conf-idx'
memory_region_ops_write cpu 1 mr 0x5 addr 0xcfc value 0x7 size 2 name 'pci-conf-data'
pci_cfg_write virtio-net-pci 00:04.0 @0x4 <- 0x7
memory_region_ops_write cpu 0 mr 0x5 addr 0xcfc value 0x7 size 2 name 'pci-conf-data'
pci_cfg_write e1000 00:03.0 @0x4 <- 0x7
TRACE
	"$TOP/out/trace-audit" --cpu 1 --pci 00:04.0 "$t" || {
		echo "a clean trace was flagged"; return 1; }
	# The channel's doorbell (fixed, physical, vector 0xf7) to B is allowed.
	{ cat "$t"
	  echo "memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00310 value 0x1000000 size 4 name 'apic-msi'"
	  echo "memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00300 value 0xf7 size 4 name 'apic-msi'"
	} > "$t.bell"
	"$TOP/out/trace-audit" --cpu 1 --pci 00:04.0 "$t.bell" > "$T_DIR/audit.out" &&
		grep -q "(1 channel doorbells to B)" "$T_DIR/audit.out" || {
		echo "the doorbell IPI was flagged or not counted:"; cat "$T_DIR/audit.out"; return 1; }
	# With ECAM, B's use of the shared ports for its own device is flagged.
	if "$TOP/out/trace-audit" --cpu 1 --pci 00:04.0 --ecam "$t" > "$T_DIR/audit.out"; then
		echo "--ecam did not flag B's config port writes"; return 1
	fi
	local bad
	for bad in \
		"memory_region_ops_write cpu 1 mr 0x6 addr 0x10 value 0x1 size 4 name 'ioapic'" \
		"memory_region_ops_write cpu 1 mr 0x2 addr 0x3f9 value 0x0 size 1 name 'serial'" \
		"memory_region_ops_write cpu 1 mr 0x7 addr 0x20 value 0x11 size 1 name 'pic'" \
		"memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00300 value 0xc00fb size 4 name 'apic-msi'" \
		"memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00310 value 0x1000000 size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00300 value 0xfb size 4 name 'apic-msi'" \
		"memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00310 value 0x1000000 size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00300 value 0x4f7 size 4 name 'apic-msi'" \
		"memory_region_ops_write cpu 1 mr 0x5 addr 0xcfc value 0x0 size 2 name 'pci-conf-data'
pci_cfg_write e1000 00:03.0 @0x4 <- 0x0" \
		"memory_region_ops_write cpu 0 mr 0x5 addr 0xcfc value 0x0 size 2 name 'pci-conf-data'
pci_cfg_write virtio-net-pci 00:04.0 @0x4 <- 0x0"; do
		{ cat "$t"; echo "$bad"; } > "$t.bad"
		if "$TOP/out/trace-audit" --cpu 1 --pci 00:04.0 "$t.bad" > "$T_DIR/audit.out"; then
			echo "not flagged: $bad"; return 1
		fi
		grep -q VIOLATION "$T_DIR/audit.out" || { cat "$T_DIR/audit.out"; return 1; }
	done
}
