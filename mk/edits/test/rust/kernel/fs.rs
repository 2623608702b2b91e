// rsc-edit: after ^pub mod file;
pub mod filename;
pub mod open;
