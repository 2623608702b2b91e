// SPDX-License-Identifier: GPL-2.0
/*
 * Hardening tests of the Rust syscalls against their C twins:
 *
 * - readfile_differential: random argument tuples (dfd, pathname, buffer,
 *   size, flags) from a corpus of good and bad values, each passed to the
 *   Rust readfile() and to its C twin; return values and buffer contents
 *   must be identical. Seedable: RSC_FUZZ_SEED=<n> (printed), RSC_FUZZ_N=<n>
 *   tuples, RSC_FUZZ_ONLY=<i> replays tuple i of a seed alone.
 * - openat2_differential: the same for openat2(2), Rust (CONFIG_RUST_OPENAT2)
 *   against C's at its test-only number (see the test).
 * - openat2_full_fd_table: with no descriptor left, Rust == C for good and
 *   bad paths (which error comes first).
 * - register_garbage_openat2: the same for openat2, Rust and C's, comparing
 *   what each call opened.
 * - register_garbage: every entry point (x32: the compat one of xyzzy)
 *   called with random upper halves in
 *   its 32-bit arguments and random values in the argument registers it does
 *   not use answers as with clean registers, and as the C twin when there is
 *   one. RSC_GARBAGE_ROUNDS=<n> rounds of every entry point (default 500,
 *   at least 50).
 * - concurrent_readfile: processes calling readfile() (Rust and C) on files
 *   that other processes truncate, rewrite, rename and unlink, for
 *   RSC_STRESS_SECONDS (default 10); every result must be sane.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "../readfile/raw_syscall.h"
#include "test_numbers.h"
#include "xyzzy.h"

#ifndef AT_SYMLINK_NOFOLLOW
#define AT_SYMLINK_NOFOLLOW 0x100
#endif

#if (defined(__x86_64__) && !defined(__ILP32__)) || defined(__aarch64__)
#define FUZZ_DEFAULT_N 100000
#else
#define FUZZ_DEFAULT_N 20000	/* the 32-bit ABIs share most of the paths */
#endif

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

/* splitmix64: tuple i of a seed is a pure function of (seed, i). */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	r->s = mix(r->s);
	return r->s;
}

static uint64_t pick(struct rng *r, uint64_t n)
{
	return next(r) % n;
}

static int64_t readfile_raw(reg_t nr, reg_t dfd, reg_t path, reg_t buf, reg_t size,
			    reg_t flags)
{
	return raw_syscall5(NR(nr), dfd, path, buf, size, flags);
}

/* ---------------------------------------------------------------- corpus */

#define REGION_PAGES 4

/*
 * A buffer region: REGION_PAGES writable pages, then a guard page with no
 * access, then a read-only page. The Rust and C calls get twin regions.
 */
struct region {
	char *rw, *guard, *ro;
	size_t page;
};

static int region_init(struct region *r)
{
	size_t page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, (REGION_PAGES + 2) * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	r->page = page;
	r->rw = p;
	r->guard = p + REGION_PAGES * page;
	r->ro = r->guard + page;
	memset(r->ro, 0x5a, page);
	if (mprotect(r->guard, page, PROT_NONE) || mprotect(r->ro, page, PROT_READ))
		return -1;
	return 0;
}

FIXTURE(hardening) {
	char dir[64];
	int dirfd, pathfd, filefd, procfd;
	char *long_path, *long_name;
	char *strpage;		/* a page whose string runs into a guard page */
	struct region a, b;
};

static const char *const names[] = {
	"small", "empty", "large", "dir", "fifo", "link", "dangling", "loop",
	"nonexistent", "small/x", "dir/", "link/", ".", "..", "sub/../small",
	"/proc/version", "/proc/self/cmdline", "/proc/filesystems",
	"/proc/self/comm", "/sys/devices/system/cpu/online", "/proc",
	"/dev/null", "/dev/zero",
};

#define N_NAMES ARRAY_SIZE(names)

static void write_file(struct __test_metadata *_metadata, const char *path, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	char chunk[4096];
	size_t i, n;

	ASSERT_GE(fd, 0);
	for (i = 0; i < sizeof(chunk); i++)
		chunk[i] = (char)(i * 7 + 3);
	for (i = 0; i < len; i += n) {
		n = len - i < sizeof(chunk) ? len - i : sizeof(chunk);
		ASSERT_EQ(write(fd, chunk, n), (ssize_t)n);
	}
	ASSERT_EQ(close(fd), 0);
}

/* The files the corpus names, in the current directory. */
static void corpus_here(struct __test_metadata *_metadata)
{
	write_file(_metadata, "small", 6);
	write_file(_metadata, "empty", 0);
	write_file(_metadata, "large", 100000);
	ASSERT_EQ(mkdir("dir", 0755), 0);
	ASSERT_EQ(mkdir("sub", 0755), 0);
	ASSERT_EQ(mkfifo("fifo", 0644), 0);
	ASSERT_EQ(symlink("small", "link"), 0);
	ASSERT_EQ(symlink("nowhere", "dangling"), 0);
	ASSERT_EQ(symlink("loop", "loop"), 0);
}

