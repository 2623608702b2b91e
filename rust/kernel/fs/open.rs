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
    error::{
        code::{EAGAIN, EINVAL},
        from_err_ptr, Result,
    },
    sync::aref::ARef,
    syscall::{check_flags, extensible::ExtensibleStruct, UserPointee},
    transmute::FromBytes,
};
use core::ptr::NonNull;

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
    /// (`audit_openat2_how()`): for syscalls that take an `open_how`, whose audit record then
    /// carries it; nothing without an audit context, or without `CONFIG_AUDITSYSCALL`, where
    /// C's is empty too.
    #[inline]
    pub fn audit(&mut self) {
        if cfg!(CONFIG_AUDITSYSCALL) {
            // SAFETY: `self.0` is a valid `struct open_how`; the audit code copies it.
            unsafe { bindings::audit_openat2_how(&mut self.0) };
        }
    }
}

/// `O_*` bits, as `u64` like `open_how.flags`.
mod o {
    use crate::bindings;

    pub(super) const ACCMODE: u64 = bindings::O_ACCMODE as u64;
    pub(super) const CREAT: u64 = bindings::O_CREAT as u64;
    pub(super) const EXCL: u64 = bindings::O_EXCL as u64;
    pub(super) const TRUNC: u64 = bindings::O_TRUNC as u64;
    pub(super) const APPEND: u64 = bindings::O_APPEND as u64;
    pub(super) const DSYNC: u64 = bindings::O_DSYNC as u64;
    pub(super) const SYNC: u64 = bindings::__O_SYNC as u64;
    pub(super) const DIRECTORY: u64 = bindings::O_DIRECTORY as u64;
    pub(super) const NOFOLLOW: u64 = bindings::O_NOFOLLOW as u64;
    pub(super) const PATH: u64 = bindings::O_PATH as u64;
    pub(super) const TMPFILE: u64 = bindings::__O_TMPFILE as u64;
    pub(super) const CLOEXEC: u64 = bindings::O_CLOEXEC as u64;
    pub(super) const EMPTYPATH: u64 = bindings::RSC_O_EMPTYPATH;
    /// Only regular files (Linux 7.2; 0 where the tree does not have it).
    pub(super) const REGULAR: u64 = bindings::RSC_OPENAT2_REGULAR;
    /// The kernel-internal bit that carries `REGULAR` in the 32-bit open flags.
    pub(super) const REGULAR_INTERNAL: u64 = bindings::RSC_O_REGULAR;
    /// What `O_PATH` may be combined with.
    pub(super) const PATH_FLAGS: u64 = DIRECTORY | NOFOLLOW | PATH | CLOEXEC | EMPTYPATH;
}

/// `RESOLVE_*` bits.
mod resolve {
    use crate::bindings;

    pub(super) const NO_XDEV: u64 = bindings::RESOLVE_NO_XDEV as u64;
    pub(super) const NO_MAGICLINKS: u64 = bindings::RESOLVE_NO_MAGICLINKS as u64;
    pub(super) const NO_SYMLINKS: u64 = bindings::RESOLVE_NO_SYMLINKS as u64;
    pub(super) const BENEATH: u64 = bindings::RESOLVE_BENEATH as u64;
    pub(super) const IN_ROOT: u64 = bindings::RESOLVE_IN_ROOT as u64;
    pub(super) const CACHED: u64 = bindings::RESOLVE_CACHED as u64;
}

const _: () = assert!(core::mem::size_of::<OpenHow>() == bindings::OPEN_HOW_SIZE_LATEST as usize);
const _: () = assert!(o::REGULAR & bindings::RSC_VALID_OPENAT2_FLAGS == o::REGULAR);
const _: () = assert!(o::REGULAR_INTERNAL & bindings::RSC_VALID_OPENAT2_FLAGS == 0);

/// `ACC_MODE()`: the `MAY_*` access an `O_ACCMODE` value asks for (3 reads and writes).
#[inline]
fn acc_mode(flags: u64) -> u32 {
    const ACC: [u32; 4] = [
        bindings::MAY_READ,
        bindings::MAY_WRITE,
        bindings::MAY_READ | bindings::MAY_WRITE,
        bindings::MAY_READ | bindings::MAY_WRITE,
    ];
    ACC[(flags & o::ACCMODE) as usize]
}

/// How to open a file: C's `struct open_flags` (fs/internal.h), made of a checked [`OpenHow`]
/// by [`OpenFlags::new`], the only way to get one, so that [`open`] gets nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenFlags {
    open_flag: u32,
    mode: u16,
    acc_mode: u32,
    intent: u32,
    lookup_flags: u32,
}

