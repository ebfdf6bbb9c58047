//! Tidy checks that keep the docs and the locales honest.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn crate_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("crates"))
        .expect("crates")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn architecture_names_every_crate_and_each_lib_says_what_it_is_for() {
    let architecture = read(&root().join("ARCHITECTURE.md"));
    for name in crate_names() {
        assert!(
            architecture.contains(&format!("crates/{name}")),
            "ARCHITECTURE.md must describe crates/{name}"
        );
        let entry = if name == "refuge" {
            "src/main.rs"
        } else {
            "src/lib.rs"
        };
        let source = read(&root().join("crates").join(&name).join(entry));
        assert!(
            source.starts_with("//!"),
            "crates/{name}/{entry} starts with a //! paragraph"
        );
    }
}

fn fluent_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with(' '))
        .filter_map(|line| line.split_once(" = ").map(|(id, _)| id.trim().to_owned()))
        .filter(|id| !id.is_empty())
        .collect()
}

/// Each message with its whole value (continuation lines included: plural variants).
fn fluent_messages(text: &str) -> std::collections::HashMap<String, String> {
    let mut messages = std::collections::HashMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if line.starts_with(' ') {
            if let Some((_, value)) = current.as_mut() {
                value.push('\n');
                value.push_str(line);
            }
            continue;
        }
        if let Some((id, value)) = current.take() {
            messages.insert(id, value);
        }
        if !line.starts_with('#')
            && let Some((id, value)) = line.split_once(" = ")
        {
            current = Some((id.trim().to_owned(), value.to_owned()));
        }
    }
    if let Some((id, value)) = current {
        messages.insert(id, value);
    }
    messages
}

