// SPDX-License-Identifier: GPL-2.0

//! Typed user pointers and the copy helpers syscalls need.
//!
//! Everything here is built on [`UserSlice`]: no function takes a raw address and a length that
//! could disagree with each other.

use super::arg::SyscallArg;
use crate::{
    bindings,
    error::{code::*, Error, Result},
    ffi::c_long,
    str::CStr,
    types::{AsBytes, FromBytes},
    uaccess::UserSlice,
};
use core::{marker::PhantomData, mem::size_of};

/// A pointer into user space to a `T`, as a syscall argument `T __user *`.
///
/// It carries the type the caller claims the memory has; reading or writing it goes through
/// [`UserSlice`], so a bad address gives `EFAULT`, never a fault in the kernel. Creating one is
/// safe: it is only an address until it is used.
///
/// # Examples
///
/// ```
/// use kernel::syscall::{SyscallArg, UserPtr};
///
/// let p = UserPtr::<u64>::from_x64(0x1000);
/// assert_eq!(p.addr(), 0x1000);
/// assert!(!p.is_null());
/// assert_eq!(p.add(2).addr(), 0x1010);
/// // On ia32, pointers are zero-extended from 32 bits.
/// assert_eq!(UserPtr::<u8>::from_ia32(0xffff_ffff_8000_0000).addr(), 0x8000_0000);
/// ```
#[repr(transparent)]
pub struct UserPtr<T = u8> {
    addr: usize,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for UserPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for UserPtr<T> {}

impl<T> UserPtr<T> {
    /// Creates a typed pointer from a user address.
    pub const fn new(addr: usize) -> Self {
        Self {
            addr,
            _type: PhantomData,
        }
    }

    /// Returns the user address.
    pub const fn addr(self) -> usize {
        self.addr
    }

    /// Returns whether the pointer is `NULL`.
    pub const fn is_null(self) -> bool {
        self.addr == 0
    }

    /// Returns the pointer `count` elements further, wrapping like pointer arithmetic in C.
    ///
    /// Wrapping is harmless: an address outside user space fails with `EFAULT` when used.
    pub const fn add(self, count: usize) -> Self {
        Self::new(self.addr.wrapping_add(count.wrapping_mul(size_of::<T>())))
    }

    /// Reinterprets the pointer as pointing to a `U`.
    pub const fn cast<U>(self) -> UserPtr<U> {
        UserPtr::new(self.addr)
    }

    /// Returns a [`UserSlice`] of `count` elements starting here.
    ///
    /// Fails with `EOVERFLOW` if the byte length does not fit in `usize`.
    pub fn slice(self, count: usize) -> Result<UserSlice> {
        let len = count
            .checked_mul(size_of::<T>())
            .ok_or_else(|| super::errno(bindings::EOVERFLOW))?;
        Ok(UserSlice::new(self.addr, len))
    }
}

impl<T: FromBytes> UserPtr<T> {
    /// Copies a `T` in from user space (`copy_from_user()` of `sizeof(T)` bytes).
    pub fn read(self) -> Result<T> {
        UserSlice::new(self.addr, size_of::<T>()).reader().read()
    }
}

impl<T: AsBytes> UserPtr<T> {
    /// Copies `value` out to user space (`copy_to_user()` of `sizeof(T)` bytes).
    pub fn write(self, value: &T) -> Result {
        UserSlice::new(self.addr, size_of::<T>())
            .writer()
            .write(value)
    }
}

/// A type a [`UserPtr`] can point to as a syscall argument: it names the C pointer type.
///
/// Implemented for the integer types; a struct that a syscall takes by pointer implements it
/// with the name of its C declaration.
///
/// # Examples
///
/// ```
/// use kernel::syscall::{SyscallArg, UserPointee, UserPtr};
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
/// assert_eq!(UserPtr::<OpenHow>::C_TYPE, c"struct open_how *");
/// assert!(UserPtr::<OpenHow>::USER);
/// // Byte buffers are `char __user *` in C.
/// assert_eq!(UserPtr::<u8>::C_TYPE, c"char *");
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

impl<T: UserPointee> SyscallArg for UserPtr<T> {
    const C_TYPE: &'static core::ffi::CStr = T::PTR_C_TYPE;
    const USER: bool = true;

