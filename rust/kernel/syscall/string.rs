// SPDX-License-Identifier: GPL-2.0

//! Strings from user space: `strncpy_from_user()`.
//!
//! C header: [`include/linux/uaccess.h`](srctree/include/linux/uaccess.h).

use super::{TypedUserPtr, UserCStr};
use crate::{
    bindings,
    error::{code::*, Error, Result},
    ffi::c_long,
    str::CStr,
};

impl TypedUserPtr<u8> {
    /// Copies a NUL-terminated string in from user space into `buf`, like `strncpy_from_user()`.
    ///
    /// Returns the string without its NUL. Fails with `ENAMETOOLONG` if no NUL is found in the
    /// first `buf.len()` bytes and with `EFAULT` if the memory cannot be read. Unlike
    /// `UserSliceReader::strcpy_into_buf()`, which truncates, a string too long for `buf` is an
    /// error, as syscalls report it.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::error::code::{EFAULT, ENAMETOOLONG};
    /// use kernel::syscall::TypedUserPtr;
    ///
    /// // No room even for the NUL: too long, whatever the string.
    /// assert_eq!(TypedUserPtr::<u8>::new(0x1000).read_cstr(&mut []).err(), Some(ENAMETOOLONG));
    /// // Address 0 is never mapped. (UML cannot reach user memory from the kernel thread that
    /// // runs the doctests, which has no `mm`.)
    /// #[cfg(not(CONFIG_UML))]
    /// {
    ///     let mut buf = [0u8; 16];
    ///     assert_eq!(TypedUserPtr::<u8>::new(0).read_cstr(&mut buf).err(), Some(EFAULT));
    /// }
    /// ```
    pub fn read_cstr(self, buf: &mut [u8]) -> Result<&CStr> {
        if buf.is_empty() {
            return Err(ENAMETOOLONG);
        }
        let count = c_long::try_from(buf.len()).map_err(|_| EINVAL)?;
        // SAFETY: `buf` is valid for writes of `buf.len()` bytes, and `strncpy_from_user` writes
        // at most `count` bytes to it. The source is a user address, which the function checks.
        let n = unsafe {
            bindings::strncpy_from_user(buf.as_mut_ptr(), self.addr() as *const _, count)
        };
        if n < 0 {
            return Err(Error::from_errno(n as i32));
        }
        let n = n as usize;
        if n == buf.len() {
            return Err(ENAMETOOLONG);
        }
        // `strncpy_from_user` wrote the string and its NUL at `buf[n]`; `n < buf.len()`.
        CStr::from_bytes_with_nul(&buf[..=n]).map_err(|_| EINVAL)
    }
}

impl UserCStr {
    /// Copies the string into `buf` and returns it without its NUL, like
    /// [`TypedUserPtr::read_cstr`].
    pub fn read(self, buf: &mut [u8]) -> Result<&CStr> {
        TypedUserPtr::<u8>::new(self.addr()).read_cstr(buf)
    }
}
