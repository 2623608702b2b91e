// rsc-edit: after ^pub mod firmware;
pub mod fs;