    #[inline(always)]
    fn from_long(v: c_long) -> Self {
        Self::new(v as usize)
    }
}

impl UserPtr<u8> {
    /// Copies a NUL-terminated string in from user space into `buf`, like `strncpy_from_user()`.
    ///
    /// Returns the string without its NUL. Fails with `ENAMETOOLONG` if no NUL is found in the
    /// first `buf.len()` bytes and with `EFAULT` if the memory cannot be read.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::error::code::EFAULT;
    /// use kernel::syscall::UserPtr;
    ///
    /// let mut buf = [0u8; 16];
    /// // Address 0 is never mapped.
    /// assert_eq!(UserPtr::<u8>::new(0).read_cstr(&mut buf).err(), Some(EFAULT));
    /// ```
    pub fn read_cstr(self, buf: &mut [u8]) -> Result<&CStr> {
        if buf.is_empty() {
            return Err(super::errno(bindings::ENAMETOOLONG));
        }
        let count = c_long::try_from(buf.len()).map_err(|_| EINVAL)?;
        // SAFETY: `buf` is valid for writes of `buf.len()` bytes, and `strncpy_from_user` writes
        // at most `count` bytes to it. The source is a user address, which the function checks.
        let n =
            unsafe { bindings::strncpy_from_user(buf.as_mut_ptr(), self.addr as *const _, count) };
        if n < 0 {
            return Err(Error::from_errno(n as i32));
        }
        let n = n as usize;
        if n == buf.len() {
            return Err(super::errno(bindings::ENAMETOOLONG));
        }
        // `strncpy_from_user` wrote the string and its NUL at `buf[n]`; `n < buf.len()`.
        CStr::from_bytes_with_nul(&buf[..=n]).map_err(|_| EINVAL)
    }
}

/// A pointer into user space to a NUL-terminated string, as a syscall argument
/// `const char __user *`: a path or a name.
///
/// It only reads: a syscall cannot write through it. The string is copied in with
/// [`UserCStr::read`] (`strncpy_from_user()`), or handed to `getname()` through
/// [`UserCStr::addr`].
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
pub struct UserCStr(UserPtr<u8>);

impl UserCStr {
    /// Creates a string pointer from a user address.
    pub const fn new(addr: usize) -> Self {
        Self(UserPtr::new(addr))
    }

    /// Returns the user address.
    pub const fn addr(self) -> usize {
        self.0.addr()
    }

