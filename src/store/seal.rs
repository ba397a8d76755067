//! Seals: the ledgers' state, short enough to write down, such as
//! `#9f3a2c1b7d4e:42 3f9a8c1e77d02b4a`.
//!
//! A hash chain kept only on the member's disk cannot stop someone who rewrites the
//! records and the ledger together. A seal given to someone else can: later, `verify
//! --seal` proves that today's ledgers still extend it (the entry the seal counted up
//! to still has the same hash), so history rewritten or rolled back after the seal
//! was taken is caught. The seal names each till (device) whose ledger it counted,
//! with its count, in device-id order (`#till-a:30+till-b:12 …`), and its hash covers
//! every one: the SHA-256 of a line `<device> <entries> <hash of its last line>` for
//! each. So it pins the set of tills it saw: a till that is not in it is one that
//! appeared after it, and may add only what happened after it (`verify.rs`).
//! The seal shows the first 16 hex digits (64 bits), and no fewer are accepted:
//! 8 digits (32 bits) can be forged in about an hour on one computer.

use std::fmt;

use sha2::{Digest as _, Sha256};

use super::device::DeviceId;
use super::ledger::{self, Chain, LEDGER_DIR};
use super::{Store, StoreError, layout};
use crate::fingerprint::hex;

/// How many hex digits a seal shows, and the fewest accepted.
const SHOWN: usize = 16;

/// One device's ledger at a moment: how many entries, and the hash of the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub(crate) device: DeviceId,
    pub(crate) entries: u64,
    pub(crate) head: String,
}

/// One till's ledger as a seal counted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SealedTill {
    /// The till; `None` in a seal printed by an earlier version, which gave counts only.
    pub(crate) device: Option<DeviceId>,
    pub(crate) entries: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    /// Each till's ledger, in device-id order (tills with no entries left out).
    pub(crate) tills: Vec<SealedTill>,
    /// Lowercase hex, at least 16 digits.
    pub(crate) hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BadSeal {
    #[error(
        "`{0}` is not a seal: write it as `sharecheck records seal` prints it, such as \
         `#9f3a2c1b7d4e:42 3f9a8c1e77d02b4a` (a #, each till and its entry count, a space, 16 hex digits)"
    )]
    Malformed(String),
    #[error(
        "`{seal}` has only {digits} hex digits after the count; a seal needs at least {SHOWN} (64 bits): a shorter \
         one can be forged by trying every value on one computer. Copy the whole seal as `records seal` printed it"
    )]
    TooShort { seal: String, digits: usize },
}

impl Seal {
    /// The seal of these ledgers (any order).
    pub(crate) fn of(heads: &[ChainHead]) -> Seal {
        let mut heads: Vec<&ChainHead> = heads.iter().filter(|h| h.entries > 0).collect();
        heads.sort_by(|a, b| a.device.cmp(&b.device));
        let parts: Vec<(&DeviceId, u64, &str)> =
            heads.iter().map(|h| (&h.device, h.entries, h.head.as_str())).collect();
        let mut hash = combine(&parts);
        hash.truncate(SHOWN);
        let tills = heads.iter().map(|h| SealedTill { device: Some(h.device.clone()), entries: h.entries }).collect();
        Seal { tills, hash }
    }

    pub(crate) fn parse(text: &str) -> Result<Seal, BadSeal> {
        let bad = || BadSeal::Malformed(text.to_owned());
        let (counts, hash) = text.trim().strip_prefix('#').and_then(|t| t.split_once(' ')).ok_or_else(bad)?;
        let till = |part: &str| -> Option<SealedTill> {
            match part.rsplit_once(':') {
                Some((device, n)) => {
                    Some(SealedTill { device: Some(DeviceId::parse(device)?), entries: n.parse().ok()? })
                }
                None => Some(SealedTill { device: None, entries: part.parse().ok()? }),
            }
        };
        let tills = counts.split('+').map(till).collect::<Option<Vec<_>>>().ok_or_else(bad)?;
        let named = tills.iter().filter(|t| t.device.is_some()).count();
        if tills.is_empty() || (named != 0 && named != tills.len()) {
            return Err(bad());
        }
        let hash = hash.trim().to_ascii_lowercase();
        if hash.len() > 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        if hash.len() < SHOWN {
            return Err(BadSeal::TooShort { seal: text.trim().to_owned(), digits: hash.len() });
        }
        Ok(Seal { tills, hash })
    }

    /// Entries in all the ledgers it counts.
    pub(crate) fn entries(&self) -> u64 {
        self.tills.iter().map(|t| t.entries).sum()
    }

    /// The entry counts, in the seal's order.
    pub fn counts(&self) -> Vec<u64> {
        self.tills.iter().map(|t| t.entries).collect()
    }
}

