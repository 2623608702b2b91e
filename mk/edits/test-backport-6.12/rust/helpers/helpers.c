/* rsc-edit: after ^#include "err.c" */
#include "fs.c"
