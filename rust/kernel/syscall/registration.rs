// SPDX-License-Identifier: GPL-2.0

//! System calls registered by a loadable module: a development mode.
//!
//! With `CONFIG_RUST_SYSCALL_MODULES` (an `EXPERT` option, never meant for a production kernel),
//! a module registers system calls defined with the same [`syscall_define!`] and
//! [`compat_syscall_define!`] as built-in ones, when it is loaded, and they are gone when it is
//! unloaded. Linux has no such mechanism: built-in syscalls have fixed numbers in the syscall
//! tables. Here a block of test-only numbers, the slots, is wired to built-in stubs; a module
//! asks for its syscalls by name, each gets a free slot, and the numbers of that slot in every
//! ABI are published in `/sys/kernel/rust_syscalls/NAME/` (`nr`, `nr_x32`, `nr_i386`).
//!
//! A module declares its syscalls with [`syscall_module!`], which registers them in the
//! module's init and unregisters them in its exit. In a built-in build the same file is an
//! ordinary set of syscalls and [`syscall_module!`] expands to nothing.
//!
//! Unregistering makes new calls answer `ENOSYS` at once and returns only when no call into
//! the module is still running: `rmmod` waits for calls in progress, and a call that sleeps in
//! the module must sleep interruptibly, so that a signal ends it.
//!
//! See `Documentation/rust/syscall-modules.rst`.
//!
//! C header: [`include/linux/rust_syscall_slots.h`](srctree/include/linux/rust_syscall_slots.h).
//!
//! [`syscall_define!`]: crate::syscall_define
//! [`compat_syscall_define!`]: crate::compat_syscall_define
//! [`syscall_module!`]: crate::syscall_module

#[cfg(CONFIG_RUST_SYSCALL_MODULES)]
pub use imp::{Entry, ModuleSyscall, Registration};

/// The registration API; the macros below are defined whatever the configuration, so that a
/// built-in build of a syscall file that uses them compiles.
#[cfg(CONFIG_RUST_SYSCALL_MODULES)]
mod imp {
    use crate::{bindings, error::to_result, prelude::*, types::Opaque, ThisModule};
    use core::ffi::CStr;

    /// An entry point of a syscall, as [`syscall_define!`](crate::syscall_define) generates them.
    pub type Entry = unsafe extern "C" fn(*const bindings::pt_regs) -> crate::ffi::c_long;

    /// One system call a module offers: its name and its entry point in each ABI.
    ///
    /// Built by [`syscall_module!`](crate::syscall_module) from the syscall's name.
    #[repr(transparent)]
    pub struct ModuleSyscall(bindings::rsc_syscall);

    // SAFETY: A `ModuleSyscall` is immutable: a name and function pointers, read by the core while
    // registering.
    unsafe impl Sync for ModuleSyscall {}

    impl ModuleSyscall {
        /// A syscall called `name` whose entry points are `x64` for x86_64, `x32` for x32 (its
        /// compat entry point, else `x64`) and `ia32` for ia32 (its compat entry point, else its
        /// native one); `None` where the kernel has no such ABI, which then answers `ENOSYS`.
        ///
        /// # Safety
        ///
        /// Each entry point must be sound to call at any time, from any task, with a valid
        /// `pt_regs` of its ABI holding anything user space likes, as
        /// [`syscall_define!`](crate::syscall_define) generates them; and its code must belong to
        /// the module that registers the syscall, so that the registration does not outlive it.
        ///
        /// # Examples
        ///
        /// ```
        /// use kernel::bindings;
        /// use kernel::syscall::registration::{Entry, ModuleSyscall};
        ///
        /// /// An entry point that ignores the registers.
        /// ///
        /// /// # Safety
        /// ///
        /// /// None: it reads nothing.
        /// unsafe extern "C" fn entry(_regs: *const bindings::pt_regs) -> kernel::ffi::c_long {
        ///     42
        /// }
        ///
        /// // SAFETY: `entry` reads nothing, so any call is sound, and it is code of this crate.
        /// static FORTY_TWO: ModuleSyscall =
        ///     unsafe { ModuleSyscall::new(c"forty_two", entry, None, None) };
        /// assert_eq!(FORTY_TWO.name(), c"forty_two");
        /// ```
        pub const unsafe fn new(
            name: &'static CStr,
            x64: Entry,
            x32: Option<Entry>,
            ia32: Option<Entry>,
        ) -> Self {
            let mut entry = [None; bindings::rsc_abi_RSC_NR_ABIS as usize];
            entry[bindings::rsc_abi_RSC_ABI_X64 as usize] = Some(x64);
            entry[bindings::rsc_abi_RSC_ABI_X32 as usize] = x32;
            entry[bindings::rsc_abi_RSC_ABI_IA32 as usize] = ia32;
            Self(bindings::rsc_syscall {
                name: crate::syscall::meta::char_ptr(name),
                entry,
            })
        }

