//! Who a questionnaire file comes from: signatures in minisign's format (`FILE.minisig`
//! beside the file, Ed25519), checked against trusted public keys: the association's,
//! built in, and those the member adds with `sharecheck trust KEY.pub`. Also the
//! editor's side: making a key pair and signing a file, in the same format, so files
//! signed here verify with the `minisign` tool and the reverse.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use crate::tree::Provenance;
use minisign::{KeyPair, PublicKey, PublicKeyBox, SecretKeyBox, SignatureBox};

/// The association's public key, built in. A placeholder pair made for development:
/// its secret half is not in the repository (docs/authoring.md says how to replace it).
pub const ASSOCIATION_KEY: &str = include_str!("../../assets/hta.pub");
pub const ASSOCIATION_NAME: &str = "HTA (the association)";

/// A public key the member trusts, with the name it was given.
#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub name: String,
    pub key: PublicKey,
}

impl TrustedKey {
    /// The id its signatures carry ("1A2B 3C4D 5E6F 7A8B").
    pub fn key_id(&self) -> String {
        key_id(self.key.keynum())
    }

    /// What is read out by phone before trusting it: see [`fingerprint`].
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.key)
    }
}

/// A key id as minisign prints it, in groups of four. It is a label chosen when the key
/// was made, not derived from the key: anyone can give a key of their own the
/// association's id, so it names a key but proves nothing.
pub fn key_id(keynum: &[u8]) -> String {
    group(keynum.iter().rev().map(|b| format!("{b:02X}")).collect())
}

/// A key's fingerprint, to read out by phone before trusting it: the first 16 hex
/// digits of the SHA-256 of the whole public key (its algorithm, id and key bytes), in
/// groups of four. Making another key with the same fingerprint takes about 2^64 tries.
pub fn fingerprint(key: &PublicKey) -> String {
    let hex = crate::fingerprint::sha256_hex(&key.to_bytes()).to_uppercase();
    group(hex[..16].to_owned())
}

fn group(hex: String) -> String {
    hex.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// The name a key file is trusted under: its file name without `.pub`, kept to letters,
/// digits, spaces, `.`, `_` and `-` (a sender chooses the name of a key sent with a
/// file, and it is shown wherever a file signed with it is).
pub fn key_name(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, ' ' | '.' | '_' | '-') { c } else { '_' })
        .take(60)
        .collect();
    if name.trim().is_empty() { "key".into() } else { name }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("{file}: its signature file cannot be read ({reason})")]
    Malformed { file: String, reason: String },
    #[error("{file} is signed with key {key}, which you have not trusted; check the key with the association")]
    UnknownKey { file: String, key: String },
    #[error(
        "{file} does not match its signature: it was changed after it was signed, or the signature is for another file"
    )]
    Mismatch { file: String },
}

/// The keys trusted here: the association's, then the member's.
pub fn trusted_keys(folder: Option<&Path>) -> Vec<TrustedKey> {
    let mut keys: Vec<TrustedKey> =
        read_key(ASSOCIATION_KEY).map(|key| TrustedKey { name: ASSOCIATION_NAME.into(), key }).into_iter().collect();
    let Some(folder) = folder else { return keys };
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|rd| {
            rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "pub")).collect()
        })
        .unwrap_or_default();
    files.sort();
    for path in files {
        let name = key_name(&path);
        let text = crate::tree::load::read_file(&path).ok().map(|b| String::from_utf8_lossy(&b).into_owned());
        if let Some(key) = text.and_then(|t| read_key(&t)) {
            keys.push(TrustedKey { name: flag_lookalike(name), key });
        }
    }
    keys
}

/// A member's key named like the association ("hta", "HTA (the association)") is a
/// different key: it says so wherever its name shows, so a forged file signed with it
/// can never pass for the association's own.
fn flag_lookalike(name: String) -> String {
    if looks_like_association(&name) { format!("{name} [not the association's built-in key]") } else { name }
}

/// A name that reads like the association's ("hta", "HTA (the association)"); whole
/// words only, so "Ashtabula Traders" does not.
pub fn looks_like_association(name: &str) -> bool {
    let lower = name.to_lowercase();
    let mut words = lower.split(|c: char| !c.is_alphanumeric());
    words.any(|w| w == "hta" || w == "association")
}

/// A public key from a `.pub` file's text (two lines) or its base64 line alone.
pub fn read_key(text: &str) -> Option<PublicKey> {
    PublicKeyBox::from_string(text).ok().and_then(|b| b.into_public_key().ok()).or_else(|| {
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
            .and_then(|l| PublicKey::from_base64(l).ok())
    })
}

/// Checks `bytes` (from `file`, named in messages) against the signature text.
pub fn verify(file: &str, bytes: &[u8], signature: &str, keys: &[TrustedKey]) -> Result<Provenance, SignatureError> {
    let sig = SignatureBox::from_string(signature)
        .map_err(|e| SignatureError::Malformed { file: file.into(), reason: e.to_string() })?;
    let Some(trusted) = keys.iter().find(|k| k.key.keynum() == sig.keynum()) else {
        return Err(SignatureError::UnknownKey { file: file.into(), key: key_id(sig.keynum()) });
    };
    minisign::verify(&trusted.key, &sig, Cursor::new(bytes), true, false, false)
        .map_err(|_| SignatureError::Mismatch { file: file.into() })?;
    Ok(Provenance::Signed { by: trusted.name.clone(), key: trusted.key_id() })
}