FIXTURE_SETUP(hardening)
{
	int64_t r = readfile_raw(__NR_readfile, AT_FDCWD, 0, 0, 0, 0);
	int64_t c = readfile_raw(NR_READFILE_C, AT_FDCWD, 0, 0, 0, 0);
	size_t page = sysconf(_SC_PAGESIZE);

	if (r == -ENOSYS && c == -ENOSYS)
		SKIP(return, "readfile and its C twin not configured (ENOSYS)");
	/* One without the other is a broken kernel, not a configuration. */
	ASSERT_NE(r, -ENOSYS);
	ASSERT_NE(c, -ENOSYS);

	snprintf(self->dir, sizeof(self->dir), "/tmp/hardening.XXXXXX");
	ASSERT_TRUE(!!mkdtemp(self->dir));
	ASSERT_EQ(chdir(self->dir), 0);
	corpus_here(_metadata);

	self->dirfd = open(".", O_RDONLY | O_DIRECTORY);
	self->pathfd = open(".", O_PATH | O_DIRECTORY);
	self->filefd = open("small", O_RDONLY);
	self->procfd = open("/proc", O_RDONLY | O_DIRECTORY);
	ASSERT_GE(self->dirfd, 0);
	ASSERT_GE(self->pathfd, 0);
	ASSERT_GE(self->filefd, 0);
	ASSERT_GE(self->procfd, 0);

	self->long_path = malloc(PATH_MAX + 16);
	ASSERT_TRUE(!!self->long_path);
	memset(self->long_path, 'a', PATH_MAX + 15);
	self->long_path[PATH_MAX + 15] = '\0';
	self->long_name = malloc(NAME_MAX + 2);
	ASSERT_TRUE(!!self->long_name);
	memset(self->long_name, 'b', NAME_MAX + 1);
	self->long_name[NAME_MAX + 1] = '\0';

	/* "small" with no NUL before a page without access. */
	self->strpage = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(self->strpage != MAP_FAILED);
	memcpy(self->strpage + page - 5, "small", 5);
	ASSERT_EQ(mprotect(self->strpage + page, page, PROT_NONE), 0);
	ASSERT_EQ(region_init(&self->a), 0);
	ASSERT_EQ(region_init(&self->b), 0);
}

FIXTURE_TEARDOWN(hardening)
{
	char cmd[128];

	if (self->dir[0]) {
		if (chdir("/"))
			TH_LOG("chdir / failed");
		snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
		if (system(cmd))
			TH_LOG("cleanup of %s failed", self->dir);
	}
}

/* One tuple; the buffer is an offset into a region (or an absolute address). */
struct tuple {
	reg_t dfd, path, size, flags;
	int buf_kind;		/* 0 in rw, 1 NULL, 2 guard, 3 read-only, 4 near guard, 5 kernel */
	size_t buf_off;
	char what[160];
};

static const reg_t sizes[] = {
	0, 1, 2, 5, 6, 7, 100, 4095, 4096, 4097, 8192, 16384, 65536, 100000,
	1 << 20, INT_MAX, (reg_t)INT_MAX + 1, (reg_t)-1, (reg_t)(uint32_t)-1,
};

/* An address in the kernel's half, as the registers of this ABI can hold it. */
static reg_t kernel_address(void)
{
#if defined(__x86_64__)
	return 0xffffffff81000000ULL;	/* x86_64 and x32: 64-bit registers */
#elif defined(__aarch64__)
	return 0xffff800080000000ULL;
#else
	return 0xc1000000ULL;
#endif
}

static void make_tuple(FIXTURE_DATA(hardening) *self, uint64_t seed, uint64_t i,
		       struct tuple *t)
{
	struct rng r = { mix(seed ^ mix(i)) };
	const char *pname = "";
	uint64_t k;

	switch (pick(&r, 9)) {
	case 0: case 1: case 2: t->dfd = (reg_t)(uint32_t)AT_FDCWD; break;
	case 3: t->dfd = self->dirfd; break;
	case 4: t->dfd = self->pathfd; break;
	case 5: t->dfd = self->filefd; break;
	case 6: t->dfd = self->procfd; break;
	case 7: t->dfd = pick(&r, 2) ? (reg_t)(uint32_t)-1 : 4000; break;
	default: t->dfd = (uint32_t)next(&r); break;
	}

	k = pick(&r, N_NAMES + 8);
	if (k < N_NAMES) {
		pname = names[k];
		t->path = PTR(names[k]);
	} else {
		switch (k - N_NAMES) {
		case 0: pname = "<NULL>"; t->path = 0; break;
		case 1: pname = "<guard page>"; t->path = PTR(self->a.guard); break;
		case 2: pname = "<kernel address>"; t->path = kernel_address(); break;
		case 3: pname = "<no NUL before guard>";
			t->path = PTR(self->strpage + self->a.page - 5); break;
		case 4: pname = "<PATH_MAX+15>"; t->path = PTR(self->long_path); break;
		case 5: pname = "<NAME_MAX+1>"; t->path = PTR(self->long_name); break;
		case 6: pname = "\"\""; t->path = PTR(""); break;
		default: pname = "<random>"; t->path = (uint32_t)next(&r); break;
		}
	}

	t->buf_kind = pick(&r, 10);
	if (t->buf_kind > 5)
		t->buf_kind = 0;
	t->buf_off = t->buf_kind == 4 ? REGION_PAGES * self->a.page - 1 - pick(&r, 64)
				       : pick(&r, REGION_PAGES * self->a.page);
	t->size = pick(&r, 4) ? sizes[pick(&r, ARRAY_SIZE(sizes))]
			      : pick(&r, 3 * self->a.page);

	switch (pick(&r, 8)) {
	case 0: case 1: case 2: case 3: t->flags = 0; break;
	case 4: case 5: t->flags = AT_SYMLINK_NOFOLLOW; break;
	case 6: t->flags = 1ULL << pick(&r, 32); break;
	default: t->flags = (uint32_t)next(&r); break;
	}
	snprintf(t->what, sizeof(t->what),
		 "dfd=%lld path=%s buf=kind%d+%zu size=%llu flags=0x%llx",
		 (long long)(int32_t)t->dfd, pname, t->buf_kind, t->buf_off,
		 (unsigned long long)t->size, (unsigned long long)t->flags);
}

static reg_t buf_addr(const struct region *rg, const struct tuple *t)
{
	switch (t->buf_kind) {
	case 1: return 0;
	case 2: return PTR(rg->guard);
	case 3: return PTR(rg->ro);
	case 5: return kernel_address();
	default: return PTR(rg->rw + t->buf_off);
	}
}

