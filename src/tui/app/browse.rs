//! The home screen and the records browser: reading, exporting and deleting records.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::filter::{Search, visible};
use super::{
    Action, App, Confirm, Effect, LoadProblems, OpenRecord, Overlay, RecordsState, Reload, Screen, SignOff, step,
};
use super::{InstallPanel, InstallStage};
use crate::document::RecordDocument;
use crate::install::{Checked, InstallError, OfferedKey, TrustError};
use crate::store::StoreError;
use crate::store::{DraftSummary, RecordId, RecordList, RecordSummary};

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
    /// folders changed since the list was read (a save by another process or till).
    pub fn wants_fresh_records(&self, stamp: Option<std::time::SystemTime>) -> Option<Effect> {
        let browsing = matches!(&self.screen, Screen::Records(s) if s.confirm.is_none() && s.reviewing.is_none());
        (browsing && stamp.is_some() && stamp != self.records_stamp).then_some(Effect::LoadRecords)
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
            Action::Install => self.overlay = Some(Overlay::Install(InstallPanel::default())),
            Action::Reload => return Some(Effect::ReloadQuestionnaires),
            Action::Confirm => return self.open_home_item(chosen),
            _ => {}
        }
        None
    }

    /// Keys while installing a file: type its path, then `y` (twice when unsigned); a
    /// file signed with a key not trusted here first offers to trust it (`t`).
    pub(super) fn update_install(&mut self, mut panel: InstallPanel, action: Action) -> Option<Effect> {
        let limit = self.scroll_limit;
        let key = match &mut panel.stage {
            InstallStage::Path => match action {
                Action::Back => PanelKey::Close(None),
                Action::Confirm if panel.path.text().trim().is_empty() => {
                    PanelKey::Say("Type the path of the questionnaire file, or Esc to cancel.")
                }
                Action::Confirm => PanelKey::Ask(Effect::PreviewInstall(crate::text::typed_path(panel.path.text()))),
                _ => {
                    super::interview::edit(&mut panel.path, action);
                    PanelKey::Stay
                }
            },
            InstallStage::Failed(_) => PanelKey::Close(None),
            InstallStage::UnknownKey { file, key } => match action {
                Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                    panel.scroll = super::scroll_panel(panel.scroll, action, limit).unwrap_or(0);
                    PanelKey::Stay
                }
                Action::Trust => PanelKey::Ask(Effect::TrustKey { file: file.clone(), key: key.clone() }),
                Action::Back => PanelKey::Close(Some("The key was not trusted, and nothing was installed.")),
                // Only t trusts and only Esc cancels: a stray key does nothing.
                _ => PanelKey::Stay,
            },
            InstallStage::Checked { preview, unsigned_ok } => {
                confirm_key(preview, unsigned_ok, &mut panel.scroll, limit, action)
            }
        };
        match key {
            PanelKey::Close(said) => {
                self.notice = said.map(str::to_owned).or(self.notice.take());
                return None;
            }
            PanelKey::Say(said) => self.notice = Some(said.into()),
            PanelKey::Stay | PanelKey::Ask(_) => {}
        }
        self.overlay = Some(Overlay::Install(panel));
        match key {
            PanelKey::Ask(effect) => Some(effect),
            _ => None,
        }
    }

    /// What checking the file found, into the panel (if it is still open).
    pub(super) fn previewed(&mut self, result: Result<Box<Checked>, InstallError>) -> Option<Effect> {
        if let Some(Overlay::Install(panel)) = &mut self.overlay {
            panel.scroll = 0;
            panel.stage = match result {
                Ok(preview) => InstallStage::Checked { preview, unsigned_ok: false },
                Err(e) => InstallStage::Failed(e),
            };
        }
        None
    }

    /// The file is signed with a key not trusted here, and that key was found beside it.
    pub(super) fn key_offered(&mut self, file: PathBuf, key: Box<OfferedKey>) -> Option<Effect> {
        if let Some(Overlay::Install(panel)) = &mut self.overlay {
            panel.scroll = 0;
            panel.stage = InstallStage::UnknownKey { file, key };
        }
        None
    }

    /// The key is trusted (or could not be): the file is checked again, now signed by
    /// a trusted key, and shows what installing it would change.
    pub(super) fn key_trusted(
        &mut self,
        file: PathBuf,
        key: &OfferedKey,
        result: Result<PathBuf, TrustError>,
    ) -> Option<Effect> {
        match result {
            Ok(_) => {
                self.notice = Some(format!(
                    "Trusted: files signed with key {} now show as signed by {}.",
                    key.key_id,
                    crate::text::clean(&key.name)
                ));
                Some(Effect::PreviewInstall(file))
            }
            Err(e) => {
                self.overlay = None;
                self.notice = Some(format!("The key was not trusted, and nothing was installed: {e}"));
                None
            }
        }
    }

    pub(super) fn installed(&mut self, result: Result<PathBuf, InstallError>, holidays: bool) -> Option<Effect> {
        self.overlay = None;
        match result {
            Ok(path) => {
                let then =
                    if holidays { "working days are now counted with it" } else { "it is ready on the home screen" };
                self.notice = Some(format!("Installed as {}; {then}.", path.display()));
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
            if matches!(self.overlay, Some(Overlay::LoadProblems(_))) {
                self.overlay = None;
            }
        } else {
            let s = if reload.failed == 1 { " has" } else { "s have" };
            self.notice = Some(format!("Reloaded: {ready}; {} file{s} errors.", reload.failed));
            let problems = LoadProblems { failed: reload.failed, report: reload.report, scroll: 0 };
            self.overlay = Some(Overlay::LoadProblems(problems));
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
        if let Some(signing) = &mut state.reviewing {
            match action {
                Action::Back => state.reviewing = None,
                Action::Confirm if signing.name.text().trim().is_empty() => {
                    self.notice = Some("Type who reviewed it, or Esc to cancel.".into());
                }
                Action::Confirm if crate::text::check_one_line(signing.name.text()).is_err() => {
                    let problem = crate::text::check_one_line(signing.name.text()).err()?;
                    self.notice = Some(format!("The name is refused: {problem}."));
                }
                Action::Confirm => {
                    let name = signing.name.text().trim().to_owned();
                    let id = signing.id.clone();
                    state.reviewing = None;
                    return Some(Effect::ReviewRecord(id, name));
                }
                _ => super::interview::edit(&mut signing.name, action),
            }
            return None;
        }
        if matches!(action, Action::SignOff | Action::Export | Action::Delete | Action::OpenExport) {
            return self.act_on_record(action);
        }
        let unindexed = |records: &RecordList, search: &std::collections::HashMap<PathBuf, String>| {
            records.records.iter().filter(|r| !search.contains_key(&r.path)).map(|r| r.path.clone()).collect()
        };
        if action == Action::Filter && state.open.is_none() && !state.filtering {
            state.filtering = true;
            let paths: Vec<PathBuf> = unindexed(&self.records, &self.search);
            return (!paths.is_empty()).then_some(Effect::IndexRecords(paths));
        }
        let effect = records_action(&self.records, self.today, state, action, self.scroll_limit, &self.search);
        self.keep_selection();
        effect
    }

    /// The record `v`, `e`, `x` and `o` act on: the one open, else the table's chosen
    /// row. `None`, said, when the open record has gone.
    fn record_on_screen(&mut self) -> Option<RecordSummary> {
        let Screen::Records(state) = &self.screen else { return None };
        let id = match &state.open {
            Some(open) if open.gone => {
                self.notice = Some(GONE.into());
                return None;
            }
            Some(open) => open.id.clone(),
            None => match &state.chosen {
                Some(id) => id.clone(),
                None => self.visible_records(state).get(state.selected)?.id.clone(),
            },
        };
        let found = self.records.records.iter().find(|r| r.id == id).cloned();
        if found.is_none() {
            self.notice = Some(GONE.into());
        }
        found
    }

    fn act_on_record(&mut self, action: Action) -> Option<Effect> {
        let record = self.record_on_screen()?;
        let Screen::Records(state) = &mut self.screen else { return None };
        match action {
            Action::SignOff => {
                state.reviewing = Some(SignOff { id: record.id, name: crate::tui::widgets::Editor::default() });
                None
            }
            Action::Export => Some(self.export_effect(record.id)),
            Action::OpenExport => Some(Effect::OpenExport(record.id)),
            Action::Delete => {
                state.confirm = Some(Confirm::Delete(Box::new(record)));
                None
            }
            _ => None,
        }
    }

    /// Puts the table's cursor on the chosen record, wherever it now is; if it has left
    /// the table (filtered out, or gone), on the row where it was.
    fn keep_selection(&mut self) {
        let Screen::Records(state) = &self.screen else { return };
        let visible = self.visible_records(state);
        let at = state.chosen.as_ref().and_then(|id| visible.iter().position(|r| &r.id == id));
        let row = at.unwrap_or(state.selected).min(visible.len().saturating_sub(1));
        let chosen = visible.get(row).map(|r| r.id.clone());
        if let Screen::Records(state) = &mut self.screen {
            state.selected = row;
            state.chosen = chosen;
        }
    }

    pub(super) fn reviewed(&mut self, result: Result<(), StoreError>) -> Option<Effect> {
        self.notice = Some(match result {
            Ok(()) => "Signed off; the review is logged. The record itself is unchanged.".into(),
            Err(e) => format!("The review was not saved: {e}"),
        });
        // The list, then (if it is open) the record, read again with its new review.
        Some(Effect::LoadRecords)
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
            Ok(path) => format!("Exported to {}. Press o to open it.", path.display()),
            Err(e) => format!("The export did not work: {e}"),
        });
        None
    }

    pub(super) fn deleted(&mut self, result: Result<(), StoreError>) -> Option<Effect> {
        if let Screen::Records(state) = &mut self.screen {
            // Deleted here, and said so: the selection moves to the row where it was.
            state.open = None;
            state.chosen = None;
        }
        self.notice = Some(match result {
            Ok(()) => "Record deleted; the deletion is logged.".into(),
            Err(e) => format!("The record was not deleted: {e}"),
        });
        Some(Effect::LoadRecords)
    }

    pub(super) fn purged(&mut self, result: Result<usize, StoreError>) -> Option<Effect> {
        if let Screen::Records(state) = &mut self.screen {
            state.chosen = None;
        }
        self.notice = Some(match result {
            Ok(0) => "No records were past their keep-until date.".into(),
            Ok(1) => "Deleted 1 record; the deletion is logged.".into(),
            Ok(n) => format!("Deleted {n} records; the deletions are logged."),
            // Some may have gone before the failure: the reload shows what is left.
            Err(e) => format!("Not every record past its keep-until date was deleted: {e}"),
        });
        Some(Effect::LoadRecords)
    }

    /// The list read again (after a change here, or a save or deletion elsewhere): the
    /// selection stays on its record; an open record that has gone is said to have gone,
    /// and one still here is read again, with any new sign-off.
    pub(super) fn records_loaded(&mut self, result: Result<RecordList, StoreError>) -> Option<Effect> {
        match result {
            Ok(records) => self.set_records(records),
            Err(e) => {
                let problem = format!("The records could not be read again: {e}");
                self.notice = Some(self.notice.take().map_or(problem.clone(), |n| format!("{n} {problem}")));
                return None;
            }
        }
        let Screen::Records(state) = &mut self.screen else { return None };
        let here = |id: &RecordId| self.records.records.iter().find(|r| &r.id == id);
        let mut reopen = None;
        if let Some(open) = &mut state.open {
            match here(&open.id) {
                Some(record) => reopen = Some(Effect::OpenRecord(record.id.clone(), record.path.clone())),
                None if !open.gone => {
                    open.gone = true;
                    self.notice = Some(GONE.into());
                }
                None => {}
            }
        } else if let Some(id) = &state.chosen
            && here(id).is_none()
        {
            self.notice = Some("The record that was chosen has gone: it was deleted, here or on another till.".into());
        }
        self.keep_selection();
        reopen
    }

    pub(super) fn record_read(&mut self, id: RecordId, document: Result<RecordDocument, StoreError>) -> Option<Effect> {
        // The questionnaire's own word for the verdict, when it is installed here.
        let document =
            document.map(|d| match self.questionnaires.iter().find(|q| q.id.as_str() == d.questionnaire_id) {
                Some(q) => {
                    let word = q.verdict_word(d.verdict).to_owned();
                    d.with_verdict_word(&word)
                }
                None => d,
            });
        let number = self.records.numbers.get(&id).copied();
        let document = document.map(|mut d| {
            if let Some(n) = number {
                d.summary.insert(0, ("Record number", n.to_string()));
            }
            d
        });
        if let Screen::Records(state) = &mut self.screen {
            // Read again while open: stay where the reader was.
            let scroll = state.open.as_ref().filter(|o| o.id == id).map_or(0, |o| o.scroll);
            state.open = Some(OpenRecord { id, document, scroll, gone: false });
        }
        None
    }
}

