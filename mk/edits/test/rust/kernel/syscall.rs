// rsc-edit: after ^pub mod arg;
pub mod compat;
pub mod extensible;
// rsc-edit: after ^pub mod meta;
pub mod registration;
pub mod string;
