//! The JSON Schema in `assets/`: it is exactly what `sharecheck schema` generates, the
//! shipped questionnaires pass it, and files with unknown keys fail it. The checker
//! here covers only the keywords the generator emits (`$ref`, `type`, `enum`,
//! `required`, `properties`, `additionalProperties`, `items`) and walks the same
//! YAML tree the loader reads.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sharecheck::tree::schema::schema_text;
use sharecheck::tree::yaml::{self, Node, Scalar, Value as Yaml};

const COMMITTED: &str = include_str!("../assets/questionnaire.schema.json");

fn schema() -> Value {
    serde_json::from_str(COMMITTED).expect("the committed schema is JSON")
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    assert_eq!(
        COMMITTED,
        schema_text(),
        "assets/questionnaire.schema.json is stale: run `cargo run -- schema > assets/questionnaire.schema.json`"
    );
}

#[test]
fn schema_command_prints_the_committed_file() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sharecheck")).arg("schema").env_clear().output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), COMMITTED);
}

/// The JSON type names a YAML node satisfies.
fn types_of(node: &Node) -> &'static [&'static str] {
    match &node.value {
        Yaml::Scalar(Scalar::Str(_)) => &["string"],
        Yaml::Scalar(Scalar::Int(_)) => &["integer", "number"],
        Yaml::Scalar(Scalar::Float(_)) => &["number"],
        Yaml::Scalar(Scalar::Bool(_)) => &["boolean"],
        Yaml::Scalar(Scalar::Null) => &["null"],
        Yaml::Seq(_) => &["array"],
        Yaml::Map(_) => &["object"],
    }
}

fn scalar_json(node: &Node) -> Option<Value> {
    match &node.value {
        Yaml::Scalar(Scalar::Str(s)) => Some(Value::from(s.as_ref())),
        Yaml::Scalar(Scalar::Int(i)) => Some(Value::from(*i)),
        Yaml::Scalar(Scalar::Float(f)) => Some(Value::from(*f)),
        Yaml::Scalar(Scalar::Bool(b)) => Some(Value::from(*b)),
        Yaml::Scalar(Scalar::Null) => Some(Value::Null),
        _ => None,
    }
}

struct Checker<'a> {
    root: &'a Value,
    problems: Vec<String>,
}

impl<'a> Checker<'a> {
    fn resolve(&self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.strip_prefix("#/$defs/").unwrap_or_else(|| panic!("unsupported $ref {r}"));
                &self.root["$defs"][name]
            }
            None => schema,
        }
    }

    fn check(&mut self, schema: &'a Value, node: &Node, at: &str) {
        let schema = self.resolve(schema);
        if let Some(allowed) = schema.get("type") {
            let allowed: Vec<&str> = match allowed {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => panic!("bad type in schema at {at}"),
            };
            if !types_of(node).iter().any(|t| allowed.contains(t)) {
                self.problems.push(format!(
                    "{at} (line {}): expected {allowed:?}, found {}",
                    node.pos.line(),
                    node.kind()
                ));
                return;
            }
        }
        if let Some(choices) = schema.get("enum").and_then(Value::as_array)
            && !scalar_json(node).is_some_and(|v| choices.contains(&v))
        {
            self.problems.push(format!("{at} (line {}): not one of {choices:?}", node.pos.line()));
        }
        match &node.value {
            Yaml::Map(entries) => self.check_object(schema, entries, at),
            Yaml::Seq(items) => {
                if let Some(item) = schema.get("items") {
                    for (i, n) in items.iter().enumerate() {
                        self.check(item, n, &format!("{at}[{i}]"));
                    }
                }
            }
            Yaml::Scalar(_) => {}
        }
    }

    fn check_object(&mut self, schema: &'a Value, entries: &[(yaml::Key, Node)], at: &str) {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            let name = required.as_str().unwrap();
            if !entries.iter().any(|(k, _)| k.name == name) {
                self.problems.push(format!("{at}: missing `{name}`"));
            }
        }
        for (key, value) in entries {
            let path = format!("{at}.{}", key.name);
            match (properties.and_then(|p| p.get(key.name.as_ref())), schema.get("additionalProperties")) {
                (Some(sub), _) => self.check(sub, value, &path),
                (None, Some(Value::Bool(false))) => {
                    self.problems.push(format!("{path} (line {}): unknown key", key.pos.line()));
                }
                (None, Some(extra @ Value::Object(_))) => self.check(extra, value, &path),
                (None, _) => {}
            }
        }
    }
}

/// What the schema finds wrong with the file; `None` when it is not even YAML.
fn check_file(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = yaml::parse(&text).ok()?;
    let root = schema();
    let mut checker = Checker { root: &root, problems: Vec::new() };
    checker.check(&root, &doc, "$");
    Some(checker.problems)
}

fn problems(path: &Path) -> Vec<String> {
    check_file(path).unwrap_or_else(|| panic!("{} is not YAML", path.display()))
}

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no YAML files in {dir}");
    paths
}

#[test]
fn shipped_questionnaires_pass_the_schema() {
    let mut files = yaml_files("questionnaires");
    files.push(PathBuf::from("tests/fixtures/parcel-photo.yaml"));
    for path in files {
        let found = problems(&path);
        assert!(found.is_empty(), "{}:\n{}", path.display(), found.join("\n"));
    }
}

#[test]
fn broken_fixtures_with_unknown_keys_fail_the_schema() {
    for path in yaml_files("tests/fixtures/broken") {
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = sharecheck::tree::load_bytes(&path, text.as_bytes(), sharecheck::tree::Origin::Given);
        let unknown: Vec<usize> =
            loaded.diagnostics.iter().filter(|d| d.message.starts_with("unknown key")).map(|d| d.pos.line()).collect();
        // A file that is not YAML at all has nothing for a schema to check.
        let Some(found) = check_file(&path) else { continue };
        for line in &unknown {
            let needle = format!("(line {line}): unknown key");
            assert!(found.iter().any(|p| p.contains(&needle)), "{}: schema missed {needle}: {found:?}", path.display());
        }
        if !unknown.is_empty() {
            assert!(!found.is_empty(), "{} should fail", path.display());
        }
    }
}

#[test]
fn the_checker_catches_wrong_types_and_enums() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("bad.yaml");
    std::fs::write(
        &path,
        "id: x\ntitle: X\nversion: \"1\"\nretention: 1 year\nquestions:\n  - id: q\n    type: yes_or_no\n    text: Q\n    optional: maybe\noutcomes: {}\n",
    )
    .unwrap();
    let found = problems(&path);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("questions[0].type") && found[0].contains("not one of"), "{found:?}");
    assert!(found[1].contains("questions[0].optional") && found[1].contains("boolean"), "{found:?}");
    assert!(found[2].contains("$.outcomes") && found[2].contains("array"), "{found:?}");
}
