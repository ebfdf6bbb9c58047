//! The public registry (issue 12): researchers write drafts of places, incidents, public
//! actors, official responses and published figures, each citing graded sources; a second
//! researcher or an administrator publishes a version (never its author); the public sees
//! only published versions, with the day they were last reviewed and their change history.
//!
//! Nothing here comes from a report: the registry holds public facts, in our own words.

use std::collections::{BTreeMap, HashMap, HashSet};

use refuge_crypto::random;
use refuge_domain::audit::AuditAction;
use refuge_domain::calendar::Day;
use refuge_domain::ports::{AuditEntry, StoreError};
use refuge_domain::registry::{
    AllegationStatus, Credibility, Entry, EntryBody, EntryKind, EntryProblem, EntryVersion,
    PartialDate, Reliability, ResponseKind, ResponseParty, ResponseRecord, Source, SourceKind,
    StatusRecord, check_publisher, source_problems,
};
use refuge_domain::{EntryId, Permission, SourceId, StaffId};

use crate::sessions::StaffSession;
use crate::{AppError, Refuge};

/// The author recorded for versions written by `refuge registry import`: nobody's account, so
/// any researcher or administrator may review and publish them.
pub const IMPORT_AUTHOR: StaffId = StaffId::from_bytes([0; 16]);

/// What the public list may be narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryFilter {
    pub kind: Option<EntryKind>,
    pub country: Option<String>,
    pub status: Option<AllegationStatus>,
    /// Words the title, summary, place or responses contain, in lower case (matching is
    /// case-insensitive; `RegistryFilter::words` makes it).
    pub text: Option<String>,
}

impl RegistryFilter {
    /// The text filter as matched: trimmed and in lower case (`None` when empty).
    pub fn words(typed: &str) -> Option<String> {
        Some(typed.trim().to_lowercase()).filter(|t| !t.is_empty())
    }

    /// Whether an entry's body passes the filter.
    pub fn admits(&self, body: &EntryBody) -> bool {
        self.kind.is_none_or(|kind| body.kind == kind)
            && self
                .country
                .as_deref()
                .is_none_or(|c| body.country.as_deref() == Some(c))
            && self
                .status
                .is_none_or(|s| body.statuses.iter().any(|r| r.status == s))
            && self
                .text
                .as_deref()
                .is_none_or(|t| t.is_empty() || body.matches_text(t))
    }
}

/// A published entry as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicEntry {
    pub id: EntryId,
    pub reference: Option<String>,
    pub version: u32,
    pub body: EntryBody,
    /// The day a second person last reviewed and published it.
    pub last_reviewed: Day,
}

/// One published version in an entry's public change history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedChange {
    pub version: u32,
    pub written: Day,
    pub published: Day,
}

/// An entry's public page: the entry, the sources it cites, the official responses recorded
/// as entries of their own about it, what it is about, and its change history.
#[derive(Debug, Clone)]
pub struct PublicEntryPage {
    pub entry: PublicEntry,
    pub sources: Vec<Source>,
    pub responses: Vec<PublicEntry>,
    pub about: Vec<PublicEntry>,
    pub history: Vec<PublishedChange>,
}

/// Everything published, for the open-data exports.
#[derive(Debug, Clone)]
pub struct RegistryExport {
    pub entries: Vec<PublicEntry>,
    pub sources: Vec<Source>,
}

/// What a researcher sees of an entry: every version, and who wrote and published each.
#[derive(Debug, Clone)]
pub struct EntryForStaff {
    pub entry: Entry,
    pub versions: Vec<EntryVersion>,
    /// Why the newest version could not be published now (empty: it could).
    pub publish_problems: Vec<EntryProblem>,
}

/// A source as a researcher enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInput {
    pub url: String,
    pub publisher: String,
    pub title: String,
    pub published: Option<PartialDate>,
    pub kind: SourceKind,
    pub reliability: Reliability,
    pub credibility: Credibility,
    pub archived_sha256: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub sources_added: usize,
    pub sources_changed: usize,
    pub sources_unchanged: usize,
    pub entries_added: usize,
    pub entries_changed: usize,
    pub entries_unchanged: usize,
}

