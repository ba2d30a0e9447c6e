# Twin Kernel: top-level targets. See README.md.
#   make demo    install deps (as root), build everything, show the demo
#   make check   build what is needed and run every test
SHELL := /bin/bash
OUT   := out

DEB_PACKAGES := build-essential flex bison bc libelf-dev libssl-dev ccache \
	cpio xz-utils patch linux-source-6.12 qemu-system-x86 busybox-static \
	kexec-tools libcmocka-dev libvirt-clients libxml2-utils clang \
	libclang-rt-14-dev
# libvirt's daemons (libvirtd, virtlogd) and its QEMU driver, without
# libvirt-daemon-system: that one brings systemd and polkit and starts a
# system daemon; the e2e test starts private daemons itself
# (qemu/libvirt/daemon, which runs them as another user with setpriv from
# util-linux).
DEB_PACKAGES += libvirt-daemon libvirt-daemon-driver-qemu
# criu in B's initramfs (it restores the services tkctl upgrade moves), the
# service the upgrade tests move and their client's peer on the host, and
# gnuplot for the upgrade benchmark's plot.
DEB_PACKAGES += criu redis-server redis-tools gnuplot-nox

.PHONY: all deps kernel tools rootfs demo shell libvirt check unit fuzz bench stress clean distclean

# The kernel first: A's initramfs carries it as B's kernel.
all: kernel tools
	$(MAKE) rootfs

# Debian packages every target needs; run as root.
deps:
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "make deps: run as root (apt-get install ...)" >&2; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	  $(DEB_PACKAGES) >/dev/null
	@echo "make deps: installed $(DEB_PACKAGES)"

# A (out/bzImage) and B (out/b/bzImage): a different config and release
# name, as in a real upgrade.
kernel:
	kernel/build.sh a
	kernel/build.sh b

tools: $(OUT)/tkctl $(OUT)/tkcon $(OUT)/redis-probe $(OUT)/trace-audit $(OUT)/retire-audit $(OUT)/tkstream \
	$(OUT)/tkxfer $(OUT)/tkioctl $(OUT)/tkmemfill