        /// The name under which the syscall is registered.
        pub fn name(&self) -> &'static CStr {
            // SAFETY: `new` stores the pointer of a `&'static CStr`.
            unsafe { CStr::from_char_ptr(self.0.name) }
        }
    }

    /// The registration of a module's syscalls; unregistered on drop.
    ///
    /// Created pinned (the core links it into its list while registered), normally by
    /// [`syscall_module!`](crate::syscall_module), which keeps it in the module object.
    ///
    /// # Deadlocks
    ///
    /// Dropping it waits until the calls in progress into the module have returned. So it must
    /// not be dropped from one of those calls, nor while holding a lock such a call may wait
    /// for; and a syscall that sleeps must sleep interruptibly, so that a signal can end it.
    ///
    /// # Invariants
    ///
    /// `inner` was accepted by `rsc_syscalls_register()`. It is unregistered by `drop`, or by
    /// the core itself if the module goes away first (which it reports as a bug); unregistering
    /// twice is harmless.
    #[pin_data(PinnedDrop)]
    pub struct Registration {
        #[pin]
        inner: Opaque<bindings::rsc_registration>,
    }

    // SAFETY: The C side of the registration is only used by the core, which serialises its
    // accesses with its own lock, and by `drop`; nothing of it is tied to the creating thread.
    unsafe impl Send for Registration {}
    // SAFETY: `&Registration` gives access to nothing.
    unsafe impl Sync for Registration {}

    impl Registration {
        /// Registers `syscalls` for `module`, all or none of them.
        ///
        /// Fails with `EEXIST` if one of the names is registered already (or given twice),
        /// `ENOSPC` if there are not enough free slots, `EINVAL` for an empty list or a name that
        /// is not a C identifier of at most 32 bytes, `EBUSY` if `module` is going away, `ENODEV`
        /// if the slots could not be set up at boot, `ENOMEM`.
        pub fn register(
            module: &'static ThisModule,
            syscalls: &'static [ModuleSyscall],
        ) -> impl PinInit<Self, Error> {
            try_pin_init!(Self {
                inner <- Opaque::try_ffi_init(move |reg: *mut bindings::rsc_registration| {
                    let n = u32::try_from(syscalls.len()).map_err(|_| ENOSPC)?;
                    // `calls` points to `n` transparent `struct rsc_syscall`s, read during the
                    // call only, whose entry points are sound code of `owner`
                    // (`ModuleSyscall::new`), whose exit drops the registration.
                    let (owner, calls) = (module.as_ptr(), syscalls.as_ptr().cast());
                    // SAFETY: `reg` is valid for writes and pinned (`Opaque::try_ffi_init`);
                    // `owner` and `calls` are as said above.
                    let ret = unsafe { bindings::rsc_syscalls_register(reg, owner, calls, n) };
                    // INVARIANT: On success the core accepted `inner`, now fully initialised;
                    // on failure nothing was registered and nothing needs undoing.
                    to_result(ret)
                }),
            })
        }
    }

    #[pinned_drop]
    impl PinnedDrop for Registration {
        fn drop(self: Pin<&mut Self>) {
            // SAFETY: By the type invariant `inner` is registered; after this call the core holds
            // no pointer into it or into the module, and it is not used again.
            unsafe { bindings::rsc_syscalls_unregister(self.inner.get()) };
        }
    }
}

