// SPDX-License-Identifier: GPL-2.0

//! Extensible argument structs: `copy_struct_from_user()`.
//!
//! C header: [`include/linux/uaccess.h`](srctree/include/linux/uaccess.h).

use super::TypedUserPtr;
use crate::{
    bindings,
    error::{code::*, Error, Result},
    transmute::FromBytes,
    uaccess::UserSlice,
};
use core::mem::size_of;

/// A struct that a syscall takes by pointer and size, and may grow over time.
///
/// This is the contract of `copy_struct_from_user()` as used by `openat2(2)`, `clone3(2)` and
/// `sched_setattr(2)`. New fields are only ever appended, and a zero value in a new field must
/// mean "the old behaviour".
///
/// `FromBytes` makes any bytes, zeroes included, a valid value, so the trait is safe to
/// implement. `SIZE_VER0` must not exceed the size of the struct, which
/// [`copy_struct_from_user`] checks at compile time.
pub trait ExtensibleStruct: FromBytes + Sized {
    /// The size of the first published version (`*_SIZE_VER0`): smaller sizes are `EINVAL`.
    const SIZE_VER0: usize;
}

/// The compile-time check of [`ExtensibleStruct::SIZE_VER0`], like C's `BUILD_BUG_ON()` next to
/// `copy_struct_from_user()`.
struct SizeCheck<T>(T);

impl<T: ExtensibleStruct> SizeCheck<T> {
    const VER0_FITS: () = assert!(
        T::SIZE_VER0 <= size_of::<T>(),
        "ExtensibleStruct::SIZE_VER0 is larger than the struct"
    );
}

/// Copies an extensible struct in from user space, with `copy_struct_from_user()` semantics.
///
/// `usize` is the size user space says its struct has:
///
/// - `usize < T::SIZE_VER0`: `EINVAL` (older than any version);
/// - `usize > PAGE_SIZE`: `E2BIG` (the limit openat2(2) and friends apply);
/// - `usize <= size_of::<T>()`: the given bytes are copied and the rest is zero (old user space,
///   new kernel);
/// - `usize > size_of::<T>()`: the bytes this kernel does not know must all be zero, else
///   `E2BIG` (new user space asking for something this kernel cannot do).
///
/// # Examples
///
/// ```
/// use kernel::error::code::{E2BIG, EINVAL};
/// use kernel::syscall::{extensible::{copy_struct_from_user, ExtensibleStruct}, TypedUserPtr};
///
/// #[derive(Default)]
/// #[repr(C)]
/// struct Params {
///     flags: u64,
///     mode: u64,
/// }
/// // SAFETY: `Params` is made of integers only, so any bytes are a valid value.
/// unsafe impl kernel::transmute::FromBytes for Params {}
/// impl ExtensibleStruct for Params {
///     const SIZE_VER0: usize = 8;
/// }
///
/// let p = TypedUserPtr::<Params>::new(0x1000);
/// assert_eq!(copy_struct_from_user(p, 4).err(), Some(EINVAL));
/// assert_eq!(copy_struct_from_user(p, 1 << 20).err(), Some(E2BIG));
/// ```
#[inline]
pub fn copy_struct_from_user<T: ExtensibleStruct>(ptr: TypedUserPtr<T>, usize: usize) -> Result<T> {
    #[allow(clippy::let_unit_value)]
    let () = SizeCheck::<T>::VER0_FITS;
    let ksize = size_of::<T>();
    if usize < T::SIZE_VER0 {
        return Err(EINVAL);
    }
    if usize > bindings::PAGE_SIZE {
        return Err(E2BIG);
    }
    if usize > ksize {
        let tail = ptr.cast::<u8>().wrapping_add(ksize);
        // SAFETY: `check_zeroed_user` only reads user memory through the user-access
        // primitives, which check the address range.
        let ret = unsafe { bindings::check_zeroed_user(tail.addr() as *const _, usize - ksize) };
        match ret {
            1 => {}
            0 => return Err(E2BIG),
            e => return Err(Error::from_errno(e)),
        }
    }
    let mut reader = UserSlice::new(ptr.as_user_ptr(), usize.min(ksize)).reader();
    if usize >= ksize {
        // All of `T` from user space (`_copy_from_user()` of `sizeof(T)` bytes).
        return reader.read();
    }
    // An older, shorter struct: its bytes, then zeroes.
    let mut val = core::mem::MaybeUninit::<T>::zeroed();
    let n = usize;
    // SAFETY: `val` is `ksize` bytes long and `n <= ksize`; the bytes are plain memory.
    let bytes = unsafe { core::slice::from_raw_parts_mut(val.as_mut_ptr().cast::<u8>(), n) };
    reader.read_slice(bytes)?;
    // SAFETY: All bytes of `val` are initialised (zeroed, then partly overwritten), and any bytes
    // are a valid `T` (`FromBytes`).
    Ok(unsafe { val.assume_init() })
}
