/* rsc-edit: append */

bool rust_helper_capable(int cap)
{
	return capable(cap);
}
