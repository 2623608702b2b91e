// rsc-edit: after ^pub mod types;
/// `AsBytes` and `FromBytes` where Linux 7.2 has them.
pub mod transmute {
    pub use crate::types::{AsBytes, FromBytes};
}
// rsc-edit: after ^pub mod firmware;
pub mod fs;
