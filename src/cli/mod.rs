//! The command line: parse arguments, find questionnaires and folders, and hand each
//! subcommand to the layer that does the work.

mod answer;
mod drafts;
mod graph;
mod install;
mod list;
mod records;
mod report;
mod schema;
mod test;
mod validate;
mod wizard;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::catalog::{Catalog, Locations};

pub use graph::DiagramFormat;

#[derive(Debug, Parser)]
#[command(
    name = "sharecheck",
    version = env!("SHARECHECK_VERSION"),
    about = "Check before you share personal data, and keep a record of the decision."
)]
pub struct Args {
    /// A folder of questionnaires that add to or replace the built-in ones
    #[arg(long, global = true, env = "SHARECHECK_QUESTIONNAIRES", value_name = "DIR")]
    pub questionnaires: Option<PathBuf>,

    /// Where records and drafts are kept
    #[arg(long, global = true, env = "SHARECHECK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Plain mode: questions line by line, for screen readers and plain terminals (also when TERM is
    /// `dumb` or unset, SHARECHECK_PLAIN=1, or input is not a terminal)
    #[arg(long, global = true)]
    pub plain: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every questionnaire found: id, version, title, source and fingerprint
    List,
    /// Check questionnaire files; with no paths, every questionnaire found
    Validate {
        /// Files or folders to check
        paths: Vec<PathBuf>,
    },
    /// Run an interview from a file of answers (question id: answer) and show the result
    Answer {
        /// A questionnaire id or a path to a questionnaire file
        questionnaire: String,
        /// A YAML file of `question_id: answer` lines
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
        /// Save the result as a decision record
        #[arg(long)]
        save: bool,
        /// Who decided (for --save; defaults to the name used last time)
        #[arg(long, value_name = "NAME", requires = "save")]
        by: Option<String>,
        /// A reference to keep with the record, e.g. a crime number (for --save)
        #[arg(long, value_name = "REF", requires = "save")]
        reference: Option<String>,
        /// Save the result as a correction of this record (any unique prefix of its id)
        #[arg(long, value_name = "ID", requires = "save")]
        amends: Option<String>,
        /// Also show how the rules decided, with rule and flag ids (for editors)
        #[arg(long)]
        explain: bool,
    },
    /// Interviews left half-way: list them (damaged ones too) or discard one
    Drafts {
        #[command(subcommand)]
        command: Option<drafts::DraftsCommand>,
    },
    /// Saved decision records: list, show, export, delete, purge, verify, seal
    Records {
        #[command(subcommand)]
        command: records::RecordsCommand,
    },
    /// Run scenario files (answers → expected outcome) and report what they never exercised
    Test {
        /// Scenario files, questionnaire files, or folders; with none, every questionnaire's `tests/` folder
        paths: Vec<PathBuf>,
    },
    /// Draw the question tree as a diagram: questions, answers, rules and outcomes
    Graph {
        /// A questionnaire id or a path to a questionnaire file
        questionnaire: String,
        /// `mermaid` (GitHub and many editors draw it) or `dot` (Graphviz)
        #[arg(long, value_enum, default_value_t = DiagramFormat::Mermaid)]
        format: DiagramFormat,
    },
    /// Print the JSON Schema of the questionnaire format, for editors that check YAML as you type
    Schema,
    /// A report for the data-protection lead: figures with no personal data, as one HTML page
    Report {
        /// Only decisions on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<chrono::NaiveDate>,
        /// Only decisions on or before this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: Option<chrono::NaiveDate>,
        /// Write the figures as JSON (to combine later) instead of the page
        #[arg(long)]
        json: bool,
        /// Combine members' figures (`report --json` files) into one page, instead of this shop's records
        #[arg(long, value_name = "FILE", num_args = 1..)]
        combine: Vec<PathBuf>,
        /// Write to this file instead of the terminal
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Install questionnaire files (an update from the association): checked, its changes shown, then copied in
    Install {
        /// Questionnaire files, each with its signature (`FILE.minisig`) beside it
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Install a file that is not signed by a trusted key (its checks are marked unsigned)
        #[arg(long)]
        allow_unsigned: bool,
        /// Install an older version than the one in use (only when the association asks you to)
        #[arg(long)]
        allow_downgrade: bool,
        /// Do not ask before installing
        #[arg(long)]
        yes: bool,
    },
    /// Remove an installed questionnaire; the built-in one of that id is used again
    Uninstall {
        /// The questionnaire id
        id: String,
    },
    /// Trust a public key (KEY.pub) for signed questionnaires, or list the trusted keys
    Trust {
        /// A minisign public key file
        key: Option<PathBuf>,
        /// List the trusted keys with their fingerprints
        #[arg(long)]
        list: bool,
        /// Do not ask before trusting it
        #[arg(long)]
        yes: bool,
    },
    /// For editors: make a key pair for signing questionnaires (minisign's format)
    Keygen {
        /// Where to write NAME.pub and NAME.key
        #[arg(short, long, value_name = "DIR", default_value = ".")]
        output: PathBuf,
        /// The key's name
        #[arg(long, default_value = "association")]
        name: String,
        /// No password on the secret key (for automation; keep the file safe)
        #[arg(long)]
        unencrypted: bool,
    },
    /// For editors: sign a questionnaire file, writing FILE.minisig beside it
    Sign {
        file: PathBuf,
        /// The secret key file from `sharecheck keygen` (or `minisign -G`)
        #[arg(long, value_name = "SECRET")]
        key: PathBuf,
        /// The secret key has no password
        #[arg(long)]
        unencrypted: bool,
        /// Sign without running the file's scenarios (said in the signature)
        #[arg(long)]
        no_tests: bool,
    },
    /// Start an interview straight away, skipping the home screen
    Run {
        /// A questionnaire id or a path to a questionnaire file
        questionnaire: String,
    },
}

/// Where things live on this machine, resolved once from arguments and `directories`.
#[derive(Debug, Clone)]
pub struct Context {
    pub locations: Locations,
    pub data_dir: PathBuf,
    /// `--plain` was given.
    pub plain: bool,
}

impl Context {
    pub fn from_args(args: &Args) -> Context {
        let dirs = directories::ProjectDirs::from("uk.org", "HTA", "sharecheck");
        let user_folder = dirs.as_ref().map(|d| d.config_dir().join("questionnaires"));
        let keys_folder = dirs.as_ref().map(|d| d.config_dir().join("trusted-keys"));
        let data_dir = args
            .data_dir
            .clone()
            .or_else(|| dirs.as_ref().map(|d| d.data_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from("sharecheck-data"));
        Context {
            locations: Locations { user_folder, given_folder: args.questionnaires.clone(), keys_folder },
            data_dir,
            plain: args.plain,
        }
    }

    pub fn catalog(&self) -> Catalog {
        Catalog::load(&self.locations)
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let ctx = Context::from_args(&args);
    match args.command {
        Some(Command::List) => list::run(&ctx),
        Some(Command::Validate { paths }) => validate::run(&ctx, &paths),
        Some(Command::Answer { questionnaire, answers, save, by, reference, amends, explain }) => {
            let save = save.then_some(answer::SaveAs { by, reference, amends });
            answer::run(&ctx, &questionnaire, &answers, save, explain)
        }
        Some(Command::Records { command }) => records::run(&ctx, command),
        Some(Command::Report { from, to, json, combine, output }) => {
            report::run(&ctx, report::Options { from, to, json, combine, output })
        }
        Some(Command::Drafts { command }) => drafts::run(&ctx, command),
        Some(Command::Test { paths }) => test::run(&ctx, &paths),
        Some(Command::Graph { questionnaire, format }) => graph::run(&ctx, &questionnaire, format),
        Some(Command::Schema) => schema::run(),
        Some(Command::Install { files, allow_unsigned, allow_downgrade, yes }) => {
            install::install(&ctx, &files, allow_unsigned, allow_downgrade, yes)
        }
        Some(Command::Uninstall { id }) => install::uninstall(&ctx, &id),
        Some(Command::Trust { key, list, yes }) => install::trust_key(&ctx, key.as_deref(), list, yes),
        Some(Command::Keygen { output, name, unencrypted }) => install::keygen(&output, &name, unencrypted),
        Some(Command::Sign { file, key, unencrypted, no_tests }) => {
            install::sign(&ctx, &file, &key, unencrypted, no_tests)
        }
        Some(Command::Run { questionnaire }) => wizard::run(&ctx, Some(&questionnaire)),
        None => wizard::run(&ctx, None),
    }
}

pub(crate) use crate::text::clean;

/// Opens the data folder, telling the user once what opening it did.
fn open_store(ctx: &Context) -> anyhow::Result<crate::store::Store> {
    use anyhow::Context as _;
    let store = crate::store::Store::open(&ctx.data_dir).with_context(|| {
        format!("cannot open the data folder {} (choose another with --data-dir)", ctx.data_dir.display())
    })?;
    tell(store.notes());
    Ok(store)
}

/// Notes from the store, on standard error so output stays clean.
fn tell(notes: &[String]) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    for note in notes {
        // A note that cannot be written (standard error closed or full) is no reason to fail.
        let _ = writeln!(err, "note: {}", clean(note));
    }
}
