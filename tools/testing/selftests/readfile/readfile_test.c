// SPDX-License-Identifier: GPL-2.0
/*
 * readfile(2) selftests: one test per sentence of the man page, but for
 * what needs a special file system (one that returns more than the size
 * it reports, or has a flush operation).
 *
 * The tests call the syscall by the number of their fixture variant and
 * skip when it answers ENOSYS.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "raw_syscall.h"

#ifndef AT_SYMLINK_NOFOLLOW
#define AT_SYMLINK_NOFOLLOW 0x100
#endif

#define NOBODY 65534

FIXTURE(readfile) {
	char dir[64];
	char path[128];		/* a small regular file: "hello\n" */
	char *buf;
	size_t bufsize;
};

FIXTURE_VARIANT(readfile) {
	reg_t nr;
	const char *name;	/* as in the syscalls:sys_enter_NAME trace event */
};

FIXTURE_VARIANT_ADD(readfile, rust) {
	.nr = __NR_readfile,
	.name = "readfile",
};

static const char hello[] = "hello\n";

/* Whether the kernel is a 64-bit one (its machine name says so). */
static int is_64bit_kernel(void)
{
	struct utsname u;

	return !uname(&u) && strstr(u.machine, "64");
}

static int64_t readfile_nr(reg_t nr, int dfd, const char *path, void *buf,
			   size_t size, unsigned int flags)
{
	return raw_syscall5(NR(nr), (reg_t)(uint32_t)dfd, PTR(path), PTR(buf),
			    (reg_t)size, flags);
}

/* readfile() through the implementation of the current variant. */
#define rf(v, ...) readfile_nr((v)->nr, __VA_ARGS__)

static void write_file(struct __test_metadata *_metadata, const char *path,
		       const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	ASSERT_GE(fd, 0);
	ASSERT_EQ(write(fd, data, len), (ssize_t)len);
	ASSERT_EQ(fchmod(fd, mode), 0);
	ASSERT_EQ(close(fd), 0);
}

FIXTURE_SETUP(readfile)
{
	int64_t ret = rf(variant, AT_FDCWD, NULL, NULL, 0, 0);

	if (ret == -ENOSYS)
		SKIP(return, "syscall %llu not configured (ENOSYS)",
		     (unsigned long long)variant->nr);
	ASSERT_EQ(ret, -EFAULT);

	snprintf(self->dir, sizeof(self->dir), "/tmp/readfile.XXXXXX");
	ASSERT_TRUE(!!mkdtemp(self->dir));
	ASSERT_EQ(chmod(self->dir, 0755), 0);
	snprintf(self->path, sizeof(self->path), "%s/hello", self->dir);
	write_file(_metadata, self->path, hello, strlen(hello), 0644);
	self->bufsize = 1 << 20;
	self->buf = malloc(self->bufsize);
	ASSERT_TRUE(!!self->buf);
	memset(self->buf, 0xaa, self->bufsize);
}

FIXTURE_TEARDOWN(readfile)
{
	char cmd[128];

	free(self->buf);
	if (self->dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
		if (system(cmd))
			TH_LOG("cleanup of %s failed", self->dir);
	}
}

/* "Returns the number of bytes read"; bytes past the data are untouched. */
TEST_F(readfile, reads_whole_small_file)
{
	size_t i;

	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, self->buf, 4096, 0), strlen(hello));
	ASSERT_EQ(memcmp(self->buf, hello, strlen(hello)), 0);
	for (i = strlen(hello); i < 4096; i++)
		ASSERT_EQ((unsigned char)self->buf[i], 0xaa);
}

/* "A return equal to bufsize means the file may hold more." */
TEST_F(readfile, truncates_at_bufsize)
{
	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, self->buf, 3, 0), 3);
	ASSERT_EQ(memcmp(self->buf, "hel", 3), 0);
	ASSERT_EQ((unsigned char)self->buf[3], 0xaa);
	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, self->buf, strlen(hello), 0),
		  strlen(hello));
	ASSERT_EQ((unsigned char)self->buf[strlen(hello)], 0xaa);
}

