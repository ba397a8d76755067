//! The condition sentences of `show_if`, `if` and `when`: a tiny language that reads
//! aloud (`caller_verified is no and flag urgent is off`), parsed here and resolved
//! against the questionnaire's ids so every name is checked at load time.

use std::collections::HashMap;

use super::diagnostic::did_you_mean;
use super::model::{CompareOp, DateTest, Expr, FIdx, Includes, KindName, Operand, OptionValue, QIdx, SIdx};
use super::value::{DateExpr, DateNames, Offset, Unit, VIdx};

/// A problem inside a condition, at a character offset into its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConditionError {
    pub(crate) offset: usize,
    pub(crate) len: usize,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

impl ConditionError {
    fn new(tok: &Token, message: String) -> Self {
        Self { offset: tok.offset, len: tok.text.chars().count().max(1), message, help: None }
    }

    fn help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Token {
    text: String,
    offset: usize,
}

/// What a condition may name: built by the validator from the questionnaire.
pub(crate) struct Scope<'a> {
    pub(crate) questions: HashMap<&'a str, QuestionShape<'a>>,
    pub(crate) flags: HashMap<&'a str, FIdx>,
    pub(crate) scores: HashMap<&'a str, SIdx>,
    /// Computed values (`values:`), with whether each has a time of day.
    pub(crate) values: HashMap<&'a str, (VIdx, bool)>,
}

pub(crate) struct QuestionShape<'a> {
    pub(crate) index: QIdx,
    pub(crate) kind: KindName,
    pub(crate) values: Vec<&'a str>,
}

const COMPARISONS: [(&str, CompareOp); 6] = [
    ("<=", CompareOp::Le),
    (">=", CompareOp::Ge),
    ("!=", CompareOp::Ne),
    ("<", CompareOp::Lt),
    (">", CompareOp::Gt),
    ("=", CompareOp::Eq),
];

fn tokenize(text: &str) -> Result<Vec<Token>, ConditionError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' || c == '-' || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | '.')) {
                i += 1;
            }
            tokens.push(Token { text: chars[start..i].iter().collect(), offset: start });
        } else if matches!(c, '(' | ')' | ',' | '+') {
            tokens.push(Token { text: c.to_string(), offset: i });
            i += 1;
        } else if matches!(c, '<' | '>' | '=' | '!') {
            let two = chars.get(i + 1) == Some(&'=');
            let len = if two { 2 } else { 1 };
            let op: String = chars[i..i + len].iter().collect();
            if op == "!" {
                return Err(ConditionError::new(
                    &Token { text: op, offset: i },
                    "`!` on its own is not a comparison".into(),
                )
                .help(Some("write `!=` for \"is not equal to\", or `not`".into())));
            }
            tokens.push(Token { text: op, offset: i });
            i += len;
        } else {
            let tok = Token { text: c.to_string(), offset: i };
            return Err(ConditionError::new(&tok, format!("unexpected `{c}` in a condition"))
                .help(Some("conditions use words like `is`, `and`, `or`, `not`, `flag`, `score`".into())));
        }
    }
    Ok(tokens)
}

/// Parses and resolves one condition.
pub(crate) fn compile(text: &str, scope: &Scope<'_>) -> Result<Expr, Vec<ConditionError>> {
    let tokens = tokenize(text).map_err(|e| vec![e])?;
    let end = Token { text: String::new(), offset: text.chars().count() };
    let mut parser = Parser { tokens: &tokens, at: 0, end, scope, errors: Vec::new() };
    let expr = parser.or();
    if let Some(tok) = parser.peek().cloned() {
        let msg = format!("unexpected `{}` after a complete condition", tok.text);
        parser.errors.push(ConditionError::new(&tok, msg).help(Some("join two conditions with `and` or `or`".into())));
    }
    if parser.errors.is_empty() { Ok(expr) } else { Err(parser.errors) }
}

struct Parser<'t, 's> {
    tokens: &'t [Token],
    at: usize,
    end: Token,
    scope: &'t Scope<'s>,
    errors: Vec<ConditionError>,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn peek_is(&self, word: &str) -> bool {
        self.peek().is_some_and(|t| t.text == word)
    }