/// Why an import file could not be read (the line is 1-based, the header being line 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: not CSV with the expected columns: {detail}")]
    Unreadable { file: &'static str, detail: String },
    #[error("{file} line {line}: {detail}")]
    Row {
        file: &'static str,
        line: u64,
        detail: String,
    },
    #[error("{0}")]
    App(String),
}

fn public_of(entry: &Entry) -> Option<PublicEntry> {
    if entry.withdrawn.is_some() {
        return None;
    }
    let published = entry.published.as_ref()?;
    Some(PublicEntry {
        id: entry.id,
        reference: entry.reference.clone(),
        version: published.version,
        body: published.body.clone(),
        last_reviewed: published.published.unwrap_or(published.written),
    })
}

/// Orders the public list: by country, then title (entries without a country last).
fn public_order(a: &PublicEntry, b: &PublicEntry) -> std::cmp::Ordering {
    (
        a.body.country.is_none(),
        &a.body.country,
        &a.body.title,
        a.id,
    )
        .cmp(&(
            b.body.country.is_none(),
            &b.body.country,
            &b.body.title,
            b.id,
        ))
}

impl Refuge {
    pub(crate) fn today(&self) -> Day {
        Day::from_unix_seconds(self.now())
    }

    fn registry_audit(
        &self,
        actor: Option<StaffId>,
        action: AuditAction,
        subject: String,
    ) -> AuditEntry {
        AuditEntry {
            at: self.now(),
            actor,
            action,
            report: None,
            subject,
        }
    }

    /// Every published entry the filter admits, by country and title.
    pub async fn public_registry(
        &self,
        filter: &RegistryFilter,
    ) -> Result<Vec<PublicEntry>, AppError> {
        let mut entries: Vec<PublicEntry> = self
            .store
            .registry_entries()
            .await?
            .iter()
            .filter_map(public_of)
            .filter(|e| filter.admits(&e.body))
            .collect();
        entries.sort_by(public_order);
        Ok(entries)
    }

    /// A published entry's page (`NotFound` for a draft, a withdrawn entry or no entry).
    pub async fn public_entry(&self, id: EntryId) -> Result<PublicEntryPage, AppError> {
        let all = self.store.registry_entries().await?;
        let public: HashMap<EntryId, PublicEntry> = all
            .iter()
            .filter_map(public_of)
            .map(|e| (e.id, e))
            .collect();
        let entry = public.get(&id).cloned().ok_or(AppError::NotFound)?;
        let mut responses: Vec<PublicEntry> = public
            .values()
            .filter(|e| e.body.kind == EntryKind::Response && e.body.about.contains(&id))
            .cloned()
            .collect();
        responses.sort_by(|a, b| {
            (a.body.responses.first().map(|r| &r.day), a.id)
                .cmp(&(b.body.responses.first().map(|r| &r.day), b.id))
        });
        // A draft or withdrawn entry it is about is left out, never shown.
        let about: Vec<PublicEntry> = entry
            .body
            .about
            .iter()
            .filter_map(|a| public.get(a).cloned())
            .collect();
        let cited: HashSet<SourceId> = entry
            .body
            .cited_sources()
            .into_iter()
            .chain(responses.iter().flat_map(|r| r.body.cited_sources()))
            .collect();
        let sources = self
            .store
            .registry_sources()
            .await?
            .into_iter()
            .filter(|s| cited.contains(&s.id))
            .collect();
        let history = self
            .store
            .entry_versions(id)
            .await?
            .into_iter()
            .filter_map(|v| {
                Some(PublishedChange {
                    version: v.version,
                    written: v.written,
                    published: v.published?,
                })
            })
            .collect();
        Ok(PublicEntryPage {
            entry,
            sources,
            responses,
            about,
            history,
        })
    }

