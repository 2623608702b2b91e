// SPDX-License-Identifier: GPL-2.0
/* Calls the Rust sample syscalls once each and prints what they answer. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

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

int main(void)
{
	char src[] = "hello from user space", dst[sizeof(src)] = "";
	int bad = 0;

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
