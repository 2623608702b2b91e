// SPDX-License-Identifier: GPL-2.0

//! magic_knock(): a privileged call, checked like reboot(2).

use kernel::prelude::*;
use kernel::task::{require_capability, Capability};
use kernel::{syscall_define, syscall_module};

/// The first magic number, as `LINUX_REBOOT_MAGIC1`.
pub const MAGIC1: u32 = 0xfee1_dead;
/// The second magic number.
pub const MAGIC2: u32 = 0x2805_1999;

syscall_define! {
    /// Returns 0 if the caller has `CAP_SYS_ADMIN` and knows both magic numbers.
    ///
    /// Like reboot(2), the capability is checked first: `EPERM` without it, then `EINVAL` for
    /// wrong magic numbers.
    fn magic_knock(magic1: u32, magic2: u32) -> Result {
        require_capability(Capability::SysAdmin)?;
        if magic1 != MAGIC1 || magic2 != MAGIC2 {
            return Err(EINVAL);
        }
        Ok(())
    }
}

// Built as a module (CONFIG_RUST_SYSCALL_MODULES), the same file registers magic_knock() by name.
syscall_module! {
    name: "rust_syscall_magic_knock",
    authors: ["rust-syscalls developers"],
    description: "magic_knock() as a module syscall",
    license: "GPL",
    syscalls: [magic_knock],
}