    /// Everything published, and the sources it cites, for the exports.
    pub async fn registry_export(&self) -> Result<RegistryExport, AppError> {
        let entries = self.public_registry(&RegistryFilter::default()).await?;
        let cited: HashSet<SourceId> = entries
            .iter()
            .flat_map(|e| e.body.cited_sources())
            .collect();
        let sources = self
            .store
            .registry_sources()
            .await?
            .into_iter()
            .filter(|s| cited.contains(&s.id))
            .collect();
        Ok(RegistryExport { entries, sources })
    }

    /// Every entry, drafts included, for those who write or publish the registry.
    pub async fn registry_for_staff(&self, session: &StaffSession) -> Result<Vec<Entry>, AppError> {
        require_registry(session)?;
        let mut entries = self.store.registry_entries().await?;
        entries.sort_by(|a, b| {
            (&a.latest.body.country, &a.latest.body.title, a.id).cmp(&(
                &b.latest.body.country,
                &b.latest.body.title,
                b.id,
            ))
        });
        Ok(entries)
    }

    /// One entry with every version, for those who write or publish the registry.
    pub async fn registry_entry_for_staff(
        &self,
        session: &StaffSession,
        id: EntryId,
    ) -> Result<EntryForStaff, AppError> {
        require_registry(session)?;
        let entry = self
            .store
            .registry_entry(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let versions = self.store.entry_versions(id).await?;
        let mut publish_problems = entry.latest.body.publish_problems();
        if let Err(rule) =
            check_publisher(entry.latest.author, session.staff.id, session.staff.role)
        {
            publish_problems.push(EntryProblem::Naming(rule));
        }
        Ok(EntryForStaff {
            entry,
            versions,
            publish_problems,
        })
    }

    /// Every source (for the forms that cite them).
    pub async fn registry_sources_for_staff(
        &self,
        session: &StaffSession,
    ) -> Result<Vec<Source>, AppError> {
        require_registry(session)?;
        Ok(self.store.registry_sources().await?)
    }

    async fn checked_body(&self, body: EntryBody) -> Result<EntryBody, AppError> {
        let body = body.normalised();
        let known: HashSet<SourceId> = self
            .store
            .registry_sources()
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect();
        let problems = body.problems(&|id| known.contains(&id));
        if problems.is_empty() {
            Ok(body)
        } else {
            Err(AppError::RegistryInvalid(problems))
        }
    }

    /// A new entry, its first version a draft.
    pub async fn create_entry(
        &self,
        session: &StaffSession,
        body: EntryBody,
    ) -> Result<(EntryId, u32), AppError> {
        session.require(Permission::WriteRegistry)?;
        let body = self.checked_body(body).await?;
        let id = EntryId::from_bytes(random::bytes::<16>());
        let audit = self.registry_audit(
            Some(session.staff.id),
            AuditAction::RegistryDraftWritten,
            format!("{id} v1 ({})", body.kind.code()),
        );
        self.store
            .insert_entry(id, None, &body, session.staff.id, self.today(), &audit)
            .await?;
        Ok((id, 1))
    }

    /// A new draft version of an entry, written on top of `read_version` (`Conflict` when
    /// someone wrote another version meanwhile: nothing is overwritten).
    pub async fn revise_entry(
        &self,
        session: &StaffSession,
        id: EntryId,
        read_version: u32,
        body: EntryBody,
    ) -> Result<u32, AppError> {
        session.require(Permission::WriteRegistry)?;
        let existing = self
            .store
            .registry_entry(id)
            .await?
            .ok_or(AppError::NotFound)?;
        if existing.kind != body.kind {
            return Err(AppError::RegistryInvalid(vec![EntryProblem::NotForKind(
                "kind",
            )]));
        }
        let body = self.checked_body(body).await?;
        let audit = self.registry_audit(
            Some(session.staff.id),
            AuditAction::RegistryDraftWritten,
            format!("{id} v{} ({})", read_version + 1, body.kind.code()),
        );
        Ok(self
            .store
            .add_entry_version(
                id,
                read_version,
                &body,
                session.staff.id,
                self.today(),
                &audit,
            )
            .await?)
    }

    /// Publishes the newest version of an entry: refused to its author, to anyone who may
    /// not publish, and while the naming rule or a status without a source stands in the way.
    pub async fn publish_entry(
        &self,
        session: &StaffSession,
        id: EntryId,
        version: u32,
    ) -> Result<(), AppError> {
        session.require(Permission::PublishRegistry)?;
        let entry = self
            .store
            .registry_entry(id)
            .await?
            .ok_or(AppError::NotFound)?;
        if entry.latest.version != version {
            return Err(AppError::Conflict);
        }
        check_publisher(entry.latest.author, session.staff.id, session.staff.role)
            .map_err(AppError::RegistryRule)?;
        let problems = entry.latest.body.publish_problems();
        if !problems.is_empty() {
            return Err(AppError::RegistryInvalid(problems));
        }
        let audit = self.registry_audit(
            Some(session.staff.id),
            AuditAction::RegistryEntryPublished,
            format!("{id} v{version} ({})", entry.kind.code()),
        );
        match self
            .store
            .publish_entry_version(id, version, session.staff.id, self.today(), &audit)
            .await
        {
            Err(StoreError::Conflict) => Err(AppError::Conflict),
            other => Ok(other?),
        }
    }

    /// Takes a published entry off the public side (it stays on record with its versions).
    pub async fn withdraw_entry(
        &self,
        session: &StaffSession,
        id: EntryId,
    ) -> Result<(), AppError> {
        session.require(Permission::WithdrawRegistry)?;
        let audit = self.registry_audit(
            Some(session.staff.id),
            AuditAction::RegistryEntryWithdrawn,
            id.to_string(),
        );
        Ok(self.store.withdraw_entry(id, self.today(), &audit).await?)
    }

    /// A new source.
    pub async fn add_source(
        &self,
        session: &StaffSession,
        input: SourceInput,
    ) -> Result<Source, AppError> {
        session.require(Permission::WriteRegistry)?;
        let mut source = Source {
            id: SourceId::from_bytes(random::bytes::<16>()),
            reference: None,
            url: input.url.trim().to_owned(),
            publisher: input.publisher.trim().to_owned(),
            title: input.title.trim().to_owned(),
            published: input.published,
            kind: input.kind,
            reliability: input.reliability,
            credibility: input.credibility,
            archived_sha256: input
                .archived_sha256
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty()),
            added: self.today(),
        };
        let problems = source_problems(&source);
        if !problems.is_empty() {
            return Err(AppError::RegistryInvalid(problems));
        }
        // A short label to cite it by in forms ("R7"), after the highest one taken; two
        // researchers adding at once collide on the unique reference and the loser takes the
        // next.
        let mut next = self
            .store
            .registry_sources()
            .await?
            .iter()
            .filter_map(|s| {
                s.reference
                    .as_deref()?
                    .strip_prefix('R')?
                    .parse::<u32>()
                    .ok()
            })
            .max()
            .unwrap_or(0)
            + 1;
        for _ in 0..5 {
            source.reference = Some(format!("R{next}"));
            let audit = self.registry_audit(
                Some(session.staff.id),
                AuditAction::RegistrySourceAdded,
                format!("{} (R{next}, {})", source.id, source.kind.code()),
            );
            match self
                .store
                .insert_source(&source, session.staff.id, &audit)
                .await
            {
                Ok(()) => return Ok(source),
                Err(StoreError::Conflict) => next += 1,
                Err(other) => return Err(other.into()),
            }
        }
        Err(AppError::Conflict)
    }

