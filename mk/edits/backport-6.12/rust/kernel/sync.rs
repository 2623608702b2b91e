// rsc-edit: after ^pub mod lock;
/// Where Linux 7.2 has `ARef` and `AlwaysRefCounted`.
pub mod aref {
    pub use crate::types::{ARef, AlwaysRefCounted};
}
