/* rsc-edit: after #include <linux/ethtool.h> */
#include <linux/fcntl.h>
/* rsc-edit: after #include <linux/slab.h> */
#include <linux/syscalls.h>
