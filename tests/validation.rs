//! Every validation error and warning, with its exact line, column, message and hint.

use std::path::Path;

use sharecheck::tree::{Origin, load_bytes};

/// (line, col, "error"/"warning", message, help)
type Found = (usize, usize, &'static str, String, Option<String>);

fn diagnostics(yaml: &str) -> Vec<Found> {
    let loaded = load_bytes(Path::new("t.yaml"), yaml.as_bytes(), Origin::Given);
    loaded
        .diagnostics
        .into_iter()
        .map(|d| (d.pos.line(), d.pos.col(), if d.is_error() { "error" } else { "warning" }, d.message, d.help))
        .collect()
}

const HEAD: &str = "id: t\ntitle: T\nversion: \"1\"\nretention: 1 year\n";

fn with_head(body: &str) -> String {
    format!("{HEAD}{body}")
}

const OUTCOMES: &str = "outcomes:\n  - id: done\n    verdict: go\n    title: Done\n    when: otherwise\n";

struct Case {
    name: &'static str,
    yaml: String,
    expect: (usize, usize, &'static str, &'static str, Option<&'static str>),
}

fn case(
    name: &'static str,
    body: &str,
    expect: (usize, usize, &'static str, &'static str, Option<&'static str>),
) -> Case {
    Case { name, yaml: with_head(body), expect }
}

fn cases() -> Vec<Case> {
    vec![
        case(
            "unknown key with suggestion",
            &format!("questions:\n  - id: q1\n    type: yes_no\n    txet: Hello?\n{OUTCOMES}"),
            (8, 5, "error", "unknown key `txet` in a question", Some("did you mean `text`?")),
        ),
        case(
            "missing text",
            &format!("questions:\n  - id: q1\n    type: yes_no\n{OUTCOMES}"),
            (6, 5, "error", "missing `text` in question `q1`", None),
        ),
        case(
            "unknown type",
            &format!("questions:\n  - id: q1\n    type: yesno\n    text: Hi?\n{OUTCOMES}"),
            (7, 11, "error", "unknown question type `yesno`", Some("did you mean `yes_no`?")),
        ),
        case(
            "duplicate question id",
            &format!(
                "questions:\n  - id: q1\n    type: info\n    text: A\n  - id: q1\n    type: info\n    text: B\n{OUTCOMES}"
            ),
            (
                9,
                9,
                "error",
                "duplicate question or outcome id `q1`",
                Some("the first is on line 6; give each a different id"),
            ),
        ),
        case(
            "duplicate option value",
            &format!(
                "questions:\n  - id: q1\n    type: choice\n    text: Pick\n    options:\n      - {{value: a, label: A}}\n      - {{value: a, label: B}}\n{OUTCOMES}"
            ),
            (11, 17, "error", "duplicate option value `a`", Some("the first is on line 10; give each a different id")),
        ),
        case(
            "next names unknown question",
            &format!("questions:\n  - id: in_writing\n    type: info\n    text: A\n    next: in_writting\n{OUTCOMES}"),
            (
                9,
                11,
                "error",
                "`next` names `in_writting`, which is no question or outcome",
                Some("did you mean `in_writing`?"),
            ),
        ),
        case(
            "condition names unknown option",
            &format!(
                "questions:\n  - id: q1\n    type: yes_no\n    text: A?\n  - id: q2\n    type: info\n    text: B\n    show_if: q1 is yess\n{OUTCOMES}"
            ),
            (12, 20, "error", "`yess` is not an option of `q1`", Some("did you mean `yes`?")),
        ),
        case(
            "quoted condition names unknown flag",
            &format!("questions:\n  - id: q1\n    type: info\n    text: A\n    show_if: \"flag urgnt\"\n{OUTCOMES}"),
            (9, 20, "error", "unknown flag `urgnt`", Some("declare it under `flags:`")),
        ),
        case(
            "unknown score in option",
            &format!(
                "scores:\n  - id: interest\nquestions:\n  - id: q1\n    type: yes_no\n    text: A?\n    options:\n      - value: yes\n        scores: {{intrest: 1}}\n{OUTCOMES}"
            ),
            (13, 18, "error", "unknown score `intrest`", Some("did you mean `interest`?")),
        ),
        case(
            "unknown outcome verdict",
            "questions:\n  - id: q1\n    type: info\n    text: A\noutcomes:\n  - id: done\n    verdict: dont_share\n    title: Done\n    when: otherwise\n",
            (11, 14, "error", "unknown verdict `dont_share`", Some("did you mean `do_not_share`?")),
        ),
        case(
            "cycle",
            &format!(
                "questions:\n  - id: q1\n    type: info\n    text: A\n  - id: q2\n    type: info\n    text: B\n    next: q1\n{OUTCOMES}"
            ),
            (
                12,
                11,
                "error",
                "`next` goes back to `q1`, which leads here again: a loop",
                Some("each question is asked once; point `next` at a later question or an outcome"),
            ),
        ),
        case(
            "unreachable question",
            &format!(
                "questions:\n  - id: q1\n    type: info\n    text: A\n    next: done\n  - id: q2\n    type: info\n    text: B\n{OUTCOMES}"
            ),
            (
                10,
                9,
                "error",
                "question `q2` can never be asked: no path leads to it",
                Some("point a `next` at it, or remove it"),
            ),
        ),
        case(
            "dead end",
            "questions:\n  - id: q1\n    type: info\n    text: A\noutcomes:\n  - id: done\n    verdict: go\n    title: Done\n",
            (
                6,
                9,
                "error",
                "a path can end after `q1` without an outcome",
                Some("add an outcome with `when: otherwise`, or point `next` at an outcome"),
            ),
        ),
        case(
            "unreachable outcome is a warning",
            &format!(
                "questions:\n  - id: q1\n    type: info\n    text: A\n{OUTCOMES}  - id: never\n    verdict: go\n    title: Never\n"
            ),
            (
                14,
                9,
                "warning",
                "outcome `never` can never be reached",
                Some("point a `next` at it, or give it a `when` rule"),
            ),
        ),
        case(
            "empty questions",
            &format!("questions: []\n{OUTCOMES}"),
            (
                5,
                12,
                "error",
                "the questionnaire has no questions",
                Some("add at least one question under `questions:`"),
            ),
        ),
        case(
            "key that does not fit the type",
            &format!("questions:\n  - id: q1\n    type: text\n    text: A\n    not_sure: true\n{OUTCOMES}"),
            (
                9,
                5,
                "error",
                "`not_sure` does not apply to a text question (`q1`)",
                Some("remove this line, or change the question's `type`"),
            ),
        ),
        case(
            "yes_no option value",
            &format!(
                "questions:\n  - id: q1\n    type: yes_no\n    text: A?\n    options:\n      - value: not_sure\n{OUTCOMES}"
            ),
            (10, 16, "error", "`not_sure` is not a yes_no answer", Some("add `not_sure: true` to the question")),
        ),
        Case {
            name: "syntax: a tab, on its own line, in plain words",
            yaml: "id: t\nquestions:\n\t- id: q1\n".into(),
            expect: (3, 1, "error", "this line has a tab; YAML needs spaces", Some("replace the tab with spaces")),
        },
        Case {
            name: "syntax: a colon in a title, with the corrected line",
            yaml: "id: t\ntitle: Ask first: do not wait\n".into(),
            expect: (
                2,
                17,
                "error",
                "this text has `: ` in it, which YAML reads as a new `key: value`",
                Some("put the text in quotes: title: \"Ask first: do not wait\""),
            ),
        },
        case(
            "a colon in an action, with the corrected text",
            "questions:\n  - id: q1\n    type: info\n    text: A\noutcomes:\n  - id: done\n    verdict: go\n    title: Done\n    when: otherwise\n    actions:\n      - Ask straight away: do not wait.\n",
            (
                15,
                9,
                "error",
                "this text for `actions` has `: ` in it, which YAML reads as a key",
                Some("put the whole text in quotes: \"Ask straight away: do not wait.\""),
            ),
        ),
        case(
            "a conditional action with a condition that names no flag",
            "questions:\n  - id: q1\n    type: info\n    text: A\noutcomes:\n  - id: done\n    verdict: go\n    title: Done\n    when: otherwise\n    actions:\n      - text: Tidy up\n        when: flag nope\n",
            (16, 20, "error", "unknown flag `nope`", Some("declare it under `flags:`")),
        ),
        case(
            "an unknown key in a conditional action",
            "questions:\n  - id: q1\n    type: info\n    text: A\noutcomes:\n  - id: done\n    verdict: go\n    title: Done\n    when: otherwise\n    actions:\n      - text: Tidy up\n        wehn: flag nope\n",
            (16, 9, "error", "unknown key `wehn` in an action", Some("did you mean `when`?")),
        ),
        case(
            "a section that is not text",
            &format!("questions:\n  - id: q1\n    type: info\n    text: A\n    section: [a, b]\n{OUTCOMES}"),
            (9, 14, "error", "expected text for `section`, found a list", None),
        ),
        case(
            "an empty section",
            &format!("questions:\n  - id: q1\n    type: info\n    text: A\n    section: \"  \"\n{OUTCOMES}"),
            (9, 14, "error", "a `section` is empty", Some("name the part in a few words, such as `About the request`")),
        ),
        case(
            "a section on two lines",
            &format!(
                "questions:\n  - id: q1\n    type: info\n    text: A\n    section: \"About\\nthe request\"\n{OUTCOMES}"
            ),
            (
                9,
                14,
                "error",
                "a `section` is one line",
                Some("name the part in a few words, such as `About the request`"),
            ),
        ),
        case(
            "a section name that is a sentence",
            &format!(
                "questions:\n  - id: q1\n    type: info\n    text: A\n    section: {}\n{OUTCOMES}",
                "About the request, and who made it, and why, and what they want"
            ),
            (
                9,
                14,
                "error",
                "this section name is 63 characters; at most 60",
                Some("name the part in a few words, such as `About the request`"),
            ),
        ),
        case(
            "a section that starts again after another",
            &format!(
                "questions:\n  - id: q1\n    type: info\n    text: A\n    section: Asking\n  - id: q2\n    type: info\n    text: B\n    section: Deciding\n  - id: q3\n    type: info\n    text: C\n    section: Asking\n{OUTCOMES}"
            ),
            (
                17,
                14,
                "warning",
                "section `Asking` starts again at `q3`, after other questions",
                Some(
                    "keep a section's questions next to each other in the file (it is also at `q1`), or give `q3` another section",
                ),
            ),
        ),
        Case {
            name: "syntax: duplicate key",
            yaml: "id: t\nid: u\n".into(),
            expect: (2, 1, "error", "duplicate key `id`: it is already set above", Some("remove one of them")),
        },
    ]
}

#[test]
fn each_problem_is_reported_where_it_is() {
    for c in cases() {
        if c.expect.2.is_empty() {
            continue;
        }
        let found = diagnostics(&c.yaml);
        let (line, col, level, message, help) = c.expect;
        let hit =
            found.iter().find(|f| f.0 == line && f.1 == col && f.2 == level && (message.is_empty() || f.3 == message));
        let Some(hit) = hit else {
            panic!("{}: expected {line}:{col} {level}: {message}\nfound: {found:#?}", c.name);
        };
        if message.is_empty() {
            assert!(!hit.3.is_empty(), "{}", c.name);
            if let Some(help) = help {
                assert_eq!(hit.4.as_deref(), Some(help), "{}", c.name);
            }
        } else {
            assert_eq!(hit.4.as_deref(), help, "{}", c.name);
        }
    }
}

#[test]
fn bad_retention_and_missing_top_level_keys() {
    let found = diagnostics(
        "id: T x\ntitle: T\nretention: forever\nquestions:\n  - id: q1\n    type: info\n    text: A\noutcomes:\n  - id: done\n    verdict: go\n    title: Done\n    when: otherwise\n",
    );
    let messages: Vec<&str> = found.iter().map(|f| f.3.as_str()).collect();
    assert_eq!(
        messages,
        [
            "missing `version` at the top of the questionnaire",
            "questionnaire id `T x` may use only lower-case letters, digits, `_` and `-`",
            "cannot read `forever` as a retention period",
        ]
    );
    assert_eq!((found[2].0, found[2].1), (3, 12));
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let yaml = with_head(
        "questions:\n  - id: q1\n    type: yes_no\n    txet: A?\n  - id: q2\n    type: choise\n    text: B\n    hepl: x\noutcomes:\n  - id: done\n    verdict: go\n    title: Done\n    when: flag nope\n",
    );
    let found = diagnostics(&yaml);
    let lines: Vec<usize> = found.iter().map(|f| f.0).collect();
    assert_eq!(lines, [6, 8, 10, 12, 17], "{found:#?}");
}

#[test]
fn files_that_are_not_text_or_too_big_are_refused() {
    let loaded = load_bytes(Path::new("t.yaml"), b"id: t\ntitle: \xff\xfe\n", Origin::Given);
    let d = &loaded.diagnostics[0];
    assert_eq!((d.pos.line(), d.pos.col(), d.message.as_str()), (2, 8, "the file is not UTF-8 text"));

    let big = vec![b'#'; 1024 * 1024 + 1];
    let loaded = load_bytes(Path::new("t.yaml"), &big, Origin::Given);
    assert_eq!(loaded.diagnostics[0].message, "file is 1024 KiB; questionnaires may be at most 1024 KiB");

    let loaded = load_bytes(Path::new("t.yaml"), b"  \n", Origin::Given);
    assert_eq!(loaded.diagnostics[0].message, "the file is empty");
}

/// Notepad's "Unicode" is UTF-16, with or without a byte-order mark: the message names the
/// encoding to choose instead of pointing at a byte.
#[test]
fn utf16_files_are_refused_with_the_encoding_to_choose() {
    let text = "id: t\r\ntitle: T\r\n";
    let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for bytes in [[&[0xFF, 0xFE][..], &little].concat(), [&[0xFE, 0xFF][..], &big].concat(), little, big] {
        let loaded = load_bytes(Path::new("t.yaml"), &bytes, Origin::Given);
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
        let d = &loaded.diagnostics[0];
        assert_eq!(d.message, "the file is UTF-16 text (what Notepad calls \"Unicode\"), not UTF-8");
        assert!(loaded.render().contains("choose UTF-8 under Encoding"), "{}", loaded.render());
    }
}

#[test]
fn the_fixture_is_valid_and_fingerprinted() {
    let bytes = std::fs::read("tests/fixtures/parcel-photo.yaml").unwrap();
    let loaded = load_bytes(Path::new("tests/fixtures/parcel-photo.yaml"), &bytes, Origin::Given);
    assert!(loaded.diagnostics.is_empty(), "{}", loaded.render());
    let q = loaded.questionnaire.unwrap();
    assert_eq!(q.file.sha256.len(), 64);
    assert_eq!(q.file.sha256, sharecheck::fingerprint::sha256_hex(&bytes));
    assert_eq!(q.questions.len(), 7);
}

#[test]
fn lints_warn_about_likely_mistakes() {
    let yaml = with_head(
        "sources:\n  - id: hta\n    title: HTA guide\n  - id: unused\n    title: Never cited\nflags:\n  - id: never\n    severity: note\n    message: Never raised.\n  - id: unread\n    severity: stop\n    message: Stop, but nobody reads it.\nscores:\n  - id: unread_score\n  - id: read_score\nquestions:\n  - id: q1\n    type: choice\n    text: Pick\n    help: Help. Source HTA.\n    sources: [hta]\n    options:\n      - {value: a, label: A, flags: [unread]}\n      - {value: b, label: B}\n      - {value: c, label: This label is far too long to be read comfortably on an eighty column screen}\n  - id: q2\n    type: yes_no\n    text: No help here?\n    options:\n      - {value: yes, scores: {unread_score: 1}}\noutcomes:\n  - id: done\n    verdict: go\n    title: Done\n    when: score read_score > 1\n  - id: other\n    verdict: get_advice\n    title: Other\n    when: otherwise\n",
    );
    let found: Vec<(usize, usize, String)> =
        diagnostics(&yaml).into_iter().filter(|f| f.2 == "warning").map(|f| (f.0, f.1, f.3)).collect();
    assert_eq!(
        found,
        [
            (8, 9, "source `unused` is listed but nothing cites it".to_owned()),
            (11, 9, "flag `never` is never raised".to_owned()),
            (14, 9, "stop flag `unread` is raised but no outcome or rule reads it".to_owned()),
            (18, 9, "score `unread_score` is never read by a condition".to_owned()),
            (19, 9, "score `read_score` is never added to".to_owned()),
            (29, 17, "option `c` of `q1` changes nothing that `b` does not".to_owned()),
            (29, 27, "this option label is 76 characters; at most 72 fit an 80-column screen".to_owned()),
            (30, 9, "question `q2` has no `help`".to_owned()),
        ]
    );
}

#[test]
fn a_follow_on_that_is_not_installed_is_a_warning() {
    let dir = tempfile::TempDir::new().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/parcel-photo.yaml").unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        text.replace("follow_on: legitimate-interests", "follow_on: legitimate-interest"),
    )
    .unwrap();
    let catalog = sharecheck::catalog::Catalog::load(&sharecheck::catalog::Locations {
        user_folder: None,
        given_folder: Some(dir.path().to_path_buf()),
        keys_folder: None,
    });
    let file = catalog.files.iter().find(|f| f.path.ends_with("p.yaml")).unwrap();
    let d = &file.diagnostics[0];
    assert_eq!(d.message, "outcome `share` suggests `legitimate-interest`, which is not installed");
    assert_eq!(d.help.as_deref(), Some("did you mean `legitimate-interests`?"));
    assert_eq!(d.pos.line(), text.lines().position(|l| l.contains("follow_on:")).unwrap() + 1);
    assert!(catalog.get("parcel-photo").is_some(), "a warning does not stop it loading");
}

#[test]
fn a_condition_on_a_question_never_asked_before_is_a_warning() {
    let yaml = with_head(
        "questions:\n  - id: a\n    type: info\n    text: A\n    show_if: b is yes\n  - id: b\n    type: yes_no\n    text: B\n    help: h\n    next:\n      - if: b is no and c is answered\n        goto: done\n  - id: c\n    type: text\n    text: C\n    help: h\noutcomes:\n  - id: done\n    verdict: go\n    title: Done\n    when: otherwise\n",
    );
    let found: Vec<(usize, usize, String)> =
        diagnostics(&yaml).into_iter().filter(|f| f.2 == "warning").map(|f| (f.0, f.1, f.3)).collect();
    assert_eq!(
        found,
        [
            (9, 14, "this condition names `b`, which is never asked before `a`".to_owned()),
            (15, 13, "this condition names `c`, which is never asked before `b`".to_owned()),
        ]
    );
}

#[test]
fn an_option_marked_recorded_only_is_not_reported_as_changing_nothing() {
    let question = |mark: &str| {
        with_head(&format!(
            "questions:\n  - id: q1\n    type: choice\n    text: A?\n    help: h\n    options:\n      - value: a\n        label: A\n        next: done\n      - value: b\n        label: B\n      - value: c\n        label: C\n{mark}{OUTCOMES}"
        ))
    };
    let warned = |yaml: &str| diagnostics(yaml).into_iter().any(|f| f.3.contains("changes nothing that"));
    assert!(warned(&question("")), "without the mark, `c` is reported");
    assert!(!warned(&question("        recorded_only: true\n")), "with it, not");
}

const TEXTS: &str = "id: t
title: T
version: \"1\"
retention: 1 year
values:
  - id: reply_by
    is: received_on + 1 month
flags:
  - id: late
    severity: note
    message: Reply by {reply_by}
    help: The month ends on {reply_by}.
    when: reply_by before today
questions:
  - id: received_on
    type: date
    text: When did {requester} ask?
    help: Count from the day it came in; reply by {reply_by}.
  - id: requester
    type: text
    max_length: 30
    text: Who asked?
    help: h
  - id: ok
    type: yes_no
    text: Can you reply by {reply_by}?
    help: h
    options:
      - value: \"yes\"
        label: Yes, by {reply_by}
        help: Then say so to {requester}.
      - value: \"no\"
        label: \"No\"
        help: h
outcomes:
  - id: done
    verdict: go
    title:
      - when: flag late
        text: Late for {requester}
      - text: Reply by {reply_by}
    explanation:
      - when: ok is no
        text: Ask for more time before {reply_by}.
      - text: Send it by {reply_by}.
    help: The law gives one month from {received_on}.
    when: otherwise
    actions:
      - Reply to {requester} by {reply_by}.
";

/// A placeholder may name a value or a question in every text a member reads; a name
/// that does not exist is an error wherever it is, pointing at that text.
#[test]
fn an_unknown_placeholder_is_an_error_in_every_kind_of_text() {
    assert_eq!(diagnostics(TEXTS), [], "every placeholder here exists");
    let places = [
        "Reply by {reply_by}\n    help: The month",
        "The month ends on {reply_by}.",
        "When did {requester} ask?",
        "reply by {reply_by}.\n  - id: requester",
        "Can you reply by {reply_by}?",
        "Yes, by {reply_by}",
        "Then say so to {requester}.",
        "Late for {requester}",
        "text: Reply by {reply_by}\n    explanation",
        "Ask for more time before {reply_by}.",
        "Send it by {reply_by}.",
        "one month from {received_on}.",
        "Reply to {requester} by {reply_by}.",
    ];
    for text in places {
        let at = TEXTS.find(text).unwrap_or_else(|| panic!("{text}"));
        let line = TEXTS[..at].matches('\n').count() + 1;
        let broken = TEXTS.replacen(text, &text.replacen('{', "{nobody_", 1), 1);
        let found = diagnostics(&broken);
        let errors: Vec<&Found> = found.iter().filter(|d| d.2 == "error").collect();
        assert_eq!(errors.len(), 1, "{text}: {found:?}");
        assert_eq!(errors[0].0, line, "{text}: {found:?}");
        assert!(errors[0].3.starts_with("unknown value or question `{nobody_"), "{text}: {found:?}");
    }
}

#[test]
fn titles_that_depend_on_answers_end_with_one_for_every_other_case() {
    let all_when = TEXTS
        .replace("      - text: Reply by {reply_by}\n", "      - when: ok is yes\n        text: Reply by {reply_by}\n");
    let found = diagnostics(&all_when);
    assert_eq!(found[0].3, "the last `title` has a `when`, so none may fit", "{found:?}");
    let early = TEXTS.replace(
        "      - when: flag late\n        text: Late for {requester}\n",
        "      - text: Late for {requester}\n",
    );
    let found = diagnostics(&early);
    assert!(found.iter().any(|d| d.3 == "only the last `title` may leave out `when`"), "{found:?}");
}

#[test]
fn the_line_check_fills_placeholders_at_their_longest() {
    // 35 characters as written, 71 with a name of at most 30 and a date of 27: fits.
    assert!(diagnostics(TEXTS).is_empty());
    let long = TEXTS.replace(
        "Reply to {requester} by {reply_by}.",
        "Reply in writing, by post or email, by {reply_by}, to the address.",
    );
    let found = diagnostics(&long);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].3,
        "this action is 83 characters with its placeholders filled; at most 72 fit an 80-column screen"
    );
    // A text answer prints at its `max_length`.
    let name = TEXTS.replace("    max_length: 30\n", "    max_length: 80\n");
    let found = diagnostics(&name);
    assert!(found.iter().any(|d| d.3.starts_with("this outcome title is 89 characters")), "{found:?}");
}

