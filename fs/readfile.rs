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
//!   looping over short reads (seq_file returns a page or a record at a time);
//! - the result is the number of bytes read; `bufsize` bytes means the file may be longer, as
//!   with readlink(2);
//! - the file is opened with `O_NONBLOCK`, so a FIFO or a device with no data returns at once
//!   instead of blocking.
//!
//! The readfile(2) man page is the contract; the selftests in tools/testing/selftests/readfile/
//! check it sentence by sentence.

use kernel::bindings;
use kernel::prelude::*;
use kernel::syscall::{check_flags, TypedUserPtr, UserCStr};
use kernel::syscall_define;

/// The largest number of bytes one call reads, like read(2): `INT_MAX & PAGE_MASK`.
const MAX_RW_COUNT: usize = (i32::MAX as usize) & !(bindings::PAGE_SIZE - 1);

/// The flags readfile() accepts.
const READFILE_FLAGS: u32 = bindings::AT_SYMLINK_NOFOLLOW;

/// A pathname copied in from user space by `getname_flags()`; released with `putname()`.
///
/// # Invariants
///
/// `self.0` is a valid pointer returned by `getname_flags()` and not yet released.
struct FileName(*mut bindings::filename);

/// Converts a pointer that may be an `ERR_PTR()` into a `Result`, inline.
///
/// This is the test of [`kernel::error::from_err_ptr`], which calls the out-of-line `IS_ERR()`
/// and `PTR_ERR()` helpers; done inline it keeps the open path as short as the C one.
#[inline(always)]
fn check_ptr<T>(ptr: *mut T) -> Result<*mut T> {
    let v = ptr as isize;
    if (-(bindings::MAX_ERRNO as isize)..0).contains(&v) {
        Err(Error::from_errno(v as i32))
    } else {
        Ok(ptr)
    }
}

impl FileName {
    #[inline(always)]
    fn get(path: UserCStr) -> Result<Self> {
        // SAFETY: `getname_flags` copies the string from a user address, checking it; with no
        // flags it returns a valid pointer or an `ERR_PTR`, never `NULL`.
        let name = unsafe { bindings::getname_flags(path.addr() as *const _, 0) };
        // INVARIANT: `check_ptr` rejects every `ERR_PTR`, which leaves a valid pointer.
        Ok(Self(check_ptr(name)?))
    }
}

impl Drop for FileName {
    fn drop(&mut self) {
        // SAFETY: By the type invariant, `self.0` came from `getname_flags` and is released once.
        unsafe { bindings::putname(self.0) };
    }
}

/// An open `struct file` that is not in any file descriptor table; closed on drop.
///
/// # Invariants
///
/// `self.0` is a valid pointer to a `struct file` whose reference this object owns.
struct OpenFile(*mut bindings::file);

impl OpenFile {
    /// Opens `name` relative to `dfd` for reading, as `openat(dfd, name, O_RDONLY)` would, but
    /// without installing a file descriptor.
    #[inline(always)]
    fn open(dfd: i32, name: &FileName, nofollow: bool) -> Result<Self> {
        let mut flags =
            bindings::O_RDONLY | bindings::O_LARGEFILE | bindings::O_NOCTTY | bindings::O_NONBLOCK;
        if nofollow {
            flags |= bindings::O_NOFOLLOW;
        }
        // SAFETY: `name.0` is valid by the invariant of `FileName`; `file_open_name_at` checks
        // `dfd` and returns a referenced file or an `ERR_PTR`.
        let file = unsafe { bindings::file_open_name_at(dfd, name.0, flags as i32, 0) };
        // INVARIANT: On success, we own the reference `file_open_name_at` returned.
        Ok(Self(check_ptr(file)?))
    }

    /// Reads into `buf` from `*pos` with `vfs_read()`, which checks the user buffer.
    #[inline(always)]
    fn read(&self, buf: TypedUserPtr<u8>, len: usize, pos: &mut i64) -> Result<usize> {
        // SAFETY: `self.0` is a valid open file; `vfs_read` verifies the user buffer itself and
        // `pos` is a valid `loff_t`.
        let ret = unsafe { bindings::vfs_read(self.0, buf.addr() as *mut _, len, pos) };
        if ret < 0 {
            Err(Error::from_errno(ret as i32))
        } else {
            Ok(ret as usize)
        }
    }
}

impl Drop for OpenFile {
    fn drop(&mut self) {
        // SAFETY: By the type invariant we own a reference to a valid file; it was never
        // installed in a file table, so there is no owner id and no POSIX lock to drop.
        unsafe { bindings::filp_close(self.0, core::ptr::null_mut()) };
    }
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
        let name = FileName::get(pathname)?;
        let file = OpenFile::open(dfd, &name, flags & bindings::AT_SYMLINK_NOFOLLOW != 0)?;
        drop(name);

        let size = bufsize.min(MAX_RW_COUNT);
        let mut done = 0usize;
        let mut pos: i64 = 0;
        while done < size {
            match file.read(buf.wrapping_add(done), size - done, &mut pos) {
                Ok(0) => break,
                Ok(n) => done += n,
                // Like read(2): bytes already copied are reported, the error is not.
                Err(_) if done > 0 => break,
                Err(e) => return Err(e),
            }
            // A short read: before reading on, let a dying task go and others run.
            if done < size {
                if kernel::current!().fatal_signal_pending() {
                    break;
                }
                kernel::task::cond_resched();
            }
        }
        Ok(done)
    }
}
