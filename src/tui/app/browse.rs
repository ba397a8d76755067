//! The home screen and the records browser: reading, exporting and deleting records.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Action, App, Confirm, Effect, LoadProblems, RecordsState, Reload, Screen, step};
use crate::document::RecordDocument;
use crate::store::StoreError;
use crate::store::{DraftSummary, RecordList, RecordSummary};

/// What a row of the home screen opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeItem {
    Questionnaire(usize),
    Draft(usize),
    Records,
}

impl App {
    pub fn home_items(&self) -> impl Iterator<Item = HomeItem> {
        (0..self.questionnaires.len())
            .map(HomeItem::Questionnaire)
            .chain((0..self.drafts.len()).map(HomeItem::Draft))
            .chain([HomeItem::Records])
    }

    /// Records whose keep-until date has passed.
    pub fn due_records(&self) -> usize {
        self.records.records.iter().filter(|r| r.keep_until < self.today).count()
    }

    /// The records table as filtered, newest first.
    pub fn visible_records(&self, state: &RecordsState) -> Vec<&RecordSummary> {
        visible(&self.records, self.today, state, &self.search)
    }

    /// Whether the records list should be read again: the browser is showing and the
    /// folders changed since it was read (a save by another process or till).
    pub fn wants_fresh_records(&mut self, stamp: Option<std::time::SystemTime>) -> Option<Effect> {
        let browsing = matches!(&self.screen, Screen::Records(s) if s.confirm.is_none() && s.reviewing.is_none());
        if stamp.is_none() || stamp == self.records_stamp {
            return None;
        }
        let first = self.records_stamp.is_none();
        self.records_stamp = stamp;
        (browsing && !first).then_some(Effect::LoadRecords)
    }

    pub(super) fn show_home(
        &mut self,
        drafts: Vec<DraftSummary>,
        records: RecordList,
        problem: Option<String>,
    ) -> Option<Effect> {
        self.drafts = drafts;
        self.set_records(records);
        // What was just done (a discard, say) stays said, unless there is a problem to say.
        self.notice = problem.or(self.notice.take());
        // The cursor on the newest draft, if there is one to go on with.
        let selected = if self.drafts.is_empty() { 0 } else { self.questionnaires.len() };
        self.screen = Screen::Home { selected, discarding: false };
        None
    }

    fn set_records(&mut self, mut records: RecordList) {
        records.records.sort_by_key(|r| std::cmp::Reverse(r.completed_at));
        self.records = records;
    }

    pub(super) fn go_home(&mut self) -> Option<Effect> {
        self.screen = Screen::Home { selected: 0, discarding: false };
        self.notice = None;
        Some(Effect::LoadHome)
    }

    pub(super) fn update_home(&mut self, action: Action) -> Option<Effect> {
        let Screen::Home { selected, discarding } = &mut self.screen else { return None };
        if std::mem::take(discarding) {
            // Only `y` goes ahead; any other key has already cancelled.
            let draft = selected.checked_sub(self.questionnaires.len()).and_then(|i| self.drafts.get(i));
            return match (action, draft) {
                (Action::Yes, Some(draft)) => Some(Effect::DiscardDraft(draft.id.clone())),
                _ => None,
            };
        }
        let len = self.questionnaires.len() + self.drafts.len() + 1;
        *selected = step(*selected, action, len);
        let chosen = *selected;
        match action {
            Action::Delete if matches!(self.home_items().nth(chosen), Some(HomeItem::Draft(_))) => {
                if let Screen::Home { discarding, .. } = &mut self.screen {
                    *discarding = true;
                }
            }
            Action::Leave => self.quit = true,
            Action::OpenRecords => self.screen = Screen::Records(RecordsState::default()),
            Action::Install => self.install = Some(super::InstallPanel::default()),
            Action::Reload => return Some(Effect::ReloadQuestionnaires),
            Action::Confirm => return self.open_home_item(chosen),
            _ => {}
        }
        None
    }

