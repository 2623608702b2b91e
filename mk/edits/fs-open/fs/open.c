/* rsc-edit: after-block ^struct file \*file_open_name\( */
/**
 * file_open_name_at - open a file relative to a directory, without an fd
 *
 * @dfd:	directory file descriptor, or AT_FDCWD
 * @name:	struct filename containing the path to open
 * @flags:	open flags as per the open(2) second argument
 * @mode:	mode for the new file if O_CREAT is set, else ignored
 *
 * Like file_open_name(), but resolves a relative @name against @dfd the
 * way openat(2) does. The file is not installed in the file table.
 *
 * Return: the opened file, or an ERR_PTR().
 */
struct file *file_open_name_at(int dfd, struct filename *name, int flags,
			       umode_t mode)
{
	struct open_flags op;
	struct open_how how = build_open_how(flags, mode);
	int err = build_open_flags(&how, &op);

	if (err)
		return ERR_PTR(err);
	return do_file_open(dfd, name, &op);
}
