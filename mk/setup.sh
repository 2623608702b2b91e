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
# apt into the cache (its own package lists: the host's dpkg is not changed).
CACHE=${O:-${RSC_CACHE:-$HOME/.cache/rust-syscalls}}
BB_ARM64=$CACHE/arm64/busybox
if [ ! -x "$BB_ARM64" ]; then
	log "apt: fetching busybox-static for arm64 into $CACHE/arm64"
	a=$CACHE/arm64/apt
	mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/deb"
	aopt=(-q -o APT::Architecture=arm64 -o APT::Architectures=arm64 -o Dir::State::Lists="$a/lists"
		-o Dir::Cache="$a/cache" -o Dir::State::status=/dev/null -o APT::Sandbox::User=root)
	apt-get "${aopt[@]}" update >"$a/update.log" 2>&1 ||
		die "apt-get update for arm64 failed: see $a/update.log"
	(cd "$a/deb" && rm -f ./*.deb && apt-get "${aopt[@]}" download busybox-static) >"$a/download.log" 2>&1 ||
		die "apt-get download busybox-static:arm64 failed: see $a/download.log"
	rm -rf "$a/root"
	dpkg-deb -x "$a"/deb/busybox-static_*_arm64.deb "$a/root" || die "cannot unpack the arm64 busybox-static"
	install -m 755 "$a/root/bin/busybox" "$BB_ARM64.new" && mv "$BB_ARM64.new" "$BB_ARM64"
	rm -rf "$a/lists" "$a/cache" "$a/root"
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
