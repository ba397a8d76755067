//! One interview: answers, where we are, back and edit, flags, scores, the outcome
//! and the why-trace. Pure logic over a validated questionnaire; no terminal, no disk.

pub mod answer;
pub mod calendar;
pub mod carry;
pub mod eval;
pub mod example;
pub mod session;
pub mod trace;

pub use answer::{Answer, AnswerError};
pub use session::{Dropped, Progress, Session, SessionState};
pub use trace::Trace;