impl OpenFlags {
    /// Checks `how` as openat2(2) does and makes the open flags of it: `build_open_flags()`.
    ///
    /// Unlike open(2), every unknown bit of the three fields is `EINVAL`; a mode only goes with
    /// `O_CREAT` or `O_TMPFILE`; `O_PATH` goes with few flags; `RESOLVE_BENEATH` excludes
    /// `RESOLVE_IN_ROOT`; `RESOLVE_CACHED` cannot create or truncate (`EAGAIN`). `O_CLOEXEC`
    /// is not an open flag: give it to the descriptor ([`FileDescriptorReservation`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::bindings;
    /// use kernel::error::code::{EAGAIN, EINVAL};
    /// use kernel::fs::open::{OpenFlags, OpenHow};
    ///
    /// let rw = u64::from(bindings::O_RDWR);
    /// let creat = u64::from(bindings::O_CREAT);
    /// assert!(OpenFlags::new(&OpenHow::new(rw, 0, 0)).is_ok());
    /// // A mode without anything to create, a bit openat2() does not know.
    /// assert_eq!(OpenFlags::new(&OpenHow::new(rw, 0o644, 0)).err(), Some(EINVAL));
    /// assert_eq!(OpenFlags::new(&OpenHow::new(1 << 60, 0, 0)).err(), Some(EINVAL));
    /// assert_eq!(OpenFlags::new(&OpenHow::new(rw, 0, 1 << 40)).err(), Some(EINVAL));
    /// // RESOLVE_CACHED cannot create.
    /// let cached = u64::from(bindings::RESOLVE_CACHED);
    /// assert_eq!(OpenFlags::new(&OpenHow::new(creat, 0o600, cached)).err(), Some(EAGAIN));
    /// // What the path walk is told: O_NOFOLLOW clears LOOKUP_FOLLOW.
    /// let nofollow = u64::from(bindings::O_NOFOLLOW);
    /// let follow = OpenFlags::new(&OpenHow::new(0, 0, 0))?;
    /// assert_eq!(follow.lookup_flags(), bindings::RSC_LOOKUP_FOLLOW);
    /// assert_eq!(OpenFlags::new(&OpenHow::new(nofollow, 0, 0))?.lookup_flags(), 0);
    /// # Ok::<(), kernel::error::Error>(())
    /// ```
    // `o::REGULAR` and `o::EMPTYPATH` are 0 in trees without them (Linux 6.12).
    #[allow(clippy::bad_bit_mask)]
    pub fn new(how: &OpenHow) -> Result<Self> {
        let mut flags = how.flags();
        let (mode, res) = (how.mode(), how.resolve());
        let mut acc_mode = acc_mode(flags);

        // Flags that open_flags does not carry (O_CLOEXEC goes to the descriptor) are ignored.
        flags &= !bindings::RSC_OPEN_HOW_STRIP;
        // Unlike open(2), openat2(2) rejects every bit it does not know.
        check_flags(flags, bindings::RSC_VALID_OPENAT2_FLAGS)?;
        check_flags(res, bindings::RSC_VALID_RESOLVE_FLAGS)?;
        // The scoping flags are mutually exclusive.
        if res & resolve::BENEATH != 0 && res & resolve::IN_ROOT != 0 {
            return Err(EINVAL);
        }

        // A mode only with something to create, and only permission bits.
        let mode = if flags & (o::CREAT | o::TMPFILE) != 0 {
            check_flags(mode, bindings::RSC_S_IALLUGO)?;
            (mode | u64::from(bindings::S_IFREG)) as u16
        } else if mode != 0 {
            return Err(EINVAL);
        } else {
            0
        };

        if flags & o::DIRECTORY != 0 && flags & o::CREAT != 0 {
            return Err(EINVAL);
        }
        // O_TMPFILE (which includes O_DIRECTORY) needs write access.
        if flags & o::TMPFILE != 0
            && (flags & o::DIRECTORY == 0 || acc_mode & bindings::MAY_WRITE == 0)
        {
            return Err(EINVAL);
        }
        if flags & o::DIRECTORY != 0 && flags & o::REGULAR != 0 {
            return Err(EINVAL);
        }
        if flags & o::PATH != 0 {
            check_flags(flags, o::PATH_FLAGS)?;
            acc_mode = 0;
        }

        // O_SYNC is __O_SYNC | O_DSYNC: whoever asks for one gets both.
        if flags & o::SYNC != 0 {
            flags |= o::DSYNC;
        }
        // The 64-bit user flag travels as a kernel-internal bit of the 32-bit open flags.
        if flags & o::REGULAR != 0 {
            flags = (flags & !o::REGULAR) | o::REGULAR_INTERNAL;
        }
        // Every bit left is below bit 32 (checked above).
        let open_flag = flags as u32;

        if flags & o::TRUNC != 0 {
            acc_mode |= bindings::MAY_WRITE;
        }
        if flags & o::APPEND != 0 {
            acc_mode |= bindings::MAY_APPEND;
        }

        let mut intent = if flags & o::PATH != 0 {
            0
        } else {
            bindings::RSC_LOOKUP_OPEN
        };
        if flags & o::CREAT != 0 {
            intent |= bindings::RSC_LOOKUP_CREATE;
            if flags & o::EXCL != 0 {
                intent |= bindings::RSC_LOOKUP_EXCL;
                flags |= o::NOFOLLOW;
            }
        }

        let mut lookup_flags = 0;
        if flags & o::DIRECTORY != 0 {
            lookup_flags |= bindings::RSC_LOOKUP_DIRECTORY;
        }
        if flags & o::NOFOLLOW == 0 {
            lookup_flags |= bindings::RSC_LOOKUP_FOLLOW;
        }
        if flags & o::EMPTYPATH != 0 {
            lookup_flags |= bindings::RSC_LOOKUP_EMPTY;
        }
        if res & resolve::NO_XDEV != 0 {
            lookup_flags |= bindings::RSC_LOOKUP_NO_XDEV;
        }
        if res & resolve::NO_MAGICLINKS != 0 {
            lookup_flags |= bindings::RSC_LOOKUP_NO_MAGICLINKS;
        }
        if res & resolve::NO_SYMLINKS != 0 {
            lookup_flags |= bindings::RSC_LOOKUP_NO_SYMLINKS;
        }
        if res & resolve::BENEATH != 0 {
            lookup_flags |= bindings::RSC_LOOKUP_BENEATH;
        }
        if res & resolve::IN_ROOT != 0 {
            lookup_flags |= bindings::RSC_LOOKUP_IN_ROOT;
        }
        if res & resolve::CACHED != 0 {
            // A cached lookup cannot create, truncate or make a temporary file.
            if flags & (o::TRUNC | o::CREAT | o::TMPFILE) != 0 {
                return Err(EAGAIN);
            }
            lookup_flags |= bindings::RSC_LOOKUP_CACHED;
        }

        Ok(Self {
            open_flag,
            mode,
            acc_mode,
            intent,
            lookup_flags,
        })
    }

