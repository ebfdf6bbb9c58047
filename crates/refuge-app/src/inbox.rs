//! The inbox: the cases a caseworker may know exist, filtered, sorted, a page at a time, and
//! searched in full text over what they can read.
//!
//! Filters on clear columns (status, sub-status, urgency, assignee, team, tactic, language, host
//! country, unread, days) run in the database. A label (case card) or a search (search
//! documents) needs the case opened with the caseworker's key: the database then returns only
//! cases they can read, a batch at a time, and the rest is decided here, in the session's
//! memory, until a page is full.
//!
//! Memory is bounded whatever the inbox's size: one batch of [`SCAN_BATCH`] inbox lines and
//! [`CHUNKS_AT_ONCE`] search chunks of at most 64 KiB, for at most [`SEARCHES_AT_ONCE`]
//! searches at a time (others wait their turn).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;

use refuge_domain::case::{CaseCard, Urgency};
use refuge_domain::inbox::{AssigneeFilter, InboxCursor, InboxFilter, InboxQuery, InboxSort};
use refuge_domain::ports::{InboxEntry, ReportMeta};
use refuge_domain::report::ReportStatus;
use refuge_domain::search::{Found, QueryError, SearchQuery};
use refuge_domain::taxonomy::{HOST_COUNTRIES, Language, Tactic};
use refuge_domain::{Day, Permission, ReportId, TeamId};

use crate::sealed::CaseKey;
use crate::search::open_chunk;
use crate::sessions::StaffSession;
use crate::{AppError, Refuge};

/// The most cases on a page.
pub const INBOX_PAGE_MAX: u32 = 200;
/// Inbox lines read per database query while a label or a search filters in memory.
const SCAN_BATCH: u32 = 500;
/// Search chunks (each at most 64 KiB sealed) held at once.
const CHUNKS_AT_ONCE: u32 = 64;
/// Searches running at once; more wait (each holds at most a batch in memory).
pub(crate) const SEARCHES_AT_ONCE: usize = 2;

/// What a caseworker asks of the inbox, as typed in the filter form or the API's query string:
/// parameters by name ([`InboxRequest::PARAMETERS`]), an empty value being "any".
/// [`Refuge::case_list`] checks every value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxRequest {
    values: BTreeMap<&'static str, String>,
    /// Cases per page, 1 to [`INBOX_PAGE_MAX`].
    pub limit: u32,
}

impl InboxRequest {
    /// The query parameters, in the order forms and links write them: `q` (full-text search in
    /// any script), `status`, `substatus`, `urgency`, `assignee` (`me`, `none`, `any` or a
    /// username), `team` (a name or id), `label`, `tactic`, `language`, `host_country`,
    /// `unread` (`true`), `from` and `to` (received, `YYYY-MM-DD`, both included), `sort`
    /// (`newest`, `oldest`, `urgency`, `activity`) and `cursor` (a page's `next_cursor`).
    pub const PARAMETERS: &'static [&'static str] = &[
        "q",
        "status",
        "substatus",
        "urgency",
        "assignee",
        "team",
        "label",
        "tactic",
        "language",
        "host_country",
        "unread",
        "from",
        "to",
        "sort",
        "cursor",
    ];

    pub fn new(limit: u32) -> InboxRequest {
        InboxRequest {
            values: BTreeMap::new(),
            limit,
        }
    }

    /// Sets a parameter by name (names that are not parameters are ignored). An empty or
    /// blank value is "any".
    pub fn set(&mut self, name: &str, value: &str) {
        let Some(name) = Self::PARAMETERS.iter().find(|p| **p == name) else {
            return;
        };
        let value = value.trim();
        if value.is_empty() {
            self.values.remove(name);
        } else {
            self.values.insert(name, value.to_string());
        }
    }

    /// With a parameter set (for building requests in code).
    pub fn with(mut self, name: &str, value: &str) -> InboxRequest {
        self.set(name, value);
        self
    }

    /// A parameter's value, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// The parameters that are set, except the cursor (what a link to another page keeps).
    pub fn filters(&self) -> Vec<(&'static str, &str)> {
        Self::PARAMETERS
            .iter()
            .filter(|name| **name != "cursor")
            .filter_map(|name| self.get(name).map(|value| (*name, value)))
            .collect()
    }

    /// Whether anything narrows the inbox (a sort alone does not).
    pub fn narrows(&self) -> bool {
        self.filters().iter().any(|(name, _)| *name != "sort")
    }
}