    /// Copies the string into `buf` and returns it without its NUL, like
    /// [`UserPtr::read_cstr`].
    pub fn read(self, buf: &mut [u8]) -> Result<&CStr> {
        self.0.read_cstr(buf)
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

/// A struct that a syscall takes by pointer and size, and may grow over time.
///
/// This is the contract of `copy_struct_from_user()` as used by `openat2(2)`, `clone3(2)` and
/// `sched_setattr(2)`. New fields are only ever appended, and a zero value in a new field must
/// mean "the old behaviour".
///
/// # Safety
///
/// An all-zero bit pattern must be a valid value of `Self`.
pub unsafe trait ExtensibleStruct: FromBytes + Sized {
    /// The size of the first published version (`*_SIZE_VER0`): smaller sizes are `EINVAL`.
    const SIZE_VER0: usize;
}

/// Copies an extensible struct in from user space, with `copy_struct_from_user()` semantics.
///
/// `usize` is the size user space says its struct has:
///
/// - `usize < T::SIZE_VER0`: `EINVAL` (older than any version);
/// - `usize > PAGE_SIZE`: `E2BIG` (the limit openat2(2) and friends apply);
/// - `usize <= size_of::<T>()`: the given bytes are copied and the rest is zero (old user space,
///   new kernel);
/// - `usize > size_of::<T>()`: the bytes this kernel does not know must all be zero, else
///   `E2BIG` (new user space asking for something this kernel cannot do).
///
/// # Examples
///
/// ```
/// use kernel::error::code::{E2BIG, EINVAL};
/// use kernel::syscall::{copy_struct_from_user, ExtensibleStruct, UserPtr};
///
/// #[derive(Default)]
/// #[repr(C)]
/// struct Params {
///     flags: u64,
///     mode: u64,
/// }
/// // SAFETY: `Params` is made of integers only, so any bytes are a valid value.
/// unsafe impl kernel::types::FromBytes for Params {}
/// // SAFETY: All zeroes is a valid `Params`.
/// unsafe impl ExtensibleStruct for Params {
///     const SIZE_VER0: usize = 8;
/// }
///
/// let p = UserPtr::<Params>::new(0x1000);
/// assert_eq!(copy_struct_from_user(p, 4).err(), Some(EINVAL));
/// assert_eq!(copy_struct_from_user(p, 1 << 20).err(), Some(E2BIG));
/// ```
pub fn copy_struct_from_user<T: ExtensibleStruct>(ptr: UserPtr<T>, usize: usize) -> Result<T> {
    let ksize = size_of::<T>();
    if usize < T::SIZE_VER0 {
        return Err(EINVAL);
    }
    if usize > bindings::PAGE_SIZE {
        return Err(E2BIG);
    }
    if usize > ksize {
        let tail = ptr.cast::<u8>().add(ksize);
        // SAFETY: `check_zeroed_user` only reads user memory through the user-access
        // primitives, which check the address range.
        let ret = unsafe { bindings::check_zeroed_user(tail.addr() as *const _, usize - ksize) };
        match ret {
            1 => {}
            0 => return Err(E2BIG),
            e => return Err(Error::from_errno(e)),
        }
    }
    let mut val = core::mem::MaybeUninit::<T>::zeroed();
    let n = usize.min(ksize);
    // SAFETY: `val` is `ksize` bytes long and `n <= ksize`; the bytes are plain memory.
    let bytes = unsafe { core::slice::from_raw_parts_mut(val.as_mut_ptr().cast::<u8>(), n) };
    UserSlice::new(ptr.addr(), n).reader().read_slice(bytes)?;
    // SAFETY: All bytes of `val` are initialised (zeroed, then partly overwritten), and `T:
    // ExtensibleStruct` guarantees that zeroes, as well as any bytes (`FromBytes`), are valid.
    Ok(unsafe { val.assume_init() })
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

/// A capability, as tested by [`capable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Capability {
    /// `CAP_SYS_ADMIN`.
    SysAdmin = bindings::CAP_SYS_ADMIN as i32,
    /// `CAP_SYS_BOOT`.
    SysBoot = bindings::CAP_SYS_BOOT as i32,
    /// `CAP_SYS_PTRACE`.
    SysPtrace = bindings::CAP_SYS_PTRACE as i32,
    /// `CAP_DAC_READ_SEARCH`.
    DacReadSearch = bindings::CAP_DAC_READ_SEARCH as i32,
}

/// Returns whether the current task has `cap` in the initial user namespace, like `capable()`.
///
/// As in C, a successful check marks the task as having used its privilege (`PF_SUPERPRIV`).
pub fn capable(cap: Capability) -> bool {
    // SAFETY: `capable` may be called from any process context with any capability number.
    unsafe { bindings::capable(cap as i32) }
}

/// The access a caller asks for with [`ptrace_may_access`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum PtraceMode {
    /// `PTRACE_MODE_READ_FSCREDS`: read access, checked with the filesystem credentials, as for
    /// most files of `/proc/<pid>`.
    ReadFsCreds = bindings::PTRACE_MODE_READ | bindings::PTRACE_MODE_FSCREDS,
    /// `PTRACE_MODE_READ_REALCREDS`: read access, checked with the real credentials.
    ReadRealCreds = bindings::PTRACE_MODE_READ | bindings::PTRACE_MODE_REALCREDS,
    /// `PTRACE_MODE_ATTACH_FSCREDS`: full access, with the filesystem credentials.
    AttachFsCreds = bindings::PTRACE_MODE_ATTACH | bindings::PTRACE_MODE_FSCREDS,
    /// `PTRACE_MODE_ATTACH_REALCREDS`: full access, with the real credentials, as `ptrace(2)`.
    AttachRealCreds = bindings::PTRACE_MODE_ATTACH | bindings::PTRACE_MODE_REALCREDS,
}

/// Returns whether the current task may access `task` in `mode`, like `ptrace_may_access()`.
///
/// # Examples
///
/// ```
/// use kernel::syscall::{ptrace_may_access, PtraceMode};
///
/// // A task may always inspect itself.
/// assert!(ptrace_may_access(kernel::current!(), PtraceMode::AttachRealCreds));
/// ```
pub fn ptrace_may_access(task: &crate::task::Task, mode: PtraceMode) -> bool {
    // SAFETY: `task` is a valid task by the type invariant of `Task`, and `ptrace_may_access`
    // takes the locks it needs itself.
    unsafe { bindings::ptrace_may_access(task.0.get(), mode as u32) }
}

/// Returns `EPERM` unless the current task has `cap`.
pub fn require_capability(cap: Capability) -> Result {
    if capable(cap) {
        Ok(())
    } else {
        Err(EPERM)
    }
}
