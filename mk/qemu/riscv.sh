# shellcheck shell=bash
# The riscv (64-bit) test kernel: built, and its entry points checked, not
# booted (make cross builds it only).
BOOT=
MIN_LLVM=
KMAKE_VARS=()
CONFIGS=(guest qemu trace)
QEMU_BIN=
QEMU_MACHINE=()
QEMU_KVM=0
KIMAGE=arch/riscv/boot/Image
KCONSOLE=
GUEST_OUT=
QEMU_PORTS=()
SELFTEST_CC=
SELFTEST_ABIS=()
# Static selftests only: no shared libraries to carry.
SELFTEST_LIBDIRS=()
HEADERS_ARCH=
BUSYBOX_ARCH=
# The entry points the kernel's tables name.
SYS_PREFIX=__riscv_sys_
COMPAT_PREFIX=__riscv_compat_sys_
