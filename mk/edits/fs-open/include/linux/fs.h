/* rsc-edit: after ^extern struct file \*file_open_name\( */
struct file *file_open_name_at(int dfd, struct filename *name, int flags,
			       umode_t mode);
