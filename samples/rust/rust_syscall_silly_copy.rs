// SPDX-License-Identifier: GPL-2.0

//! silly_copy(): copy user memory to user memory through a kernel buffer.

use kernel::prelude::*;
use kernel::syscall::TypedUserPtr;
use kernel::{syscall_define, syscall_module};

/// The largest copy done in one step.
const CHUNK: usize = 256;

syscall_define! {
    /// Copies `len` bytes from `src` to `dst`, returning `len`.
    ///
    /// Fails with `EFAULT` if either buffer is not accessible; bytes already copied stay copied,
    /// as with `copy_from_user()`/`copy_to_user()` in C. A copy can be as long as user space
    /// likes, so between chunks it lets other tasks run and stops with `EINTR` if the caller is
    /// being killed.
    fn silly_copy(src: TypedUserPtr<u8>, dst: TypedUserPtr<u8>, len: usize) -> Result<usize> {
        if len > isize::MAX as usize {
            return Err(EINVAL);
        }
        let mut reader = src.slice(len)?.reader();
        let mut writer = dst.slice(len)?.writer();
        let mut buf = [0u8; CHUNK];
        while !reader.is_empty() {
            let n = reader.len().min(CHUNK);
            reader.read_slice(&mut buf[..n])?;
            writer.write_slice(&buf[..n])?;
            if !reader.is_empty() {
                if kernel::current!().fatal_signal_pending() {
                    return Err(EINTR);
                }
                kernel::task::cond_resched();
            }
        }
        Ok(len)
    }
}

// Built as a module (CONFIG_RUST_SYSCALL_MODULES), the same file registers silly_copy() by name.
syscall_module! {
    name: "rust_syscall_silly_copy",
    authors: ["rust-syscalls developers"],
    description: "silly_copy() as a module syscall",
    license: "GPL",
    syscalls: [silly_copy],
}