    /// Reads the research seed's CSV layout (stations, sources and optionally figures) into
    /// drafts, idempotently: a source or entry is matched by its seed id; one whose content
    /// is unchanged is left alone, one that changed gets a new draft version (a published
    /// version stays public until someone reviews the new one); a source's grades, set by a
    /// researcher, are never overwritten.
    pub async fn import_registry_seed(
        &self,
        stations_csv: &[u8],
        sources_csv: &[u8],
        figures_csv: Option<&[u8]>,
    ) -> Result<ImportSummary, ImportError> {
        let store = |e: StoreError| ImportError::App(e.to_string());
        let mut summary = ImportSummary::default();
        let day = self.today();

        // Everything is read and checked before anything is written: a file with a bad row
        // changes nothing.
        let existing: HashMap<String, Source> = self
            .store
            .registry_sources()
            .await
            .map_err(store)?
            .into_iter()
            .filter_map(|s| Some((s.reference.clone()?, s)))
            .collect();
        let mut by_reference: HashMap<String, SourceId> =
            existing.iter().map(|(r, s)| (r.clone(), s.id)).collect();
        // (source, whether it is new); unchanged ones are left out.
        let mut source_writes: Vec<(Source, bool)> = Vec::new();
        for row in read_rows(
            sources_csv,
            "sources",
            &["id", "publisher", "title", "date", "url", "kind"],
        )? {
            let reference = row.get("id").to_owned();
            if reference.is_empty() {
                return Err(row.error("a source without an id".into()));
            }
            let mut source = Source {
                id: SourceId::from_bytes(random::bytes::<16>()),
                reference: Some(reference.clone()),
                url: row.get("url").to_owned(),
                publisher: row.get("publisher").to_owned(),
                title: row.get("title").to_owned(),
                published: PartialDate::parse(row.get("date")),
                kind: SourceKind::from_code(row.get("kind")).unwrap_or(SourceKind::Other),
                // Nobody has graded a seed's sources yet: "cannot be judged" until someone does.
                reliability: Reliability::F,
                credibility: Credibility::CannotBeJudged,
                archived_sha256: None,
                added: day,
            };
            if let Some(problem) = source_problems(&source).first() {
                return Err(row.error(format!("{}: {}", problem.field(), problem.code())));
            }
            match existing.get(&reference) {
                None => {
                    if by_reference.insert(reference.clone(), source.id).is_some() {
                        return Err(row.error(format!("source {reference} appears twice")));
                    }
                    source_writes.push((source, true));
                }
                Some(old) => {
                    source.id = old.id;
                    source.reliability = old.reliability;
                    source.credibility = old.credibility;
                    source.archived_sha256 = old.archived_sha256.clone();
                    source.added = old.added;
                    if &source == old {
                        summary.sources_unchanged += 1;
                    } else {
                        source_writes.push((source, false));
                    }
                }
            }
        }

        let cite = |row: &Row, column: &str| -> Result<Vec<SourceId>, ImportError> {
            let cell = row.get(column);
            // "(none found)": the seed says it has no source yet.
            if cell.starts_with('(') && cell.ends_with(')') {
                return Ok(Vec::new());
            }
            cell.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    by_reference
                        .get(s)
                        .copied()
                        .ok_or_else(|| row.error(format!("source {s} is not in the sources file")))
                })
                .collect()
        };

        // (seed id, file, line, body)
        let mut bodies: Vec<(String, &'static str, u64, EntryBody)> = Vec::new();
        for row in read_rows(
            stations_csv,
            "stations",
            &[
                "id",
                "host_country_iso2",
                "city",
                "operating_bureau",
                "first_reported",
                "status",
                "allegation_summary",
                "official_response",
                "sources",
            ],
        )? {
            let sources = cite(&row, "sources")?;
            let first_reported = PartialDate::parse(row.get("first_reported"));
            let mut statuses = Vec::new();
            for code in row
                .get("status")
                .split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                let status = AllegationStatus::from_seed(code)
                    .ok_or_else(|| row.error(format!("unknown status {code}")))?;
                statuses.push(StatusRecord {
                    status,
                    // The seed dates only the first report; the other statuses' days are
                    // for the reviewer to add from the sources.
                    day: (status == AllegationStatus::Alleged)
                        .then(|| first_reported.clone())
                        .flatten(),
                    sources: sources.clone(),
                });
            }
            let mut body = EntryBody::new(EntryKind::Place, row.get("city"));
            body.summary = row.get("allegation_summary").to_owned();
            body.country = Some(row.get("host_country_iso2").to_owned());
            body.city = Some(row.get("city").to_owned());
            body.operated_by = Some(row.get("operating_bureau").to_owned());
            body.first_reported = first_reported;
            body.statuses = statuses;
            let response = row.get("official_response").trim();
            if !response.is_empty() {
                body.responses.push(ResponseRecord {
                    party: ResponseParty::Other,
                    kind: ResponseKind::Statement,
                    day: None,
                    summary: response.to_owned(),
                    sources: sources.clone(),
                });
            }
            body.sources = sources;
            bodies.push((row.get("id").to_owned(), row.file, row.line, body));
        }
        if let Some(figures) = figures_csv {
            for row in read_rows(
                figures,
                "figures",
                &["id", "figure", "value", "period", "scope", "source"],
            )? {
                let mut body = EntryBody::new(EntryKind::Figure, row.get("figure"));
                body.value = Some(row.get("value").to_owned());
                body.period = Some(row.get("period").to_owned());
                body.summary = row.get("scope").to_owned();
                body.sources = cite(&row, "source")?;
                bodies.push((row.get("id").to_owned(), row.file, row.line, body));
            }
        }

        let known: HashSet<SourceId> = by_reference.values().copied().collect();
        let mut seen = HashSet::new();
        for (reference, file, line, body) in &mut bodies {
            *body = std::mem::replace(body, EntryBody::new(EntryKind::Place, "")).normalised();
            let problem = if seen.insert(reference.clone()) {
                body.problems(&|id| known.contains(&id))
                    .first()
                    .map(|p| format!("{}: {}", p.field(), p.code()))
            } else {
                Some("this id appears twice".to_owned())
            };
            if let Some(detail) = problem {
                return Err(ImportError::Row {
                    file,
                    line: *line,
                    detail: format!("{reference}: {detail}"),
                });
            }
        }

        for (source, new) in source_writes {
            let reference = source.reference.clone().unwrap_or_default();
            if new {
                let audit = self.registry_audit(
                    None,
                    AuditAction::RegistrySourceAdded,
                    format!("{} ({reference}, import)", source.id),
                );
                self.store
                    .insert_source(&source, IMPORT_AUTHOR, &audit)
                    .await
                    .map_err(store)?;
                summary.sources_added += 1;
            } else {
                let audit = self.registry_audit(
                    None,
                    AuditAction::RegistrySourceChanged,
                    format!("{} ({reference}, import)", source.id),
                );
                self.store
                    .update_source(&source, &audit)
                    .await
                    .map_err(store)?;
                summary.sources_changed += 1;
            }
        }

        let entries: HashMap<String, Entry> = self
            .store
            .registry_entries()
            .await
            .map_err(store)?
            .into_iter()
            .filter_map(|e| Some((e.reference.clone()?, e)))
            .collect();
        for (reference, _, _, body) in bodies {
            match entries.get(&reference) {
                None => {
                    let id = EntryId::from_bytes(random::bytes::<16>());
                    let audit = self.registry_audit(
                        None,
                        AuditAction::RegistryDraftWritten,
                        format!("{id} v1 ({reference}, import)"),
                    );
                    self.store
                        .insert_entry(id, Some(&reference), &body, IMPORT_AUTHOR, day, &audit)
                        .await
                        .map_err(store)?;
                    summary.entries_added += 1;
                }
                Some(entry) if entry.latest.body == body => summary.entries_unchanged += 1,
                Some(entry) if entry.kind != body.kind => {
                    return Err(ImportError::App(format!(
                        "{reference} is a {} entry here, not a {}",
                        entry.kind.code(),
                        body.kind.code()
                    )));
                }
                Some(entry) => {
                    let audit = self.registry_audit(
                        None,
                        AuditAction::RegistryDraftWritten,
                        format!(
                            "{} v{} ({reference}, import)",
                            entry.id,
                            entry.latest.version + 1
                        ),
                    );
                    self.store
                        .add_entry_version(
                            entry.id,
                            entry.latest.version,
                            &body,
                            IMPORT_AUTHOR,
                            day,
                            &audit,
                        )
                        .await
                        .map_err(store)?;
                    summary.entries_changed += 1;
                }
            }
        }
        Ok(summary)
    }
}

