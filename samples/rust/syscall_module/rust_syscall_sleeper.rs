// SPDX-License-Identifier: GPL-2.0

//! A module syscall that sleeps, for the tests of unloading a module while one of its
//! syscalls is in progress.

use kernel::prelude::*;
use kernel::syscall::TypedUserPtr;
use kernel::{syscall_define, syscall_module};

syscall_define! {
    /// Writes 1 to `entered` (unless it is `NULL`), then sleeps up to `ms` milliseconds,
    /// interruptibly.
    ///
    /// Returns 0 after the whole sleep, `EINTR` when a signal ends it first.
    fn sleeper(ms: u32, entered: TypedUserPtr<u32>) -> Result {
        if !entered.is_null() {
            entered.write(&1)?;
        }
        if kernel::task::msleep_interruptible(ms) != 0 {
            return Err(EINTR);
        }
        Ok(())
    }
}

syscall_module! {
    name: "rust_syscall_sleeper",
    authors: ["rust-syscalls developers"],
    description: "A module syscall that sleeps interruptibly",
    license: "GPL",
    syscalls: [sleeper],
}
