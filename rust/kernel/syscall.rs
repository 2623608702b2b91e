// SPDX-License-Identifier: GPL-2.0

//! System calls written in Rust.
//!
//! [`syscall_define!`] is the Rust twin of `SYSCALL_DEFINEn()`. It generates the entry points
//! the syscall tables name (on x86, `__x64_sys_NAME()` and `__ia32_sys_NAME()`; on arm64,
//! `__arm64_sys_NAME()`; on riscv, `__riscv_sys_NAME()`; on architectures without a syscall
//! wrapper, `sys_NAME()`), decodes the registers in ABI order,
//! converts each register to the argument's type exactly as the C macros do (see
//! [`SyscallArg`]), and turns the body's [`Result`] into the `long` returned to user space (see
//! [`SyscallReturn`]).
//!
//! A syscall body needs no `unsafe`: user memory is reached through [`TypedUserPtr`] and
//! [`UserSlice`](crate::uaccess::UserSlice), paths through [`UserCStr`].
//!
//! The syscall still has to be wired like a C one (see
//! `Documentation/process/adding-syscalls.rst`): a table entry per ABI, a prototype in
//! `include/linux/syscalls.h` and a `COND_SYSCALL()` in `kernel/sys_ni.c`, which also makes the
//! syscall answer `-ENOSYS` when its Kconfig option is off.
//!
//! The architectures whose entry points this module emits select `HAVE_RUST_SYSCALLS` (x86_64,
//! arm64, 64-bit riscv, and the 64-bit architectures without a syscall wrapper that Rust runs
//! on: loongarch and UML); elsewhere, syscalls written in Rust cannot be enabled and answer
//! `-ENOSYS`.
//!
//! C header: [`include/linux/syscalls.h`](srctree/include/linux/syscalls.h),
//! [`arch/x86/include/asm/syscall_wrapper.h`](srctree/arch/x86/include/asm/syscall_wrapper.h),
//! [`arch/arm64/include/asm/syscall_wrapper.h`](srctree/arch/arm64/include/asm/syscall_wrapper.h),
//! [`arch/riscv/include/asm/syscall_wrapper.h`](srctree/arch/riscv/include/asm/syscall_wrapper.h).

pub mod arg;
#[doc(hidden)]
pub mod meta;
pub mod user;

// The entry points of each architecture (`HAVE_RUST_SYSCALLS`), like its `asm/syscall_wrapper.h`,
// or without one, like the default of `include/linux/syscalls.h`.
#[cfg(CONFIG_ARM64)]
#[doc(hidden)]
pub mod arm64;
#[cfg(all(not(CONFIG_ARCH_HAS_SYSCALL_WRAPPER), CONFIG_64BIT))]
#[doc(hidden)]
pub mod generic;
#[cfg(all(CONFIG_RISCV, CONFIG_64BIT))]
#[doc(hidden)]
pub mod riscv;
#[cfg(all(CONFIG_X86_64, not(CONFIG_UML)))]
#[doc(hidden)]
pub mod x86;

pub use arg::{SyscallArg, SyscallReturn, SyscallValue};
pub use user::{check_flags, TypedUserPtr, UserCStr, UserPointee};

/// An entry of the error-injection whitelist, `struct error_injection_entry` in C.
///
/// [`syscall_define!`] emits one for each entry point, as `ALLOW_ERROR_INJECTION(__x64_sys_NAME,
/// ERRNO)` does for C syscalls, so that `fail_function` and BPF programs can make a Rust syscall
/// fail with an injected errno.
#[repr(C)]
pub struct ErrorInjectionEntry {
    addr: *const crate::ffi::c_void,
    etype: crate::ffi::c_int,
}

// SAFETY: The entry is read-only data: the address of a function and a constant.
unsafe impl Sync for ErrorInjectionEntry {}

const _: () = assert!(
    core::mem::size_of::<ErrorInjectionEntry>()
        == core::mem::size_of::<crate::bindings::error_injection_entry>()
);

impl ErrorInjectionEntry {
    /// An entry saying that the function at `addr`, an entry point of any shape (`struct pt_regs`
    /// or `sys_NAME(long, ...)`), returns `-errno` on failure (`EI_ETYPE_ERRNO`).
    ///
    /// The entry is only data: what puts a function on the whitelist, so that `fail_function`
    /// can make it return an errno instead of running, is the entry's place in the
    /// `_error_injection_whitelist` section, as with `ALLOW_ERROR_INJECTION()`; only a function
    /// whose callers take any `-errno` belongs there.
    pub const fn errno(addr: *const crate::ffi::c_void) -> Self {
        Self {
            addr,
            etype: crate::bindings::EI_ETYPE_ERRNO as crate::ffi::c_int,
        }
    }
}

