// SPDX-License-Identifier: GPL-2.0

//! readfile(2): read a whole file in one system call.
//!
//! `readfile(dfd, pathname, buf, bufsize, flags)` does what `openat()`, a `read()` loop and
//! `close()` do, for the common case of small files in procfs and sysfs, without ever installing
//! a file descriptor:
//!
//! - `pathname` is resolved like `openat(2)` resolves it relative to `dfd`, and opened for reading
//!   with the permission checks of `open(O_RDONLY)`;
//! - reading starts at offset 0 and goes on until end of file or until `bufsize` bytes are read,
//!   looping over short reads (seq_file returns a page or a record at a time); end of file is a
//!   read that returns 0, or a short read that reaches the size of a regular file whose size is
//!   not 0;
//! - the result is the number of bytes read; `bufsize` bytes means the file may be longer, as
//!   with readlink(2);
//! - the file is opened with `O_NONBLOCK`, so a FIFO or a device with no data returns at once
//!   instead of blocking.
//!
//! The readfile(2) man page is the contract; the selftests in tools/testing/selftests/readfile/
//! check it sentence by sentence, but for what needs a special file system (one that returns more
//! than the size it reports, or has a flush operation).

use kernel::bindings;
use kernel::fs::{file::Offset, filename::FileName, File};
use kernel::prelude::*;
use kernel::syscall::{check_flags, TypedUserPtr, UserCStr};
use kernel::syscall_define;
use kernel::uaccess::UserPtr;

/// The largest number of bytes one call reads, like read(2): `INT_MAX & PAGE_MASK`.
const MAX_RW_COUNT: usize = (i32::MAX as usize) & !(bindings::PAGE_SIZE - 1);

/// The flags readfile() accepts.
const READFILE_FLAGS: u32 = bindings::AT_SYMLINK_NOFOLLOW;

/// Reads `file` from offset 0 into `buf`, up to `size` bytes, until end of file.
#[inline(always)]
fn read_file(file: &File, buf: TypedUserPtr<u8>, size: usize) -> Result<usize> {
    let mut done = 0usize;
    let mut pos: Offset = 0;
    while done < size {
        match file.read_user(buf.wrapping_add(done).as_user_ptr(), size - done, &mut pos) {
            Ok(0) => break,
            Ok(n) => done += n,
            // Like read(2): bytes already copied are reported, the error is not.
            Err(_) if done > 0 => break,
            Err(e) => return Err(e),
        }
        if done < size {
            // A short read that reached the size of a regular file is at its end: a further
            // read would return 0. Files whose size says nothing (0 in procfs, a page in sysfs)
            // are read until a read returns 0.
            if file.regular_size().is_some_and(|s| s > 0 && pos >= s) {
                break;
            }
            // Before reading on, let a dying task go and others run.
            if kernel::current!().fatal_signal_pending() {
                break;
            }
            kernel::task::cond_resched();
        }
    }
    Ok(done)
}

syscall_define! {
    /// Reads the file at `pathname` (relative to `dfd`) into `buf`, up to `bufsize` bytes.
    fn readfile(
        dfd: i32,
        pathname: UserCStr,
        buf: TypedUserPtr<u8>,
        bufsize: usize,
        flags: u32,
    ) -> Result<usize> {
        check_flags(flags, READFILE_FLAGS)?;
        let mut oflags =
            bindings::O_RDONLY | bindings::O_LARGEFILE | bindings::O_NOCTTY | bindings::O_NONBLOCK;
        if flags & bindings::AT_SYMLINK_NOFOLLOW != 0 {
            oflags |= bindings::O_NOFOLLOW;
        }
        let name = FileName::get(UserPtr::from_addr(pathname.addr()), 0)?;
        let file = File::open_name_at(dfd, &name, oflags, 0)?;
        drop(name);

        let ret = read_file(&file, buf, bufsize.min(MAX_RW_COUNT));
        // No file table holds the file, so no POSIX lock or dnotify mark names it: like the files
        // kernel_read_file_from_path() opens, it is not flushed. It is released before the return
        // to user space, as close(2) releases a file.
        File::put_sync(file);
        ret
    }
}
