//! The questionnaire format: reading YAML, validating it, and the typed result.
//! Nothing here draws on the terminal or writes to disk.

pub(crate) mod condition;
pub(crate) mod diagnostic;
pub mod diagram;
pub(crate) mod diff;
pub(crate) mod graph;
pub mod holidays;
pub(crate) mod lint;
pub(crate) mod load;
pub(crate) mod model;
pub(crate) mod raw;
pub mod schema;
pub(crate) mod validate;
pub(crate) mod value;
pub mod yaml;

pub use diagnostic::Diagnostic;
pub use load::{Loaded, load_bytes, load_file};
pub use model::*;
