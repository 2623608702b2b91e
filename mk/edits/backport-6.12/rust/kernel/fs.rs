// rsc-edit: append
// SPDX-License-Identifier: GPL-2.0

//! Kernel file systems.
//!
//! The part of Linux 7.2's `kernel::fs` that the series and the test syscalls use, for Linux
//! 6.12.
//!
//! C headers: [`include/linux/fs.h`](srctree/include/linux/fs.h)

pub mod file;
pub use self::file::File;
