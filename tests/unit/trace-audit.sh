DESC="trace-audit, on crafted traces: each rule passes a clean trace and fails a planted defect: B's writes to A's IOAPIC, PIC, UART, devices' config, config address port, another device's BARs (also an identical NIC's, also after a BAR moved), the config ports with ECAM (also a read); A's writes to B's config and BARs; IPIs other than the channel doorbell either way (broadcast, logical); expected doorbells, BAR writes and ECAM use that never happened; a trace without BAR mappings"

# The machine of the e2e tests: A's e1000 at 00:03.0, B's virtio-net at
# 00:04.0 and A's identical virtio-net at 00:05.0, as the firmware maps
# them; A's CPU 1 goes offline (SPIV bit 8 cleared) and B enables its LAPIC.
audit_machine() {
	cat <<'TRACE'
pci_update_mappings_add e1000 00:03.0 0,0xfebc0000+0x20000
pci_update_mappings_add e1000 00:03.0 1,0xc000+0x40
pci_update_mappings_add virtio-net-pci 00:04.0 0,0xc040+0x20
pci_update_mappings_add virtio-net-pci 00:04.0 1,0xfebe0000+0x1000
pci_update_mappings_add virtio-net-pci 00:04.0 4,0xfebf8000+0x4000
pci_update_mappings_add virtio-net-pci 00:05.0 0,0xc060+0x20
pci_update_mappings_add virtio-net-pci 00:05.0 1,0xfebe1000+0x1000
pci_update_mappings_add virtio-net-pci 00:05.0 4,0xfebfc000+0x4000
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee000f0 value 0x1ff size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x2 addr 0x3f8 value 0x41 size 1 name 'serial'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee000f0 value 0xff size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee000f0 value 0x1ff size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee000d0 value 0x2000000 size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x3 addr 0x2f8 value 0x42 size 1 name 'serial'
TRACE
}

# B, over the ports (pc): its NIC's command register, its BARs, and the
# doorbell to A when it attaches to the channel. A: its own devices, a
# logical IPI to its CPU 0 only, and a doorbell to B.
audit_clean_pc() {
	audit_machine
	cat <<'TRACE'
memory_region_ops_write cpu 1 mr 0x4 addr 0xcf8 value 0x80002004 size 4 name 'pci-conf-idx'
memory_region_ops_write cpu 1 mr 0x5 addr 0xcfc value 0x7 size 2 name 'pci-conf-data'
pci_cfg_write virtio-net-pci 00:04.0 @0x4 <- 0x7
memory_region_ops_write cpu 1 mr 0x8 addr 0xfebf8014 value 0x0 size 1 name 'virtio-pci-common'
memory_region_ops_write cpu 1 mr 0x9 addr 0xfebe000c value 0x0 size 4 name 'msix-table'
memory_region_ops_write cpu 1 mr 0xa addr 0xc050 value 0x0 size 2 name 'virtio-pci'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee00310 value 0x0 size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee00300 value 0xf7 size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee00300 value 0x400ef size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x5 addr 0xcfc value 0x7 size 2 name 'pci-conf-data'
pci_cfg_write e1000 00:03.0 @0x4 <- 0x7
memory_region_ops_write cpu 0 mr 0xb addr 0xfebfc014 value 0x0 size 1 name 'virtio-pci-common'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00310 value 0x1000000 size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00300 value 0x8fb size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00310 value 0x1000000 size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00300 value 0xf7 size 4 name 'apic-msi'
TRACE
}

# The same machine on q35: B reaches config space through ECAM only.
audit_clean_ecam() {
	audit_machine
	cat <<'TRACE'
memory_region_ops_read cpu 1 mr 0xc addr 0xb0020000 value 0x10001af4 size 4 name 'pcie-mmcfg-mmio'
memory_region_ops_write cpu 1 mr 0xc addr 0xb0020004 value 0x7 size 2 name 'pcie-mmcfg-mmio'
pci_cfg_write virtio-net-pci 00:04.0 @0x4 <- 0x7
memory_region_ops_write cpu 1 mr 0x8 addr 0xfebf8014 value 0x0 size 1 name 'virtio-pci-common'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee00310 value 0x0 size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee00300 value 0xf7 size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x4 addr 0xcf8 value 0x80001804 size 4 name 'pci-conf-idx'
memory_region_ops_read cpu 0 mr 0x5 addr 0xcfc value 0x7 size 2 name 'pci-conf-data'
TRACE
}

# audit_run EXPECTED_RC WHAT TRACE ARGS...: run the auditor; its exit
# status must be EXPECTED_RC, and a violation (rc 1) must be shown.
audit_run() {
	local want=$1 what=$2 trace=$3 rc=0
	shift 3
	"$TOP/out/trace-audit" "$@" "$trace" > "$T_DIR/audit.out" 2>&1 || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "$what: exit $rc, expected $want:"
		sed 's/^/    /' "$T_DIR/audit.out"
		return 1
	fi
	if [ "$want" = 1 ] && ! grep -q '^VIOLATION' "$T_DIR/audit.out"; then
		echo "$what: exit 1 without a VIOLATION line:"; cat "$T_DIR/audit.out"; return 1
	fi
	# The evidence that each planted defect was caught, and why.
	[ "$want" = 0 ] || echo "caught: $what: $(grep -m1 -E '^VIOLATION|^trace-audit:|^Usage' "$T_DIR/audit.out" | cut -c1-160)"
}

