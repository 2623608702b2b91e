// SPDX-License-Identifier: GPL-2.0

//! What `SYSCALL_DEFINEn()` records about a system call besides its code.
//!
//! With `CONFIG_FTRACE_SYSCALLS`, [`syscall_define!`](crate::syscall_define) emits for every
//! syscall the `struct syscall_metadata` and the two `struct trace_event_call`s that
//! `SYSCALL_METADATA()` emits in C, so that the syscall has its `syscalls:sys_enter_NAME` and
//! `syscalls:sys_exit_NAME` trace events, with the C type and name of each argument.
//!
//! Nothing here is for direct use: the items are public because the macros expand in other
//! crates, and hidden from the documentation of [`kernel::syscall`](crate::syscall).
//!
//! C header: [`include/linux/syscalls.h`](srctree/include/linux/syscalls.h),
//! [`include/trace/syscall.h`](srctree/include/trace/syscall.h).

use core::{cell::UnsafeCell, ffi::CStr};

/// A static the C side writes to, such as a `struct syscall_metadata`.
///
/// The kernel fills in fields of the metadata and links the events into lists at boot, so the
/// statics must be writable; Rust never reads or writes them after initialisation.
///
/// # Examples
///
/// ```
/// use kernel::syscall::meta::StaticCell;
///
/// // A static that holds its own address, like an empty `struct list_head`.
/// static SELF: StaticCell<*mut u8> = StaticCell::new(SELF.get().cast());
/// // SAFETY: Nothing else accesses `SELF`.
/// assert_eq!(unsafe { *SELF.get() }, SELF.get().cast());
/// ```
#[repr(transparent)]
pub struct StaticCell<T>(UnsafeCell<T>);

// SAFETY: Rust code only takes the address of the contents; all accesses are made by C code,
// which serialises them as it does for the C statics of `SYSCALL_METADATA()`.
unsafe impl<T> Sync for StaticCell<T> {}

impl<T> StaticCell<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Self(UnsafeCell::new(value))
    }

    /// Returns a pointer to the contents, for the C side.
    pub const fn get(&self) -> *mut T {
        self.0.get()
    }
}

/// A pointer in a section that C code walks, such as `_ftrace_events`.
#[repr(transparent)]
pub struct SectionPtr<T>(pub *mut T);

// SAFETY: The pointer is immutable and only read by C code.
unsafe impl<T> Sync for SectionPtr<T> {}

/// An array of C strings, such as the `types` and `args` of a `struct syscall_metadata`.
///
/// # Examples
///
/// ```
/// use kernel::syscall::meta::{char_ptr, CStrArray};
///
/// static ARGS: CStrArray<2> = CStrArray([char_ptr(c"a"), char_ptr(c"b")]);
/// static NONE: CStrArray<0> = CStrArray([]);
/// assert_eq!(ARGS.as_c_array().cast_const(), ARGS.0.as_ptr());
/// assert_eq!(ARGS.0[1].cast::<u8>(), c"b".to_bytes().as_ptr());
/// // No arguments: `NULL`, as `SYSCALL_METADATA()` stores for zero arguments.
/// assert!(NONE.as_c_array().is_null());
/// ```
#[repr(transparent)]
pub struct CStrArray<const N: usize>(pub [*const crate::ffi::c_char; N]);

// SAFETY: The array and the strings are immutable.
unsafe impl<const N: usize> Sync for CStrArray<N> {}

impl<const N: usize> CStrArray<N> {
    /// Returns the `const char **` that `struct syscall_metadata` stores, `NULL` if empty.
    pub const fn as_c_array(&self) -> *mut *const crate::ffi::c_char {
        if N == 0 {
            core::ptr::null_mut()
        } else {
            self.0.as_ptr().cast_mut()
        }
    }
}

