// SPDX-License-Identifier: GPL-2.0

//! Opening files by name, as `openat2(2)` does: `struct open_how` and `struct open_flags`.
//!
//! C headers: [`include/uapi/linux/openat2.h`](srctree/include/uapi/linux/openat2.h),
//! [`fs/internal.h`](srctree/fs/internal.h) and [`include/linux/file.h`](srctree/include/linux/file.h)

use super::{
    file::{File, FileDescriptorReservation},
    filename::FileName,
};
use crate::{
    bindings,
    error::{code::EINVAL, Error, Result},
    sync::aref::ARef,
    syscall::{extensible::ExtensibleStruct, UserPointee},
    transmute::FromBytes,
};
use core::ptr::NonNull;

/// A pointer that C returns or an `ERR_PTR()`, as a `Result`: `IS_ERR()` and `PTR_ERR()` inline,
/// as C has them (the open path is measured against C's). `NULL`, which the callers' C functions
/// never return, is `EINVAL`.
#[inline(always)]
pub(crate) fn ptr_or_err<T>(ptr: *mut T) -> Result<NonNull<T>> {
    let v = ptr as isize;
    if (-(bindings::MAX_ERRNO as isize)..0).contains(&v) {
        return Err(Error::from_errno(v as i32));
    }
    NonNull::new(ptr).ok_or(EINVAL)
}

/// The argument of `openat2(2)`: `struct open_how`, as user space passes it.
///
/// An extensible struct ([`ExtensibleStruct`]): copy it in with
/// [`copy_struct_from_user`](crate::syscall::extensible::copy_struct_from_user).
///
/// # Examples
///
/// ```
/// use kernel::fs::open::OpenHow;
///
/// let how = OpenHow::new(0o2, 0, 0x08);
/// assert_eq!((how.flags(), how.mode(), how.resolve()), (0o2, 0, 0x08));
/// ```
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct OpenHow(bindings::open_how);

// SAFETY: `struct open_how` is three `u64`s: any bytes are a valid value.
unsafe impl FromBytes for OpenHow {}

impl ExtensibleStruct for OpenHow {
    const SIZE_VER0: usize = bindings::OPEN_HOW_SIZE_VER0 as usize;
}

impl UserPointee for OpenHow {
    const PTR_C_TYPE: &'static core::ffi::CStr = c"struct open_how *";
}

impl OpenHow {
    /// An `open_how` with these fields.
    #[inline]
    pub fn new(flags: u64, mode: u64, resolve: u64) -> Self {
        Self(bindings::open_how {
            flags,
            mode,
            resolve,
        })
    }

    /// `O_*` flags.
    #[inline]
    pub fn flags(&self) -> u64 {
        self.0.flags
    }

    /// Sets the `O_*` flags.
    #[inline]
    pub fn set_flags(&mut self, flags: u64) {
        self.0.flags = flags;
    }

    /// The mode of a created file.
    #[inline]
    pub fn mode(&self) -> u64 {
        self.0.mode
    }

    /// `RESOLVE_*` flags.
    #[inline]
    pub fn resolve(&self) -> u64 {
        self.0.resolve
    }

    /// Records the struct in the audit context of the current syscall, as `openat2(2)` does
    /// (`audit_openat2_how()`); nothing without an audit context.
    #[inline]
    pub fn audit(&mut self) {
        // SAFETY: `self.0` is a valid `struct open_how`; the audit code copies it.
        unsafe { bindings::audit_openat2_how(&mut self.0) };
    }
}

/// How to open a file: C's `struct open_flags` (fs/internal.h), which `build_open_flags()` makes
/// of a checked [`OpenHow`].
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct OpenFlags {
    /// The `O_*` flags of the new file (`f_flags`).
    pub open_flag: u32,
    /// The mode of a created file, with its type (`S_IFREG`), else 0.
    pub mode: u16,
    /// The `MAY_*` access the open checks.
    pub acc_mode: u32,
    /// `LOOKUP_OPEN`, `LOOKUP_CREATE`, `LOOKUP_EXCL` of the last component, or 0 for `O_PATH`.
    pub intent: u32,
    /// The `LOOKUP_*` flags of the path walk.
    pub lookup_flags: u32,
}

