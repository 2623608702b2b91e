// SPDX-License-Identifier: GPL-2.0

//! The x86 entry points of a system call, the Rust side of `asm/syscall_wrapper.h`.
//!
//! C header:
//! [`arch/x86/include/asm/syscall_wrapper.h`](srctree/arch/x86/include/asm/syscall_wrapper.h).

/// The registers an entry point decodes: x86 names them in `struct pt_regs` itself.
#[inline(always)]
pub fn regs(regs: &crate::bindings::pt_regs) -> &crate::bindings::pt_regs {
    regs
}

/// Emits the x86 entry points of a system call. Not for direct use.
///
/// - `__x64_sys_NAME(const struct pt_regs *)` for x86_64 and x32, decoding `di`, `si`, `dx`,
///   `r10`, `r8`, `r9`;
/// - with `CONFIG_IA32_EMULATION`, `__ia32_sys_NAME(const struct pt_regs *)` for ia32, decoding
///   `bx`, `cx`, `dx`, `si`, `di`, `bp`.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_entry_points {
    ($name:ident, [$($ty:ty,)*]) => {
        $crate::macros::paste! {
            $crate::__syscall_stub!(
                #[cfg(CONFIG_X86_64)] [<__x64_sys_ $name>], $name, from_x64, false,
                $crate::syscall::x86::regs, [di si dx r10 r8 r9], [$($ty,)*]
            );
            $crate::__syscall_stub!(
                #[cfg(CONFIG_IA32_EMULATION)] [<__ia32_sys_ $name>], $name, from_ia32, true,
                $crate::syscall::x86::regs, [bx cx dx si di bp], [$($ty,)*]
            );
        }
    };
}
