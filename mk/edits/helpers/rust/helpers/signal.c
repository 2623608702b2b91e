/* rsc-edit: append */

__rust_helper int rust_helper_fatal_signal_pending(struct task_struct *p)
{
	return fatal_signal_pending(p);
}