/// Why an inbox request cannot be answered; each says which parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("{0}: not a value this filter takes")]
    Value(&'static str),
    #[error("from is after to")]
    Range,
    #[error("cursor must come from next_cursor, with the same sort")]
    Cursor,
    #[error("q: {0}")]
    Query(QueryError),
}

impl FilterError {
    pub fn code(self) -> &'static str {
        match self {
            FilterError::Value(_) | FilterError::Range => "invalid_filter",
            FilterError::Cursor => "invalid_cursor",
            FilterError::Query(_) => "invalid_search",
        }
    }

    /// The parameter at fault.
    pub fn parameter(self) -> &'static str {
        match self {
            FilterError::Value(name) => name,
            FilterError::Range => "to",
            FilterError::Cursor => "cursor",
            FilterError::Query(_) => "q",
        }
    }
}

/// An inbox line: the clear fields, and for a case the viewer can read, its card.
#[derive(Debug, Clone)]
pub struct CaseLine {
    pub meta: ReportMeta,
    pub viewer_can_read: bool,
    /// The reporter wrote or added a file since a caseworker last opened the report.
    pub unread_activity: bool,
    /// `None` when the viewer holds no key to the case.
    pub card: Option<CaseCard>,
    pub assignee: Option<String>,
    /// The names of the teams it was routed to.
    pub teams: Vec<String>,
}

/// A page of the inbox.
#[derive(Debug, Clone)]
pub struct CaseList {
    pub lines: Vec<CaseLine>,
    /// Pass back (as `cursor`) for the next page; `None` on the last.
    pub next_cursor: Option<InboxCursor>,
    /// The request filtered on what only the viewer's key opens (a label or a search): the
    /// page then holds only cases they can read.
    pub opened_to_filter: bool,
}

/// A request checked and resolved: what the database filters, and what is left for here.
struct Resolved {
    query: InboxQuery,
    label: Option<String>,
    search: Option<SearchQuery>,
}

/// The parameter `name` of `request`, read by `parse`; a value `parse` refuses is an error
/// naming the parameter.
fn value<T>(
    request: &InboxRequest,
    name: &'static str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, AppError> {
    request
        .get(name)
        .map(|text| parse(text).ok_or(AppError::Filter(FilterError::Value(name))))
        .transpose()
}

