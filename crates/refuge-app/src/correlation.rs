//! Correlation of perpetrator identifiers across reports (issue 11): "the number that
//! threatened her also threatened four other families".
//!
//! Each report's identifiers (the reporter's and those caseworkers add) are reduced to
//! matching keys (`refuge-identifiers`) and kept as an *identifier set*: sealed at intake to
//! the correlation key's age recipient (nobody is signed in then), and re-sealed under the key's
//! set key once indexed. The index holds truncated HMAC tags only (`refuge_crypto::correlation`);
//! a tag finds candidates, and opening their sets confirms them. The correlation key lives
//! sealed to each member who may correlate (and the recovery key), and in memory only while a
//! request or an indexing run started from one needs it.
//!
//! SECURITY: what the index reveals without the key (which reports may share *some*
//! identifier) is written in `docs/security-model.md`. Nothing here logs a key or a value.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use refuge_crypto::CorrelationKey;
use refuge_domain::audit::AuditAction;
use refuge_domain::ports::{AuditEntry, IndexedSet, StoredIdentifierSet};
use refuge_domain::report::{Identifier, Report};
use refuge_domain::taxonomy::IdentifierKind;
use refuge_domain::{Day, Permission, ReportId};
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use crate::sessions::StaffSession;
use crate::{AppError, Refuge};

/// Sets read from the queue at once, and written in one transaction.
const INDEX_BATCH: u32 = 256;

/// How long a page request spends indexing before it answers (the rest continues in the
/// background): enough for a day's reports on a small instance.
pub const INDEX_IN_REQUEST: Duration = Duration::from_millis(250);

/// The format of a sealed identifier set.
const SET_FORMAT: u32 = 1;

/// A report's identifiers reduced to keys: what its sealed set holds. Wiped when dropped.
#[derive(Serialize, Deserialize, Default)]
struct IdentifierSet {
    v: u32,
    /// The report it belongs to: a set moved to another report's row is refused.
    report: String,
    entries: Vec<SetEntry>,
}

impl IdentifierSet {
    fn is_of(&self, report: ReportId) -> bool {
        self.report == report.to_string()
    }
}

#[derive(Serialize, Deserialize, Clone)]
struct SetEntry {
    kind: IdentifierKind,
    /// Keys of the identifier as written (normalised).
    exact: Vec<String>,
    /// Keys reached through a transliteration (names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    transliterated: Vec<String>,
}

impl Drop for SetEntry {
    fn drop(&mut self) {
        self.exact.iter_mut().for_each(Zeroize::zeroize);
        self.transliterated.iter_mut().for_each(Zeroize::zeroize);
    }
}

impl SetEntry {
    fn of(kind: IdentifierKind, value: &str, regions: &[&str]) -> SetEntry {
        let (exact, transliterated): (Vec<_>, Vec<_>) =
            refuge_identifiers::keys_for(kind, value, regions)
                .into_iter()
                .partition(|key| key.exact);
        SetEntry {
            kind,
            exact: exact.into_iter().map(|k| k.key).collect(),
            transliterated: transliterated.into_iter().map(|k| k.key).collect(),
        }
    }

    fn keys(&self) -> impl Iterator<Item = &String> {
        self.exact.iter().chain(&self.transliterated)
    }

    /// How this identifier meets `other`, if it does: exactly when they share a key of the
    /// identifier as written, else through transliteration.
    fn meets(&self, other: &SetEntry) -> Option<MatchHow> {
        if self.exact.iter().any(|k| other.exact.contains(k)) {
            Some(MatchHow::Exact)
        } else {
            let theirs: Vec<&String> = other.keys().collect();
            self.keys()
                .any(|k| theirs.contains(&k))
                .then_some(MatchHow::Transliterated)
        }
    }
}

/// Where a phone number written without its country code may be from: the report's host
/// country and origin state.
fn report_regions(report: &Report) -> Vec<&str> {
    report
        .host_country
        .iter()
        .chain(&report.origin_state)
        .map(String::as_str)
        .collect()
}

