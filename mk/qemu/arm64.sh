# shellcheck shell=bash
# How the arm64 test kernel boots (mk/rsc.sh boot_initramfs), as data.
BOOT=qemu
MIN_LLVM=
KMAKE_VARS=()
CONFIGS=(guest qemu trace)
QEMU_BIN=qemu-system-aarch64
# virt with every CPU feature TCG emulates (pointer authentication and BTI
# check the Rust entry points' landing pads); the faster implementation-
# defined PAC algorithm.
QEMU_MACHINE=(-machine virt -cpu max,pauth-impdef=on)
QEMU_KVM=0
KIMAGE=arch/arm64/boot/Image
# virt has one UART: the kernel console on it (stderr, the console log),
# the tests' output on a virtio console (stdout, the log).
KCONSOLE=ttyAMA0
GUEST_OUT=hvc0
QEMU_PORTS=(-serial file:/proc/self/fd/2 -chardev stdio,id=rsc
	-device virtio-serial-device -device virtconsole,chardev=rsc)
# Static AArch64 selftests: clang and lld with Debian's cross libc and
# libgcc; the native ABI only (the test syscalls are not in the AArch32
# table).
SELFTEST_CC="clang --target=aarch64-linux-gnu -fuse-ld=lld"
SELFTEST_ABIS=(64)
# Static selftests only: no shared libraries to carry.
SELFTEST_LIBDIRS=()
HEADERS_ARCH=
# Debian's arm64 busybox-static, fetched by mk/setup.sh.
BUSYBOX_ARCH=arm64
# The entry points the kernel's tables name.
SYS_PREFIX=__arm64_sys_
COMPAT_PREFIX=__arm64_compat_sys_
