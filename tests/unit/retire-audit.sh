DESC="retire-audit, on crafted traces: a clean retire passes (every IOAPIC pin written is masked, the last IOAPIC write is the retiring CPU's, both 8259 masks 0xff, nothing written to the platform afterwards); each planted defect fails: an unmasked pin, an 8259 mask left open, an IOAPIC write after the retire point (by any CPU), a PIT, HPET, RTC or ELCR write after it, another CPU masking the IOAPIC last; a trace with no retire point is refused (exit 2); with --ioapic-taken PINS, the new kernel programming the IOAPIC after the point passes when it unmasked every listed pin, fails when one was never unmasked and still fails on an 8259 write after the point; a malformed pin list is refused (exit 2); the retire point is A's LAPIC soft-disable after its 8259 masks even when the new kernel programs the IOAPIC before it wakes that CPU (whose bring-up soft-disables it again)"

# A retires on CPU 0: it masks IOAPIC pins 0-1 and the 8259, soft-disables
# its LAPIC, and the kernel that takes over enables it on the same CPU.
retire_before() {
	cat <<'TRACE'
memory_region_ops_write cpu 1 mr 0x6 addr 0xfec00000 value 0x10 size 4 name 'ioapic'
memory_region_ops_write cpu 1 mr 0x6 addr 0xfec00010 value 0x31 size 4 name 'ioapic'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee000f0 value 0x1ff size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x6 addr 0xfec00000 value 0x10 size 4 name 'ioapic'
memory_region_ops_write cpu 0 mr 0x6 addr 0xfec00010 value 0x10031 size 4 name 'ioapic'
memory_region_ops_write cpu 0 mr 0x6 addr 0xfec00000 value 0x11 size 4 name 'ioapic'
memory_region_ops_write cpu 0 mr 0x6 addr 0xfec00010 value 0x0 size 4 name 'ioapic'
memory_region_ops_write cpu 0 mr 0x6 addr 0xfec00000 value 0x12 size 4 name 'ioapic'
memory_region_ops_write cpu 0 mr 0x6 addr 0xfec00010 value 0x10032 size 4 name 'ioapic'
memory_region_ops_write cpu 0 mr 0x7 addr 0x21 value 0xff size 1 name 'pic'
memory_region_ops_write cpu 0 mr 0x7 addr 0xa1 value 0xff size 1 name 'pic'
TRACE
}
retire_point() {
	cat <<'TRACE'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee000f0 value 0xff size 4 name 'apic-msi'
memory_region_ops_write cpu 3 mr 0x1 addr 0xfee00300 value 0xf7 size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee000f0 value 0x1ff size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0xa addr 0xc050 value 0x0 size 2 name 'virtio-pci'
memory_region_ops_write cpu 2 mr 0xb addr 0x604 value 0x2000 size 2 name 'acpi-cnt'
TRACE
}

retire_run() {	# EXPECTED_EXIT WHAT TRACE [OPTIONS...]
	local rc
	"$TOP/out/retire-audit" --cpu 0 "${@:4}" "$3" > "$T_DIR/audit.out" 2>&1
	rc=$?
	if [ "$rc" != "$1" ]; then
		echo "$2: retire-audit exited $rc, expected $1:"; cat "$T_DIR/audit.out"
		return 1
	fi
	if [ "$1" = 1 ] && ! grep -q VIOLATION "$T_DIR/audit.out"; then
		echo "$2: exit 1 but no VIOLATION line:"; cat "$T_DIR/audit.out"; return 1
	fi
	echo "ok: $2 (exit $rc)"
}

# retire_bad WHAT BEFORE_EXTRA AFTER_EXTRA: the clean trace with lines
# added before the retire point and after it; must fail.
retire_bad() {
	{ retire_before; printf '%s' "$2"; retire_point; printf '%s' "$3"; } > "$T_DIR/bad.log"
	retire_run 1 "$1" "$T_DIR/bad.log"
}

