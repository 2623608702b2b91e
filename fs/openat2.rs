// SPDX-License-Identifier: GPL-2.0

//! openat2(2) in Rust: the system call of `fs/open.c`, written with `syscall_define!`, in its
//! place at `__NR_openat2` when `CONFIG_RUST_OPENAT2` is set.
//!
//! The semantics are C's, step for step: the extensible `struct open_how` copied in with
//! `copy_struct_from_user()` rules, audited, its three flag sets checked by `build_open_flags()`'s
//! rules, the path copied in, a descriptor reserved (with `O_CLOEXEC` if asked), the file opened
//! through `do_file_open()` and installed. The tree's own tests
//! (tools/testing/selftests/openat2/) run against it unchanged.

use kernel::bindings;
use kernel::fs::{
    file::FileDescriptorReservation,
    filename::FileName,
    open::{open, OpenFlags, OpenHow},
};
use kernel::prelude::*;
use kernel::syscall::{check_flags, extensible::copy_struct_from_user, TypedUserPtr, UserCStr};
use kernel::syscall_define;
use kernel::uaccess::UserPtr;

/// `O_*` bits, as `u64` like `open_how.flags`.
mod o {
    use kernel::bindings;

    pub(super) const ACCMODE: u64 = bindings::O_ACCMODE as u64;
    pub(super) const CREAT: u64 = bindings::O_CREAT as u64;
    pub(super) const EXCL: u64 = bindings::O_EXCL as u64;
    pub(super) const TRUNC: u64 = bindings::O_TRUNC as u64;
    pub(super) const APPEND: u64 = bindings::O_APPEND as u64;
    pub(super) const DSYNC: u64 = bindings::O_DSYNC as u64;
    pub(super) const SYNC: u64 = bindings::__O_SYNC as u64;
    pub(super) const DIRECTORY: u64 = bindings::O_DIRECTORY as u64;
    pub(super) const NOFOLLOW: u64 = bindings::O_NOFOLLOW as u64;
    pub(super) const LARGEFILE: u64 = bindings::O_LARGEFILE as u64;
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
    use kernel::bindings;

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
fn acc_mode(flags: u64) -> u32 {
    const ACC: [u32; 4] = [
        bindings::MAY_READ,
        bindings::MAY_WRITE,
        bindings::MAY_READ | bindings::MAY_WRITE,
        bindings::MAY_READ | bindings::MAY_WRITE,
    ];
    ACC[(flags & o::ACCMODE) as usize]
}

/// `build_open_flags()`: checks `how` as openat2(2) does and makes the open flags of it.
// `o::REGULAR` and `o::EMPTYPATH` are 0 in trees without them (Linux 6.12).
#[allow(clippy::bad_bit_mask)]
fn build_open_flags(how: &OpenHow) -> Result<OpenFlags> {
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
    if flags & o::TMPFILE != 0 && (flags & o::DIRECTORY == 0 || acc_mode & bindings::MAY_WRITE == 0)
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

    Ok(OpenFlags {
        open_flag,
        mode,
        acc_mode,
        intent,
        lookup_flags,
    })
}

syscall_define! {
    /// Opens `filename` relative to `dfd` as `how` (of `size` bytes) says; returns the new file
    /// descriptor.
    fn openat2(
        dfd: i32,
        filename: UserCStr,
        how: TypedUserPtr<OpenHow>,
        size: usize,
    ) -> Result<u32> {
        let mut how: OpenHow = copy_struct_from_user(how, size)?;
        how.audit();
        // O_LARGEFILE is implied where off_t is 64 bits, except for O_PATH.
        if how.flags() & o::PATH == 0 && !cfg!(CONFIG_ARCH_32BIT_OFF_T) {
            how.set_flags(how.flags() | o::LARGEFILE);
        }

        let flags = build_open_flags(&how)?;
        let name = FileName::get(UserPtr::from_addr(filename.addr()), flags.lookup_flags)?;
        // The descriptor flags are the user's (O_CLOEXEC); C passes them as `unsigned int`.
        FileDescriptorReservation::install_new(how.flags() as u32, || open(dfd, &name, &flags))
    }
}
