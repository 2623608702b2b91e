/* SPDX-License-Identifier: GPL-2.0 */
/* Writing a value to a debugfs, procfs or sysfs file, for the selftests. */
#ifndef WRITE_STR_H
#define WRITE_STR_H

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Writes @val to @path in one write(); returns 0 on success, -1 on error. */
static inline int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

#endif /* WRITE_STR_H */
