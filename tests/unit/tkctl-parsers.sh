DESC="cmocka tests under ASan+UBSan: tkctl's parsers (PCI lists, CPUs, sizes, whether B's kernel sees twin_kernel on its command line), its bzImage header check, and the channel ring (wrap-around, full, empty, corrupt indices, oversized and garbage records, torn writes, two threads)"
test_main() {
	make -s -C "$TOP/tools/tkctl" test BUILD="$TOP/build/tkctl"
}
