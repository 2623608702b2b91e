// rsc-edit: after ^pub mod arg;
pub mod compat;
pub mod extensible;
// rsc-edit: after ^pub mod meta;
pub mod registration;
pub mod signature;
pub mod string;
// rsc-edit: after ^        \$crate::__syscall_trace_metadata!\(\$name, \[
        $crate::__syscall_signature!(concat!("sys_", stringify!($name)), [$($arg: $ty),*]);