/// Drafts are for those who write or publish the registry.
pub(crate) fn require_registry(session: &StaffSession) -> Result<(), AppError> {
    session
        .require(Permission::WriteRegistry)
        .or_else(|_| session.require(Permission::PublishRegistry))
}

/// One CSV row by column name.
struct Row {
    file: &'static str,
    line: u64,
    columns: BTreeMap<String, String>,
}

impl Row {
    fn get(&self, column: &str) -> &str {
        self.columns.get(column).map(String::as_str).unwrap_or("")
    }

    fn error(&self, detail: String) -> ImportError {
        ImportError::Row {
            file: self.file,
            line: self.line,
            detail,
        }
    }
}

/// The rows of an RFC 4180 file whose header names at least `required`.
fn read_rows(bytes: &[u8], file: &'static str, required: &[&str]) -> Result<Vec<Row>, ImportError> {
    let unreadable = |detail: String| ImportError::Unreadable { file, detail };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| unreadable(e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !headers.iter().any(|h| h == r))
        .collect();
    if !missing.is_empty() {
        return Err(unreadable(format!(
            "missing column(s) {}",
            missing.join(", ")
        )));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let columns = headers
            .iter()
            .cloned()
            .zip(record.iter().map(|v| v.trim().to_owned()))
            .collect();
        rows.push(Row {
            file,
            line,
            columns,
        });
    }
    Ok(rows)
}

