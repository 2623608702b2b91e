# shellcheck shell=bash
# The UML (x86_64) test kernel: the entry points of an architecture without
# a syscall wrapper, sys_NAME(long, ...). It runs as a process of the host
# (BOOT=uml), no QEMU: its console (tty0) to stderr, the console log, the
# tests' output (tty1) to stdout, the log.
BOOT=uml
MIN_LLVM=
# UML's asm-generic/io.h computes port addresses from a null PCI_IOBASE,
# which clang reports (-Wnull-pointer-arithmetic) in every file that
# includes it, the kernel's own Rust helpers first: with warnings as errors
# the kernel does not build without this, with or without the project.
KMAKE_VARS=(KCFLAGS=-Wno-null-pointer-arithmetic)
CONFIGS=(guest)
QEMU_BIN=
QEMU_MACHINE=()
QEMU_KVM=0
KIMAGE=linux
KCONSOLE=tty0
GUEST_OUT=tty1
QEMU_PORTS=()
# UML runs x86_64 binaries and has no uapi headers of its own (its syscall
# table is x86_64's): the selftests are built with the host's gcc against
# x86_64's headers, in the 64-bit ABI only (no ia32 or x32 emulation).
SELFTEST_CC="gcc -m64"
SELFTEST_ABIS=(64)
# Static selftests only: no shared libraries to carry.
SELFTEST_LIBDIRS=()
HEADERS_ARCH=x86_64
# The host's busybox (Debian's busybox-static).
BUSYBOX_ARCH=
# The entry points the kernel's table names; no compat ABI.
SYS_PREFIX=sys_
COMPAT_PREFIX=
