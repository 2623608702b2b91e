/* SPDX-License-Identifier: GPL-2.0 */
/* Test-only syscall numbers; see Documentation/rust/syscalls.rst. */
#ifndef TEST_NUMBERS_H
#define TEST_NUMBERS_H

#define NR_READFILE_C	1000
#define NR_FOO		1001
#define NR_ADDER	1002
#define NR_ADDER_C	1003
#define NR_SILLY_COPY	1004
#define NR_MAGIC_KNOCK	1005
#if defined(__x86_64__) && defined(__ILP32__)
#define NR_XYZZY	1007	/* x32 has its own compat slot */
#else
#define NR_XYZZY	1006
#endif

#endif /* TEST_NUMBERS_H */