/// The provenance of a file in the member's folder: signed (checked), or unsigned when
/// there is no `FILE.minisig` beside it.
pub fn of_file(path: &Path, bytes: &[u8], keys: &[TrustedKey]) -> Result<Provenance, SignatureError> {
    match crate::tree::load::read_file(&signature_path(path)).map(|b| String::from_utf8_lossy(&b).into_owned()) {
        Ok(signature) => verify(&path.display().to_string(), bytes, &signature, keys),
        Err(_) => Ok(Provenance::Unsigned),
    }
}

pub fn signature_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".minisig");
    PathBuf::from(name)
}

/// What can go wrong making a key pair or a signature.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot make a key pair: {0}")]
    Generate(minisign::PError),
    #[error("not a minisign secret key: {0}")]
    NotASecretKey(minisign::PError),
    #[error("cannot open the secret key (a wrong password, or an encrypted key without one): {0}")]
    Locked(minisign::PError),
    #[error("cannot sign: {0}")]
    Sign(minisign::PError),
}

/// A new key pair for the editor: the public key's text and the secret key's text
/// (unencrypted when `password` is `None`).
pub fn keygen(comment: &str, password: Option<String>) -> Result<(String, String), KeyError> {
    let pair = match password {
        Some(p) => KeyPair::generate_encrypted_keypair(Some(p)),
        None => KeyPair::generate_unencrypted_keypair(),
    }
    .map_err(KeyError::Generate)?;
    let public = pair.pk.to_box().map_err(KeyError::Generate)?.into_string();
    let public = public.replacen("untrusted comment: minisign public key", &format!("untrusted comment: {comment}"), 1);
    let secret = pair.sk.to_box(Some(comment)).map_err(KeyError::Generate)?.into_string();
    Ok((public, secret))
}

/// Signs `bytes` with the secret key's text; the `.minisig` text.
pub fn sign(bytes: &[u8], secret: &str, password: Option<String>, file_name: &str) -> Result<String, KeyError> {
    let sk_box = SecretKeyBox::from_string(secret).map_err(KeyError::NotASecretKey)?;
    let sk = match password {
        Some(p) => sk_box.into_secret_key(Some(p)),
        None => sk_box.into_unencrypted_secret_key(),
    }
    .map_err(KeyError::Locked)?;
    let trusted = format!("file:{file_name}");
    let sig = minisign::sign(None, &sk, Cursor::new(bytes), Some(&trusted), Some("signature from sharecheck"))
        .map_err(KeyError::Sign)?;
    Ok(sig.into_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_named_like_the_association_is_flagged_by_whole_words() {
        assert!(flag_lookalike("HTA (the association)".into()).ends_with("[not the association's built-in key]"));
        assert!(flag_lookalike("hta-2027".into()).ends_with("[not the association's built-in key]"));
        assert_eq!(flag_lookalike("Ashtabula Traders".into()), "Ashtabula Traders");
    }

    #[test]
    fn a_signature_verifies_and_any_change_or_other_key_is_refused() {
        let (public, secret) = keygen("test key", None).unwrap();
        let key = TrustedKey { name: "Editor".into(), key: read_key(&public).unwrap() };
        let sig = sign(b"id: x\n", &secret, None, "x.yaml").unwrap();
        let got = verify("x.yaml", b"id: x\n", &sig, std::slice::from_ref(&key)).unwrap();
        assert_eq!(got, Provenance::Signed { by: "Editor".into(), key: key.key_id() });
        assert_eq!(
            verify("x.yaml", b"id: y\n", &sig, std::slice::from_ref(&key)),
            Err(SignatureError::Mismatch { file: "x.yaml".into() })
        );
        let (other, _) = keygen("other", None).unwrap();
        let stranger = TrustedKey { name: "Other".into(), key: read_key(&other).unwrap() };
        assert!(matches!(verify("x.yaml", b"id: x\n", &sig, &[stranger]), Err(SignatureError::UnknownKey { .. })));
        assert!(matches!(verify("x.yaml", b"id: x\n", "nonsense", &[key]), Err(SignatureError::Malformed { .. })));
        assert_eq!(key_id(&[0x8b, 0x7a, 0x6f, 0x5e, 0x4d, 0x3c, 0x2b, 0x1a]), "1A2B 3C4D 5E6F 7A8B");
        assert!(read_key(ASSOCIATION_KEY).is_some(), "the built-in key reads");
    }

    /// A key given the association's id by its maker has the association's key id, but
    /// not its fingerprint: the fingerprint is what members check by phone.
    #[test]
    fn a_key_with_a_copied_id_has_another_fingerprint() {
        let association = read_key(ASSOCIATION_KEY).unwrap();
        let (mine, _) = keygen("forger", None).unwrap();
        let mut bytes = read_key(&mine).unwrap().to_bytes();
        bytes[2..10].copy_from_slice(association.keynum());
        let forged = PublicKey::from_bytes(&bytes).unwrap();
        assert_eq!(key_id(forged.keynum()), key_id(association.keynum()));
        assert_ne!(fingerprint(&forged), fingerprint(&association));
        assert_eq!(fingerprint(&association).len(), 19, "16 digits in four groups: {}", fingerprint(&association));
    }

    #[test]
    fn a_key_file_name_keeps_only_plain_characters() {
        assert_eq!(key_name(Path::new("/x/editor-2027.pub")), "editor-2027");
        assert_eq!(key_name(Path::new("/x/ev\u{1b}[31mil\u{202e}.pub")), "ev__31mil_");
    }
}
