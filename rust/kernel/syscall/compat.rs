// SPDX-License-Identifier: GPL-2.0

//! Types for compat (32-bit callers on a 64-bit kernel) syscall arguments.
//!
//! C header: [`include/linux/compat.h`](srctree/include/linux/compat.h).

use super::{arg::SyscallArg, UserPointee, UserPtr};
use crate::ffi::c_long;

/// `compat_long_t`: a C `long` of a 32-bit caller.
pub type CompatLong = i32;

/// `compat_ulong_t`: a C `unsigned long` of a 32-bit caller.
pub type CompatUlong = u32;

/// `compat_uptr_t`: a user pointer of a 32-bit caller, as stored in registers and structs.
///
/// Convert it with [`CompatPtr::to_user_ptr`] (C's `compat_ptr()`) before use.
///
/// # Examples
///
/// ```
/// use kernel::syscall::{compat::CompatPtr, SyscallArg};
///
/// // Only the low 32 bits of the register are the pointer.
/// let p = CompatPtr::<u32>::from_x64(0xdead_beef_0804_8000);
/// assert_eq!(p.to_user_ptr().addr(), 0x0804_8000);
/// ```
#[repr(transparent)]
pub struct CompatPtr<T = u8> {
    raw: u32,
    _type: core::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for CompatPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for CompatPtr<T> {}

impl<T> CompatPtr<T> {
    /// Creates a compat pointer from its 32-bit value.
    pub const fn new(raw: u32) -> Self {
        Self {
            raw,
            _type: core::marker::PhantomData,
        }
    }

    /// Returns the 32-bit value.
    pub const fn raw(self) -> u32 {
        self.raw
    }

    /// Converts to a native user pointer, like `compat_ptr()` (zero extension on x86).
    pub const fn to_user_ptr(self) -> UserPtr<T> {
        UserPtr::new(self.raw as usize)
    }
}

/// In C, a compat syscall takes the pointer itself (`struct compat_foo __user *`): the compat
/// entry zero-extends it, as [`SyscallArg::from_ia32`] does here.
impl<T: UserPointee> SyscallArg for CompatPtr<T> {
    const C_TYPE: &'static core::ffi::CStr = T::PTR_C_TYPE;
    const USER: bool = true;

    #[inline(always)]
    fn from_long(v: c_long) -> Self {
        Self::new(v as u32)
    }
}

/// Joins a 64-bit argument that a 32-bit caller splits over two registers, low half first.
///
/// This is `compat_arg_u64_glue()` for the x86 `compat_arg_u64(name)` pair `name_lo, name_hi`.
///
/// # Examples
///
/// ```
/// use kernel::syscall::compat::compat_arg_u64;
///
/// assert_eq!(compat_arg_u64(0xffff_ffff, 0x1), 0x1_ffff_ffff);
/// ```
pub const fn compat_arg_u64(lo: u32, hi: u32) -> u64 {
    (lo as u64) | ((hi as u64) << 32)
}
