DESC="kernel A boots under QEMU to its init, which runs the boot scenario"
test_main() {
	vm_start vm --append "tk.test=boot" || return 1
	vm_wait A "TK-INIT role=A kernel=[^ ]+-tk-a " || return 1
	vm_ktap A boot
}
