// SPDX-License-Identifier: GPL-2.0
/*
 * readfile(2) benchmark: time per file of readfile() against
 * openat() + read() until EOF + close(), on a short tmpfs file, a procfs file
 * and a sysfs file; optionally against a second implementation of readfile()
 * and a pair of trivial syscalls given by number.
 *
 * Prints one JSON object. Only ratios between numbers of the same run are
 * meaningful. Under QEMU with -icount shift=0 the guest clock counts
 * instructions (1 ns = 1 instruction), so runs repeat exactly.
 *
 * Each file is read by absolute path and, as tools that read many files
 * do, relative to an open directory.
 *
 * With -t, openat2(2) (with close()) at __NR_openat2, the Rust one under
 * CONFIG_RUST_OPENAT2, against C's at its test-only number, on the tmpfs and
 * procfs files.
 *
 * usage: readfile_speed [-n iterations] [-d tmpdir] [-c twin_nr] [-s nr,ref_nr[,nr3]]
 *                       [-t] [-3 nr3]
 *   -c  also time a second readfile implementation at syscall twin_nr
 *   -s  also time two (or three) 2-argument adding syscalls against each other
 *   -t  the test kernel's: -c with readfile_c, -s with adder and adder_c, and
 *       openat2 against openat2_c
 *   -3  a third adding syscall for -t (adder registered by a module)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../readfile/raw_syscall.h"

/* Optional syscalls to compare against, by number (-c, -s and -t). */
static reg_t nr_twin, nr_stub, nr_stub_ref, nr_stub3, nr_openat2_c;

#ifndef __NR_openat2_c
#define __NR_openat2_c 0	/* not a test kernel's headers: no openat2 figures */
#endif

static char buf[65536];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

enum method {
	M_READFILE,	/* readfile() */
	M_READFILE_C,	/* the second implementation given by -c */
	M_ORC,		/* openat() + read() until 0 + close() */
	M_OPEN_CLOSE,	/* readfile() with bufsize 0: walk, open, close */
	M_STAT,		/* fstatat(): the path walk alone */
	M_NR
};

static const char * const method_names[M_NR] = {
	"readfile", "readfile_c", "open_read_close", "readfile_bufsize0", "stat",
};

/* One call of a method; returns bytes read (or 0) and counts syscalls. */
static int64_t call(enum method m, int dfd, const char *path, int *nsys)
{
	struct stat st;
	int64_t total = 0, n;
	int fd;

	*nsys = 1;
	switch (m) {
	case M_READFILE:
		return raw_syscall5(NR(__NR_readfile), (reg_t)(uint32_t)dfd, PTR(path),
				    PTR(buf), sizeof(buf), 0);
	case M_READFILE_C:
		if (!nr_twin)
			return -EOPNOTSUPP;	/* no second implementation given */
		return raw_syscall5(NR(nr_twin), (reg_t)(uint32_t)dfd, PTR(path),
				    PTR(buf), sizeof(buf), 0);
	case M_OPEN_CLOSE:
		return raw_syscall5(NR(__NR_readfile), (reg_t)(uint32_t)dfd, PTR(path),
				    PTR(buf), 0, 0);
	case M_STAT:
		return fstatat(dfd, path, &st, 0) ? -errno : 0;
	case M_ORC:
		*nsys = 0;
		fd = openat(dfd, path, O_RDONLY);
		if (fd < 0)
			return -errno;
		while ((n = read(fd, buf + total, sizeof(buf) - total)) > 0) {
			total += n;
			(*nsys)++;
		}
		close(fd);
		*nsys += 3;	/* openat, the read that returns 0, close */
		return n < 0 ? -errno : total;
	default:
		return -EINVAL;
	}
}

#define ROUNDS 20

/*
 * Per-call time of each method: ROUNDS rounds, each timing a block of calls
 * of every method in turn, and the fastest block of each method kept, so
 * that an interrupt landing in one block does not count.
 */