/* "bufsize 0 returns 0 once the open succeeded." */
TEST_F(readfile, bufsize_zero)
{
	char missing[160];

	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, NULL, 0, 0), 0);
	ASSERT_EQ(rf(variant, AT_FDCWD, self->dir, NULL, 0, 0), 0);
	snprintf(missing, sizeof(missing), "%s/missing", self->dir);
	ASSERT_EQ(rf(variant, AT_FDCWD, missing, NULL, 0, 0), -ENOENT);
}

/* "Sizes above MAX_RW_COUNT are clamped like read(2)." */
TEST_F(readfile, huge_bufsize_is_clamped)
{
	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, self->buf, SIZE_MAX, 0), strlen(hello));
	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, self->buf, (size_t)INT_MAX + 1, 0),
		  strlen(hello));
}

/* "pathname is resolved like openat(2) with dfd." */
TEST_F(readfile, dfd_resolution)
{
	int dfd = open(self->dir, O_RDONLY | O_DIRECTORY);
	int ffd = open(self->path, O_RDONLY);

	ASSERT_GE(dfd, 0);
	ASSERT_GE(ffd, 0);
	ASSERT_EQ(rf(variant, dfd, "hello", self->buf, 100, 0), strlen(hello));
	ASSERT_EQ(chdir(self->dir), 0);
	ASSERT_EQ(rf(variant, AT_FDCWD, "hello", self->buf, 100, 0), strlen(hello));
	/* Absolute paths ignore dfd, even an invalid one. */
	ASSERT_EQ(rf(variant, -1, self->path, self->buf, 100, 0), strlen(hello));
	ASSERT_EQ(rf(variant, 9999, self->path, self->buf, 100, 0), strlen(hello));
	/* Relative paths need a valid directory fd. */
	ASSERT_EQ(rf(variant, -1, "hello", self->buf, 100, 0), -EBADF);
	ASSERT_EQ(rf(variant, 9999, "hello", self->buf, 100, 0), -EBADF);
	ASSERT_EQ(rf(variant, ffd, "hello", self->buf, 100, 0), -ENOTDIR);
	close(dfd);
	close(ffd);
}

/* "The upper 32 bits of int arguments are ignored" (64-bit registers only). */
TEST_F(readfile, upper_bits_of_int_args_ignored)
{
	int64_t ret;

	ret = raw_syscall5(NR(variant->nr), GARBAGE | (uint32_t)AT_FDCWD, PTR(self->path),
			   PTR(self->buf), 100, GARBAGE);
	ASSERT_EQ(ret, strlen(hello));
	ret = raw_syscall5(NR(variant->nr), GARBAGE | (uint32_t)AT_FDCWD, PTR(self->path),
			   PTR(self->buf), 100, GARBAGE | 1);
	ASSERT_EQ(ret, -EINVAL);
}

/* "flags: 0 or AT_SYMLINK_NOFOLLOW; any other bit: EINVAL." */
TEST_F(readfile, all_32_flag_bits)
{
	int bit;

	for (bit = 0; bit < 32; bit++) {
		unsigned int flag = 1u << bit;
		int64_t want = flag == AT_SYMLINK_NOFOLLOW ? (int64_t)strlen(hello) : -EINVAL;

		EXPECT_EQ(rf(variant, AT_FDCWD, self->path, self->buf, 100, flag), want) {
			TH_LOG("flag bit %d", bit);
		}
	}
	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, self->buf, 100, ~0u), -EINVAL);
}

