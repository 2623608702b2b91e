#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The driver behind `make`, `make check` and friends: set up, lay the project
# onto a Linux tree, build it, boot it with virtme-ng and run tests inside.
#
# Environment (the Makefile passes these through):
#   TREE   6.12 (default; Debian's linux-source-6.12) or 7.2 (Debian sid's
#          linux-source-7.2, fetched by mk/fetch_source.sh), unpacked once
#          into the cache; `make series` defaults to 7.2
#   KDIR   any other Linux tree to build against
#   O      cache and build directory (default: ~/.cache/rust-syscalls)
#   V=1    show every command and the full build output
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${O:-${RSC_CACHE:-$HOME/.cache/rust-syscalls}}
V=${V:-0}
JOBS=${JOBS:-$(nproc)}
OUT=$REPO/out
# The trees the project installs itself: 6.12 LTS (Debian 12's
# linux-source-6.12) and mainline 7.2 (Debian sid's linux-source-7.2,
# fetched by mk/fetch_source.sh). TREE picks one; KDIR any other tree.
TREES=(6.12 7.2)
TREE_GIVEN=${TREE:-}
TREE=${TREE:-6.12}
START=$(date +%s)

[ "$V" = 1 ] && set -x

log() { printf '[%4ss] %s\n' "$(($(date +%s) - START))" "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$CACHE" "$OUT"

# --------------------------------------------------------------------- tree

tree_id() { printf '%s' "$(realpath "$1")" | sha1sum | cut -c1-8; }

resolve_tree() {
	if [ -n "${KDIR:-}" ]; then
		[ -d "$KDIR" ] || die "KDIR=$KDIR: no such directory"
		[ -f "$KDIR/Makefile" ] && [ -f "$KDIR/Kbuild" ] && [ -d "$KDIR/arch/x86" ] ||
			die "KDIR=$KDIR is not a Linux source tree (no Makefile/Kbuild/arch/x86)"
		[ -f "$KDIR/rust/kernel/lib.rs" ] ||
			die "KDIR=$KDIR has no Rust support (no rust/kernel/lib.rs): use Linux 6.12 or 7.2 and later"
		SRC=$(realpath "$KDIR")
		local id
		id=$(tree_id "$SRC")
		WORK=$CACHE/work-$id
		BUILD=$CACHE/build-$id
		TREE_NAME=$id
		TAG=$id-
	else
		case " ${TREES[*]} " in *" $TREE "*) ;; *) die "TREE=$TREE: the project installs ${TREES[*]} (or give KDIR=<tree>)" ;; esac
		SRC=$CACHE/linux-source-$TREE
		"$REPO/mk/fetch_source.sh" "$TREE" "$SRC" || die "could not get linux-source-$TREE"
		# 6.12 keeps the directories it always had.
		if [ "$TREE" = 6.12 ]; then
			WORK=$CACHE/work
			BUILD=$CACHE/build
			TAG=
		else
			WORK=$CACHE/work-$TREE
			BUILD=$CACHE/build-$TREE
			TAG=$TREE-
		fi
		TREE_NAME=$TREE
	fi
	KVER=$(make -s -C "$SRC" kernelversion 2>/dev/null || echo unknown)
	# Results of trees but 6.12 are named after the tree: 7.2/on/...
	PREFIX=${TAG:+${TAG%-}/}
	# The series for the newest tree is the one to send: out/series.
	SERIES_OUT=$OUT/series
	[ "$TREE_NAME" = "${TREES[-1]}" ] || SERIES_OUT=$OUT/series-$TREE_NAME
	pick_llvm
}

# pick_llvm: the LLVM that builds the tree: the oldest one installed that
# its scripts/min-tool-version.sh accepts (LLVM=-N, clang-N). bindgen loads
# the newest libclang it finds, which may not take the flags of this clang:
# LIBCLANG_PATH pins the one that goes with it.
pick_llvm() {
	local min d v
	min=$(SRCARCH=x86 sh "$SRC/scripts/min-tool-version.sh" llvm) || die "$SRC/scripts/min-tool-version.sh llvm failed"
	LLVM_VER=
	for d in $(ls -d /usr/lib/llvm-[0-9]* 2>/dev/null | sort -t- -k2 -n); do
		v=${d##*-}
		[ -x "/usr/bin/clang-$v" ] && [ -x "/usr/bin/ld.lld-$v" ] && [ -x "/usr/bin/llvm-ar-$v" ] || continue
		if printf '%s\n%s\n' "$min" "$(clang-"$v" -dumpversion)" | sort -V -C; then
			LLVM_VER=$v
			break
		fi
	done
	[ -n "$LLVM_VER" ] || die "$SRC needs LLVM >= $min (scripts/min-tool-version.sh): none installed ('make setup TREE=$TREE')"
	export LIBCLANG_PATH=/usr/lib/llvm-$LLVM_VER/lib
}

kmake() {
	local variant=$1
	shift
	kmake_dir "$BUILD/$variant" "$@"
}

# kmake_dir BUILD_DIR TARGETS...: make in a build directory.
kmake_dir() {
	local dir=$1
	shift
	local cc=clang-$LLVM_VER
	# Not ccache's depend mode: it never sees the preprocessed source, so
	# it caches arch/x86/boot/compressed/piggy.S, whose `.incbin` of the
	# compressed vmlinux it cannot hash, and hands back an older kernel
	# whenever the compressed size repeats (do_build checks for it).
	command -v ccache >/dev/null && cc="ccache $cc" && unset CCACHE_DEPEND && export CCACHE_NODEPEND=1
	# Paths in the work tree become relative to the build directory
	# (../../work/...), so that another work tree of the same sources at the
	# same depth (the tutorial's scratch copy) hits the cache too; compiler
	# messages name them so, which repo_paths maps as well.
	CCACHE_BASEDIR=$(realpath "${KSRC:-$WORK}")
	export CCACHE_BASEDIR
	# CLIPPY=1: every Rust object is compiled by clippy-driver, which emits
	# the same code as rustc plus the lints.
	# GNU objcopy on x86 (x32 needs it); a cross build (KARCH) keeps LLVM's.
	local objcopy=OBJCOPY=objcopy
	[ -z "${KARCH:-}" ] || objcopy=
	make -C "${KSRC:-$WORK}" O="$dir" ${KARCH:+ARCH=$KARCH} LLVM=-"$LLVM_VER" \
		${objcopy:+"$objcopy"} CC="$cc" CLIPPY=1 \
		-j"$JOBS" -k "$@"
}

# repo_paths: a filter that names the project's files in compiler messages
# by their paths in the repository (the file one edits), not by those of
# their copies in the work tree or a module directory.
repo_paths() {
	python3 "$REPO/mk/apply.py" --src "$SRC" --work "$WORK" --map-paths \
		"$BUILD/modules/on" "$BUILD/modules/debug"
}

do_apply() {
	local args=(--src "$SRC" --work "$WORK" --test)
	[ "$V" = 1 ] && args+=(-v)
	python3 "$REPO/mk/apply.py" "${args[@]}"
}

# arch_configs: the fragments every test kernel of KARCH (default x86_64)
# starts from (CONFIGS of mk/qemu/ARCH.sh).
arch_configs() {
	(arch_data && echo "${CONFIGS[*]}")
}

# The fragments of a configuration, applied in order over tinyconfig.
fragments() {
	local f
	case $1 in
	# The debug kernel is the test kernel plus the sanitizers.
	debug) f=$(arch_configs) && f="$f on debug" || return 1 ;;
	# Build-matrix configurations: tinyconfig + Rust, not the guest's base,
	# with every syscall of the project (on.config) where the matrix
	# configuration allows it.
	matrix-*) f="on $1" ;;
	# The series alone, over tinyconfig alone (mk/config/series.config),
	# and the same with readfile off.
	series) f="series" ;;
	off) f="series off" ;;
	# Test kernels, of x86_64 or of another architecture (KARCH): the
	# fragments its data names, then their own (and every sample, below).
	*) f=$(arch_configs) && f="$f $1" || return 1 ;;
	esac
	for f in $f; do
		[ -f "$REPO/mk/config/$f.config" ] || die "no configuration $f (mk/config/$f.config)"
		echo "$REPO/mk/config/$f.config"
		# Every sample of syscalls.tbl, as mk/apply.py lists them.
		if [ "$f" = on ] || [ "${f#cross-}" != "$f" ]; then
			[ -f "$WORK/rust_syscalls/samples.config" ] || die "$WORK/rust_syscalls/samples.config: missing (make apply)"
			echo "$WORK/rust_syscalls/samples.config"
		fi
	done
	# RSC_CONFIG: the developer's own fragment(s), last, for the test kernel.
	if [ "$1" = on ] && [ -n "${RSC_CONFIG:-}" ]; then
		for f in $RSC_CONFIG; do
			[ -f "$f" ] || die "RSC_CONFIG=$RSC_CONFIG: no file $f"
			realpath "$f"
		done
	fi
}