static int measure(int dfd, const char *path, int iters, double *ns, int64_t *bytes,
		   int *nsys)
{
	int r, i, per = iters / ROUNDS + 1;
	enum method m;

	for (m = 0; m < M_NR; m++) {
		ns[m] = -1;
		bytes[m] = call(m, dfd, path, &nsys[m]);
		if (bytes[m] >= 0) {
			ns[m] = 1e18;
			continue;
		}
		/* Only the second implementation is optional, and only without -c. */
		if (m == M_READFILE_C && !nr_twin)
			continue;
		fprintf(stderr, "%s: %s failed: %s\n", path, method_names[m],
			strerror((int)-bytes[m]));
		return -1;
	}
	for (r = 0; r < ROUNDS; r++) {
		for (m = 0; m < M_NR; m++) {
			uint64_t t0;
			double t;

			if (ns[m] < 0)
				continue;
			t0 = now_ns();
			for (i = 0; i < per; i++)
				bytes[m] = call(m, dfd, path, &nsys[m]);
			t = (double)(now_ns() - t0) / per;
			if (t < ns[m])
				ns[m] = t;
		}
	}
	return 0;
}

static double measure_stub(reg_t nr, int iters)
{
	double best = 1e18;
	int r, i, per = iters / ROUNDS + 1;

	if (!nr || raw_syscall2(NR(nr), 1, 2) != 3)
		return -1;
	for (r = 0; r < ROUNDS; r++) {
		uint64_t t0 = now_ns();
		double t;

		for (i = 0; i < per; i++)
			raw_syscall2(NR(nr), i, 2);
		t = (double)(now_ns() - t0) / per;
		if (t < best)
			best = t;
	}
	return best;
}