/* Symlinks are followed, except a final one with AT_SYMLINK_NOFOLLOW (ELOOP). */
TEST_F(readfile, symlinks)
{
	char link[160], loop[160];

	snprintf(link, sizeof(link), "%s/link", self->dir);
	snprintf(loop, sizeof(loop), "%s/loop", self->dir);
	ASSERT_EQ(symlink("hello", link), 0);
	ASSERT_EQ(symlink("loop", loop), 0);
	ASSERT_EQ(rf(variant, AT_FDCWD, link, self->buf, 100, 0), strlen(hello));
	ASSERT_EQ(rf(variant, AT_FDCWD, link, self->buf, 100, AT_SYMLINK_NOFOLLOW), -ELOOP);
	ASSERT_EQ(rf(variant, AT_FDCWD, loop, self->buf, 100, 0), -ELOOP);
	/* Intermediate symlinks are still followed with AT_SYMLINK_NOFOLLOW. */
	snprintf(link, sizeof(link), "%s/dirlink", self->dir);
	ASSERT_EQ(symlink(".", link), 0);
	snprintf(link, sizeof(link), "%s/dirlink/hello", self->dir);
	ASSERT_EQ(rf(variant, AT_FDCWD, link, self->buf, 100, AT_SYMLINK_NOFOLLOW),
		  strlen(hello));
}

/* ENOENT, ENOTDIR, EISDIR, ENAMETOOLONG. */
TEST_F(readfile, path_errors)
{
	char p[PATH_MAX + 16];

	snprintf(p, sizeof(p), "%s/missing", self->dir);
	ASSERT_EQ(rf(variant, AT_FDCWD, p, self->buf, 100, 0), -ENOENT);
	ASSERT_EQ(rf(variant, AT_FDCWD, "", self->buf, 100, 0), -ENOENT);
	snprintf(p, sizeof(p), "%s/hello/x", self->dir);
	ASSERT_EQ(rf(variant, AT_FDCWD, p, self->buf, 100, 0), -ENOTDIR);
	ASSERT_EQ(rf(variant, AT_FDCWD, self->dir, self->buf, 100, 0), -EISDIR);
	/* A component longer than NAME_MAX. */
	snprintf(p, sizeof(p), "%s/", self->dir);
	memset(p + strlen(p), 'x', NAME_MAX + 1);
	p[strlen(self->dir) + 1 + NAME_MAX + 1] = '\0';
	ASSERT_EQ(rf(variant, AT_FDCWD, p, self->buf, 100, 0), -ENAMETOOLONG);
	/* A path of PATH_MAX bytes or more. */
	memset(p, '/', PATH_MAX + 8);
	p[PATH_MAX + 8] = '\0';
	ASSERT_EQ(rf(variant, AT_FDCWD, p, self->buf, 100, 0), -ENAMETOOLONG);
}

/* EFAULT for a bad pathname or buffer: unmapped, read-only. */
TEST_F(readfile, bad_pointers)
{
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(ro != MAP_FAILED);
	ASSERT_TRUE(gone != MAP_FAILED);
	ASSERT_EQ(munmap(gone, 4096), 0);
	ASSERT_EQ(rf(variant, AT_FDCWD, NULL, self->buf, 100, 0), -EFAULT);
	ASSERT_EQ(rf(variant, AT_FDCWD, gone, self->buf, 100, 0), -EFAULT);
	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, NULL, 100, 0), -EFAULT);
	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, gone, 100, 0), -EFAULT);
	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, ro, 100, 0), -EFAULT);
	ASSERT_EQ(ro[0], 0);
	ASSERT_EQ(munmap(ro, 4096), 0);
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* "No file descriptor is ever created": the fd table is unchanged. */
TEST_F(readfile, creates_no_fd)
{
	int before, after, nfds = count_fds(), i;

	ASSERT_GT(nfds, 0);
	before = open("/dev/null", O_RDONLY);
	ASSERT_GE(before, 0);
	close(before);
	for (i = 0; i < 200; i++)
		ASSERT_EQ(rf(variant, AT_FDCWD, self->path, self->buf, 100, 0), strlen(hello));
	for (i = 0; i < 50; i++)
		ASSERT_EQ(rf(variant, AT_FDCWD, self->dir, self->buf, 100, 0), -EISDIR);
	/* The lowest free descriptor is still free, and none were added. */
	after = open("/dev/null", O_RDONLY);
	ASSERT_EQ(after, before);
	close(after);
	ASSERT_EQ(count_fds(), nfds);
}