/*
 * The seed of a fuzzer run (RSC_FUZZ_SEED, else one from the clock), after
 * checking its number of tuples, and logged so that a finding can be replayed.
 */
static uint64_t fuzz_start(struct __test_metadata *_metadata, uint64_t seed, uint64_t n,
			   uint64_t only)
{
	struct timeval tv;

	if (!seed) {
		gettimeofday(&tv, NULL);
		seed = mix(tv.tv_sec ^ ((uint64_t)tv.tv_usec << 20) ^ getpid());
	}
	/* Fewer tuples than this cannot reach the paths the guards ask for. */
	if (only == UINT64_MAX)
		ASSERT_GE(n, 1000) {
			TH_LOG("RSC_FUZZ_N=%llu: at least 1000 tuples", (unsigned long long)n);
		}
	TH_LOG("seed 0x%llx, %llu tuples (replay one: RSC_FUZZ_SEED=0x%llx RSC_FUZZ_ONLY=i)",
	       (unsigned long long)seed, (unsigned long long)n, (unsigned long long)seed);
	return seed;
}

/* Rust and C twin on one tuple: 0 if they agree, else the failing detail. */
static const char *run_tuple(FIXTURE_DATA(hardening) *self, const struct tuple *t,
			     int64_t *rr, int64_t *rc)
{
	size_t len = REGION_PAGES * self->a.page;

	memset(self->a.rw, 0xaa, len);
	memset(self->b.rw, 0xaa, len);
	*rr = readfile_raw(__NR_readfile, t->dfd, t->path, buf_addr(&self->a, t), t->size,
			   t->flags);
	*rc = readfile_raw(NR_READFILE_C, t->dfd, t->path, buf_addr(&self->b, t), t->size,
			   t->flags);
	if (*rr != *rc)
		return "return values differ";
	if (memcmp(self->a.rw, self->b.rw, len))
		return "buffer contents differ";
	if (*rr > 0 && (uint64_t)*rr > t->size)
		return "more bytes than bufsize";
	return NULL;
}

TEST_F_TIMEOUT(hardening, readfile_differential, 600)
{
	uint64_t seed = env_u64("RSC_FUZZ_SEED", 0);
	uint64_t n = env_u64("RSC_FUZZ_N", FUZZ_DEFAULT_N);
	uint64_t only = env_u64("RSC_FUZZ_ONLY", UINT64_MAX);
	uint64_t i, ok = 0, data = 0, diffs = 0, errnos[4096] = { 0 };
	int distinct = 0;

	seed = fuzz_start(_metadata, seed, n, only);

	for (i = 0; i < n; i++) {
		struct tuple t;
		int64_t rr, rc;
		const char *why;

		if (only != UINT64_MAX && i != only)
			continue;
		make_tuple(self, seed, i, &t);
		why = run_tuple(self, &t, &rr, &rc);
		if (why) {
			if (diffs++ < 10)
				TH_LOG("tuple %llu: %s: Rust %lld, C %lld: %s (RSC_FUZZ_SEED=0x%llx RSC_FUZZ_ONLY=%llu)",
				       (unsigned long long)i, why, (long long)rr, (long long)rc,
				       t.what, (unsigned long long)seed, (unsigned long long)i);
			continue;
		}
		if (rr > 0)
			data++;
		if (rr >= 0)
			ok++;
		else if (-rr < 4096 && !errnos[-rr]++)
			distinct++;
	}
	TH_LOG("%llu tuples compared: %llu differences, %llu successes (%llu with data), %d distinct errnos",
	       (unsigned long long)(only == UINT64_MAX ? n : 1), (unsigned long long)diffs,
	       (unsigned long long)ok, (unsigned long long)data, distinct);
	EXPECT_EQ(diffs, 0);
	if (only == UINT64_MAX) {
		/* The corpus reaches both paths, real data and many distinct errors. */
		EXPECT_GT(ok, n / 50);
		EXPECT_GT(data, n / 100);
		EXPECT_GE(distinct, 8);
	}
}

/* ---------------------------------------------------------------- openat2 */

/*
 * openat2_differential: the Rust openat2 (at __NR_openat2) and C's
 * (openat2_c) on random tuples: dfd, path, a struct open_how of random
 * flags, mode and resolve bits, given with a random size (0, below
 * OPEN_HOW_SIZE_VER0, exact, larger with a zero or non-zero tail, above a
 * page) at a random place (aligned, unaligned, against or across a guard
 * page, NULL, read-only, a kernel address). The two calls work in twin
 * directories ("rust" and "c", the same files, changed by the calls alike):
 * results, errnos, and the new descriptor's status flags, descriptor flags,
 * type and size must be the same.
 */

#ifndef __NR_openat2_c
#define __NR_openat2_c -1	/* not a test kernel's headers: every call ENOSYS */
#endif

#define OPEN_HOW_VER0 24

/* Whether C's openat2 is missing at its test-only number (CONFIG_RUST_OPENAT2=n). */
static int openat2_c_missing(void)
{
	static const uint64_t how[3] = { O_RDONLY, 0, 0 };
	int64_t fd = raw_syscall6(NR(__NR_openat2_c), (reg_t)(uint32_t)AT_FDCWD, PTR("."),
				  PTR(how), sizeof(how), 0, 0);

	if (fd >= 0)
		close(fd);
	return fd == -ENOSYS;
}

struct o2_side {
	int dirfd, pathfd, filefd;
	const char *dir;
	struct region *rg;
	reg_t nr;
};

struct o2_tuple {
	int dfd_kind, how_kind;
	reg_t dfd, path, size;
	size_t how_off;
	uint64_t how[3];
	size_t tail;		/* offset of a non-zero byte in the tail, or 0 */
	char what[200];
};

