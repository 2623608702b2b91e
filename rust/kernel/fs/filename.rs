// SPDX-License-Identifier: GPL-2.0

//! Path names copied in from user space.
//!
//! C header: [`include/linux/fs.h`](srctree/include/linux/fs.h)

use crate::{
    bindings,
    error::{from_err_ptr, Result},
    uaccess::UserPtr,
};
use core::ptr::NonNull;

/// A path name copied in from user space with `getname_flags()`: a `struct filename`, released
/// with `putname()` on drop.
///
/// The path walk functions take it instead of the user pointer, so that the string they resolve
/// is the one that was checked and audited, however user space changes its memory meanwhile.
///
/// # Invariants
///
/// `self.0` was returned by `getname_flags()` and is released only by [`Drop`].
pub struct FileName(NonNull<bindings::filename>);

impl FileName {
    /// Copies in the path at `path`, as `getname_flags(path, lookup_flags)` does.
    ///
    /// Of `lookup_flags` only `LOOKUP_EMPTY` matters: without it an empty path is `ENOENT`.
    /// Fails with `EFAULT` for a bad pointer, `ENAMETOOLONG` for a path of `PATH_MAX` bytes or
    /// more, `ENOMEM` when out of memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::error::code::EFAULT;
    /// use kernel::fs::filename::FileName;
    /// use kernel::uaccess::UserPtr;
    ///
    /// // A kernel thread has no user memory: the copy fails.
    /// # #[cfg(not(CONFIG_UML))]
    /// assert_eq!(FileName::get(UserPtr::from_addr(0x1000), 0).err(), Some(EFAULT));
    /// ```
    #[inline]
    pub fn get(path: UserPtr, lookup_flags: u32) -> Result<Self> {
        // SAFETY: `getname_flags` copies the string through the user-access primitives, which
        // check the address; it returns a valid pointer or an `ERR_PTR`, never `NULL`.
        let name = from_err_ptr(unsafe {
            bindings::getname_flags(path.as_const_ptr().cast(), lookup_flags as i32)
        })?;
        // SAFETY: `from_err_ptr` let through a pointer that is not an `ERR_PTR`: a valid name.
        let name = unsafe { NonNull::new_unchecked(name) };
        // INVARIANT: `name` is a name `getname_flags` returned, owned here and released by `Drop`
        // only.
        Ok(Self(name))
    }

    /// Returns the raw pointer to the `struct filename`, for C functions that take one.
    ///
    /// The pointer is valid as long as `self` is; the callee must not release it.
    #[inline]
    pub fn as_ptr(&self) -> *mut bindings::filename {
        self.0.as_ptr()
    }
}

impl Drop for FileName {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: By the type invariant, `self.0` came from `getname_flags` and is released here
        // only.
        unsafe { bindings::putname(self.0.as_ptr()) };
    }
}
