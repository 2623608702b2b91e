# SPDX-License-Identifier: GPL-2.0
#
# rust-syscalls: Linux system calls written in Rust.
#
#   make            set up, build a kernel with the project against KDIR, boot
#                   it with virtme-ng and show the Rust syscalls answering
#   make check      everything above plus every test: kselftests in the three
#                   x86 ABIs, KUnit, host tests, the CONFIG-off kernel
#
# Variables: TREE=6.12 (default, LTS) or TREE=7.2 (mainline), installed by
# the project; KDIR=<linux tree> for any other tree,
# O=<cache/build dir> (default: ~/.cache/rust-syscalls), V=1 (verbose).

RSC := $(CURDIR)/mk/rsc.sh
export KDIR TREE O V MATRIX

.PHONY: all demo check bench series setup apply build build-off selftests matrix cross module-check shell tutorial help

all: demo

demo check bench series setup apply selftests matrix cross module-check shell tutorial:
	@$(RSC) $@

build:
	@$(RSC) build on

build-off:
	@$(RSC) build off

help:
	@sed -n '3,12p' Makefile