    /// The `LOOKUP_*` flags of the path walk; `LOOKUP_EMPTY` among them is for
    /// [`FileName::get`].
    #[inline]
    pub fn lookup_flags(&self) -> u32 {
        self.lookup_flags
    }
}

/// Opens `name` relative to the directory `dfd` (or `AT_FDCWD`) as `flags` say, with the path
/// walk and permission checks of `open(2)` (`do_file_open()`), returning a file that is in no
/// file descriptor table.
///
/// # Examples
///
/// Opening a path given by user space for reading, as `openat(dfd, path, O_RDONLY)` would:
///
/// ```
/// use kernel::bindings;
/// use kernel::fs::{filename::FileName, open::{open, OpenFlags, OpenHow}, File};
/// use kernel::prelude::*;
/// use kernel::sync::aref::ARef;
/// use kernel::uaccess::UserPtr;
///
/// fn open_for_reading(dfd: i32, path: UserPtr) -> Result<ARef<File>> {
///     let flags = OpenFlags::new(&OpenHow::new(u64::from(bindings::O_RDONLY), 0, 0))?;
///     let name = FileName::get(path, flags.lookup_flags())?;
///     open(dfd, &name, &flags)
/// }
/// # let _ = open_for_reading;
/// ```
#[inline]
pub fn open(dfd: i32, name: &FileName, flags: &OpenFlags) -> Result<ARef<File>> {
    // SAFETY: `name` is a valid `struct filename` for the duration of the call, which does not
    // release it. `flags` is what `build_open_flags()` would make of a valid `open_how`
    // (`OpenFlags::new` is the only way to make one), which is what `do_file_open()` expects.
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
    let file = from_err_ptr(file)?;
    // SAFETY: What is not an `ERR_PTR` is a valid file (never `NULL`) with a reference the caller
    // owns; nobody else has it yet, so no `fdget_pos` call is active on it. `File` is
    // `struct file`.
    Ok(unsafe { ARef::from_raw(NonNull::new_unchecked(file.cast::<File>())) })
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
    #[inline]
    pub fn install_new(flags: u32, make: impl FnOnce() -> Result<ARef<File>>) -> Result<u32> {
        let reservation = Self::get_unused_fd_flags(flags)?;
        // On failure `reservation` is dropped, which releases the descriptor.
        let file = make()?;
        let fd = reservation.reserved_fd();
        reservation.fd_install(file);
        Ok(fd)
    }
}