# Configure a build directory (BUILD_DIR, default $BUILD/VARIANT) for
# VARIANT: tinyconfig + its fragments. Done again only when a fragment
# changes, so builds stay incremental.
do_config() {
	local variant=$1 b=${2:-$BUILD/$1}
	local frags out
	# (not `< <(fragments)`: an error there would not stop the build)
	out=$(fragments "$variant") || exit 1
	mapfile -t frags <<<"$out"
	local sum
	sum=$(cat "${frags[@]}" | sha1sum | cut -c1-16)
	mkdir -p "$b"
	if [ -f "$b/.config" ] && [ "$(cat "$b/.rsc-config" 2>/dev/null)" = "$sum" ]; then
		return
	fi
	log "configuring $variant ($b)"
	kmake_dir "$b" tinyconfig >"$b/config.log" 2>&1 || die "make tinyconfig failed: see $b/config.log"
	(cd "${KSRC:-$WORK}" && KCONFIG_CONFIG=$b/.config scripts/kconfig/merge_config.sh -m -O "$b" \
		"$b/.config" "${frags[@]}") >>"$b/config.log" 2>&1 ||
		die "merge_config failed: see $b/config.log"
	kmake_dir "$b" olddefconfig >>"$b/config.log" 2>&1 || die "olddefconfig failed: see $b/config.log"
	# Every option the fragments ask for must have survived (x32 silently
	# disappears with an LLVM objcopy, Rust with MODVERSIONS, ...).
	local bad=0 line
	while read -r line; do
		case "$line" in
		CONFIG_*=n)
			if grep -q "^${line%=n}=" "$b/.config"; then
				echo "  wanted $line, got $(grep "^${line%=n}=" "$b/.config")"
				bad=1
			fi
			;;
		CONFIG_*=*) grep -qx "$line" "$b/.config" || { echo "  wanted $line, got: $(grep "^${line%%=*}[= ]" "$b/.config" || echo unset)"; bad=1; } ;;
		esac
	done < <(cat "${frags[@]}" | grep -E '^CONFIG_' | tac | awk -F= '!seen[$1]++')
	[ $bad = 0 ] || die "config $variant lost options (see above): selected by another option, or a missing dependency (for CONFIG_RUST: 'make -C $WORK LLVM=-$LLVM_VER rustavailable')"
	echo "$sum" >"$b/.rsc-config"
}

# seed_build VARIANT FROM: start the build directory of VARIANT as a copy of
# that of FROM (same tree, a configuration that differs in a few options),
# so that its first build only rebuilds what those options change.
seed_build() {
	local to=$BUILD/$1 from=$BUILD/$2
	[ -f "$to/.config" ] && return
	[ -f "$from/vmlinux" ] || return
	log "seeding $to from $from"
	rm -rf "$to"
	cp -a "$from" "$to"
	rm -f "$to/.rsc-config"
}

# check_payload BUILD_DIR: the bzImage must carry the vmlinux just linked.
# A piggy.o served from a cache holds the compressed image of another
# build, and the guest would run that kernel instead.
check_payload() {
	local c=$1/arch/x86/boot/compressed img
	[ -f "$c/piggy.o" ] || return 0
	img=$(sed -n 's/^\.incbin "\(.*\)"$/\1/p' "$c/piggy.S")
	[ -n "$img" ] || die "$c/piggy.S: no .incbin line"
	objcopy -O binary --only-section=.rodata..compressed "$c/piggy.o" "$c/.rsc-payload" ||
		die "objcopy of $c/piggy.o failed"
	if ! cmp -s "$c/.rsc-payload" "$1/$img"; then
		# Removed, so that the next build makes them again.
		rm -f "$c/.rsc-payload" "$c/piggy.o" "$1/arch/x86/boot/bzImage"
		die "$1/arch/x86/boot/bzImage did not hold the vmlinux just built (a stale $c/piggy.o, from a cache?): both removed, build again"
	fi
	rm -f "$c/.rsc-payload"
}

# Build bzImage, printing progress lines instead of silence.
do_build() {
	local variant=$1 b=$BUILD/$1
	local t0 rc
	t0=$(date +%s)
	# `modules` also writes Module.symvers, which out-of-tree modules link against.
	local targets=bzImage
	grep -qx CONFIG_MODULES=y "$b/.config" && targets="bzImage modules"
	log "building $variant kernel ($KVER) in $b"
	if [ "$V" = 1 ]; then
		# shellcheck disable=SC2086
		kmake "$variant" $targets 2>&1 | tee "$b/build.log"
		rc=${PIPESTATUS[0]}
	else
		# shellcheck disable=SC2086
		kmake "$variant" $targets >"$b/build.log" 2>&1 &
		local pid=$! next=$((t0 + 30))
		while kill -0 "$pid" 2>/dev/null; do
			sleep 2
			if [ "$(date +%s)" -ge "$next" ]; then
				next=$((next + 30))
				log "  ... $(grep -cE '^  [A-Z]' "$b/build.log") steps, last: $(tail -n1 "$b/build.log" | cut -c1-70)"
			fi
		done
		wait "$pid" && rc=0 || rc=$?
	fi
	if [ "$rc" != 0 ]; then
		grep -E -B2 -A12 'error(\[E[0-9]+\])?:|Error [0-9]' "$b/build.log" | head -60 | repo_paths >&2 || true
		die "kernel build ($variant) failed: full log in $b/build.log"
	fi
	log "built $variant in $(($(date +%s) - t0))s ($(grep -cE '^  [A-Z]' "$b/build.log") steps)"
	check_payload "$b"
	# The C prototypes must say what the Rust definitions say. The test
	# kernel has Rust syscalls, so finding none means the check is broken.
	local min=0
	case $variant in on | debug) min=1 ;; esac
	# (pipefail: the check's status, the messages with the repository's paths)
	python3 "$REPO/mk/syscalls.py" check "$b" "${KSRC:-$WORK}" "$min" 2>&1 | repo_paths >&2 ||
		die "kernel build ($variant): C prototypes and Rust syscall definitions disagree"
}

# ---------------------------------------------------------------- modules

