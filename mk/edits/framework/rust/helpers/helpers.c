/* rsc-edit: after ^#include "spinlock.c" */
#include "syscall.c"
