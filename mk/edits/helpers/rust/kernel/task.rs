// rsc-edit: after-block ^    pub fn signal_pending\(
    /// Returns whether the task has a fatal signal pending: it is being killed.
    ///
    /// Like `fatal_signal_pending()` in C. A long operation checks it between steps and stops
    /// early, so that a killed task does not linger in the kernel.
    ///
    /// # Examples
    ///
    /// ```
    /// // The task running this test is not being killed.
    /// assert!(!kernel::current!().fatal_signal_pending());
    /// ```
    pub fn fatal_signal_pending(&self) -> bool {
        // SAFETY: By the type invariant, we know that `self.0` is valid.
        unsafe { bindings::fatal_signal_pending(self.0.get()) != 0 }
    }
// rsc-edit: append

/// Gives the CPU to another task if this one should be rescheduled.
///
/// Like `cond_resched()` in C: a loop that may run for long in process context calls it between
/// steps, so that a kernel without preemption stays responsive. Must not be called in atomic
/// context.
///
/// # Examples
///
/// ```
/// for _ in 0..3 {
///     kernel::task::cond_resched();
/// }
/// ```
pub fn cond_resched() {
    // SAFETY: `cond_resched` has no memory-safety requirement. Calling it in atomic context is a
    // bug that `might_sleep()` reports, as for every function that may sleep.
    unsafe { bindings::cond_resched() };
}