fn set_of<'a>(
    report: ReportId,
    identifiers: impl Iterator<Item = &'a Identifier>,
    regions: &[&str],
) -> IdentifierSet {
    IdentifierSet {
        v: SET_FORMAT,
        report: report.to_string(),
        entries: identifiers
            .map(|identifier| SetEntry::of(identifier.kind, &identifier.value, regions))
            .filter(|entry| entry.keys().next().is_some())
            .collect(),
    }
}

/// The sorted, distinct tags of the keys of `entries`.
fn tags_of<'a>(key: &CorrelationKey, entries: impl Iterator<Item = &'a SetEntry>) -> Vec<i64> {
    let mut tags: Vec<i64> = entries
        .flat_map(SetEntry::keys)
        .map(|k| key.tag(k))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

fn parse_set(plain: &[u8]) -> Option<IdentifierSet> {
    serde_json::from_slice::<IdentifierSet>(plain)
        .ok()
        .filter(|set| set.v == SET_FORMAT)
}

/// How two identifiers met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchHow {
    Exact,
    /// Through a transliteration (a name in another script): shown as such, never as exact.
    Transliterated,
}

impl MatchHow {
    pub fn code(self) -> &'static str {
        match self {
            MatchHow::Exact => "exact",
            MatchHow::Transliterated => "transliterated",
        }
    }
}

/// A report that shares an identifier, which the viewer can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedReport {
    pub id: ReportId,
    pub how: MatchHow,
    /// The day it was received (how caseworkers tell reports apart).
    pub received: Day,
}

/// The other reports that share one identifier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentifierMatches {
    /// Those the viewer can read, by id.
    pub readable: Vec<MatchedReport>,
    /// How many others share it that the viewer cannot read (they may ask a colleague).
    pub others: usize,
}

/// Who recorded an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifierSource {
    Reporter,
    /// A caseworker, on the case card.
    Caseworker,
}

/// One identifier of a report with what it matches.
#[derive(Debug, Clone)]
pub struct ReportIdentifier {
    pub identifier: Identifier,
    pub source: IdentifierSource,
    pub matches: IdentifierMatches,
}

/// A report's identifiers with their matches, or why there are none to show.
#[derive(Debug, Clone)]
pub struct ReportCorrelation {
    pub identifiers: Vec<ReportIdentifier>,
    /// The viewer holds the correlation key (else matches are empty: a colleague who holds it
    /// shares it by signing in).
    pub available: bool,
    /// Sets still waiting to be indexed (their matches may be missing yet).
    pub pending: u64,
}

/// A group of readable reports joined by shared identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Its reports and the day each was received.
    pub reports: Vec<(ReportId, Day)>,
    /// The kinds of the identifiers that join them.
    pub kinds: Vec<IdentifierKind>,
    /// Which reports share something directly.
    pub links: Vec<ClusterLink>,
}

/// The groups shown (largest first, at most the limit asked), how many there are in all, and
/// how many sets still wait to be indexed (groups may be missing reports until they are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clusters {
    pub clusters: Vec<Cluster>,
    pub total: usize,
    pub pending: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterLink {
    pub from: ReportId,
    pub to: ReportId,
    pub kinds: Vec<IdentifierKind>,
    pub how: MatchHow,
}

/// How far the index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorrelationStatus {
    pub available: bool,
    pub pending: u64,
}

/// Clears the flag that says a background indexing run goes on (one per app server at a
/// time; two servers indexing the same set is harmless, the version check keeps one) when the
/// run ends, however it ends.
struct RunGuard(Arc<AtomicBool>);

impl Drop for RunGuard {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl Refuge {
    /// The identifier set of a new report, sealed to the correlation key's recipient (`None`
    /// while the instance has no correlation key: the first correlator who can read the report
    /// builds it).
    pub(crate) async fn intake_identifier_set(
        &self,
        id: ReportId,
        report: &Report,
    ) -> Result<Option<Vec<u8>>, AppError> {
        let Some(recipient) = self.store.correlation_recipient().await? else {
            return Ok(None);
        };
        let set = set_of(id, report.identifiers.iter(), &report_regions(report));
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(&set).map_err(|e| AppError::Unavailable(e.to_string()))?,
        );
        Ok(Some(
            refuge_crypto::encrypt_to_recipients(&[recipient], &plain)
                .map_err(|_| AppError::Unavailable("sealing an identifier set".into()))?,
        ))
    }