/// The variables a message uses (`$minutes`), wherever they appear in it.
fn variables(value: &str) -> BTreeSet<String> {
    value
        .match_indices('$')
        .map(|(i, _)| {
            value[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn every_locale_has_every_message_with_its_variables() {
    let locales = root().join("crates/refuge-web/locales");
    let english = read(&locales.join("en/main.ftl"));
    let english_ids = fluent_ids(&english);
    assert!(english_ids.len() > 200);
    let english_messages = fluent_messages(&english);
    for locale in ["fr", "zh-Hans", "zh-Hant", "ug", "bo"] {
        let text = read(&locales.join(locale).join("main.ftl"));
        assert!(
            text.contains("NEEDS REVIEW"),
            "{locale}: drafted translations are marked for native review"
        );
        let ids = fluent_ids(&text);
        let missing: Vec<_> = english_ids.iter().filter(|id| !ids.contains(id)).collect();
        let extra: Vec<_> = ids.iter().filter(|id| !english_ids.contains(id)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{locale}: missing {missing:?}, extra {extra:?}"
        );
        for (id, value) in fluent_messages(&text) {
            if let Some(english_value) = english_messages.get(&id) {
                assert_eq!(
                    variables(&value),
                    variables(english_value),
                    "{locale}: {id}"
                );
            }
        }
    }
}

/// Every message id written literally in the web crate's code exists in English.
#[test]
fn every_literal_message_id_exists() {
    let english = fluent_ids(&read(&root().join("crates/refuge-web/locales/en/main.ftl")));
    let mut pending = vec![root().join("crates/refuge-web/src")];
    let mut checked = 0;
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let source = read(&path);
            for marker in [".t(\"", ".t_with(\""] {
                for (index, _) in source.match_indices(marker) {
                    let rest = &source[index + marker.len()..];
                    let id = rest.split('"').next().unwrap_or("");
                    assert!(
                        english.iter().any(|known| known == id),
                        "{}: unknown message id {id:?}",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "found {checked} literal ids");
}

#[test]
fn dynamic_message_families_are_complete() {
    use refuge_domain::taxonomy::*;
    let english = fluent_ids(&read(&root().join("crates/refuge-web/locales/en/main.ftl")));
    let has = |id: String| assert!(english.contains(&id), "missing {id}");
    Tactic::ALL
        .iter()
        .for_each(|t| has(format!("tactic-{}", t.code())));
    TacticGroup::ALL
        .iter()
        .for_each(|g| has(format!("tactic-group-{}", g.code())));
    Target::ALL
        .iter()
        .for_each(|t| has(format!("target-{}", t.code())));
    Community::ALL
        .iter()
        .for_each(|c| has(format!("community-{}", c.code())));
    IdentifierKind::ALL
        .iter()
        .for_each(|k| has(format!("identifier-kind-{}", k.code())));
    HOST_COUNTRIES
        .iter()
        .for_each(|c| has(format!("country-{c}")));
    KNOWN_ORIGIN_STATES
        .iter()
        .for_each(|c| has(format!("origin-{c}")));
    refuge_domain::staff::Role::ALL
        .iter()
        .for_each(|r| has(format!("role-{}", r.code())));
    (1..=12).for_each(|m| has(format!("month-{m}")));
    for status in ["received", "triaged", "in_progress", "referred", "closed"] {
        has(format!("status-{status}"));
    }
    for problem in [
        "narrative_or_tactic_required",
        "too_long",
        "too_many",
        "control_characters",
        "unknown_code",
        "region_without_country",
        "region_not_in_country",
        "month_malformed",
        "month_in_future",
        "month_too_old",
        "contact_details_required",
        "identifier_kind_required",
    ] {
        has(format!("problem-{problem}"));
    }
    for rule in [
        "username_invalid",
        "password_too_short",
        "password_too_long",
    ] {
        has(format!("account-rule-{rule}"));
    }
    use refuge_domain::registry::*;
    let codes = |all: &[&str], prefix: &str| all.iter().for_each(|c| has(format!("{prefix}{c}")));
    codes(
        &EntryKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>(),
        "registry-kind-",
    );
    codes(
        &AllegationStatus::ALL
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>(),
        "registry-status-",
    );
    codes(
        &SourceKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>(),
        "registry-source-kind-",
    );
    codes(
        &Reliability::ALL
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>(),
        "registry-reliability-",
    );
    codes(
        &Credibility::ALL
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>(),
        "registry-credibility-",
    );
    codes(
        &PartyKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>(),
        "registry-party-",
    );
    codes(
        &NamingBasis::ALL
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>(),
        "registry-basis-",
    );
    codes(
        &ResponseParty::ALL
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>(),
        "registry-response-party-",
    );
    codes(
        &ResponseKind::ALL
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>(),
        "registry-response-kind-",
    );
    // Every problem an entry can have, with the field it names.
    let problems = [
        EntryProblem::Missing("title"),
        EntryProblem::TooLong("summary"),
        EntryProblem::TooMany("statuses"),
        EntryProblem::NotForKind("operated_by"),
        EntryProblem::UnknownCountry,
        EntryProblem::BadPeriod,
        EntryProblem::UnknownSource,
        EntryProblem::Naming(RegistryRuleError::NamingWithoutBasis),
        EntryProblem::Naming(RegistryRuleError::AuthorCannotPublish),
        EntryProblem::Naming(RegistryRuleError::NotAPublisher),
        EntryProblem::StatusWithoutSource,
        EntryProblem::BadUrl,
        EntryProblem::BadHash,
    ];
    for problem in problems {
        has(format!("registry-problem-{}", problem.code()));
        has(format!("registry-field-{}", problem.field()));
    }
    for field in [
        "title",
        "summary",
        "city",
        "operated_by",
        "period",
        "value",
        "country",
        "sources",
        "naming_basis",
        "statuses",
        "responses",
        "tactics",
        "about",
        "people",
        "party",
        "kind",
        "url",
        "publisher",
        "archived_sha256",
        "first_reported",
        "naming_sources",
        "date",
    ] {
        has(format!("registry-field-{field}"));
    }
    for filter in ["kind", "country", "status", "q"] {
        has(format!("registry-filter-bad-{filter}"));
    }
    for dimension in refuge_domain::statistics::ONE_WAY {
        has(format!("statistics-by-{dimension}"));
        has(format!("statistics-heading-{dimension}"));
    }
    for (name, _, _) in refuge_domain::statistics::TWO_WAY {
        has(format!("statistics-heading-{name}"));
    }
    for refusal in ["future_month", "already_released"] {
        has(format!("statistics-refused-{refusal}"));
    }
    for action in refuge_domain::AuditAction::ALL {
        has(format!("audit-action-{}", action.code()));
    }
}

/// Every country of the world map has a name in every locale (in `countries.ftl` or, for
/// the host countries of the report form, `main.ftl`), exactly once.
#[test]
fn every_country_of_the_map_has_a_name_in_every_locale() {
    let map = read(&root().join("crates/refuge-web/src/pages/world-map.txt"));
    let codes: Vec<&str> = map
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(codes.len() > 230, "{} countries", codes.len());
    for locale in ["en", "fr", "zh-Hans", "zh-Hant", "ug", "bo"] {
        let dir = root().join("crates/refuge-web/locales").join(locale);
        let mut ids = fluent_ids(&read(&dir.join("main.ftl")));
        ids.extend(fluent_ids(&read(&dir.join("countries.ftl"))));
        for code in &codes {
            let id = format!("country-{code}");
            assert_eq!(
                ids.iter().filter(|known| **known == id).count(),
                1,
                "{locale}: {id}"
            );
        }
    }
}
