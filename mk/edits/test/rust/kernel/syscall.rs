// rsc-edit: after ^pub mod user;
pub mod compat;
pub mod extensible;
pub mod registration;
pub mod string;
