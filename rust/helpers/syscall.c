// SPDX-License-Identifier: GPL-2.0

#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/thread_info.h>

unsigned long rust_helper_thread_size(void)
{
	return THREAD_SIZE;
}
