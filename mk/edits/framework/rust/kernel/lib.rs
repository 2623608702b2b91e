// rsc-edit: after ^pub mod sync;
#[cfg(CONFIG_HAVE_RUST_SYSCALLS)]
pub mod syscall;
