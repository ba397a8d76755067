//! Seals: the ledger's state, short enough to write down, such as `#42 3f9a8c1e77d02b4a`.
//!
//! A hash chain kept only on the member's disk cannot stop someone who rewrites the
//! records and the ledger together. A seal given to someone else can: later, `verify
//! --seal` proves that today's ledger still extends it (the entry the seal counted up
//! to still has the same hash), so history rewritten or rolled back after the seal
//! was taken is caught. With several computers (tills) the seal counts each one's
//! ledger, in the order of their device ids (`#30+12 …`), and its hash covers every
//! one: the SHA-256 of a line `<device> <entries> <hash of its last line>` for each.
//! The seal shows the first 16 hex digits (64 bits); any 8 or more are accepted.

use std::fmt;

use sha2::{Digest as _, Sha256};

use super::device::DeviceId;
use super::ledger::{self, Chain, LEDGER_DIR};
use super::{Store, StoreError, layout};
use crate::fingerprint::hex;

/// How many hex digits a seal shows.
const SHOWN: usize = 16;
const MIN_DIGITS: usize = 8;

/// One device's ledger at a moment: how many entries, and the hash of the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub device: DeviceId,
    pub entries: u64,
    pub head: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    /// Entries in each device's ledger, in device-id order (devices with none left out).
    pub counts: Vec<u64>,
    /// Lowercase hex, at least 8 digits.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a seal: write it as `sharecheck records seal` prints it, such as `#42 3f9a8c1e77d02b4a` (a #, the \
     entry count, a space, at least 8 hex digits)"
)]
pub struct BadSeal(pub String);

impl Seal {
    /// The seal of these ledgers (any order).
    pub fn of(heads: &[ChainHead]) -> Seal {
        let mut heads: Vec<&ChainHead> = heads.iter().filter(|h| h.entries > 0).collect();
        heads.sort_by(|a, b| a.device.cmp(&b.device));
        let parts: Vec<(&DeviceId, u64, &str)> =
            heads.iter().map(|h| (&h.device, h.entries, h.head.as_str())).collect();
        let mut hash = combine(&parts);
        hash.truncate(SHOWN);
        Seal { counts: heads.iter().map(|h| h.entries).collect(), hash }
    }

    pub fn parse(text: &str) -> Result<Seal, BadSeal> {
        let bad = || BadSeal(text.to_owned());
        let (counts, hash) = text.trim().strip_prefix('#').and_then(|t| t.split_once(' ')).ok_or_else(bad)?;
        let counts = counts.split('+').map(|c| c.parse::<u64>().map_err(|_| bad())).collect::<Result<Vec<_>, _>>()?;
        let hash = hash.trim().to_ascii_lowercase();
        let hex_ok = (MIN_DIGITS..=64).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit());
        if !hex_ok || counts.is_empty() {
            return Err(bad());
        }
        Ok(Seal { counts, hash })
    }

    /// Entries in all the ledgers it counts.
    pub fn entries(&self) -> u64 {
        self.counts.iter().sum()
    }
}

impl fmt::Display for Seal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts: Vec<String> = self.counts.iter().map(u64::to_string).collect();
        let counts = if counts.is_empty() { "0".to_owned() } else { counts.join("+") };
        write!(f, "#{counts} {}", self.hash)
    }
}

/// The full hash over `(device, entries, head)` parts, in device order.
fn combine(parts: &[(&DeviceId, u64, &str)]) -> String {
    let mut sha = Sha256::new();
    for (device, entries, head) in parts {
        sha.update(format!("{device} {entries} {head}\n").as_bytes());
    }
    hex(&sha.finalize())
}

/// What today's ledgers looked like at the counts a seal names, for checking it.
#[derive(Debug, Clone)]
pub struct ChainAtCounts {
    pub device: DeviceId,
    /// How many entries the ledger has today.
    pub entries: u64,
    /// The hash of entry n, for each n the seal names that the ledger has.
    pub hash_at: std::collections::BTreeMap<u64, String>,
}

/// Whether today's ledgers extend `seal`: some of them, in device order, had exactly
/// the seal's counts and hash. `Err` says why not, in words.
pub fn check(seal: &Seal, chains: &[ChainAtCounts]) -> Result<(), String> {
    let mut chains: Vec<&ChainAtCounts> = chains.iter().collect();
    chains.sort_by(|a, b| a.device.cmp(&b.device));
    let k = seal.counts.len();
    if seal.counts == [0] {
        return if combine(&[]).starts_with(&seal.hash) {
            Ok(())
        } else {
            Err("that seal was not made by sharecheck".into())
        };
    }
    let mut found = false;
    let mut pick = Vec::with_capacity(k);
    choose(&chains, seal, 0, &mut pick, &mut found);
    if found {
        return Ok(());
    }
    if let ([chain], [count]) = (chains.as_slice(), seal.counts.as_slice()) {
        return Err(if chain.entries < *count {
            format!(
                "the ledger has only {} entries now, fewer than the {count} the seal counted: it was rolled back",
                chain.entries
            )
        } else {
            format!("entry {count} of the ledger is not the one the seal counted: the history was rewritten")
        });
    }
    Err(format!(
        "no reading of today's ledgers gives that seal: entries the seal counted ({}) were removed or rewritten",
        seal.entries()
    ))
}