static void make_corpus(struct __test_metadata *_metadata, const char *dir)
{
	char cwd[PATH_MAX];

	ASSERT_TRUE(!!getcwd(cwd, sizeof(cwd)));
	ASSERT_EQ(mkdir(dir, 0755), 0);
	ASSERT_EQ(chdir(dir), 0);
	corpus_here(_metadata);
	ASSERT_EQ(chdir(cwd), 0);
}

static const uint64_t o2_flags[] = {
	O_WRONLY, O_RDWR, O_ACCMODE, O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC, O_APPEND,
	O_NONBLOCK, O_DSYNC, O_SYNC, FASYNC, O_DIRECT, 0100000 /* O_LARGEFILE */,
	O_DIRECTORY, O_NOFOLLOW, O_NOATIME, O_CLOEXEC, O_PATH, O_TMPFILE,
	1 << 26 /* O_EMPTYPATH */, 1ULL << 32 /* OPENAT2_REGULAR */,
};

static const reg_t o2_sizes[] = {
	0, 1, 8, 16, 23, OPEN_HOW_VER0, 25, 32, 40, 64, 4095, 4096, 4097, 8192,
	INT_MAX, (reg_t)-1, (reg_t)(uint32_t)-1,
};

static void o2_make(uint64_t seed, uint64_t i, size_t page, struct o2_tuple *t)
{
	struct rng r = { mix(seed ^ mix(i) ^ 0x02a7) };
	size_t room = REGION_PAGES * page;
	const char *pname = "", *hk;
	uint64_t k, n;

	memset(t, 0, sizeof(*t));
	t->dfd_kind = pick(&r, 9);
	t->dfd = (uint32_t)next(&r);
	k = pick(&r, N_NAMES + 6);
	if (k < N_NAMES) {
		pname = names[k];
		t->path = PTR(names[k]);
	} else {
		switch (k - N_NAMES) {
		case 0: pname = "<NULL>"; t->path = 0; break;
		case 1: pname = "<kernel address>"; t->path = kernel_address(); break;
		case 2: pname = "\"\""; t->path = PTR(""); break;
		case 3: pname = "new"; t->path = PTR("new"); break;
		case 4: pname = "dir/new"; t->path = PTR("dir/new"); break;
		default: pname = "<random>"; t->path = (uint32_t)next(&r); break;
		}
	}

	/* Flags: a few known bits, sometimes any bit of the 64. */
	for (n = pick(&r, 5); n; n--)
		t->how[0] |= o2_flags[pick(&r, ARRAY_SIZE(o2_flags))];
	if (!pick(&r, 8))
		t->how[0] |= 1ULL << pick(&r, 64);
	/* A FIFO opened for reading or writing alone would wait for a peer. */
	if (!strcmp(pname, "fifo"))
		t->how[0] |= O_NONBLOCK;
	switch (pick(&r, 6)) {
	case 0: case 1: case 2: t->how[1] = 0; break;
	case 3: t->how[1] = 0644; break;
	case 4: t->how[1] = next(&r) & 07777; break;
	default: t->how[1] = next(&r); break;
	}
	switch (pick(&r, 6)) {
	case 0: case 1: case 2: t->how[2] = 0; break;
	case 3: case 4: t->how[2] = next(&r) & 0x3f; break;
	default: t->how[2] = 1ULL << pick(&r, 64); break;
	}

	t->size = pick(&r, 3) ? sizeof(t->how) : o2_sizes[pick(&r, ARRAY_SIZE(o2_sizes))];
	if (t->size > sizeof(t->how) && t->size < room && pick(&r, 2))
		t->tail = sizeof(t->how) + pick(&r, t->size - sizeof(t->how));
	t->how_kind = pick(&r, 12);
	if (t->how_kind > 6)
		t->how_kind = 0;
	n = t->size < room ? t->size : 0;
	switch (t->how_kind) {
	case 0: hk = "aligned"; t->how_off = (pick(&r, (room - n) / 8)) * 8; break;
	case 1: hk = "unaligned"; t->how_off = pick(&r, room - n); break;
	case 2: hk = "against the guard page"; t->how_off = room - n; break;
	case 3: hk = "across the guard page"; t->how_off = room - n / 2; break;
	case 4: hk = "NULL"; break;
	case 5: hk = "kernel address"; break;
	default: hk = "read-only"; break;
	}
	snprintf(t->what, sizeof(t->what),
		 "dfd kind %d path=%s how={0x%llx, 0%llo, 0x%llx} size=%llu (%s, tail byte %zu)",
		 t->dfd_kind, pname, (unsigned long long)t->how[0], (unsigned long long)t->how[1],
		 (unsigned long long)t->how[2], (unsigned long long)t->size, hk, t->tail);
}

static reg_t o2_how_addr(const struct o2_tuple *t, const struct region *rg)
{
	size_t room = REGION_PAGES * rg->page, n = t->size < room ? t->size : 0;
	char *p;

	switch (t->how_kind) {
	case 4: return 0;
	case 5: return kernel_address();
	case 6: return PTR(rg->ro);	/* 0x5a bytes: a non-zero how */
	}
	p = rg->rw + t->how_off;
	memset(rg->rw, 0, room);
	/* What fits before the guard page (all of it but across it). */
	n = n < sizeof(t->how) ? n : sizeof(t->how);
	memcpy(p, t->how, n < room - t->how_off ? n : room - t->how_off);
	if (t->tail && t->how_off + t->tail < room)
		p[t->tail] = 0x11;
	return PTR(p);
}

struct o2_result {
	int64_t ret;
	int fl, fd_flags;
	unsigned int mode;
	int64_t size;
};

