DESC="in A, CPU 1 goes offline and online again and runs a pinned task"
test_main() {
	vm_start vm --append "tk.test=cpu-hotplug" || return 1
	vm_ktap A cpu-hotplug
}