/* procfs seq_file reads come a page at a time: the loop joins them. */
TEST_F(readfile, multi_page_seq_file_equals_read_loop)
{
	char *maps = self->buf + self->bufsize / 2;
	void *regions[256];
	ssize_t n, total = 0;
	int64_t got;
	int fd, i;

	/* Make /proc/self/maps several pages long. */
	for (i = 0; i < 256; i++) {
		regions[i] = mmap(NULL, 4096, (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ASSERT_TRUE(regions[i] != MAP_FAILED);
	}
	fd = open("/proc/self/maps", O_RDONLY);
	ASSERT_GE(fd, 0);
	while ((n = read(fd, maps + total, self->bufsize / 2 - total)) > 0)
		total += n;
	close(fd);
	ASSERT_GT(total, 3 * 4096);
	got = rf(variant, AT_FDCWD, "/proc/self/maps", self->buf, self->bufsize / 2, 0);
	ASSERT_EQ(got, total);
	ASSERT_EQ(memcmp(self->buf, maps, total), 0);
	/* Truncation in the middle of a page of records. */
	ASSERT_EQ(rf(variant, AT_FDCWD, "/proc/self/maps", self->buf, 5000, 0), 5000);
	ASSERT_EQ(memcmp(self->buf, maps, 5000), 0);
	for (i = 0; i < 256; i++)
		munmap(regions[i], 4096);
}

/* A sysfs attribute and a procfs file, compared with read(2). */
TEST_F(readfile, procfs_and_sysfs_equal_read)
{
	static const char * const files[] = { "/proc/version", "/proc/self/status",
				"/sys/kernel/mm/transparent_hugepage/enabled",
				"/sys/devices/system/cpu/online" };
	char ref[8192];
	unsigned int i, compared = 0;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		ssize_t n;
		int fd = open(files[i], O_RDONLY);

		/* Not every kernel has every file; the first two always exist. */
		if (fd < 0 && i >= 2)
			continue;
		ASSERT_GE(fd, 0);
		compared++;
		n = read(fd, ref, sizeof(ref));
		close(fd);
		ASSERT_GT(n, 0);
		if (strstr(files[i], "status")) {
			/* Only the first line is stable across the two reads. */
			n = strchr(ref, '\n') - ref + 1;
			ASSERT_GE(rf(variant, AT_FDCWD, files[i], self->buf, 8192, 0), n);
		} else {
			ASSERT_EQ(rf(variant, AT_FDCWD, files[i], self->buf, 8192, 0), n);
		}
		ASSERT_EQ(memcmp(self->buf, ref, n), 0) {
			TH_LOG("%s differs", files[i]);
		}
	}
	ASSERT_GE(compared, 3);
}

/* "Opened with the permission checks of open(O_RDONLY)": EACCES for nobody. */
TEST_F(readfile, unprivileged_eacces)
{
	char secret[160];
	pid_t pid;
	int status;

	if (geteuid() != 0)
		SKIP(return, "needs root to switch to nobody");
	/* Without CONFIG_MULTIUSER there is no other user to be. */
	if (setresuid(-1, -1, -1) && errno == ENOSYS)
		SKIP(return, "no users but root (setresuid: ENOSYS, CONFIG_MULTIUSER=n)");
	snprintf(secret, sizeof(secret), "%s/secret", self->dir);
	write_file(_metadata, secret, "s3cr3t", 6, 0600);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setresgid(NOBODY, NOBODY, NOBODY) || setresuid(NOBODY, NOBODY, NOBODY))
			_exit(10);
		if (rf(variant, AT_FDCWD, secret, self->buf, 100, 0) != -EACCES)
			_exit(11);
		if (rf(variant, AT_FDCWD, self->path, self->buf, 100, 0) != (int64_t)strlen(hello))
			_exit(12);
		_exit(0);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);
	/* Root may read it, as with open(2). */
	ASSERT_EQ(rf(variant, AT_FDCWD, secret, self->buf, 100, 0), 6);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* "Never blocks indefinitely: on a FIFO it returns promptly." */