/// The registry as CSV: one row per published entry, its sources by reference (or id), and
/// the operator's licence line in a last column of every row (a comment line before the
/// header would break strict CSV readers).
pub fn registry_csv(export: &RegistryExport, licence: &str) -> Result<Vec<u8>, AppError> {
    let fail = |e: csv::Error| AppError::Unavailable(e.to_string());
    let mut table = csv::WriterBuilder::new().from_writer(Vec::new());
    table
        .write_record([
            "id",
            "reference",
            "kind",
            "title",
            "country",
            "city",
            "operated_by",
            "first_reported",
            "period",
            "value",
            "statuses",
            "summary",
            "responses",
            "sources",
            "version",
            "last_reviewed",
            "licence",
        ])
        .map_err(fail)?;
    let label: HashMap<SourceId, String> = export
        .sources
        .iter()
        .map(|s| {
            (
                s.id,
                s.reference.clone().unwrap_or_else(|| s.id.to_string()),
            )
        })
        .collect();
    for entry in &export.entries {
        let b = &entry.body;
        let statuses = b
            .statuses
            .iter()
            .map(|s| match &s.day {
                Some(day) => format!("{} ({day})", s.status.code()),
                None => s.status.code().to_owned(),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let responses = b
            .responses
            .iter()
            .map(|r| r.summary.as_str())
            .collect::<Vec<_>>()
            .join(" | ");
        let sources = b
            .cited_sources()
            .iter()
            .filter_map(|s| label.get(s).cloned())
            .collect::<Vec<_>>()
            .join(";");
        table
            .write_record([
                entry.id.to_string(),
                entry.reference.clone().unwrap_or_default(),
                b.kind.code().to_owned(),
                b.title.clone(),
                b.country.clone().unwrap_or_default(),
                b.city.clone().unwrap_or_default(),
                b.operated_by.clone().unwrap_or_default(),
                b.first_reported
                    .as_ref()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                b.period.clone().unwrap_or_default(),
                b.value.clone().unwrap_or_default(),
                statuses,
                b.summary.clone(),
                responses,
                sources,
                entry.version.to_string(),
                entry.last_reviewed.to_string(),
                licence.to_owned(),
            ])
            .map_err(fail)?;
    }
    table
        .into_inner()
        .map_err(|e| AppError::Unavailable(e.to_string()))
}
