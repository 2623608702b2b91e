// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD library for the comparison runs of the tree's openat2
 * selftests: their openat2(2) calls, made with syscall(__NR_openat2, ...),
 * go to C's openat2 at its test-only number (__NR_openat2_c) instead of the
 * Rust one at __NR_openat2, without a line of the tests changed. Every other
 * syscall goes where it was going.
 *
 * The process that loaded it first prints, when it exits, how many calls it
 * and the children it forked sent on: "# rsc-redirect openat2 N" (a TAP
 * comment), which the host checks, so that a comparison run whose calls did
 * not reach openat2_c fails.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include <asm/unistd.h>

#ifndef __NR_openat2_c
#error "no __NR_openat2_c: build against the uapi headers of a test kernel"
#endif

/* Shared with forked children, which may leave with _exit(). */
static unsigned long *redirected;
static pid_t owner;

__attribute__((constructor)) static void setup(void)
{
	void *p = mmap(NULL, sizeof(*redirected), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	redirected = p == MAP_FAILED ? NULL : p;
	owner = getpid();
}

long syscall(long nr, ...)
{
	static long (*next)(long, ...);
	long a[6];
	va_list ap;
	int i;

	/* Like glibc's syscall(): six arguments, whatever the syscall takes. */
	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (!next)
		next = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	if (nr == __NR_openat2) {
		nr = __NR_openat2_c;
		if (redirected)
			__atomic_add_fetch(redirected, 1, __ATOMIC_RELAXED);
	}
	return next(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

__attribute__((destructor)) static void report(void)
{
	if (redirected && getpid() == owner)
		fprintf(stderr, "# rsc-redirect openat2 %lu\n", *redirected);
}
