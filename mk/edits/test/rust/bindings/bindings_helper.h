/* rsc-edit: after #include <linux/blkdev.h> */
#include <linux/capability.h>
#include <linux/compat.h>
/* rsc-edit: after #include <linux/phy.h> */
#include <linux/ptrace.h>
/* rsc-edit: after #include <linux/refcount.h> */
#include <linux/rust_syscall_slots.h>
