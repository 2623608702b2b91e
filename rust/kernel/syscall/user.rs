// SPDX-License-Identifier: GPL-2.0

//! Typed user pointers and the copy helpers syscalls need.
//!
//! Everything here is built on [`UserSlice`]: no function takes a raw address and a length that
//! could disagree with each other.

use super::arg::SyscallArg;
use crate::{
    error::{code::*, Result},
    ffi::c_long,
    transmute::{AsBytes, FromBytes},
    uaccess::{self, UserSlice},
};
use core::{marker::PhantomData, mem::size_of};

/// A pointer into user space to a `T`, as a syscall argument `T __user *`: a
/// [`uaccess::UserPtr`] with the type of what it points to.
///
/// It carries the type the caller claims the memory has; reading or writing it goes through
/// [`UserSlice`], so a bad address gives `EFAULT`, never a fault in the kernel. Creating one is
/// safe: it is only an address until it is used.
///
/// # Examples
///
/// ```
/// use kernel::syscall::{SyscallArg, TypedUserPtr};
///
/// let p = TypedUserPtr::<u64>::from_x64(0x1000);
/// assert_eq!(p.addr(), 0x1000);
/// assert!(!p.is_null());
/// assert_eq!(p.wrapping_add(2).addr(), 0x1010);
/// // On ia32, pointers are zero-extended from 32 bits.
/// assert_eq!(TypedUserPtr::<u8>::from_ia32(0xffff_ffff_8000_0000).addr(), 0x8000_0000);
/// ```
#[repr(transparent)]
pub struct TypedUserPtr<T = u8> {
    ptr: uaccess::UserPtr,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for TypedUserPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for TypedUserPtr<T> {}

impl<T> TypedUserPtr<T> {
    /// Creates a typed pointer from a user address.
    #[inline]
    pub fn new(addr: usize) -> Self {
        Self::from_user_ptr(uaccess::UserPtr::from_addr(addr))
    }

    /// Gives an untyped [`uaccess::UserPtr`] the type `T`.
    #[inline]
    pub fn from_user_ptr(ptr: uaccess::UserPtr) -> Self {
        Self {
            ptr,
            _type: PhantomData,
        }
    }

    /// Returns the untyped [`uaccess::UserPtr`], for the [`uaccess`] API.
    #[inline]
    pub fn as_user_ptr(self) -> uaccess::UserPtr {
        self.ptr
    }

    /// Returns the user address.
    #[inline]
    pub fn addr(self) -> usize {
        self.ptr.as_const_ptr() as usize
    }

    /// Returns whether the pointer is `NULL`.
    #[inline]
    pub fn is_null(self) -> bool {
        self.ptr.as_const_ptr().is_null()
    }

    /// Returns the pointer `count` elements further, wrapping like pointer arithmetic in C.
    ///
    /// Wrapping is harmless: an address outside user space fails with `EFAULT` when used.
    #[inline]
    pub fn wrapping_add(self, count: usize) -> Self {
        let bytes = count.wrapping_mul(size_of::<T>());
        Self::from_user_ptr(self.ptr.wrapping_byte_add(bytes))
    }

    /// Reinterprets the pointer as pointing to a `U`.
    #[inline]
    pub fn cast<U>(self) -> TypedUserPtr<U> {
        TypedUserPtr::from_user_ptr(self.ptr)
    }

