/* rsc-edit: before ^#include <linux/export.h> */
#include <linux/capability.h>
/* rsc-edit: append */

bool rust_helper_capable(int cap)
{
	return capable(cap);
}
