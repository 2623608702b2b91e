// rsc-edit: before ^    sync::aref::
    fs::filename::FileName,
// rsc-edit: after ^    types::
    uaccess::UserPtr,
// rsc-edit: after-block ^    pub unsafe fn from_raw_file<'a>\(ptr: \*const bindings::file\) -> &'a File \{$
    /// Opens `name` for the caller alone, without a file descriptor: `file_open_name_at()`.
    ///
    /// `name` is resolved relative to the directory open at `dfd`, or to the working directory
    /// with `AT_FDCWD`, and opened with the open(2) `flags` (and `mode` for a file that `O_CREAT`
    /// creates), with the checks of openat(2). The file is in no file table: dropping the
    /// reference, or [`File::put_sync`], closes it.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::bindings;
    /// use kernel::fs::{filename::FileName, File};
    /// use kernel::prelude::*;
    /// use kernel::sync::aref::ARef;
    /// use kernel::uaccess::UserPtr;
    ///
    /// /// Opens the file whose name is at `path` in user memory for reading, as
    /// /// `openat(dfd, path, O_RDONLY)` would.
    /// fn open_for_reading(dfd: i32, path: UserPtr) -> Result<ARef<File>> {
    ///     let name = FileName::get(path, 0)?;
    ///     File::open_name_at(dfd, &name, bindings::O_RDONLY, 0)
    /// }
    /// # let _ = open_for_reading;
    /// ```
    #[inline]
    pub fn open_name_at(dfd: i32, name: &FileName, flags: u32, mode: u16) -> Result<ARef<File>> {
        // SAFETY: `name` is a valid `struct filename`, which the call uses and does not release;
        // `file_open_name_at()` checks `dfd`, `flags` and `mode` as openat(2) does.
        let file = unsafe { bindings::file_open_name_at(dfd, name.as_ptr(), flags as i32, mode) };
        let file = crate::error::from_err_ptr(file)?;
        // SAFETY: What is not an `ERR_PTR` is a valid file (never `NULL`) with a reference that
        // is now ours. No file table has it, so no `fdget_pos` call is active on it; `File` is
        // `struct file`.
        Ok(unsafe { ARef::from_raw(ptr::NonNull::new_unchecked(file.cast())) })
    }

    /// Reads up to `len` bytes at `*pos` into user memory at `buf` and moves `*pos` past them:
    /// `vfs_read()`, with its checks (the file is open for reading, `buf` is user memory, the
    /// security hooks). The file's own position is neither used nor changed.
    ///
    /// Returns the number of bytes read, which may be fewer than `len`, and 0 at end of file.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::fs::{file::Offset, File};
    /// use kernel::prelude::*;
    /// use kernel::uaccess::UserPtr;
    ///
    /// /// Reads the first `len` bytes of `file`, or fewer at end of file.
    /// fn read_start(file: &File, buf: UserPtr, len: usize) -> Result<usize> {
    ///     let mut pos: Offset = 0;
    ///     file.read_user(buf, len, &mut pos)
    /// }
    /// # let _ = read_start;
    /// ```
    #[inline]
    pub fn read_user(&self, buf: UserPtr, len: usize, pos: &mut Offset) -> Result<usize> {
        // SAFETY: The file is valid for as long as `self` is. `vfs_read()` checks the user range
        // itself; `pos` is a valid `loff_t`, the only memory of ours it writes.
        let ret = unsafe { bindings::vfs_read(self.as_ptr(), buf.as_mut_ptr().cast(), len, pos) };
        if ret < 0 {
            return Err(Error::from_errno(ret as i32));
        }
        Ok(ret as usize)
    }

    /// Returns the size of the file if it is a regular file: `i_size_read(file_inode(file))`.
    ///
    /// `None` for anything else (directories, devices, pipes, sockets, symbolic links). The size
    /// is a snapshot: another task may change it as soon as it is read.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::fs::{file::Offset, File};
    ///
    /// /// Whether a read that got to `pos` is at the end of a regular file with contents.
    /// fn at_end(file: &File, pos: Offset) -> bool {
    ///     file.regular_size().is_some_and(|size| size > 0 && pos >= size)
    /// }
    /// # let _ = at_end;
    /// ```
    #[inline]
    pub fn regular_size(&self) -> Option<Offset> {
        // SAFETY: The file is valid; `f_inode` is set when it is opened and does not change.
        let inode = unsafe { (*self.as_ptr()).f_inode };
        // SAFETY: An open file holds its inode. The type bits of `i_mode` never change; a
        // volatile read because chmod(2) may write the other bits meanwhile.
        let mode = unsafe { ptr::addr_of!((*inode).i_mode).read_volatile() };
        if u32::from(mode) & bindings::S_IFMT != bindings::S_IFREG {
            return None;
        }
        // SAFETY: `inode` is valid, as above.
        Some(unsafe { bindings::i_size_read(inode) })
    }

    /// Drops the reference `this` owns, as dropping it would, but when it is the last one the
    /// file is released at once instead of from task work: `__fput_sync()`.
    ///
    /// For a system call that opened a file for itself and is about to return to user space,
    /// as close(2) releases the file it takes out of the file table: the stack is shallow and
    /// the release is the call's own work. Process context only (releasing may sleep), with no
    /// lock held that releasing a file may take (the file system's, the dentry's, fsnotify's).
    /// Borrows of `this` have ended, so nothing uses the file after it is released.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::fs::File;
    /// use kernel::sync::aref::ARef;
    ///
    /// /// Closes a file that a system call opened for itself.
    /// fn close_own(file: ARef<File>) {
    ///     File::put_sync(file);
    /// }
    /// # let _ = close_own;
    /// ```
    #[inline]
    pub fn put_sync(this: ARef<File>) {
        let file = ARef::into_raw(this);
        // SAFETY: `into_raw` gave us the reference `this` owned, which `__fput_sync()` drops.
        // No borrow of `this` outlives it, and a reference that is not the last one does not
        // release the file.
        unsafe { bindings::__fput_sync(file.as_ptr().cast()) };
    }
