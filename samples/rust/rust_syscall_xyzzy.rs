// SPDX-License-Identifier: GPL-2.0

//! xyzzy(): an extensible argument struct, with a compat entry point.
//!
//! ```c
//! struct xyzzy_params {        /* 64-bit layout; 32-bit callers use compat */
//!         __u32 size_ver;      /* unused, must be 0 */
//!         __u32 flags;         /* XYZZY_* */
//!         long  delta;         /* added to the sum; a long: 4 bytes on 32-bit */
//!         __u64 __user *out;   /* where to store the result, may be NULL */
//!         __u64 extra;         /* version 1: added to the sum */
//! };
//! ```
//!
//! `xyzzy(params, size)` returns `delta + extra`, stores it at `out` when non-NULL, and negates it
//! with `XYZZY_NEGATE`. Sizes follow copy_struct_from_user() rules: version 0 ends before `extra`.

use kernel::prelude::*;
#[cfg(CONFIG_COMPAT)]
use kernel::syscall::compat::{CompatLong, CompatPtr};
use kernel::syscall::extensible::{copy_struct_from_user, ExtensibleStruct};
use kernel::syscall::{check_flags, TypedUserPtr, UserPointee};
use kernel::{compat_syscall_define, syscall_define, syscall_module};

/// Negate the result.
pub const XYZZY_NEGATE: u32 = 1;

/// The native layout.
#[repr(C)]
struct XyzzyParams {
    size_ver: u32,
    flags: u32,
    delta: isize,
    out: usize,
    extra: u64,
}

// SAFETY: Integers only: any bytes are a valid value.
unsafe impl kernel::transmute::FromBytes for XyzzyParams {}
/// Version 0 is 24 bytes.
impl ExtensibleStruct for XyzzyParams {
    const SIZE_VER0: usize = 24;
}

impl UserPointee for XyzzyParams {
    const PTR_C_TYPE: &'static core::ffi::CStr = c"struct xyzzy_params *";
}

/// The layout of a 32-bit caller: `long` and pointers are 4 bytes, `__u64` 4-aligned on ia32.
#[cfg(CONFIG_COMPAT)]
#[repr(C, packed(4))]
struct CompatXyzzyParams {
    size_ver: u32,
    flags: u32,
    delta: CompatLong,
    out: u32,
    extra: u64,
}

// SAFETY: Integers only: any bytes are a valid value.
#[cfg(CONFIG_COMPAT)]
unsafe impl kernel::transmute::FromBytes for CompatXyzzyParams {}
/// Version 0 is 16 bytes.
#[cfg(CONFIG_COMPAT)]
impl ExtensibleStruct for CompatXyzzyParams {
    const SIZE_VER0: usize = 16;
}

#[cfg(CONFIG_COMPAT)]
impl UserPointee for CompatXyzzyParams {
    const PTR_C_TYPE: &'static core::ffi::CStr = c"struct compat_xyzzy_params *";
}

/// The sum, stored at `out`; returned too unless a caller would read it as an errno (`compat`:
/// a 32-bit caller, which reads the low 32 bits).
fn do_xyzzy(
    size_ver: u32,
    flags: u32,
    delta: i64,
    out: TypedUserPtr<u64>,
    extra: u64,
    compat: bool,
) -> Result<i64> {
    check_flags(flags, XYZZY_NEGATE)?;
    if size_ver != 0 {
        return Err(EINVAL);
    }
    let mut sum = delta.wrapping_add(extra as i64);
    if flags & XYZZY_NEGATE != 0 {
        sum = sum.wrapping_neg();
    }
    if !out.is_null() {
        out.write(&(sum as u64))?;
    }
    // The return value must stay clear of the errno range: report it through `out` only.
    let seen = if compat { i64::from(sum as i32) } else { sum };
    Ok(if (-4095..0).contains(&seen) { 0 } else { sum })
}

syscall_define! {
    /// The native entry point.
    fn xyzzy(params: TypedUserPtr<XyzzyParams>, size: usize) -> Result<i64> {
        let p = copy_struct_from_user(params, size)?;
        do_xyzzy(p.size_ver, p.flags, p.delta as i64, TypedUserPtr::new(p.out), p.extra, false)
    }
}

compat_syscall_define! {
    /// The entry point for 32-bit callers (ia32 and x32).
    ///
    /// Like C's `struct compat_xyzzy_params __user *`, `params` is a whole register: an x32
    /// caller with garbage in its upper half gets `EFAULT`.
    fn xyzzy(params: TypedUserPtr<CompatXyzzyParams>, size: u32) -> Result<i64> {
        let p = copy_struct_from_user(params, size as usize)?;
        let out = CompatPtr::<u64>::new(p.out).to_user_ptr();
        do_xyzzy(p.size_ver, p.flags, i64::from(p.delta), out, p.extra, true)
    }
}

// Built as a module (CONFIG_RUST_SYSCALL_MODULES), the same file registers xyzzy() by name.
syscall_module! {
    name: "rust_syscall_xyzzy",
    authors: ["rust-syscalls developers"],
    description: "xyzzy() as a module syscall",
    license: "GPL",
    syscalls: [xyzzy(compat)],
}
