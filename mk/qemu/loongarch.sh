# shellcheck shell=bash
# The loongarch (64-bit) test kernel: the entry points of an architecture
# without a syscall wrapper, sys_NAME(long, ...), with syscall trace events
# and error injection. Built, and its entry points checked, not booted
# (make cross builds it only), with LLVM 18 or later (Rust on loongarch):
# on the 7.2 tree.
BOOT=
MIN_LLVM=18
KMAKE_VARS=()
CONFIGS=(guest qemu trace)
QEMU_BIN=
QEMU_MACHINE=()
QEMU_KVM=0
KIMAGE=vmlinux
KCONSOLE=
GUEST_OUT=
QEMU_PORTS=()
SELFTEST_CC=
SELFTEST_ABIS=()
# Static selftests only: no shared libraries to carry.
SELFTEST_LIBDIRS=()
HEADERS_ARCH=
BUSYBOX_ARCH=
# The entry points the kernel's table names; no compat ABI.
SYS_PREFIX=sys_
COMPAT_PREFIX=
