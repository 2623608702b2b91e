// SPDX-License-Identifier: GPL-2.0

//! The entry point of a system call on architectures without a syscall wrapper.
//!
//! Where the architecture has no `asm/syscall_wrapper.h` (no `CONFIG_ARCH_HAS_SYSCALL_WRAPPER`:
//! loongarch, UML and others), the syscall table calls `sys_NAME()` with the arguments in the
//! registers of the C calling convention, and `SYSCALL_DEFINEn()` makes `sys_NAME()`, declared
//! with the arguments' types, an alias of `__se_sys_NAME()`, which takes each as a `long` and
//! converts it to the declared type (`__SC_CAST`). This is the Rust side of that default in
//! [`include/linux/syscalls.h`](srctree/include/linux/syscalls.h), for 64-bit kernels (where no
//! argument takes two registers).

/// Emits the entry point of a system call for an architecture without a syscall wrapper. Not for
/// direct use.
///
/// `sys_NAME(long, ...)` takes as many `long`s as the syscall has arguments, and converts each to
/// its type like `__se_sys_NAME()`: an `int` is the low 32 bits of its `long`, a pointer the whole
/// `long`.
///
/// # Examples
///
/// ```
/// use kernel::prelude::*;
/// use kernel::syscall_define;
///
/// syscall_define! {
///     fn doc_generic_six(a: i32, b: i32, c: i32, d: i32, e: i32, f: i32) -> Result<i64> {
///         Ok([a, b, c, d, e, f].iter().rev().fold(0, |n, &v| n * 10 + i64::from(v)))
///     }
/// }
///
/// // Like `__se_sys_NAME()`, `int` arguments are the low 32 bits of their `long`s.
/// let g = |i: isize| i - 0x1_0000_0000 + 1; // 0xffff_ffff_0000_0001 + i, a `long`
/// assert_eq!(sys_doc_generic_six(g(0), g(1), g(2), g(3), g(4), g(5)), 654321);
///
/// syscall_define! {
///     fn doc_generic_wide(a: i32, b: usize) -> Result<i64> {
///         Ok(i64::from(a) + (b >> 32) as i64)
///     }
/// }
///
/// // The low half 0xffff_ffff is the `int` -1; a `size_t` keeps all 64 bits of its `long`.
/// assert_eq!(sys_doc_generic_wide(0x7fff_ffff_ffff_ffff, -0x1_0000_0000), 0xffff_fffe);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_entry_points {
    ($name:ident, [$($ty:ty,)*]) => {
        $crate::macros::paste! {
            $crate::__syscall_stub_longs!(
                [<sys_ $name>], $name, [$($ty,)*], [a0 a1 a2 a3 a4 a5], []
            );
        }
    };
}

/// Emits `sys_NAME(long, ...)`: names one argument per type, then the stub. Not for direct use.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_stub_longs {
    // Every argument named: the stub.
    ($stub:ident, $body:ident, [], [$($unused:ident)*], [$($arg:ident: $ty:ty,)*]) => {
        /// Syscall entry point called by the syscall table.
        #[no_mangle]
        pub extern "C" fn $stub($($arg: $crate::ffi::c_long),*) -> $crate::ffi::c_long {
            $crate::__syscall_return!(
                $stub,
                false,
                $body($(<$ty as $crate::syscall::SyscallArg>::from_long($arg)),*)
            )
        }

        $crate::__syscall_allow_error_injection!(#[cfg(all())] $stub);
    };
    // Names the next argument.
    ($stub:ident, $body:ident, [$ty:ty, $($rest:ty,)*], [$arg:ident $($names:ident)*],
     [$($named:tt)*]) => {
        $crate::__syscall_stub_longs!(
            $stub, $body, [$($rest,)*], [$($names)*], [$($named)* $arg: $ty,]
        );
    };
}
