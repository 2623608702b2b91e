/* rsc-edit: after ^		const struct open_flags \*op\);$ */
/* The name Linux 7.2 gives do_filp_open(). */
static inline struct file *do_file_open(int dfd, struct filename *pathname,
					const struct open_flags *op)
{
	return do_filp_open(dfd, pathname, op);
}
