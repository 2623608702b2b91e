// SPDX-License-Identifier: GPL-2.0

//! openat2(2) in Rust: the system call of `fs/open.c`, written with `syscall_define!`, in its
//! place at `__NR_openat2` when `CONFIG_RUST_OPENAT2` is set.
//!
//! The semantics are C's, step for step: the extensible `struct open_how` copied in with
//! `copy_struct_from_user()` rules, audited, its three flag sets checked as `build_open_flags()`
//! checks them ([`OpenFlags::new`]), the path copied in, a descriptor reserved (with `O_CLOEXEC`
//! if asked), the file opened through `do_file_open()` and installed. The tree's own tests
//! (tools/testing/selftests/openat2/ in Linux 6.12, filesystems/openat2/ in 7.2) run against it
//! unchanged.

use kernel::bindings;
use kernel::fs::{
    file::FileDescriptorReservation,
    filename::FileName,
    open::{open, OpenFlags, OpenHow},
};
use kernel::prelude::*;
use kernel::syscall::{extensible::copy_struct_from_user, TypedUserPtr, UserCStr};
use kernel::syscall_define;
use kernel::uaccess::UserPtr;

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
        let (path, largefile) = (u64::from(bindings::O_PATH), u64::from(bindings::O_LARGEFILE));
        if how.flags() & path == 0 && !cfg!(CONFIG_ARCH_32BIT_OFF_T) {
            how.set_flags(how.flags() | largefile);
        }

        let flags = OpenFlags::new(&how)?;
        let name = FileName::get(UserPtr::from_addr(filename.addr()), flags.lookup_flags());
        // Linux 7.2 reserves the descriptor before it looks at the name (a full file table is
        // EMFILE whatever the path); older trees fail a bad name first.
        if bindings::RSC_FD_BEFORE_NAME == 0 {
            if let Err(e) = &name {
                return Err(*e);
            }
        }
        // The descriptor flags are the user's (O_CLOEXEC); C passes them as `unsigned int`.
        FileDescriptorReservation::install_new(how.flags() as u32, || {
            open(dfd, name.as_ref().map_err(|e| *e)?, &flags)
        })
    }
}