static void o2_call(const struct o2_tuple *t, const struct o2_side *s, struct o2_result *res)
{
	reg_t dfd;
	struct stat st;

	switch (t->dfd_kind) {
	case 0: case 1: case 2: dfd = (reg_t)(uint32_t)AT_FDCWD; break;
	case 3: dfd = s->dirfd; break;
	case 4: dfd = s->pathfd; break;
	case 5: dfd = s->filefd; break;
	case 6: dfd = 4000; break;
	case 7: dfd = (reg_t)(uint32_t)-1; break;
	default: dfd = t->dfd; break;
	}
	memset(res, 0, sizeof(*res));
	if (chdir(s->dir)) {
		res->ret = INT64_MIN;
		return;
	}
	res->ret = raw_syscall6(NR(s->nr), dfd, t->path, o2_how_addr(t, s->rg), t->size, 0, 0);
	if (res->ret >= 0) {
		res->fl = fcntl(res->ret, F_GETFL);
		res->fd_flags = fcntl(res->ret, F_GETFD);
		if (!fstat(res->ret, &st)) {
			res->mode = st.st_mode;
			res->size = st.st_size;
		}
		close(res->ret);
	}
	if (chdir(".."))
		res->ret = INT64_MIN;
}

TEST_F_TIMEOUT(hardening, openat2_differential, 600)
{
	uint64_t seed = env_u64("RSC_FUZZ_SEED", 0);
	uint64_t n = env_u64("RSC_FUZZ_N", FUZZ_DEFAULT_N);
	uint64_t only = env_u64("RSC_FUZZ_ONLY", UINT64_MAX);
	uint64_t i, ok = 0, diffs = 0, errnos[4096] = { 0 };
	struct o2_side side[2] = {
		{ .dir = "rust", .rg = &self->a, .nr = __NR_openat2 },
		{ .dir = "c", .rg = &self->b, .nr = __NR_openat2_c },
	};
	int distinct = 0, k;

	if (openat2_c_missing())
		SKIP(return, "C's openat2 is not at a test-only number: CONFIG_RUST_OPENAT2=n (ENOSYS)");
	seed = fuzz_start(_metadata, seed, n, only);

	for (k = 0; k < 2; k++) {
		make_corpus(_metadata, side[k].dir);
		ASSERT_EQ(chdir(side[k].dir), 0);
		side[k].dirfd = open(".", O_RDONLY | O_DIRECTORY);
		side[k].pathfd = open(".", O_PATH | O_DIRECTORY);
		side[k].filefd = open("small", O_RDONLY);
		ASSERT_GE(side[k].dirfd, 0);
		ASSERT_GE(side[k].pathfd, 0);
		ASSERT_GE(side[k].filefd, 0);
		ASSERT_EQ(chdir(".."), 0);
	}

	for (i = 0; i < n; i++) {
		struct o2_result rr, rc;
		struct o2_tuple t;

		if (only != UINT64_MAX && i != only)
			continue;
		o2_make(seed, i, self->a.page, &t);
		/*
		 * RESOLVE_CACHED fails with EAGAIN where the path is not in the
		 * dcache, and the first call warms it for the second (a
		 * shared path): call both once first. Such a call never
		 * creates or truncates anything.
		 */
		if (t.how[2] & 0x20) {
			o2_call(&t, &side[0], &rr);
			o2_call(&t, &side[1], &rc);
		}
		o2_call(&t, &side[0], &rr);
		o2_call(&t, &side[1], &rc);
		if (memcmp(&rr, &rc, sizeof(rr))) {
			if (diffs++ < 10)
				TH_LOG("tuple %llu: Rust %lld (flags 0%o, fd flags %d, mode 0%o, size %lld), C %lld (flags 0%o, fd flags %d, mode 0%o, size %lld): %s (RSC_FUZZ_SEED=0x%llx RSC_FUZZ_ONLY=%llu)",
				       (unsigned long long)i, (long long)rr.ret, rr.fl, rr.fd_flags,
				       rr.mode, (long long)rr.size, (long long)rc.ret, rc.fl,
				       rc.fd_flags, rc.mode, (long long)rc.size, t.what,
				       (unsigned long long)seed, (unsigned long long)i);
			continue;
		}
		if (rr.ret >= 0)
			ok++;
		else if (-rr.ret < 4096 && !errnos[-rr.ret]++)
			distinct++;
	}
	TH_LOG("%llu tuples compared: %llu differences, %llu opened, %d distinct errnos",
	       (unsigned long long)(only == UINT64_MAX ? n : 1), (unsigned long long)diffs,
	       (unsigned long long)ok, distinct);
	EXPECT_EQ(diffs, 0);
	if (only == UINT64_MAX) {
		/* Opens that work, and the errors of each step of the syscall. */
		EXPECT_GT(ok, n / 50);
		EXPECT_GE(distinct, 8);
		EXPECT_GT(errnos[E2BIG], 0);
		EXPECT_GT(errnos[EINVAL], 0);
		EXPECT_GT(errnos[EFAULT], 0);
		EXPECT_GT(errnos[EAGAIN], 0);
	}
}

/*
 * openat2_full_fd_table: with no descriptor left (RLIMIT_NOFILE at the
 * lowest free one), the Rust openat2 and C's answer alike for good and bad
 * paths and how: which of EMFILE and the path's or how's own error comes
 * first is part of the ABI (and differs between kernel versions).
 */
