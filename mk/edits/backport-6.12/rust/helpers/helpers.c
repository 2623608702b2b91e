/* rsc-edit: before ^#include "blk.c" */
/* As in Linux 7.2: helpers are marked for inlining into Rust there. */
#define __rust_helper
/* rsc-edit: after ^#include "err.c" */
#include "fs.c"
