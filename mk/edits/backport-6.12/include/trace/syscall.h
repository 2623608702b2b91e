/* rsc-edit: replace ^	int		nb_args;$ */
	/*
	 * The layout of Linux 7.2, which can record user arguments: Rust's
	 * syscall metadata is written against it.
	 */
	u8		nb_args:7;
	u8		user_arg_is_str:1;
	s8		user_arg_size;
	short		user_mask;
