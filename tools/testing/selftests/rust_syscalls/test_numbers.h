/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-only syscall numbers; see Documentation/rust/syscalls.rst.
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

#include <string.h>
#include "module_nr.h"

static inline long rsc_sample_nr(const char *name, long builtin)
{
	const char *from = getenv("RSC_SYSCALLS_FROM");

	if (from && !strcmp(from, "module"))
		return rsc_module_nr(name);
	return builtin;
}

#define NR_READFILE_C	1000
#define NR_FOO		rsc_sample_nr("foo", 1001)
#define NR_ADDER	rsc_sample_nr("adder", 1002)
#define NR_ADDER_C	1003
#define NR_SILLY_COPY	rsc_sample_nr("silly_copy", 1004)
#define NR_MAGIC_KNOCK	rsc_sample_nr("magic_knock", 1005)
#if defined(__x86_64__) && defined(__ILP32__)
#define NR_XYZZY	rsc_sample_nr("xyzzy", 1007)	/* x32 has its own compat slot */
#define NR_XYZZY_C	1009
#else
#define NR_XYZZY	rsc_sample_nr("xyzzy", 1006)
#define NR_XYZZY_C	1008
#endif

#endif /* TEST_NUMBERS_H */
