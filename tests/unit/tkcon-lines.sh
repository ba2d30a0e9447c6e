DESC="cmocka tests under ASan+UBSan: the host's console logger gives a kernel message that cut a userspace line (a marker, a KTAP point) a line of its own and puts the cut line back together; only printk stamps count; long lines are cut, no byte lost; the telnet filter for libvirt's consoles takes out telnet commands however the stream is cut, keeps escaped 0xff bytes, and undoes its own escaping"
test_main() {
	make -s -C "$TOP/tools/tkcon" test BUILD="$TOP/build/tkcon"
}
