/* rsc-edit: after ^ \* @nb_args: number of parameters it takes$ */
 * @user_arg_is_str: set if the user space memory is a string (Linux 7.2)
 * @user_arg_size: index of the argument with the size of the user memory
 * @user_mask: mask of the arguments that point to user memory (Linux 7.2)
/* rsc-edit: replace ^	int		nb_args;$ */
	/* Linux 7.2's layout, which Rust's syscall metadata initialises. */
	u8		nb_args:7;
	u8		user_arg_is_str:1;
	s8		user_arg_size;
	short		user_mask;