TEST_F(hardening, openat2_full_fd_table)
{
	const reg_t paths[] = { PTR("small"), 0, PTR(""), PTR("nonexistent"),
				PTR(self->long_path), kernel_address() };
	uint64_t good[3] = { O_RDONLY, 0, 0 }, bad[3] = { 1ULL << 40, 0, 0 };
	struct rlimit saved, full;
	int64_t rr, rc;
	unsigned int i, k, emfile = 0;
	int fd;

	if (openat2_c_missing())
		SKIP(return, "C's openat2 is not at a test-only number: CONFIG_RUST_OPENAT2=n (ENOSYS)");
	fd = fcntl(self->dirfd, F_DUPFD, 0);
	ASSERT_GE(fd, 0);
	close(fd);
	ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
	full = saved;
	full.rlim_cur = fd;
	ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &full), 0);
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		for (k = 0; k < 2; k++) {
			uint64_t *how = k ? bad : good;

			rr = raw_syscall6(NR(__NR_openat2), (reg_t)(uint32_t)AT_FDCWD, paths[i],
					  PTR(how), 24, 0, 0);
			rc = raw_syscall6(NR(__NR_openat2_c), (reg_t)(uint32_t)AT_FDCWD, paths[i],
					  PTR(how), 24, 0, 0);
			EXPECT_EQ(rr, rc) {
				TH_LOG("path %u, how %u: Rust %lld, C %lld", i, k, (long long)rr,
				       (long long)rc);
			}
			/* Nothing may open with no descriptor left; if it did, undo it. */
			EXPECT_LT(rr, 0);
			EXPECT_LT(rc, 0);
			if (rr >= 0)
				close(rr);
			if (rc >= 0 && rc != rr)
				close(rc);
			emfile += rc == -EMFILE;
		}
	}
	ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
	/* The good path and how with no descriptor left. */
	EXPECT_GT(emfile, 0);
}

/* ---------------------------------------------------------------- registers */

#ifdef __i386__
#define UPPER(r) 0ULL		/* int $0x80 passes 32-bit registers */
#else
#define UPPER(r) ((reg_t)next(r) << 32)
#endif

static unsigned long garbage_calls;

static int64_t raw6(reg_t nr, const reg_t a[6])
{
	return raw_syscall6(NR(nr), a[0], a[1], a[2], a[3], a[4], a[5]);
}

/*
 * The registers of a clean call: the arguments, zero in the registers the
 * syscall does not use. The dirty twin has the same arguments with random
 * upper halves in the registers of 32-bit arguments (bit i of `narrow`), and
 * random, non-zero values in every unused register: a stub that reads a
 * register it should not, or more of one than it should, answers differently.
 */
static void clean_regs(reg_t c[6], int used, reg_t a0, reg_t a1, reg_t a2, reg_t a3, reg_t a4)
{
	const reg_t v[5] = { a0, a1, a2, a3, a4 };
	int i;

	for (i = 0; i < 6; i++)
		c[i] = i < used ? v[i] : 0;
}

static void dirty_regs(struct rng *r, const reg_t c[6], int used, unsigned int narrow,
		       reg_t g[6])
{
	int i;

	garbage_calls++;	/* a set of dirty registers, used for one call or more */

	for (i = 0; i < 6; i++) {
		g[i] = c[i];
		if (i >= used)
			g[i] = next(r) | 1;
		else if (narrow & (1u << i))
			g[i] |= UPPER(r);
	}
}

/* What the return register holds for a 64-bit result on this ABI. */
static int64_t ret_reg(int64_t v)
{
#ifdef __i386__
	return (int32_t)v;
#else
	return v;
#endif
}

