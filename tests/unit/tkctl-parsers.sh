DESC="tkctl's parsers (PCI lists, CPUs, sizes) pass their cmocka tests under ASan+UBSan"
test_main() {
	make -s -C "$TOP/tools/tkctl" test BUILD="$TOP/build/tkctl"
}