/// Declares the syscalls a module registers, like `module!` declares a module.
///
/// In a module build (`cfg(MODULE)`), it defines the module: its init registers the listed
/// syscalls, each defined in the same crate with [`syscall_define!`](crate::syscall_define)
/// (add `(compat)` after a syscall that also has a
/// [`compat_syscall_define!`](crate::compat_syscall_define)) in the same module as the
/// `syscall_module!`, and its exit unregisters them. In
/// a built-in build it expands to nothing: the same file is an ordinary set of syscalls at
/// their table numbers.
///
/// # Examples
///
/// ```ignore
/// use kernel::prelude::*;
/// use kernel::{syscall_define, syscall_module};
///
/// syscall_define! {
///     /// Returns `a * b * c`.
///     fn mul3(a: i32, b: i32, c: i32) -> Result<i64> {
///         Ok(i64::from(a) * i64::from(b) * i64::from(c))
///     }
/// }
///
/// syscall_module! {
///     name: "rust_syscall_mul3",
///     authors: ["Rust for Linux Contributors"],
///     description: "mul3() as a module syscall",
///     license: "GPL",
///     syscalls: [mul3],
/// }
/// ```
#[macro_export]
macro_rules! syscall_module {
    (
        name: $name:tt,
        authors: $authors:tt,
        description: $description:tt,
        license: $license:tt,
        syscalls: [$($sc:ident $(($compat:ident))?),+ $(,)?] $(,)?
    ) => {
        #[cfg(all(MODULE, CONFIG_RUST_SYSCALL_MODULES))]
        $crate::__syscall_module! {
            [$name, $authors, $description, $license], [$($sc $(($compat))?,)+]
        }
        #[cfg(all(MODULE, not(CONFIG_RUST_SYSCALL_MODULES)))]
        ::core::compile_error!("module syscalls need CONFIG_RUST_SYSCALL_MODULES");
    };
}

/// The module [`syscall_module!`] defines. Not for direct use.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_module {
    (
        [$name:tt, $authors:tt, $description:tt, $license:tt],
        [$($sc:ident $(($compat:ident))?,)+]
    ) => {
        static __SYSCALL_MODULE_SYSCALLS: [$crate::syscall::registration::ModuleSyscall;
            <[&str]>::len(&[$(stringify!($sc)),+])] = [
            $($crate::__syscall_module_entry!($sc $(($compat))?)),+
        ];

        #[doc(hidden)]
        struct __SyscallModule {
            _registration: ::core::pin::Pin<
                $crate::alloc::KBox<$crate::syscall::registration::Registration>,
            >,
        }

        impl $crate::Module for __SyscallModule {
            fn init(module: &'static $crate::ThisModule) -> $crate::error::Result<Self> {
                Ok(Self {
                    _registration: $crate::alloc::KBox::pin_init(
                        $crate::syscall::registration::Registration::register(
                            module,
                            &__SYSCALL_MODULE_SYSCALLS,
                        ),
                        $crate::alloc::flags::GFP_KERNEL,
                    )?,
                })
            }
        }

        $crate::prelude::module! {
            type: __SyscallModule,
            name: $name,
            authors: $authors,
            description: $description,
            license: $license,
        }
    };
}

/// The [`ModuleSyscall`] of one syscall of [`syscall_module!`]. Not for direct use.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall_module_entry {
    ($sc:ident) => {
        $crate::macros::paste! {
            // SAFETY: The entry points are those `syscall_define!` generated for `$sc` in this
            // module: sound with any registers, and code of the module that registers them.
            unsafe { $crate::syscall::registration::ModuleSyscall::new(
                $crate::syscall::meta::cstr(concat!(stringify!($sc), "\0").as_bytes()),
                [<__x64_sys_ $sc>],
                {
                    #[cfg(CONFIG_X86_X32_ABI)]
                    let x32 = Some([<__x64_sys_ $sc>] as $crate::syscall::registration::Entry);
                    #[cfg(not(CONFIG_X86_X32_ABI))]
                    let x32 = None;
                    x32
                },
                {
                    #[cfg(CONFIG_IA32_EMULATION)]
                    let ia32 = Some([<__ia32_sys_ $sc>] as $crate::syscall::registration::Entry);
                    #[cfg(not(CONFIG_IA32_EMULATION))]
                    let ia32 = None;
                    ia32
                },
            ) }
        }
    };
    ($sc:ident (compat)) => {
        $crate::macros::paste! {
            // SAFETY: The entry points are those `syscall_define!` generated for `$sc` in this
            // module: sound with any registers, and code of the module that registers them.
            unsafe { $crate::syscall::registration::ModuleSyscall::new(
                $crate::syscall::meta::cstr(concat!(stringify!($sc), "\0").as_bytes()),
                [<__x64_sys_ $sc>],
                {
                    #[cfg(CONFIG_X86_X32_ABI)]
                    let x32 =
                        Some([<__x64_compat_sys_ $sc>] as $crate::syscall::registration::Entry);
                    #[cfg(not(CONFIG_X86_X32_ABI))]
                    let x32 = None;
                    x32
                },
                {
                    #[cfg(CONFIG_IA32_EMULATION)]
                    let ia32 =
                        Some([<__ia32_compat_sys_ $sc>] as $crate::syscall::registration::Entry);
                    #[cfg(not(CONFIG_IA32_EMULATION))]
                    let ia32 = None;
                    ia32
                },
            ) }
        }
    };
}
