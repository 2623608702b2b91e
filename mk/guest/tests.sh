#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the guest: every selftest binary of every ABI, then the KUnit
# results, then a scan of the kernel log for splats. Prints each result as
#   RESULT pass|fail|skip NAME
# and RESULT-END when complete; exits non-zero if anything failed.
#
# usage: tests.sh OUTDIR SELFTEST_DIR [--expect-off|--debug]
#   --expect-off: the kernel was built with every syscall option off; every
#   selftest must SKIP (ENOSYS), and a test that passes is a failure.
#   --debug: the kernel has KASAN, UBSAN, lockdep and kmemleak; the fuzzer
#   runs fewer tuples (the sanitizers make each call slower), and kmemleak
#   must find no leak once the tests are done.

out=$1
seldir=$2
mode=${3:-on}
failed=0

result() {
	echo "RESULT $1 $2"
	[ "$1" = fail ] && failed=1
	return 0
}

mkdir -p /tmp/rsc
mount -t tmpfs tmpfs /tmp/rsc 2>/dev/null
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug

kmemleak=/sys/kernel/debug/kmemleak
if [ "$mode" = --debug ]; then
	# Fewer fuzz tuples and a shorter race: every call is several times
	# slower. Fault points are not compared with the C twin: the stack depot
	# of KASAN and kmemleak allocates when it first sees a stack, which
	# makes the numbering of fault points depend on history.
	export RSC_FUZZ_N=10000 RSC_STRESS_SECONDS=10 RSC_FAIL_NTH_NO_TWIN=1
	[ -e $kmemleak ] || result fail "kmemleak/not-available"
	# Forget what boot left behind: only leaks of the tests count.
	echo scan >$kmemleak 2>/dev/null
	echo clear >$kmemleak 2>/dev/null
fi

for abidir in "$seldir"/m64 "$seldir"/m32 "$seldir"/mx32; do
	abi=$(basename "$abidir")
	for t in "$abidir"/*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		case "$name" in *_speed|*_demo) continue ;; esac
		log=$out/$abi-$name.tap
		echo "# ---- $abi/$name (uptime $(cut -d' ' -f1 /proc/uptime) s)"
		(cd /tmp/rsc && "$t") >"$log" 2>&1
		rc=$?
		sed 's/^/  /' "$log"
		n=0
		# TAP lines of the harness: "ok N name", "ok N name # SKIP why", "not ok N name".
		while IFS= read -r line; do
			case "$line" in
			"not ok "* | "ok "*) ;;
			*) continue ;;
			esac
			tc=$(echo "$line" | sed -E 's/^(not )?ok [0-9]+ ([^ #]+).*/\2/')
			n=$((n + 1))
			case "$line" in
			"not ok "*) result fail "$abi/$name/$tc" ;;
			*"# SKIP"*)
				if [ "$mode" = --expect-off ]; then
					result pass "$abi/$name/$tc:skipped-when-off"
				else
					result skip "$abi/$name/$tc"
				fi ;;
			*)
				if [ "$mode" = --expect-off ]; then
					result fail "$abi/$name/$tc:ran-when-off"
				else
					result pass "$abi/$name/$tc"
				fi ;;
			esac
		done <"$log"
		if [ "$n" = 0 ]; then
			result fail "$abi/$name:no-tap-output(exit-$rc)"
		elif [ "$rc" != 0 ] && [ "$rc" != 4 ] && ! grep -q '^not ok' "$log"; then
			result fail "$abi/$name:exit-$rc"
		fi
	done
done

# KUnit ran at boot; its results are in debugfs, one directory per suite.
echo "# ---- KUnit (uptime $(cut -d' ' -f1 /proc/uptime) s)"
nsuites=0
for r in /sys/kernel/debug/kunit/*/results; do
	[ -f "$r" ] || continue
	suite=$(basename "$(dirname "$r")")
	nsuites=$((nsuites + 1))
	grep -E '^    (not )?ok [0-9]+ ' "$r" >"$out/kunit-$suite.txt"
	while IFS= read -r line; do
		tc=$(echo "$line" | sed -E 's/^ *(not )?ok [0-9]+ ([^ #]+).*/\2/')
		case "$line" in
		*"not ok "*) result fail "kunit/$suite/$tc"; sed 's/^/  /' "$r" | grep -B30 -F "$line" | tail -30 ;;
		*"# SKIP"*) result skip "kunit/$suite/$tc" ;;
		*) result pass "kunit/$suite/$tc" ;;
		esac
	done <"$out/kunit-$suite.txt"
done
[ "$nsuites" -gt 0 ] || result fail "kunit/no-suites-found"

if [ "$mode" = --debug ] && [ -e $kmemleak ]; then
	# Objects younger than 5 s are never reported; two scans settle it.
	sleep 6
	echo scan >$kmemleak
	sleep 1
	echo scan >$kmemleak
	cat $kmemleak >"$out/kmemleak.txt"
	n=$(grep -c '^unreferenced object' "$out/kmemleak.txt")
	if [ "$n" != 0 ]; then
		echo "# kmemleak: $n unreferenced objects"
		head -80 "$out/kmemleak.txt" | sed 's/^/  /'
		result fail "kmemleak/no-leaks($n)"
	else
		result pass "kmemleak/no-leaks"
	fi
fi

# No oops, no warning splat, no lockdep or KASAN report.
dmesg >"$out/dmesg.txt"
if grep -qE 'WARNING:|BUG:|Oops|Call Trace:|KASAN|UBSAN|kernel BUG|possible circular locking' "$out/dmesg.txt"; then
	grep -E -A20 'WARNING:|BUG:|Oops|KASAN|UBSAN|kernel BUG|possible circular' "$out/dmesg.txt" | head -60
	result fail "dmesg/no-splat"
else
	result pass "dmesg/no-splat"
fi

echo "RESULT-END"
exit $failed