# Module syscalls of samples/rust/syscall_module/ and the samples built as
# modules, from the same sources as the built-in ones (plus a copy of adder
# under another module name, for the EEXIST test), built out of tree (M=)
# against the kernel of VARIANT into $BUILD/modules/VARIANT.
do_modules() {
	local variant=$1 m=$BUILD/modules/$1 f objs=
	mkdir -p "$m"
	for f in "$WORK"/samples/rust/syscall_module/*.rs "$WORK"/samples/rust/rust_syscall_*.rs; do
		cmp -s "$f" "$m/$(basename "$f")" || cp "$f" "$m/"
		objs="$objs $(basename "$f" .rs).o"
	done
	cmp -s "$m/rust_syscall_adder.rs" "$m/rust_syscall_adder_dup.rs" ||
		cp "$m/rust_syscall_adder.rs" "$m/rust_syscall_adder_dup.rs"
	objs="$objs rust_syscall_adder_dup.o"
	printf '# Generated by mk/rsc.sh\nobj-m :=%s\n' "$objs" >"$m/Kbuild.new"
	cmp -s "$m/Kbuild.new" "$m/Kbuild" || mv "$m/Kbuild.new" "$m/Kbuild"
	rm -f "$m/Kbuild.new"
	log "building the module syscalls for the $variant kernel (make M=$m)"
	if ! kmake "$variant" M="$m" modules >"$m/build.log" 2>&1; then
		grep -E -B2 -A12 'error(\[E[0-9]+\])?:|Error [0-9]' "$m/build.log" | head -60 | repo_paths >&2 || true
		die "module syscalls ($variant) failed to build: full log in $m/build.log"
	fi
}

# ---------------------------------------------------------------- selftests

SELFTESTS=(rust_syscalls readfile)
ABIS=(64 32 x32)

# build_selftest "CC [FLAGS]" HEADERS SOURCE OUTPUT [CFLAGS...]: one static
# binary (CC: "gcc -m32", or an architecture's SELFTEST_CC).
build_selftest() {
	local cc=$1 hdr=$2 c=$3 o=$4
	shift 4
	# shellcheck disable=SC2086
	$cc -static -O2 -Wall -Werror -isystem "$hdr" "$@" -o "$o" "$c" ||
		die "selftest $c failed to build with $cc"
}

# test_selftest "CC [FLAGS]" HEADERS SOURCE OUTPUT [DEP...]: a selftest of
# the test kernels (the test-only numbers; readfile's C twin is tested too),
# rebuilt when a source, header or number it may use changed, or a DEP.
test_selftest() {
	local cc=$1 hdr=$2 c=$3 o=$4 st=$WORK/tools/testing/selftests
	shift 4
	[ -e "$o" ] && [ -z "$(find "$st/readfile" "$st/rust_syscalls" "$st/kselftest_harness.h" \
		"$st/kselftest.h" "$hdr/asm" "$REPO/mk/rsc.sh" "$@" -newer "$o" | head -1)" ] && return 0
	build_selftest "$cc" "$hdr" "$c" "$o" -I"$(dirname "$o")" \
		-include "$st/rust_syscalls/test_numbers.h" \
		-DREADFILE_TWIN_NR=NR_READFILE_C -DREADFILE_TWIN_NAME=\"readfile_c\"
}

# do_selftests [VARIANT]: build every selftest as a static binary for each
# ABI, from the work tree, against the uapi headers of the kernel of VARIANT
# (default on; the test kernels all have the same numbers).
do_selftests() {
	local st=$WORK/tools/testing/selftests dir abi prog out variant=${1:-on}
	local hdr=$BUILD/$variant/usr/include
	# The uapi headers of the built kernel give the syscall numbers.
	kmake "$variant" headers >"$BUILD/$variant/headers.log" 2>&1 ||
		die "make headers failed: see $BUILD/$variant/headers.log"
	for abi in "${ABIS[@]}"; do
		out=$BUILD/selftests/m$abi
		mkdir -p "$out"
		# The names of this ABI's syscalls, for the `syscall` helper.
		local u=$hdr/asm/unistd_$abi.h
		[ -f "$u" ] || die "no $u: make headers failed?"
		sed -nE 's/^#define __NR_([a-z0-9_]+)[[:space:]]+(.+)$/\t{ "\1", \2 },/p' "$u" |
			{ echo 'static const struct { const char *name; long nr; } syscall_names[] = {'; cat; echo '};'; } \
			>"$out/syscall_names.h.new"
		cmp -s "$out/syscall_names.h.new" "$out/syscall_names.h" || mv "$out/syscall_names.h.new" "$out/syscall_names.h"
		rm -f "$out/syscall_names.h.new"
		for dir in "${SELFTESTS[@]}"; do
			[ -d "$st/$dir" ] || continue
			for prog in $(sed -nE 's/^TEST_GEN_PROGS(_EXTENDED)?[[:space:]]*[:+]?=//p' "$st/$dir/Makefile"); do
				test_selftest "gcc -m$abi" "$hdr" "$st/$dir/$prog.c" "$out/$prog" \
					"$out/syscall_names.h"
			done
		done
	done
	openat2_selftests "$hdr"
	# The man page's EXAMPLES program, compiled as it is printed.
	sed -n '/^\.EX/,/^\.EE/p' "$REPO/Documentation/man/readfile.2" | sed '1d;$d' |
		sed -e 's/\\-/-/g' -e 's/\\e/\\/g' >"$BUILD/selftests/readfile_demo.c"
	gcc -m64 -static -O2 -Wall -Werror -isystem "$hdr" -DSYS_readfile=__NR_readfile \
		-o "$BUILD/selftests/m64/readfile_demo" "$BUILD/selftests/readfile_demo.c" ||
		die "the man page example does not compile: $BUILD/selftests/readfile_demo.c"
}

# openat2_dir: the tree's openat2 selftests (tools/testing/selftests/openat2
# in Linux 6.12, filesystems/openat2 in 7.2).
openat2_dir() {
	local d
	for d in openat2 filesystems/openat2; do
		[ -f "$WORK/tools/testing/selftests/$d/Makefile" ] && echo "$WORK/tools/testing/selftests/$d" && return
	done
	return 1
}

# openat2_selftests HEADERS: the tree's openat2 selftests, unchanged, built by
# their own Makefile for each ABI (dynamic: ASan and UBSan, as the Makefile
# says), and the library that sends their openat2 calls to C's openat2
# (openat2_c) for the runs that compare it with the Rust one (PLAN@c).
openat2_selftests() {
	local hdr=$1 dir abi out
	dir=$(openat2_dir) || die "no openat2 selftests in $WORK/tools/testing/selftests"
	for abi in "${ABIS[@]}"; do
		out=$BUILD/selftests/m$abi
		make -s -C "$dir" OUTPUT="$out" CC="gcc -m$abi" KHDR_INCLUDES="-isystem $hdr" \
			>"$out/openat2-build.log" 2>&1 ||
			die "the tree's openat2 selftests failed to build (-m$abi): see $out/openat2-build.log"
		rm -f "$out/openat2-build.log"
		# Rebuilt only when its source or the numbers it uses changed.
		local so=$out/openat2_redirect.so src=$WORK/tools/testing/selftests/rust_syscalls/openat2_redirect.c
		[ -e "$so" ] && [ -z "$(find "$src" "$hdr/asm" -newer "$so" | head -1)" ] && continue
		gcc -m"$abi" -shared -fPIC -O2 -Wall -Werror -isystem "$hdr" -o "$so" "$src" ||
			die "openat2_redirect.c failed to build (-m$abi)"
	done
	# The plan (mk/expect.py) runs what the Makefile builds, and compares
	# those that call openat2(2) (through helpers.h) on C's.
	local prog
	RSC_OPENAT2_PROGS=$(sed -nE 's/^TEST_GEN_PROGS[[:space:]]*[:+]?=//p' "$dir/Makefile" | xargs)
	RSC_OPENAT2_COMPARED=
	for prog in $RSC_OPENAT2_PROGS; do
		grep -qE '__NR_openat2|SYS_openat2|^#include "helpers\.h"' "$dir/$prog.c" &&
			RSC_OPENAT2_COMPARED="$RSC_OPENAT2_COMPARED $prog"
	done
	[ -n "$RSC_OPENAT2_PROGS" ] && [ -n "$RSC_OPENAT2_COMPARED" ] ||
		die "no openat2 selftests to run in $dir/Makefile"
	export RSC_OPENAT2_PROGS RSC_OPENAT2_COMPARED
}

# elf_libs ABI FILE...: the loader and shared libraries the dynamic FILEs
# need, recursively, from the directories SELFTEST_LIBDIRS names for ABI.
elf_libs() {
	local abi=$1 e dirs=() f n d p seen=" " found
	shift
	for e in "${SELFTEST_LIBDIRS[@]}"; do
		[ "${e%%:*}" = "$abi" ] && IFS=: read -ra dirs <<<"${e#*:}"
	done
	local todo=("$@")
	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]}
		todo=("${todo[@]:1}")
		p=$(readelf -l "$f" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
		if [ -n "$p" ] && [ "${seen#* "$p" }" = "$seen" ]; then
			seen="$seen$p "
			echo "$p"
		fi
		for n in $(readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
			found=
			for d in "${dirs[@]}"; do
				[ -e "$d/$n" ] || continue
				found=$d/$n
				break
			done
			[ -n "$found" ] || die "$f needs $n, which is in none of ${dirs[*]:-(no SELFTEST_LIBDIRS for m$abi)}"
			if [ "${seen#* "$found" }" = "$seen" ]; then
				seen="$seen$found "
				echo "$found"
				todo+=("$found")
			fi
		done
	done
}

# ---------------------------------------------------------------------- VM

kvm_flag() {
	if [ "${RSC_KVM:-auto}" = 1 ]; then
		return
	fi
	if [ "${RSC_KVM:-auto}" = auto ] && grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ]; then
		return
	fi
	if [ "${RSC_KVM:-auto}" = auto ] && [ ! -e /dev/kvm ] && [ -z "${RSC_KVM_WARNED:-}" ]; then
		echo "note: no /dev/kvm: booting with TCG (slower)" >&2
		export RSC_KVM_WARNED=1
	fi
	echo --disable-kvm
}

# boot VARIANT LOG SCRIPT ARGS...: run a guest script under a time limit;
# what it prints goes to the terminal and to LOG, the kernel console to
# LOG with .console for .log. Returns the guest's status, 124 on timeout.
do_boot() {
	local variant=$1 logf=$2 script=$3
	shift 3
	local img=$BUILD/$variant/arch/x86/boot/bzImage
	[ -f "$img" ] || die "no kernel image $img"
	pgrep -x systemd-udevd >/dev/null || pgrep -x udevd >/dev/null ||
		echo "warning: udevd is not running: virtme-ng may lose the guest's output (run 'make setup')" >&2
	local guest_out=$BUILD/guest-out
	rm -rf "$guest_out"
	mkdir -p "$guest_out"
	local cmd="env RSC_MODULES=$BUILD/modules/$variant ${RSC_MODULE_CYCLES:+RSC_MODULE_CYCLES=$RSC_MODULE_CYCLES }sh $REPO/mk/guest/$script $guest_out $*"
	# The debug kernel runs the same tests several times slower.
	local limit=${RSC_BOOT_LIMIT:-900}
	[ "$variant" = debug ] && limit=${RSC_BOOT_LIMIT:-1800}
	# root=/dev/root: without CONFIG_BLOCK the kernel only finds the 9p root
	# by its mount tag. log_buf_len: the whole boot's log fits, and the host
	# checks that it did. --verbose: the console on stderr (--show-boot-console), which
	# boot.py keeps apart from the command's output.
	# shellcheck disable=SC2046
	local marker=()
	[ "$script" = tests.sh ] && marker=(--end-marker "# rsc-end-of-run")
	python3 "$REPO/mk/boot.py" --limit "$limit" --log "$logf" --console "${logf%.log}.console" \
		"${marker[@]}" -- \
		vng --run "$img" $(kvm_flag) --memory 1G --cpus 2 --user root \
		--append "root=/dev/root log_buf_len=16M" --verbose \
		--rwdir "$guest_out" ${RSC_QEMU_OPTS:+--qemu-opts "$RSC_QEMU_OPTS"} --exec "$cmd"
}

# arch_data: the variables of mk/qemu/ARCH.sh for KARCH (default x86_64):
# how its guests boot, where their selftests and busybox come from, the
# names of its entry points. Every file sets all of ARCH_KEYS (empty where
# they do not apply): no value of another architecture survives.
ARCH_KEYS=(BOOT MIN_LLVM KMAKE_VARS CONFIGS QEMU_BIN QEMU_MACHINE QEMU_KVM KIMAGE KCONSOLE GUEST_OUT QEMU_PORTS SELFTEST_CC
	SELFTEST_ABIS SELFTEST_LIBDIRS HEADERS_ARCH BUSYBOX_ARCH SYS_PREFIX COMPAT_PREFIX)
arch_data() {
	local f=$REPO/mk/qemu/${KARCH:-x86_64}.sh k
	[ -f "$f" ] || die "no architecture data $f"
	unset "${ARCH_KEYS[@]}"
	# shellcheck source=/dev/null
	. "$f"
	for k in "${ARCH_KEYS[@]}"; do
		declare -p "$k" >/dev/null 2>&1 || die "$f does not set $k"
	done
}

# busybox_for_guest: the busybox of the guest's architecture.
busybox_for_guest() {
	if [ -z "$BUSYBOX_ARCH" ]; then
		command -v busybox || die "no busybox: run 'make setup'"
	else
		[ -x "$CACHE/$BUSYBOX_ARCH/busybox" ] || die "no $CACHE/$BUSYBOX_ARCH/busybox: run 'make setup'"
		echo "$CACHE/$BUSYBOX_ARCH/busybox"
	fi
}

# make_initramfs VARIANT EXPECT SELFTEST_DIR [MODULE_DIR]: an initramfs for
# the kernel of VARIANT (built with gen_init_cpio of its tree): busybox,
# mk/guest/init.sh as /init, tests.sh, the plan of EXPECT (mk/expect.py),
# the selftests of SELFTEST_DIR/m64, m32, mx32 (those of the architecture,
# KARCH) and the module syscalls of MODULE_DIR.
make_initramfs() {
	local b=$BUILD/$1 expect=$2 sel=$3 mods=${4:-} abi f d bb libs
	arch_data
	bb=$(busybox_for_guest)
	[ -x "$b/usr/gen_init_cpio" ] || die "$b has no usr/gen_init_cpio: CONFIG_BLK_DEV_INITRD?"
	python3 "$REPO/mk/expect.py" plan "$expect" >"$b/rsc-plan" || die "no plan for $expect"
	libs=$(for abi in "${SELFTEST_ABIS[@]}"; do elf_libs "$abi" "$sel/m$abi"/*; done) || exit 1
	{
		echo "dir /dev 755 0 0"
		echo "nod /dev/console 600 0 0 c 5 1"
		for d in /bin /proc /sys /tmp /rsc /rsc/selftests; do
			echo "dir $d 755 0 0"
		done
		echo "file /bin/busybox $bb 755 0 0"
		echo "slink /bin/sh busybox 777 0 0"
		echo "file /init $REPO/mk/guest/init.sh 755 0 0"
		echo "file /rsc/tests.sh $REPO/mk/guest/tests.sh 755 0 0"
		echo "file /rsc/plan $b/rsc-plan 644 0 0"
		for abi in "${SELFTEST_ABIS[@]}"; do
			echo "dir /rsc/selftests/m$abi 755 0 0"
			for f in "$sel/m$abi"/*; do
				echo "file /rsc/selftests/m$abi/$(basename "$f") $f 755 0 0"
			done
		done
		# What the dynamic ones need, at the paths their loader looks in.
		for f in $libs; do
			d=$(dirname "$f")
			while [ "$d" != / ]; do
				echo "dir $d 755 0 0"
				d=$(dirname "$d")
			done | sort
			echo "file $f $(realpath "$f") 755 0 0"
		done
		if [ -n "$mods" ]; then
			echo "dir /rsc/modules 755 0 0"
			for f in "$mods"/*.ko; do
				echo "file /rsc/modules/$(basename "$f") $f 644 0 0"
			done
		fi
	} >"$b/rsc-initramfs.list"
	"$b/usr/gen_init_cpio" "$b/rsc-initramfs.list" >"$b/rsc-initramfs.cpio" ||
		die "gen_init_cpio failed: see $b/rsc-initramfs.list"
}

# boot_initramfs VARIANT LOG [CPUS [MODE]]: QEMU directly, or UML (BOOT of
# KARCH, see mk/qemu/), the kernel of VARIANT with its initramfs; the
# tests' output to LOG, the console to LOG with .console for .log. MODE is
# passed to tests.sh. Returns 0 once the guest printed its end marker, 124
# on timeout.
boot_initramfs() {
	local variant=$1 logf=$2 cpus=${3:-1} mode=${4:-} b=$BUILD/$1 accel=tcg
	arch_data
	[ "$QEMU_KVM" = 1 ] && [ -z "$(kvm_flag)" ] && accel=kvm
	# The debug kernel runs the same tests several times slower.
	local limit=${RSC_BOOT_LIMIT:-900}
	[ "$variant" = debug ] && limit=${RSC_BOOT_LIMIT:-1800}
	local append="console=$KCONSOLE log_buf_len=16M panic=-1 rsc.out=$GUEST_OUT rsc.mode=$mode ${RSC_MODULE_CYCLES:+rsc.cycles=$RSC_MODULE_CYCLES}"
	local -a cmd args
	read -ra args <<<"$append"
	case $BOOT in
	qemu)
		cmd=("$QEMU_BIN" "${QEMU_MACHINE[@]}" -accel "$accel" -m 1G -smp "$cpus" -no-reboot
			-display none -monitor none -kernel "$b/$KIMAGE" -initrd "$b/rsc-initramfs.cpio"
			-append "$append" "${QEMU_PORTS[@]}") ;;
	# The kernel is a program; its channels: the console (tty0) to stderr,
	# tty1 to stdout, no input.
	uml)
		cmd=("$b/$KIMAGE" mem=1G initrd="$b/rsc-initramfs.cpio" con=null con0=null,fd:2
			con1=null,fd:1 "${args[@]}") ;;
	*) die "${KARCH:-x86_64}: no way to boot (BOOT=$BOOT in mk/qemu/)" ;;
	esac
	python3 "$REPO/mk/boot.py" --limit "$limit" --log "$logf" \
		--console "${logf%.log}.console" --end-marker "# rsc-end-of-run" -- "${cmd[@]}"
}

# test_boot VARIANT [MODE]: boot the kernel of VARIANT from an initramfs with
# the selftests and module syscalls built for it, run tests.sh in MODE and
# judge the run.
test_boot() {
	test_boot_as "$1" "$@"
}

# test_boot_as EXPECT VARIANT [MODE]: the same, judged against what must run
# in EXPECT (mk/expect.py).
test_boot_as() {
	local expect=$1 variant=$2 mode=${3:-} rc=0
	make_initramfs "$variant" "$expect" "$BUILD/selftests" "$BUILD/modules/$variant"
	boot_initramfs "$variant" "$OUT/guest-$TAG$expect.log" 2 "$mode" || rc=$?
	collect "$expect" "$rc" "$variant"
}

# ------------------------------------------------------------------ targets

prepare() {
	[ "${RSC_NO_SETUP:-0}" = 1 ] || "$REPO/mk/setup.sh"
	resolve_tree
	log "tree: $SRC ($KVER), work tree: $WORK"
	do_apply
}

cmd_demo() {
	prepare
	do_config on
	do_build on
	do_modules on
	do_selftests
	log "booting the kernel and calling the Rust syscalls"
	do_boot on "$OUT/guest-${TAG}demo.log" demo.sh "$BUILD/selftests/m64"
}

# The patch series, generated from the repository against the pristine tree.
cmd_series() {
	prepare
	make_series
	echo "send with: git send-email --to=<list> $SERIES_OUT/*.patch (or b4 send)"
}

make_series() {
	local bench=
	[ -f "$OUT/${TAG}bench.json" ] && bench=$OUT/${TAG}bench.json
	python3 "$REPO/mk/series.py" --src "$SRC" --work "$WORK" --cache "$BUILD" \
		--out "$SERIES_OUT" ${bench:+--bench "$bench"} "$@" || die "make series failed"
}

# $BUILD/series-src: a copy of the pristine tree (hard links) that
# series.py --materialize turns into any prefix of the series.
series_src_prepare() {
	local src=$BUILD/series-src
	if [ ! -f "$src/.rsc-pristine" ] || [ "$(cat "$src/.rsc-pristine")" != "$(cat "$WORK/.rsc-pristine")" ]; then
		rm -rf "$src"
		rsync -a --link-dest="$SRC" --exclude=/.git "$SRC/" "$src/"
		cp "$WORK/.rsc-pristine" "$src/.rsc-pristine"
	fi
}

# series_checks [TEST_KERNEL]: the series as a maintainer gets it:
# checkpatch --strict clean, applies with git am, every prefix builds, and
# the whole series boots and passes the readfile selftests in the three
# ABIs; TEST_KERNEL (on, or debug), the tree's test kernel, for comparison.
series_checks() {
	local g=$BUILD/series.git p n k rc tk=${1:-on}
	make_series --allow-anonymous
	# 1. checkpatch. The selftests patch justifies its ENOSYS warning in its
	# commit message (ENOSYS there means "no such system call"). The new
	# files of the Rust fs patch are in the VFS entry of MAINTAINERS
	# (rust/kernel/fs/), those of 6.12's backport are not for mainline.
	for p in "$SERIES_OUT"/00[0-9][1-9]-*.patch; do
		n=$(basename "$p" .patch)
		local ignore=
		case "$n" in
		*selftests*) ignore=--ignore=ENOSYS ;;
		*-rust-fs-*|*-rust-backport-*) ignore=--ignore=FILE_PATH_CHANGES ;;
		esac
		if (cd "$SRC" && perl scripts/checkpatch.pl --strict --quiet $ignore "$p") >"$SERIES_OUT/$n.checkpatch" 2>&1; then
			result pass "series/checkpatch/$n"
		else
			result fail "series/checkpatch/$n"
			cat "$SERIES_OUT/$n.checkpatch"
		fi
	done
	# 2. git am onto the pristine tree (a sparse worktree of the touched files).
	local wt=$BUILD/series-am
	git --git-dir="$g" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
	git --git-dir="$g" worktree prune
	if git --git-dir="$g" worktree add -q --no-checkout --detach "$wt" base &&
		git -C "$wt" sparse-checkout set --no-cone $(git --git-dir="$g" diff --name-only base series) &&
		git -C "$wt" checkout -q &&
		git -C "$wt" -c user.name=rsc -c user.email=rsc@localhost am -q "$SERIES_OUT"/00[0-9][1-9]-*.patch &&
		[ "$(git -C "$wt" rev-parse 'HEAD^{tree}')" = "$(git --git-dir="$g" rev-parse 'series^{tree}')" ]; then
		result pass "series/git-am"
		# b4 takes the applied branch over for `b4 send` (it tracks every patch).
		local np
		np=$(ls "$SERIES_OUT"/00[0-9][1-9]-*.patch | wc -l)
		if (cd "$wt" && git switch -q -C rsc-b4 &&
			GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=rsc \
			GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=rsc@localhost \
			b4 prep -e base 2>&1) |
			grep -q "Will track $np commits"; then
			result pass "series/b4-prep-enroll"
		else
			result fail "series/b4-prep-enroll"
		fi
	else
		result fail "series/git-am"
	fi
	git --git-dir="$g" worktree remove --force "$wt" >/dev/null 2>&1 || true
	git --git-dir="$g" branch -D rsc-b4 >/dev/null 2>&1 || true
	# 3. Every prefix builds (incrementally, in one build directory).
	local src=$BUILD/series-src
	series_src_prepare
	# A prefix whose tree already built here is not built again (the stamp
	# records the git tree of each prefix that built); a fresh machine, as
	# CI's, builds them all.
	n=$(ls "$SERIES_OUT"/00[0-9][1-9]-*.patch | wc -l)
	local stamp=$BUILD/series/.rsc-prefix-ok tree commits cfg
	commits=$(git --git-dir="$g" rev-list --reverse base..series)
	KSRC=$src do_config series
	cfg=$(cat "$BUILD/series/.rsc-config")
	for k in $(seq 1 "$n"); do
		tree="$(git --git-dir="$g" rev-parse "$(echo "$commits" | sed -n "${k}p")^{tree}") $cfg"
		if [ "$k" != "$n" ] && grep -qx "$k $tree" "$stamp" 2>/dev/null; then
			# Verified by an earlier run here; not counted again.
			log "series: prefix 1-$k built before with the same tree and configuration"
			continue
		fi
		rm -f "$src/.rsc-full"
		python3 "$REPO/mk/series.py" --materialize "$g" "$k" "$src" >/dev/null || die "materialize $k"
		rc=0
		(KSRC=$src do_build series) || rc=$?
		if [ "$rc" = 0 ]; then
			result pass "series/build-prefix-1-$k"
			echo "$k $tree" >>"$stamp"
		else
			result fail "series/build-prefix-1-$k"
			return
		fi
	done
	git --git-dir="$g" rev-parse 'series^{tree}' >"$src/.rsc-full"
	if ! grep -qx CONFIG_READFILE_SYSCALL=y "$BUILD/series/.config"; then
		result fail "series/readfile-on-by-default"
		return
	fi
	# Without CONFIG_FTRACE_SYSCALLS, readfile has its entry points but no
	# trace metadata, while the test kernel has both.
	nm "$BUILD/series/vmlinux" >"$SERIES_OUT/vmlinux.nm"
	nm "$BUILD/$tk/vmlinux" >"$OUT/${TAG}$tk-vmlinux.nm"
	if grep -q ' T __x64_sys_readfile$' "$SERIES_OUT/vmlinux.nm" &&
		! grep -qE '8readfile.*(4META|5ENTER)$' "$SERIES_OUT/vmlinux.nm" &&
		grep -qE '8readfile.*4META$' "$OUT/${TAG}$tk-vmlinux.nm"; then
		result pass "series/no-trace-metadata-without-FTRACE_SYSCALLS"
	else
		result fail "series/no-trace-metadata-without-FTRACE_SYSCALLS"
	fi
	# 4. The whole series boots and passes the readfile selftests, from an
	# initramfs (the series kernel has no virtio or 9p for virtme-ng).
	local st=$BUILD/series-selftests abi
	KSRC=$src kmake series headers >"$BUILD/series/headers.log" 2>&1 || die "series headers"
	for abi in "${ABIS[@]}"; do
		mkdir -p "$st/m$abi"
		build_selftest "gcc -m$abi" "$BUILD/series/usr/include" \
			"$src/tools/testing/selftests/readfile/readfile_test.c" "$st/m$abi/readfile_test"
	done
	make_initramfs series series "$st"
	log "booting the kernel of the series alone: readfile selftests"
	rc=0
	boot_initramfs series "$OUT/guest-${TAG}series.log" || rc=$?
	collect series "$rc"
}

# ------------------------------------------------------------ build matrix

MATRIX_ALL=(min ia32 x32)

# What each gated part of a Rust syscall must look like in a configuration:
# OBJECT|KIND|NAME|OPTION: the symbol (KIND sym, a regex on `nm` lines) or
# section (KIND sec) NAME is in OBJECT exactly when OPTION is y ("-" for
# always; A&B for both). A gate deleted from the framework or a syscall shows up here even
# when the object still compiles.
MATRIX_GATES='
fs/readfile.o|sym| T __x64_sys_readfile$|-
fs/readfile.o|sym| T __ia32_sys_readfile$|IA32_EMULATION
fs/readfile.o|sym|8readfile.*4META$|FTRACE_SYSCALLS
fs/readfile.o|sec|_error_injection_whitelist|FUNCTION_ERROR_INJECTION
samples/rust/rust_syscall_xyzzy.o|sym| T __ia32_compat_sys_xyzzy$|IA32_EMULATION
samples/rust/rust_syscall_xyzzy.o|sym| T __x64_compat_sys_xyzzy$|X86_X32_ABI
samples/rust/rust_syscall_xyzzy.o|sym|xyzzy.*4META$|FTRACE_SYSCALLS
rust_syscalls/modules/slots.o|sym| T rsc_syscalls_register$|RUST_SYSCALL_MODULES
fs/openat2.o|sym| T __x64_sys_openat2$|RUST_OPENAT2
fs/openat2.o|sym| T __ia32_sys_openat2$|RUST_OPENAT2&IA32_EMULATION
rust_syscalls/modules/slots.o|sym| T __x64_compat_sys_rsc_slot0$|RUST_SYSCALL_MODULES&X86_X32_ABI
'

# matrix_one NAME: configure the matrix build directory for NAME, build the
# kernel crate and every Rust syscall object, check the gates. Appends
# results; returns non-zero on failure.
matrix_one() {
	local name=$1 b=$BUILD/matrix variant=matrix-$1 t0
	local repro="make matrix MATRIX=$1"
	t0=$(date +%s)
	if ! (do_config "$variant" "$b") >"$OUT/matrix-$name.log" 2>&1; then
		cat "$OUT/matrix-$name.log"
		result fail "matrix/$name/config (reproduce: $repro)"
		return 1
	fi
	# The objects checked below come from this configuration, not an earlier one.
	local obj
	for obj in $(cut -d'|' -f1 <<<"$MATRIX_GATES" | sort -u); do
		rm -f "$b/$obj"
	done
	log "matrix $name: building the kernel crate and the syscall objects ($b)"
	# `prepare` builds rust/ (core, macros, bindings, the kernel crate).
	local targets=(prepare fs/readfile.o samples/rust/ rust_syscalls/)
	grep -qx CONFIG_RUST_OPENAT2=y "$b/.config" && targets+=(fs/openat2.o)
	if ! kmake_dir "$b" "${targets[@]}" >>"$OUT/matrix-$name.log" 2>&1; then
		grep -E -B2 -A12 'error(\[E[0-9]+\])?:|Error [0-9]|warning:' "$OUT/matrix-$name.log" | head -60 | repo_paths
		result fail "matrix/$name/build (configuration: $(fragments "$variant" | xargs -n1 basename | paste -sd+); reproduce: $repro)"
		return 1
	fi
	local bad=0 obj kind pat opt want have
	while IFS='|' read -r obj kind pat opt; do
		[ -n "$obj" ] || continue
		want=1
		local o
		for o in ${opt//&/ }; do
			[ "$o" = - ] || grep -qx "CONFIG_$o=y" "$b/.config" || want=0
		done
		have=0
		if [ -f "$b/$obj" ]; then
			if [ "$kind" = sym ]; then
				nm "$b/$obj" | grep -qE -- "$pat" && have=1
			else
				objdump -h "$b/$obj" | grep -qF -- "$pat" && have=1
			fi
		elif [ "$want" = 1 ]; then
			echo "  $obj was not built"
		fi
		if [ "$want" != "$have" ]; then
			echo "  $obj: $kind /$pat/ $([ "$have" = 1 ] && echo present || echo missing) with $(sed 's/[A-Z0-9_]\+/CONFIG_&/g; s/&/ \&\& /g' <<<"$opt") $([ "$want" = 1 ] && echo y || echo n)"
			bad=1
		fi
	done <<<"$MATRIX_GATES"
	if [ "$bad" = 0 ]; then
		result pass "matrix/$name ($(($(date +%s) - t0)) s)"
	else
		result fail "matrix/$name/gates (reproduce: $repro)"
		return 1
	fi
}

# cross_check ARCH: the test kernel of another architecture (make cross;
# make check on 6.12 for those of CROSS_CHECK), as mk/qemu/ARCH.sh describes
# it: cross-built with the tree's LLVM (tinyconfig + the fragments of
# cross-ARCH + every sample, warnings as errors, clippy), its entry points
# checked in vmlinux; where the data says how (BOOT), booted from an
# initramfs of Debian's busybox of that architecture and the selftests as
# static binaries, and judged against mk/expect.py's ARCH like the x86
# kernels.
cross_check() {
	local arch=$1 b=$BUILD/cross-$1 t0 bad=0 rc=0 f log=$OUT/${TAG}cross-$1.log hdr
	t0=$(date +%s)
	KARCH=$arch arch_data
	if [ -n "$MIN_LLVM" ] && [ "$LLVM_VER" -lt "$MIN_LLVM" ]; then
		result skip "$arch/build (Rust on $arch needs LLVM $MIN_LLVM, the $TREE_NAME tree builds with LLVM $LLVM_VER: TREE=7.2)"
		return
	fi
	if ! (KARCH=$arch do_config "cross-$arch" "$b") >"$log" 2>&1; then
		cat "$log"
		result fail "$arch/config"
		return
	fi
	log "$arch: building the test kernel ($b)"
	# The selftests' uapi headers: the kernel's, or those of HEADERS_ARCH
	# (UML has none of its own), in a directory of their own.
	local targets=("${KIMAGE##*/}" headers)
	hdr=$b
	[ -z "$HEADERS_ARCH" ] || { hdr=$b-uapi-$HEADERS_ARCH && targets=("${KIMAGE##*/}"); }
	if ! { KARCH=$arch kmake_dir "$b" "${KMAKE_VARS[@]}" "${targets[@]}" &&
		{ [ -z "$HEADERS_ARCH" ] || KARCH=$HEADERS_ARCH kmake_dir "$hdr" headers; }; } >>"$log" 2>&1; then
		grep -E -B2 -A12 'error(\[E[0-9]+\])?:|Error [0-9]|warning:' "$log" | head -60 | repo_paths
		result fail "$arch/build (log: $log)"
		return
	fi
	# The entry points of the table's C ABI, and what readfile's carries
	# where the kernel has syscall trace events and error injection.
	llvm-nm-"$LLVM_VER" "$b/vmlinux" >"$b/rsc-nm.txt"
	llvm-objdump-"$LLVM_VER" -h "$b/fs/readfile.o" >"$b/rsc-readfile-sections.txt"
	# A text symbol (UML's vmlinux has local ones only), not one of the
	# weak -ENOSYS aliases (sys_ni_syscall, or the test syscalls' own).
	local ni
	ni=$(awk '$3 == "sys_ni_syscall" || $3 == "rsc_ni_syscall" {print $1}' "$b/rsc-nm.txt" | tr "\n" " ")
	[ -n "$ni" ] || { echo "  no sys_ni_syscall in vmlinux"; bad=1; }
	for f in "${SYS_PREFIX}readfile" "${SYS_PREFIX}adder" "${SYS_PREFIX}xyzzy" \
		${COMPAT_PREFIX:+"${COMPAT_PREFIX}xyzzy"}; do
		awk -v f="$f" -v ni=" $ni " '$3 == f && $2 ~ /^[Tt]$/ && index(ni, " " $1 " ") == 0 {ok = 1}
			END {exit !ok}' "$b/rsc-nm.txt" || { echo "  no $f in vmlinux"; bad=1; }
	done
	if grep -qx CONFIG_FTRACE_SYSCALLS=y "$b/.config"; then
		grep -qF __syscalls_metadata "$b/rsc-readfile-sections.txt" ||
			{ echo "  no syscall metadata in fs/readfile.o"; bad=1; }
	fi
	if grep -qx CONFIG_FUNCTION_ERROR_INJECTION=y "$b/.config"; then
		grep -qF _error_injection_whitelist "$b/rsc-readfile-sections.txt" ||
			{ echo "  no error-injection entry in fs/readfile.o"; bad=1; }
	fi
	if [ "$bad" = 0 ]; then
		result pass "$arch/build ($(($(date +%s) - t0)) s)"
	else
		result fail "$arch/entry-points"
	fi
	[ -n "$BOOT" ] || return 0
	cross_selftests "$arch" "$hdr"
	local how=$BOOT
	[ -z "$QEMU_BIN" ] || how="$QEMU_BIN, TCG"
	log "$arch: booting the test kernel ($how): kselftests and KUnit"
	KARCH=$arch make_initramfs "cross-$arch" "$arch" "$BUILD/selftests-$arch"
	KARCH=$arch boot_initramfs "cross-$arch" "$OUT/guest-$TAG$arch.log" 2 || rc=$?
	collect "$arch" "$rc" "cross-$arch"
}