    /// The session's copy of the correlation key. The first member who may correlate to ask
    /// makes it (sealed to every such member and the recovery key); a member not given a copy
    /// yet gets `None` until a colleague holding it signs in.
    async fn correlation_key(
        &self,
        session: &StaffSession,
    ) -> Result<Option<CorrelationKey>, AppError> {
        if let Some(sealed) = self.store.correlation_grant(session.staff.id).await? {
            // One X25519 agreement: quick enough for the request's own thread.
            let key = CorrelationKey::open_copy(&session.identity, &sealed)
                .map_err(|_| AppError::Unavailable("correlation key did not open".into()))?;
            return Ok(Some(key));
        }
        if self.store.correlation_recipient().await?.is_some() {
            return Ok(None);
        }
        let key = CorrelationKey::generate();
        let grants = self.correlation_copies(&key, &[]).await?;
        let made = self
            .store
            .create_correlation_key(
                &key.recipient(),
                &grants,
                &AuditEntry {
                    at: self.now(),
                    actor: Some(session.staff.id),
                    action: AuditAction::CorrelationKeyCreated,
                    report: None,
                    subject: String::new(),
                },
            )
            .await?;
        if made {
            self.keep_recovery_copy(&key).await?;
            Ok(Some(key))
        } else {
            // Another server made one at the same moment: use theirs.
            Box::pin(self.correlation_key(session)).await
        }
    }

    /// Copies of the key sealed to each enabled member who may correlate and is not in
    /// `holders`.
    async fn correlation_copies(
        &self,
        key: &CorrelationKey,
        holders: &[refuge_domain::StaffId],
    ) -> Result<Vec<(refuge_domain::StaffId, Vec<u8>)>, AppError> {
        let mut copies = Vec::new();
        for member in self.store.list_staff().await? {
            if member.disabled
                || !member.role.may(Permission::WorkCases)
                || holders.contains(&member.id)
            {
                continue;
            }
            let sealed = key
                .seal_copy(std::slice::from_ref(&member.public_key))
                .map_err(|_| AppError::Unavailable("sealing the correlation key".into()))?;
            copies.push((member.id, sealed));
        }
        Ok(copies)
    }

    /// Keeps a copy sealed to the current recovery key, if there is one and the copy is older.
    async fn keep_recovery_copy(&self, key: &CorrelationKey) -> Result<(), AppError> {
        let Some(recovery) = self.store.recovery_key().await? else {
            return Ok(());
        };
        let current = self.store.correlation_recovery_copy().await?;
        if current.as_ref().map(|(to, _)| to) != Some(&recovery) {
            let sealed = key
                .seal_copy(std::slice::from_ref(&recovery))
                .map_err(|_| AppError::Unavailable("sealing the correlation key".into()))?;
            self.store
                .set_correlation_recovery_copy(&recovery, &sealed)
                .await?;
        }
        Ok(())
    }

    /// A holder shares the key with members who lack a copy (new accounts) and the current
    /// recovery key.
    async fn share_correlation_key(&self, key: &CorrelationKey) -> Result<(), AppError> {
        let holders = self.store.correlation_grantees().await?;
        let copies = self.correlation_copies(key, &holders).await?;
        self.store.insert_correlation_grants(&copies).await?;
        self.keep_recovery_copy(key).await
    }

    /// The correlation key for this request, with the queue worked off for up to `budget`
    /// (and the rest handed to a background run). `None`: this member holds no copy yet.
    pub(crate) async fn prepare_correlation(
        &self,
        session: &StaffSession,
        budget: Duration,
    ) -> Result<Option<CorrelationKey>, AppError> {
        session.require(Permission::WorkCases)?;
        let Some(key) = self.correlation_key(session).await? else {
            return Ok(None);
        };
        self.share_correlation_key(&key).await?;
        let done = self
            .index_pending(&key, Some(session), Instant::now() + budget)
            .await?;
        if !done {
            self.index_in_background(&key, session)?;
        }
        Ok(Some(key))
    }

