/* SPDX-License-Identifier: GPL-2.0 */
/* The argument struct of the xyzzy sample syscall, for the selftests. */
#ifndef XYZZY_H
#define XYZZY_H

#include <stddef.h>
#include <stdint.h>

/* Natural layout for each ABI: the kernel's compat path handles 32-bit. */
struct xyzzy_params {
	uint32_t size_ver;
	uint32_t flags;
	long delta;
	uint64_t *out;
	uint64_t extra;
};

#define XYZZY_SIZE_VER0 offsetof(struct xyzzy_params, extra)
#define XYZZY_NEGATE 1

#endif /* XYZZY_H */
