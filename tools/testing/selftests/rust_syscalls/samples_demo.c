// SPDX-License-Identifier: GPL-2.0
/*
 * Calls the Rust sample syscalls once each and prints what they answer.
 * With --module DIR: loads DIR/rust_syscall_counter.ko, calls its syscalls at
 * the numbers it registered, unloads it and calls again (ENOSYS).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../readfile/raw_syscall.h"
#include "test_numbers.h"

static int show(const char *call, int64_t ret)
{
	if (ret < 0 && ret >= -4095)
		printf("%-28s -> -1 (%s)\n", call, strerror((int)-ret));
	else
		printf("%-28s -> %lld\n", call, (long long)ret);
	return ret < 0 && ret >= -4095;
}

static int module_demo(const char *dir)
{
	char path[512];
	long add, get;
	int fd, bad = 0;

	snprintf(path, sizeof(path), "%s/rust_syscall_counter.ko", dir);
	fd = open(path, O_RDONLY);
	if (fd < 0 || syscall(__NR_finit_module, fd, "", 0)) {
		perror(path);
		return 1;
	}
	close(fd);
	add = rsc_module_nr("counter_add");
	get = rsc_module_nr("counter_get");
	printf("Loaded rust_syscall_counter.ko: counter_add is syscall %ld, counter_get %ld\n"
	       "(" RSC_SYSFS "/NAME/" RSC_NR_FILE ")\n", add, get);
	bad |= show("counter_add(40)", raw_syscall2(NR(add), 40, 0));
	bad |= show("counter_add(2)", raw_syscall2(NR(add), 2, 0));
	bad |= show("counter_get()", raw_syscall0(NR(get)));
	if (syscall(__NR_delete_module, "rust_syscall_counter", O_NONBLOCK)) {
		perror("delete_module");
		return 1;
	}
	printf("Unloaded it:\n");
	/* ENOSYS now is what the demo shows. */
	bad |= !show("counter_get()", raw_syscall0(NR(get)));
	return bad;
}

int main(int argc, char **argv)
{
	char src[] = "hello from user space", dst[sizeof(src)] = "";
	int bad = 0;

	if (argc == 3 && !strcmp(argv[1], "--module"))
		return module_demo(argv[2]);

	printf("Rust sample syscalls (%s ABI):\n", ABI_NAME);
	bad |= show("foo()", raw_syscall0(NR(NR_FOO)));
	bad |= show("adder(40, 2)", raw_syscall2(NR(NR_ADDER), 40, 2));
	bad |= show("adder(0xdeadbeef00000028, 2)",
		    raw_syscall2(NR(NR_ADDER), GARBAGE | 40, 2));
	bad |= show("silly_copy(src, dst, 22)",
		    raw_syscall3(NR(NR_SILLY_COPY), PTR(src), PTR(dst), sizeof(src)));
	printf("%-28s    dst = \"%s\"\n", "", dst);
	show("silly_copy(NULL, dst, 22)",
	     raw_syscall3(NR(NR_SILLY_COPY), 0, PTR(dst), sizeof(src)));
	return bad;
}