#[test]
fn named_step_lists_are_used_by_outcomes_and_checked() {
    let body = String::from(
        "step_lists:\n  - id: contain\n    steps:\n      - Remove the post.\n      - text: Ask for it back.\n        when: ok is no\n\
         questions:\n  - id: ok\n    type: yes_no\n    text: OK?\n    help: h\n\
         outcomes:\n  - id: a\n    verdict: go\n    title: A\n    when: ok is yes\n    actions:\n      - use: contain\n      - Then report it.\n\
         \x20 - id: b\n    verdict: go\n    title: B\n    when: otherwise\n    actions:\n      - use: contian\n",
    );
    let found = diagnostics(&with_head(&body));
    assert_eq!(
        found,
        [(29, 14, "error", "unknown list of steps `contian`".to_owned(), Some("did you mean `contain`?".to_owned()))]
    );
    let unused = body.replace("use: contian", "Report it.").replace("      - use: contain\n", "");
    let found = diagnostics(&with_head(&unused));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0, found[0].2, found[0].3.as_str()),
        (6, "warning", "list of steps `contain` is used by no outcome")
    );
}

/// The ```yaml blocks of a Markdown file, each with the line it starts on, unindented
/// by its fence's indentation.
fn yaml_blocks(path: &str) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut blocks = Vec::new();
    let mut open: Option<(usize, usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        match &mut open {
            None if line.trim_start() == "```yaml" => open = Some((i + 2, indent, String::new())),
            Some((_, fence, _)) if line.trim_start() == "```" && indent == *fence => {
                let (start, _, body) = open.take().unwrap();
                blocks.push((start, body));
            }
            Some((_, fence, body)) => {
                body.push_str(line.get(*fence..).unwrap_or(""));
                body.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// Every YAML example in the format reference and the authoring guide is checked, so the
/// docs cannot drift: a whole questionnaire loads with no error and no warning, a
/// scenario file passes against the docs' questionnaire of its id, a bank-holidays file
/// reads with no mistake, and a fragment is at least YAML.
#[test]
fn every_yaml_block_in_the_docs_is_checked() {
    use std::sync::Arc;

    use sharecheck::scenario::ScenarioFile;
    use sharecheck::scenario::suite::{self, run_file};

    let mut questionnaires: Vec<Arc<sharecheck::tree::Questionnaire>> = Vec::new();
    let mut scenario_files = Vec::new();
    let mut fragments = 0;
    for doc in ["docs/questionnaire-format.md", "docs/authoring.md"] {
        for (line, block) in yaml_blocks(doc) {
            let at = format!("{doc}:{line}");
            let top = |key: &str| block.lines().any(|l| l.starts_with(&format!("{key}:")));
            if top("scenarios") {
                scenario_files.push((at, block));
            } else if top("id") && top("questions") {
                let loaded = load_bytes(Path::new(&at), block.as_bytes(), Origin::Given);
                assert!(loaded.diagnostics.is_empty(), "{at}:\n{}", loaded.render());
                questionnaires.extend(loaded.questionnaire);
            } else if top("kind") && sharecheck::tree::holidays::is_holidays_text(&block) {
                // A bank-holidays file: it reads with no mistake.
                let read = sharecheck::tree::holidays::load_bytes(Path::new(&at), block.as_bytes(), Origin::Given);
                read.unwrap_or_else(|report| panic!("{at}:\n{}", report.render()));
                fragments += 1;
            } else {
                sharecheck::tree::yaml::parse(&block).unwrap_or_else(|e| panic!("{at}: {e:?}"));
                fragments += 1;
            }
        }
    }
    assert!(questionnaires.len() >= 2 && scenario_files.len() >= 2 && fragments >= 5);
    for (at, text) in scenario_files {
        let file = ScenarioFile::parse(Path::new(&at), &text).unwrap_or_else(|e| panic!("{e}"));
        let find = |id: &str| questionnaires.iter().find(|q| q.id.0 == id).cloned();
        assert!(find(&file.questionnaire).is_some(), "{at}: no questionnaire `{}` in the docs", file.questionnaire);
        let report = run_file(&file, &find, chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        let (text, ok) = suite::render(std::slice::from_ref(&report));
        assert!(ok, "{at}:\n{text}");
    }
}
#[test]
fn yes_and_no_answers_listed_no_first_are_a_warning() {
    let yaml = with_head(
        "questions:\n  - id: q1\n    type: choice\n    text: Pick\n    help: Help.\n    options:\n      - {value: \"no\", label: \"No\"}\n      - {value: told, label: \"Yes, and they said why\"}\n  - id: q2\n    type: yes_no\n    text: Pick\n    help: Help.\n    options:\n      - {value: \"no\", label: \"No\"}\n      - {value: \"yes\", label: \"Yes\"}\n  - id: q3\n    type: choice\n    text: Pick\n    help: Help.\n    options:\n      - {value: a, label: \"Yes, all of it\"}\n      - {value: b, label: \"No, none\"}\n",
    ) + OUTCOMES;
    let found: Vec<(usize, usize, String)> = diagnostics(&yaml)
        .into_iter()
        .filter(|f| f.2 == "warning" && f.3.contains("No answer before"))
        .map(|f| (f.0, f.1, f.3))
        .collect();
    assert_eq!(
        found,
        [
            (11, 17, "`q1` lists a No answer before a Yes answer".to_owned()),
            (18, 17, "`q2` lists a No answer before a Yes answer".to_owned()),
        ]
    );
}

/// A questionnaire may not take the bank-holidays file's id: installed, it would replace it.
#[test]
fn the_bank_holidays_id_is_kept_for_the_bank_holidays_file() {
    let body = format!("questions:\n  - id: q1\n    type: yes_no\n    text: Hi?\n    help: h\n{OUTCOMES}");
    let found = diagnostics(&format!("{}{body}", HEAD.replacen("id: t", "id: bank-holidays", 1)));
    let errors: Vec<&Found> = found.iter().filter(|d| d.2 == "error").collect();
    assert_eq!(
        errors,
        [&(
            1,
            5,
            "error",
            "the id `bank-holidays` is kept for the bank-holidays file".to_owned(),
            Some("choose another id for the questionnaire".to_owned())
        )]
    );
}