TEST_F(readfile, fifo_returns_promptly)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	char fifo[160];
	int rw;

	snprintf(fifo, sizeof(fifo), "%s/fifo", self->dir);
	ASSERT_EQ(mkfifo(fifo, 0644), 0);
	ASSERT_EQ(sigaction(SIGALRM, &sa, NULL), 0);
	alarm(10);	/* a blocking readfile would fail with EINTR */

	/* No writer: end of file at once. */
	ASSERT_EQ(rf(variant, AT_FDCWD, fifo, self->buf, 100, 0), 0);

	/* A writer but no data: EAGAIN, as read(2) on O_NONBLOCK. */
	rw = open(fifo, O_RDWR);
	ASSERT_GE(rw, 0);
	ASSERT_EQ(rf(variant, AT_FDCWD, fifo, self->buf, 100, 0), -EAGAIN);

	/* A writer and data: the data, then it stops instead of waiting. */
	ASSERT_EQ(write(rw, "abc", 3), 3);
	ASSERT_EQ(write(rw, "defg", 4), 4);
	ASSERT_EQ(rf(variant, AT_FDCWD, fifo, self->buf, 100, 0), 7);
	ASSERT_EQ(memcmp(self->buf, "abcdefg", 7), 0);
	/* The data is consumed, as with read(2). */
	ASSERT_EQ(rf(variant, AT_FDCWD, fifo, self->buf, 100, 0), -EAGAIN);
	alarm(0);
	close(rw);
}

/* Files that change size between reads: the result is what one open saw. */
TEST_F(readfile, empty_and_large_regular_files)
{
	char path[160];
	char *data = self->buf + self->bufsize / 2;
	size_t len = 300000, i;

	snprintf(path, sizeof(path), "%s/empty", self->dir);
	write_file(_metadata, path, "", 0, 0644);
	ASSERT_EQ(rf(variant, AT_FDCWD, path, self->buf, 100, 0), 0);

	for (i = 0; i < len; i++)
		data[i] = (char)(i * 31 + 7);
	snprintf(path, sizeof(path), "%s/large", self->dir);
	write_file(_metadata, path, data, len, 0644);
	ASSERT_EQ(rf(variant, AT_FDCWD, path, self->buf, self->bufsize / 2, 0), len);
	ASSERT_EQ(memcmp(self->buf, data, len), 0);
}

#define TRACEFS "/sys/kernel/tracing"

static int write_tracefs(const char *file, const char *val)
{
	char path[256];
	int fd, ret;

	snprintf(path, sizeof(path), TRACEFS "/%s", file);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -1;
	ret = write(fd, val, strlen(val)) == (ssize_t)strlen(val) ? 0 : -1;
	close(fd);
	return ret;
}

