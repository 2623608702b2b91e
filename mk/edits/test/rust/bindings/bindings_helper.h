/* rsc-edit: after #include <linux/blkdev.h> */
#include <linux/capability.h>
#include <linux/compat.h>
/* rsc-edit: after #include <linux/phy.h> */
#include <linux/ptrace.h>
/* rsc-edit: after #include <linux/refcount.h> */
#include <linux/rust_syscall_slots.h>
/* rsc-edit: after ^const gfp_t RUST_CONST_HELPER_GFP_KERNEL = GFP_KERNEL; */
/* THREAD_SIZE, for the samples: a macro bindgen cannot evaluate everywhere. */
const size_t RUST_CONST_HELPER_RSC_THREAD_SIZE = THREAD_SIZE;