    /// Starts indexing in the background from this session, unless a run is going on or
    /// nothing waits (the inbox calls it: one query when nothing waits, and the request does
    /// not wait for the run).
    pub(crate) async fn start_indexing(&self, session: &StaffSession) -> Result<(), AppError> {
        if !self.nothing_to_index(session).await?
            && let Some(key) = self.correlation_key(session).await?
        {
            self.share_correlation_key(&key).await?;
            self.index_in_background(&key, session)?;
        }
        Ok(())
    }

    /// Whether no run could start for this session: one goes on already, or nothing waits
    /// that it could index.
    async fn nothing_to_index(&self, session: &StaffSession) -> Result<bool, AppError> {
        Ok(!session.may(Permission::WorkCases)
            || session.must_enrol
            || self.indexing.load(Ordering::Acquire)
            || self
                .store
                .pending_identifier_sets(None, 1, Some(session.staff.id))
                .await?
                .is_empty())
    }

    /// Continues indexing in a task of its own, holding copies of the correlation key and of
    /// `session` (to build the sets of reports it can read) until nothing it can do is left.
    fn index_in_background(
        &self,
        key: &CorrelationKey,
        session: &StaffSession,
    ) -> Result<(), AppError> {
        if self
            .indexing
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return Ok(());
        }
        let running = RunGuard(self.indexing.clone());
        let key = key
            .duplicate()
            .map_err(|_| AppError::Unavailable("correlation key".into()))?;
        let reader = session.duplicate()?;
        let app = self.clone();
        tokio::spawn(async move {
            // The flag is cleared however the run ends (a panic included); the keys are
            // dropped (and wiped) with the run.
            let _running = running;
            let far = Instant::now() + Duration::from_secs(24 * 3600);
            if let Err(error) = app.index_pending(&key, Some(&reader), far).await {
                tracing::warn!(%error, "background indexing of identifiers stopped");
            }
        });
        Ok(())
    }

    /// Indexes waiting sets until none is left or `deadline` passes: those sealed at intake,
    /// and, with `reader`, the missing sets of reports the reader can open. Returns whether
    /// nothing this run could do is left.
    async fn index_pending(
        &self,
        key: &CorrelationKey,
        reader: Option<&StaffSession>,
        deadline: Instant,
    ) -> Result<bool, AppError> {
        let reader_id = reader.map(|session| session.staff.id);
        let mut after = None;
        loop {
            let rows = self
                .store
                .pending_identifier_sets(after, INDEX_BATCH, reader_id)
                .await?;
            let Some(last) = rows.last() else {
                return Ok(true);
            };
            after = Some(last.report);
            let mut indexed = Vec::with_capacity(rows.len());
            let mut out_of_time = false;
            for row in rows {
                if Instant::now() >= deadline {
                    out_of_time = true;
                    break;
                }
                let set = match (&row.sealed, reader) {
                    (Some(sealed), _) => match key.open_intake_set(sealed) {
                        Ok(plain) => parse_set(&plain).filter(|set| set.is_of(row.report)),
                        Err(_) => None,
                    },
                    // One report that does not open must not stop the others (nor the page
                    // that is indexing them): it is logged and tried again later.
                    (None, Some(session)) => match self.readable_set(session, row.report).await {
                        Ok(set) => set,
                        Err(error) => {
                            tracing::warn!(%error, "an identifier set could not be built");
                            continue;
                        }
                    },
                    (None, None) => continue,
                };
                match set {
                    Some(set) => indexed.push(self.indexed(key, &row, &set)?),
                    // A set that does not open, or names another report, is built again by
                    // someone who can read its report.
                    None if row.sealed.is_some() => {
                        self.store.discard_identifier_set(row.report).await?
                    }
                    None => {}
                }
            }
            self.store.store_indexed_sets(&indexed).await?;
            if out_of_time {
                return Ok(false);
            }
        }
    }

    /// The set of a report built from its content, if `session` can read it.
    async fn readable_set(
        &self,
        session: &StaffSession,
        id: ReportId,
    ) -> Result<Option<IdentifierSet>, AppError> {
        let Some(stored) = self.store.report(id).await? else {
            return Ok(None);
        };
        if !session.holds_key(&stored) {
            return Ok(None);
        }
        let sealed = self.decrypt_report(session, &stored).await?;
        let case_key = self.case_key(session, &stored, Some(&sealed)).await?;
        let card = Self::open_card(&case_key, id, stored.sealed_card.as_deref())?;
        let report = &sealed.report;
        Ok(Some(set_of(
            id,
            report.identifiers.iter().chain(&card.identifiers),
            &report_regions(report),
        )))
    }

    fn indexed(
        &self,
        key: &CorrelationKey,
        row: &StoredIdentifierSet,
        set: &IdentifierSet,
    ) -> Result<IndexedSet, AppError> {
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(set).map_err(|e| AppError::Unavailable(e.to_string()))?,
        );
        Ok(IndexedSet {
            report: row.report,
            expected_version: row.version,
            sealed: key.seal_set(row.report.as_bytes(), &plain),
            tags: tags_of(key, set.entries.iter()),
        })
    }

    /// Builds a report's set again from its content (a caseworker added or removed an
    /// identifier). Without the key, the set is dropped for a holder to build.
    pub(crate) async fn rebuild_identifier_set(
        &self,
        session: &StaffSession,
        id: ReportId,
    ) -> Result<(), AppError> {
        let key = match self.correlation_key(session).await? {
            Some(key) => key,
            None => return Ok(self.store.discard_identifier_set(id).await?),
        };
        let Some(row) = self.store.identifier_set(id).await? else {
            return Ok(());
        };
        if let Some(set) = self.readable_set(session, id).await? {
            let indexed = self.indexed(&key, &row, &set)?;
            if self.store.store_indexed_sets(&[indexed]).await? == 0 {
                // Rewritten meanwhile by an indexing that read the older content: build again
                // on the next look.
                self.store.discard_identifier_set(id).await?;
            }
        }
        Ok(())
    }

    /// For each entry, the other reports whose sets share a key with it.
    async fn matches(
        &self,
        session: &StaffSession,
        key: &CorrelationKey,
        own: Option<ReportId>,
        entries: &[SetEntry],
    ) -> Result<Vec<IdentifierMatches>, AppError> {
        let tags = tags_of(key, entries.iter());
        if tags.is_empty() {
            return Ok(vec![IdentifierMatches::default(); entries.len()]);
        }
        let candidates: Vec<ReportId> = self
            .store
            .reports_with_tags(&tags)
            .await?
            .into_iter()
            .filter(|id| Some(*id) != own)
            .collect();
        let mut sets = Vec::new();
        for (report, sealed) in self.store.indexed_sets(&candidates).await? {
            if let Ok(plain) = key.open_set(report.as_bytes(), &sealed)
                && let Some(set) = parse_set(&plain)
            {
                sets.push((report, set));
            }
        }
        // For each entry, the reports it meets and how (the closest way, if several).
        let found: Vec<Vec<(ReportId, MatchHow)>> = entries
            .iter()
            .map(|entry| {
                sets.iter()
                    .filter_map(|(report, set)| {
                        let how = set.entries.iter().filter_map(|t| entry.meets(t)).min()?;
                        Some((*report, how))
                    })
                    .collect()
            })
            .collect();
        let matched: BTreeSet<ReportId> = found.iter().flatten().map(|(id, _)| *id).collect();
        let matched: Vec<ReportId> = matched.into_iter().collect();
        let readable: BTreeSet<ReportId> = self
            .store
            .readable_among(session.staff.id, &matched)
            .await?
            .into_iter()
            .collect();
        // The days of the readable ones: how a caseworker tells the reports shown apart.
        let days = self
            .received_days(readable.iter().copied().collect())
            .await?;
        Ok(found
            .into_iter()
            .map(|list| {
                let mut mine = Vec::new();
                let mut others = 0;
                for (id, how) in list {
                    if !readable.contains(&id) {
                        others += 1;
                    } else if let Some(received) = days.get(&id) {
                        mine.push(MatchedReport {
                            id,
                            how,
                            received: *received,
                        });
                    }
                }
                mine.sort_by_key(|m| (m.how, std::cmp::Reverse(m.received)));
                IdentifierMatches {
                    readable: mine,
                    others,
                }
            })
            .collect())
    }

    /// The day each report was received (reports gone meanwhile are left out).
    async fn received_days(
        &self,
        reports: Vec<ReportId>,
    ) -> Result<HashMap<ReportId, Day>, AppError> {
        Ok(self
            .store
            .report_days(&reports)
            .await?
            .into_iter()
            .collect())
    }

    /// A report's identifiers — the reporter's, then the caseworkers' — each with the other
    /// reports that share it. `report` and `card_identifiers` are what the caller opened.
    pub async fn report_correlation(
        &self,
        session: &StaffSession,
        id: ReportId,
        report: &Report,
        card_identifiers: &[Identifier],
    ) -> Result<ReportCorrelation, AppError> {
        let key = self.prepare_correlation(session, INDEX_IN_REQUEST).await?;
        let listed: Vec<(Identifier, IdentifierSource)> = report
            .identifiers
            .iter()
            .cloned()
            .map(|i| (i, IdentifierSource::Reporter))
            .chain(
                card_identifiers
                    .iter()
                    .cloned()
                    .map(|i| (i, IdentifierSource::Caseworker)),
            )
            .collect();
        let regions = report_regions(report);
        let entries: Vec<SetEntry> = listed
            .iter()
            .map(|(i, _)| SetEntry::of(i.kind, &i.value, &regions))
            .collect();
        let matches = match &key {
            Some(key) => self.matches(session, key, Some(id), &entries).await?,
            None => vec![IdentifierMatches::default(); entries.len()],
        };
        Ok(ReportCorrelation {
            identifiers: listed
                .into_iter()
                .zip(matches)
                .map(|((identifier, source), matches)| ReportIdentifier {
                    identifier,
                    source,
                    matches,
                })
                .collect(),
            available: key.is_some(),
            pending: self
                .store
                .pending_identifier_count(Some(session.staff.id))
                .await?,
        })
    }

    /// "Is this number in any report?": the reports that carry `identifier` after
    /// normalisation (a number without its country code is read in the region given, else in
    /// each configured origin state and each host country or origin state the reports name:
    /// a stored number written without its code was read in its report's, so no other region
    /// can find it). `None`: the viewer holds no key yet.
    pub async fn look_up_identifier(
        &self,
        session: &StaffSession,
        identifier: &Identifier,
        region: Option<&str>,
    ) -> Result<Option<IdentifierMatches>, AppError> {
        let Some(key) = self.prepare_correlation(session, INDEX_IN_REQUEST).await? else {
            return Ok(None);
        };
        // Each region costs its own patterns in libphonenumber's small regular-expression
        // cache: a few, not all forty offered (measured: 50 ms a look-up, and the cache
        // thrashed for every other request).
        let phone_like = matches!(
            identifier.kind,
            IdentifierKind::Phone | IdentifierKind::WhatsApp | IdentifierKind::Signal
        );
        let named = match region {
            None if phone_like => self.named_regions().await?,
            _ => Vec::new(),
        };
        let regions: Vec<&str> = match region {
            Some(region) => vec![region],
            None => {
                let mut regions: Vec<&str> = self
                    .settings
                    .origin_states
                    .iter()
                    .chain(&named)
                    .map(String::as_str)
                    .collect();
                regions.sort_unstable();
                regions.dedup();
                regions
            }
        };
        let entry = SetEntry::of(identifier.kind, &identifier.value, &regions);
        let found = self
            .matches(session, &key, None, std::slice::from_ref(&entry))
            .await?
            .pop()
            .unwrap_or_default();
        // Who looked up which kind is on record; the value never is.
        self.store
            .append_audit(&AuditEntry {
                at: self.now(),
                actor: Some(session.staff.id),
                action: AuditAction::IdentifierLookedUp,
                report: None,
                subject: identifier.kind.code().to_owned(),
            })
            .await?;
        Ok(Some(found))
    }

    /// The regions the reports name, read at most every five minutes (a new country among the
    /// reports is rare; the query reads the whole table).
    async fn named_regions(&self) -> Result<Vec<String>, AppError> {
        const FRESH: Duration = Duration::from_secs(300);
        if let Ok(cached) = self.regions_named.lock()
            && let Some((read, regions)) = cached.as_ref()
            && read.elapsed() < FRESH
        {
            return Ok(regions.clone());
        }
        let regions = self.store.report_regions().await?;
        if let Ok(mut cached) = self.regions_named.lock() {
            *cached = Some((Instant::now(), regions.clone()));
        }
        Ok(regions)
    }

    /// Groups of reports the viewer can read that share identifiers, largest first, each at
    /// least `min_reports` strong.
    pub async fn clusters(
        &self,
        session: &StaffSession,
        min_reports: usize,
        limit: usize,
    ) -> Result<Option<Clusters>, AppError> {
        let Some(key) = self.prepare_correlation(session, INDEX_IN_REQUEST).await? else {
            return Ok(None);
        };
        // Every readable set is opened: a turn among the searches, which do the same.
        let _turn = self
            .searches
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable("search turns closed".into()))?;
        let mut reports: Vec<ReportId> = Vec::new();
        let mut by_key: HashMap<String, Vec<(usize, IdentifierKind, bool)>> = HashMap::new();
        for (report, sealed) in self.store.readable_indexed_sets(session.staff.id).await? {
            let Ok(plain) = key.open_set(report.as_bytes(), &sealed) else {
                continue;
            };
            let Some(set) = parse_set(&plain) else {
                continue;
            };
            let index = reports.len();
            reports.push(report);
            for entry in &set.entries {
                for (k, exact) in entry
                    .exact
                    .iter()
                    .map(|k| (k, true))
                    .chain(entry.transliterated.iter().map(|k| (k, false)))
                {
                    by_key
                        .entry(k.clone())
                        .or_default()
                        .push((index, entry.kind, exact));
                }
            }
        }
        // Links: each report holding a key is joined to the first that holds it (a star per
        // key keeps the drawing and the work linear), pairs merged with their kinds.
        let mut links: HashMap<(usize, usize), (BTreeSet<IdentifierKind>, MatchHow)> =
            HashMap::new();
        let mut parent: Vec<usize> = (0..reports.len()).collect();
        for holders in by_key.values_mut() {
            holders.sort_unstable_by_key(|(index, _, _)| *index);
            let Some(&(first, first_kind, first_exact)) = holders.first() else {
                continue;
            };
            for &(other, kind, exact) in holders.iter().skip(1) {
                if other == first {
                    continue;
                }
                let how = if exact && first_exact {
                    MatchHow::Exact
                } else {
                    MatchHow::Transliterated
                };
                let link = links
                    .entry((first, other))
                    .or_insert((BTreeSet::new(), how));
                link.0.insert(first_kind);
                link.0.insert(kind);
                link.1 = link.1.min(how);
                union(&mut parent, first, other);
            }
        }
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for index in 0..reports.len() {
            let root = find(&mut parent, index);
            groups.entry(root).or_default().push(index);
        }
        let mut kept: Vec<(usize, Vec<usize>)> = groups
            .into_iter()
            .filter(|(_, members)| members.len() >= min_reports.max(2))
            .collect();
        let total = kept.len();
        kept.sort_by(|(_, a), (_, b)| {
            b.len()
                .cmp(&a.len())
                .then_with(|| reports[a[0]].cmp(&reports[b[0]]))
        });
        kept.truncate(limit);
        // Each link goes to the group of its ends, built only for the groups shown.
        let mut links_of: HashMap<usize, Vec<ClusterLink>> =
            kept.iter().map(|(root, _)| (*root, Vec::new())).collect();
        for ((from, to), (kinds, how)) in links {
            if let Some(list) = links_of.get_mut(&find(&mut parent, from)) {
                list.push(ClusterLink {
                    from: reports[from],
                    to: reports[to],
                    kinds: kinds.into_iter().collect(),
                    how,
                });
            }
        }
        let days = self
            .received_days(
                kept.iter()
                    .flat_map(|(_, members)| members.iter().map(|i| reports[*i]))
                    .collect(),
            )
            .await?;
        let clusters = kept
            .into_iter()
            .map(|(root, members)| {
                let mut cluster_links = links_of.remove(&root).unwrap_or_default();
                cluster_links.sort_by_key(|l| (l.from, l.to));
                let kinds: BTreeSet<IdentifierKind> = cluster_links
                    .iter()
                    .flat_map(|l| l.kinds.iter().copied())
                    .collect();
                // A report deleted meanwhile has no day: it is not shown.
                let mut members: Vec<(ReportId, Day)> = members
                    .iter()
                    .filter_map(|i| Some((reports[*i], *days.get(&reports[*i])?)))
                    .collect();
                members.sort_by_key(|(id, day)| (*day, *id));
                Cluster {
                    reports: members,
                    kinds: kinds.into_iter().collect(),
                    links: cluster_links,
                }
            })
            .collect();
        Ok(Some(Clusters {
            clusters,
            total,
            pending: self
                .store
                .pending_identifier_count(Some(session.staff.id))
                .await?,
        }))
    }

    /// Whether the viewer can correlate, and how many sets wait (starting a background run
    /// if some do).
    pub async fn correlation_status(
        &self,
        session: &StaffSession,
    ) -> Result<CorrelationStatus, AppError> {
        session.require(Permission::WorkCases)?;
        // The key is opened once: to say whether the member holds it, to share it with
        // colleagues without a copy, and to start a run if sets wait.
        let key = self.correlation_key(session).await?;
        if let Some(key) = &key {
            self.share_correlation_key(key).await?;
            if !self.nothing_to_index(session).await? {
                self.index_in_background(key, session)?;
            }
        }
        Ok(CorrelationStatus {
            available: key.is_some(),
            pending: self
                .store
                .pending_identifier_count(Some(session.staff.id))
                .await?,
        })
    }
}

