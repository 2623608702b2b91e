// SPDX-License-Identifier: GPL-2.0

//! Conversion of raw syscall registers into typed arguments.
//!
//! This is the Rust twin of the `__SC_LONG`, `__SC_CAST` and `__SC_COMPAT_CAST` macros of
//! `include/linux/syscalls.h` and of each `asm/syscall_wrapper.h` (x86, arm64, riscv). For every
//! argument type, the value a Rust syscall body sees is the value the C `__do_sys_*()` function
//! would see for the same register contents:
//!
//! | Rust type           | C type                       | 64-bit registers   | ia32 (`int 0x80`) |
//! |---------------------|------------------------------|--------------------|-------------------|
//! | `i8`, `i16`, `i32`  | `char`, `short`, `int`       | truncated          | truncated         |
//! | `u8`, `u16`, `u32`  | unsigned variants            | truncated          | truncated         |
//! | `isize`             | `long`                       | as is              | sign-extended     |
//! | `usize`             | `size_t`, `unsigned long`    | as is              | zero-extended     |
//! | `i64`, `u64`        | `long long`, `loff_t`, `u64` | as is              | zero-extended     |
//! | [`TypedUserPtr<T>`] | `T __user *`                 | as is              | zero-extended     |
//! | [`UserCStr`]        | `const char __user *`        | as is              | zero-extended     |
//!
//! Types wider than a register cannot be syscall arguments, as C rejects them with `__SC_TEST`:
//! [`SyscallArg`] is only implemented for types of at most 64 bits.
//!
//! [`TypedUserPtr<T>`]: super::TypedUserPtr
//! [`UserCStr`]: super::UserCStr

use crate::ffi::c_long;
use core::ffi::CStr;

/// A type that can be a syscall argument.
///
/// Implementations define how a register value becomes `Self`, exactly like the C casts do.
///
/// # Examples
///
/// ```
/// use kernel::syscall::SyscallArg;
///
/// // `int` arguments ignore the upper 32 bits of the register.
/// assert_eq!(i32::from_x64(0xdead_beef_ffff_fffe), -2);
/// assert_eq!(u32::from_x64(0xdead_beef_0000_0007), 7);
/// // `long` is sign-extended from 32 bits on ia32, `unsigned long` zero-extended.
/// assert_eq!(isize::from_ia32(0xdead_beef_ffff_ffff), -1);
/// assert_eq!(usize::from_ia32(0xdead_beef_ffff_ffff), 0xffff_ffff);
/// // On 64-bit, both take the whole register.
/// assert_eq!(isize::from_x64(0xffff_ffff_ffff_fff0), -16);
/// assert_eq!(u64::from_x64(0xdead_beef_0000_0001), 0xdead_beef_0000_0001);
/// // The C type recorded in the syscall metadata.
/// assert_eq!(usize::C_TYPE, c"size_t");
/// assert!(!usize::USER);
/// ```
pub trait SyscallArg: Sized {
    /// The C type of the argument, as the syscall metadata of `SYSCALL_DEFINEn` records it:
    /// without `__user`, which the prototype adds when [`Self::USER`] is set.
    ///
    /// It is the type the trace events show.
    const C_TYPE: &'static CStr;

    /// Whether the argument is a pointer into user space, `__user` in the C prototype.
    const USER: bool = false;

    /// Whether the ia32 entry sign-extends the 32-bit register (C `long` only).
    const IA32_SIGN_EXTEND: bool = false;

    /// Converts the `long` that `__se_sys_*()` receives into `Self`, like `__SC_CAST`.
    fn from_long(v: c_long) -> Self;

    /// Decodes a 64-bit register: x86_64 and x32 (`di`, `si`, ...), arm64 (`x0`...), riscv64.
    #[inline(always)]
    fn from_x64(reg: u64) -> Self {
        Self::from_long(reg as c_long)
    }

    /// Decodes an ia32 register, like `__SC_COMPAT_CAST` followed by `__SC_CAST`.
    #[inline(always)]
    fn from_ia32(reg: u64) -> Self {
        let low = reg as u32;
        if Self::IA32_SIGN_EXTEND {
            Self::from_long(low as i32 as c_long)
        } else {
            Self::from_long(low as c_long)
        }
    }
}

macro_rules! impl_int_arg {
    ($($t:ty => $c:literal, $sext:literal;)*) => {$(
        impl SyscallArg for $t {
            const C_TYPE: &'static CStr = $c;
            const IA32_SIGN_EXTEND: bool = $sext;

            #[inline(always)]
            fn from_long(v: c_long) -> Self {
                // Truncation and reinterpretation are the point: this is `__SC_CAST`.
                v as $t
            }
        }
    )*};
}

impl_int_arg! {
    i8 => c"signed char", false;
    u8 => c"unsigned char", false;
    i16 => c"short", false;
    u16 => c"unsigned short", false;
    i32 => c"int", false;
    u32 => c"unsigned int", false;
    isize => c"long", true;
    usize => c"size_t", false;
    i64 => c"long long", false;
    u64 => c"u64", false;
}

