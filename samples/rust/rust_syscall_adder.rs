// SPDX-License-Identifier: GPL-2.0

//! adder(): two `int` arguments, added without overflow.

use kernel::prelude::*;
use kernel::{syscall_define, syscall_module};

syscall_define! {
    /// Returns `a + b`, computed in 64 bits so that it cannot overflow.
    ///
    /// A sum in `-4095..=-1` reads as an error in user space, as it does for the C twin. With
    /// `CONFIG_RUST_DEBUG_ASSERTIONS`, the framework says so in the kernel log (see
    /// `SyscallReturn`).
    fn adder(a: i32, b: i32) -> Result<i64> {
        Ok(i64::from(a) + i64::from(b))
    }
}

// Built as a module (CONFIG_RUST_SYSCALL_MODULES), the same file registers adder() by name.
syscall_module! {
    name: "rust_syscall_adder",
    authors: ["rust-syscalls developers"],
    description: "adder() as a module syscall",
    license: "GPL",
    syscalls: [adder],
}