# audit_bad WHAT BASE ARGS... <<< LINES: BASE's trace plus LINES must fail.
audit_bad() {
	local what=$1 base=$2
	shift 2
	{ "$base"; cat; } > "$T_DIR/bad.log"
	audit_run 1 "$what" "$T_DIR/bad.log" "$@"
}

test_main() {
	local pc=(--cpu 1 --pci 00:04.0) t=$T_DIR/clean.log
	audit_clean_pc > "$t"
	audit_run 0 "the clean pc trace" "$t" "${pc[@]}" --expect a2b,b2a,bars || return 1
	grep -q "the config address port for its devices 1, PCI config data 1 (ports) 0 (ECAM), its devices' BARs 3; doorbells A->B 1 (of 2 IPIs from A's CPUs), B->A 1 (of 2 IPIs from B's CPU); violations 0" \
		"$T_DIR/audit.out" || { echo "wrong counts:"; cat "$T_DIR/audit.out"; return 1; }
	audit_clean_ecam > "$t.ecam"
	audit_run 0 "the clean q35 trace" "$t.ecam" "${pc[@]}" --ecam --expect b2a,bars,ecam || return 1

	# B's CPU writes what is not B's.
	audit_bad "B writes the IOAPIC" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0x6 addr 0xfec00000 value 0x10 size 4 name 'ioapic'" || return 1
	audit_bad "B writes A's UART" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0x2 addr 0x3f9 value 0x0 size 1 name 'serial'" || return 1
	audit_bad "B writes the PIC" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0x7 addr 0x20 value 0x11 size 1 name 'pic'" || return 1
	audit_bad "B writes an interrupt address outside its LAPIC" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0x1 addr 0xfee01004 value 0x31 size 4 name 'apic-msi'" || return 1
	audit_bad "B writes e1000's config" audit_clean_pc "${pc[@]}" <<'TRACE' || return 1
memory_region_ops_write cpu 1 mr 0x5 addr 0xcfc value 0x0 size 2 name 'pci-conf-data'
pci_cfg_write e1000 00:03.0 @0x4 <- 0x0
TRACE

	# BARs, by address: A's identical NIC, also its MSI-X table; a BAR
	# that moved to another device; an address in no BAR.
	audit_bad "B writes the identical NIC's BAR" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0xb addr 0xfebfc014 value 0x0 size 1 name 'virtio-pci-common'" || return 1
	audit_bad "B writes the identical NIC's MSI-X table" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0xd addr 0xfebe100c value 0x0 size 4 name 'msix-table'" || return 1
	audit_bad "B writes the identical NIC's I/O BAR" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0xe addr 0xc070 value 0x0 size 2 name 'virtio-pci'" || return 1
	audit_bad "B writes an address that is now another device's BAR" audit_clean_pc "${pc[@]}" <<'TRACE' || return 1
pci_update_mappings_del virtio-net-pci 00:04.0 4,0xfebf8000+0x4000
pci_update_mappings_add virtio-net-pci 00:04.0 4,0xfe000000+0x4000
pci_update_mappings_del virtio-net-pci 00:05.0 4,0xfebfc000+0x4000
pci_update_mappings_add virtio-net-pci 00:05.0 4,0xfebf8000+0x4000
memory_region_ops_write cpu 1 mr 0x8 addr 0xfebf8014 value 0x0 size 1 name 'virtio-pci-common'
TRACE
	{ audit_clean_pc; cat <<'TRACE'; } > "$t.overlap"
pci_update_mappings_del virtio-net-pci 00:05.0 4,0xfebfc000+0x4000
pci_update_mappings_add virtio-net-pci 00:05.0 4,0xfebf8000+0x4000
pci_update_mappings_del virtio-net-pci 00:05.0 4,0xfebf8000+0x4000
memory_region_ops_write cpu 1 mr 0x8 addr 0xfebf8014 value 0x0 size 1 name 'virtio-pci-common'
TRACE
	audit_run 0 "B writes its BAR after another device's BAR overlapped it for a moment" "$t.overlap" "${pc[@]}" || return 1
	audit_bad "B writes a virtio region outside every BAR" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0x8 addr 0xfe100014 value 0x0 size 1 name 'virtio-pci-common'" || return 1
	audit_bad "A writes B's BAR" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 0 mr 0x8 addr 0xfebf8014 value 0x0 size 1 name 'virtio-pci-common'" || return 1
	audit_bad "A writes B's config" audit_clean_pc "${pc[@]}" <<'TRACE' || return 1
memory_region_ops_write cpu 0 mr 0x5 addr 0xcfc value 0x0 size 2 name 'pci-conf-data'
pci_cfg_write virtio-net-pci 00:04.0 @0x4 <- 0x0
TRACE

	# The shared config address port: only B's own devices.
	audit_bad "B aims the config address port at the AMD northbridge slot" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0x4 addr 0xcf8 value 0x8000c000 size 4 name 'pci-conf-idx'" || return 1
	audit_bad "B aims the config address port at A's identical NIC" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0x4 addr 0xcf8 value 0x80002800 size 4 name 'pci-conf-idx'" || return 1
	audit_bad "B writes a byte to the config address port" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0x4 addr 0xcfb value 0x1 size 1 name 'pci-conf-idx'" || return 1
	audit_bad "B writes its NIC's config address without the enable bit" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0x4 addr 0xcf8 value 0x2004 size 4 name 'pci-conf-idx'" || return 1

	# With ECAM: no port access by B at all, even for its own device.
	audit_bad "B (ECAM) aims the config port at its own NIC" audit_clean_ecam "${pc[@]}" --ecam <<<"memory_region_ops_write cpu 1 mr 0x4 addr 0xcf8 value 0x80002000 size 4 name 'pci-conf-idx'" || return 1
	audit_bad "B (ECAM) probes the AMD northbridge through the ports" audit_clean_ecam "${pc[@]}" --ecam <<<"memory_region_ops_write cpu 1 mr 0x4 addr 0xcf8 value 0x8000c000 size 4 name 'pci-conf-idx'" || return 1
	audit_bad "B (ECAM) reads the config data port" audit_clean_ecam "${pc[@]}" --ecam <<<"memory_region_ops_read cpu 1 mr 0x5 addr 0xcfc value 0xffffffff size 4 name 'pci-conf-data'" || return 1
	audit_bad "B (ECAM) writes the config data port" audit_clean_ecam "${pc[@]}" --ecam <<<"memory_region_ops_write cpu 1 mr 0x5 addr 0xcfc value 0x7 size 2 name 'pci-conf-data'" || return 1

	# IPIs: the doorbell only, either way.
	audit_bad "A broadcasts an IPI" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00300 value 0xc00fb size 4 name 'apic-msi'" || return 1
	audit_bad "A sends B another vector" audit_clean_pc "${pc[@]}" <<'TRACE' || return 1
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00310 value 0x1000000 size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00300 value 0xfb size 4 name 'apic-msi'
TRACE
	audit_bad "A sends B an NMI" audit_clean_pc "${pc[@]}" <<'TRACE' || return 1
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00310 value 0x1000000 size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00300 value 0x4f7 size 4 name 'apic-msi'
TRACE
	audit_bad "A's logical IPI matches B's LDR" audit_clean_pc "${pc[@]}" <<'TRACE' || return 1
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00310 value 0x2000000 size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee00300 value 0x8fb size 4 name 'apic-msi'
TRACE
	audit_bad "B broadcasts an IPI" audit_clean_pc "${pc[@]}" <<<"memory_region_ops_write cpu 1 mr 0x1 addr 0xfee00300 value 0x800fb size 4 name 'apic-msi'" || return 1
	audit_bad "B sends A another vector" audit_clean_pc "${pc[@]}" <<'TRACE' || return 1
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee00310 value 0x0 size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee00300 value 0xfb size 4 name 'apic-msi'
TRACE
	audit_bad "B sends A an INIT" audit_clean_pc "${pc[@]}" <<'TRACE' || return 1
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee00310 value 0x0 size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x1 addr 0xfee00300 value 0x4500 size 4 name 'apic-msi'
TRACE

	# What the test exercised must be seen: a check with nothing to look
	# at fails.
	grep -v "addr 0xfee00300 value 0xf7 " "$t" > "$t.nobell"
	audit_run 1 "no doorbell A->B although expected" "$t.nobell" "${pc[@]}" --expect a2b || return 1
	audit_run 1 "no doorbell B->A although expected" "$t.nobell" "${pc[@]}" --expect b2a || return 1
	audit_run 0 "no doorbell, none expected" "$t.nobell" "${pc[@]}" || return 1
	grep -v "name 'virtio-pci\|name 'msix-" "$t" > "$t.nobars"
	audit_run 1 "no BAR write by B although expected" "$t.nobars" "${pc[@]}" --expect bars || return 1
	audit_run 1 "no ECAM use by B although expected" "$t" "${pc[@]}" --expect ecam || return 1
	grep -v "^pci_update_mappings" "$t" > "$t.nomaps"
	audit_run 2 "a trace without BAR mappings" "$t.nomaps" "${pc[@]}" || return 1
	audit_run 2 "a trace where B never starts" "$t" --cpu 0 --pci 00:04.0 || return 1
	audit_run 2 "an unknown expectation" "$t" "${pc[@]}" --expect nothing || return 1
}
