/* rsc-edit: after ^extern struct file \*file_open_name\( */
struct file *do_file_open_flags(int dfd, struct filename *name, int open_flag,
				umode_t mode, int acc_mode, int intent,
				int lookup_flags);
