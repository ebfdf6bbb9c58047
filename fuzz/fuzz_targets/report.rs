//! Report validation fed from a decoded form: never panics, and an accepted report respects
//! every limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use refuge_domain::Day;
use refuge_domain::report::{IdentifierDraft, IntakeRules, ReportDraft, IDENTIFIERS_MAX, NARRATIVE_MAX_CHARS};
use refuge_web::body::FormData;

fuzz_target!(|data: &[u8]| {
    let Ok(form) = FormData::parse(data) else { return };
    let first = |name: &str| form.all(name).into_iter().next();
    let kinds = form.all("kind");
    let values = form.all("value");
    let draft = ReportDraft {
        language: first("language").unwrap_or_default(),
        origin_state: first("origin_state"),
        host_country: first("host_country"),
        host_region: first("host_region"),
        city: first("city"),
        occurred: first("occurred"),
        tactics: form.all("tactics"),
        targets: form.all("targets"),
        community: first("community"),
        narrative: first("narrative").unwrap_or_default(),
        identifiers: kinds.into_iter().zip(values).map(|(kind, value)| IdentifierDraft { kind, value }).collect(),
        ..ReportDraft::default()
    };
    let rules = IntakeRules { origin_states: vec!["CN".into()], today: Day(20_780) };
    if let Ok(report) = draft.validate(&rules) {
        assert!(report.narrative.chars().count() <= NARRATIVE_MAX_CHARS);
        assert!(report.identifiers.len() <= IDENTIFIERS_MAX);
        assert!(!report.narrative.is_empty() || !report.tactics.is_empty());
    }
});
