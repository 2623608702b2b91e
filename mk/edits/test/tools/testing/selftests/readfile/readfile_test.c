/* rsc-edit: before ^static const char hello\[\] = */
/* Test kernels: the C twin of readfile answers the same tests at its number. */
FIXTURE_VARIANT_ADD(readfile, c_twin) {
	.nr = READFILE_TWIN_NR,
	.name = READFILE_TWIN_NAME,
};

