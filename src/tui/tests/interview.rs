//! One interview: the details, questions of every kind, going back, the review and the draft.

use super::*;

#[test]
fn details_come_first_and_the_name_is_remembered() {
    let mut h = Harness::run_parcel();
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Details(_))));
    h.keys(&[Enter]);
    assert!(matches!(&h.app.screen, Screen::Interview(_, Step::Details(f)) if f.error.is_some()), "a name is required");
    h.through_details();
    assert_eq!(h.question_id().as_deref(), Some("intro"));
    assert_eq!(h.store.last_decider.borrow().as_deref(), Some("AB"));
    let decider = h.app.interview().unwrap().decider().clone();
    assert_eq!(decider.reference.as_deref(), Some("CR/123"));
    assert_eq!(h.store.drafts.borrow().len(), 1, "the draft is saved once details are given");
}

#[test]
fn a_whole_interview_saves_a_record_and_removes_the_draft() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter]);
    h.answer("who_in_photo", "adult").answer("police_told", "yes").answer("audience", "local");
    h.answer("crime_ref", "CR/1");
    h.answer("when_seen", "32/13/2026");
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.error.as_ref().map(ToString::to_string).unwrap_or_default().contains("cannot read"))
    );
    for _ in 0..10 {
        h.keys(&[KeyCode::Backspace]);
    }
    h.typed("1/11/2026").keys(&[Enter, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))), "all answered: review");
    assert_eq!(h.store.drafts.borrow().len(), 1);
    let rows = h.app.review_rows();
    for _ in 0..rows {
        h.keys(&[Down]);
    }
    h.keys(&[Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Outcome(_))));
    assert_eq!(h.store.records.borrow().len(), 1);
    assert_eq!(h.store.records.borrow()[0].verdict, Verdict::Go);
    assert!(h.store.drafts.borrow().is_empty(), "the draft goes once the record is saved");
    h.keys(&[Enter]);
    assert!(matches!(h.app.screen, Screen::Home { .. }));
    assert_eq!(h.app.records.records.len(), 1);
}

#[test]
fn esc_goes_back_keeping_answers() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, THREE, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("police_told"));
    h.keys(&[Esc]);
    assert_eq!(h.question_id().as_deref(), Some("who_in_photo"));
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.selected == Some(2)),
        "the answer is pre-filled"
    );
    h.keys(&[KeyCode::Left, Esc]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Details(_))), "before the first question: the details");
}

#[test]
fn a_failed_save_keeps_the_review_with_a_message() {
    let store = Fake { refuse_records: true, ..Fake::default() };
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    h.through_details().keys(&[Enter, TWO, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))));
    let rows = h.app.review_rows();
    h.keys(&[KeyCode::PageDown; 3]);
    assert_eq!(rows, 3);
    h.keys(&[Enter]);
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Review(r)) if r.error.as_ref().map(ToString::to_string).unwrap_or_default().contains("disk is full"))
    );
}

#[test]
fn an_edit_from_review_returns_to_review_and_drops_answers() {
    let mut h = Harness::run_parcel();
    h.through_details()
        .keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter])
        .keys(&[Enter])
        .typed("2026-11-01")
        .keys(&[Enter, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))));
    // The cursor starts on the first answer, row 2, "who is in the photo?", not the
    // information page; its number opens it. Change it to "a child can be seen".
    assert!(matches!(&h.app.screen, Screen::Interview(_, Step::Review(r)) if r.selected == 1));
    h.keys(&[TWO]);
    assert_eq!(h.question_id().as_deref(), Some("who_in_photo"));
    h.keys(&[KeyCode::Char('2'), Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))));
    let dropped: Vec<String> = h.app.interview().unwrap().dropped().iter().map(|d| d.question.0.clone()).collect();
    assert!(dropped.contains(&"police_told".to_owned()), "{dropped:?}");
    insta::assert_snapshot!("review_dropped_stop_flag_80x24", h.screen(80, 24));
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Review(r)) if r.selected == 1),
        "back on the row changed"
    );

    // Change it back: the answers the first change took away are offered again.
    h.keys(&[Enter]);
    assert!(h.screen(80, 24).contains("changing your answer"), "{}", h.screen(80, 24));
    h.keys(&[KeyCode::Char('1'), Enter]);
    assert_eq!(h.question_id().as_deref(), Some("police_told"));
    h.keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("audience"));
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.selected == Some(1)),
        "the earlier answer (the shops next door) is chosen again"
    );
}

