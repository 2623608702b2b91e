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
/* rsc-edit: after #include <linux/ethtool.h> */
#include <linux/audit.h>
#include <linux/file.h>
#include <linux/namei.h>
/* rsc-edit: append */

/*
 * fs/openat2.rs (CONFIG_RUST_OPENAT2): what build_open_flags() uses that
 * bindgen cannot evaluate (BIT(), casts) or that only some trees have, under
 * names of their own. A flag a tree does not have is 0, and is then
 * accepted nowhere.
 */
const u32 RUST_CONST_HELPER_RSC_LOOKUP_FOLLOW = LOOKUP_FOLLOW;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_DIRECTORY = LOOKUP_DIRECTORY;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_EMPTY = LOOKUP_EMPTY;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_CACHED = LOOKUP_CACHED;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_OPEN = LOOKUP_OPEN;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_CREATE = LOOKUP_CREATE;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_EXCL = LOOKUP_EXCL;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_NO_SYMLINKS = LOOKUP_NO_SYMLINKS;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_NO_MAGICLINKS = LOOKUP_NO_MAGICLINKS;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_NO_XDEV = LOOKUP_NO_XDEV;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_BENEATH = LOOKUP_BENEATH;
const u32 RUST_CONST_HELPER_RSC_LOOKUP_IN_ROOT = LOOKUP_IN_ROOT;
const u64 RUST_CONST_HELPER_RSC_VALID_RESOLVE_FLAGS = VALID_RESOLVE_FLAGS;
const u64 RUST_CONST_HELPER_RSC_S_IALLUGO = S_IALLUGO;
#ifdef __FMODE_NONOTIFY
/* Linux 6.12 ignores FMODE_NONOTIFY in open_how.flags, as O_CLOEXEC. */
const u64 RUST_CONST_HELPER_RSC_OPEN_HOW_STRIP = __FMODE_NONOTIFY | O_CLOEXEC;
#else
const u64 RUST_CONST_HELPER_RSC_OPEN_HOW_STRIP = O_CLOEXEC;
#endif
#ifdef VALID_OPENAT2_FLAGS
const u64 RUST_CONST_HELPER_RSC_VALID_OPENAT2_FLAGS = VALID_OPENAT2_FLAGS;
const u64 RUST_CONST_HELPER_RSC_OPENAT2_REGULAR = OPENAT2_REGULAR;
const u64 RUST_CONST_HELPER_RSC_O_REGULAR = __O_REGULAR;
#else
const u64 RUST_CONST_HELPER_RSC_VALID_OPENAT2_FLAGS = VALID_OPEN_FLAGS;
const u64 RUST_CONST_HELPER_RSC_OPENAT2_REGULAR = 0;
const u64 RUST_CONST_HELPER_RSC_O_REGULAR = 0;
#endif
#ifdef O_EMPTYPATH
const u64 RUST_CONST_HELPER_RSC_O_EMPTYPATH = O_EMPTYPATH;
#else
const u64 RUST_CONST_HELPER_RSC_O_EMPTYPATH = 0;
#endif
#ifdef FD_ADD
/*
 * Linux 7.2's openat2() reserves the descriptor before it checks the name
 * (FD_ADD() around do_file_open(), which returns the name's ERR_PTR), 6.12's
 * after; FD_ADD() came with that change. A tree where the two part ways
 * fails hardening_test's openat2_full_fd_table.
 */
const u32 RUST_CONST_HELPER_RSC_FD_BEFORE_NAME = 1;
#else
const u32 RUST_CONST_HELPER_RSC_FD_BEFORE_NAME = 0;
#endif
