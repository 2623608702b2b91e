/* rsc-edit: append */

#include <linux/audit.h>

__rust_helper void rust_helper_audit_openat2_how(struct open_how *how)
{
	audit_openat2_how(how);
}