# cross_selftests ARCH BUILD_DIR: the selftests of ARCH's plan, static
# binaries from its SELFTEST_CC, against the uapi headers of the kernel in
# BUILD_DIR.
cross_selftests() {
	local arch=$1 hdr=$2/usr/include st=$WORK/tools/testing/selftests out=$BUILD/selftests-$1
	local item prog dir
	for item in $(python3 "$REPO/mk/expect.py" plan "$arch"); do
		prog=${item#*/}
		mkdir -p "$out/${item%%/*}"
		for dir in "${SELFTESTS[@]}"; do
			[ -f "$st/$dir/$prog.c" ] && break
		done
		[ -f "$st/$dir/$prog.c" ] || die "no source for $prog in ${SELFTESTS[*]}"
		test_selftest "$SELFTEST_CC" "$hdr" "$st/$dir/$prog.c" "$out/$item" "$REPO/mk/qemu/$arch.sh"
	done
}

# The architectures of `make cross`, and those of `make check` (arm64,
# booted; a riscv build costs CI 5 minutes: `make cross` only). CROSS=riscv
# for one. um (UML x86_64, booted) and loongarch (built, on 7.2): the entry
# points of architectures without a syscall wrapper.
CROSS_ALL=(arm64 riscv um loongarch)
CROSS_CHECK=(arm64)

cmd_cross() {
	prepare
	: >"$OUT/results.txt"
	local a
	for a in ${CROSS:-${CROSS_ALL[@]}}; do
		cross_check "$a"
	done
	summary
}

cmd_matrix() {
	prepare
	: >"$OUT/results.txt"
	local m
	for m in ${MATRIX:-${MATRIX_ALL[@]}}; do
		matrix_one "$m" || true
	done
	summary
}

# make shell: boot the test kernel with an interactive shell in the current
# directory (RSC_SHELL_SCRIPT=FILE: run FILE in it instead, and exit).
cmd_shell() {
	prepare
	do_config on
	do_build on
	do_modules on
	do_selftests
	local img=$BUILD/on/arch/x86/boot/bzImage
	local append="root=/dev/root RSC_SELFTESTS=$BUILD/selftests"
	# shellcheck disable=SC2046
	if [ -n "${RSC_SHELL_SCRIPT:-}" ]; then
		[ -f "$RSC_SHELL_SCRIPT" ] || die "RSC_SHELL_SCRIPT=$RSC_SHELL_SCRIPT: no such file"
		log "booting the $KVER test kernel: $RSC_SHELL_SCRIPT"
		python3 "$REPO/mk/boot.py" --limit "${RSC_BOOT_LIMIT:-600}" --log "$OUT/guest-${TAG}shell.log" \
			--console "$OUT/guest-${TAG}shell.console" -- \
			vng --run "$img" $(kvm_flag) --memory 1G --cpus 2 --user root --append "$append" \
			--exec "sh $REPO/mk/guest/shell.sh --script $(realpath "$RSC_SHELL_SCRIPT")"
		return
	fi
	log "booting the $KVER test kernel with a shell (exit or Ctrl-D powers it off)"
	echo "  syscall NAME|NR [ARG...] calls a syscall; the selftests are in \$SELFTESTS/m64, m32, mx32"
	vng --run "$img" $(kvm_flag) --memory 1G --cpus 2 --user root --append "$append" \
		--shell "$REPO/mk/guest/shell.sh"
}

# The tutorial, followed as a reader would (mk/tutorial.py): in a scratch
# copy of the repository, with its own cache (work tree, build directories)
# beside this one and the same pristine tree. One result per step.
TUTORIAL=Documentation/rust/syscall-tutorial.rst
tutorial_check() {
	local tc=$CACHE/tutorial scr=$CACHE/tutorial/repo t0 rc=0 line
	t0=$(date +%s)
	mkdir -p "$tc"
	# The repository's files as they are now (tracked files only: not what
	# following the tutorial in this checkout may have left behind).
	rm -rf "$scr"
	mkdir -p "$scr"
	if git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$REPO" ls-files -z | rsync -a --from0 --files-from=- --ignore-missing-args "$REPO/" "$scr/"
	else
		rsync -a --exclude=/out "$REPO/" "$scr/"
	fi
	ln -sfn "$SRC" "$tc/linux-source-$TREE_NAME"
	log "following $TUTORIAL in a scratch copy of the repository ($scr)"
	# Not the make variables of this run (O=, RSC_CONFIG=, ... on make's
	# command line would override the scratch's own).
	(cd "$scr" && env -u MAKEFLAGS -u MFLAGS -u MAKEOVERRIDES -u MAKELEVEL \
		O="$tc" TREE="$TREE_NAME" KDIR= RSC_NO_SETUP=1 RSC_CONFIG= V=0 \
		python3 mk/tutorial.py run "$TUTORIAL" "$scr") >"$OUT/tutorial.tap" 2>&1 || rc=$?
	while read -r line; do
		case $line in
		"ok "*) result pass "tutorial/${line#ok }" ;;
		"not ok "*) result fail "tutorial/${line#not ok }" ;;
		esac
	done <"$OUT/tutorial.tap"
	if [ "$rc" != 0 ]; then
		{ grep -A30 '^not ok' "$OUT/tutorial.tap" || tail -30 "$OUT/tutorial.tap"; } | head -60 | sed 's/^/  /' >&2 || true
		grep -q '^not ok' "$OUT/tutorial.tap" || result fail "tutorial/run (exit $rc, see $OUT/tutorial.tap)"
	fi
	log "tutorial: $(grep -c '^ok' "$OUT/tutorial.tap" || true) steps ok, $(grep -c '^not ok' "$OUT/tutorial.tap" || true) failed, in $(($(date +%s) - t0))s ($OUT/tutorial.tap)"
}

