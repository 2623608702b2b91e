// rsc-edit: after ^pub mod sync;
pub mod syscall;
