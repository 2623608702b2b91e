// rsc-edit: append

/// What Linux 7.2's `CStrExt` gives `core::ffi::CStr`, the C string type there.
pub trait CStrExt {
    /// Wraps a raw C string pointer.
    ///
    /// # Safety
    ///
    /// `ptr` must be a valid pointer to a `NUL`-terminated C string, and it must last at least
    /// `'a`. When `CStr` is alive, the memory pointed by `ptr` must not be mutated.
    unsafe fn from_char_ptr<'a>(ptr: *const crate::ffi::c_char) -> &'a Self;

    /// Returns a C pointer to the string.
    fn as_char_ptr(&self) -> *const crate::ffi::c_char;
}

impl CStrExt for core::ffi::CStr {
    #[inline]
    unsafe fn from_char_ptr<'a>(ptr: *const crate::ffi::c_char) -> &'a Self {
        // SAFETY: The caller guarantees what `CStr::from_ptr` requires.
        unsafe { core::ffi::CStr::from_ptr(ptr.cast()) }
    }

    #[inline]
    fn as_char_ptr(&self) -> *const crate::ffi::c_char {
        self.as_ptr().cast()
    }
}