TEST_F(hardening, register_garbage)
{
	struct rng r = { 0x5eed };
	static char src[64] = "register garbage", dst[64];
	struct xyzzy_params xp;
	static const char *const files[2] = { "small", "/proc/version" };
	static char contents[2][256];
	int64_t want, thread_size, sizes[2];
	uint64_t i, rounds = env_u64("RSC_GARBAGE_ROUNDS", 500);
	int k, fd;

	ASSERT_GE(rounds, 50) {
		TH_LOG("RSC_GARBAGE_ROUNDS=%llu: at least 50 rounds", (unsigned long long)rounds);
	}
	/* What the two files hold, read the usual way. */
	for (k = 0; k < 2; k++) {
		fd = open(files[k], O_RDONLY);
		ASSERT_GE(fd, 0);
		sizes[k] = read(fd, contents[k], sizeof(contents[k]));
		ASSERT_GT(sizes[k], 0);
		ASSERT_LT(sizes[k], (int64_t)sizeof(contents[k]));
		close(fd);
	}
	garbage_calls = 0;
	for (i = 0; i < rounds; i++) {
		reg_t g[6], c[6];
		int32_t x = (int32_t)next(&r), y = (int32_t)next(&r);

		/* foo(): no argument at all. */
		clean_regs(c, 0, 0, 0, 0, 0, 0);
		dirty_regs(&r, c, 0, 0, g);
		thread_size = raw6(NR_FOO, c);
		ASSERT_GE(thread_size, 16384);
		ASSERT_EQ(thread_size & (thread_size - 1), 0);
		ASSERT_EQ(raw6(NR_FOO, g), thread_size);

		/* adder(int, int): Rust and C twin, clean and dirty. */
		clean_regs(c, 2, (uint32_t)x, (uint32_t)y, 0, 0, 0);
		dirty_regs(&r, c, 2, 0x3, g);
		want = raw6(NR_ADDER_C, c);
		ASSERT_EQ(want, ret_reg((int64_t)x + y));
		ASSERT_EQ(raw6(NR_ADDER, c), want);
		ASSERT_EQ(raw6(NR_ADDER, g), want);
		ASSERT_EQ(raw6(NR_ADDER_C, g), want);

		/* magic_knock(u32, u32): the right knock and a wrong one, as root. */
		clean_regs(c, 2, 0xfee1dead, 0x28051999, 0, 0, 0);
		dirty_regs(&r, c, 2, 0x3, g);
		ASSERT_EQ(raw6(NR_MAGIC_KNOCK, c), 0);
		ASSERT_EQ(raw6(NR_MAGIC_KNOCK, g), 0);
		c[1] ^= 1;
		g[1] ^= 1;
		ASSERT_EQ(raw6(NR_MAGIC_KNOCK, c), -EINVAL);
		ASSERT_EQ(raw6(NR_MAGIC_KNOCK, g), -EINVAL);

		/* silly_copy(ptr, ptr, size_t): whole registers, so only the unused ones. */
		clean_regs(c, 3, PTR(src), PTR(dst), 1 + next(&r) % sizeof(src), 0, 0);
		dirty_regs(&r, c, 3, 0, g);
		memset(dst, 0, sizeof(dst));
		ASSERT_EQ(raw6(NR_SILLY_COPY, c), (int64_t)c[2]);
		ASSERT_EQ(memcmp(dst, src, c[2]), 0);
		memset(dst, 0, sizeof(dst));
		ASSERT_EQ(raw6(NR_SILLY_COPY, g), (int64_t)c[2]);
		ASSERT_EQ(memcmp(dst, src, c[2]), 0);

		/*
		 * xyzzy(params, size), Rust and C twin: the native entry takes a
		 * pointer and a size_t, whole registers; the compat entry of x32
		 * a struct pointer, a whole register as in C (a dirty upper half
		 * is EFAULT), and a u32, whose upper half it ignores.
		 */
		memset(&xp, 0, sizeof(xp));
		xp.delta = x >> 8;	/* no overflow of a 32-bit long */
		xp.extra = 7;
		clean_regs(c, 2, PTR(&xp), sizeof(xp), 0, 0, 0);
#if defined(__x86_64__) && defined(__ILP32__)
		dirty_regs(&r, c, 2, 0x3, g);
#else
		dirty_regs(&r, c, 2, 0, g);
#endif
		/* delta + extra, or 0 where that would read as an errno */
		want = xp.delta + 7 >= -4095 && xp.delta + 7 < 0 ? 0 : xp.delta + 7;
		ASSERT_EQ(raw6(NR_XYZZY_C, c), want);
		ASSERT_EQ(raw6(NR_XYZZY, c), want);
		want = raw6(NR_XYZZY_C, g);
#if defined(__x86_64__) && defined(__ILP32__)
		ASSERT_EQ(want, g[0] >> 32 ? -EFAULT : xp.delta + 7);
#endif
		ASSERT_EQ(raw6(NR_XYZZY, g), want);
		/* Only the upper half of the size: the u32 ignores it in both. */
		g[0] = c[0];
		want = raw6(NR_XYZZY_C, g);
		ASSERT_EQ(want, raw6(NR_XYZZY_C, c));
		ASSERT_EQ(raw6(NR_XYZZY, g), want);

		/* readfile(int, ptr, ptr, size_t, unsigned int): Rust == C. */
		k = next(&r) & 1;
		clean_regs(c, 5, (uint32_t)AT_FDCWD, PTR(files[k]), PTR(self->a.rw),
			   next(&r) % 200, next(&r) & 1 ? AT_SYMLINK_NOFOLLOW : 0);
		dirty_regs(&r, c, 5, 0x11, g);
		want = raw6(__NR_readfile, c);
		ASSERT_EQ(want, (int64_t)c[3] < sizes[k] ? (int64_t)c[3] : sizes[k]);
		ASSERT_EQ(memcmp(self->a.rw, contents[k], want), 0);
		/* The dirty calls must write the bytes again. */
		memset(self->a.rw, 0xaa, want);
		ASSERT_EQ(raw6(__NR_readfile, g), want);
		ASSERT_EQ(memcmp(self->a.rw, contents[k], want), 0);
		g[2] = PTR(self->b.rw);
		memset(self->b.rw, 0xaa, want);
		ASSERT_EQ(raw6(NR_READFILE_C, g), want);
		ASSERT_EQ(memcmp(self->b.rw, contents[k], want), 0);

	}
	TH_LOG("%lu sets of registers with garbage, all answered as the clean ones", garbage_calls);
}

/*
 * register_garbage_openat2: the same for openat2(int, ptr, struct open_how *,
 * size_t), the Rust one and C's: each call, clean or dirty, opens the same
 * file (device and inode) with the same descriptor number, status flags and
 * close-on-exec flag; every descriptor is closed before the next call.
 */
struct o2_opened {
	int64_t fd;
	int fl, fd_flags;
	dev_t dev;
	ino_t ino;
};

static void o2_opened(int64_t fd, struct o2_opened *o)
{
	struct stat st;

	memset(o, 0, sizeof(*o));
	o->fd = fd;
	if (fd < 0)
		return;
	o->fl = fcntl(fd, F_GETFL);
	o->fd_flags = fcntl(fd, F_GETFD);
	if (!fstat(fd, &st)) {
		o->dev = st.st_dev;
		o->ino = st.st_ino;
	}
	close(fd);
}

TEST_F(hardening, register_garbage_openat2)
{
	static const char *const files[2] = { "small", "/proc/version" };
	uint64_t i, rounds = env_u64("RSC_GARBAGE_ROUNDS", 500);
	uint64_t how[3] = { O_RDONLY, 0, 0 };
	struct rng r = { 0x02a7 };
	struct o2_opened want, got;
	int k;

	if (openat2_c_missing())
		SKIP(return, "C's openat2 is not at a test-only number: CONFIG_RUST_OPENAT2=n (ENOSYS)");
	ASSERT_GE(rounds, 50);
	garbage_calls = 0;
	for (i = 0; i < rounds; i++) {
		reg_t c[6], g[6];

		k = next(&r) & 1;
		how[0] = (next(&r) & 1 ? O_CLOEXEC : 0) | (next(&r) & 1 ? O_PATH : O_NONBLOCK);
		clean_regs(c, 4, (uint32_t)AT_FDCWD, PTR(files[k]), PTR(how), sizeof(how), 0);
		dirty_regs(&r, c, 4, 0x1, g);
		o2_opened(raw6(__NR_openat2_c, c), &want);
		ASSERT_GE(want.fd, 0);
		ASSERT_EQ(want.fd_flags, how[0] & O_CLOEXEC ? FD_CLOEXEC : 0);
		for (k = 0; k < 3; k++) {
			o2_opened(raw6(k == 2 ? __NR_openat2_c : __NR_openat2, k ? g : c), &got);
			ASSERT_EQ(memcmp(&got, &want, sizeof(want)), 0) {
				TH_LOG("round %llu, call %d: fd %lld flags 0%o fd flags %d, not %lld 0%o %d",
				       (unsigned long long)i, k, (long long)got.fd, got.fl,
				       got.fd_flags, (long long)want.fd, want.fl, want.fd_flags);
			}
		}
	}
	TH_LOG("%lu sets of registers with garbage, all opened as the clean ones", garbage_calls);
}