/// The value a syscall body returns, converted to the `long` the entry code hands back to user
/// space.
///
/// Implemented for [`Result`] of the integer types a syscall can return. Errors become `-errno`
/// and success values are returned as they are, exactly as a C syscall returns its `long`.
///
/// A success value that user space would read back as an error (`-4095..=-1` as the caller's
/// ABI sees the return register: all 64 bits for x86_64, the low 32 bits for ia32 and x32
/// callers) is a bug in the syscall, in Rust as in C. With `CONFIG_RUST_DEBUG_ASSERTIONS`, the
/// entry points look for it and, the first time, name the syscall and the value in the kernel
/// log; the value is still returned as it is, so that a debug kernel behaves as a production
/// one. Without it nothing is checked and the entry stub is the C one.
///
/// # Examples
///
/// ```
/// use kernel::error::code::EINVAL;
/// use kernel::syscall::SyscallReturn;
///
/// assert_eq!(Ok::<usize, _>(42).into_syscall_return(), 42);
/// assert_eq!(Ok::<(), _>(()).into_syscall_return(), 0);
/// assert_eq!(Err::<i32, _>(EINVAL).into_syscall_return(), -22);
/// // As in C, a success value is returned as it is.
/// assert_eq!(Ok::<isize, _>(-1).into_syscall_return(), -1);
/// // Whether the caller would read it as an error, on a 64-bit and on a 32-bit ABI.
/// assert!(Ok::<i64, _>(-1).success_reads_as_errno(false));
/// assert!(!Ok::<i64, _>(0xffff_ffff).success_reads_as_errno(false));
/// assert!(Ok::<i64, _>(0xffff_ffff).success_reads_as_errno(true));
/// assert!(!Err::<i64, _>(EINVAL).success_reads_as_errno(false));
/// ```
pub trait SyscallReturn {
    /// Converts `self` to the syscall return register.
    fn into_syscall_return(self) -> c_long;

    /// Whether `self` is a success value that the caller reads as `-errno`: a caller of a
    /// 32-bit ABI (`abi32`) sees only the low 32 bits of the return register.
    fn success_reads_as_errno(&self, abi32: bool) -> bool;
}

/// A success value of a syscall.
pub trait SyscallValue: Copy {
    /// Whether every value converts to a non-negative `long` on every ABI, so that it can never
    /// be read as an error and the debug check is compiled out.
    const NON_NEGATIVE: bool = false;

    /// The value as the C `long` return value.
    fn to_long(self) -> c_long;
}

impl SyscallValue for () {
    const NON_NEGATIVE: bool = true;

    #[inline(always)]
    fn to_long(self) -> c_long {
        0
    }
}

macro_rules! impl_value {
    ($($t:ty => $nonneg:literal),*) => {$(
        impl SyscallValue for $t {
            const NON_NEGATIVE: bool = $nonneg;

            #[inline(always)]
            fn to_long(self) -> c_long {
                self as c_long
            }
        }
    )*};
}

// `u32` is not non-negative on 32-bit ABIs, where `0xffff_ffff` reads as -1.
impl_value!(
    i8 => false, u8 => true, i16 => false, u16 => true, i32 => false, u32 => false,
    isize => false, usize => false, i64 => false, u64 => false
);

/// The largest errno, `MAX_ERRNO` in C.
const MAX_ERRNO: c_long = crate::bindings::MAX_ERRNO as c_long;

impl<T: SyscallValue> SyscallReturn for crate::error::Result<T> {
    #[inline(always)]
    fn into_syscall_return(self) -> c_long {
        match self {
            Ok(v) => v.to_long(),
            Err(e) => e.to_errno() as c_long,
        }
    }

    #[inline(always)]
    fn success_reads_as_errno(&self, abi32: bool) -> bool {
        match self {
            Ok(v) if !T::NON_NEGATIVE => {
                let v = v.to_long();
                let seen = if abi32 { v as i32 as c_long } else { v };
                (-MAX_ERRNO..0).contains(&seen)
            }
            _ => false,
        }
    }
}

/// The return register of an entry point, with the debug check of [`SyscallReturn`].
///
/// Called by the entry points [`syscall_define!`](crate::syscall_define) generates; `abi32` is
/// set for the entry points only 32-bit callers reach, `name` is the entry point's, `warned` its
/// own flag. Not for direct use.
#[doc(hidden)]
#[inline(always)]
pub fn checked_return<R: SyscallReturn>(
    ret: R,
    abi32: bool,
    name: &'static CStr,
    warned: &'static core::sync::atomic::AtomicBool,
) -> c_long {
    if cfg!(debug_assertions) {
        // An x32 caller of a native entry point also reads 32 bits.
        let reads_as_errno = ret.success_reads_as_errno(abi32)
            || (!abi32 && ret.success_reads_as_errno(true) && in_compat_syscall());
        let ret = ret.into_syscall_return();
        if reads_as_errno {
            success_reads_as_errno(ret, name, warned);
        }
        return ret;
    }
    ret.into_syscall_return()
}

/// Whether the current syscall comes from a 32-bit caller (ia32 or x32).
fn in_compat_syscall() -> bool {
    // SAFETY: `in_compat_syscall` reads the current task's state, valid in any syscall.
    unsafe { crate::bindings::in_compat_syscall() }
}

#[cold]
#[inline(never)]
fn success_reads_as_errno(v: c_long, name: &'static CStr, warned: &core::sync::atomic::AtomicBool) {
    if !warned.swap(true, core::sync::atomic::Ordering::Relaxed) {
        crate::pr_warn!(
            "{}: success value {} reads as an errno in user space\n",
            name.to_str().unwrap_or("syscall"),
            v
        );
    }
}
