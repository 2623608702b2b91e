// SPDX-License-Identifier: GPL-2.0
/*
 * readfile(2) benchmark: time per file of readfile() against
 * openat() + read() until EOF + close(), on a short tmpfs file, a procfs file
 * and a sysfs file; and, when the kernel has the C twins of rust-syscalls,
 * the Rust implementation against the C one, and a trivial Rust syscall stub
 * against its C twin.
 *
 * Prints one JSON object. Only ratios between numbers of the same run are
 * meaningful. Under QEMU with -icount shift=0 the guest clock counts
 * instructions (1 ns = 1 instruction), so runs repeat exactly.
 *
 * usage: readfile_speed [-n iterations] [-d tmpdir]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "raw_syscall.h"

#ifndef __NR_readfile
#define __NR_readfile 463
#endif
#define NR_READFILE_C	1000
#define NR_ADDER	1002
#define NR_ADDER_C	1003

static char buf[65536];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int64_t do_readfile(reg_t nr, const char *path)
{
	return raw_syscall5(NR(nr), (reg_t)(uint32_t)AT_FDCWD, PTR(path), PTR(buf),
			    sizeof(buf), 0);
}

/* What readfile replaces: open, read until a read returns 0, close. */
static int64_t do_open_read_close(const char *path, int *nsyscalls)
{
	int64_t total = 0, n;
	int fd = open(path, O_RDONLY);

	*nsyscalls = 2;
	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf + total, sizeof(buf) - total)) > 0) {
		total += n;
		(*nsyscalls)++;
	}
	(*nsyscalls)++;
	close(fd);
	return n < 0 ? -errno : total;
}

enum method { M_READFILE, M_READFILE_C, M_ORC };

/* Average nanoseconds per call, or -1 if the method is not available. */
static double bench_file(enum method m, const char *path, int iters, int64_t *size,
			 int *nsyscalls)
{
	uint64_t t0 = 0, t1;
	int64_t ret = 0;
	int i, warm = iters / 10 + 1;

	for (i = 0; i < warm + iters; i++) {
		if (i == warm)
			t0 = now_ns();
		switch (m) {
		case M_READFILE:
			ret = do_readfile(__NR_readfile, path);
			*nsyscalls = 1;
			break;
		case M_READFILE_C:
			ret = do_readfile(NR_READFILE_C, path);
			*nsyscalls = 1;
			break;
		case M_ORC:
			ret = do_open_read_close(path, nsyscalls);
			break;
		}
		if (ret < 0)
			return -1;
	}
	t1 = now_ns();
	*size = ret;
	return (double)(t1 - t0) / iters;
}

static double bench_stub(reg_t nr, int iters)
{
	uint64_t t0, t1;
	int i;

	if (raw_syscall2(NR(nr), 1, 2) != 3)
		return -1;
	t0 = now_ns();
	for (i = 0; i < iters; i++)
		raw_syscall2(NR(nr), i, 2);
	t1 = now_ns();
	return (double)(t1 - t0) / iters;
}

static double bench_null(int iters)
{
	uint64_t t0, t1;
	int i;

	t0 = now_ns();
	for (i = 0; i < iters; i++)
		syscall(SYS_getppid);
	t1 = now_ns();
	return (double)(t1 - t0) / iters;
}

int main(int argc, char **argv)
{
	const char *dir = "/tmp";
	char tmpfile[256];
	const char *files[3][2] = {
		{ "tmpfs", tmpfile },
		{ "procfs", "/proc/self/stat" },
		{ "sysfs", "/sys/kernel/mm/transparent_hugepage/enabled" },
	};
	int iters = 2000, opt, i, fd;

	while ((opt = getopt(argc, argv, "n:d:")) != -1) {
		if (opt == 'n')
			iters = atoi(optarg);
		else if (opt == 'd')
			dir = optarg;
		else
			return 2;
	}
	snprintf(tmpfile, sizeof(tmpfile), "%s/readfile_speed.txt", dir);
	fd = open(tmpfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "0123456789abcdef\n", 17) != 17) {
		perror(tmpfile);
		return 1;
	}
	close(fd);
	if (access(files[2][1], R_OK))
		files[2][1] = "/sys/devices/system/cpu/online";

	printf("{\n  \"iterations\": %d,\n", iters);
	printf("  \"null_syscall_ns\": %.1f,\n", bench_null(iters * 5));
	printf("  \"files\": {\n");
	for (i = 0; i < 3; i++) {
		int64_t size = 0, size_orc = 0;
		int n_rf = 0, n_rfc = 0, n_orc = 0;
		double rf = bench_file(M_READFILE, files[i][1], iters, &size, &n_rf);
		double rfc = bench_file(M_READFILE_C, files[i][1], iters, &size, &n_rfc);
		double orc = bench_file(M_ORC, files[i][1], iters, &size_orc, &n_orc);

		if (rf < 0 || orc < 0) {
			fprintf(stderr, "%s: readfile or open/read/close failed\n", files[i][1]);
			return 1;
		}
		printf("    \"%s\": {\"path\": \"%s\", \"bytes\": %lld,\n", files[i][0],
		       files[i][1], (long long)size_orc);
		printf("      \"readfile_ns\": %.1f, \"readfile_c_ns\": %.1f,\n", rf, rfc);
		printf("      \"open_read_close_ns\": %.1f,\n", orc);
		printf("      \"syscalls_readfile\": %d, \"syscalls_open_read_close\": %d,\n",
		       n_rf, n_orc);
		printf("      \"speedup_vs_open_read_close\": %.4f", orc / rf);
		if (rfc > 0)
			printf(", \"rust_over_c\": %.4f", rf / rfc);
		printf("}%s\n", i < 2 ? "," : "");
	}
	printf("  },\n");
	{
		double r = bench_stub(NR_ADDER, iters * 5);
		double c = bench_stub(NR_ADDER_C, iters * 5);

		printf("  \"stub\": {\"adder_rust_ns\": %.1f, \"adder_c_ns\": %.1f",
		       r, c);
		if (r > 0 && c > 0)
			printf(", \"rust_over_c\": %.4f", r / c);
		printf("}\n");
	}
	printf("}\n");
	unlink(tmpfile);
	return 0;
}
