// rsc-edit: after-block ^    pub fn ffi_init\(
    /// Creates a fallible pin-initializer from `init_func`, as in Linux 7.2: the closure gets a
    /// pointer to the uninitialised `T` and may fail.
    pub fn try_ffi_init<E>(
        init_func: impl FnOnce(*mut T) -> Result<(), E>,
    ) -> impl PinInit<Self, E> {
        // SAFETY: We contain a `MaybeUninit`, so it is OK for `init_func` to leave the `T`
        // partially initialised, on success as on failure.
        unsafe { init::pin_init_from_closure::<_, E>(move |slot| init_func(Self::raw_get(slot))) }
    }
