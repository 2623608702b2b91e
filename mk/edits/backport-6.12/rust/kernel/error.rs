// rsc-edit: after ^    declare_err!\(ENOGRACE,
    declare_err!(EOVERFLOW, "Value too large for defined data type.");