cmd_tutorial() {
	prepare
	[ -z "${KDIR:-}" ] && [ "$TREE_NAME" = 6.12 ] || die "the tutorial is written for TREE=6.12"
	: >"$OUT/results.txt"
	tutorial_check
	summary
}

# The edit loop of a module syscall: rebuild the modules only, boot the
# kernel already built, load them and run their tests.
cmd_module_check() {
	prepare
	[ -f "$BUILD/on/arch/x86/boot/bzImage" ] || die "no test kernel yet: run 'make build' first"
	do_modules on
	do_selftests
	: >"$OUT/results.txt"
	log "booting the test kernel: module syscall tests"
	RSC_MODULE_CYCLES=${RSC_MODULE_CYCLES:-20} test_boot_as modules on
	summary
}

# The kernel of the patch series with readfile off, from an initramfs with
# every selftest: each must skip for ENOSYS, none may run. Its build starts
# from that of the series (the same tree; one option differs).
off_checks() {
	local src=$BUILD/series-src g=$BUILD/series.git n
	[ "${RSC_SKIP_SERIES:-0}" = 1 ] && make_series --allow-anonymous >/dev/null
	# The whole series tree: series_checks leaves it so, else it is made here.
	if [ "$(cat "$src/.rsc-full" 2>/dev/null)" != "$(git --git-dir="$g" rev-parse 'series^{tree}')" ]; then
		series_src_prepare
		n=$(git --git-dir="$g" rev-list --count base..series)
		python3 "$REPO/mk/series.py" --materialize "$g" "$n" "$src" >/dev/null ||
			die "materialize the series"
		git --git-dir="$g" rev-parse 'series^{tree}' >"$src/.rsc-full"
	fi
	seed_build off series
	KSRC=$src do_config off
	KSRC=$src do_build off
	# The selftests of the test kernel: the numbers are the same.
	make_initramfs off off "$BUILD/selftests"
	log "booting the kernel with readfile off: every selftest must skip for ENOSYS"
	local rc=0
	boot_initramfs off "$OUT/guest-${TAG}off.log" || rc=$?
	collect off "$rc"
}