    /// Returns a [`UserSlice`] of `count` elements starting here.
    ///
    /// Fails with `EOVERFLOW` if the byte length does not fit in `usize`.
    pub fn slice(self, count: usize) -> Result<UserSlice> {
        let len = count.checked_mul(size_of::<T>()).ok_or(EOVERFLOW)?;
        Ok(UserSlice::new(self.ptr, len))
    }
}

// SAFETY: A `TypedUserPtr` is an address in user space, which the kernel never dereferences
// directly: any thread may hold and use one, as it may a `usize`.
unsafe impl<T> Send for TypedUserPtr<T> {}
// SAFETY: As for `Send`; `&TypedUserPtr` gives nothing but a copy of the address.
unsafe impl<T> Sync for TypedUserPtr<T> {}

impl<T: FromBytes> TypedUserPtr<T> {
    /// Copies a `T` in from user space (`copy_from_user()` of `sizeof(T)` bytes).
    pub fn read(self) -> Result<T> {
        UserSlice::new(self.ptr, size_of::<T>()).reader().read()
    }
}

impl<T: AsBytes> TypedUserPtr<T> {
    /// Copies `value` out to user space (`copy_to_user()` of `sizeof(T)` bytes).
    pub fn write(self, value: &T) -> Result {
        UserSlice::new(self.ptr, size_of::<T>())
            .writer()
            .write(value)
    }
}

/// A type a [`TypedUserPtr`] can point to as a syscall argument: it names the C pointer type.
///
/// Implemented for the integer types; a struct that a syscall takes by pointer implements it
/// with the name of its C declaration.
///
/// # Examples
///
/// ```
/// use kernel::syscall::{SyscallArg, TypedUserPtr, UserPointee};
///
/// #[repr(C)]
/// struct OpenHow {
///     flags: u64,
///     mode: u64,
///     resolve: u64,
/// }
///
/// impl UserPointee for OpenHow {
///     const PTR_C_TYPE: &'static core::ffi::CStr = c"struct open_how *";
/// }
///
/// assert_eq!(TypedUserPtr::<OpenHow>::C_TYPE, c"struct open_how *");
/// assert!(TypedUserPtr::<OpenHow>::USER);
/// // Byte buffers are `char __user *` in C.
/// assert_eq!(TypedUserPtr::<u8>::C_TYPE, c"char *");
/// ```
pub trait UserPointee {
    /// The C type of a pointer to `Self`, without `__user`, such as `"struct open_how *"`.
    const PTR_C_TYPE: &'static core::ffi::CStr;
}

macro_rules! impl_pointee {
    ($($t:ty => $c:literal),* $(,)?) => {$(
        impl UserPointee for $t {
            const PTR_C_TYPE: &'static core::ffi::CStr = $c;
        }
    )*};
}

impl_pointee!(
    u8 => c"char *", i8 => c"signed char *", u16 => c"u16 *", i16 => c"s16 *",
    u32 => c"u32 *", i32 => c"int *", u64 => c"u64 *", i64 => c"s64 *",
    usize => c"size_t *", isize => c"long *", () => c"void *",
);

impl<T: UserPointee> SyscallArg for TypedUserPtr<T> {
    const C_TYPE: &'static core::ffi::CStr = T::PTR_C_TYPE;
    const USER: bool = true;

    #[inline(always)]
    fn from_long(v: c_long) -> Self {
        Self::new(v as usize)
    }
}

/// A pointer into user space to a NUL-terminated string, as a syscall argument
/// `const char __user *`: a path or a name.
///
/// It only reads: a syscall cannot write through it. The string is handed to `getname_flags()`
/// through [`UserCStr::addr`].
///
/// # Examples
///
/// ```
/// use kernel::syscall::{SyscallArg, UserCStr};
///
/// let p = UserCStr::from_x64(0x7fff_0000);
/// assert_eq!(p.addr(), 0x7fff_0000);
/// assert_eq!(UserCStr::C_TYPE, c"const char *");
/// assert!(UserCStr::USER);
/// ```
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct UserCStr(TypedUserPtr<u8>);

impl UserCStr {
    /// Creates a string pointer from a user address.
    #[inline]
    pub fn new(addr: usize) -> Self {
        Self(TypedUserPtr::new(addr))
    }

    /// Returns the user address.
    #[inline]
    pub fn addr(self) -> usize {
        self.0.addr()
    }
}

impl SyscallArg for UserCStr {
    const C_TYPE: &'static core::ffi::CStr = c"const char *";
    const USER: bool = true;

    #[inline(always)]
    fn from_long(v: c_long) -> Self {
        Self::new(v as usize)
    }
}

/// Checks that `flags` has no bit outside `known`, the usual first line of a syscall.
///
/// # Examples
///
/// ```
/// use kernel::error::code::EINVAL;
/// use kernel::syscall::check_flags;
///
/// assert!(check_flags(0x3u32, 0x7).is_ok());
/// assert_eq!(check_flags(0x8u32, 0x7).err(), Some(EINVAL));
/// ```
pub fn check_flags<F>(flags: F, known: F) -> Result
where
    F: Copy + core::ops::BitAnd<Output = F> + core::ops::Not<Output = F> + PartialEq + Default,
{
    if flags & !known == F::default() {
        Ok(())
    } else {
        Err(EINVAL)
    }
}
