// SPDX-License-Identifier: GPL-2.0

//! The riscv entry points of a system call, the Rust side of `asm/syscall_wrapper.h`.
//!
//! C header:
//! [`arch/riscv/include/asm/syscall_wrapper.h`](srctree/arch/riscv/include/asm/syscall_wrapper.h).

use crate::{bindings::pt_regs, ffi::c_ulong};

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

/// Reads the argument registers of `regs`.
#[inline(always)]
pub fn regs(regs: &pt_regs) -> Regs {
    Regs {
        a0: regs.orig_a0,
        a1: regs.a1,
        a2: regs.a2,
        a3: regs.a3,
        a4: regs.a4,
        a5: regs.a5,
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
/// let regs = kernel::bindings::pt_regs {
///     a0: 0xdead_beef_0000_0009,
///     orig_a0: 0xffff_ffff_0000_0001,
///     a1: 0xffff_ffff_0000_0002,
///     a2: 0xffff_ffff_0000_0003,
///     a3: 0xffff_ffff_0000_0004,
///     a4: 0xffff_ffff_0000_0005,
///     a5: 0xffff_ffff_0000_0006,
///     a6: 0xdead_beef_0000_0009,
///     ..Default::default()
/// };
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