impl fmt::Display for Seal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tills: Vec<String> = self
            .tills
            .iter()
            .map(|t| match &t.device {
                Some(device) => format!("{device}:{}", t.entries),
                None => t.entries.to_string(),
            })
            .collect();
        let tills = if tills.is_empty() { "0".to_owned() } else { tills.join("+") };
        write!(f, "#{tills} {}", self.hash)
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

/// Which of today's ledgers (given by device, in any order) a seal counted, and up to
/// which entry: one look per till, matched by id. A seal of an earlier version names
/// no tills; it is matched by position when it counted as many ledgers as there are.
pub(crate) fn resolve(seal: &Seal, devices: &[&DeviceId]) -> Result<Vec<Option<u64>>, SealMismatch> {
    let mut counted = vec![None; devices.len()];
    if seal.tills.is_empty() || seal.tills.iter().all(|t| t.entries == 0) {
        return Ok(counted);
    }
    if seal.tills.iter().all(|t| t.device.is_none()) {
        let mut order: Vec<usize> = (0..devices.len()).collect();
        order.sort_by(|a, b| devices[*a].cmp(devices[*b]));
        if order.len() != seal.tills.len() {
            return Err(SealMismatch::Unmatched { counted: seal.tills.len(), now: order.len() });
        }
        for (i, till) in order.into_iter().zip(&seal.tills) {
            counted[i] = Some(till.entries);
        }
        return Ok(counted);
    }
    let index: std::collections::HashMap<&DeviceId, usize> = devices.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    for till in &seal.tills {
        let Some(device) = &till.device else { continue };
        match index.get(device) {
            Some(&i) => counted[i] = Some(till.entries),
            None => {
                return Err(SealMismatch::TillGone { device: device.clone(), entries: till.entries });
            }
        }
    }
    Ok(counted)
}

/// A ledger as it is today, at the count a seal gave it.
#[derive(Debug, Clone)]
pub(crate) struct ChainAtCount {
    pub(crate) device: DeviceId,
    /// How many entries the ledger has today.
    pub(crate) entries: u64,
    /// The count the seal gave it, and the hash of that entry today (if it has it).
    pub(crate) counted: u64,
    pub(crate) hash: Option<String>,
}

/// Why today's ledgers do not extend a seal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealMismatch {
    #[error(
        "that seal was made by an earlier version, which did not name the tills it counted; it counted {counted} \
         ledger(s) and there are {now} now, so it cannot be matched. Compare it on a copy of the folder as it \
         was, or take a new seal with `sharecheck records seal`"
    )]
    Unmatched { counted: usize, now: usize },
    #[error("the ledger of till `{device}`, which the seal counted ({entries} entries), is gone")]
    TillGone { device: DeviceId, entries: u64 },
    #[error(
        "the ledger of till `{device}` has only {entries} entries now, fewer than the {counted} the seal counted: \
         it was rolled back"
    )]
    RolledBack { device: DeviceId, entries: u64, counted: u64 },
    #[error("that seal was not made by sharecheck")]
    NotOurs,
    #[error(
        "entry {counted} of the ledger of till `{device}` is not the one the seal counted: the history was rewritten"
    )]
    Rewritten { device: DeviceId, counted: u64 },
    #[error(
        "the entries the seal counted ({entries}) are not the ones there now: history before the seal was rewritten"
    )]
    RewrittenBefore { entries: u64 },
}

/// Whether the sealed ledgers (those `resolve` matched) still extend `seal`.
pub(crate) fn check(seal: &Seal, chains: &[ChainAtCount]) -> Result<(), SealMismatch> {
    let mut chains: Vec<&ChainAtCount> = chains.iter().filter(|c| c.counted > 0).collect();
    chains.sort_by(|a, b| a.device.cmp(&b.device));
    if let Some(short) = chains.iter().find(|c| c.entries < c.counted) {
        let (device, entries, counted) = (short.device.clone(), short.entries, short.counted);
        return Err(SealMismatch::RolledBack { device, entries, counted });
    }
    let parts: Vec<(&DeviceId, u64, &str)> =
        chains.iter().filter_map(|c| Some((&c.device, c.counted, c.hash.as_deref()?))).collect();
    if parts.len() == chains.len() && combine(&parts).starts_with(&seal.hash) {
        return Ok(());
    }
    Err(match chains.as_slice() {
        [] => SealMismatch::NotOurs,
        [one] => SealMismatch::Rewritten { device: one.device.clone(), counted: one.counted },
        _ => SealMismatch::RewrittenBefore { entries: seal.entries() },
    })
}

