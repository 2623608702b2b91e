// rsc-edit: after ^pub use super::current;$

// As in Linux 7.2.
pub use super::{str::CStrExt as _, uaccess::UserPtr};
