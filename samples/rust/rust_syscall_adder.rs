// SPDX-License-Identifier: GPL-2.0

//! adder(): two `int` arguments, added without overflow.

use kernel::prelude::*;
use kernel::syscall_define;

syscall_define! {
    /// Returns `a + b`, computed in 64 bits so that it cannot overflow.
    ///
    /// A sum in `-4095..=-1` would read as an error in user space: the framework returns
    /// `-EOVERFLOW` for it, where the C twin returns the sum as it is.
    fn adder(a: i32, b: i32) -> Result<i64> {
        Ok(i64::from(a) + i64::from(b))
    }
}