#[test]
fn end_goes_to_finish_on_the_review() {
    let mut h = Harness::run_parcel();
    h.through_details()
        .keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter, Enter])
        .typed("2026-11-01")
        .keys(&[Enter, Enter]);
    h.keys(&[KeyCode::End]);
    let rows = h.app.review_rows();
    assert!(matches!(&h.app.screen, Screen::Interview(_, Step::Review(r)) if r.selected + 1 == rows));
    assert!(h.footer().contains("End finish row"), "{}", h.footer());
    h.keys(&[Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Outcome(_))), "one key to Finish, one to save");
}

#[test]
fn ctrl_c_quits_and_the_draft_resumes_where_it_stopped() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, THREE, Enter]);
    let quit = Action::from_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL), h.app.mode());
    assert_eq!(quit, Some(Action::Quit));
    h.app.update(Action::Quit);
    assert!(h.app.quit);
    let store = std::mem::take(&mut h.store);
    let mut again = Harness::new(Start::Home, store);
    assert_eq!(again.app.drafts.len(), 1);
    again.keys(&[KeyCode::Char('3'), Enter]);
    assert_eq!(again.question_id().as_deref(), Some("police_told"));
    again.keys(&[Esc]);
    assert!(matches!(&again.app.screen, Screen::Interview(_, Step::Question(f)) if f.selected == Some(2)));
}

#[test]
fn ctrl_c_keeps_text_typed_but_not_yet_answered() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, ONE, Enter, ONE, Enter, ONE, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("crime_ref"));
    h.typed("CR/42");
    let effect = h.app.update(Action::Quit);
    drive(&mut h.app, &h.store, effect);
    assert!(h.app.quit);
    let store = std::mem::take(&mut h.store);
    let mut again = Harness::new(Start::Home, store);
    again.keys(&[KeyCode::Char('3'), Enter]);
    assert_eq!(again.question_id().as_deref(), Some("crime_ref"));
    assert!(matches!(&again.app.screen, Screen::Interview(_, Step::Question(f)) if f.editor.text() == "CR/42"));
    again.keys(&[Enter]);
    assert_eq!(again.question_id().as_deref(), Some("when_seen"));
}

#[test]
fn an_information_page_footer_offers_only_continue() {
    let mut h = Harness::run_parcel();
    h.through_details();
    assert_eq!(h.question_id().as_deref(), Some("intro"));
    let last = h.screen(80, 24).lines().last().unwrap_or_default().to_owned();
    assert!(last.contains("Enter continue") && !last.contains("choose"), "{last}");
}

#[test]
fn multi_and_number_questions() {
    let mut h = Harness::new(Start::Questionnaire(kinds()), Fake::default());
    h.through_details();
    assert_eq!(h.app.mode(), crate::tui::action::Mode::Ticks);
    h.keys(&[KeyCode::Char(' '), Down, Down, KeyCode::Char(' '), Enter]);
    assert!(
        matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.error.as_ref().map(ToString::to_string).unwrap_or_default().contains("None of these"))
    );
    h.keys(&[KeyCode::Char(' '), Enter]);
    assert_eq!(h.question_id().as_deref(), Some("age"));
    h.typed("12.5").keys(&[Enter]);
    insta::assert_snapshot!("number_error_80x24", h.screen(80, 24));
    h.keys(&[KeyCode::Home, KeyCode::Delete, KeyCode::End, KeyCode::Backspace, KeyCode::Backspace]);
    h.keys(&[Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Review(_))));
    let review = h.screen(80, 24);
    assert!(review.contains("Outcome: ⚑ Get advice first: Ask first about someone aged 2"), "rendered: {review}");
    assert!(!review.contains('{'), "no placeholder left: {review}");
}

