// rsc-edit: append
// SPDX-License-Identifier: GPL-2.0

//! Files and file descriptors.
//!
//! Linux 7.2's [`File`] and [`FileDescriptorReservation`], with the API the series and the test
//! syscalls use, for Linux 6.12.
//!
//! C headers: [`include/linux/fs.h`](srctree/include/linux/fs.h) and
//! [`include/linux/file.h`](srctree/include/linux/file.h)

use crate::{
    bindings,
    error::{Error, Result},
    sync::aref::{ARef, AlwaysRefCounted},
    types::Opaque,
};
use core::{marker::PhantomData, ptr};

/// Primitive type representing the offset within a [`File`].
///
/// Type alias for `bindings::loff_t`.
pub type Offset = bindings::loff_t;

/// A reference-counted `struct file`.
///
/// # Invariants
///
/// * All instances of this type are refcounted using the `f_count` field.
/// * There are no active calls to `fdget_pos` on this file that did not take the `f_pos_lock`
///   mutex.
#[repr(transparent)]
pub struct File {
    inner: Opaque<bindings::file>,
}

// SAFETY: By the type invariants, no `fdget_pos` call skipped the `f_pos_lock` mutex, so the file
// may be used from any thread.
unsafe impl Send for File {}

// SAFETY: As for `Send`.
unsafe impl Sync for File {}

// SAFETY: The type invariants guarantee that `File` is always refcounted; `ARef<File>` owns one
// reference.
unsafe impl AlwaysRefCounted for File {
    #[inline]
    fn inc_ref(&self) {
        // SAFETY: A shared reference means that the refcount is not zero.
        unsafe { bindings::get_file(self.as_ptr()) };
    }

    #[inline]
    unsafe fn dec_ref(obj: ptr::NonNull<File>) {
        // SAFETY: The caller passes us ownership of a reference; `File` has the representation
        // of `struct file`.
        unsafe { bindings::fput(obj.cast().as_ptr()) }
    }
}

impl File {
    /// Creates a reference to a [`File`] from a valid pointer.
    ///
    /// # Safety
    ///
    /// * `ptr` points at a valid file whose refcount is positive for the duration of `'a`.
    /// * Any active `fdget_pos` call on this file took the `f_pos_lock` mutex.
    #[inline]
    pub unsafe fn from_raw_file<'a>(ptr: *const bindings::file) -> &'a File {
        // SAFETY: The caller guarantees that the pointer is valid for `'a`; `File` is
        // `repr(transparent)` over `struct file`.
        unsafe { &*ptr.cast() }
    }

    /// Returns the raw pointer to the `struct file`.
    #[inline]
    pub fn as_ptr(&self) -> *mut bindings::file {
        self.inner.get()
    }
}

/// A file descriptor reservation: a slot of the current task's file table, reserved with
/// `get_unused_fd_flags()` and either bound to a file ([`fd_install`]) or released on drop.
///
/// [`fd_install`]: FileDescriptorReservation::fd_install
///
/// # Invariants
///
/// `fd` is a reserved and unused file descriptor of the current task.
pub struct FileDescriptorReservation {
    fd: u32,
    /// The reservation belongs to the task that made it: not `Send`.
    _not_send: PhantomData<*mut ()>,
}

impl FileDescriptorReservation {
    /// Reserves a file descriptor; `flags` may hold `O_CLOEXEC`.
    #[inline]
    pub fn get_unused_fd_flags(flags: u32) -> Result<Self> {
        // SAFETY: FFI call, any flags are accepted.
        let fd: i32 = unsafe { bindings::get_unused_fd_flags(flags) };
        if fd < 0 {
            return Err(Error::from_errno(fd));
        }
        Ok(Self {
            fd: fd as u32,
            _not_send: PhantomData,
        })
    }

    /// Returns the file descriptor number that was reserved.
    #[inline]
    pub fn reserved_fd(&self) -> u32 {
        self.fd
    }

    /// Commits the reservation: the descriptor now refers to `file`.
    #[inline]
    pub fn fd_install(self, file: ARef<File>) {
        // SAFETY: `self.fd` is reserved and unused by the type invariant, and `current` is the
        // task that reserved it (the type is not `Send`). `fd_install` takes over the reference
        // `file` owns; no `fdget_pos` call on it skipped the lock, by the invariant of `File`.
        unsafe { bindings::fd_install(self.fd, file.as_ptr()) };
        // Both the descriptor and the reference now belong to the file table.
        core::mem::forget(self);
        core::mem::forget(file);
    }
}

impl Drop for FileDescriptorReservation {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: By the type invariant, `self.fd` is a reserved, unused descriptor of `current`.
        unsafe { bindings::put_unused_fd(self.fd) };
    }
}
