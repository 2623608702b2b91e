# shellcheck shell=bash
# How the initramfs guests of x86_64 boot (mk/rsc.sh boot_initramfs), as
# data: one file per architecture, sourced.
# How its kernel runs: qemu (QEMU_BIN), uml (a program of the host) or
# empty (built, not booted).
BOOT=qemu
# The oldest LLVM (LLVM_VER of the tree) that builds Rust for it: any.
MIN_LLVM=
# Variables of its kernel build (make VAR=...), besides ARCH and LLVM.
KMAKE_VARS=()
# The configuration fragments (mk/config/NAME.config) of its test kernels,
# over tinyconfig and before their own (on.config, cross-ARCH.config).
CONFIGS=(guest qemu trace base)
QEMU_BIN=qemu-system-x86_64
QEMU_MACHINE=()
# KVM when the host has it (x86_64 guests on an x86_64 host only).
QEMU_KVM=1
KIMAGE=arch/x86/boot/bzImage
# The kernel console on the first serial port (to stderr, boot.py's
# console log), the tests' output on the second (stdout, the log).
KCONSOLE=ttyS0
GUEST_OUT=ttyS1
QEMU_PORTS=(-serial file:/proc/self/fd/2 -serial stdio)
# The selftests: built by do_selftests with the host's gcc, one directory
# per ABI (m64, m32, mx32).
SELFTEST_CC=
SELFTEST_ABIS=(64 32 x32)
# Where the shared libraries of each ABI's dynamic selftests are (the
# tree's openat2 selftests link ASan's and UBSan's runtimes): ABI:DIR:DIR.
SELFTEST_LIBDIRS=(64:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu 32:/lib32:/usr/lib32
	x32:/libx32:/usr/libx32)
# The uapi headers the selftests are built against: the kernel's own
# (empty), or those of the architecture named.
HEADERS_ARCH=
# The guest's busybox: the host's (Debian's busybox-static).
BUSYBOX_ARCH=
# The entry points the kernel's tables name.
SYS_PREFIX=__x64_sys_
COMPAT_PREFIX=__x64_compat_sys_
