// SPDX-License-Identifier: GPL-2.0
/*
 * Systematic fault injection (/proc/thread-self/fail-nth) into readfile():
 * for N = 1, 2, ... the N-th fault point of one call fails (slab and page
 * allocations, user copies), until a call completes with no fault left to
 * inject. Every call must return the right bytes or an errno, never crash,
 * and the Rust implementation must answer exactly as its C twin at every N.
 * openat2(2) goes through the same loop, the Rust one (CONFIG_RUST_OPENAT2)
 * against C's at its test-only number. The samples that copy user memory
 * (silly_copy, xyzzy) too, checked for a valid errno or the right result.
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
#include "xyzzy.h"

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

/*
 * Stops the countdown. If the call left fault points to count, the write
 * itself may meet one (it copies from user space) and fail; each failure
 * counts one down, so a few tries always end it.
 */
static int reset_nth(int nthfd)
{
	int i;

	for (i = 0; i < 16; i++)
		if (pwrite(nthfd, "0", 1, 0) == 1)
			return 0;
	return -1;
}

/* Makes the n-th fault point from now on fail. */
static int nth_arm(int nthfd, int n)
{
	char val[16];

	snprintf(val, sizeof(val), "%d", n);
	return pwrite(nthfd, val, strlen(val), 0) == (ssize_t)strlen(val) ? 0 : -1;
}

/* After the call: 1 if the fault was injected, 0 if not, -1 on error. */
static int nth_done(int nthfd)
{
	/* -1 if the read met the fault point: then the call did not. */
	int left = read_int(nthfd);

	/* Reset, so that no later call of this thread fails. */
	if (reset_nth(nthfd))
		return -1;
	return left == 0;
}

/*
 * One call with the n-th fault point failing; returns 1 if a fault was
 * injected. With nthfd < 0, a call with no fault injection.
 */
static int call_nth(int nthfd, reg_t nr, const char *path, int n, struct outcome *o)
{
	memset(o, 0, sizeof(*o));
	if (nthfd >= 0 && nth_arm(nthfd, n))
		return -1;
	o->ret = raw_syscall5(NR(nr), (reg_t)(uint32_t)AT_FDCWD, PTR(path), PTR(o->data),
			      sizeof(o->data), 0);
	return nthfd >= 0 ? nth_done(nthfd) : 0;
}

