DESC="fuzz the channel ring's reader (libFuzzer, ASan+UBSan): 300,000 executions of a hostile peer's indices and records, no crash"
test_main() {
	make -s -C "$TOP/tests/fuzz" run RUNS=300000 BUILD="$T_DIR/fuzz" 2>&1 | tail -n 5
	[ "${PIPESTATUS[0]}" -eq 0 ]
}
