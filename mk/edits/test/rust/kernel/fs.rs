// rsc-edit: after ^pub mod filename;
pub mod open;
