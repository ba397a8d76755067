//! The questionnaire format: reading YAML, validating it, and the typed result.
//! Nothing here draws on the terminal or writes to disk.

pub mod condition;
pub mod diagnostic;
pub mod diagram;
pub mod diff;
pub mod graph;
pub mod holidays;
pub mod lint;
pub mod load;
pub mod model;
pub mod raw;
pub mod schema;
pub mod validate;
pub mod value;
pub mod yaml;

pub use diagnostic::Diagnostic;
pub use load::{Loaded, load_bytes, load_file};
pub use model::*;
