#!/usr/bin/env bash
# Install everything the build, boot and tests need, only what is missing.
# Safe to run again: each step checks first.
set -euo pipefail

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

SUDO=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || die "not root and no sudo: install the packages listed in mk/setup.sh by hand"
	SUDO=sudo
fi

APT_PKGS=(
	# kernel build
	make gcc bc bison flex cpio kmod libelf-dev libssl-dev python3 rsync xz-utils
	clang lld llvm libclang-dev ccache
	# LLVM 19 for Linux 7.2 (scripts/min-tool-version.sh: LLVM >= 17.0.1)
	clang-19 lld-19 llvm-19 libclang-19-dev
	# binutils objcopy is needed for X86_X32_ABI (llvm-objcopy is refused)
	binutils
	# selftests for -m32 and -mx32
	gcc-multilib libc6-dev-i386 libc6-dev-x32
	# boot
	qemu-system-x86 udev busybox-static
	# the arm64 test kernel: QEMU for aarch64; static AArch64 selftests are
	# built by clang with the cross libc and libgcc (gcc-aarch64-linux-gnu
	# itself conflicts with gcc-multilib)
	qemu-system-arm libc6-dev-arm64-cross libgcc-12-dev-arm64-cross
	# man page rendering, series
	groff-base man-db git perl
)

# Linux 6.12 is Debian 12's linux-source-6.12; 7.2 comes from sid through
# mk/fetch_source.sh, which installs nothing.
if [ -z "${KDIR:-}" ]; then
	APT_PKGS+=(linux-source-6.12)
fi

missing=()
for p in "${APT_PKGS[@]}"; do
	case "$p" in \#*) continue ;; esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	log "apt: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq || die "apt-get update failed: no network to the Debian mirror?"
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install failed for: ${missing[*]}"
fi

# udevd must run, or virtme-ng loses the guest's output.
if ! pgrep -x systemd-udevd >/dev/null 2>&1 && ! pgrep -x udevd >/dev/null 2>&1; then
	log "starting udevd"
	$SUDO /lib/systemd/systemd-udevd --daemon >/dev/null 2>&1 || log "warning: could not start udevd"
fi

# The arm64 guest's busybox: Debian's arm64 busybox-static, fetched with
# apt into the cache, from a sources list and package lists of its own (the
# host's apt and dpkg are not changed). Only the arm64 test kernel needs it:
# a failure is a warning here, and an error there.
CACHE=${O:-${RSC_CACHE:-$HOME/.cache/rust-syscalls}}
fetch_arm64_busybox() {
	local a=$CACHE/arm64/apt
	mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/deb" "$a/etc" ||
		{ log "warning: cannot create $a"; return 1; }
	# RSC_DEBIAN_MIRROR: a mirror of your own (default deb.debian.org).
	printf 'deb %s bookworm main\n' "${RSC_DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
		>"$a/etc/sources.list" || { log "warning: cannot write $a/etc/sources.list"; return 1; }
	local opts=(-q -o APT::Architecture=arm64 -o APT::Architectures=arm64
		-o Dir::Etc::sourcelist="$a/etc/sources.list" -o Dir::Etc::sourceparts=-
		-o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" -o Dir::State::status=/dev/null
		-o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)")
	apt-get "${opts[@]}" update >"$a/update.log" 2>&1 || { log "warning: apt-get update for arm64 failed: see $a/update.log"; return 1; }
	(cd "$a/deb" && rm -f ./*.deb && apt-get "${opts[@]}" download busybox-static) >"$a/download.log" 2>&1 ||
		{ log "warning: apt-get download busybox-static:arm64 failed: see $a/download.log"; return 1; }
	rm -rf "$a/x"
	dpkg-deb -x "$a"/deb/busybox-static_*_arm64.deb "$a/x" || { log "warning: cannot unpack busybox-static:arm64"; return 1; }
	install -m 755 "$a/x/bin/busybox" "$CACHE/arm64/busybox.new" &&
		mv "$CACHE/arm64/busybox.new" "$CACHE/arm64/busybox" ||
		{ log "warning: cannot install $CACHE/arm64/busybox"; return 1; }
	rm -rf "$a/lists" "$a/cache" "$a/x"
}
if [ ! -x "$CACHE/arm64/busybox" ]; then
	log "apt: fetching busybox-static for arm64 into $CACHE/arm64"
	fetch_arm64_busybox || true
fi

command -v rustup >/dev/null || die "rustup not found: install a Rust toolchain with rustup first"
if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
	log "rustup: adding rust-src"
	rustup component add rust-src
fi
for c in rustfmt clippy; do
	rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
done

if ! command -v bindgen >/dev/null; then
	log "cargo: installing bindgen-cli (takes ~3 minutes)"
	cargo install --locked bindgen-cli >/dev/null 2>&1 || die "cargo install bindgen-cli failed"
fi

for tool in vng:virtme-ng b4:b4; do
	if ! command -v "${tool%%:*}" >/dev/null; then
		log "pip: installing ${tool#*:}"
		pip install -q "${tool#*:}" || die "pip install ${tool#*:} failed"
	fi
done
log "done"