/// What a key does to the install panel.
enum PanelKey {
    /// Nothing more than it did to the panel.
    Stay,
    /// The panel stays, and this is said.
    Say(&'static str),
    /// The panel stays, and this is done.
    Ask(Effect),
    /// The panel closes, saying this.
    Close(Option<&'static str>),
}

/// Keys at a checked file's changes: only `y` installs (twice when it is unsigned), only
/// Esc cancels, the arrows scroll.
fn confirm_key(preview: &Checked, unsigned_ok: &mut bool, scroll: &mut u16, limit: u16, action: Action) -> PanelKey {
    match action {
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
            *scroll = super::scroll_panel(*scroll, action, limit).unwrap_or(0);
            PanelKey::Stay
        }
        Action::Yes if preview.already() => PanelKey::Close(Some("That exact file is already in use; nothing to do.")),
        Action::Yes if *preview.provenance() == crate::tree::Provenance::Unsigned && !*unsigned_ok => {
            *unsigned_ok = true;
            PanelKey::Stay
        }
        Action::Yes => PanelKey::Ask(Effect::Install(Box::new(preview.clone()))),
        Action::Back => PanelKey::Close(Some("Not installed.")),
        // A stray key does nothing.
        _ => PanelKey::Stay,
    }
}

/// Said when the record on screen is no longer in the records folder.
const GONE: &str = "This record has gone (deleted here or on another till); its keys do nothing.";

fn records_action(
    records: &RecordList,
    today: NaiveDate,
    state: &mut RecordsState,
    action: Action,
    limit: u16,
    search: &Search,
) -> Option<Effect> {
    if let Some(open) = &mut state.open {
        match super::scroll_panel(open.scroll, action, limit) {
            Some(s) => open.scroll = s,
            None => state.open = None,
        }
        return None;
    }
    if state.filtering {
        match action {
            Action::Confirm | Action::Back => state.filtering = false,
            _ => super::interview::edit(&mut state.filter, action),
        }
        return None;
    }
    let visible = visible(records, today, state, search);
    state.selected = step(state.selected, action, visible.len());
    if matches!(action, Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Pick(_)) {
        state.chosen = visible.get(state.selected).map(|r| r.id.clone());
    }
    match action {
        Action::ToggleDue => state.due_only = !state.due_only,
        Action::ToggleUnreviewed => state.unreviewed_only = !state.unreviewed_only,
        Action::Confirm => {
            let record = visible.get(state.selected)?;
            state.chosen = Some(record.id.clone());
            return Some(Effect::OpenRecord(record.id.clone(), record.path.clone()));
        }
        _ => {}
    }
    None
}