impl Refuge {
    async fn resolve(
        &self,
        session: &StaffSession,
        request: &InboxRequest,
    ) -> Result<Resolved, AppError> {
        let vocabulary = &self.settings.case;
        let sort = value(request, "sort", InboxSort::from_code)?.unwrap_or_default();
        let after = match request.get("cursor") {
            None => None,
            Some(text) => Some(
                InboxCursor::parse(text)
                    .filter(|cursor| cursor.sort == sort)
                    .ok_or(AppError::Filter(FilterError::Cursor))?,
            ),
        };
        let status = value(request, "status", ReportStatus::from_code)?;
        let substatus = value(request, "substatus", |code| {
            vocabulary
                .substatuses
                .iter()
                .any(|s| s.code == code)
                .then(|| code.to_string())
        })?;
        let label = value(request, "label", |code| {
            vocabulary
                .labels
                .iter()
                .any(|l| l.code == code)
                .then(|| code.to_string())
        })?;
        let assignee = match request.get("assignee") {
            None | Some("any") => None,
            Some("me") => Some(AssigneeFilter::Staff(session.staff.id)),
            Some("none") => Some(AssigneeFilter::Nobody),
            Some(name) => Some(AssigneeFilter::Staff(
                self.store
                    .list_staff()
                    .await?
                    .into_iter()
                    .find(|s| s.username == name)
                    .map(|s| s.id)
                    .ok_or(AppError::Filter(FilterError::Value("assignee")))?,
            )),
        };
        let team = match request.get("team") {
            None => None,
            Some(wanted) => {
                let teams = self.team_names(session).await?;
                let by_id = TeamId::from_str(wanted).ok();
                Some(
                    teams
                        .iter()
                        .find(|(id, name)| Some(*id) == by_id || name == wanted)
                        .map(|(id, _)| *id)
                        .ok_or(AppError::Filter(FilterError::Value("team")))?,
                )
            }
        };
        let unread = value(request, "unread", |text| match text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        })?
        .unwrap_or(false);
        let received_from = value(request, "from", Day::parse)?;
        let received_to = value(request, "to", Day::parse)?;
        if let (Some(from), Some(to)) = (received_from, received_to)
            && from > to
        {
            return Err(AppError::Filter(FilterError::Range));
        }
        let search = match request.get("q") {
            None => None,
            Some(text) => {
                SearchQuery::parse(text).map_err(|e| AppError::Filter(FilterError::Query(e)))?
            }
        };
        let filter = InboxFilter {
            status,
            substatus,
            urgency: value(request, "urgency", Urgency::from_code)?,
            assignee,
            team,
            tactic: value(request, "tactic", Tactic::from_code)?,
            language: value(request, "language", Language::from_code)?,
            host_country: value(request, "host_country", |code| {
                let code = code.to_ascii_uppercase();
                HOST_COUNTRIES.contains(&code.as_str()).then_some(code)
            })?,
            unread,
            received_from,
            received_to,
            readable_only: label.is_some() || search.is_some(),
        };
        Ok(Resolved {
            query: InboxQuery {
                filter,
                sort,
                after,
                limit: request.limit.clamp(1, INBOX_PAGE_MAX),
            },
            label,
            search,
        })
    }

    /// A page of the inbox as asked: filtered, sorted, searched, with what staff keep about
    /// each case they can read (its card, who is assigned, its teams).
    pub async fn case_list(
        &self,
        session: &StaffSession,
        request: &InboxRequest,
    ) -> Result<CaseList, AppError> {
        session.require(Permission::WorkCases)?;
        // Reports that arrived since wait to be indexed for correlation: the inbox starts that
        // in the background (one query when nothing waits).
        self.start_indexing(session).await?;
        let Resolved {
            mut query,
            label,
            search,
        } = self.resolve(session, request).await?;
        let staff = self.store.list_staff().await?;
        let teams = self.team_names(session).await?;
        let line = |entry: InboxEntry, card: Option<CaseCard>| CaseLine {
            assignee: entry
                .meta
                .case
                .assignee
                .and_then(|id| staff.iter().find(|s| s.id == id))
                .map(|s| s.username.clone()),
            teams: entry
                .teams
                .iter()
                .filter_map(|id| teams.iter().find(|(team, _)| team == id))
                .map(|(_, name)| name.clone())
                .collect(),
            meta: entry.meta,
            viewer_can_read: entry.viewer_can_read,
            unread_activity: entry.unread_activity,
            card,
        };

        if label.is_none() && search.is_none() {
            let page = self.store.inbox(session.staff.id, &query).await?;
            let readable: Vec<ReportId> = page
                .entries
                .iter()
                .filter(|entry| entry.viewer_can_read)
                .map(|entry| entry.meta.id)
                .collect();
            let keys = self.case_keys_for(session, &readable).await?;
            let mut lines = Vec::with_capacity(page.entries.len());
            for entry in page.entries {
                let card = match keys.get(&entry.meta.id) {
                    Some(key) => Some(Self::open_card(
                        key,
                        entry.meta.id,
                        entry.sealed_card.as_deref(),
                    )?),
                    None => None,
                };
                lines.push(line(entry, card));
            }
            return Ok(CaseList {
                lines,
                next_cursor: page.next_cursor,
                opened_to_filter: false,
            });
        }

        // A label or a search: read batches of the cases the viewer can read, open what the
        // filter needs, and keep going until the page is full and one more match shows that
        // another page exists.
        let _turn = self
            .searches
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable("search closed".into()))?;
        let wanted = query.limit as usize;
        query.limit = SCAN_BATCH;
        let mut lines: Vec<CaseLine> = Vec::with_capacity(wanted);
        let mut last_shown: Option<InboxCursor> = None;
        loop {
            let page = self.store.inbox(session.staff.id, &query).await?;
            let ids: Vec<ReportId> = page.entries.iter().map(|e| e.meta.id).collect();
            let keys = self.case_keys_for(session, &ids).await?;
            let mut candidates: Vec<(InboxEntry, CaseCard)> = Vec::with_capacity(ids.len());
            for entry in page.entries {
                let Some(key) = keys.get(&entry.meta.id) else {
                    continue;
                };
                let card = Self::open_card(key, entry.meta.id, entry.sealed_card.as_deref())?;
                if label.as_ref().is_none_or(|code| card.labels.contains(code)) {
                    candidates.push((entry, card));
                }
            }
            let matched: Option<HashSet<ReportId>> = match &search {
                Some(search) => Some(
                    self.search_batch(session, &candidates, &keys, search)
                        .await?,
                ),
                None => None,
            };
            for (entry, card) in candidates {
                if matched
                    .as_ref()
                    .is_some_and(|m| !m.contains(&entry.meta.id))
                {
                    continue;
                }
                if lines.len() == wanted {
                    // A match beyond the page: there is a next page, after the last shown.
                    return Ok(CaseList {
                        lines,
                        next_cursor: last_shown,
                        opened_to_filter: true,
                    });
                }
                last_shown = Some(entry.cursor);
                lines.push(line(entry, Some(card)));
            }
            match page.next_cursor {
                Some(next) => query.after = Some(next),
                None => break,
            }
        }
        Ok(CaseList {
            lines,
            next_cursor: None,
            opened_to_filter: true,
        })
    }

    /// The candidates whose search documents hold every term: documents their content has
    /// outgrown are rebuilt first, then read a few chunks at a time.
    async fn search_batch(
        &self,
        session: &StaffSession,
        candidates: &[(InboxEntry, CaseCard)],
        keys: &HashMap<ReportId, CaseKey>,
        search: &SearchQuery,
    ) -> Result<HashSet<ReportId>, AppError> {
        for (entry, _) in candidates.iter().filter(|(e, _)| e.search_stale) {
            if let Some(key) = keys.get(&entry.meta.id) {
                let stored = self.stored_report(entry.meta.id).await?;
                self.rebuild_search_document(session, &stored, key).await?;
            }
        }
        let ids: Vec<ReportId> = candidates.iter().map(|(e, _)| e.meta.id).collect();
        let mut found: HashMap<ReportId, Found> = HashMap::with_capacity(ids.len());
        let mut after = None;
        loop {
            let chunks = self
                .store
                .search_chunks(&ids, after, CHUNKS_AT_ONCE)
                .await?;
            let Some(last) = chunks.last() else { break };
            after = Some((last.report, last.chunk));
            let full = chunks.len() == CHUNKS_AT_ONCE as usize;
            for chunk in &chunks {
                let Some(key) = keys.get(&chunk.report) else {
                    continue;
                };
                match open_chunk(key, chunk.report, chunk.chunk, &chunk.sealed) {
                    Ok(plain) => search.mark(&plain, found.entry(chunk.report).or_default()),
                    // A chunk that does not open (written by someone who can write the
                    // database) matches nothing; the rest of the search goes on.
                    Err(_) => {
                        tracing::warn!(report = %chunk.report, "a search chunk did not open");
                    }
                }
            }
            if !full {
                break;
            }
        }
        Ok(found
            .into_iter()
            .filter(|(_, terms)| search.all(*terms))
            .map(|(id, _)| id)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_round_trip_and_blank_is_any() {
        let mut request = InboxRequest::new(50);
        for name in InboxRequest::PARAMETERS {
            request.set(name, &format!(" {name}-value "));
        }
        for name in InboxRequest::PARAMETERS {
            assert_eq!(request.get(name), Some(format!("{name}-value").as_str()));
        }
        request.set("status", "   ");
        assert_eq!(request.get("status"), None);
        request.set("not_a_parameter", "x");
        assert_eq!(request.get("not_a_parameter"), None);
        assert!(!request.filters().iter().any(|(name, _)| *name == "cursor"));
    }

    #[test]
    fn a_sort_alone_does_not_narrow() {
        let mut request = InboxRequest::new(50);
        request.set("sort", "urgency");
        assert!(!request.narrows());
        request.set("urgency", "critical");
        assert!(request.narrows());
    }
}
