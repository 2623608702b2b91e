// SPDX-License-Identifier: GPL-2.0

//! The arm64 entry points of a system call, the Rust side of `asm/syscall_wrapper.h`.
//!
//! C header:
//! [`arch/arm64/include/asm/syscall_wrapper.h`](srctree/arch/arm64/include/asm/syscall_wrapper.h).

use crate::bindings::pt_regs;

/// The argument registers of a system call, `regs->regs[0..5]` (`SC_ARM64_REGS_TO_ARGS`).
pub struct Regs {
    /// `x0`, the first argument.
    pub x0: u64,
    /// `x1`.
    pub x1: u64,
    /// `x2`.
    pub x2: u64,
    /// `x3`.
    pub x3: u64,
    /// `x4`.
    pub x4: u64,
    /// `x5`, the sixth argument.
    pub x5: u64,
}

/// Reads the argument registers of `regs`.
#[inline(always)]
pub fn regs(regs: &pt_regs) -> Regs {
    // SAFETY: Both members of the union are 34 `u64`s with no padding (`user_regs`, and the
    // anonymous struct of `regs[31]`, `sp`, `pc` and `pstate`), so whichever was written, every
    // byte of `user_regs` is initialized, and any bit pattern is a valid `u64`.
    let r = unsafe { &regs.__bindgen_anon_1.user_regs.regs };
    Regs {
        x0: r[0],
        x1: r[1],
        x2: r[2],
        x3: r[3],
        x4: r[4],
        x5: r[5],
    }
}

/// Emits the arm64 entry point of a system call. Not for direct use.
///
/// `__arm64_sys_NAME(const struct pt_regs *)` decodes `x0` to `x5` exactly like the C stub
/// (`SC_ARM64_REGS_TO_ARGS`, then `__SC_CAST`), for AArch64 callers and for AArch32 ones, whose
/// compat table calls the same stub.
///
/// # Examples
///
/// ```
/// use kernel::prelude::*;
/// use kernel::syscall_define;
///
/// syscall_define! {
///     fn doc_arm64_six(a: i32, b: i32, c: i32, d: i32, e: i32, f: i32) -> Result<i64> {
///         Ok([a, b, c, d, e, f].iter().rev().fold(0, |n, &v| n * 10 + i64::from(v)))
///     }
/// }
///
/// // Like the C stub, `int` arguments take the low 32 bits of x0 to x5, each in its place; x6
/// // is not an argument.
/// let mut x = [0xdead_beef_0000_0009u64; 31];
/// for (i, r) in x.iter_mut().take(6).enumerate() {
///     *r = 0xffff_ffff_0000_0001 + i as u64;
/// }
/// let mut regs = kernel::bindings::pt_regs::default();
/// regs.__bindgen_anon_1.user_regs.regs = x;
/// // SAFETY: `regs` is a valid `pt_regs` for the duration of the call.
/// assert_eq!(unsafe { __arm64_sys_doc_arm64_six(&regs) }, 654321);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_entry_points {
    ($name:ident, [$($ty:ty,)*]) => {
        $crate::macros::paste! {
            $crate::__syscall_stub!(
                #[cfg(CONFIG_ARM64)] [<__arm64_sys_ $name>], $name, from_x64, false,
                $crate::syscall::arm64::regs, [x0 x1 x2 x3 x4 x5], [$($ty,)*]
            );
        }
    };
}
