// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the Rust sample syscalls (samples/rust/rust_syscall_*.rs) at their
 * test-only numbers, in whichever ABI this file is built for (-m64, -m32,
 * -mx32). Each test SKIPs when its syscall answers ENOSYS (option off).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "../readfile/raw_syscall.h"
#include "test_numbers.h"
#include "write_str.h"
#include "xyzzy.h"

#define SKIP_IF_ENOSYS(ret) do { \
	if ((ret) == -ENOSYS) \
		SKIP(return, "syscall not configured (ENOSYS)"); \
} while (0)

TEST(foo_returns_thread_size)
{
	int64_t ret = raw_syscall0(NR(NR_FOO));

	SKIP_IF_ENOSYS(ret);
	/* x86_64 THREAD_SIZE: 16 KiB, doubled with KASAN; a power of two. */
	ASSERT_GE(ret, 16384);
	ASSERT_LE(ret, 65536);
	ASSERT_EQ(ret & (ret - 1), 0);
	/* Garbage in every register changes nothing for a 0-argument call. */
	ASSERT_EQ(raw_syscall5(NR(NR_FOO), ~0ULL, 1, 2, 3, 4), ret);
}

struct adder_case {
	reg_t a, b;
};

static const struct adder_case adder_cases[] = {
	{ 2, 3 },
	{ (reg_t)-5, 3 },
	{ INT_MAX, 1 },
	{ INT_MAX, INT_MAX },
	{ (reg_t)INT_MIN, (reg_t)-1 },
	{ GARBAGE | 2, GARBAGE | 3 },
	{ 0xffffffff00000007ULL, 0x00000001fffffff9ULL },
	{ 0x80000000ULL, 0x7fffffffULL },
};

/* What the return register holds for a 64-bit result on this ABI. */
static int64_t ret_reg(int64_t v)
{
#ifdef __i386__
	return (int32_t)v;	/* the return register is 32 bits */
#else
	return v;
#endif
}

/* The C twin returns any sum, even one that reads as an errno. */
static int64_t expected_c(reg_t a, reg_t b)
{
	return ret_reg((int64_t)(int32_t)a + (int64_t)(int32_t)b);
}

/*
 * The Rust adder returns Result<i64>. As in C, a sum that reads as an errno
 * in the caller's ABI (-4095..-1 in the return register) is returned as it
 * is: a bug of the syscall, which a kernel with CONFIG_RUST_DEBUG_ASSERTIONS
 * reports in its log without changing the answer.
 */
static int64_t expected_rust(reg_t a, reg_t b)
{
	return expected_c(a, b);
}

TEST(adder_sums_ints_and_ignores_upper_bits)
{
	unsigned int i;
	int64_t ret = raw_syscall2(NR(NR_ADDER), 0, 0);

	SKIP_IF_ENOSYS(ret);
	ASSERT_EQ(ret, 0);
	for (i = 0; i < sizeof(adder_cases) / sizeof(adder_cases[0]); i++) {
		const struct adder_case *c = &adder_cases[i];

		ret = raw_syscall2(NR(NR_ADDER), c->a, c->b);
		EXPECT_EQ(ret, expected_rust(c->a, c->b)) {
			TH_LOG("case %u: a=%#llx b=%#llx", i,
			       (unsigned long long)c->a, (unsigned long long)c->b);
		}
	}
	ASSERT_EQ(raw_syscall2(NR(NR_ADDER), 40, GARBAGE | 2), 42);
	ASSERT_EQ(raw_syscall2(NR(NR_ADDER), (reg_t)-5, 3), -2);
	ASSERT_EQ(raw_syscall2(NR(NR_ADDER), (reg_t)-5000, 3), -4997);
#ifdef __i386__
	/* The 32-bit return register: INT_MAX + INT_MAX reads as -2 there. */
	ASSERT_EQ(raw_syscall2(NR(NR_ADDER), INT_MAX, INT_MAX), -2);
#endif
}

