// SPDX-License-Identifier: GPL-2.0

//! The riscv entry points of a system call, the Rust side of `asm/syscall_wrapper.h`.
//!
//! C header:
//! [`arch/riscv/include/asm/syscall_wrapper.h`](srctree/arch/riscv/include/asm/syscall_wrapper.h).

use crate::{
    bindings::{pt_regs, user_regs_struct},
    ffi::c_ulong,
};

/// The argument registers of a system call (`SC_RISCV_REGS_TO_ARGS`): `orig_a0`, the first
/// argument as the caller passed it (the entry code has already set `a0` to `-ENOSYS`, the
/// return value of an unknown syscall), then `a1` to `a5`.
pub struct Regs {
    /// `orig_a0`, the first argument.
    pub a0: c_ulong,
    /// `a1`.
    pub a1: c_ulong,
    /// `a2`.
    pub a2: c_ulong,
    /// `a3`.
    pub a3: c_ulong,
    /// `a4`.
    pub a4: c_ulong,
    /// `a5`, the sixth argument.
    pub a5: c_ulong,
}

// `struct user_regs_struct` is a prefix of `struct pt_regs` (its uapi header says so, and ptrace
// copies one as the other): the general registers are read through it, whatever groups
// `struct pt_regs` makes of them (`a0` to `a7` can be a `struct_group()`, an anonymous union for
// bindgen).
const _: () =
    assert!(core::mem::size_of::<user_regs_struct>() <= core::mem::offset_of!(pt_regs, orig_a0));

/// Reads the argument registers of `regs`.
#[inline(always)]
pub fn regs(regs: &pt_regs) -> Regs {
    // SAFETY: `struct user_regs_struct` is a prefix of `struct pt_regs` (see above): the cast
    // reads `unsigned long`s inside `*regs`, initialized and suitably aligned.
    let u = unsafe { &*core::ptr::from_ref(regs).cast::<user_regs_struct>() };
    Regs {
        a0: regs.orig_a0,
        a1: u.a1,
        a2: u.a2,
        a3: u.a3,
        a4: u.a4,
        a5: u.a5,
    }
}

/// Emits the riscv entry point of a system call. Not for direct use.
///
/// `__riscv_sys_NAME(const struct pt_regs *)` decodes `orig_a0` and `a1` to `a5` exactly like
/// the C stub of 64-bit riscv (`SC_RISCV_REGS_TO_ARGS`, then `__SC_CAST`).
///
/// # Examples
///
/// ```
/// use kernel::prelude::*;
/// use kernel::syscall_define;
///
/// syscall_define! {
///     fn doc_riscv_six(a: i32, b: i32, c: i32, d: i32, e: i32, f: i32) -> Result<i64> {
///         Ok([a, b, c, d, e, f].iter().rev().fold(0, |n, &v| n * 10 + i64::from(v)))
///     }
/// }
///
/// // Like the C stub, `int` arguments take the low 32 bits of orig_a0 and a1 to a5; a0 (by now
/// // -ENOSYS) and a6 are not read.
/// let mut regs = kernel::bindings::pt_regs {
///     orig_a0: 0xffff_ffff_0000_0001,
///     ..Default::default()
/// };
/// let user = kernel::bindings::user_regs_struct {
///     a0: 0xdead_beef_0000_0009,
///     a1: 0xffff_ffff_0000_0002,
///     a2: 0xffff_ffff_0000_0003,
///     a3: 0xffff_ffff_0000_0004,
///     a4: 0xffff_ffff_0000_0005,
///     a5: 0xffff_ffff_0000_0006,
///     a6: 0xdead_beef_0000_0009,
///     ..Default::default()
/// };
/// let prefix = core::ptr::from_mut(&mut regs).cast::<kernel::bindings::user_regs_struct>();
/// // SAFETY: `struct user_regs_struct` is a prefix of `struct pt_regs`.
/// unsafe { prefix.write(user) };
/// // SAFETY: `regs` is a valid `pt_regs` for the duration of the call.
/// assert_eq!(unsafe { __riscv_sys_doc_riscv_six(&regs) }, 654321);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_entry_points {
    ($name:ident, [$($ty:ty,)*]) => {
        $crate::macros::paste! {
            $crate::__syscall_stub!(
                #[cfg(CONFIG_RISCV)] [<__riscv_sys_ $name>], $name, from_x64, false,
                $crate::syscall::riscv::regs, [a0 a1 a2 a3 a4 a5], [$($ty,)*]
            );
        }
    };
}
