/* rsc-edit: before ^SYSCALL_DEFINE4\(openat2, */
#ifdef CONFIG_RUST_OPENAT2
/*
 * openat2(2) is fs/openat2.rs; this one stays reachable as openat2_c, at a
 * test-only number, so that tests compare the two in one boot.
 */
SYSCALL_DEFINE4(openat2_c, int, dfd, const char __user *, filename,
		struct open_how __user *, how,
		size_t, usize)
#else
/* rsc-edit: after ^\t\tstruct open_how __user \*, how, size_t, usize\)$ */
#endif
/* rsc-edit: append */

#ifdef CONFIG_RUST
/**
 * do_file_open_flags - do_file_open() with the fields of struct open_flags
 * @dfd:	directory file descriptor, or AT_FDCWD
 * @name:	the path to open
 * @open_flag:	open_flags.open_flag
 * @mode:	open_flags.mode
 * @acc_mode:	open_flags.acc_mode
 * @intent:	open_flags.intent
 * @lookup_flags: open_flags.lookup_flags
 *
 * For Rust, which builds what build_open_flags() builds; struct open_flags
 * is private to fs/.
 *
 * Return: the opened file, or an ERR_PTR().
 */
struct file *do_file_open_flags(int dfd, struct filename *name, int open_flag,
				umode_t mode, int acc_mode, int intent,
				int lookup_flags)
{
	struct open_flags op = {
		.open_flag = open_flag,
		.mode = mode,
		.acc_mode = acc_mode,
		.intent = intent,
		.lookup_flags = lookup_flags,
	};

	return do_file_open(dfd, name, &op);
}
#endif