    /// Keys while installing a file: type its path, then `y` (twice when unsigned).
    pub(super) fn update_install(&mut self, action: Action) -> Option<Effect> {
        let panel = self.install.as_mut()?;
        match &panel.preview {
            None => match action {
                Action::Back => self.install = None,
                Action::Confirm if panel.path.text().trim().is_empty() => {
                    self.notice = Some("Type the path of the questionnaire file, or Esc to cancel.".into());
                }
                Action::Confirm => {
                    return Some(Effect::PreviewInstall(crate::text::typed_path(panel.path.text())));
                }
                _ => super::interview::edit(&mut panel.path, action),
            },
            Some(Err(_)) => self.install = None,
            Some(Ok(preview)) => match action {
                Action::Yes if preview.already => {
                    self.install = None;
                    self.notice = Some("That exact file is already in use; nothing to do.".into());
                }
                Action::Yes if preview.provenance == crate::tree::Provenance::Unsigned && !panel.unsigned_ok => {
                    panel.unsigned_ok = true;
                }
                Action::Yes => return Some(Effect::Install(preview.clone())),
                _ => {
                    self.install = None;
                    self.notice = Some("Not installed.".into());
                }
            },
        }
        None
    }

    pub(super) fn installed(&mut self, result: Result<PathBuf, String>) -> Option<Effect> {
        self.install = None;
        match result {
            Ok(path) => {
                self.notice = Some(format!("Installed as {}; it is ready on the home screen.", path.display()));
                Some(Effect::LoadCatalog)
            }
            Err(e) => {
                self.notice = Some(format!("It was not installed: {e}"));
                None
            }
        }
    }

    /// The questionnaires read after the first screen was drawn. Files with mistakes
    /// are mentioned, not opened: the member came to start a check.
    pub(super) fn catalog_loaded(&mut self, reload: Reload) -> Option<Effect> {
        self.questionnaires = reload.questionnaires;
        if reload.failed > 0 {
            let s = if reload.failed == 1 { " has" } else { "s have" };
            let said = format!("{} questionnaire file{s} mistakes: press R to see them.", reload.failed);
            self.notice = Some(self.notice.take().map_or(said.clone(), |n| format!("{n} {said}")));
        }
        if let Screen::Home { selected, .. } = &mut self.screen {
            // The cursor stays on the draft it was put on, now further down.
            if !self.drafts.is_empty() && *selected == 0 {
                *selected = self.questionnaires.len();
            }
        }
        None
    }

    /// Takes the freshly read questionnaires; the ones that loaded are usable at once,
    /// and the files that failed open in the problems panel.
    pub(super) fn reloaded(&mut self, reload: Reload) -> Option<Effect> {
        self.questionnaires = reload.questionnaires;
        let len = self.home_items().count();
        if let Screen::Home { selected, .. } = &mut self.screen {
            *selected = (*selected).min(len.saturating_sub(1));
        }
        let ready = self.questionnaires.len();
        let ready = format!("{ready} questionnaire{} ready", if ready == 1 { "" } else { "s" });
        if reload.failed == 0 {
            self.notice = Some(format!("Reloaded: {ready}."));
            self.load_problems = None;
        } else {
            let s = if reload.failed == 1 { " has" } else { "s have" };
            self.notice = Some(format!("Reloaded: {ready}; {} file{s} errors.", reload.failed));
            self.load_problems = Some(LoadProblems { failed: reload.failed, report: reload.report, scroll: 0 });
        }
        None
    }

    fn open_home_item(&mut self, index: usize) -> Option<Effect> {
        let chosen = self.home_items().nth(index)?;
        match chosen {
            HomeItem::Questionnaire(i) => Some(Effect::Begin(self.questionnaires[i].clone())),
            HomeItem::Draft(i) => Some(Effect::Resume(self.drafts[i].id.clone())),
            HomeItem::Records => {
                self.screen = Screen::Records(RecordsState::default());
                None
            }
        }
    }

