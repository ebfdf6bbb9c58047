//! The inbox query: the reports a viewer may know exist, filtered on clear columns, in one of
//! four orders, a page at a time after a cursor.
//!
//! The SQL is assembled from fixed fragments chosen by the query's shape; every value is bound.

use refuge_domain::StaffId;
use refuge_domain::inbox::{AssigneeFilter, InboxCursor, InboxQuery, InboxSort};
use refuge_domain::ports::{InboxEntry, InboxPage, StoreResult};

use super::{IdRow, InboxColumnsRow, KEY_BATCH, MetaRow, TeamRow, team_ids};
use crate::sql::{Pool, SqlStore, failure};

/// A value to bind, in placeholder order.
enum Value {
    Bytes(Vec<u8>),
    Int(i64),
    Text(String),
}

/// A WHERE clause being built: fragments joined by AND, values numbered as they come.
struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    /// Binds `value` and returns its placeholder.
    fn bind(&mut self, value: Value) -> String {
        self.values.push(value);
        format!("${}", self.values.len())
    }

    fn push(&mut self, clause: String) {
        self.clauses.push(clause);
    }
}

/// The sort key of an order, as an expression of the `reports r` row (a BIGINT on both
/// engines, so one row type reads it).
fn sort_key(sort: InboxSort) -> &'static str {
    match sort {
        InboxSort::Newest | InboxSort::Oldest => "CAST(0 AS BIGINT)",
        InboxSort::Urgency => {
            "CAST(CASE r.urgency WHEN 'critical' THEN 3 WHEN 'high' THEN 2 \
             WHEN 'normal' THEN 1 ELSE 0 END AS BIGINT)"
        }
        InboxSort::Activity => "r.activity_day",
    }
}

fn order_by(sort: InboxSort) -> &'static str {
    match sort {
        InboxSort::Newest => "r.intake_seq DESC",
        InboxSort::Oldest => "r.intake_seq ASC",
        InboxSort::Urgency | InboxSort::Activity => "sort_key DESC, r.intake_seq DESC",
    }
}

/// `%,code,%` for a LIKE over comma-joined codes, with LIKE's wildcards escaped.
fn code_in_list(code: &str) -> String {
    let escaped = code
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%,{escaped},%")
}

fn conditions(viewer: StaffId, query: &InboxQuery) -> Conditions {
    let mut c = Conditions {
        clauses: Vec::new(),
        values: vec![Value::Bytes(viewer.as_bytes().to_vec())],
    };
    // $1 is the viewer.
    c.push(format!("({})", visible_to!("$1")));
    let filter = &query.filter;
    if filter.readable_only {
        c.push(
            "EXISTS (SELECT 1 FROM report_recipients k WHERE k.report_id = r.id AND k.staff_id = $1)"
                .into(),
        );
    }
    if let Some(status) = filter.status {
        let p = c.bind(Value::Text(status.code().into()));
        c.push(format!("r.status = {p}"));
    }
    if let Some(substatus) = &filter.substatus {
        let p = c.bind(Value::Text(substatus.clone()));
        c.push(format!("r.substatus = {p}"));
    }
    if let Some(urgency) = filter.urgency {
        let p = c.bind(Value::Text(urgency.code().into()));
        c.push(format!("r.urgency = {p}"));
    }
    match filter.assignee {
        None => {}
        Some(AssigneeFilter::Nobody) => c.push("r.assignee IS NULL".into()),
        Some(AssigneeFilter::Staff(id)) => {
            let p = c.bind(Value::Bytes(id.as_bytes().to_vec()));
            c.push(format!("r.assignee = {p}"));
        }
    }
    if let Some(team) = filter.team {
        let p = c.bind(Value::Bytes(team.as_bytes().to_vec()));
        c.push(format!(
            "EXISTS (SELECT 1 FROM report_teams ft WHERE ft.report_id = r.id AND ft.team_id = {p})"
        ));
    }
    if let Some(tactic) = filter.tactic {
        // The caseworker's coding when there is one, as statistics count.
        let p = c.bind(Value::Text(code_in_list(tactic.code())));
        c.push(format!(
            "(',' || COALESCE(r.staff_tactics, r.tactics) || ',') LIKE {p} ESCAPE '\\'"
        ));
    }
    if let Some(language) = filter.language {
        let p = c.bind(Value::Text(language.code().into()));
        c.push(format!("r.language = {p}"));
    }
    if let Some(country) = &filter.host_country {
        let p = c.bind(Value::Text(country.clone()));
        c.push(format!("r.host_country = {p}"));
    }
    if filter.unread {
        c.push("r.unread_activity".into());
    }
    if let Some(from) = filter.received_from {
        let p = c.bind(Value::Int(from.0));
        c.push(format!("r.received_day >= {p}"));
    }
    if let Some(to) = filter.received_to {
        let p = c.bind(Value::Int(to.0));
        c.push(format!("r.received_day <= {p}"));
    }
    if let Some(after) = query.after {
        let seq = c.bind(Value::Int(after.seq));
        match query.sort {
            InboxSort::Newest => c.push(format!("r.intake_seq < {seq}")),
            InboxSort::Oldest => c.push(format!("r.intake_seq > {seq}")),
            InboxSort::Urgency | InboxSort::Activity => {
                let key = c.bind(Value::Int(after.key));
                let expr = sort_key(query.sort);
                c.push(format!(
                    "({expr} < {key} OR ({expr} = {key} AND r.intake_seq < {seq}))"
                ));
            }
        }
    }
    c
}

