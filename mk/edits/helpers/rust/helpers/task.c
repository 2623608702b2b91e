/* rsc-edit: append */

void rust_helper_cond_resched(void)
{
	cond_resched();
}
