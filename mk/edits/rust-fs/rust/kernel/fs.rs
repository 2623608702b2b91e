// rsc-edit: after ^pub mod file;
pub mod filename;
