//! `sharecheck install`, `uninstall`, `trust`, `keygen` and `sign`: questionnaire (and
//! bank-holidays) updates a member can trust, and the editor's side of signing them.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::{Context, clean};
use crate::store::atomic;
use crate::tree::Provenance;
use crate::tree::holidays;
use crate::tree::{Origin, load_file};
use crate::trust;

fn user_folder(ctx: &Context) -> anyhow::Result<&Path> {
    ctx.locations.user_folder.as_deref().context("this system has no configuration folder for questionnaires")
}

fn keys_folder(ctx: &Context) -> anyhow::Result<&Path> {
    ctx.locations.keys_folder.as_deref().context("this system has no configuration folder for trusted keys")
}

/// Writes a file whole (temp file, sync, rename), 0600, in a 0700 folder.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        atomic::create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    crate::export::write(path, &String::from_utf8_lossy(bytes))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Asks `question` on a terminal; `yes` (or no terminal to ask on) decides otherwise.
fn confirm(question: &str, yes: bool) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        bail!("{question} Add --yes to go ahead without being asked.");
    }
    Ok(matches!(ask(&format!("{question} [y/N] "))?.trim(), "y" | "Y" | "yes"))
}

/// Prints `prompt` and reads the line typed at the terminal, without its line ending.
fn ask(prompt: &str) -> anyhow::Result<String> {
    print!("{prompt}");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

pub(crate) fn install(
    ctx: &Context,
    files: &[PathBuf],
    allow_unsigned: bool,
    allow_downgrade: bool,
    yes: bool,
) -> anyhow::Result<ExitCode> {
    let catalog = ctx.catalog();
    let folder = user_folder(ctx)?;
    for file in files {
        // A path pasted in quotes, or starting with `~`, as the app's install panel reads it.
        let file = &file.to_str().map_or_else(|| file.clone(), crate::text::typed_path);
        let now = chrono::Local::now().fixed_offset();
        let checked = crate::install::Checked::file(file, &catalog, now, allow_downgrade)
            .map_err(|e| anyhow::anyhow!(clean(&e.to_string())))?;
        let p = match checked {
            crate::install::Checked::Questionnaire(p) => p,
            crate::install::Checked::Holidays(p) => {
                install_holidays(&p, folder, yes)?;
                continue;
            }
        };
        if p.provenance == Provenance::Unsigned && !allow_unsigned {
            bail!(
                "{} is not signed, so nobody can tell it came from the association. Ask for the signed file \
                 (with {} beside it), or install it anyway with --allow-unsigned: every check made with it is \
                 then marked unsigned.",
                file.display(),
                trust::signature_path(file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            );
        }
        let q = &p.questionnaire;
        println!("{} ({}), version {}: {}.", clean(&q.title), q.id, clean(&q.version), clean(&p.provenance.describe()));
        match p.scenarios {
            Some(n) => println!("Its {n} scenario{} came with it and pass.", if n == 1 { "" } else { "s" }),
            None => println!("No scenarios came with it, so none were run."),
        }
        if p.already {
            println!("This exact file is already in use; nothing to do.");
            continue;
        }
        match &p.replaces {
            Some((provenance, _)) => {
                println!("Changes from the version in use ({}):", clean(&provenance.describe()));
                for c in &p.changes {
                    println!("  - {}", clean(c));
                }
            }
            None => println!("A new questionnaire."),
        }
        if !confirm("Install it?", yes)? {
            println!("Not installed.");
            continue;
        }
        crate::install::install(&p, folder).map_err(|e| anyhow::anyhow!(e.to_string()))?;
        println!("Installed in {}.", folder.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Installs a bank-holidays file: signed by a trusted key, never older than the one in
/// use unless `allow_downgrade`, its changes shown day by day before it is copied in.
fn install_holidays(p: &crate::install::HolidaysPreview, folder: &Path, yes: bool) -> anyhow::Result<()> {
    let h = &p.holidays;
    println!("Bank holidays, version {}: {}.", clean(&h.version), clean(&h.file.provenance.describe()));
    println!("Years covered: {}.", clean(&h.coverage()));
    if p.already {
        println!("This exact file is already in use; nothing to do.");
        return Ok(());
    }
    println!("Changes from the bank holidays in use ({}):", clean(&p.replaces.describe()));
    for c in &p.changes {
        println!("  - {}", clean(c));
    }
    if !p.is_newer_than_built_in() {
        println!(
            "It is not newer than the built-in bank holidays (version {}), so those stay in use.",
            holidays::built_in().version
        );
    }
    if !confirm("Install it?", yes)? {
        println!("Not installed.");
        return Ok(());
    }
    let path = crate::install::install_holidays(p, folder).map_err(|e| anyhow::anyhow!(e.to_string()))?;
    println!("Installed as {}.", path.display());
    Ok(())
}

pub(crate) fn uninstall(ctx: &Context, id: &str) -> anyhow::Result<ExitCode> {
    let folder = user_folder(ctx)?;
    let path = folder.join(format!("{id}.yaml"));
    if !path.is_file() {
        bail!("`{id}` is not installed in {} (built-in questionnaires cannot be removed)", folder.display());
    }
    std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    let _ = std::fs::remove_file(trust::signature_path(&path));
    let catalog = ctx.catalog();
    if id == holidays::KIND {
        println!("Removed your bank-holidays file; now in use: {}.", clean(&catalog.holidays.describe()));
        return Ok(ExitCode::SUCCESS);
    }
    match catalog.get(id) {
        Some(q) => println!(
            "Removed your copy of `{id}`; the {} version {} is used again.",
            clean(&q.file.provenance.describe()),
            q.version
        ),
        None => println!("Removed `{id}`."),
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn trust_key(ctx: &Context, key: Option<&Path>, list: bool, yes: bool) -> anyhow::Result<ExitCode> {
    if list || key.is_none() {
        for k in &ctx.catalog().keys {
            println!("{}  (key {})  {}", k.fingerprint(), k.key_id(), clean(&k.name));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(path) = key else { return Ok(ExitCode::SUCCESS) };
    let text = crate::tree::load::read_file(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .with_context(|| format!("cannot read {}", path.display()))?;
    let Some(public) = trust::read_key(&text) else {
        bail!("{} is not a minisign public key", path.display());
    };
    let name = trust::key_name(path);
    let fingerprint = trust::fingerprint(&public);
    println!(
        "Fingerprint {fingerprint} ({name}, key {}). Check these 16 characters with the association by phone, on \
         the number you already have, before you trust it.",
        trust::key_id(public.keynum())
    );
    if !confirm("Trust files signed with this key?", yes)? {
        println!("Not trusted.");
        return Ok(ExitCode::SUCCESS);
    }
    let folder = keys_folder(ctx)?;
    crate::install::trust_key(folder, &name, &text)?;
    println!("Trusted: files signed with key {} now show as signed by {name}.", trust::key_id(public.keynum()));
    Ok(ExitCode::SUCCESS)
}

/// The password for a secret key: none with --unencrypted, else from
/// SHARECHECK_KEY_PASSWORD, else asked on the terminal.
fn password(unencrypted: bool) -> anyhow::Result<Option<String>> {
    if unencrypted {
        return Ok(None);
    }
    if let Ok(p) = std::env::var("SHARECHECK_KEY_PASSWORD") {
        return Ok(Some(p));
    }
    if !std::io::stdin().is_terminal() {
        bail!("give the key's password in SHARECHECK_KEY_PASSWORD, or use --unencrypted for a key without one");
    }
    Ok(Some(ask("Password for the secret key: ")?))
}

pub(crate) fn keygen(out: &Path, name: &str, unencrypted: bool) -> anyhow::Result<ExitCode> {
    let (public_path, secret_path) = (out.join(format!("{name}.pub")), out.join(format!("{name}.key")));
    if public_path.exists() || secret_path.exists() {
        bail!("{} or {} exists already; choose another folder or name", public_path.display(), secret_path.display());
    }
    let (public, secret) = trust::keygen(&format!("{name} questionnaire signing key"), password(unencrypted)?)?;
    write_private(&public_path, public.as_bytes())?;
    write_private(&secret_path, secret.as_bytes())?;
    let key = trust::read_key(&public).context("the new key does not read back")?;
    println!(
        "Public key: {} (send this to members; key {}, fingerprint {}: read the fingerprint to a member who rings \
         to check it)",
        public_path.display(),
        trust::key_id(key.keynum()),
        trust::fingerprint(&key)
    );
    println!("Secret key: {} (keep it safe and never send it)", secret_path.display());
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn sign(
    ctx: &Context,
    file: &Path,
    key: &Path,
    unencrypted: bool,
    no_tests: bool,
) -> anyhow::Result<ExitCode> {
    // A questionnaire is checked and its scenarios run first; any other file (a release's
    // SHA256SUMS) is signed as it is.
    let is_yaml = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let tested = !is_yaml || check_before_signing(ctx, file, no_tests)?;
    let bytes = crate::tree::load::read_file(file).with_context(|| format!("cannot read {}", file.display()))?;
    let secret = crate::tree::load::read_file(key)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .with_context(|| format!("cannot read {}", key.display()))?;
    let mut name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if !tested {
        name.push_str(" (signed without running its scenarios)");
    }
    let signature = trust::sign(&bytes, &secret, password(unencrypted)?, &name)?;
    let out = trust::signature_path(file);
    std::fs::write(&out, signature).with_context(|| format!("cannot write {}", out.display()))?;
    println!("Signed: {} (send it with {})", out.display(), file.display());
    Ok(ExitCode::SUCCESS)
}

/// A questionnaire is signed only without mistakes and, unless `no_tests`, with its scenarios
/// passing; whether they ran.
fn check_before_signing(ctx: &Context, file: &Path, no_tests: bool) -> anyhow::Result<bool> {
    if holidays::is_holidays_file(file) {
        // A bank-holidays file has no scenarios: it is signed when it reads without a mistake.
        let h = holidays::load_file(file, Origin::Given).map_err(|report| {
            eprintln!("{}", clean(&report.render()));
            anyhow::anyhow!("{} has mistakes; fix them before signing it", file.display())
        })?;
        println!("Bank holidays, version {}; years covered: {}.", clean(&h.version), clean(&h.coverage()));
        return Ok(true);
    }
    let loaded = load_file(file, Origin::Given);
    let Some(q) = loaded.questionnaire.as_ref().filter(|_| !loaded.has_errors()) else {
        eprintln!("{}", clean(&loaded.render()));
        bail!("{} has mistakes; fix them before signing it", file.display());
    };
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // Working days are counted with the bank holidays this machine uses, as `test` counts them.
    let q = ctx.catalog().with_holidays(std::sync::Arc::clone(q));
    Ok(match crate::install::run_scenarios(file, &q, chrono::Local::now().date_naive()) {
        _ if no_tests => false,
        Ok(Some(n)) => {
            println!("Its {n} scenario{} pass.", if n == 1 { "" } else { "s" });
            true
        }
        Ok(None) => bail!(
            "no scenarios found for {} ({stem}.tests.yaml or tests/{stem}.yaml beside it): members' installs run \
             them, so write them first, or sign without them with --no-tests",
            file.display()
        ),
        Err(report) => {
            eprintln!("{}", clean(&report.to_string()));
            bail!("{} fails its scenarios; fix them before signing it (or sign with --no-tests)", file.display())
        }
    })
}