/// Opens `name` relative to the directory `dfd` (or `AT_FDCWD`) as `flags` say, with the path
/// walk and permission checks of `open(2)` (`do_file_open()`), returning a file that is in no
/// file descriptor table.
///
/// `flags` must be what `build_open_flags()` makes of an `open_how`: the function checks nothing
/// of it, as the C function it calls.
///
/// # Examples
///
/// Opening a path given by user space for reading, as `openat(dfd, path, O_RDONLY)` would:
///
/// ```
/// use kernel::bindings;
/// use kernel::fs::{filename::FileName, open::{open, OpenFlags}, File};
/// use kernel::prelude::*;
/// use kernel::sync::aref::ARef;
/// use kernel::uaccess::UserPtr;
///
/// fn open_for_reading(dfd: i32, path: UserPtr) -> Result<ARef<File>> {
///     let name = FileName::get(path, 0)?;
///     let flags = OpenFlags {
///         open_flag: bindings::O_RDONLY | bindings::O_LARGEFILE,
///         acc_mode: bindings::MAY_READ,
///         intent: bindings::RSC_LOOKUP_OPEN,
///         lookup_flags: bindings::RSC_LOOKUP_FOLLOW,
///         ..OpenFlags::default()
///     };
///     open(dfd, &name, &flags)
/// }
/// # let _ = open_for_reading;
/// ```
pub fn open(dfd: i32, name: &FileName, flags: &OpenFlags) -> Result<ARef<File>> {
    // SAFETY: `name` is a valid `struct filename` for the duration of the call, which does not
    // release it; the other arguments are plain values.
    let file = unsafe {
        bindings::do_file_open_flags(
            dfd,
            name.as_ptr(),
            flags.open_flag as i32,
            flags.mode,
            flags.acc_mode as i32,
            flags.intent as i32,
            flags.lookup_flags as i32,
        )
    };
    let file = ptr_or_err(file)?;
    // SAFETY: `do_file_open` returned a valid file with a reference the caller owns; nobody else
    // has it yet, so no `fdget_pos` call is active on it. `File` is `struct file`.
    Ok(unsafe { ARef::from_raw(file.cast::<File>()) })
}

impl FileDescriptorReservation {
    /// Reserves a file descriptor, makes a file with `make` and installs it, or gives the
    /// descriptor back if `make` fails: Rust's `FD_ADD()`. Returns the new descriptor.
    ///
    /// `flags` are the new file's open flags: `O_CLOEXEC` among them marks the descriptor
    /// close-on-exec. The descriptor is reserved first, as `openat(2)` does, so a full file table
    /// fails with `EMFILE` before anything is opened.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::error::code::EINVAL;
    /// use kernel::fs::file::FileDescriptorReservation;
    /// use kernel::prelude::*;
    ///
    /// // Nothing is installed when the file cannot be made: the descriptor is given back,
    /// // and the next reservation gets the same number.
    /// let fd = FileDescriptorReservation::get_unused_fd_flags(0)?.reserved_fd();
    /// let r = FileDescriptorReservation::install_new(0, || Err(EINVAL));
    /// assert_eq!(r.err(), Some(EINVAL));
    /// assert_eq!(FileDescriptorReservation::get_unused_fd_flags(0)?.reserved_fd(), fd);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn install_new(flags: u32, make: impl FnOnce() -> Result<ARef<File>>) -> Result<u32> {
        let reservation = Self::get_unused_fd_flags(flags)?;
        // On failure `reservation` is dropped, which releases the descriptor.
        let file = make()?;
        let fd = reservation.reserved_fd();
        reservation.fd_install(file);
        Ok(fd)
    }
}
