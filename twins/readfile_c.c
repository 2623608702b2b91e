// SPDX-License-Identifier: GPL-2.0
/*
 * C twin of readfile(2) (fs/readfile.rs), at a test-only number: the same
 * semantics written with SYSCALL_DEFINE5, so that selftests, the
 * differential fuzzer and the benchmark compare Rust and C in one boot.
 */
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/sched/signal.h>
#include <linux/syscalls.h>

SYSCALL_DEFINE5(readfile_c, int, dfd, const char __user *, pathname,
		char __user *, buf, size_t, bufsize, unsigned int, flags)
{
	int oflags = O_RDONLY | O_LARGEFILE | O_NOCTTY | O_NONBLOCK;
	struct filename *name;
	struct file *file;
	size_t size, done = 0;
	loff_t pos = 0;
	ssize_t n;

	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		oflags |= O_NOFOLLOW;

	name = getname(pathname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	file = file_open_name_at(dfd, name, oflags, 0);
	putname(name);
	if (IS_ERR(file))
		return PTR_ERR(file);

	size = min_t(size_t, bufsize, MAX_RW_COUNT);
	while (done < size) {
		n = vfs_read(file, buf + done, size - done, &pos);
		if (n <= 0) {
			if (n < 0 && !done)
				done = n;
			break;
		}
		done += n;
		if (done < size) {
			if (S_ISREG(file_inode(file)->i_mode)) {
				loff_t isize = i_size_read(file_inode(file));

				if (isize > 0 && pos >= isize)
					break;
			}
			if (fatal_signal_pending(current))
				break;
			cond_resched();
		}
	}
	__fput_sync(file);
	return done;
}
