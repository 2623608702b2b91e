// SPDX-License-Identifier: GPL-2.0
/*
 * syscall: call a system call by name or number from a shell.
 *
 *   syscall NAME|NUMBER [ARG...]
 *
 * NAME is looked up among the module syscalls registered now
 * (/sys/kernel/rust_syscalls/NAME/, the number of this ABI), then among
 * the syscalls of the kernel's uapi headers this binary was built with.
 * Each ARG is an integer (decimal, 0x hex, negative; it must fit in an
 * unsigned long of this ABI), buf:N for a buffer
 * of N zeroed bytes that is printed after the call, u64:N for a pointer to
 * a 64-bit integer that holds N and is printed after the call, or else a
 * string, passed by address. Prints the call and its result, like strace, and
 * exits 0 when the call succeeded, 1 when it failed, 2 on bad usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

/* { "name", number } of every syscall of this ABI, from the uapi headers. */
#include "syscall_names.h"
#include "module_nr.h"

/*
 * An integer argument: decimal, 0x hex or 0 octal, negative or not, that
 * fits in a register of this ABI (an unsigned long); 1 if @s is one, 0 if
 * it is not a number at all, -1 if it looks like one but is not valid.
 */
static int parse_long(const char *s, long *v)
{
	const char *p = s[0] == '-' ? s + 1 : s;
	unsigned long long u;
	char *end;

	if (*p < '0' || *p > '9')
		return 0;
	errno = 0;
	u = strtoull(p, &end, 0);
	if (*end || errno || (s[0] == '-' && u > (unsigned long long)LONG_MAX + 1) ||
	    (s[0] != '-' && u > ULONG_MAX))
		return -1;
	*v = s[0] == '-' ? (long)-u : (long)(unsigned long)u;
	return 1;
}

static int lookup(const char *s, long *nr)
{
	size_t i;

	if (parse_long(s, nr) == 1)
		return 1;
	if (!strchr(s, '/') && strlen(s) < 64) {
		*nr = rsc_module_nr(s);
		if (*nr >= 0)
			return 1;
	}
	for (i = 0; i < sizeof(syscall_names) / sizeof(syscall_names[0]); i++) {
		if (!strcmp(syscall_names[i].name, s)) {
			*nr = syscall_names[i].nr;
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	long nr, args[6] = { 0 }, ret;
	unsigned long long u64s[6];
	int is_u64[6] = { 0 };
	char *bufs[6] = { 0 };
	size_t lens[6] = { 0 };
	int i, n = argc - 2;

	if (argc < 2 || argc > 8 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: %s NAME|NUMBER [ARG...]   (at most 6 ARGs: integer, buf:N, u64:N or string)\n",
			argv[0]);
		return 2;
	}
	if (!lookup(argv[1], &nr)) {
		fprintf(stderr, "%s: no syscall named %s (not in the uapi headers, not a registered module syscall)\n",
			argv[0], argv[1]);
		return 2;
	}
	for (i = 0; i < n; i++) {
		const char *a = argv[i + 2];
		char *end;
		int num = parse_long(a, &args[i]);

		if (num == 1)
			continue;
		if (num < 0) {
			fprintf(stderr, "%s: %s: not an integer of this ABI\n", argv[0], a);
			return 2;
		}
		if (!strncmp(a, "u64:", 4)) {
			errno = 0;
			u64s[i] = strtoull(a + 4, &end, 0);
			if (!a[4] || *end || errno) {
				fprintf(stderr, "%s: %s: u64:N takes an integer\n", argv[0], a);
				return 2;
			}
			is_u64[i] = 1;
			args[i] = (long)&u64s[i];
			continue;
		}
		if (!strncmp(a, "buf:", 4)) {
			lens[i] = strtoul(a + 4, &end, 0);
			if (*end || !lens[i] || lens[i] > (1 << 24)) {
				fprintf(stderr, "%s: %s: buf:N takes a size from 1 to 16M\n", argv[0], a);
				return 2;
			}
			bufs[i] = calloc(1, lens[i] + 1);
			if (!bufs[i])
				return 2;
			args[i] = (long)bufs[i];
			continue;
		}
		args[i] = (long)a;
	}
	errno = 0;
	ret = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
	printf("%s(", argv[1]);
	for (i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", argv[i + 2]);
	if (ret == -1 && errno)
		printf(") = -1 %s (%s)\n", strerrorname_np(errno) ?: "?", strerror(errno));
	else
		printf(") = %ld\n", ret);
	for (i = 0; i < n; i++) {
		size_t k;

		if (is_u64[i])
			printf("%s = %llu\n", argv[i + 2], u64s[i]);
		if (!bufs[i] || ret <= 0)
			continue;
		k = (size_t)ret < lens[i] ? (size_t)ret : lens[i];
		printf("buf:%zu: %.*s", lens[i], (int)k, bufs[i]);
		if (bufs[i][k - 1] != '\n')
			putchar('\n');
	}
	return ret == -1 && errno ? 1 : 0;
}
