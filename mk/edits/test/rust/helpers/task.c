/* rsc-edit: before ^#include <linux/sched/task.h> */
#include <linux/capability.h>
/* rsc-edit: append */

__rust_helper bool rust_helper_capable(int cap)
{
	return capable(cap);
}
