//! `/healthz` and Prometheus metrics, the latter on their own listen address
//! (`server.metrics_listen`, off by default) so that they are never on the public side.
//!
//! SECURITY (security review H2): a counter that moves when a reporter acts would tell whoever
//! scrapes it, to the scrape interval, when a report or a follow-up arrived — exactly what the
//! log refuses to say. So everything reporters move — their requests, the receipt lane of the
//! key derivations, the blob store (written at intake), the correlation queue (filled at
//! intake) — is published as of the top of the hour, with the log's hourly summary; only staff
//! requests are counted live. No metric carries an address, a concrete path, an id or anything
//! typed: routes are templates (`/staff/reports/{id}`), labels come from closed sets.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use refuge_app::work::LaneFigures;

use crate::WebState;

/// A staff request's method, route template and status.
type RequestKey = (String, String, u16);

/// Staff requests by key: (count, seconds in all). Live.
static STAFF_REQUESTS: Mutex<BTreeMap<RequestKey, (u64, f64)>> = Mutex::new(BTreeMap::new());

/// What is published as of the last hour boundary.
static HOURLY: Mutex<Option<HourFigures>> = Mutex::new(None);

/// Reporter requests by "METHOD route status", in all since the process started, as of the
/// last hour boundary.
static REPORTER_TOTALS: Mutex<BTreeMap<String, u64>> = Mutex::new(BTreeMap::new());

/// A per-lane metric: name, kind, help, and its value for a lane.
type LaneFamily<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a dyn Fn(&LaneFigures) -> String,
);

/// The figures published once an hour.
#[derive(Debug, Clone, PartialEq)]
pub struct HourFigures {
    pub lanes: Vec<LaneFigures>,
    /// Blob statements and their seconds: writes, then reads.
    pub blob_writes: u64,
    pub blob_write_seconds: f64,
    pub blob_reads: u64,
    pub blob_read_seconds: f64,
    /// Reports whose identifiers wait for indexing.
    pub correlation_queue: u64,
}

/// Counts a staff request (the request logger calls it; reporters' requests are not counted
/// here but in the hourly summary).
pub(crate) fn record_staff_request(method: &str, route: &str, status: u16, seconds: f64) {
    if let Ok(mut requests) = STAFF_REQUESTS.lock() {
        let entry = requests
            .entry((method.to_owned(), route.to_owned(), status))
            .or_insert((0, 0.0));
        entry.0 += 1;
        entry.1 += seconds;
    }
}

/// Adds the reporter requests of the hour that ended to the published totals.
pub(crate) fn add_reporter_hour(counts: &BTreeMap<String, u64>) {
    if let Ok(mut totals) = REPORTER_TOTALS.lock() {
        for (key, n) in counts {
            *totals.entry(key.clone()).or_insert(0) += n;
        }
    }
}

/// Publishes the hour's figures (the server calls it at start and at the top of every hour).
pub fn publish_hour(figures: HourFigures) {
    if let Ok(mut hourly) = HOURLY.lock() {
        *hourly = Some(figures);
    }
}

