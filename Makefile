# SPDX-License-Identifier: GPL-2.0
#
# rust-syscalls: Linux system calls written in Rust.
#
#   make            set up, build a kernel with the project against KDIR, boot
#                   it with virtme-ng and show the Rust syscalls answering
#   make check      everything above plus every test: kselftests in the three
#                   x86 ABIs, KUnit, host tests, the CONFIG-off kernel
#
# Variables: KDIR=<linux tree> (default: Debian's linux-source-6.12),
# O=<cache/build dir> (default: ~/.cache/rust-syscalls), V=1 (verbose).

RSC := $(CURDIR)/mk/rsc.sh
export KDIR O V MATRIX

.PHONY: all demo check bench series setup apply build build-off selftests matrix module-check help

all: demo

demo check bench series setup apply selftests matrix module-check:
	@$(RSC) $@

build:
	@$(RSC) build on

build-off:
	@$(RSC) build off

help:
	@sed -n '3,12p' Makefile