TEST(adder_matches_c_twin)
{
	unsigned int i, seed = 12345;
	int64_t r = raw_syscall2(NR(NR_ADDER), 1, 1);
	int64_t c = raw_syscall2(NR(NR_ADDER_C), 1, 1);

	/* Both or neither: a twin without its Rust syscall, or the reverse, is a bug. */
	if (r == -ENOSYS && c == -ENOSYS)
		SKIP(return, "adder and adder_c not configured (ENOSYS)");
	ASSERT_NE(r, -ENOSYS);
	ASSERT_NE(c, -ENOSYS);
	for (i = 0; i < 4000; i++) {
		reg_t a, b;

		seed = seed * 1103515245 + 12345;
		a = ((reg_t)seed << 32) ^ (seed * 2654435761u);
		seed = seed * 1103515245 + 12345;
		b = ((reg_t)(seed * 40503u) << 32) ^ seed;
		if (i & 1) {
			/* Small values: sums around zero and in the errno range. */
			a = (a & ~0xffffffffULL) | (uint32_t)((int32_t)(a % 9000) - 4500);
			b = (b & ~0xffffffffULL) | (uint32_t)((int32_t)(b % 9000) - 4500);
		}
		r = raw_syscall5(NR(NR_ADDER), a, b, a ^ b, ~a, ~b);
		c = raw_syscall5(NR(NR_ADDER_C), a, b, a ^ b, ~a, ~b);
		ASSERT_EQ(c, expected_c(a, b)) {
			TH_LOG("C: a=%#llx b=%#llx", (unsigned long long)a,
			       (unsigned long long)b);
		}
		ASSERT_EQ(r, expected_rust(a, b)) {
			TH_LOG("Rust: a=%#llx b=%#llx", (unsigned long long)a,
			       (unsigned long long)b);
		}
		ASSERT_EQ(r, c);
	}
}

TEST(silly_copy_copies_and_faults)
{
	char src[1000], dst[1000];
	void *ro;
	unsigned int i;
	int64_t ret = raw_syscall3(NR(NR_SILLY_COPY), 0, 0, 0);

	SKIP_IF_ENOSYS(ret);
	ASSERT_EQ(ret, 0);	/* len 0: nothing touched, even NULL */
	for (i = 0; i < sizeof(src); i++)
		src[i] = (char)(i * 7 + 1);
	memset(dst, 0, sizeof(dst));
	ret = raw_syscall3(NR(NR_SILLY_COPY), PTR(src), PTR(dst), sizeof(src));
	ASSERT_EQ(ret, sizeof(src));
	ASSERT_EQ(memcmp(src, dst, sizeof(src)), 0);

	/* len is a size_t: upper garbage is kept on 64-bit, so it is huge. */
#ifndef __i386__
	ret = raw_syscall3(NR(NR_SILLY_COPY), PTR(src), PTR(dst), GARBAGE | 4);
	ASSERT_EQ(ret, -EINVAL);
#else
	ret = raw_syscall3(NR(NR_SILLY_COPY), PTR(src), PTR(dst), GARBAGE | 4);
	ASSERT_EQ(ret, 4);	/* ia32: only the low 32 bits reach the kernel */
#endif
	ASSERT_EQ(raw_syscall3(NR(NR_SILLY_COPY), 0, PTR(dst), 16), -EFAULT);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(ro != MAP_FAILED);
	ASSERT_EQ(raw_syscall3(NR(NR_SILLY_COPY), PTR(src), PTR(ro), 16), -EFAULT);
	ASSERT_EQ(((char *)ro)[0], 0);
	munmap(ro, 4096);
}

/*
 * A copy as long as user space likes must not pin a task in the kernel:
 * SIGKILL ends it promptly. The buffers are one small memfd mapped over and
 * over, so that 1 GiB of address space costs 1 MiB of memory.
 */
#define ALIAS_SIZE (1UL << 20)
#define ALIAS_COPIES 1024

static char *aliased_region(void)
{
	size_t total = ALIAS_SIZE * ALIAS_COPIES, i;
	char *base;
	int fd = memfd_create("silly_copy", 0);

	if (fd < 0 || ftruncate(fd, ALIAS_SIZE))
		return NULL;
	base = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	for (i = 0; i < ALIAS_COPIES; i++)
		if (mmap(base + i * ALIAS_SIZE, ALIAS_SIZE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)
			return NULL;
	close(fd);
	return base;
}

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST(silly_copy_is_killable)
{
	int64_t ret = raw_syscall3(NR(NR_SILLY_COPY), 0, 0, 0);
	volatile int *started;
	struct rusage ru;
	double t0, took, baseline;
	char *region;
	pid_t pid;
	int status;

	SKIP_IF_ENOSYS(ret);
	region = aliased_region();
	ASSERT_TRUE(region != NULL);
	started = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(started != MAP_FAILED);

	/*
	 * What dying costs a process with these mappings when it is not in
	 * the kernel: the baseline for the one killed during the copy.
	 */
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		*started = 1;
		for (;;)
			sched_yield();
	}
	while (!*started)
		sched_yield();
	*started = 0;
	t0 = seconds();
	ASSERT_EQ(kill(pid, SIGKILL), 0);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	baseline = seconds() - t0;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		*started = 1;
		/* 1 GiB onto itself, shifted by one byte: seconds of copying. */
		raw_syscall3(NR(NR_SILLY_COPY), PTR(region), PTR(region + 1),
			     ALIAS_SIZE * ALIAS_COPIES - 1);
		_exit(0);
	}
	/* Let it get well into the copy, then kill it. */
	while (!*started)
		sched_yield();
	t0 = seconds();
	while (seconds() - t0 < 0.3)
		sched_yield();
	ASSERT_EQ(kill(pid, SIGKILL), 0);
	t0 = seconds();
	ASSERT_EQ(wait4(pid, &status, 0, &ru), pid);
	took = seconds() - t0;
	ASSERT_TRUE(WIFSIGNALED(status)) {
		TH_LOG("the copy finished before it was killed: make it longer");
	}
	/* It was in the kernel, copying, when the signal came. */
	EXPECT_GE(ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec, 100000L) {
		TH_LOG("the child spent %ld.%06ld s in the kernel", (long)ru.ru_stime.tv_sec,
		       (long)ru.ru_stime.tv_usec);
	}
	EXPECT_LT(took, baseline + 0.3) {
		TH_LOG("killed during the copy, the task took %.2f s to die; %.2f s when idle",
		       took, baseline);
	}
	munmap(region, ALIAS_SIZE * ALIAS_COPIES);
	munmap((void *)started, 4096);
}

