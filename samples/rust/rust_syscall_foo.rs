// SPDX-License-Identifier: GPL-2.0

//! foo(): the classic first system call, returning the size of the kernel stack.

use kernel::prelude::*;
use kernel::syscall_define;

syscall_define! {
    /// Returns `THREAD_SIZE`, the size of a task's kernel stack.
    fn foo() -> Result<usize> {
        // `THREAD_SIZE` is `PAGE_SIZE << THREAD_SIZE_ORDER` in C.
        Ok(kernel::bindings::PAGE_SIZE << kernel::bindings::THREAD_SIZE_ORDER)
    }
}
