/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System calls registered by loadable modules (CONFIG_RUST_SYSCALL_MODULES):
 * a development mode of rust-syscalls, never meant for upstream. See
 * Documentation/rust/syscall-modules.rst.
 *
 * A fixed block of test-only syscall numbers, the slots, is wired to
 * built-in stubs; a module registers its syscalls by name, each gets a free
 * slot, and the stubs of that slot call the module's entry points until the
 * module unregisters them.
 */
#ifndef _LINUX_RUST_SYSCALL_SLOTS_H
#define _LINUX_RUST_SYSCALL_SLOTS_H

#include <linux/list.h>
#include <linux/types.h>

struct module;
struct pt_regs;

/* Number of slots: how many module syscalls can be registered at once. */
#define RSC_NR_SLOTS		8
/* Longest syscall name. */
#define RSC_NAME_MAX		32

/* The entry points of one syscall, as syscall_define! generates them. */
typedef long (*rsc_entry_t)(const struct pt_regs *regs);

/* The ABIs a slot answers in. */
enum rsc_abi {
	RSC_ABI_X64,		/* x86_64: __x64_sys_NAME */
	RSC_ABI_X32,		/* x32: __x64_compat_sys_NAME, else __x64_sys_NAME */
	RSC_ABI_IA32,		/* ia32: __ia32_compat_sys_NAME, else __ia32_sys_NAME */
	RSC_NR_ABIS,
};

/* One syscall a module offers; the module's memory, read only while registering. */
struct rsc_syscall {
	const char *name;
	rsc_entry_t entry[RSC_NR_ABIS];	/* NULL: ENOSYS in that ABI */
};

/*
 * A module's registration of one or more syscalls. It lives in the module
 * (a pinned Rust object) and is linked into the core's list while
 * registered; once rsc_syscalls_unregister() returns the core holds no
 * pointer into it, nor into anything else of the module.
 */
struct rsc_registration {
	struct list_head node;
	struct module *owner;
	unsigned long slots;		/* bit k: the registration owns slot k */
};

int rsc_syscalls_register(struct rsc_registration *reg, struct module *owner,
			  const struct rsc_syscall *calls, unsigned int n);
void rsc_syscalls_unregister(struct rsc_registration *reg);

#endif /* _LINUX_RUST_SYSCALL_SLOTS_H */
