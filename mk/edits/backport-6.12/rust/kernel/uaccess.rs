// rsc-edit: replace ^pub type UserPtr = usize;$
// Linux 7.2's newtype: a pointer, tagged `__user` in C.
#[repr(transparent)]
#[derive(Copy, Clone)]
pub struct UserPtr(*mut c_void);

impl UserPtr {
    /// Creates a `UserPtr` from a user space address.
    #[inline]
    pub fn from_addr(addr: usize) -> Self {
        Self(addr as *mut c_void)
    }

    /// Creates a `UserPtr` from a pointer holding a user space address.
    #[inline]
    pub fn from_ptr(addr: *mut c_void) -> Self {
        Self(addr)
    }

    /// Returns the address as a raw const pointer, which must not be dereferenced.
    #[inline]
    pub fn as_const_ptr(self) -> *const c_void {
        self.0
    }

    /// Returns the address as a raw mutable pointer, which must not be dereferenced.
    #[inline]
    pub fn as_mut_ptr(self) -> *mut c_void {
        self.0
    }

    /// Returns the address `add` bytes further, wrapping around the address space.
    #[inline]
    pub fn wrapping_byte_add(self, add: usize) -> UserPtr {
        UserPtr(self.0.wrapping_byte_add(add))
    }
}
// rsc-edit: replace ^    ptr: UserPtr,$
    ptr: usize,
// rsc-edit: replace ^        UserSlice \{ ptr, length \}$
        UserSlice {
            ptr: ptr.as_const_ptr() as usize,
            length,
        }