/// Every device ledger file in the data folder, with its device id.
pub(crate) fn device_chains(store: &Store) -> Result<Vec<(DeviceId, Chain)>, StoreError> {
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

/// Sync tools' conflicted copies of a device's ledger (`ledger/<device> (conflicted copy
/// 2026-11-22).jsonl`, `ledger/<device>.sync-conflict-….jsonl`): a second computer wrote
/// the ledger of the same device id. Each with the device it copies, in name order.
pub(crate) fn ledger_copies(store: &Store) -> Result<Vec<(DeviceId, std::path::PathBuf)>, StoreError> {
    let dir = store.root().join(LEDGER_DIR);
    let mut out: Vec<(DeviceId, std::path::PathBuf)> = layout::file_names(&dir)?
        .into_iter()
        .filter_map(|n| {
            let n = n.to_string_lossy().into_owned();
            let stem = n.strip_suffix(".jsonl")?;
            if n.starts_with('.') || DeviceId::parse(stem).is_some() {
                return None;
            }
            let device = DeviceId::parse(stem.split([' ', '.']).next()?)?;
            Some((device, dir.join(&n)))
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
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
    fn prints_and_parses_and_refuses_short_seals_with_the_reason() {
        let seal = Seal::of(&[head("b", 12, "x"), head("a", 30, "y")]);
        assert_eq!(seal.counts(), vec![30, 12]);
        assert_eq!(seal.hash.len(), 16);
        assert!(seal.to_string().starts_with("#a:30+b:12 "), "{seal}");
        assert_eq!(Seal::parse(&seal.to_string()).unwrap(), seal);
        let old = Seal::parse(" #42 3F9A8C1E77D02B4A ").unwrap();
        assert_eq!(
            old,
            Seal { tills: vec![SealedTill { device: None, entries: 42 }], hash: "3f9a8c1e77d02b4a".into() }
        );
        for bad in
            ["42 3f9a8c1e77d02b4a", "#x 3f9a8c1e77d02b4a", "#42 zz9a8c1e77d02b4a", "#42", "#a:1+2 3f9a8c1e77d02b4a"]
        {
            assert!(matches!(Seal::parse(bad), Err(BadSeal::Malformed(_))), "{bad}");
        }
        let short = Seal::parse("#42 3f9a8c1e").unwrap_err();
        assert_eq!(short, BadSeal::TooShort { seal: "#42 3f9a8c1e".into(), digits: 8 });
        assert!(short.to_string().contains("at least 16"), "{short}");
    }

    #[test]
    fn a_seal_is_matched_by_till_and_holds_when_a_ledger_grows_but_not_after_a_rewrite() {
        let seal = Seal::of(&[head("b", 2, "b2"), head("d", 1, "d1")]);
        let (b, c, d) = (DeviceId::parse("b").unwrap(), DeviceId::parse("c").unwrap(), DeviceId::parse("d").unwrap());
        // A new till `c` sorts between b and d: it is not counted.
        assert_eq!(resolve(&seal, &[&d, &c, &b]), Ok(vec![Some(1), None, Some(2)]));
        let at = |device: &DeviceId, entries: u64, counted: u64, line: &str| ChainAtCount {
            device: device.clone(),
            entries,
            counted,
            hash: Some(crate::fingerprint::sha256_hex(line.as_bytes())),
        };
        assert_eq!(check(&seal, &[at(&d, 1, 1, "d1"), at(&b, 5, 2, "b2")]), Ok(()));
        assert_eq!(
            check(&seal, &[at(&d, 1, 1, "d1"), at(&b, 5, 2, "B2")]),
            Err(SealMismatch::RewrittenBefore { entries: 3 })
        );
        let rolled_back = check(&seal, &[at(&d, 1, 1, "d1"), at(&b, 1, 2, "b1")]).unwrap_err();
        assert_eq!(rolled_back, SealMismatch::RolledBack { device: b.clone(), entries: 1, counted: 2 });
        assert!(rolled_back.to_string().contains("till `b` has only 1 entries now, fewer than the 2"));
        assert_eq!(
            resolve(&seal, &[&d, &c]),
            Err(SealMismatch::TillGone { device: b, entries: 2 }),
            "a sealed till's ledger removed"
        );
    }

    #[test]
    fn matching_is_one_look_per_till_however_many_ledgers_there_are() {
        let devices: Vec<DeviceId> = (0..2000).map(|i| DeviceId::parse(&format!("till{i:04}")).unwrap()).collect();
        let heads: Vec<ChainHead> =
            devices.iter().map(|d| ChainHead { device: d.clone(), entries: 3, head: d.to_string() }).collect();
        let seal = Seal::of(&heads[..1999]);
        let refs: Vec<&DeviceId> = devices.iter().collect();
        let counted = resolve(&seal, &refs).unwrap();
        assert_eq!(counted.iter().filter(|c| c.is_some()).count(), 1999);
        let at: Vec<ChainAtCount> = devices
            .iter()
            .zip(&counted)
            .map(|(d, c)| ChainAtCount {
                device: d.clone(),
                entries: 3,
                counted: c.unwrap_or(0),
                hash: Some(d.to_string()),
            })
            .collect();
        assert_eq!(check(&seal, &at), Ok(()));
    }
}
