DESC="cmocka tests under ASan+UBSan: tkctl's parsers (PCI lists, CPUs, sizes, whether B's kernel sees twin_kernel on its command line), its bzImage header check, \"tkctl status\" from a snapshot (the same keys and values in text and JSON, every key, escaping), the message of a refused command (the kernel's reason, else tkctl's reading of the errno), the channel ring (wrap-around, full, empty, corrupt indices, oversized and garbage records, torn writes, two threads), and the upgrade's channel messages and facts from A (round trips; hostile names, offsets, sizes, modes, paths and values refused)"
test_main() {
	make -s -C "$TOP/tools/tkctl" test BUILD="$TOP/build/tkctl"
}
