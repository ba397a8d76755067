//! One interview: answers, where we are, back and edit, flags, scores, the outcome
//! and the why-trace. Pure logic over a validated questionnaire; no terminal, no disk.

pub mod answer;
pub(crate) mod calendar;
pub mod carry;
pub(crate) mod eval;
pub(crate) mod example;
pub(crate) mod session;
pub mod trace;

pub use answer::{Answer, AnswerError};
pub use session::{Dropped, Progress, Session, SessionState};
pub(crate) use trace::Trace;
