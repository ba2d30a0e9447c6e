DESC="fuzz (libFuzzer, ASan+UBSan), 300,000 executions each: the channel ring's reader against a hostile peer's indices and records, the host's console reader against any bytes in any chunks (no byte lost), the redis probe's reply parser, and B's reader of the upgrade's messages and facts from A (file pieces kept inside their folder, facts that format and parse back the same); no crash"
test_main() {
	make -s -C "$TOP/tests/fuzz" run RUNS=300000 BUILD="$T_DIR/fuzz" 2>&1 | tail -n 8
	[ "${PIPESTATUS[0]}" -eq 0 ]
}
