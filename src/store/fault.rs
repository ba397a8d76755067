//! Failure injection for crash-safety tests: every step of every write the store
//! makes goes through [`Faults::check`], and a test can make the Nth step fail, fill
//! the disk from the Nth write on, or "crash" there (that step and every later one
//! fails, so no clean-up runs: what a killed process leaves behind).

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What happens at the chosen step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// That one step fails; clean-up after it works.
    Fail,
    /// That write and every later write fails with "no space left on device" (a write
    /// that fails writes half its bytes first); renames, removals and truncation work.
    DiskFull,
    /// That step and every later one fails, as if the process was killed there.
    Crash,
}

/// The kind of step, so a full disk fails only the steps that need space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StepKind {
    /// Creating or writing a file.
    Write,
    /// Syncing, renaming, removing, truncating, locking.
    Other,
}

/// A plan of faults shared by the clones of a store; none in normal use.
#[derive(Debug, Clone, Default)]
pub struct Faults(Option<Arc<Plan>>);

#[derive(Debug)]
struct Plan {
    at: usize,
    kind: FaultKind,
    steps: AtomicUsize,
}

impl Faults {
    /// Faults from step `at` (0-based) on, of the given kind.
    pub fn at(at: usize, kind: FaultKind) -> Faults {
        Faults(Some(Arc::new(Plan { at, kind, steps: AtomicUsize::new(0) })))
    }

    /// Whether the planned fault has been reached.
    pub fn fired(&self) -> bool {
        self.0.as_ref().is_some_and(|p| p.steps.load(Ordering::SeqCst) > p.at)
    }

    /// Counts one step of `kind`, named `what`; fails it if the plan says so.
    pub(crate) fn check(&self, kind: StepKind, what: &str) -> io::Result<()> {
        let Some(plan) = &self.0 else { return Ok(()) };
        let n = plan.steps.fetch_add(1, Ordering::SeqCst);
        let hit = match plan.kind {
            FaultKind::Fail => n == plan.at,
            FaultKind::DiskFull => n >= plan.at && kind == StepKind::Write,
            FaultKind::Crash => n >= plan.at,
        };
        if !hit {
            return Ok(());
        }
        Err(match plan.kind {
            FaultKind::DiskFull => io::Error::new(io::ErrorKind::StorageFull, "no space left on device (injected)"),
            FaultKind::Fail | FaultKind::Crash => io::Error::other(format!("injected fault at step {n}: {what}")),
        })
    }

    /// Whether a failing write should leave half its bytes behind (a full disk or a
    /// crash mid-write), rather than none.
    pub(crate) fn is_torn_write(&self) -> bool {
        self.0.as_ref().is_some_and(|p| p.kind != FaultKind::Fail)
    }
}
