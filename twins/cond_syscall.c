// SPDX-License-Identifier: GPL-2.0
/*
 * Weak -ENOSYS entry points for the test-only syscalls, the kernel/sys_ni.c
 * of rust-syscalls: when a sample or twin is configured out, its table slot
 * still links and answers ENOSYS.
 */
#include <linux/syscalls.h>
#include <linux/compat.h>

asmlinkage long sys_ni_syscall(void);

COND_SYSCALL(readfile_c);
COND_SYSCALL(foo);
COND_SYSCALL(adder);
COND_SYSCALL(adder_c);
COND_SYSCALL(silly_copy);
COND_SYSCALL(magic_knock);
COND_SYSCALL(xyzzy);
COND_SYSCALL_COMPAT(xyzzy);