fn find(parent: &mut [usize], mut index: usize) -> usize {
    while parent[index] != index {
        parent[index] = parent[parent[index]];
        index = parent[index];
    }
    index
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: IdentifierKind, value: &str) -> SetEntry {
        SetEntry::of(kind, value, &["CA", "CN"])
    }

    #[test]
    fn identifiers_meet_exactly_or_through_transliteration() {
        use IdentifierKind as K;
        assert_eq!(
            entry(K::Phone, "+86 138 0013 8000").meets(&entry(K::WhatsApp, "13800138000")),
            Some(MatchHow::Exact)
        );
        assert_eq!(
            entry(K::NameUsed, "张伟").meets(&entry(K::NameUsed, "Zhang Wei")),
            Some(MatchHow::Transliterated)
        );
        assert_eq!(
            entry(K::NameUsed, "Zhang  Wei").meets(&entry(K::NameUsed, "zhang wei")),
            Some(MatchHow::Exact)
        );
        assert_eq!(
            entry(K::Phone, "+86 138 0013 8000").meets(&entry(K::Phone, "+86 138 0013 8001")),
            None
        );
    }

    #[test]
    fn sets_round_trip_and_unknown_formats_are_refused() {
        let report = ReportId::from_bytes([7; 16]);
        let set = set_of(
            report,
            [Identifier {
                kind: IdentifierKind::Email,
                value: "A.B+x@gmail.com".into(),
            }]
            .iter(),
            &[],
        );
        let plain = serde_json::to_vec(&set).expect("json");
        let back = parse_set(&plain).expect("parse");
        assert!(back.is_of(report) && !back.is_of(ReportId::from_bytes([8; 16])));
        assert_eq!(back.entries[0].exact, vec!["email:ab@gmail.com".to_owned()]);
        assert!(parse_set(br#"{"v":99,"entries":[]}"#).is_none());
    }

    #[test]
    fn union_find_joins_chains() {
        let mut parent: Vec<usize> = (0..5).collect();
        union(&mut parent, 0, 1);
        union(&mut parent, 3, 4);
        union(&mut parent, 1, 4);
        assert_eq!(find(&mut parent, 3), find(&mut parent, 0));
        assert_ne!(find(&mut parent, 2), find(&mut parent, 0));
    }
}
