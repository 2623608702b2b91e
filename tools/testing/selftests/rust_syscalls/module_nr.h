/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The number of a syscall a module registered (CONFIG_RUST_SYSCALL_MODULES),
 * for the ABI this file is compiled for: /sys/kernel/rust_syscalls/NAME/nr,
 * nr_x32 or nr_i386.
 */
#ifndef MODULE_NR_H
#define MODULE_NR_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define RSC_SYSFS "/sys/kernel/rust_syscalls"

#if defined(__x86_64__) && defined(__ILP32__)
#define RSC_NR_FILE "nr_x32"
#elif defined(__x86_64__)
#define RSC_NR_FILE "nr"
#else
#define RSC_NR_FILE "nr_i386"
#endif

/* Reads a number from a sysfs file; -1 if there is none. */
static inline long rsc_read_long(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 0);
}

/* The syscall number of @name in this ABI, -1 if no module registered it. */
static inline long rsc_module_nr(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), RSC_SYSFS "/%s/" RSC_NR_FILE, name);
	return rsc_read_long(path);
}

#endif /* MODULE_NR_H */