/* One openat2(path, O_RDONLY | O_CLOEXEC) and the close() of what it opened. */
static int64_t openat2_close(reg_t nr, int dfd, const char *path)
{
	static const uint64_t how[3] = { O_RDONLY | O_CLOEXEC, 0, 0 };
	int64_t fd = raw_syscall6(NR(nr), (reg_t)(uint32_t)dfd, PTR(path), PTR(how),
				  sizeof(how), 0, 0);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* Per-call time of the Rust openat2 (ns[0]) and C's (ns[1]), as measure(). */
static int measure_openat2(int dfd, const char *path, int iters, double ns[2])
{
	const reg_t nr[2] = { __NR_openat2, nr_openat2_c };
	int r, i, k, per = iters / ROUNDS + 1;
	int64_t fd;

	for (k = 0; k < 2; k++) {
		fd = openat2_close(nr[k], dfd, path);
		if (fd < 0) {
			fprintf(stderr, "%s: openat2 (%s) failed: %s\n", path, k ? "C" : "Rust",
				strerror((int)-fd));
			return -1;
		}
		ns[k] = 1e18;
	}
	for (r = 0; r < ROUNDS; r++) {
		for (k = 0; k < 2; k++) {
			uint64_t t0 = now_ns();
			double t;

			for (i = 0; i < per; i++)
				openat2_close(nr[k], dfd, path);
			t = (double)(now_ns() - t0) / per;
			if (t < ns[k])
				ns[k] = t;
		}
	}
	return 0;
}

struct target {
	const char *name;
	const char *dir;	/* opened as dfd for the relative variant */
	const char *file;
};

int main(int argc, char **argv)
{
	const char *dir = "/tmp";
	char sysdir[] = "/sys/kernel/mm/transparent_hugepage";
	struct target t[] = {
		{ "tmpfs", NULL, "readfile_speed.txt" },
		{ "procfs", "/proc/self", "stat" },
		{ "sysfs", sysdir, "enabled" },
	};
	int iters = 2000, opt, i, fd, first = 1;
	double ns[M_NR];
	int64_t bytes[M_NR];
	int nsys[M_NR];

	while ((opt = getopt(argc, argv, "n:d:c:s:t3:")) != -1) {
		if (opt == 't') {
			nr_twin = NR_READFILE_C;
			nr_stub = NR_ADDER;
			nr_stub_ref = NR_ADDER_C;
			nr_openat2_c = openat2_close(__NR_openat2_c, AT_FDCWD, ".") == -ENOSYS ?
				       0 : __NR_openat2_c;
		} else if (opt == '3')
			nr_stub3 = strtoul(optarg, NULL, 0);
		else if (opt == 'n')
			iters = atoi(optarg);
		else if (opt == 'd')
			dir = optarg;
		else if (opt == 'c')
			nr_twin = strtoul(optarg, NULL, 0);
		else if (opt == 's' && sscanf(optarg, "%llu,%llu,%llu",
					      (unsigned long long *)&nr_stub,
					      (unsigned long long *)&nr_stub_ref,
					      (unsigned long long *)&nr_stub3) >= 2)
			continue;
		else
			return 2;
	}
	t[0].dir = dir;
	if (chdir(dir))
		return 1;
	fd = open(t[0].file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "0123456789abcdef\n", 17) != 17) {
		perror(t[0].file);
		return 1;
	}
	close(fd);
	if (access(sysdir, R_OK)) {
		t[2].dir = "/sys/devices/system/cpu";
		t[2].file = "online";
	}

	printf("{\n  \"iterations\": %d, \"rounds\": %d,\n", iters, ROUNDS);
	if (nr_stub || nr_stub_ref) {
		double a = measure_stub(nr_stub, iters * 5);
		double b = measure_stub(nr_stub_ref, iters * 5);

		if (a < 0 || b < 0) {
			fprintf(stderr, "-s %llu,%llu: not two adding syscalls\n",
				(unsigned long long)nr_stub, (unsigned long long)nr_stub_ref);
			return 1;
		}
		printf("  \"adder_rust_ns\": %.1f, \"adder_c_ns\": %.1f,\n", a, b);
		if (nr_stub3) {
			double c = measure_stub(nr_stub3, iters * 5);

			if (c < 0) {
				fprintf(stderr, "-s: %llu is not an adding syscall\n",
					(unsigned long long)nr_stub3);
				return 1;
			}
			printf("  \"adder_third_ns\": %.1f,\n", c);
		}
	}
	printf("  \"files\": [\n");
	for (i = 0; i < 3; i++) {
		char abs[512];
		int dfd = open(t[i].dir, O_RDONLY | O_DIRECTORY), rel;
		enum method m;

		if (dfd < 0) {
			perror(t[i].dir);
			return 1;
		}
		snprintf(abs, sizeof(abs), "%s/%s", t[i].dir, t[i].file);
		for (rel = 0; rel < 2; rel++) {
			if (measure(rel ? dfd : AT_FDCWD, rel ? t[i].file : abs, iters,
				    ns, bytes, nsys))
				return 1;
			printf("%s    {\"fs\": \"%s\", \"lookup\": \"%s\", \"path\": \"%s\", ",
			       first ? "" : ",\n", t[i].name, rel ? "dfd" : "absolute",
			       rel ? t[i].file : abs);
			first = 0;
			/* What each method read in its last call: the report compares them. */
			printf("\"bytes\": %lld, \"bytes_readfile\": %lld, ",
			       (long long)bytes[M_ORC], (long long)bytes[M_READFILE]);
			printf("\"bytes_readfile_c\": %lld, ",
			       (long long)(nr_twin ? bytes[M_READFILE_C] : -1));
			printf("\"syscalls_readfile\": %d, ", nsys[M_READFILE]);
			printf("\"syscalls_open_read_close\": %d", nsys[M_ORC]);
			for (m = 0; m < M_NR; m++)
				printf(", \"%s_ns\": %.1f", method_names[m], ns[m]);
			printf("}");
		}
		close(dfd);
	}
	printf("\n  ]");
	if (nr_openat2_c) {
		printf(",\n  \"openat2\": [\n");
		for (i = 0; i < 2; i++) {
			char abs[512];
			int dfd = open(t[i].dir, O_RDONLY | O_DIRECTORY), rel;
			double o2[2];

			if (dfd < 0)
				perror(t[i].dir);
			snprintf(abs, sizeof(abs), "%s/%s", t[i].dir, t[i].file);
			for (rel = 0; rel < 2; rel++) {
				/* A failure is reported, with no time, not fatal. */
				if (measure_openat2(rel ? dfd : AT_FDCWD, rel ? t[i].file : abs,
						    iters, o2))
					o2[0] = o2[1] = -1;
				printf("%s    {\"fs\": \"%s\", \"lookup\": \"%s\", \"rust_ns\": %.1f, \"c_ns\": %.1f}",
				       i || rel ? ",\n" : "", t[i].name, rel ? "dfd" : "absolute",
				       o2[0], o2[1]);
			}
			if (dfd >= 0)
				close(dfd);
		}
		printf("\n  ]");
	}
	printf("\n}\n");
	unlink(t[0].file);
	return 0;
}
