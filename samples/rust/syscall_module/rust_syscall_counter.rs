// SPDX-License-Identifier: GPL-2.0

//! A module that registers system calls: a counter, in three syscalls.
//!
//! Built outside the tree against the running kernel's build directory (see the Makefile), it
//! registers `counter_add`, `counter_get` and `counter_reset` when loaded; their numbers are in
//! `/sys/kernel/rust_syscalls/NAME/`. Needs `CONFIG_RUST_SYSCALL_MODULES`.

use core::sync::atomic::{AtomicU64, Ordering};
use kernel::prelude::*;
use kernel::{syscall_define, syscall_module};

/// The counter: module data, gone when the module is.
static COUNTER: AtomicU64 = AtomicU64::new(0);

syscall_define! {
    /// Adds `n` to the counter, wrapping around, and returns the new value.
    fn counter_add(n: u32) -> Result<u64> {
        let n = u64::from(n);
        Ok(COUNTER.fetch_add(n, Ordering::Relaxed).wrapping_add(n))
    }
}

syscall_define! {
    /// Returns the counter.
    fn counter_get() -> Result<u64> {
        Ok(COUNTER.load(Ordering::Relaxed))
    }
}

syscall_define! {
    /// Sets the counter to zero.
    fn counter_reset() -> Result {
        COUNTER.store(0, Ordering::Relaxed);
        Ok(())
    }
}

syscall_module! {
    name: "rust_syscall_counter",
    authors: ["rust-syscalls developers"],
    description: "A counter in three module syscalls",
    license: "GPL",
    syscalls: [counter_add, counter_get, counter_reset],
}