    pub(super) fn update_records(&mut self, action: Action) -> Option<Effect> {
        let Screen::Records(state) = &mut self.screen else { return None };
        // What the last export or deletion did stays on screen until the next key.
        self.notice = None;
        if let Some(confirm) = state.confirm.take() {
            // Only `y` goes ahead; any other key has already cancelled.
            if action != Action::Yes {
                return None;
            }
            return Some(match confirm {
                Confirm::Delete(record) => Effect::DeleteRecord(record),
                Confirm::DeleteDue(_) => Effect::PurgeExpired(self.today),
            });
        }
        if action == Action::Back && state.open.is_none() && !state.filtering && state.reviewing.is_none() {
            let records_row = self.questionnaires.len() + self.drafts.len();
            self.screen = Screen::Home { selected: records_row, discarding: false };
            return None;
        }
        if action == Action::DeleteDue {
            return self.ask_delete_due();
        }
        if let Some(name) = &mut state.reviewing {
            match action {
                Action::Back => state.reviewing = None,
                Action::Confirm if name.text().trim().is_empty() => {
                    self.notice = Some("Type who reviewed it, or Esc to cancel.".into());
                }
                Action::Confirm => {
                    let name = name.text().trim().to_owned();
                    state.reviewing = None;
                    let id = selected(&self.records, self.today, state, &self.search)?.id.clone();
                    return Some(Effect::ReviewRecord(id, name));
                }
                _ => super::interview::edit(name, action),
            }
            return None;
        }
        if action == Action::SignOff {
            if selected(&self.records, self.today, state, &self.search).is_some() {
                state.reviewing = Some(crate::tui::widgets::Editor::default());
            }
            return None;
        }
        let unindexed = |records: &RecordList, search: &std::collections::HashMap<PathBuf, String>| {
            records.records.iter().filter(|r| !search.contains_key(&r.path)).map(|r| r.path.clone()).collect()
        };
        if action == Action::Filter && state.open.is_none() && !state.filtering {
            state.filtering = true;
            let paths: Vec<PathBuf> = unindexed(&self.records, &self.search);
            return (!paths.is_empty()).then_some(Effect::IndexRecords(paths));
        }
        records_action(&self.records, self.today, state, action, self.scroll_limit, &self.search)
    }

    pub(super) fn reviewed(&mut self, result: Result<(), StoreError>) -> Option<Effect> {
        self.notice = Some(match result {
            Ok(()) => "Signed off; the review is logged. The record itself is unchanged.".into(),
            Err(e) => format!("The review was not saved: {e}"),
        });
        let reopen = match &self.screen {
            Screen::Records(state) if state.open.is_some() => {
                selected(&self.records, self.today, state, &self.search).map(|r| r.path.clone())
            }
            _ => None,
        };
        match reopen {
            Some(path) => Some(Effect::OpenRecord(path)),
            None => Some(Effect::LoadRecords),
        }
    }

    /// `X` in the due-only view: asks before deleting every record that is due.
    fn ask_delete_due(&mut self) -> Option<Effect> {
        let due = self.due_records();
        let Screen::Records(state) = &mut self.screen else { return None };
        if !state.due_only {
            return None;
        }
        if due == 0 {
            self.notice = Some("No records are past their keep-until date.".into());
        } else {
            state.confirm = Some(Confirm::DeleteDue(due));
        }
        None
    }

    /// After an export from the outcome screen or the records browser.
    pub(super) fn discarded(&mut self, result: Result<(), StoreError>) -> Option<Effect> {
        self.notice = Some(match result {
            Ok(()) => "Draft discarded; the discard is logged.".into(),
            Err(e) => format!("The draft was not discarded: {e}"),
        });
        Some(Effect::LoadHome)
    }

    pub(super) fn exported(&mut self, result: Result<PathBuf, StoreError>) -> Option<Effect> {
        self.notice = Some(match result {
            Ok(path) => {
                let said = format!("Exported to {}. Press o to open it.", path.display());
                self.last_export = Some(path);
                said
            }
            Err(e) => format!("The export did not work: {e}"),
        });
        None
    }

    pub(super) fn deleted(&mut self, result: Result<(), StoreError>) -> Option<Effect> {
        if let Screen::Records(state) = &mut self.screen {
            state.open = None;
        }
        self.notice = Some(match result {
            Ok(()) => "Record deleted; the deletion is logged.".into(),
            Err(e) => format!("The record was not deleted: {e}"),
        });
        Some(Effect::LoadRecords)
    }

    pub(super) fn purged(&mut self, result: Result<usize, StoreError>) -> Option<Effect> {
        self.notice = Some(match result {
            Ok(0) => "No records were past their keep-until date.".into(),
            Ok(1) => "Deleted 1 record; the deletion is logged.".into(),
            Ok(n) => format!("Deleted {n} records; the deletions are logged."),
            // Some may have gone before the failure: the reload shows what is left.
            Err(e) => format!("Not every record past its keep-until date was deleted: {e}"),
        });
        Some(Effect::LoadRecords)
    }

