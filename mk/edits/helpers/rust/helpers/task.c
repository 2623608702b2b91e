/* rsc-edit: append */

__rust_helper void rust_helper_cond_resched(void)
{
	cond_resched();
}