#define MAGIC1 0xfee1deadU
#define MAGIC2 0x28051999U

TEST(magic_knock_needs_cap_and_magic)
{
	int64_t ret = raw_syscall2(NR(NR_MAGIC_KNOCK), MAGIC1, MAGIC2);
	pid_t pid;
	int status;

	SKIP_IF_ENOSYS(ret);
	if (geteuid() != 0)
		SKIP(return, "needs root");
	ASSERT_EQ(ret, 0);
	ASSERT_EQ(raw_syscall2(NR(NR_MAGIC_KNOCK), GARBAGE | MAGIC1, GARBAGE | MAGIC2), 0);
	ASSERT_EQ(raw_syscall2(NR(NR_MAGIC_KNOCK), MAGIC1, 1), -EINVAL);
	ASSERT_EQ(raw_syscall2(NR(NR_MAGIC_KNOCK), 0, MAGIC2), -EINVAL);

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* nobody: no capabilities, so EPERM before the magic check. */
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(2);
		if (raw_syscall2(NR(NR_MAGIC_KNOCK), MAGIC1, MAGIC2) != -EPERM)
			_exit(3);
		if (raw_syscall2(NR(NR_MAGIC_KNOCK), 0, 0) != -EPERM)
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
}

static int64_t xyzzy(void *p, reg_t size)
{
	return raw_syscall2(NR(NR_XYZZY), PTR(p), size);
}

TEST(xyzzy_extensible_struct)
{
	struct {
		struct xyzzy_params p;
		char tail[64];
	} big;
	struct xyzzy_params p;
	uint64_t out = 0;
	char *page;
	int64_t ret;

	memset(&p, 0, sizeof(p));
	p.delta = 40;
	p.extra = 2;
	ret = xyzzy(&p, sizeof(p));
	SKIP_IF_ENOSYS(ret);
	ASSERT_EQ(ret, 42);

	/* Old user space: version 0 stops before extra, which reads as 0. */
	ASSERT_EQ(xyzzy(&p, XYZZY_SIZE_VER0), 40);
	/* Smaller than version 0: EINVAL. */
	ASSERT_EQ(xyzzy(&p, XYZZY_SIZE_VER0 - 1), -EINVAL);
	ASSERT_EQ(xyzzy(&p, 0), -EINVAL);

	/* New user space: a zero tail is fine, a non-zero one is E2BIG. */
	memset(&big, 0, sizeof(big));
	big.p = p;
	ASSERT_EQ(xyzzy(&big, sizeof(big)), 42);
	big.tail[63] = 1;
	ASSERT_EQ(xyzzy(&big, sizeof(big)), -E2BIG);
	/* Larger than a page: E2BIG. */
	ASSERT_EQ(xyzzy(&big, 4097), -E2BIG);

	/* The tail is checked in user memory: a tail running off the mapping faults. */
	page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(page != MAP_FAILED);
	ASSERT_EQ(munmap(page + 4096, 4096), 0);
	memcpy(page + 4096 - sizeof(p), &p, sizeof(p));
	ASSERT_EQ(xyzzy(page + 4096 - sizeof(p), sizeof(p)), 42);
	ASSERT_EQ(xyzzy(page + 4096 - sizeof(p), sizeof(p) + 8), -EFAULT);
	munmap(page, 4096);

	/* Flags, the out pointer and signed long delta. */
	p.flags = XYZZY_NEGATE;
	p.out = &out;
	/* -42 would read as an errno: it is reported through out only. */
	ASSERT_EQ(xyzzy(&p, sizeof(p)), 0);
	ASSERT_EQ((int64_t)out, -42);
	p.flags = 2;
	ASSERT_EQ(xyzzy(&p, sizeof(p)), -EINVAL);
	p.flags = 0;
	p.delta = -1000000;
	p.extra = 0;
	ASSERT_EQ(xyzzy(&p, sizeof(p)), -1000000);
	ASSERT_EQ((int64_t)out, -1000000);
	p.out = (uint64_t *)8;
	ASSERT_EQ(xyzzy(&p, sizeof(p)), -EFAULT);
	ASSERT_EQ(xyzzy(NULL, sizeof(p)), -EFAULT);
	/* size_ver must be 0. */
	p.out = NULL;
	p.size_ver = 1;
	ASSERT_EQ(xyzzy(&p, sizeof(p)), -EINVAL);
}

