//! Quality on a labelled corpus (issue 11): pairs of identifiers that must match (the same
//! number, address, account, plate or name written differently) and near misses that must not,
//! across the scripts of our six locales (`tests/fixtures/identifiers/corpus.tsv`). Two forms
//! match when they share a key. Prints precision and recall per kind, names split into exact
//! and transliterated matches; holds the exact kinds to 100 % precision and 95 % recall.

use std::collections::BTreeMap;

use refuge_identifiers::{NameMatch, email_keys, handle_keys, name_keys, phone_keys, plate_keys};

struct Row {
    kind: String,
    context: String,
    a: String,
    b: String,
    expected: bool,
    note: String,
}

fn corpus() -> Vec<Row> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/identifiers/corpus.tsv"
    );
    let text = std::fs::read_to_string(path).expect("the corpus");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("kind\tcontext\ta\tb\texpected\tnote"),
        "header"
    );
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 6, "{line}");
            Row {
                kind: fields[0].into(),
                context: fields[1].into(),
                a: fields[2].into(),
                b: fields[3].into(),
                expected: match fields[4] {
                    "match" => true,
                    "differ" => false,
                    other => panic!("expected is match or differ, not {other}"),
                },
                note: fields[5].into(),
            }
        })
        .collect()
}

/// The keys of one written form, with how each was reached.
fn keys(row: &Row, written: &str) -> Vec<(String, NameMatch)> {
    let exact = |keys: Vec<String>| keys.into_iter().map(|k| (k, NameMatch::Exact)).collect();
    match row.kind.as_str() {
        "phone" => {
            let regions: Vec<&str> = row.context.split(',').map(str::trim).collect();
            exact(phone_keys(written, &regions))
        }
        "email" => exact(email_keys(written)),
        "handle" => exact(handle_keys(&row.context, written)),
        "plate" => exact(plate_keys(written)),
        "name" => name_keys(written),
        other => panic!("unknown kind {other}"),
    }
}

/// Whether the two forms share a key, and whether only through a transliteration.
fn matched(row: &Row) -> Option<NameMatch> {
    let left = keys(row, &row.a);
    let right = keys(row, &row.b);
    let mut found = None;
    for (key, how) in &right {
        if let Some((_, other)) = left.iter().find(|(k, _)| k == key) {
            if *how == NameMatch::Exact && *other == NameMatch::Exact {
                return Some(NameMatch::Exact);
            }
            found = Some(NameMatch::Transliterated);
        }
    }
    found
}

#[derive(Default)]
struct Tally {
    true_positive: u32,
    false_positive: u32,
    false_negative: u32,
    true_negative: u32,
    misses: Vec<String>,
}

impl Tally {
    fn precision(&self) -> f64 {
        let found = self.true_positive + self.false_positive;
        if found == 0 {
            1.0
        } else {
            f64::from(self.true_positive) / f64::from(found)
        }
    }
    fn recall(&self) -> f64 {
        let wanted = self.true_positive + self.false_negative;
        if wanted == 0 {
            1.0
        } else {
            f64::from(self.true_positive) / f64::from(wanted)
        }
    }
}

#[test]
fn precision_and_recall_on_the_labelled_corpus() {
    let rows = corpus();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut score = |group: &str, row: &Row, found: bool| {
        let tally = tallies.entry(group.to_owned()).or_default();
        match (row.expected, found) {
            (true, true) => tally.true_positive += 1,
            (true, false) => {
                tally.false_negative += 1;
                tally
                    .misses
                    .push(format!("missed: {} | {} ({})", row.a, row.b, row.note));
            }
            (false, true) => {
                tally.false_positive += 1;
                tally.misses.push(format!(
                    "wrongly matched: {} | {} ({})",
                    row.a, row.b, row.note
                ));
            }
            (false, false) => tally.true_negative += 1,
        }
    };
    for row in &rows {
        let found = matched(row);
        if row.kind != "name" {
            score(&row.kind, row, found.is_some());
            continue;
        }
        // Names are scored twice over their near misses: as written (a match must be exact),
        // and through transliteration (any shared key), each with the matches of its kind.
        let translit = row.note.contains("translit");
        if !row.expected || !translit {
            score("name (exact)", row, found == Some(NameMatch::Exact));
        }
        if !row.expected || translit {
            score("name (transliterated)", row, found.is_some());
        }
    }
    eprintln!("kind\tpairs\tprecision\trecall");
    for (group, tally) in &tallies {
        let pairs =
            tally.true_positive + tally.false_positive + tally.false_negative + tally.true_negative;
        eprintln!(
            "{group}\t{pairs}\t{:.1} %\t{:.1} %",
            tally.precision() * 100.0,
            tally.recall() * 100.0
        );
        for miss in &tally.misses {
            eprintln!("    {miss}");
        }
    }
    let matching = rows.iter().filter(|r| r.expected).count();
    assert!(
        matching >= 300 && rows.len() - matching >= 300,
        "corpus size"
    );
    for (group, tally) in &tallies {
        if group == "name (transliterated)" {
            continue;
        }
        assert_eq!(tally.false_positive, 0, "{group}: precision below 100 %");
        assert!(
            tally.recall() >= 0.95,
            "{group}: recall {:.3}",
            tally.recall()
        );
    }
}