#[test]
fn a_date_can_be_today_and_the_date_understood_is_shown() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("when_seen"));
    h.typed("yesterday");
    let screen = h.screen(80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    let bottom = lines.iter().position(|l| l.contains('└')).expect("the box");
    assert!(lines[bottom + 1].contains("= Saturday 21 November 2026"), "right under the box: {screen}");
    h.keys(&[KeyCode::Char('u')]);
    assert!(h.screen(80, 24).contains("Not a date yet"), "{}", h.screen(80, 24));
    for _ in 0.."yesterdayu".len() {
        h.keys(&[KeyCode::Backspace]);
    }
    h.typed("today").keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("notes"), "today is accepted");
    let draft = h.store.drafts.borrow()[0].clone();
    let when = draft.state.answers.iter().find(|(q, _)| q.as_str() == "when_seen").map(|(_, a)| a.clone());
    assert_eq!(when, Some(crate::engine::Answer::Date(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())));
}

#[test]
fn the_last_name_is_offered_and_only_y_takes_it() {
    let store = Fake::default();
    *store.last_decider.borrow_mut() = Some("Sam".into());
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    let Screen::Interview(_, Step::Details(form)) = &h.app.screen else { panic!("details first") };
    assert_eq!(form.name.text(), "", "not filled in: the next person at the till may be someone else");
    assert!(h.screen(80, 24).contains("Last used on this computer: Sam. Is that you?"), "{}", h.screen(80, 24));
    h.keys(&[Enter, Enter]);
    let Screen::Interview(_, Step::Details(form)) = &h.app.screen else { panic!("still the details") };
    assert_eq!((form.name.text(), form.on_reference), ("", false), "Enter on an empty box takes nobody's name");
    assert!(h.screen(80, 24).contains("or press y if you are Sam"), "{}", h.screen(80, 24));
    h.keys(&[KeyCode::Char('y')]);
    let Screen::Interview(_, Step::Details(form)) = &h.app.screen else { panic!("still the details") };
    assert_eq!((form.name.text(), form.on_reference), ("Sam", true));
    h.keys(&[Enter]);
    assert_eq!(h.app.interview().unwrap().decider().decided_by, "Sam");

    // Someone else types their own name: the offer goes as the first letter is typed.
    let store = Fake::default();
    *store.last_decider.borrow_mut() = Some("Sam".into());
    let mut h = Harness::new(Start::Questionnaire(parcel()), store);
    h.typed("Yasmin").keys(&[Enter, Enter]);
    assert_eq!(h.app.interview().unwrap().decider().decided_by, "Yasmin");
}

#[test]
fn quitting_mid_interview_says_whether_a_draft_was_kept() {
    let mut h = Harness::run_parcel();
    assert_eq!(h.app.farewell(), Some("Nothing was saved: the interview had not started."));
    h.through_details();
    assert_eq!(h.app.farewell(), Some("Draft kept: resume it from the home screen (run sharecheck)."));
}

#[test]
fn notes_hold_several_lines_with_alt_enter_and_pasted_line_breaks() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter, ONE, Enter, ONE, Enter, TWO, Enter, Enter]).typed("2026-11-01").keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("notes"));
    assert!(h.footer().contains("Alt-Enter new line"), "{}", h.footer());
    h.typed("Tall man");
    let alt_enter = Action::from_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT), h.app.mode());
    assert_eq!(alt_enter, Some(Action::NewLine));
    h.app.update(Action::NewLine);
    h.typed("red coat");
    h.app.paste("\r\nleft by the back door");
    let screen = h.screen(80, 24);
    assert!(screen.contains("Tall man") && screen.contains("red coat"), "{screen}");
    h.keys(&[Enter]);
    let draft = h.store.drafts.borrow()[0].clone();
    let notes = draft.state.answers.iter().find(|(q, _)| q.as_str() == "notes").map(|(_, a)| a.clone());
    let expected = "Tall man\nred coat\nleft by the back door";
    assert_eq!(notes, Some(crate::engine::Answer::Text(expected.into())));
}