/// Tries every order-keeping choice of `k` ledgers for the seal's `k` counts.
fn choose<'a>(
    chains: &[&'a ChainAtCounts],
    seal: &Seal,
    from: usize,
    pick: &mut Vec<&'a ChainAtCounts>,
    found: &mut bool,
) {
    if *found {
        return;
    }
    if pick.len() == seal.counts.len() {
        let parts: Option<Vec<(&DeviceId, u64, &str)>> =
            pick.iter().zip(&seal.counts).map(|(c, n)| c.hash_at.get(n).map(|h| (&c.device, *n, h.as_str()))).collect();
        *found = parts.is_some_and(|p| combine(&p).starts_with(&seal.hash));
        return;
    }
    let need = seal.counts.len() - pick.len();
    for i in from..chains.len() {
        if chains.len() - i < need {
            break;
        }
        pick.push(chains[i]);
        choose(chains, seal, i + 1, pick, found);
        pick.pop();
    }
}

/// Every device ledger file in the data folder, with its device id.
pub fn device_chains(store: &Store) -> Result<Vec<(DeviceId, Chain)>, StoreError> {
    let dir = store.root().join(LEDGER_DIR);
    let mut out: Vec<(DeviceId, Chain)> = layout::file_names(&dir)?
        .into_iter()
        .filter_map(|n| {
            let n = n.to_string_lossy().into_owned();
            let device = DeviceId::parse(n.strip_suffix(".jsonl")?)?;
            Some((device, Chain { path: dir.join(&n) }))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

impl Store {
    /// The seal of the ledgers as they are now (read from their last lines only).
    pub fn seal(&self) -> Result<Seal, StoreError> {
        let _lock = ledger::lock(self.root(), true, &self.faults)?;
        current(self)
    }
}

/// The seal now, for a caller that holds the ledger lock already.
pub(super) fn current(store: &Store) -> Result<Seal, StoreError> {
    let mut heads = Vec::new();
    for (device, chain) in device_chains(store)? {
        let tail = chain.tail()?;
        if let Some(seq) = tail.last_entry().and_then(|e| e.seq) {
            heads.push(ChainHead { device, entries: seq, head: tail.head() });
        }
    }
    Ok(Seal::of(&heads))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(device: &str, entries: u64, line: &str) -> ChainHead {
        ChainHead {
            device: DeviceId::parse(device).unwrap(),
            entries,
            head: crate::fingerprint::sha256_hex(line.as_bytes()),
        }
    }

    #[test]
    fn prints_and_parses() {
        let seal = Seal::of(&[head("b", 12, "x"), head("a", 30, "y")]);
        assert_eq!(seal.counts, vec![30, 12]);
        assert_eq!(seal.hash.len(), 16);
        assert_eq!(Seal::parse(&seal.to_string()).unwrap(), seal);
        assert_eq!(Seal::parse(" #42 3F9A8C1E ").unwrap(), Seal { counts: vec![42], hash: "3f9a8c1e".into() });
        for bad in ["42 3f9a8c1e", "#42 3f9a8c", "#x 3f9a8c1e", "#42 zz9a8c1e", "#42"] {
            assert!(Seal::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_seal_holds_when_a_ledger_grows_or_a_new_till_joins_but_not_after_a_rewrite() {
        let seal = Seal::of(&[head("b", 2, "b2"), head("d", 1, "d1")]);
        let at = |device: &str, entries: u64, pairs: &[(u64, &str)]| ChainAtCounts {
            device: DeviceId::parse(device).unwrap(),
            entries,
            hash_at: pairs.iter().map(|(n, l)| (*n, crate::fingerprint::sha256_hex(l.as_bytes()))).collect(),
        };
        // b grew to 5 entries, and a new till `c` sorts between b and d.
        let today =
            [at("b", 5, &[(2, "b2"), (1, "b1")]), at("c", 2, &[(1, "c1"), (2, "c2")]), at("d", 1, &[(1, "d1")])];
        assert_eq!(check(&seal, &today), Ok(()));
        let rewritten = [at("b", 5, &[(2, "B2")]), at("d", 1, &[(1, "d1")])];
        assert!(check(&seal, &rewritten).is_err());
        let one = Seal::of(&[head("a", 42, "a42")]);
        let rolled = [at("a", 40, &[])];
        assert!(check(&one, &rolled).unwrap_err().contains("rolled back"));
    }
}
