// SPDX-License-Identifier: GPL-2.0

//! Compat system calls: 32-bit callers on a 64-bit kernel.
//!
//! [`compat_syscall_define!`](crate::compat_syscall_define) is the twin of
//! `COMPAT_SYSCALL_DEFINEn()`, and the types here those of compat arguments.
//!
//! C header: [`include/linux/compat.h`](srctree/include/linux/compat.h).

use super::{arg::SyscallArg, TypedUserPtr};
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
    pub fn to_user_ptr(self) -> TypedUserPtr<T> {
        TypedUserPtr::new(self.raw as usize)
    }
}

/// A `compat_uptr_t` argument, as C declares it: the register is converted to a 32-bit integer,
/// so the upper half of a 64-bit (x32) register is ignored.
///
/// A compat syscall that takes a pointer to a compat struct, `struct compat_foo __user *` in C,
/// takes a [`TypedUserPtr<CompatFoo>`](super::TypedUserPtr) instead: like the C pointer, it keeps
/// all 64 bits of an x32 register, so a pointer with a dirty upper half is `EFAULT` in both.
///
/// # Examples
///
/// ```
/// use kernel::syscall::{compat::CompatPtr, SyscallArg};
///
/// assert_eq!(CompatPtr::<u8>::C_TYPE, c"compat_uptr_t");
/// assert!(!CompatPtr::<u8>::USER);
/// assert_eq!(CompatPtr::<u8>::from_ia32(0xffff_ffff_0000_1000).raw(), 0x1000);
/// ```
impl<T> SyscallArg for CompatPtr<T> {
    const C_TYPE: &'static core::ffi::CStr = c"compat_uptr_t";

    #[inline(always)]
    fn from_long(v: c_long) -> Self {
        Self::new(v as u32)
    }
}

/// Joins a 64-bit argument that a 32-bit caller splits over two registers, low half first.
///
/// This is `compat_arg_u64_glue()` for the x86 `compat_arg_u64(name)` pair `name_lo, name_hi`.
/// AArch32 callers of arm64 pass such a value in an even/odd register pair, after a padding
/// register where needed (`arg_u32p()` in `arch/arm64/kernel/sys32.c`): declare the padding
/// argument too.
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

/// Defines the compat entry points of a system call, like `COMPAT_SYSCALL_DEFINEn()` in C.
///
/// Use it when a 32-bit caller passes data whose layout differs from the 64-bit one (a `long`,
/// a pointer inside a struct, a 64-bit value split over two registers). The body is kept as
/// `compat_NAME()`, and the macro adds:
///
/// - with `CONFIG_IA32_EMULATION`, `__ia32_compat_sys_NAME()`, decoding ia32 registers;
/// - with `CONFIG_X86_X32_ABI`, `__x64_compat_sys_NAME()` for x32, decoding 64-bit registers;
/// - on arm64 with `CONFIG_COMPAT`, `__arm64_compat_sys_NAME()` for AArch32 callers, decoding
///   `x0` to `x5` like the C stub (`__SC_DELOUSE`, the same conversion as x32's);
/// - on riscv with `CONFIG_COMPAT`, `__riscv_compat_sys_NAME()` for rv32 callers, decoding
///   `orig_a0` and `a1` to `a5` the same way.
///
/// Argument types are usually the compat ones of this module, such as [`CompatLong`], or a
/// [`TypedUserPtr`] to a compat struct.
///
/// # Examples
///
/// ```
/// use kernel::prelude::*;
/// use kernel::compat_syscall_define;
/// use kernel::syscall::compat::compat_arg_u64;
///
/// compat_syscall_define! {
///     /// Takes a 64-bit offset split over two 32-bit registers.
///     fn doc_seek(fd: i32, off_lo: u32, off_hi: u32) -> Result<u64> {
///         let _ = fd;
///         Ok(compat_arg_u64(off_lo, off_hi))
///     }
/// }
///
/// #[cfg(CONFIG_COMPAT)]
/// assert_eq!(compat_doc_seek(0, 2, 1), Ok(0x1_0000_0002));
/// ```
#[macro_export]
macro_rules! compat_syscall_define {
    (
        $(#[$meta:meta])*
        $vis:vis fn $name:ident($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        $crate::macros::paste! {
            // Like `COMPAT_SYSCALL_DEFINEn()`, nothing without a compat ABI.
            #[cfg(CONFIG_COMPAT)]
            $(#[$meta])*
            #[inline(always)]
            $vis fn [<compat_ $name>]($($arg: $ty),*) -> $ret $body

            $crate::__syscall_stub!(
                #[cfg(CONFIG_IA32_EMULATION)] [<__ia32_compat_sys_ $name>], [<compat_ $name>],
                from_ia32, true, $crate::syscall::x86::regs, [bx cx dx si di bp], [$($ty,)*]
            );
            $crate::__syscall_stub!(
                #[cfg(CONFIG_X86_X32_ABI)] [<__x64_compat_sys_ $name>], [<compat_ $name>],
                from_x64, true, $crate::syscall::x86::regs, [di si dx r10 r8 r9], [$($ty,)*]
            );
            $crate::__syscall_stub!(
                #[cfg(all(CONFIG_ARM64, CONFIG_COMPAT))] [<__arm64_compat_sys_ $name>],
                [<compat_ $name>], from_x64, true, $crate::syscall::arm64::regs,
                [x0 x1 x2 x3 x4 x5], [$($ty,)*]
            );
            $crate::__syscall_stub!(
                #[cfg(all(CONFIG_RISCV, CONFIG_COMPAT))] [<__riscv_compat_sys_ $name>],
                [<compat_ $name>], from_x64, true, $crate::syscall::riscv::regs,
                [a0 a1 a2 a3 a4 a5], [$($ty,)*]
            );
        }
        // No trace events: like C, compat syscalls are not traced on x86,
        // arm64 and riscv (`ARCH_TRACE_IGNORE_COMPAT_SYSCALLS`).
        #[cfg(CONFIG_COMPAT)]
        $crate::__syscall_signature!(
            concat!("compat_sys_", stringify!($name)), [$($arg: $ty),*]
        );
    };
}