    fn bump(&mut self) -> Token {
        let tok = self.tokens.get(self.at).cloned().unwrap_or_else(|| self.end.clone());
        self.at += 1;
        tok
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.peek_is(word) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn fail(&mut self, tok: &Token, message: String, help: Option<String>) -> Expr {
        self.errors.push(ConditionError::new(tok, message).help(help));
        // Skip to the next `and`/`or` so later mistakes are reported too.
        while let Some(t) = self.peek() {
            if t.text == "and" || t.text == "or" || t.text == ")" {
                break;
            }
            self.at += 1;
        }
        Expr::Always
    }

    fn or(&mut self) -> Expr {
        let mut parts = vec![self.and()];
        while self.eat("or") {
            parts.push(self.and());
        }
        if parts.len() == 1 { parts.remove(0) } else { Expr::Any(parts) }
    }

    fn and(&mut self) -> Expr {
        let mut parts = vec![self.unary()];
        while self.eat("and") {
            parts.push(self.unary());
        }
        if parts.len() == 1 { parts.remove(0) } else { Expr::All(parts) }
    }

    fn unary(&mut self) -> Expr {
        if self.eat("not") {
            return Expr::Not(Box::new(self.unary()));
        }
        if self.peek_is("(") {
            let open = self.bump();
            let inner = self.or();
            if !self.eat(")") {
                return self.fail(&open, "this `(` is never closed".into(), Some("add a `)`".into()));
            }
            return inner;
        }
        self.atom()
    }

    fn atom(&mut self) -> Expr {
        let tok = self.bump();
        match tok.text.as_str() {
            "" => self.fail(
                &tok,
                "the condition ends too early".into(),
                Some("finish it, e.g. `caller_verified is yes`".into()),
            ),
            "otherwise" | "always" => Expr::Always,
            "flag" => self.flag(),
            "score" | "count" => {
                self.at -= 1;
                self.comparison()
            }
            "today" | "now" | "later" | "earlier" | "next" => {
                self.at -= 1;
                self.dates()
            }
            _ if self.scope.values.contains_key(tok.text.as_str()) => {
                self.at -= 1;
                self.dates()
            }
            _ if tok.text.parse::<f64>().is_ok() => {
                self.at -= 1;
                self.comparison()
            }
            _ if self.peek().is_some_and(|t| COMPARISONS.iter().any(|(s, _)| *s == t.text)) => {
                self.at -= 1;
                self.comparison()
            }
            _ => self.about_question(tok),
        }
    }

    fn flag(&mut self) -> Expr {
        let name = self.bump();
        let Some(&index) = self.scope.flags.get(name.text.as_str()) else {
            let help = did_you_mean(&name.text, self.scope.flags.keys().copied());
            return self.fail(
                &name,
                format!("unknown flag `{}`", name.text),
                help.or(Some("declare it under `flags:`".into())),
            );
        };
        if self.eat("is") {
            let state = self.bump();
            return match state.text.as_str() {
                "on" => Expr::Flag(index),
                "off" => Expr::Not(Box::new(Expr::Flag(index))),
                _ => self.fail(&state, format!("expected `on` or `off` after `flag {} is`", name.text), None),
            };
        }
        Expr::Flag(index)
    }

    fn operand(&mut self) -> Option<Operand> {
        let tok = self.bump();
        if tok.text == "score" {
            let name = self.bump();
            return match self.scope.scores.get(name.text.as_str()) {
                Some(&i) => Some(Operand::Score(i)),
                None => {
                    let help = did_you_mean(&name.text, self.scope.scores.keys().copied())
                        .or(Some("declare it under `scores:`".into()));
                    self.fail(&name, format!("unknown score `{}`", name.text), help);
                    None
                }
            };
        }
        if tok.text == "count" {
            let of = self.bump();
            if of.text != "of" {
                self.fail(&of, "expected `of` after `count`".into(), Some("write `count of QUESTION >= 2`".into()));
                return None;
            }
            let name = self.bump();
            return match self.scope.questions.get(name.text.as_str()) {
                Some(q) if q.kind == KindName::Multi => Some(Operand::Count(q.index)),
                Some(q) => {
                    let msg = format!(
                        "`count of` counts the choices of a several-choice question, but `{}` is a {} question",
                        name.text, q.kind
                    );
                    self.fail(&name, msg, None);
                    None
                }
                None => {
                    self.unknown_question(&name);
                    None
                }
            };
        }
        if let Ok(n) = tok.text.parse::<f64>() {
            return Some(Operand::Number(n));
        }
        match self.scope.questions.get(tok.text.as_str()) {
            Some(q) if q.kind == KindName::Number => Some(Operand::Answer(q.index)),
            Some(q) => {
                let msg = format!("`{}` is a {} question; only number questions can be compared", tok.text, q.kind);
                let help = match q.kind {
                    KindName::Date | KindName::DateTime => date_forms(&tok.text),
                    KindName::Multi => format!("count its choices with `count of {}`", tok.text),
                    KindName::YesNo | KindName::Choice => format!("write `{} is VALUE`", tok.text),
                    _ => format!("write `{} is answered`", tok.text),
                };
                self.fail(&tok, msg, Some(help));
                None
            }
            None => {
                self.unknown_question(&tok);
                None
            }
        }
    }

    fn comparison(&mut self) -> Expr {
        let Some(left) = self.operand() else { return Expr::Always };
        let op_tok = self.bump();
        let Some(op) = COMPARISONS.iter().find(|(s, _)| *s == op_tok.text).map(|(_, op)| *op) else {
            return self.fail(
                &op_tok,
                format!("expected a comparison like `>` or `<=`, found `{}`", op_tok.text),
                None,
            );
        };
        let Some(right) = self.operand() else { return Expr::Always };
        Expr::Compare { left, op, right }
    }

    fn unknown_question(&mut self, tok: &Token) -> Expr {
        let help = did_you_mean(&tok.text, self.scope.questions.keys().copied());
        let help = help.or_else(|| Some("start with a question id, `flag NAME`, `score NAME`, or `otherwise`".into()));
        self.fail(tok, format!("unknown question `{}` in condition", tok.text), help)
    }

    fn about_question(&mut self, tok: Token) -> Expr {
        let Some(shape) = self.scope.questions.get(tok.text.as_str()) else {
            return self.unknown_question(&tok);
        };
        let (index, kind) = (shape.index, shape.kind);
        let verb = self.bump();
        let is_date_test = |t: &Token| matches!(t.text.as_str(), "before" | "after" | "within");
        let is_date = matches!(kind, KindName::Date | KindName::DateTime);
        if is_date_test(&verb)
            || (is_date && matches!(verb.text.as_str(), "+" | "-"))
            || (verb.text == "is" && self.peek().is_some_and(is_date_test))
        {
            self.at -= 2;
            return self.dates();
        }
        match verb.text.as_str() {
            "is" => {
                if self.eat("answered") {
                    return Expr::Answered(index);
                }
                if self.peek_is("not") && self.tokens.get(self.at + 1).is_some_and(|t| t.text == "answered") {
                    self.at += 2;
                    return Expr::Not(Box::new(Expr::Answered(index)));
                }
                let negated = self.eat("not");
                if !matches!(kind, KindName::YesNo | KindName::Choice) {
                    let help = match kind {
                        KindName::Multi => format!("for several choices write `{} includes VALUE`", tok.text),
                        KindName::Date | KindName::DateTime => date_forms(&tok.text),
                        _ => format!("write `{} is answered`", tok.text),
                    };
                    return self.fail(
                        &verb,
                        format!("`is` picks an option, but `{}` is a {kind} question", tok.text),
                        Some(help),
                    );
                }
                let values = if self.peek_is("one") && self.tokens.get(self.at + 1).is_some_and(|t| t.text == "of") {
                    self.at += 2;
                    self.value_list(&tok.text)
                } else {
                    let v = self.bump();
                    self.value(&tok.text, &v).into_iter().collect()
                };
                let is = Expr::Is { question: index, values };
                if negated { Expr::Not(Box::new(is)) } else { is }
            }
            "includes" => {
                if kind != KindName::Multi {
                    let help = format!("for one answer write `{} is VALUE`", tok.text);
                    return self.fail(
                        &verb,
                        format!("`includes` is for several-choice questions, but `{}` is a {kind} question", tok.text),
                        Some(help),
                    );
                }
                let how = if self.words_follow(&["any", "of"]) {
                    Includes::Any
                } else if self.words_follow(&["all", "of"]) {
                    Includes::All
                } else if self.words_follow(&["only"]) {
                    Includes::Only
                } else {
                    let v = self.bump();
                    return match self.value(&tok.text, &v) {
                        Some(value) => Expr::Includes { question: index, values: vec![value], how: Includes::Any },
                        None => Expr::Always,
                    };
                };
                let values = self.value_list(&tok.text);
                Expr::Includes { question: index, values, how }
            }
            _ => {
                let (expected, words): (&str, &[&str]) = match kind {
                    KindName::Date | KindName::DateTime => {
                        ("`is`, `before`, `after` or `within`", &["is", "before", "after", "within"])
                    }
                    KindName::Multi => ("`includes` or `is`", &["includes", "is"]),
                    _ => ("`is`, `includes` or a comparison", &["is", "includes"]),
                };
                self.fail(
                    &verb,
                    format!("expected {expected} after `{}`, found `{}`", tok.text, verb.text),
                    did_you_mean(&verb.text, words.iter().copied()),
                )
            }
        }
    }

    /// Consumes `words` if they come next.
    fn words_follow(&mut self, words: &[&str]) -> bool {
        let next = self.tokens.get(self.at..self.at + words.len());
        if next.is_some_and(|t| t.iter().zip(words).all(|(t, w)| t.text == *w)) {
            self.at += words.len();
            true
        } else {
            false
        }
    }

    /// `A before B`, `A after B`, `A within 30 days of B` (each with an optional `is`),
    /// where A and B are `today` or date questions, each with an optional `+ 1 month`.
    fn dates(&mut self) -> Expr {
        let Some(left) = self.date_operand() else { return Expr::Always };
        self.eat("is");
        let verb = self.bump();
        let test = match verb.text.as_str() {
            "before" => DateTest::Before,
            "after" => DateTest::After,
            "within" => {
                let Some(span) = self.amount() else { return Expr::Always };
                if !self.eat("of") {
                    let tok = self.bump();
                    return self.fail(
                        &tok,
                        "expected `of` here".into(),
                        Some("write `within 30 days of today`".into()),
                    );
                }
                DateTest::Within(span)
            }
            _ => {
                let help = did_you_mean(&verb.text, ["before", "after", "within"])
                    .or_else(|| Some("dates compare with `before`, `after` or `within 30 days of …`".into()));
                return self.fail(
                    &verb,
                    format!("expected `before`, `after` or `within`, found `{}`", verb.text),
                    help,
                );
            }
        };
        let Some(right) = self.date_operand() else { return Expr::Always };
        Expr::Dates { left, test, right }
    }

    /// A date expression, read by the one reader values use too.
    fn date_operand(&mut self) -> Option<DateExpr> {
        let words: Vec<&str> = self.tokens.iter().map(|t| t.text.as_str()).collect();
        let question = |name: &str| self.scope.questions.get(name).map(|q| (q.index, q.kind));
        let value = |name: &str| self.scope.values.get(name).copied();
        let mut known: Vec<&str> = self
            .scope
            .questions
            .iter()
            .filter(|(_, q)| matches!(q.kind, KindName::Date | KindName::DateTime))
            .map(|(name, _)| *name)
            .chain(self.scope.values.keys().copied())
            .chain(["today", "now"])
            .collect();
        known.sort_unstable();
        let names = DateNames { question: &question, value: &value, known };
        let mut at = self.at;
        match super::value::parse_date(&words, &mut at, &names) {
            Ok((expr, _)) => {
                self.at = at;
                Some(expr)
            }
            Err(e) => {
                let tok = self.tokens.get(e.word).cloned().unwrap_or_else(|| self.end.clone());
                self.at = e.word.max(self.at);
                self.fail(&tok, e.message, e.help);
                None
            }
        }
    }

    /// `30 days`, `1 month`, `72 hours`.
    fn amount(&mut self) -> Option<Offset> {
        let number = self.bump();
        let Ok(amount) = number.text.parse::<u32>() else {
            self.fail(
                &number,
                format!("expected a whole number here, found `{}`", number.text),
                Some("write e.g. `30 days` or `1 month`".into()),
            );
            return None;
        };
        let unit_tok = self.bump();
        let Some(unit) = Unit::parse(&unit_tok.text) else {
            self.fail(
                &unit_tok,
                format!("`{}` is not a unit of time", unit_tok.text),
                Some("use minutes, hours, days, weeks, months or years".into()),
            );
            return None;
        };
        Some(Offset { amount: i64::from(amount), unit })
    }

    fn value_list(&mut self, question: &str) -> Vec<OptionValue> {
        let mut values = Vec::new();
        loop {
            let v = self.bump();
            values.extend(self.value(question, &v));
            if !self.eat(",") {
                break;
            }
        }
        values
    }

    fn value(&mut self, question: &str, tok: &Token) -> Option<OptionValue> {
        let shape = self.scope.questions.get(question)?;
        if shape.values.contains(&tok.text.as_str()) {
            return Some(OptionValue(tok.text.clone()));
        }
        let help = did_you_mean(&tok.text, shape.values.iter().copied())
            .unwrap_or_else(|| format!("the options of `{question}` are: {}", shape.values.join(", ")));
        let message = if tok.text.is_empty() {
            format!("expected an option of `{question}` here")
        } else {
            format!("`{}` is not an option of `{question}`", tok.text)
        };
        self.fail(tok, message, Some(help));
        None
    }
}

/// The conditions a date question supports, for a help line.
fn date_forms(id: &str) -> String {
    format!(
        "dates compare like `{id} is before today`, `{id} is after today - 30 days` or `{id} is within 1 month of today`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope<'static> {
        let mut questions = HashMap::new();
        questions.insert(
            "verified",
            QuestionShape { index: 0, kind: KindName::YesNo, values: vec!["yes", "no", "not_sure"] },
        );
        questions.insert(
            "form",
            QuestionShape { index: 1, kind: KindName::Choice, values: vec!["in_writing", "verbal", "court_order"] },
        );
        questions.insert("items", QuestionShape { index: 2, kind: KindName::Multi, values: vec!["cctv", "name"] });
        questions.insert("age", QuestionShape { index: 3, kind: KindName::Number, values: vec![] });
        questions.insert("notes", QuestionShape { index: 4, kind: KindName::Notes, values: vec![] });
        questions.insert("received", QuestionShape { index: 5, kind: KindName::Date, values: vec![] });
        questions.insert("found_at", QuestionShape { index: 6, kind: KindName::DateTime, values: vec![] });
        Scope {
            questions,
            flags: HashMap::from([("urgent", 0)]),
            scores: HashMap::from([("interest", 0), ("impact", 1)]),
            values: HashMap::from([("reply_by", (0, false)), ("report_by", (1, true))]),
        }
    }

    fn ok(text: &str) -> Expr {
        compile(text, &scope()).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn err(text: &str) -> ConditionError {
        compile(text, &scope()).expect_err(text).remove(0)
    }

    #[test]
    fn sentences_compile() {
        let is_no = Expr::Is { question: 0, values: vec!["no".into()] };
        assert_eq!(ok("verified is no"), is_no);
        assert_eq!(ok("verified is not no"), Expr::Not(Box::new(is_no.clone())));
        assert_eq!(
            ok("form is one of verbal, court_order"),
            Expr::Is { question: 1, values: vec!["verbal".into(), "court_order".into()] }
        );
        assert_eq!(
            ok("items includes cctv"),
            Expr::Includes { question: 2, values: vec!["cctv".into()], how: Includes::Any }
        );
        assert_eq!(ok("notes is answered"), Expr::Answered(4));
        assert_eq!(ok("notes is not answered"), Expr::Not(Box::new(Expr::Answered(4))));
        assert_eq!(ok("flag urgent is off"), Expr::Not(Box::new(Expr::Flag(0))));
        assert_eq!(
            ok("score impact > score interest"),
            Expr::Compare { left: Operand::Score(1), op: CompareOp::Gt, right: Operand::Score(0) }
        );
        assert_eq!(
            ok("age < 18"),
            Expr::Compare { left: Operand::Answer(3), op: CompareOp::Lt, right: Operand::Number(18.0) }
        );
        assert_eq!(ok("otherwise"), Expr::Always);
        assert_eq!(
            ok("verified is no or flag urgent and not (age >= 18)"),
            Expr::Any(vec![
                is_no,
                Expr::All(vec![
                    Expr::Flag(0),
                    Expr::Not(Box::new(Expr::Compare {
                        left: Operand::Answer(3),
                        op: CompareOp::Ge,
                        right: Operand::Number(18.0)
                    })),
                ]),
            ])
        );
    }

    #[test]
    fn mistakes_point_at_the_word() {
        let cases: &[(&str, usize, &str, Option<&str>)] = &[
            ("verifed is no", 0, "unknown question `verifed` in condition", Some("did you mean `verified`?")),
            ("verified is yess", 12, "`yess` is not an option of `verified`", Some("did you mean `yes`?")),
            ("form is in_writting", 8, "`in_writting` is not an option of `form`", Some("did you mean `in_writing`?")),
            ("flag urgnt", 5, "unknown flag `urgnt`", Some("did you mean `urgent`?")),
            ("score intrest > 2", 6, "unknown score `intrest`", Some("did you mean `interest`?")),
            (
                "items is cctv",
                6,
                "`is` picks an option, but `items` is a multi question",
                Some("for several choices write `items includes VALUE`"),
            ),
            (
                "form includes verbal",
                5,
                "`includes` is for several-choice questions, but `form` is a choice question",
                Some("for one answer write `form is VALUE`"),
            ),
            (
                "notes > 3",
                0,
                "`notes` is a notes question; only number questions can be compared",
                Some("write `notes is answered`"),
            ),
            (
                "received > 3",
                0,
                "`received` is a date question; only number questions can be compared",
                Some(
                    "dates compare like `received is before today`, `received is after today - 30 days` or \
                     `received is within 1 month of today`",
                ),
            ),
            (
                "received is 2026-01-01",
                9,
                "`is` picks an option, but `received` is a date question",
                Some(
                    "dates compare like `received is before today`, `received is after today - 30 days` or \
                     `received is within 1 month of today`",
                ),
            ),
            (
                "received befor today",
                9,
                "expected `is`, `before`, `after` or `within` after `received`, found `befor`",
                Some("did you mean `before`?"),
            ),
            (
                "received before tomorrow",
                16,
                "`tomorrow` is not a date this questionnaire knows",
                Some("a date here is one of: found_at, now, received, reply_by, report_by, today"),
            ),
            (
                "received before founds_at",
                16,
                "`founds_at` is not a date this questionnaire knows",
                Some("did you mean `found_at`?"),
            ),
            (
                "received before age",
                16,
                "`age` is a number question, not a date",
                Some("compare `today`, `now`, a value or a date or date_time question"),
            ),
            (
                "received within 30 fortnights of today",
                19,
                "`fortnights` is not a unit of time",
                Some("use minutes, hours, days, weeks, months or years"),
            ),
            ("received within 30 days today", 24, "expected `of` here", Some("write `within 30 days of today`")),
            (
                "today - soon after received",
                8,
                "expected a whole number here, found `soon`",
                Some("write e.g. `30 days`, `1 month`, or a number question: `extension months`"),
            ),
            (
                "count of form > 1",
                9,
                "`count of` counts the choices of a several-choice question, but `form` is a choice question",
                None,
            ),
            (
                "items > 1",
                0,
                "`items` is a multi question; only number questions can be compared",
                Some("count its choices with `count of items`"),
            ),
            (
                "verified is",
                11,
                "expected an option of `verified` here",
                Some("the options of `verified` are: yes, no, not_sure"),
            ),
            (
                "verified is yes verified is no",
                16,
                "unexpected `verified` after a complete condition",
                Some("join two conditions with `and` or `or`"),
            ),
            (
                "verified & form",
                9,
                "unexpected `&` in a condition",
                Some("conditions use words like `is`, `and`, `or`, `not`, `flag`, `score`"),
            ),
        ];
        for (text, offset, message, help) in cases {
            let e = err(text);
            assert_eq!((e.offset, e.message.as_str(), e.help.as_deref()), (*offset, *message, *help), "{text}");
        }
    }

    #[test]
    fn dates_and_several_choices_compile() {
        use crate::tree::value::{Amount, Count};
        let received = DateExpr::Answer(5);
        let today = DateExpr::Today;
        let month = Amount { count: Count::Fixed(1), negative: false };
        let shifted = |base: DateExpr, by: Amount| DateExpr::Shift { base: Box::new(base), by, unit: Unit::Months };
        assert_eq!(
            ok("received before today"),
            Expr::Dates { left: received.clone(), test: DateTest::Before, right: today.clone() }
        );
        assert_eq!(ok("received is before today"), ok("received before today"));
        assert_eq!(
            ok("today after received + 1 month"),
            Expr::Dates { left: today.clone(), test: DateTest::After, right: shifted(received.clone(), month) }
        );
        assert_eq!(
            ok("found_at is within 72 hours of today - 1 month"),
            Expr::Dates {
                left: DateExpr::Answer(6),
                test: DateTest::Within(Offset { amount: 72, unit: Unit::Hours }),
                right: shifted(today.clone(), Amount { negative: true, ..month }),
            }
        );
        assert_eq!(
            ok("report_by before now"),
            Expr::Dates { left: DateExpr::Value(1), test: DateTest::Before, right: DateExpr::Now }
        );
        assert_eq!(
            ok("reply_by within 3 days of today and flag urgent"),
            Expr::All(vec![
                Expr::Dates {
                    left: DateExpr::Value(0),
                    test: DateTest::Within(Offset { amount: 3, unit: Unit::Days }),
                    right: today.clone(),
                },
                Expr::Flag(0),
            ])
        );
        assert_eq!(
            ok("received + 1 month before now"),
            Expr::Dates { left: shifted(received.clone(), month), test: DateTest::Before, right: DateExpr::Now }
        );
        assert_eq!(
            ok("later of received, found_at after now"),
            Expr::Dates {
                left: DateExpr::Later(vec![received.clone(), DateExpr::Answer(6)]),
                test: DateTest::After,
                right: DateExpr::Now
            }
        );
        assert_eq!(
            ok("received + age months before today"),
            Expr::Dates {
                left: shifted(received, Amount { count: Count::Answer(3), negative: false }),
                test: DateTest::Before,
                right: today
            }
        );
        let items = |how, values: &[&str]| Expr::Includes {
            question: 2,
            values: values.iter().map(|v| OptionValue((*v).to_owned())).collect(),
            how,
        };
        assert_eq!(ok("items includes any of cctv, name"), items(Includes::Any, &["cctv", "name"]));
        assert_eq!(ok("items includes all of cctv, name"), items(Includes::All, &["cctv", "name"]));
        assert_eq!(ok("items includes only cctv"), items(Includes::Only, &["cctv"]));
        assert_eq!(
            ok("count of items >= 2"),
            Expr::Compare { left: Operand::Count(2), op: CompareOp::Ge, right: Operand::Number(2.0) }
        );
    }

    #[test]
    fn every_mistake_is_reported() {
        let errors = compile("verifed is no and form is nope", &scope()).unwrap_err();
        assert_eq!(errors.len(), 2);
    }
}
