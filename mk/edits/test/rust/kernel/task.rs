// rsc-edit: append

/// A capability, as tested by [`capable`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Capability {
    /// `CAP_SYS_ADMIN`.
    SysAdmin = bindings::CAP_SYS_ADMIN as i32,
    /// `CAP_SYS_BOOT`.
    SysBoot = bindings::CAP_SYS_BOOT as i32,
    /// `CAP_SYS_PTRACE`.
    SysPtrace = bindings::CAP_SYS_PTRACE as i32,
    /// `CAP_DAC_READ_SEARCH`.
    DacReadSearch = bindings::CAP_DAC_READ_SEARCH as i32,
}

/// Returns whether the current task has `cap` in the initial user namespace, like `capable()`.
///
/// As in C, a successful check marks the task as having used its privilege (`PF_SUPERPRIV`).
/// Without `CONFIG_MULTIUSER` every task has every capability.
///
/// # Examples
///
/// ```
/// use kernel::task::{capable, Capability};
///
/// // KUnit runs as root in the initial user namespace.
/// assert!(capable(Capability::SysBoot));
/// ```
pub fn capable(cap: Capability) -> bool {
    // SAFETY: `capable` may be called from any process context with any capability number. It
    // is an exported function with `CONFIG_MULTIUSER`, else a static inline reached through its
    // `rust_helper_capable`.
    unsafe { bindings::capable(cap as i32) }
}

/// The access a caller asks for with [`ptrace_may_access`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum PtraceMode {
    /// `PTRACE_MODE_READ_FSCREDS`: read access, checked with the filesystem credentials, as for
    /// most files of `/proc/<pid>`.
    ReadFsCreds = bindings::PTRACE_MODE_READ | bindings::PTRACE_MODE_FSCREDS,
    /// `PTRACE_MODE_READ_REALCREDS`: read access, checked with the real credentials.
    ReadRealCreds = bindings::PTRACE_MODE_READ | bindings::PTRACE_MODE_REALCREDS,
    /// `PTRACE_MODE_ATTACH_FSCREDS`: full access, with the filesystem credentials.
    AttachFsCreds = bindings::PTRACE_MODE_ATTACH | bindings::PTRACE_MODE_FSCREDS,
    /// `PTRACE_MODE_ATTACH_REALCREDS`: full access, with the real credentials, as `ptrace(2)`.
    AttachRealCreds = bindings::PTRACE_MODE_ATTACH | bindings::PTRACE_MODE_REALCREDS,
}

/// Returns whether the current task may access `task` in `mode`, like `ptrace_may_access()`.
///
/// # Examples
///
/// ```
/// use kernel::task::{ptrace_may_access, PtraceMode};
///
/// // A task may always inspect itself.
/// assert!(ptrace_may_access(kernel::current!(), PtraceMode::AttachRealCreds));
/// ```
pub fn ptrace_may_access(task: &Task, mode: PtraceMode) -> bool {
    // SAFETY: `task` is a valid task by the type invariant of `Task`, and `ptrace_may_access`
    // takes the locks it needs itself.
    unsafe { bindings::ptrace_may_access(task.0.get(), mode as u32) }
}

/// Returns `EPERM` unless the current task has `cap`, the usual first line of a privileged
/// syscall.
///
/// # Examples
///
/// ```
/// use kernel::task::{require_capability, Capability};
///
/// // KUnit runs as root in the initial user namespace.
/// assert!(require_capability(Capability::SysAdmin).is_ok());
/// ```
pub fn require_capability(cap: Capability) -> crate::error::Result {
    if capable(cap) {
        Ok(())
    } else {
        Err(crate::error::code::EPERM)
    }
}

/// Sleeps for `ms` milliseconds unless a signal arrives, like `msleep_interruptible()`.
///
/// Returns the milliseconds left: 0 after the whole sleep, more when a signal ended it.
///
/// # Examples
///
/// ```
/// assert_eq!(kernel::task::msleep_interruptible(1), 0);
/// ```
pub fn msleep_interruptible(ms: u32) -> u32 {
    // SAFETY: `msleep_interruptible` may be called from any process context.
    unsafe { bindings::msleep_interruptible(ms) as u32 }
}
