//! sharecheck: question trees that guide a decision to share personal data, and the
//! records that show how it was made.
#![forbid(unsafe_code)]

pub mod catalog;
pub mod cli;
pub(crate) mod document;
pub mod engine;
pub mod export;
pub mod fingerprint;
pub(crate) mod html;
pub(crate) mod install;
pub(crate) mod interview;
pub(crate) mod plain;
pub mod report;
pub mod scenario;
pub mod store;
pub mod text;
pub mod tree;
pub(crate) mod trust;
pub(crate) mod tui;
