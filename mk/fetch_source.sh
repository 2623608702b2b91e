#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch_source.sh SERIES DEST: the Linux source tree SERIES (e.g. 7.2) from
# Debian's linux-source-SERIES package, unpacked into DEST: the installed
# package's tarball when there is one (6.12 on Debian 12). Packages of
# Debian releases newer than the host's (7.2 is in sid) are fetched through
# a private apt directory beside DEST: the system's sources, lists and
# installed packages are never touched, and nothing is installed.
set -euo pipefail

series=$1 dest=$2
pkg=linux-source-$series
log() { printf '[fetch] %s\n' "$*"; }
die() { printf '[fetch] error: %s\n' "$*" >&2; exit 1; }

[ -f "$dest/Makefile" ] && exit 0
apt=$(dirname "$dest")/.apt-$series
# Unpacked aside and renamed, so that an interrupted unpack is redone.
unpack() {
	log "unpacking $1"
	rm -rf "$apt/tree"
	mkdir -p "$apt/tree"
	tar -C "$apt/tree" -xf "$1"
	rm -rf "$dest"
	mv "$apt/tree/$pkg" "$dest"
	rm -rf "$apt/tree"
	log "$dest: Linux $(make -s -C "$dest" kernelversion)"
}
# The host's own package (Debian 12's linux-source-6.12), when installed.
for t in /usr/src/"$pkg".tar.*; do
	[ -f "$t" ] || continue
	mkdir -p "$apt"
	unpack "$t"
	exit 0
done
mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/etc" "$apt/cache"
deb=$(ls "$apt"/archives/"${pkg}"_*.deb 2>/dev/null | tail -n1 || true)
if [ -z "$deb" ]; then
	printf 'deb http://deb.debian.org/debian sid main\n' >"$apt/etc/sources.list"
	opts=(-o Dir::Etc::sourcelist="$apt/etc/sources.list" -o Dir::Etc::sourceparts=-
		-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
		-o Dir::Cache::Archives="$apt/archives"
		-o APT::Get::List-Cleanup=0 -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
	log "apt: the $pkg package list (Debian sid, private to $apt)"
	apt-get -qq "${opts[@]}" update || die "apt-get update of $apt failed: no network to deb.debian.org?"
	log "apt: downloading $pkg"
	(cd "$apt/archives" && apt-get -qq "${opts[@]}" download "$pkg") ||
		die "apt-get download $pkg failed (is $pkg still in sid?)"
	deb=$(ls "$apt"/archives/"${pkg}"_*.deb | tail -n1)
fi
log "extracting $(basename "$deb")"
rm -rf "$apt/x"
dpkg-deb -x "$deb" "$apt/x" || die "dpkg-deb -x $deb failed"
tarball=$(ls "$apt"/x/usr/src/"$pkg".tar.* | head -n1) || die "$deb has no /usr/src/$pkg.tar.*"
unpack "$tarball"
rm -rf "$apt/x"
