// SPDX-License-Identifier: GPL-2.0
/*
 * C twin of the Rust xyzzy() sample (samples/rust/rust_syscall_xyzzy.rs):
 * an extensible struct copied with copy_struct_from_user(), and a compat
 * entry point for 32-bit callers, so that the tests can compare how Rust
 * and C decode every argument register of a compat syscall.
 */
#include <linux/compat.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>

#define XYZZY_NEGATE		1
#define XYZZY_SIZE_VER0		24
#define COMPAT_XYZZY_SIZE_VER0	16

struct xyzzy_params {
	u32 size_ver;
	u32 flags;
	long delta;
	u64 __user *out;
	u64 extra;
};

struct compat_xyzzy_params {
	u32 size_ver;
	u32 flags;
	compat_long_t delta;
	compat_uptr_t out;
	compat_u64 extra;
};

static long do_xyzzy_c(u32 size_ver, u32 flags, s64 delta, u64 __user *out, u64 extra,
		       bool compat)
{
	s64 seen;
	s64 sum;

	if (flags & ~XYZZY_NEGATE)
		return -EINVAL;
	if (size_ver)
		return -EINVAL;
	sum = (s64)((u64)delta + extra);
	if (flags & XYZZY_NEGATE)
		sum = (s64)(0 - (u64)sum);
	if (out && put_user((u64)sum, out))
		return -EFAULT;
	/* The return value stays clear of the errno range: out has it. */
	seen = compat ? (s32)sum : sum;
	return seen >= -MAX_ERRNO && seen < 0 ? 0 : sum;
}

SYSCALL_DEFINE2(xyzzy_c, struct xyzzy_params __user *, uparams, size_t, size)
{
	struct xyzzy_params p;
	int err;

	if (size < XYZZY_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	err = copy_struct_from_user(&p, sizeof(p), uparams, size);
	if (err)
		return err;
	return do_xyzzy_c(p.size_ver, p.flags, p.delta, p.out, p.extra, false);
}

#ifdef CONFIG_COMPAT
COMPAT_SYSCALL_DEFINE2(xyzzy_c, struct compat_xyzzy_params __user *, uparams,
		       compat_size_t, size)
{
	struct compat_xyzzy_params p;
	int err;

	if (size < COMPAT_XYZZY_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	err = copy_struct_from_user(&p, sizeof(p), uparams, size);
	if (err)
		return err;
	return do_xyzzy_c(p.size_ver, p.flags, p.delta, compat_ptr(p.out), p.extra, true);
}
#endif
