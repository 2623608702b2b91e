// rsc-edit: after ^    declare_err!\(EOVERFLOW,
    declare_err!(ENAMETOOLONG, "File name too long.");
