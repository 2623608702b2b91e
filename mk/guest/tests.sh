#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the guest: every selftest binary of every ABI, then a kmemleak
# scan (debug kernel), then the whole kernel log. It judges nothing: it prints
# what ran between markers, and the host (mk/judge.py) decides, against the
# list of what must run on this kernel (mk/expect.py):
#
#   # rsc-begin ABI/NAME            then the binary's TAP output
#   # rsc-end ABI/NAME exit=N
#   # rsc-kmemleak-begin ... # rsc-kmemleak-end
#   # rsc-dmesg-begin ... # rsc-dmesg-end
#   # rsc-end-of-run
#
# usage: tests.sh OUTDIR SELFTEST_DIR [--debug|--expect-off]
#   --debug: KASAN, UBSAN, lockdep and kmemleak make every call slower: fewer
#   fuzz tuples, a shorter race, and kmemleak scans once the tests are done.

seldir=$2
mode=${3:-on}

mkdir -p /tmp/rsc
mount -t tmpfs tmpfs /tmp/rsc 2>/dev/null
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug

kmemleak=/sys/kernel/debug/kmemleak
if [ "$mode" = --debug ]; then
	# Fault points are not compared with the C twin: the stack depot of
	# KASAN and kmemleak allocates when it first sees a stack, which makes
	# the numbering of fault points depend on history.
	export RSC_FUZZ_N=10000 RSC_STRESS_SECONDS=10 RSC_FAIL_NTH_NO_TWIN=1
	# Forget what boot left behind: only leaks of the tests count.
	echo scan >$kmemleak 2>/dev/null
	echo clear >$kmemleak 2>/dev/null
fi
echo "# rsc-mode $mode"

for abidir in "$seldir"/m64 "$seldir"/m32 "$seldir"/mx32; do
	abi=$(basename "$abidir")
	for t in "$abidir"/*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		case "$name" in *_speed|*_demo) continue ;; esac
		echo "# rsc-begin $abi/$name (uptime $(cut -d' ' -f1 /proc/uptime) s)"
		(cd /tmp/rsc && "$t" 2>&1)
		echo "# rsc-end $abi/$name exit=$?"
	done
done

if [ "$mode" = --debug ]; then
	echo "# rsc-kmemleak-begin"
	if [ -e $kmemleak ]; then
		# Objects younger than 5 s are never reported; two scans settle it.
		sleep 6
		echo scan >$kmemleak
		sleep 1
		echo scan >$kmemleak
		cat $kmemleak
		echo "# rsc-kmemleak-scanned"
	fi
	echo "# rsc-kmemleak-end"
fi

# The whole kernel log since boot: the host checks that it starts with the
# boot banner (the ring buffer did not wrap) and ends with this marker.
echo "rsc: end of tests" >/dev/kmsg
echo "# rsc-dmesg-begin"
dmesg
echo "# rsc-dmesg-end"
echo "# rsc-end-of-run"