    /// The list after a deletion; the selection stays in range.
    pub(super) fn records_loaded(&mut self, result: Result<RecordList, StoreError>) -> Option<Effect> {
        match result {
            Ok(records) => self.set_records(records),
            Err(e) => {
                let problem = format!("The records could not be read again: {e}");
                self.notice = Some(self.notice.take().map_or(problem.clone(), |n| format!("{n} {problem}")));
            }
        }
        let Screen::Records(state) = &self.screen else { return None };
        let last = self.visible_records(state).len().saturating_sub(1);
        if let Screen::Records(state) = &mut self.screen {
            state.selected = state.selected.min(last);
        }
        None
    }

    pub(super) fn record_read(&mut self, document: Result<RecordDocument, StoreError>) -> Option<Effect> {
        if let Screen::Records(state) = &mut self.screen {
            state.open = Some((document.map_err(|e| e.to_string()), 0));
        }
        None
    }
}

type Search = std::collections::HashMap<PathBuf, String>;

/// The records the quick filters and the typed filter leave: like fzf, case does not
/// matter and every word typed must be found, in what the table shows (verdict words,
/// who decided, reference, title, "reviewed") or anywhere in the record once read.
fn visible<'a>(
    records: &'a RecordList,
    today: NaiveDate,
    state: &RecordsState,
    search: &Search,
) -> Vec<&'a RecordSummary> {
    let needle = state.filter.text().to_lowercase();
    let words: Vec<&str> = needle.split_whitespace().collect();
    records
        .records
        .iter()
        .filter(|r| !state.due_only || r.keep_until < today)
        .filter(|r| !state.unreviewed_only || !r.reviewed)
        .filter(|r| {
            if words.is_empty() {
                return true;
            }
            let shown = record_text(r);
            let full = search.get(&r.path);
            words.iter().all(|w| shown.contains(w) || full.is_some_and(|t| t.contains(w)))
        })
        .collect()
}

/// The record the table's selection is on (also the one open, if any).
fn selected<'a>(
    records: &'a RecordList,
    today: NaiveDate,
    state: &RecordsState,
    search: &Search,
) -> Option<&'a RecordSummary> {
    visible(records, today, state, search).get(state.selected).copied()
}

fn records_action(
    records: &RecordList,
    today: NaiveDate,
    state: &mut RecordsState,
    action: Action,
    limit: u16,
    search: &Search,
) -> Option<Effect> {
    match action {
        Action::Export => return Some(Effect::ExportRecord(selected(records, today, state, search)?.id.clone())),
        Action::Delete => {
            state.confirm = selected(records, today, state, search).map(|r| Confirm::Delete(Box::new(r.clone())));
            return None;
        }
        _ => {}
    }
    if let Some((_, scroll)) = &mut state.open {
        match super::scroll_panel(*scroll, action, limit) {
            Some(s) => *scroll = s,
            None => state.open = None,
        }
        return None;
    }
    if state.filtering {
        match action {
            Action::Confirm | Action::Back => state.filtering = false,
            _ => super::interview::edit(&mut state.filter, action),
        }
        state.selected = 0;
        return None;
    }
    let len = visible(records, today, state, search).len();
    state.selected = step(state.selected, action, len);
    match action {
        Action::ToggleDue => {
            state.due_only = !state.due_only;
            state.selected = 0;
        }
        Action::ToggleUnreviewed => {
            state.unreviewed_only = !state.unreviewed_only;
            state.selected = 0;
        }
        Action::Confirm => return Some(Effect::OpenRecord(selected(records, today, state, search)?.path.clone())),
        _ => {}
    }
    None
}

/// What the table shows of a record, lower-cased, for the filter.
fn record_text(r: &RecordSummary) -> String {
    format!(
        "{} {} {} {} {} {} {} {}",
        r.completed_at.format("%Y-%m-%d %H:%M"),
        r.questionnaire_title,
        r.reference.as_deref().unwrap_or_default(),
        r.verdict.key(),
        r.verdict.word(),
        r.decided_by.as_deref().unwrap_or_default(),
        if r.reviewed { "reviewed signed-off" } else { "awaiting-review" },
        r.keep_until
    )
    .to_lowercase()
}
