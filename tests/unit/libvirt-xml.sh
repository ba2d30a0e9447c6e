DESC="the libvirt domain XMLs (initramfs and disk variants) validate against libvirt's schema (virt-xml-validate)"
test_main() {
	local x
	for x in "$TOP"/qemu/libvirt/*.xml; do
		virt-xml-validate "$x" domain || return 1
	done
}
