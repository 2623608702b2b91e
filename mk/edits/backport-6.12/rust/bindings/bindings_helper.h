/* rsc-edit: after #include <linux/firmware.h> */
#include <linux/fs.h>