/// Defines a system call, like `SYSCALL_DEFINEn()` in C.
///
/// The body is an ordinary Rust function of up to six arguments whose types implement
/// [`SyscallArg`], returning a [`Result`](crate::error::Result) of an integer type or `()`. The
/// macro keeps the function (callable from Rust, for tests) and adds the entry points of the
/// architecture, those its `asm/syscall_wrapper.h` defines for C. On x86:
///
/// - `__x64_sys_NAME(const struct pt_regs *)` for x86_64 and x32, decoding `di`, `si`, `dx`,
///   `r10`, `r8`, `r9`;
/// - with `CONFIG_IA32_EMULATION`, `__ia32_sys_NAME(const struct pt_regs *)` for ia32, decoding
///   `bx`, `cx`, `dx`, `si`, `di`, `bp`.
///
/// On arm64, `__arm64_sys_NAME(const struct pt_regs *)`, decoding `x0` to `x5`, for AArch64 and
/// AArch32 callers alike; on 64-bit riscv, `__riscv_sys_NAME(const struct pt_regs *)`, decoding
/// `orig_a0` and `a1` to `a5`; without a syscall wrapper (loongarch, UML),
/// `sys_NAME(long, ...)`, converting each `long` like `__se_sys_NAME()`.
///
/// # Examples
///
/// ```
/// use kernel::prelude::*;
/// use kernel::syscall_define;
///
/// syscall_define! {
///     /// Adds two numbers.
///     fn doc_adder(a: i32, b: i32) -> Result<i64> {
///         Ok(i64::from(a) + i64::from(b))
///     }
/// }
///
/// assert_eq!(doc_adder(2, 3), Ok(5));
///
/// // The x86_64 entry point decodes registers like the C stub: upper halves are ignored.
/// #[cfg(all(CONFIG_X86_64, not(CONFIG_UML)))]
/// {
///     let mut regs = kernel::bindings::pt_regs {
///         di: 0xdead_beef_0000_0002,
///         si: 0xffff_ffff_0000_0028,
///         ..Default::default()
///     };
///     // SAFETY: `regs` is a valid `pt_regs` for the duration of the call.
///     assert_eq!(unsafe { __x64_sys_doc_adder(&regs) }, 42);
///     // `int` arguments are sign-extended from their low 32 bits.
///     regs.di = 0x8000_0000; // INT_MIN
///     regs.si = 0x1234_5678_ffff_ffff; // -1
///     // SAFETY: As above.
///     assert_eq!(unsafe { __x64_sys_doc_adder(&regs) }, -2_147_483_649);
///     // The ia32 entry point decodes bx and cx instead.
///     regs.bx = 5;
///     regs.cx = 0xffff_fffe; // -2
///     // SAFETY: As above.
///     #[cfg(CONFIG_IA32_EMULATION)]
///     assert_eq!(unsafe { __ia32_sys_doc_adder(&regs) }, 3);
/// }
/// ```
#[macro_export]
macro_rules! syscall_define {
    (
        $(#[$meta:meta])*
        $vis:vis fn $name:ident($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        $(#[$meta])*
        #[inline(always)]
        $vis fn $name($($arg: $ty),*) -> $ret $body

        $crate::__syscall_entry_points!($name, [$($ty,)*]);
        $crate::__syscall_trace_metadata!($name, [$($arg: $ty),*]);
    };
}

/// Emits one entry stub. Not for direct use.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_stub {
    (#[$cfg:meta] $stub:ident, $body:ident, $dec:ident, $abi32:literal, $view:path,
     [$($reg:ident)*], [$($ty:ty,)*]) => {
        /// Syscall entry point called by the syscall table.
        ///
        /// # Safety
        ///
        /// `regs` must point to a valid `struct pt_regs` for the duration of the call, as it
        /// does when the entry code calls this function.
        #[$cfg]
        #[no_mangle]
        pub unsafe extern "C" fn $stub(
            regs: *const $crate::bindings::pt_regs,
        ) -> $crate::ffi::c_long {
            // SAFETY: The caller passes a valid `pt_regs` (see `# Safety`).
            let _regs = $view(unsafe { &*regs });
            $crate::__syscall_return!(
                $stub,
                $abi32,
                $crate::__syscall_call!($body, $dec, _regs, [$($reg)*], [$($ty,)*], [])
            )
        }

        $crate::__syscall_allow_error_injection!(#[$cfg] $stub);
    };
}

/// The `long` an entry point returns for the body's result `$ret`, with the debug check of
/// [`SyscallReturn`] naming `$stub`. Not for direct use.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_return {
    ($stub:ident, $abi32:literal, $ret:expr) => {{
        // The flag of the debug check of `SyscallReturn`, one per entry point.
        static WARNED: ::core::sync::atomic::AtomicBool =
            ::core::sync::atomic::AtomicBool::new(false);
        $crate::syscall::arg::checked_return(
            $ret,
            $abi32,
            {
                const NAME: &::core::ffi::CStr =
                    $crate::syscall::meta::cstr(concat!(stringify!($stub), "\0").as_bytes());
                NAME
            },
            &WARNED,
        )
    }};
}

/// `ALLOW_ERROR_INJECTION($stub, ERRNO)`. Not for direct use.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_allow_error_injection {
    (#[$cfg:meta] $stub:ident) => {
        #[$cfg]
        #[cfg(CONFIG_FUNCTION_ERROR_INJECTION)]
        const _: () = {
            #[used]
            #[link_section = "_error_injection_whitelist"]
            static ENTRY: $crate::syscall::ErrorInjectionEntry =
                $crate::syscall::ErrorInjectionEntry::errno($stub as *const ::core::ffi::c_void);
        };
    };
}

/// Emits what `SYSCALL_METADATA()` emits in C: the syscall's trace events. Not for direct use.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_trace_metadata {
    ($name:ident, [$($arg:ident : $ty:ty),*]) => {
        // Not in modules: the kernel maps trace metadata to table numbers at boot.
        #[cfg(all(CONFIG_FTRACE_SYSCALLS, not(MODULE)))]
        const _: () = {
            type EventPtr = $crate::syscall::meta::SectionPtr<$crate::bindings::trace_event_call>;
            const N: usize = <[&str]>::len(&[$(stringify!($arg)),*]);
            static TYPES: $crate::syscall::meta::CStrArray<N> = $crate::syscall::meta::CStrArray(
                [$($crate::syscall::meta::char_ptr(<$ty as $crate::syscall::SyscallArg>::C_TYPE)),*]
            );
            static ARGS: $crate::syscall::meta::CStrArray<N> = $crate::syscall::meta::CStrArray(
                [$(concat!(stringify!($arg), "\0").as_ptr().cast()),*]
            );
            static META: $crate::syscall::meta::StaticCell<$crate::bindings::syscall_metadata> =
                // SAFETY: `META.get()` is the address of the static that holds the result.
                $crate::syscall::meta::StaticCell::new(unsafe {
                    $crate::syscall::meta::metadata(
                        META.get(),
                        $crate::syscall::meta::cstr(
                            concat!("sys_", stringify!($name), "\0").as_bytes(),
                        ),
                        &TYPES,
                        &ARGS,
                        ENTER.get(),
                        EXIT.get(),
                    )
                });
            static ENTER: $crate::syscall::meta::StaticCell<$crate::bindings::trace_event_call> =
                $crate::syscall::meta::StaticCell::new($crate::syscall::meta::trace_event(
                    true,
                    $crate::syscall::meta::cstr(
                        concat!("sys_enter_", stringify!($name), "\0").as_bytes(),
                    ),
                    META.get(),
                ));
            static EXIT: $crate::syscall::meta::StaticCell<$crate::bindings::trace_event_call> =
                $crate::syscall::meta::StaticCell::new($crate::syscall::meta::trace_event(
                    false,
                    $crate::syscall::meta::cstr(
                        concat!("sys_exit_", stringify!($name), "\0").as_bytes(),
                    ),
                    META.get(),
                ));
            #[used]
            #[link_section = "_ftrace_events"]
            static ENTER_PTR: EventPtr = $crate::syscall::meta::SectionPtr(ENTER.get());
            #[used]
            #[link_section = "_ftrace_events"]
            static EXIT_PTR: EventPtr = $crate::syscall::meta::SectionPtr(EXIT.get());
            #[used]
            #[link_section = "__syscalls_metadata"]
            static META_PTR: $crate::syscall::meta::SectionPtr<$crate::bindings::syscall_metadata> =
                $crate::syscall::meta::SectionPtr(META.get());
        };
    };
}

/// Decodes registers into arguments, in ABI order, and calls the body. Not for direct use.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_call {
    ($body:ident, $dec:ident, $regs:ident, [$($reg:ident)*], [], [$($out:expr,)*]) => {
        $body($($out),*)
    };
    ($body:ident, $dec:ident, $regs:ident, [$reg:ident $($regs_rest:ident)*],
     [$ty:ty, $($ty_rest:ty,)*], [$($out:expr,)*]) => {
        $crate::__syscall_call!(
            $body, $dec, $regs, [$($regs_rest)*], [$($ty_rest,)*],
            [$($out,)* <$ty as $crate::syscall::SyscallArg>::$dec($regs.$reg as u64),]
        )
    };
}