/// A label value in the exposition format.
fn escaped(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// The metrics in Prometheus' text exposition format.
pub fn render() -> String {
    let mut out = String::new();
    family(
        &mut out,
        "refuge_staff_requests_total",
        "counter",
        "Staff pages and staff API requests by method, route template and status (live).",
    );
    let staff = STAFF_REQUESTS.lock().map(|r| r.clone()).unwrap_or_default();
    for ((method, route, status), (count, _)) in &staff {
        let _ = writeln!(
            out,
            "refuge_staff_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {count}",
            escaped(method),
            escaped(route)
        );
    }
    family(
        &mut out,
        "refuge_staff_request_seconds_total",
        "counter",
        "Seconds spent answering staff requests, by method, route template and status (live).",
    );
    for ((method, route, status), (_, seconds)) in &staff {
        let _ = writeln!(
            out,
            "refuge_staff_request_seconds_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {seconds:.6}",
            escaped(method),
            escaped(route)
        );
    }
    family(
        &mut out,
        "refuge_reporter_requests_total",
        "counter",
        "Reporters' requests (and unmatched ones) by method, route template and status, as of the top of the last hour.",
    );
    let reporters = REPORTER_TOTALS
        .lock()
        .map(|r| r.clone())
        .unwrap_or_default();
    for (key, count) in &reporters {
        let mut parts = key.splitn(3, ' ');
        let (method, route, status) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let _ = writeln!(
            out,
            "refuge_reporter_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {count}",
            escaped(method),
            escaped(route),
            escaped(status)
        );
    }
    let hourly = HOURLY.lock().map(|h| h.clone()).unwrap_or_default();
    if let Some(hour) = hourly {
        let lanes: [LaneFamily; 3] = [
            (
                "refuge_argon2_runs_total",
                "counter",
                "Key derivations run, by lane (as of the top of the last hour).",
                &|lane| lane.runs.to_string(),
            ),
            (
                "refuge_argon2_wait_seconds_total",
                "counter",
                "Seconds key derivations waited for a permit, by lane (as of the top of the last hour).",
                &|lane| format!("{:.6}", lane.waited_seconds),
            ),
            (
                "refuge_argon2_queue_peak",
                "gauge",
                "The most key derivations waiting at once in the hour before the last top of the hour, by lane.",
                &|lane| lane.peak_waiting.to_string(),
            ),
        ];
        for (name, kind, help, value) in lanes {
            family(&mut out, name, kind, help);
            for lane in &hour.lanes {
                let _ = writeln!(out, "{name}{{lane=\"{}\"}} {}", lane.lane, value(lane));
            }
        }
        let blobs = [
            (
                "refuge_blob_statements_total",
                "Blob store statements (chunks written and read), as of the top of the last hour.",
                hour.blob_writes.to_string(),
                hour.blob_reads.to_string(),
            ),
            (
                "refuge_blob_seconds_total",
                "Seconds the blob store's statements took, as of the top of the last hour.",
                format!("{:.6}", hour.blob_write_seconds),
                format!("{:.6}", hour.blob_read_seconds),
            ),
        ];
        for (name, help, writes, reads) in blobs {
            family(&mut out, name, "counter", help);
            let _ = writeln!(out, "{name}{{op=\"write\"}} {writes}");
            let _ = writeln!(out, "{name}{{op=\"read\"}} {reads}");
        }
        family(
            &mut out,
            "refuge_correlation_queue",
            "gauge",
            "Reports whose identifiers waited to be indexed at the top of the last hour.",
        );
        let _ = writeln!(out, "refuge_correlation_queue {}", hour.correlation_queue);
    }
    out
}

/// `GET /healthz`: 200 "ok" while the database answers, else 503; says nothing more.
pub async fn healthz(State(state): State<WebState>) -> Response {
    let (status, text) = if state.app.healthy().await {
        (StatusCode::OK, "ok\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable\n")
    };
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

async fn metrics() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        render(),
    )
        .into_response()
}

/// The metrics listener's routes: `/metrics` and `/healthz`.
pub fn router(state: WebState) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(healthz))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporters_move_nothing_live() {
        record_staff_request("GET", "/staff/reports/{id}", 200, 0.004);
        let before = render();
        assert!(before.contains(
            "refuge_staff_requests_total{method=\"GET\",route=\"/staff/reports/{id}\",status=\"200\"} 1"
        ));
        // A reporter's request is counted for the hourly summary, not here.
        crate::middleware::count_reporter_request_for_test("POST /report 200");
        assert!(!render().contains("POST"));
        crate::middleware::flush_reporter_requests();
        assert!(render().contains(
            "refuge_reporter_requests_total{method=\"POST\",route=\"/report\",status=\"200\"} 1"
        ));
        assert_eq!(escaped("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