static void run_fail_nth(struct __test_metadata *_metadata, const char *path)
{
	const char *env = getenv("RSC_FAIL_NTH_NO_TWIN");
	int no_twin = env && *env && *env != '0';
	struct outcome ref, r, c;
	int nthfd, n, injected, points = 0, errors = 0;
	int64_t ok;

	ok = raw_syscall5(NR(__NR_readfile), (reg_t)(uint32_t)AT_FDCWD, PTR(path),
			  PTR(ref.data), sizeof(ref.data), 0);
	if (ok == -ENOSYS)
		SKIP(return, "readfile not configured (ENOSYS)");
	ASSERT_GT(ok, 0);
	/* A kernel with readfile has its C twin: the comparison is the test. */
	if (!no_twin) {
		ASSERT_EQ(call_nth(-1, NR_READFILE_C, path, 0, &c), 0);
		ASSERT_EQ(c.ret, ok) {
			TH_LOG("the C twin answers %lld", (long long)c.ret);
		}
	}
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
			/* Nor has C: it meets no more fault points than Rust. */
			if (!no_twin) {
				ASSERT_EQ(call_nth(nthfd, NR_READFILE_C, path, n, &c), 0) {
					TH_LOG("fault point %d: C met it, Rust did not", n);
				}
				ASSERT_EQ(c.ret, ref.ret);
			}
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
		/*
		 * The C twin meets the same fault points in the same order
		 * (not with RSC_FAIL_NTH_NO_TWIN: see tests.sh --debug).
		 */
		if (!no_twin) {
			ASSERT_EQ(call_nth(nthfd, NR_READFILE_C, path, n, &c), 1) {
				TH_LOG("fault point %d: Rust met it, C did not", n);
			}
			EXPECT_EQ(r.ret, c.ret) {
				TH_LOG("fault point %d: Rust %lld, C %lld", n,
				       (long long)r.ret, (long long)c.ret);
			}
			if (r.ret > 0 && r.ret == c.ret)
				EXPECT_EQ(memcmp(r.data, c.data, r.ret), 0) {
					TH_LOG("fault point %d: Rust and C read different bytes", n);
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

#ifndef __NR_openat2_c
#define __NR_openat2_c -1	/* not a test kernel's headers: every call ENOSYS */
#endif

/*
 * One openat2(path, O_RDONLY | O_CLOEXEC) with the n-th fault point failing
 * (nthfd < 0: none); *injected is set as call_nth() returns. A descriptor
 * is closed once the countdown is off: only the number is compared.
 */
static int64_t openat2_nth(int nthfd, reg_t nr, const char *path, int n, int *injected)
{
	uint64_t how[3] = { O_RDONLY | O_CLOEXEC, 0, 0 };
	int64_t ret;

	*injected = -1;
	if (nthfd >= 0 && nth_arm(nthfd, n))
		return 0;
	ret = raw_syscall6(NR(nr), (reg_t)(uint32_t)AT_FDCWD, PTR(path), PTR(how),
			   sizeof(how), 0, 0);
	*injected = nthfd >= 0 ? nth_done(nthfd) : 0;
	if (ret >= 0)
		close(ret);
	return ret;
}

TEST(fail_nth_openat2)
{
	const char *env = getenv("RSC_FAIL_NTH_NO_TWIN");
	int no_twin = env && *env && *env != '0';
	const char *path = "/proc/version";
	int nthfd, n, injected, cinj, points = 0, errors = 0;
	int64_t ref, r, c;

	if (openat2_nth(-1, __NR_openat2_c, path, 0, &injected) == -ENOSYS)
		SKIP(return, "C's openat2 is not at a test-only number: CONFIG_RUST_OPENAT2=n (ENOSYS)");
	if (setup_injection())
		SKIP(return, "no fault injection knobs in debugfs");
	nthfd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nthfd < 0)
		SKIP(return, "no /proc/thread-self/fail-nth");
	/* The descriptor a complete call returns, with nthfd open. */
	ref = openat2_nth(-1, __NR_openat2_c, path, 0, &injected);
	ASSERT_GE(ref, 0);
	ASSERT_EQ(openat2_nth(-1, __NR_openat2, path, 0, &injected), ref);

	for (n = 1; n <= MAX_POINTS; n++) {
		r = openat2_nth(nthfd, __NR_openat2, path, n, &injected);
		ASSERT_GE(injected, 0);
		if (!injected) {
			ASSERT_EQ(r, ref);
			if (!no_twin) {
				c = openat2_nth(nthfd, __NR_openat2_c, path, n, &cinj);
				ASSERT_EQ(cinj, 0) {
					TH_LOG("fault point %d: C met it, Rust did not", n);
				}
				ASSERT_EQ(c, ref);
			}
			break;
		}
		points++;
		if (r < 0) {
			errors++;
			EXPECT_TRUE(r == -ENOMEM || r == -EFAULT || r == -ENFILE || r == -EINTR) {
				TH_LOG("fault point %d: unexpected %lld", n, (long long)r);
			}
		}
		if (!no_twin) {
			c = openat2_nth(nthfd, __NR_openat2_c, path, n, &cinj);
			ASSERT_EQ(cinj, 1) {
				TH_LOG("fault point %d: Rust met it, C did not", n);
			}
			EXPECT_EQ(r, c) {
				TH_LOG("fault point %d: Rust %lld, C %lld", n, (long long)r, (long long)c);
			}
		}
	}
	close(nthfd);
	ASSERT_LT(n, MAX_POINTS);
	ASSERT_GT(points, 0);
	TH_LOG("openat2 %s: %d fault points exercised, %d gave an errno", path, points, errors);
}

/* A sample call and the check that a result is the complete, right one. */
struct sample {
	const char *name;
	int64_t (*call)(struct sample *s);
	int (*done)(struct sample *s, int64_t ret);
	char src[64], dst[64];
	uint64_t out;
	struct xyzzy_params params;
};

static int64_t silly_copy_call(struct sample *s)
{
	memset(s->dst, 0, sizeof(s->dst));
	return raw_syscall3(NR(NR_SILLY_COPY), PTR(s->src), PTR(s->dst), sizeof(s->src));
}

static int silly_copy_done(struct sample *s, int64_t ret)
{
	return ret == sizeof(s->src) && !memcmp(s->src, s->dst, sizeof(s->src));
}

static int64_t xyzzy_call(struct sample *s)
{
	s->out = 0;
	s->params.out = &s->out;
	s->params.delta = 40;
	s->params.extra = 2;
	return raw_syscall2(NR(NR_XYZZY), PTR(&s->params), sizeof(s->params));
}

static int xyzzy_done(struct sample *s, int64_t ret)
{
	return ret == 42 && s->out == 42;
}

static void run_sample_nth(struct __test_metadata *_metadata, struct sample *s)
{
	int nthfd, n, injected, points = 0;
	int64_t ret;

	ret = s->call(s);
	if (ret == -ENOSYS)
		SKIP(return, "%s not configured (ENOSYS)", s->name);
	ASSERT_TRUE(s->done(s, ret));
	if (setup_injection())
		SKIP(return, "no fault injection knobs in debugfs");
	nthfd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nthfd < 0)
		SKIP(return, "no /proc/thread-self/fail-nth");
	for (n = 1; n <= MAX_POINTS; n++) {
		ASSERT_EQ(nth_arm(nthfd, n), 0);
		ret = s->call(s);
		injected = nth_done(nthfd);
		ASSERT_GE(injected, 0);
		if (!injected) {
			/* No n-th fault point: the call must have fully succeeded. */
			ASSERT_TRUE(s->done(s, ret));
			break;
		}
		points++;
		EXPECT_TRUE(ret == -ENOMEM || ret == -EFAULT || s->done(s, ret)) {
			TH_LOG("%s, fault point %d: unexpected %lld", s->name, n, (long long)ret);
		}
	}
	close(nthfd);
	ASSERT_LT(n, MAX_POINTS);
	ASSERT_GT(points, 0);
	TH_LOG("%s: %d fault points exercised", s->name, points);
}

TEST(fail_nth_silly_copy)
{
	struct sample s = { "silly_copy", silly_copy_call, silly_copy_done };

	memset(s.src, 'x', sizeof(s.src));
	run_sample_nth(_metadata, &s);
}

TEST(fail_nth_xyzzy)
{
	struct sample s = { "xyzzy", xyzzy_call, xyzzy_done };

	run_sample_nth(_metadata, &s);
}

TEST_HARNESS_MAIN