/// Returns a `trace_event_call` like the one `SYSCALL_TRACE_ENTER_EVENT()` (`enter`) or
/// `SYSCALL_TRACE_EXIT_EVENT()` defines for the syscall described by `meta`.
///
/// `name` is `"sys_enter_NAME"` or `"sys_exit_NAME"`. The value is inert until it is placed in
/// the `_ftrace_events` section, which only [`syscall_define!`](crate::syscall_define) does.
#[cfg(CONFIG_FTRACE_SYSCALLS)]
pub const fn trace_event(
    enter: bool,
    name: &'static CStr,
    meta: *mut crate::bindings::syscall_metadata,
) -> crate::bindings::trace_event_call {
    use crate::bindings;

    // `&raw mut` of an extern static is safe since Rust 1.82, `unsafe` before.
    #[allow(unused_unsafe)]
    // SAFETY: Only the addresses of the extern statics are taken.
    let (class, funcs) = unsafe {
        if enter {
            (
                core::ptr::addr_of_mut!(bindings::event_class_syscall_enter),
                core::ptr::addr_of_mut!(bindings::enter_syscall_print_funcs),
            )
        } else {
            (
                core::ptr::addr_of_mut!(bindings::event_class_syscall_exit),
                core::ptr::addr_of_mut!(bindings::exit_syscall_print_funcs),
            )
        }
    };
    bindings::trace_event_call {
        class,
        __bindgen_anon_1: bindings::trace_event_call__bindgen_ty_1 {
            name: char_ptr(name),
        },
        event: bindings::trace_event {
            funcs,
            // SAFETY: All-zero is a valid `struct trace_event` (integers and pointers).
            ..unsafe { core::mem::zeroed() }
        },
        data: meta.cast(),
        flags: bindings::TRACE_EVENT_FL_CAP_ANY as crate::ffi::c_int,
        // SAFETY: All-zero is a valid `struct trace_event_call`, as in a C static initialiser.
        ..unsafe { core::mem::zeroed() }
    }
}

/// Returns the `struct syscall_metadata` that `SYSCALL_METADATA()` defines.
///
/// # Safety
///
/// `this` must be the address the returned value is stored at, for as long as the value is in
/// use: `enter_fields` is an empty list, which points to itself, and the tracing code links
/// fields into it at boot. [`syscall_define!`](crate::syscall_define) passes the address of the
/// static it initialises with the result.
#[cfg(CONFIG_FTRACE_SYSCALLS)]
pub const unsafe fn metadata<const N: usize>(
    this: *mut crate::bindings::syscall_metadata,
    name: &'static CStr,
    types: &'static CStrArray<N>,
    args: &'static CStrArray<N>,
    enter: *mut crate::bindings::trace_event_call,
    exit: *mut crate::bindings::trace_event_call,
) -> crate::bindings::syscall_metadata {
    use crate::bindings::{list_head, syscall_metadata};
    const { assert!(N <= 6) };

    let offset = core::mem::offset_of!(syscall_metadata, enter_fields);
    let fields = this.cast::<u8>().wrapping_add(offset).cast::<list_head>();
    crate::bindings::syscall_metadata {
        name: char_ptr(name),
        // Filled in at boot, when the syscall table is matched against the symbol names.
        syscall_nr: -1,
        // `nb_args:7`, then `user_arg_is_str:1`, zero as in `SYSCALL_METADATA()`; the tracing
        // code sets the user-memory fields at boot for the syscalls it knows by number.
        _bitfield_1: crate::bindings::__BindgenBitfieldUnit::new([N as u8]),
        user_arg_size: 0,
        user_mask: 0,
        types: types.as_c_array(),
        args: args.as_c_array(),
        enter_fields: crate::bindings::list_head {
            next: fields,
            prev: fields,
        },
        enter_event: enter,
        exit_event: exit,
    }
}

/// Returns the C pointer to `s`, at compile time.
///
/// `CStr::as_ptr()` is not for kernel code (its `char` is signed, the kernel's unsigned), and the
/// kernel's `CStrExt::as_char_ptr()` is a trait method, which a static initialiser cannot call.
/// [`CStrArray`]'s example uses it.
pub const fn char_ptr(s: &'static CStr) -> *const crate::ffi::c_char {
    s.to_bytes_with_nul().as_ptr().cast()
}

/// Returns `bytes`, which end with the only NUL they hold, as a C string, at compile time.
///
/// # Examples
///
/// ```
/// use kernel::syscall::meta::cstr;
///
/// const NAME: &core::ffi::CStr = cstr(concat!("sys_", "foo", "\0").as_bytes());
/// assert_eq!(NAME, c"sys_foo");
/// ```
pub const fn cstr(bytes: &'static [u8]) -> &'static CStr {
    match CStr::from_bytes_with_nul(bytes) {
        Ok(s) => s,
        Err(_) => panic!("not a NUL-terminated string without inner NUL"),
    }
}