# Benchmark in one boot, under -icount shift=0: guest time counts guest
# instructions, so only ratios are reported and they repeat exactly.
cmd_bench() {
	prepare
	do_config on
	do_build on
	do_modules on
	do_selftests
	log "booting with -icount shift=0 for the benchmark"
	RSC_QEMU_OPTS="-icount shift=0" do_boot on "$OUT/guest-${TAG}bench.log" bench.sh "$BUILD/selftests/m64" ||
		die "benchmark failed"
	cp "$BUILD/guest-out/bench.json" "$OUT/${TAG}bench.json"
	local module=
	grep -qx CONFIG_RUST_SYSCALL_MODULES=y "$BUILD/on/.config" && module=--module
	python3 "$REPO/mk/bench_report.py" $module "$OUT/${TAG}bench.json"
}

# Counts: host tests and guest results are appended to $OUT/results.txt as
# "pass|fail|skip NAME" lines; the summary line is computed from them.
#
# Without TREE or KDIR, both trees the project installs, each with a test
# kernel built, linted and booted with every test: on 6.12 LTS the test
# kernel, the tutorial, the build matrix and the arm64 kernel; on 7.2, the
# tree the series is for, the debug kernel (the test kernel with the
# sanitizers: one kernel fewer to build), the patch series and the kernel
# with readfile off. With TREE or KDIR, all of it on that one tree, the
# test kernel and the debug kernel both.
cmd_check() {
	local trees=("$TREE") t first last
	[ -z "${KDIR:-}" ] && [ -z "$TREE_GIVEN" ] && [ "${RSC_SKIP_MAINLINE:-0}" != 1 ] && trees=("${TREES[@]}")
	first=${trees[0]} last=${trees[-1]}
	: >"$OUT/results.txt"
	for t in "${trees[@]}"; do
		TREE=$t
		prepare
		RSC_NO_SETUP=1
		# Tests of the tooling alone once, those of a tree on each tree.
		if [ "$t" = "$first" ]; then host_tests; else host_tests tree; fi
		check_tree "$([ "$t" = "$first" ] && echo lts)" "$([ "$t" = "$last" ] && echo series)"
	done
	summary
}

