// SPDX-License-Identifier: GPL-2.0
/* C twin of readfile(2), compared against the Rust implementation. */
#include <linux/syscalls.h>

SYSCALL_DEFINE5(readfile_c, int, dfd, const char __user *, pathname,
		char __user *, buf, size_t, bufsize, unsigned int, flags)
{
	return -ENOSYS;
}
