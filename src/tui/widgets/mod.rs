//! Small building blocks shared by the screens: a line editor and word wrapping.

pub mod editor;
pub mod textbox;
pub mod wrap;

pub use editor::Editor;
pub use wrap::{clean, wrap};
