//! The police phone-call journey at 80×24, counted: a caller says he is PC Smith and
//! wants yesterday's CCTV; the member checks, hands over the footage and saves the
//! record. Keys (Enter, digits, arrows, Space, End) and typed characters are counted
//! as the real binary is driven in a pseudo-terminal; the figures are printed by
//! `cargo test --test journey -- --nocapture`. With
//! `SHARECHECK_BEFORE_BIN` set to an older build, the same journey is driven there the
//! way it was answered then (Enter alone took option 1).

mod pty;

use pty::{ENTER, Pty};

const BIN: &str = env!("CARGO_BIN_EXE_sharecheck");
const END: &str = "\x1b[F";

struct Driver {
    p: Pty,
    keys: usize,
    chars: usize,
    /// Option 1 was chosen until the member moved: Enter alone took it.
    first_preselected: bool,
}

impl Driver {
    fn key(&mut self, k: &str) {
        self.p.send(k);
        self.keys += 1;
    }

    fn text(&mut self, t: &str) {
        self.p.send(t);
        self.chars += t.chars().count();
    }

    /// Waits for `question`, then answers it with the option that reads `label`, by
    /// its number on screen (so a reordered questionnaire keeps the journey).
    fn choose(&mut self, question: &str, label: &str) {
        self.p.wait_for(question);
        self.p.wait_for(label);
        let screen = self.p.screen();
        let n: usize = screen
            .lines()
            .find_map(|line| {
                let (number, text) = line.trim_start_matches(['›', ' ']).split_once(". ")?;
                text.trim_end().starts_with(label).then(|| number.trim().parse().ok()).flatten()
            })
            .unwrap_or_else(|| panic!("no option `{label}` on screen:\n{screen}"));
        if !(self.first_preselected && n == 1) {
            self.key(&n.to_string());
        }
        self.key(ENTER);
    }

    /// Waits for `question`, then types `answer` and Enter.
    fn write(&mut self, question: &str, answer: &str) {
        self.p.wait_for(question);
        self.text(answer);
        self.key(ENTER);
    }
}

fn journey(bin: &str, first_preselected: bool) -> (usize, usize) {
    let data = tempfile::tempdir().unwrap();
    let p = Pty::spawn(bin, data.path(), &["run", "police-request"]);
    let mut d = Driver { p, keys: 0, chars: 0, first_preselected };
    d.write("Who is making this decision?", "AB");
    d.text("CR/2026/1234");
    d.key(ENTER);
    d.p.wait_for("This checks a police request");
    d.key(ENTER);
    d.choose("Is anyone's life or safety at risk right now?", "No");
    d.write("Name, rank or role", "PC Smith 1234, Anytown police station");
    d.choose("Which kind of body are they from?", "The police");
    d.choose("Have you checked that they really are the police?", "Yes: I rang 101");
    d.write("What exactly are they asking for?", "Yesterday's CCTV of the till, 14:00 to 15:00");
    d.choose("Is there a court order, a warrant", "No: they are asking for my help");
    d.choose("Which law or power did they say", "The \"crime exemption\"");
    d.choose("Have they put the request in writing", "No");
    d.choose("What do they say they need it for?", "A named crime");
    d.choose("Does the period and what they ask for fit", "Yes: the items and times");
    d.choose("Is each item they ask for needed for that crime?", "Yes: each item helps");
    d.choose("Does it show or name other people", "Yes, and I can blur");
    d.choose("Do they ask about health, ethnicity", "No");
    d.p.wait_for("Did any of these happen?");
    d.p.wait_for("None of these");
    d.key("3");
    d.key(" ");
    d.key(ENTER);
    d.choose("Will you hand anything over", "Yes, I will hand it over");
    d.write("What are you handing over?", "CCTV, till camera, yesterday 14:00 to 15:00");
    d.write("Who receives it?", "same as above");
    d.choose("How does it reach them?", "An officer collects a copy");
    d.write("Date it was handed over", "today");
    d.p.wait_for("Anything else to record?");
    d.key(ENTER);
    d.p.wait_for("review your answers");
    d.key(END);
    d.key(ENTER);
    d.p.wait_for("e export");
    (d.keys, d.chars)
}

/// The journey runs to a saved record; its counts are printed (`--nocapture`).
#[test]
fn police_phone_call_journey_keys_and_characters() {
    let (keys, chars) = journey(BIN, false);
    println!("police phone-call journey at 80×24, this build: {keys} keys, {chars} characters");
    if let Ok(before) = std::env::var("SHARECHECK_BEFORE_BIN") {
        let (keys, chars) = journey(&before, true);
        println!("the same journey on {before}: {keys} keys, {chars} characters");
    }
}