#if defined(__i386__)
#define STUB_PREFIX "__ia32_sys_"
#elif defined(__aarch64__)
#define STUB_PREFIX "__arm64_sys_"
#elif defined(__riscv)
#define STUB_PREFIX "__riscv_sys_"
#else
#define STUB_PREFIX "__x64_sys_"	/* x86_64 and x32 */
#endif

#define FAIL_FUNCTION "/sys/kernel/debug/fail_function"

/*
 * The Rust entry points are on the error-injection whitelist like C ones
 * (ALLOW_ERROR_INJECTION): fail_function makes them return an injected
 * errno, and stops when told to.
 */
TEST(error_injection_into_rust_and_c_stubs)
{
	const struct { const char *name; reg_t nr; } calls[] = {
		{ "readfile", __NR_readfile },
		{ "readfile_c", NR_READFILE_C },
		{ "adder", NR_ADDER },
		{ "adder_c", NR_ADDER_C },
	};
	char path[256], func[64];
	unsigned int i, configured = 0;

	for (i = 0; i < ARRAY_SIZE(calls); i++)
		configured += raw_syscall5(NR(calls[i].nr), (reg_t)(uint32_t)AT_FDCWD,
					   PTR("/proc/version"), 0, 0, 0) != -ENOSYS;
	if (!configured)
		SKIP(return, "none of the syscalls is configured (ENOSYS)");
	/* The Rust syscalls and their twins come together. */
	ASSERT_EQ(configured, ARRAY_SIZE(calls));
	if (access(FAIL_FUNCTION "/inject", W_OK))
		SKIP(return, "no fail_function in debugfs");
	/*
	 * On 6.12, fail_function's kprobe handler runs in int3 (NMI) context
	 * and should_fail() takes crngs.lock there: lockdep reports it and
	 * turns itself off for the rest of the boot. Not under lockdep, then.
	 */
	if (!access("/proc/lockdep", F_OK))
		SKIP(return, "fail_function under lockdep: a report in lib/fault-inject.c");
	ASSERT_EQ(write_str(FAIL_FUNCTION "/probability", "100"), 0);
	ASSERT_EQ(write_str(FAIL_FUNCTION "/interval", "1"), 0);
	ASSERT_EQ(write_str(FAIL_FUNCTION "/times", "-1"), 0);
	ASSERT_EQ(write_str(FAIL_FUNCTION "/verbose", "0"), 0);
	for (i = 0; i < ARRAY_SIZE(calls); i++) {
		int64_t ret = raw_syscall5(NR(calls[i].nr), (reg_t)(uint32_t)AT_FDCWD,
					   PTR("/proc/version"), 0, 0, 0);

		ASSERT_GE(ret, 0);
		snprintf(func, sizeof(func), STUB_PREFIX "%s", calls[i].name);
		ASSERT_EQ(write_str(FAIL_FUNCTION "/inject", func), 0) {
			TH_LOG("%s is not on the error-injection whitelist", func);
		}
		snprintf(path, sizeof(path), FAIL_FUNCTION "/%s/retval", func);
		ASSERT_EQ(write_str(path, "0xfffffffffffffff4"), 0);	/* -ENOMEM */
		EXPECT_EQ(raw_syscall5(NR(calls[i].nr), (reg_t)(uint32_t)AT_FDCWD,
				       PTR("/proc/version"), 0, 0, 0), -ENOMEM) {
			TH_LOG("%s: no injected error", func);
		}
		snprintf(path, sizeof(path), "!%s", func);
		ASSERT_EQ(write_str(FAIL_FUNCTION "/inject", path), 0);
		EXPECT_EQ(raw_syscall5(NR(calls[i].nr), (reg_t)(uint32_t)AT_FDCWD,
				       PTR("/proc/version"), 0, 0, 0), ret);
	}
}

TEST_HARNESS_MAIN
