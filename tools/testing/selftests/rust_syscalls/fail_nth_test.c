// SPDX-License-Identifier: GPL-2.0
/*
 * Systematic fault injection (/proc/thread-self/fail-nth) into readfile():
 * for N = 1, 2, ... the N-th fault point of one call fails (slab and page
 * allocations, user copies), until a call completes with no fault left to
 * inject. Every call must return the right bytes or an errno, never crash,
 * and the Rust implementation must answer exactly as its C twin at every N.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "../readfile/raw_syscall.h"
#include "test_numbers.h"
#include "write_str.h"

#ifndef __NR_readfile
#define __NR_readfile 463
#endif

#define DEBUGFS "/sys/kernel/debug"
#define MAX_POINTS 1000

static int read_int(int fd)
{
	char buf[32] = "";

	if (pread(fd, buf, sizeof(buf) - 1, 0) <= 0)
		return -1;
	return atoi(buf);
}

/* Quiet fault injection that also fails sleeping allocations. */
static int setup_injection(void)
{
	static const char * const knobs[][2] = {
		{ DEBUGFS "/failslab/ignore-gfp-wait", "N" },
		{ DEBUGFS "/failslab/verbose", "0" },
		{ DEBUGFS "/fail_page_alloc/ignore-gfp-wait", "N" },
		{ DEBUGFS "/fail_page_alloc/verbose", "0" },
		{ DEBUGFS "/fail_usercopy/verbose", "0" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		if (write_str(knobs[i][0], knobs[i][1]))
			return -1;
	return 0;
}

struct outcome {
	int64_t ret;
	char data[256];
};

/* One call with the n-th fault point failing; returns 1 if a fault was injected. */
static int call_nth(int nthfd, reg_t nr, const char *path, int n, struct outcome *o)
{
	char val[16];
	int left;

	memset(o, 0, sizeof(*o));
	snprintf(val, sizeof(val), "%d", n);
	if (pwrite(nthfd, val, strlen(val), 0) != (ssize_t)strlen(val))
		return -1;
	o->ret = raw_syscall5(NR(nr), (reg_t)(uint32_t)AT_FDCWD, PTR(path), PTR(o->data),
			      sizeof(o->data), 0);
	left = read_int(nthfd);
	/* Reset, so that no later call of this thread fails. */
	if (pwrite(nthfd, "0", 1, 0) != 1)
		return -1;
	return left == 0;
}

static void run_fail_nth(struct __test_metadata *_metadata, const char *path)
{
	struct outcome ref, r, c;
	int nthfd, n, injected, points = 0, errors = 0;
	int64_t ok;

	ok = raw_syscall5(NR(__NR_readfile), (reg_t)(uint32_t)AT_FDCWD, PTR(path),
			  PTR(ref.data), sizeof(ref.data), 0);
	if (ok == -ENOSYS)
		SKIP(return, "readfile not configured (ENOSYS)");
	ASSERT_GT(ok, 0);
	ref.ret = ok;
	if (setup_injection())
		SKIP(return, "no fault injection knobs in debugfs");
	nthfd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nthfd < 0)
		SKIP(return, "no /proc/thread-self/fail-nth");

	for (n = 1; n <= MAX_POINTS; n++) {
		injected = call_nth(nthfd, __NR_readfile, path, n, &r);
		ASSERT_GE(injected, 0);
		if (!injected) {
			/* No n-th fault point: the call must have fully succeeded. */
			ASSERT_EQ(r.ret, ref.ret);
			ASSERT_EQ(memcmp(r.data, ref.data, ref.ret), 0);
			break;
		}
		points++;
		/* A fault gives an errno or, after a partial read, a count. */
		if (r.ret < 0) {
			errors++;
			EXPECT_TRUE(r.ret == -ENOMEM || r.ret == -EFAULT || r.ret == -EINTR) {
				TH_LOG("fault point %d: unexpected %lld", n, (long long)r.ret);
			}
		} else {
			ASSERT_LE(r.ret, ref.ret);
			ASSERT_EQ(memcmp(r.data, ref.data, r.ret), 0);
		}
		/* The C twin meets the same fault points in the same order. */
		if (call_nth(nthfd, NR_READFILE_C, path, n, &c) >= 0 && c.ret != -ENOSYS) {
			EXPECT_EQ(r.ret, c.ret) {
				TH_LOG("fault point %d: Rust %lld, C %lld", n,
				       (long long)r.ret, (long long)c.ret);
			}
		}
	}
	close(nthfd);
	ASSERT_LT(n, MAX_POINTS);
	ASSERT_GT(points, 0);
	TH_LOG("%s: %d fault points exercised, %d gave an errno", path, points, errors);
}

TEST(fail_nth_procfs)
{
	run_fail_nth(_metadata, "/proc/version");
}

TEST(fail_nth_tmpfs)
{
	char dir[] = "/tmp/failnth.XXXXXX", path[64];
	int fd;

	ASSERT_TRUE(!!mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(write(fd, "fault injection\n", 16), 16);
	close(fd);
	run_fail_nth(_metadata, path);
	unlink(path);
	rmdir(dir);
}

TEST_HARNESS_MAIN
