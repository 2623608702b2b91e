// SPDX-License-Identifier: GPL-2.0
/*
 * C twin of the Rust adder() sample: the reference for argument sanitising
 * and for the instruction count of the entry stub.
 */
#include <linux/syscalls.h>

SYSCALL_DEFINE2(adder_c, int, a, int, b)
{
	return (long)a + (long)b;
}