test_main() {
	{ retire_before; retire_point; } > "$T_DIR/clean.log"
	retire_run 0 "a clean retire" "$T_DIR/clean.log" || return 1
	grep -q "2 IOAPIC pins written, all masked: yes; 8259 masks 0xff: yes" "$T_DIR/audit.out" ||
		{ echo "wrong summary:"; cat "$T_DIR/audit.out"; return 1; }
	retire_bad "an IOAPIC pin left unmasked" "memory_region_ops_write cpu 0 mr 0x6 addr 0xfec00000 value 0x14 size 4 name 'ioapic'
memory_region_ops_write cpu 0 mr 0x6 addr 0xfec00010 value 0x33 size 4 name 'ioapic'
" "" || return 1
	retire_bad "the slave 8259 left open" "memory_region_ops_write cpu 0 mr 0x7 addr 0xa1 value 0xfb size 1 name 'pic'
" "" || return 1
	retire_bad "another CPU wrote the IOAPIC last" "memory_region_ops_write cpu 2 mr 0x6 addr 0xfec00000 value 0x1 size 4 name 'ioapic'
" "" || return 1
	retire_bad "an IOAPIC write after the retire point" "" "memory_region_ops_write cpu 1 mr 0x6 addr 0xfec00000 value 0x10 size 4 name 'ioapic'
" || return 1
	retire_bad "a PIT write after the retire point" "" "memory_region_ops_write cpu 0 mr 0x8 addr 0x43 value 0x30 size 1 name 'pit'
" || return 1
	retire_bad "an HPET write after the retire point" "" "memory_region_ops_write cpu 2 mr 0x9 addr 0xfed00010 value 0x0 size 4 name 'hpet'
" || return 1
	retire_bad "an RTC write after the retire point" "" "memory_region_ops_write cpu 3 mr 0xc addr 0x70 value 0x8c size 1 name 'rtc-index'
" || return 1
	retire_bad "an ELCR write after the retire point" "" "memory_region_ops_write cpu 3 mr 0xd addr 0x4d0 value 0x0 size 1 name 'elcr'
" || return 1
	retire_before > "$T_DIR/nopoint.log"
	retire_run 2 "no retire point" "$T_DIR/nopoint.log" || return 1
	# The new kernel takes the IOAPIC: it masks pin 1, then unmasks it.
	{ retire_before; retire_point; cat <<'TRACE'
memory_region_ops_write cpu 1 mr 0x6 addr 0xfec00000 value 0x12 size 4 name 'ioapic'
memory_region_ops_write cpu 1 mr 0x6 addr 0xfec00010 value 0x10041 size 4 name 'ioapic'
memory_region_ops_write cpu 1 mr 0x6 addr 0xfec00010 value 0x41 size 4 name 'ioapic'
TRACE
	} > "$T_DIR/taken.log"
	retire_run 0 "the IOAPIC taken, pin 1 unmasked" "$T_DIR/taken.log" --ioapic-taken 1 || return 1
	grep -q "pins unmasked by the kernel that took over: 1 (vector 0x41)$" "$T_DIR/audit.out" ||
		{ echo "wrong summary:"; cat "$T_DIR/audit.out"; return 1; }
	retire_run 1 "pin 2 never unmasked" "$T_DIR/taken.log" --ioapic-taken 1,2 || return 1
	retire_run 1 "the IOAPIC taken but not listed" "$T_DIR/taken.log" || return 1
	echo "memory_region_ops_write cpu 1 mr 0x7 addr 0x21 value 0x0 size 1 name 'pic'" >> "$T_DIR/taken.log"
	retire_run 1 "the IOAPIC taken, an 8259 write after" "$T_DIR/taken.log" --ioapic-taken 1 || return 1
	retire_run 2 "a malformed pin list" "$T_DIR/taken.log" --ioapic-taken 1,x || return 1
	# The new kernel programs the IOAPIC as soon as A's CPU is parked,
	# before it wakes that CPU, whose bring-up soft-disables and enables
	# its LAPIC again: the retire point is still A's soft-disable.
	{ retire_before; cat <<'TRACE'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee000f0 value 0xff size 4 name 'apic-msi'
memory_region_ops_write cpu 1 mr 0x6 addr 0xfec00000 value 0x12 size 4 name 'ioapic'
memory_region_ops_write cpu 1 mr 0x6 addr 0xfec00010 value 0x10041 size 4 name 'ioapic'
memory_region_ops_write cpu 1 mr 0x6 addr 0xfec00010 value 0x41 size 4 name 'ioapic'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee000f0 value 0xff size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0x1 addr 0xfee000f0 value 0x1ff size 4 name 'apic-msi'
memory_region_ops_write cpu 0 mr 0xa addr 0xc050 value 0x0 size 2 name 'virtio-pci'
TRACE
	} > "$T_DIR/early.log"
	retire_run 0 "the IOAPIC taken before the retired CPU is woken" "$T_DIR/early.log" --ioapic-taken 1 || return 1
	grep -q "pins unmasked by the kernel that took over: 1 (vector 0x41)$" "$T_DIR/audit.out" ||
		{ echo "wrong summary:"; cat "$T_DIR/audit.out"; return 1; }
}
