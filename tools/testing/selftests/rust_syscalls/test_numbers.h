/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-only syscall numbers (syscalls.tbl, the one place that sets them).
 *
 * With RSC_SYSCALLS_FROM=module in the environment, the samples' numbers are
 * those a module registered under the same names (module_nr.h), so that the
 * same tests run against the module build of the same sources.
 */
#ifndef TEST_NUMBERS_H
#define TEST_NUMBERS_H

/* Force-included ahead of the test's own includes: define what they expect. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <asm/unistd.h>
#include <string.h>
#include "module_nr.h"

static inline long rsc_sample_nr(const char *name, long builtin)
{
	const char *from = getenv("RSC_SYSCALLS_FROM");

	if (from && !strcmp(from, "module"))
		return rsc_module_nr(name);
	return builtin;
}

/*
 * The numbers come from the test kernel's syscall tables, through its uapi
 * headers: the x32 ones carry __X32_SYSCALL_BIT and, for xyzzy, are the
 * compat slots next to the native ones.
 */
#define NR_READFILE_C	__NR_readfile_c
#define NR_FOO		rsc_sample_nr("foo", __NR_foo)
#define NR_ADDER	rsc_sample_nr("adder", __NR_adder)
#define NR_ADDER_C	__NR_adder_c
#define NR_SILLY_COPY	rsc_sample_nr("silly_copy", __NR_silly_copy)
#define NR_MAGIC_KNOCK	rsc_sample_nr("magic_knock", __NR_magic_knock)
#define NR_XYZZY	rsc_sample_nr("xyzzy", __NR_xyzzy)
#define NR_XYZZY_C	__NR_xyzzy_c

#endif /* TEST_NUMBERS_H */
