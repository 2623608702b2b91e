// SPDX-License-Identifier: GPL-2.0

//! Signature records: what a syscall's entry point takes, as the compiler resolved it.
//!
//! [`syscall_define!`](crate::syscall_define) (and `compat_syscall_define!`) leave, for every
//! entry point, a one-line record in the section `.discard.rust_syscall` of the object file,
//! which the kernel link discards. A tool reading the object file compares it with the
//! prototype in `include/linux/syscalls.h` (or `include/linux/compat.h`): types, `__user`,
//! names, count and order.
//!
//! Nothing here is for direct use.

/// Returns the length of a signature record made of `parts`.
pub const fn signature_len(parts: &[&[u8]]) -> usize {
    let mut len = 0;
    let mut i = 0;
    while i < parts.len() {
        len += parts[i].len();
        i += 1;
    }
    len
}

/// Concatenates `parts` into a signature record of `N` bytes (see [`signature_len`]).
///
/// A record is one line, `ENTRY;A;TYPE;NAME;...\n`, where `ENTRY` is the C name of the entry
/// (`sys_NAME` or `compat_sys_NAME`) and each argument has its C type as [`SyscallArg::C_TYPE`]
/// spells it, its name, and `A` = `U` for a `__user` pointer or `V` for a value.
///
/// [`SyscallArg::C_TYPE`]: crate::syscall::SyscallArg::C_TYPE
///
/// # Examples
///
/// ```
/// use kernel::syscall::signature::{signature, signature_len};
///
/// const PARTS: &[&[u8]] = &[b"sys_foo", b";V;int;fd", b"\n"];
/// const REC: [u8; signature_len(PARTS)] = signature(PARTS);
/// assert_eq!(&REC, b"sys_foo;V;int;fd\n");
/// ```
pub const fn signature<const N: usize>(parts: &[&[u8]]) -> [u8; N] {
    let mut out = [0u8; N];
    let mut n = 0;
    let mut i = 0;
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[n] = parts[i][j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(n == N);
    out
}

/// Emits the signature record of an entry (see [`signature`]). Not for direct use.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_signature {
    ($entry:expr, [$($arg:ident : $ty:ty),*]) => {
        const _: () = {
            const PARTS: &[&[u8]] = &[
                $entry.as_bytes(),
                $(
                    if <$ty as $crate::syscall::SyscallArg>::USER { b";U;" } else { b";V;" },
                    <$ty as $crate::syscall::SyscallArg>::C_TYPE.to_bytes(),
                    b";",
                    stringify!($arg).as_bytes(),
                )*
                b"\n",
            ];
            #[used]
            #[link_section = ".discard.rust_syscall"]
            static SIGNATURE: [u8; $crate::syscall::signature::signature_len(PARTS)] =
                $crate::syscall::signature::signature(PARTS);
        };
    };
}