/// No option is chosen until the member moves or types a number: Enter alone asks for
/// an answer, and answers nothing.
#[test]
fn nothing_is_chosen_until_the_member_moves_and_enter_alone_says_choose_an_answer() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("who_in_photo"));
    assert!(!h.screen(80, 24).contains('›'), "no option marked: {}", h.screen(80, 24));
    h.keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("who_in_photo"), "nothing answered");
    assert!(h.screen(80, 24).contains("choose an answer"), "{}", h.screen(80, 24));
    h.keys(&[KeyCode::Char('9')]);
    assert!(matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.selected.is_none()), "no option 9");
    h.keys(&[Down]);
    assert!(!h.screen(80, 24).contains("choose an answer"), "the error goes once an option is chosen");
    assert!(matches!(&h.app.screen, Screen::Interview(_, Step::Question(f)) if f.selected == Some(0)));
    h.keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("police_told"));
    h.keys(&[Enter]);
    assert_eq!(h.question_id().as_deref(), Some("police_told"), "a yes/no question too");
}

/// A reference longer than a line can hold is refused at the details, with the reason.
#[test]
fn a_reference_too_long_is_refused_at_the_details() {
    let mut h = Harness::run_parcel();
    h.typed("AB").keys(&[Enter]);
    h.app.paste(&"7".repeat(250));
    h.keys(&[Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Details(_))), "still the details");
    assert!(h.screen(80, 24).contains("The reference is refused: it is 250 characters long"), "{}", h.screen(80, 24));
}

/// A message belongs to the screen that raised it: it goes when the member moves on,
/// and an input error goes as soon as the input is valid.
#[test]
fn messages_stay_with_the_screen_that_raised_them() {
    let mut h = Harness::run_parcel();
    h.through_details().keys(&[Enter]);
    h.app.paste("3");
    assert!(h.app.notice.as_deref().is_some_and(|n| n.starts_with("Pasting does not answer a choice")));
    h.keys(&[ONE, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("police_told"));
    assert_eq!(h.app.notice, None, "the paste message stayed with its question");

    h.keys(&[ONE, Enter, TWO, Enter]);
    assert_eq!(h.question_id().as_deref(), Some("crime_ref"));
    h.keys(&[Enter]).typed("32/1/2026").keys(&[Enter]);
    assert!(h.screen(80, 24).contains("cannot read"), "{}", h.screen(80, 24));
    h.keys(&[KeyCode::End, KeyCode::Backspace]);
    assert!(h.screen(80, 24).contains("cannot read"), "32/1/202 is still no date");
    h.typed("6");
    assert!(h.screen(80, 24).contains("cannot read"), "32/1/2026 again");
    h.keys(&[KeyCode::Home, KeyCode::Delete]);
    assert!(!h.screen(80, 24).contains("cannot read"), "2/1/2026 is a date: {}", h.screen(80, 24));

    h.keys(&[Enter, Enter]);
    h.keys(&[KeyCode::End, Enter]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Outcome(_))));
    h.keys(&[KeyCode::Char('e')]);
    assert!(h.app.notice.as_deref().is_some_and(|n| n.starts_with("Exported to")));
    h.keys(&[KeyCode::Char('a')]);
    assert!(matches!(h.app.screen, Screen::Interview(_, Step::Details(_))));
    assert_eq!(h.app.notice, None, "the export message stayed with the outcome");
}