static char *read_tracefs(const char *file, char *buf, size_t size)
{
	char path[256];
	ssize_t n, len = 0;
	int fd;

	snprintf(path, sizeof(path), TRACEFS "/%s", file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	while ((n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* The value printed for argument @arg in a "sys_NAME(arg: hex, ...)" line. */
static int trace_arg(const char *line, const char *arg, unsigned long *val)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "%s: ", arg);
	p = strstr(line, key);
	if (!p)
		return -1;
	*val = strtoul(p + strlen(key), NULL, 16);
	return 0;
}

/* The events directory of this variant's syscall, after the usual checks. */
static int trace_event_dir(const char *name, char *dir, size_t size, const char **why)
{
	struct stat st;

	*why = NULL;
	if (geteuid() != 0)
		*why = "tracing needs root";
	if (*why)
		return -1;
	if (stat(TRACEFS "/events", &st))
		mount("nodev", TRACEFS, "tracefs", 0, NULL);
	if (stat(TRACEFS "/events/syscalls", &st)) {
		*why = "no syscall trace events (CONFIG_FTRACE_SYSCALLS=n or no tracefs)";
		return -1;
	}
	snprintf(dir, size, "events/syscalls/sys_enter_%s", name);
	return 0;
}

/*
 * Like every syscall, readfile() has syscalls:sys_enter_readfile and
 * sys_exit_readfile trace events with the C type and name of each argument.
 */
TEST_F(readfile, trace_event_format)
{
	static const char * const fields[] = {
		"field:int dfd;", "field:const char * pathname;",
		"field:char * buf;", "field:size_t bufsize;",
		"field:unsigned int flags;",
	};
	static char text[1 << 16];
	char event[128], file[192];
	const char *why;
	size_t i;

	if (trace_event_dir(variant->name, event, sizeof(event), &why))
		SKIP(return, "%s", why);
	snprintf(file, sizeof(file), "%s/format", event);
	ASSERT_TRUE(!!read_tracefs(file, text, sizeof(text))) {
		TH_LOG("%s/%s missing: the syscall has no metadata", TRACEFS, file);
	}
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		EXPECT_TRUE(!!strstr(text, fields[i])) {
			TH_LOG("%s lacks %s in:\n%s", file, fields[i], text);
		}
	}
}

/* The events record the arguments and the result of real calls. */
TEST_F(readfile, trace_event_records)
{
	static char text[1 << 20];
	char event[128], file[192], *line;
	const char *why;
	unsigned long v;
	int enters = 0, exits = 0;

	/*
	 * A 32-bit task on a 64-bit kernel (ia32 and x32 on x86_64, AArch32
	 * on arm64, ...) makes compat syscalls, which the architectures that
	 * have syscall trace events do not trace.
	 */
	if (sizeof(long) == 4 && is_64bit_kernel())
		SKIP(return, "compat and x32 syscalls are not traced");
	if (trace_event_dir(variant->name, event, sizeof(event), &why))
		SKIP(return, "%s", why);
	ASSERT_EQ(write_tracefs("trace", ""), 0);
	snprintf(file, sizeof(file), "%s/enable", event);
	ASSERT_EQ(write_tracefs(file, "1"), 0);
	snprintf(file, sizeof(file), "events/syscalls/sys_exit_%s/enable", variant->name);
	ASSERT_EQ(write_tracefs(file, "1"), 0);
	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, self->buf, 0x1234, 0), 6);
	ASSERT_EQ(rf(variant, AT_FDCWD, self->path, self->buf, 3, AT_SYMLINK_NOFOLLOW), 3);
	ASSERT_EQ(write_tracefs(file, "0"), 0);
	snprintf(file, sizeof(file), "%s/enable", event);
	ASSERT_EQ(write_tracefs(file, "0"), 0);
	ASSERT_TRUE(!!read_tracefs("trace", text, sizeof(text)));

	/* Two enter records with the arguments, each followed by its exit. */
	snprintf(event, sizeof(event), "sys_%s(", variant->name);
	for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		const char *rec = strstr(line, event);
		char exit_rec[96];

		if (!rec) {
			snprintf(exit_rec, sizeof(exit_rec), "sys_%s -> 0x%x",
				 variant->name, enters == 1 ? 6 : 3);
			if (enters && strstr(line, exit_rec))
				exits++;
			continue;
		}
		enters++;
		ASSERT_LE(enters, 2) {
			TH_LOG("unexpected record: %s", line);
		}
		ASSERT_EQ(trace_arg(rec, "dfd", &v), 0);
		EXPECT_EQ(v, (unsigned long)(uint32_t)AT_FDCWD);
		ASSERT_EQ(trace_arg(rec, "pathname", &v), 0);
		EXPECT_EQ(v, (unsigned long)self->path);
		ASSERT_EQ(trace_arg(rec, "buf", &v), 0);
		EXPECT_EQ(v, (unsigned long)self->buf);
		ASSERT_EQ(trace_arg(rec, "bufsize", &v), 0);
		EXPECT_EQ(v, enters == 1 ? 0x1234UL : 3UL);
		ASSERT_EQ(trace_arg(rec, "flags", &v), 0);
		EXPECT_EQ(v, enters == 1 ? 0UL : (unsigned long)AT_SYMLINK_NOFOLLOW);
	}
	EXPECT_EQ(enters, 2);
	EXPECT_EQ(exits, 2);
}

TEST_HARNESS_MAIN