$(OUT)/tkctl: $(wildcard tools/tkctl/*.c tools/tkctl/*.h) tools/tkctl/Makefile tools/c-flags.mk
	$(MAKE) -C tools/tkctl OUT=$(CURDIR)/$(OUT)

$(OUT)/tkcon: $(wildcard tools/tkcon/*.c tools/tkcon/*.h) tools/tkcon/Makefile tools/c-flags.mk
	$(MAKE) -C tools/tkcon OUT=$(CURDIR)/$(OUT)

# The host's Redis client of the upgrade tests and benchmark.
$(OUT)/redis-probe: $(wildcard tools/redis-probe/*.c tools/redis-probe/*.h) tools/redis-probe/Makefile tools/c-flags.mk
	$(MAKE) -C tools/redis-probe OUT=$(CURDIR)/$(OUT)

# Test helper: checks QEMU traces for writes by B to hardware it does not own.
TRACE_AUDIT_SRC := tests/tools/trace-audit.c tests/tools/trace-line.c \
	tests/tools/trace-bars.c tests/tools/trace-ipi.c tests/tools/trace-pci.c
$(OUT)/trace-audit: $(TRACE_AUDIT_SRC) tests/tools/trace-audit.h
	@mkdir -p $(OUT)
	$(CC) -std=c11 -O2 -g -Wall -Wextra -Werror -o $@ $(TRACE_AUDIT_SRC)

# Test helper: after A retired, nobody writes the platform A drove.
$(OUT)/retire-audit: tests/tools/retire-audit.c tests/tools/trace-line.c tests/tools/trace-audit.h
	@mkdir -p $(OUT)
	$(CC) -std=c11 -O2 -g -Wall -Wextra -Werror -o $@ tests/tools/retire-audit.c tests/tools/trace-line.c

# Guest-side test and benchmark helpers (static: the initramfs has no libc).
$(OUT)/tkstream: tests/tools/tkstream.c
	@mkdir -p $(OUT)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -static -o $@ $<

$(OUT)/tkxfer: tests/tools/tkxfer.c
	@mkdir -p $(OUT)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -static -o $@ $<

$(OUT)/tkmemfill: tests/tools/tkmemfill.c
	@mkdir -p $(OUT)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -static -o $@ $<

# Raw ioctls on /dev/twinctl: the kernel's own checks, without tkctl's.
$(OUT)/tkioctl: tests/tools/tkioctl.c kernel/overlay/include/uapi/linux/twin.h
	@mkdir -p $(OUT)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -static \
		-Ikernel/overlay/include/uapi -o $@ $<

rootfs: $(OUT)/initramfs.cpio.gz $(OUT)/initramfs-a.cpio.gz $(OUT)/initramfs-upgrade.cpio.gz

$(OUT)/initramfs.cpio.gz: $(OUT)/tkctl $(OUT)/tkstream $(OUT)/tkxfer $(OUT)/tkioctl $(OUT)/tkmemfill rootfs/build.sh rootfs/init rootfs/lib.sh \
		rootfs/tk-gettys \
		rootfs/udhcpc.script $(wildcard rootfs/scenarios/*.sh)
	rootfs/build.sh $@

# The same with Debian's criu: B's initramfs for tkctl upgrade (the disk
# image's /boot/initramfs-b.cpio.gz).
$(OUT)/initramfs-upgrade.cpio.gz: $(OUT)/initramfs.cpio.gz
	rootfs/build.sh --criu $@

# A's image also carries B's kernel and initramfs in /boot.
B_KERNEL := $(OUT)/b/bzImage
$(OUT)/initramfs-a.cpio.gz: $(OUT)/initramfs.cpio.gz $(B_KERNEL) rootfs/with-twin.sh
	rootfs/with-twin.sh $@ $(OUT)/initramfs.cpio.gz $(B_KERNEL)

# The demo: as root, install what is missing first.
demo:
	@if [ "$$(id -u)" = 0 ]; then $(MAKE) deps; fi
	$(MAKE) all
	qemu/run --append "twinkernel=256M pci_dev_flags=1af4:1000:b tk.test=demo tk.shell=0"

# Interactive: A's shell on ttyS0, both consoles shown.
shell: all
	qemu/run --append "twinkernel=256M pci_dev_flags=1af4:1000:b"

# The libvirt way (qemu/libvirt/): copy kernel A, A's initramfs and (when
# built) the Debian image to LIBVIRT_DIR, the folder the domain XMLs name,
# and define the domains twin-kernel and twin-kernel-disk. LIBVIRT_URI:
# the libvirt connection (default: virsh's).
LIBVIRT_DIR ?= /var/lib/twin-kernel
LIBVIRT_URI ?=
libvirt: all
	qemu/libvirt/install --dir $(LIBVIRT_DIR) $(if $(LIBVIRT_URI),--uri '$(LIBVIRT_URI)')

unit: $(OUT)/tkctl
	$(MAKE) -C tools/tkctl test
	$(MAKE) -C tools/tkcon test
	$(MAKE) -C tools/redis-probe test

# libFuzzer on the ring reader and the console reader, a fixed number of
# executions each.
FUZZ_RUNS ?= 2000000
fuzz:
	$(MAKE) -C tests/fuzz run RUNS=$(FUZZ_RUNS)

check: all
	tests/run

# Figures, not pass/fail: B's boot time beside A against a cold boot, and
# A's heartbeat gaps with and without B.
bench: all
	bench/run

# Lifecycle stress: 20 random ends of B, figures and a verdict.
stress: all
	tests/stress/run

# Kernel A's Debian 12 disk image, as root (image/README.md). The debootstrap
# tree is cached in build/image/; the image is re-assembled (seconds) when
# the kernels, tkctl, B's initramfs or the guest files change.
# "make check" builds it too: the disk tests boot it.
DEB_PACKAGES += debootstrap e2fsprogs mount util-linux
IMAGE      := $(OUT)/debian-12.img
IMAGE_SIZE ?= 2G
.PHONY: image
image: all
	$(MAKE) $(IMAGE)
check: image

$(IMAGE): $(OUT)/bzImage $(B_KERNEL) $(OUT)/initramfs-upgrade.cpio.gz $(OUT)/tkctl \
		$(wildcard image/*.sh image/packages image/scenarios/*.sh) \
		$(shell find image/guest -type f) rootfs/lib.sh rootfs/udhcpc.script \
		$(wildcard rootfs/scenarios/*.sh)
	image/build.sh $@ $(IMAGE_SIZE)

clean:
	rm -rf $(OUT) build/tkctl build/run build/tests

# Also drops the extracted kernel source and kernel build folders.
distclean: clean
	rm -rf build
