/* rsc-edit: append */
#ifdef __NR_readfile
__NR_readfile,
#endif