pub(super) async fn page(
    store: &SqlStore,
    viewer: StaffId,
    query: &InboxQuery,
) -> StoreResult<InboxPage> {
    let limit = query.limit.clamp(1, 200) as usize;
    let mut c = conditions(viewer, query);
    let limit_placeholder = c.bind(Value::Int(limit as i64 + 1));
    let sql = format!(
        concat!(
            "SELECT ",
            meta_columns!(),
            ", r.intake_seq, r.unread_activity, c.sealed_card, \
             EXISTS (SELECT 1 FROM report_recipients x WHERE x.report_id = r.id AND x.staff_id = $1) \
             AS viewer_can_read, \
             (r.search_version IS NULL OR r.search_version < r.content_version) AS search_stale, \
             {key} AS sort_key \
             FROM reports r LEFT JOIN report_cases c ON c.report_id = r.id \
             WHERE {conditions} ORDER BY {order} LIMIT {limit}"
        ),
        key = sort_key(query.sort),
        conditions = c.clauses.join(" AND "),
        order = order_by(query.sort),
        limit = limit_placeholder,
    );
    on_pool!(store, |pool| {
        // SECURITY: the text is fixed fragments chosen by the query's shape and numbered
        // placeholders; every value is bound.
        let mut statement = sqlx::query(sqlx::AssertSqlSafe(sql));
        for value in &c.values {
            statement = match value {
                Value::Bytes(bytes) => statement.bind(bytes.as_slice()),
                Value::Int(n) => statement.bind(*n),
                Value::Text(text) => statement.bind(text.as_str()),
            };
        }
        let rows = statement.fetch_all(pool).await.map_err(failure)?;
        let more = rows.len() > limit;
        // The teams of the reports on the page, in one query per batch.
        let page_ids: Vec<Vec<u8>> = rows
            .iter()
            .take(limit)
            .map(|row| <IdRow as sqlx::FromRow<_>>::from_row(row).map(|r| r.id))
            .collect::<Result<_, _>>()
            .map_err(failure)?;
        let mut teams: Vec<TeamRow> = Vec::new();
        for batch in page_ids.chunks(KEY_BATCH) {
            let sql = format!(
                "SELECT report_id, team_id FROM report_teams WHERE report_id IN ({})",
                crate::sql::numbered_placeholders(1, batch.len())
            );
            // SECURITY: the text is placeholders built from a count; every value is bound.
            let mut statement = sqlx::query_as::<_, TeamRow>(sqlx::AssertSqlSafe(sql));
            for id in batch {
                statement = statement.bind(id.as_slice());
            }
            teams.extend(statement.fetch_all(pool).await.map_err(failure)?);
        }
        let mut entries = Vec::with_capacity(limit);
        for row in rows.iter().take(limit) {
            let meta = <MetaRow as sqlx::FromRow<_>>::from_row(row).map_err(failure)?;
            let line = <InboxColumnsRow as sqlx::FromRow<_>>::from_row(row).map_err(failure)?;
            let routed: Vec<TeamRow> = teams
                .iter()
                .filter(|t| t.report_id == meta.id)
                .cloned()
                .collect();
            entries.push(InboxEntry {
                teams: team_ids(&routed)?,
                meta: meta.meta()?,
                viewer_can_read: line.viewer_can_read,
                unread_activity: line.unread_activity,
                sealed_card: line.sealed_card,
                search_stale: line.viewer_can_read && line.search_stale,
                cursor: InboxCursor {
                    sort: query.sort,
                    key: line.sort_key,
                    seq: line.intake_seq,
                },
            });
        }
        let next_cursor = if more {
            entries.last().map(|entry| entry.cursor)
        } else {
            None
        };
        Ok(InboxPage {
            entries,
            next_cursor,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_codes_are_escaped() {
        assert_eq!(code_in_list("online_threat"), "%,online\\_threat,%");
        assert_eq!(code_in_list("a%b"), "%,a\\%b,%");
    }
}
