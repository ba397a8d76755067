//! The home screen and the records browser.

use chrono::NaiveDate;

use super::{Action, App, Effect, LoadProblems, RecordsState, Reload, Screen, step};
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
        visible(&self.records, self.today, state)
    }

    pub(super) fn show_home(
        &mut self,
        drafts: Vec<DraftSummary>,
        records: RecordList,
        problem: Option<String>,
    ) -> Option<Effect> {
        self.drafts = drafts;
        self.records = records;
        self.records.records.sort_by_key(|r| std::cmp::Reverse(r.completed_at));
        self.notice = problem;
        self.interview = None;
        self.screen = Screen::Home { selected: 0 };
        None
    }

    pub(super) fn go_home(&mut self) -> Option<Effect> {
        self.interview = None;
        self.screen = Screen::Home { selected: 0 };
        Some(Effect::LoadHome)
    }

    pub(super) fn update_home(&mut self, action: Action) -> Option<Effect> {
        let Screen::Home { selected } = &mut self.screen else { return None };
        let len = self.questionnaires.len() + self.drafts.len() + 1;
        *selected = step(*selected, action, len);
        let chosen = *selected;
        match action {
            Action::Leave => self.quit = true,
            Action::OpenRecords => self.screen = Screen::Records(RecordsState::default()),
            Action::Reload => return Some(Effect::ReloadQuestionnaires),
            Action::Confirm => return self.open_home_item(chosen),
            _ => {}
        }
        None
    }

    /// Takes the freshly read questionnaires; the ones that loaded are usable at once,
    /// and the files that failed open in the problems panel.
    pub(super) fn reloaded(&mut self, reload: Reload) -> Option<Effect> {
        self.questionnaires = reload.questionnaires;
        let len = self.home_items().count();
        if let Screen::Home { selected } = &mut self.screen {
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
        if action == Action::Back && state.open.is_none() && !state.filtering {
            let records_row = self.questionnaires.len() + self.drafts.len();
            self.screen = Screen::Home { selected: records_row };
            return None;
        }
        records_action(&self.records, self.today, state, action)
    }

    pub(super) fn record_read(&mut self, text: Result<String, String>) -> Option<Effect> {
        if let Screen::Records(state) = &mut self.screen {
            state.open = Some((text, 0));
        }
        None
    }
}

fn visible<'a>(records: &'a RecordList, today: NaiveDate, state: &RecordsState) -> Vec<&'a RecordSummary> {
    let needle = state.filter.text().trim().to_lowercase();
    records
        .records
        .iter()
        .filter(|r| !state.due_only || r.keep_until < today)
        .filter(|r| needle.is_empty() || record_text(r).contains(&needle))
        .collect()
}

fn records_action(records: &RecordList, today: NaiveDate, state: &mut RecordsState, action: Action) -> Option<Effect> {
    if let Some((_, scroll)) = &mut state.open {
        match super::scroll_panel(*scroll, action) {
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
    let len = visible(records, today, state).len();
    state.selected = step(state.selected, action, len);
    match action {
        Action::Filter => state.filtering = true,
        Action::ToggleDue => {
            state.due_only = !state.due_only;
            state.selected = 0;
        }
        Action::Confirm => {
            let path = visible(records, today, state).get(state.selected)?.path.clone();
            return Some(Effect::OpenRecord(path));
        }
        _ => {}
    }
    None
}

fn record_text(r: &RecordSummary) -> String {
    format!(
        "{} {} {} {} {} {}",
        r.completed_at.format("%Y-%m-%d %H:%M"),
        r.questionnaire_title,
        r.reference.as_deref().unwrap_or_default(),
        r.verdict,
        r.verdict.replace('_', " "),
        r.keep_until
    )
    .to_lowercase()
}