/* ---------------------------------------------------------------- stress */

/*
 * Workers are processes, not threads: they share the directory and a
 * MAP_SHARED page of counters, and need no futex (which a 32-bit process
 * cannot use on a kernel without CONFIG_COMPAT_32BIT_TIME).
 */
#define READERS 4
#define MUTATORS 2
#define STRESS_FILES 4

struct stress {
	volatile int stop;
	long calls[READERS], fails[READERS];
	long hits[READERS][2];	/* calls that read data: [0] Rust, [1] C */
	char bad[READERS][200];
};

static void stress_path(char *p, size_t n, const char *dir, int i, int tmp)
{
	snprintf(p, n, "%s/s%d%s", dir, i, tmp ? ".tmp" : "");
}

static void write_all(const char *path, int flags, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);

	if (fd < 0)
		return;
	if (write(fd, data, len) < 0)
		len = 0;
	close(fd);
}

static void mutator(struct stress *s, const char *dir, int id)
{
	struct rng r = { 0x6d757461ULL + id };
	char p[128], q[128], data[8192];

	while (!s->stop) {
		int i = pick(&r, STRESS_FILES);
		size_t len = pick(&r, sizeof(data));

		memset(data, 'A' + pick(&r, 26), len);
		stress_path(p, sizeof(p), dir, i, 0);
		stress_path(q, sizeof(q), dir, i, 1);
		switch (pick(&r, 5)) {
		case 0:
			if (truncate(p, pick(&r, 2 * sizeof(data))))
				continue;
			break;
		case 1:
			write_all(p, O_TRUNC, data, len);
			break;
		case 2:
			write_all(q, O_TRUNC, data, len);
			if (rename(q, p))
				continue;
			break;
		case 3:
			unlink(p);
			break;
		default:
			write_all(p, O_APPEND, data, len);
			break;
		}
	}
}

static void reader(struct stress *s, const char *dir, int id)
{
	struct rng r = { 0x72656164ULL + id };
	static char buf[20000];
	char p[128];

	while (!s->stop) {
		reg_t nr = pick(&r, 2) ? __NR_readfile : NR_READFILE_C;
		size_t size = 1 + pick(&r, sizeof(buf) - 1);
		const char *bad = NULL;
		int64_t ret, k;

		stress_path(p, sizeof(p), dir, pick(&r, STRESS_FILES), 0);
		ret = readfile_raw(nr, (uint32_t)AT_FDCWD, PTR(p), PTR(buf), size, 0);
		if (ret < 0 && ret != -ENOENT)
			bad = "unexpected errno";
		if (ret > (int64_t)size)
			bad = "more bytes than bufsize";
		/* Only bytes some writer wrote, or the zeroes of a truncate. */
		for (k = 0; ret > 0 && k < ret && !bad; k++)
			if (buf[k] && (buf[k] < 'A' || buf[k] > 'Z'))
				bad = "bytes nobody wrote";
		s->calls[id]++;
		s->hits[id][nr != __NR_readfile] += ret > 0;
		if (bad && !s->fails[id]++)
			snprintf(s->bad[id], sizeof(s->bad[id]), "%s: %s returned %lld for %s",
				 bad, nr == __NR_readfile ? "Rust" : "C", (long long)ret, p);
	}
}

TEST_F_TIMEOUT(hardening, concurrent_readfile, 300)
{
	unsigned int secs = env_u64("RSC_STRESS_SECONDS", 10);
	pid_t pids[READERS + MUTATORS];
	long calls = 0, hits[2] = { 0, 0 }, fails = 0;
	struct timespec t0, t1;
	struct stress *s;
	int i, status;

	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(s != MAP_FAILED);
	memset(s, 0, sizeof(*s));
	for (i = 0; i < READERS + MUTATORS; i++) {
		pids[i] = fork();
		ASSERT_GE(pids[i], 0);
		if (!pids[i]) {
			if (i < READERS)
				reader(s, self->dir, i);
			else
				mutator(s, self->dir, i);
			_exit(0);
		}
	}
	/* Not sleep(): 32-bit nanosleep needs CONFIG_COMPAT_32BIT_TIME. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while (t1.tv_sec - t0.tv_sec < (time_t)secs);
	s->stop = 1;
	for (i = 0; i < READERS + MUTATORS; i++) {
		ASSERT_EQ(waitpid(pids[i], &status, 0), pids[i]);
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	for (i = 0; i < READERS; i++) {
		calls += s->calls[i];
		hits[0] += s->hits[i][0];
		hits[1] += s->hits[i][1];
		fails += s->fails[i];
		if (s->fails[i])
			TH_LOG("reader %d: %ld insane results, first: %s", i, s->fails[i], s->bad[i]);
	}
	TH_LOG("%u s, %d readers and %d mutators: %ld readfile calls, %ld + %ld read data (Rust + C), %ld insane results",
	       secs, READERS, MUTATORS, calls, hits[0], hits[1], fails);
	EXPECT_EQ(fails, 0);
	/* Both found the files with data often enough for the race to matter. */
	EXPECT_GT(hits[0], 100);
	EXPECT_GT(hits[1], 100);
	munmap(s, sizeof(*s));
}

TEST_HARNESS_MAIN