# check_tree LTS SERIES: the checks of one tree; LTS non-empty adds the
# tutorial, the build matrix and the arm64 kernel, SERIES the debug kernel,
# the patch series and the kernel with readfile off. The tree's test kernel
# is the debug kernel when SERIES is set and LTS is not: the tests are the
# same, the sanitizers on.
check_tree() {
	local lts=$1 series=$2 tk=on
	[ -n "$series" ] && [ -z "$lts" ] && [ "${RSC_SKIP_DEBUG:-0}" != 1 ] && tk=debug
	do_config $tk
	do_build $tk
	lint_checks $tk
	# Entry stub sizes: without the debug kernel's assertions.
	[ $tk = on ] && stub_sizes
	do_modules $tk
	do_selftests $tk
	log "booting the $KVER $([ $tk = debug ] && echo "debug kernel (KASAN, UBSAN, lockdep, kmemleak)" || echo "test kernel"): kselftests (-m64, -m32, -mx32), module syscalls and KUnit"
	if [ $tk = debug ]; then
		test_boot debug --debug
	elif [ -n "$lts" ]; then
		test_boot on
	else
		# 100 load/unload cycles, not 500: on 7.2 each unload waits a Tasks
		# RCU grace period (about 0.2 s).
		RSC_MODULE_CYCLES=${RSC_MODULE_CYCLES:-100} test_boot on
	fi
	# The tutorial is written for the default tree (6.12: its build
	# directory, LLVM=-14).
	if [ -n "$lts" ] && [ -z "${KDIR:-}" ] && [ "$TREE_NAME" = 6.12 ] && [ "${RSC_SKIP_TUTORIAL:-0}" != 1 ]; then
		tutorial_check
	fi
	if [ -n "$lts" ] && [ "${RSC_SKIP_MATRIX:-0}" != 1 ]; then
		log "the build matrix: ${MATRIX:-${MATRIX_ALL[*]}}"
		local m
		for m in ${MATRIX:-${MATRIX_ALL[@]}}; do
			matrix_one "$m" || true
		done
	fi
	# Other architectures (arm64, booted and tested), on the first tree only.
	if [ -n "$lts" ] && [ "${RSC_SKIP_CROSS:-0}" != 1 ]; then
		local a
		for a in ${CROSS:-${CROSS_CHECK[@]}}; do
			cross_check "$a"
		done
	fi
	# One tree alone: the debug kernel besides the test kernel.
	if [ -n "$series" ] && [ $tk = on ] && [ -n "$lts" ] && [ "${RSC_SKIP_DEBUG:-0}" != 1 ]; then
		do_config debug
		do_build debug
		do_modules debug
		log "booting the debug kernel (KASAN, UBSAN, lockdep, kmemleak): every test again"
		test_boot debug --debug
	fi
	if [ -n "$series" ] && [ "${RSC_SKIP_SERIES:-0}" != 1 ]; then
		log "the patch series against $KVER: checkpatch, git am, every prefix builds, boot"
		series_checks $tk
	fi
	if [ -n "$series" ] && [ "${RSC_SKIP_OFF:-0}" != 1 ]; then
		off_checks
	fi
}

