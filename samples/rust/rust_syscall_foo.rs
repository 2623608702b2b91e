// SPDX-License-Identifier: GPL-2.0

//! foo(): the classic first system call, returning the size of the kernel stack.

use kernel::prelude::*;
use kernel::{syscall_define, syscall_module};

syscall_define! {
    /// Returns `THREAD_SIZE`, the size of a task's kernel stack.
    fn foo() -> Result<usize> {
        Ok(kernel::bindings::RSC_THREAD_SIZE)
    }
}

// Built as a module (CONFIG_RUST_SYSCALL_MODULES), the same file registers foo() by name.
syscall_module! {
    name: "rust_syscall_foo",
    authors: ["rust-syscalls developers"],
    description: "foo() as a module syscall",
    license: "GPL",
    syscalls: [foo],
}