# Every Rust file of the project: rustfmt clean, no rustc/clippy warning.
# Warnings are errors in every kernel (CONFIG_WERROR: -Werror, -Dwarnings
# with clippy's lints), so an object with a warning never builds, and no
# stale object can hide one.
lint_checks() {
	local b=$BUILD/$1
	if kmake "$1" rustfmtcheck >"$b/rustfmt.log" 2>&1; then
		result pass "host/rustfmtcheck"
	else
		result fail "host/rustfmtcheck"
		head -30 "$b/rustfmt.log"
	fi
	if grep -qx CONFIG_WERROR=y "$b/.config" && grep -q -- '-Dwarnings' "$b/rust/.kernel.o.cmd"; then
		result pass "host/warnings-are-errors"
	else
		result fail "host/warnings-are-errors (CONFIG_WERROR or -Dwarnings missing)"
	fi
}

# Instructions of each Rust entry stub against its C twin (objdump).
stub_sizes() {
	local v=$BUILD/on/vmlinux f n stubs=$OUT/${TAG}stubs.txt
	: >"$stubs"
	for f in __x64_sys_adder __x64_sys_adder_c __ia32_sys_adder __ia32_sys_adder_c \
		__x64_sys_readfile __x64_sys_readfile_c __ia32_sys_readfile __ia32_sys_readfile_c; do
		n=$(objdump -d --no-show-raw-insn "$v" --disassemble="$f" |
			sed -n "/<$f>:/,/^$/p" | grep -cE '^ *[0-9a-f]+:')
		echo "$f $n" >>"$stubs"
	done
	log "entry stub instructions (Rust vs C): $(paste -sd' ' "$stubs")"
	# The slot stub of module syscalls: no lock, no preempt count.
	if grep -qx CONFIG_RUST_SYSCALL_MODULES=y "$BUILD/on/.config"; then
		f=__x64_sys_rsc_slot0
		n=$(objdump -d --no-show-raw-insn "$v" --disassemble="$f" |
			sed -n "/<$f>:/,/^$/p" | grep -cE '^ *[0-9a-f]+:')
		if [ "$n" -gt 0 ] && [ "$n" -le 10 ]; then
			result pass "host/stub-size-slot($n-instructions)"
		else
			result fail "host/stub-size-slot($n-instructions, more than 10)"
		fi
	fi
	# adder: without CONFIG_RUST_DEBUG_ASSERTIONS the Rust stub is no larger
	# than the C one (the errno-range check exists only in debug builds).
	local r c
	for abi in x64 ia32; do
		r=$(awk -v f="__${abi}_sys_adder" '$1 == f {print $2}' "$stubs")
		c=$(awk -v f="__${abi}_sys_adder_c" '$1 == f {print $2}' "$stubs")
		if [ "$r" -gt 0 ] && [ "$c" -gt 0 ] && [ "$r" -le "$c" ]; then
			result pass "host/stub-size-$abi-adder($r-vs-$c)"
		else
			result fail "host/stub-size-$abi-adder($r-vs-$c)"
		fi
	done
}

# host_tests [tree]: every host test, or with `tree` those that take a tree
# (SRC).
host_tests() {
	log "host tests"
	local t
	for t in "$REPO"/mk/tests/test_*.sh; do
		[ -f "$t" ] || continue
		[ "${1:-}" = tree ] && ! grep -q 'SRC:?' "$t" && continue
		if SRC=$SRC REPO=$REPO CACHE=$CACHE bash "$t" >"$OUT/$TAG$(basename "$t").log" 2>&1; then
			result pass "host/$(basename "$t" .sh)"
		else
			result fail "host/$(basename "$t" .sh)"
			sed 's/^/    /' "$OUT/$TAG$(basename "$t").log" | tail -20
		fi
	done
}

# collect VARIANT RC [BUILT]: judge the guest's log against what must run
# there; the guest must have run the kernel of BUILT (default VARIANT).
collect() {
	local variant=$1 rc=$2 args=() jrc=0 banner
	[ "$rc" = 124 ] && args+=(--timeout)
	banner=$(strings -n 16 "$BUILD/${3:-$1}/vmlinux" | grep -m1 '^Linux version [0-9].* #[0-9]' || true)
	[ -n "$banner" ] || die "no 'Linux version' banner in $BUILD/${3:-$1}/vmlinux"
	args+=(--banner "$banner")
	python3 "$REPO/mk/judge.py" "$variant" "$OUT/guest-$TAG$variant.log" \
		--console "$OUT/guest-$TAG$variant.console" --status "$rc" "${args[@]}" \
		>"$OUT/judge-$TAG$variant.txt" || jrc=$?
	# 0: all passed, 1: something failed; anything else, or no result at
	# all, is the judge itself failing, which fails the run too.
	if [ "$jrc" -gt 1 ] || ! grep -q . "$OUT/judge-$TAG$variant.txt"; then
		echo "fail $variant/judge:no-verdict (exit $jrc)" >>"$OUT/judge-$TAG$variant.txt"
	fi
	sed -E "s#^(pass|fail|skip) #\1 $PREFIX#" "$OUT/judge-$TAG$variant.txt" >>"$OUT/results.txt"
	grep '^fail ' "$OUT/judge-$TAG$variant.txt" | head -40 | sed 's/^/  /' || true
}

# result pass|fail|skip NAME: one line of $OUT/results.txt; NAME starts
# with the tree for any tree but 6.12 (7.2/on/m64/..., 7.2/series/...).
result() {
	echo "$1 $PREFIX$2" >>"$OUT/results.txt"
}

summary() {
	local p f s
	p=$(grep -c '^pass ' "$OUT/results.txt" || true)
	f=$(grep -c '^fail ' "$OUT/results.txt" || true)
	s=$(grep -c '^skip ' "$OUT/results.txt" || true)
	if [ "$f" != 0 ]; then
		echo "failures:"
		grep '^fail ' "$OUT/results.txt" | sed 's/^/  /'
	fi
	log "done"
	echo "$p passed, $f failed, $s skipped"
	[ "$f" = 0 ]
}

main() {
	case "${1:-}" in
	setup) "$REPO/mk/setup.sh" ;;
	apply) prepare ;;
	build) prepare; do_config "${2:-on}"; do_build "${2:-on}" ;;
	selftests) prepare; do_selftests ;;
	boot) prepare; shift; do_boot "${RSC_VARIANT:-on}" "$OUT/guest-${TAG}boot.log" "$@" ;;
	demo) cmd_demo ;;
	bench) cmd_bench ;;
	# The series is for the newest tree unless TREE says otherwise.
	series) [ -n "$TREE_GIVEN" ] || TREE=${TREES[-1]}; cmd_series ;;
	check) cmd_check ;;
	matrix) cmd_matrix ;;
	cross) cmd_cross ;;
	module-check) cmd_module_check ;;
	shell) cmd_shell ;;
	tutorial) cmd_tutorial ;;
	*) die "usage: $0 setup|apply|build [test|off]|selftests|demo|shell|check|tutorial|matrix|cross" ;;
	esac
}

# One line, so that editing this file while it runs cannot change what runs.
main "$@"; exit $?
