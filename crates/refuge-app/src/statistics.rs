//! Public statistics (issue 12): a release counts the consenting reports (and only those)
//! received in whole months that no earlier release covered, by month, tactic, host country
//! and region, community and origin state, and two two-way tables; optional noise (exact
//! discrete Laplace, ε per release split evenly among its tables), then primary and secondary
//! suppression (`refuge_domain::statistics`). Only releases are public: live counts never are,
//! and releases never overlap, so no two can be subtracted to single out a report.

use std::collections::BTreeMap;

use refuge_crypto::{noise, random};
use refuge_domain::audit::AuditAction;
use refuge_domain::calendar::{Day, YearMonth};
use refuge_domain::ports::{AuditEntry, StatisticsFacts, StoreError, StoredRelease};
use refuge_domain::statistics::{
    NOT_GIVEN, NoiseRecord, ONE_WAY, OneWay, Published, ReleaseBody, TACTICS_COUNTED, TWO_WAY,
    TwoWay, protect_one_way, protect_two_way,
};
use refuge_domain::taxonomy::{self, Community, HOST_COUNTRIES, Tactic};
use refuge_domain::{Permission, ReleaseId};

use crate::sessions::StaffSession;
use crate::settings::StatisticsRules;
use crate::{AppError, Refuge};

/// Why a release cannot be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReleaseRefusal {
    #[error("a release cannot count months that have not begun")]
    FutureMonth,
    #[error("those months are already in a release: releases never overlap")]
    AlreadyReleased,
}

impl ReleaseRefusal {
    pub fn code(self) -> &'static str {
        match self {
            ReleaseRefusal::FutureMonth => "future_month",
            ReleaseRefusal::AlreadyReleased => "already_released",
        }
    }
}

fn next_month(month: YearMonth) -> YearMonth {
    if month.month == 12 {
        YearMonth {
            year: month.year + 1,
            month: 1,
        }
    } else {
        YearMonth {
            year: month.year,
            month: month.month + 1,
        }
    }
}

fn previous_month(month: YearMonth) -> YearMonth {
    if month.month == 1 {
        YearMonth {
            year: month.year - 1,
            month: 12,
        }
    } else {
        YearMonth {
            year: month.year,
            month: month.month - 1,
        }
    }
}

fn first_day(month: YearMonth) -> Day {
    Day::from_civil(i64::from(month.year), month.month, 1).unwrap_or(Day(0))
}

fn last_day(month: YearMonth) -> Day {
    Day(first_day(next_month(month)).0 - 1)
}

/// The months from `from` to `through`, both included.
pub fn months(from: YearMonth, through: YearMonth) -> Vec<YearMonth> {
    let mut all = Vec::new();
    let mut month = from;
    while month <= through && all.len() < 1200 {
        all.push(month);
        month = next_month(month);
    }
    all
}

/// The keys of each dimension: closed lists (never only the keys seen, which would tell that a
/// rare key has a report even when its count is withheld), and "not given" where a report may
/// not say.
fn dimension_keys(
    dimension: &str,
    months_covered: &[YearMonth],
    origin_states: &[String],
) -> Vec<String> {
    let with_not_given = |mut keys: Vec<String>| {
        keys.push(NOT_GIVEN.to_owned());
        keys
    };
    match dimension {
        "month" => months_covered.iter().map(ToString::to_string).collect(),
        "tactic" => Tactic::ALL.iter().map(|t| t.code().to_owned()).collect(),
        "host_country" => with_not_given(HOST_COUNTRIES.iter().map(|c| (*c).to_owned()).collect()),
        "host_region" => with_not_given(
            taxonomy::HOST_REGIONS
                .iter()
                .flat_map(|(country, regions)| {
                    regions.iter().map(move |(r, _)| format!("{country}-{r}"))
                })
                .collect(),
        ),
        "community" => with_not_given(Community::ALL.iter().map(|c| c.code().to_owned()).collect()),
        "origin_state" => {
            let mut keys: Vec<String> = origin_states.to_vec();
            keys.push(taxonomy::OTHER_COUNTRY.to_owned());
            with_not_given(keys)
        }
        _ => Vec::new(),
    }
}

/// The keys a report counts under in a dimension (several for tactics, at most
/// `TACTICS_COUNTED`; one elsewhere).
fn keys_of(dimension: &str, facts: &StatisticsFacts, origin_states: &[String]) -> Vec<String> {
    let or_not_given = |value: Option<String>| vec![value.unwrap_or_else(|| NOT_GIVEN.to_owned())];
    match dimension {
        "month" => vec![facts.received.year_month().to_string()],
        "tactic" => {
            let mut tactics: Vec<Tactic> = facts.tactics.clone();
            tactics.sort();
            tactics.dedup();
            tactics.truncate(TACTICS_COUNTED);
            tactics.iter().map(|t| t.code().to_owned()).collect()
        }
        "host_country" => or_not_given(facts.host_country.clone()),
        "host_region" => or_not_given(
            facts
                .host_region
                .as_ref()
                .zip(facts.host_country.as_ref())
                .map(|(region, country)| format!("{country}-{region}")),
        ),
        "community" => or_not_given(facts.community.map(|c| c.code().to_owned())),
        "origin_state" => or_not_given(facts.origin_state.as_ref().map(|code| {
            if origin_states.contains(code) {
                code.clone()
            } else {
                taxonomy::OTHER_COUNTRY.to_owned()
            }
        })),
        _ => Vec::new(),
    }
}

/// How much one report can move a table's cells in all (the noise's sensitivity).
fn sensitivity(dimension: &str) -> u64 {
    if dimension.starts_with("tactic") {
        TACTICS_COUNTED as u64
    } else {
        1
    }
}

/// Adds noise (when on) to a count: exact discrete Laplace of scale Δ/ε, clamped at zero.
fn noisy(count: u64, delta: u64, epsilon_thousandths: Option<u64>) -> u64 {
    match epsilon_thousandths {
        None => count,
        Some(e) => {
            let (numerator, denominator) = noise::scale_for(delta, e);
            let drawn = noise::discrete_laplace(numerator, denominator);
            u64::try_from(
                i64::try_from(count)
                    .unwrap_or(i64::MAX)
                    .saturating_add(drawn)
                    .max(0),
            )
            .unwrap_or(0)
        }
    }
}

/// A release's tables from the facts of its period (a pure function but for the noise).
pub fn compute_release(
    facts: &[StatisticsFacts],
    from: YearMonth,
    through: YearMonth,
    made: Day,
    rules: StatisticsRules,
    origin_states: &[String],
) -> ReleaseBody {
    let covered = months(from, through);
    // ε per release, split evenly among its tables and the count of reports.
    let queries = (ONE_WAY.len() + TWO_WAY.len() + 1) as u64;
    let per_table = rules.epsilon_thousandths.map(|e| (e / queries).max(1));
    let k = rules.k;
    let reports_count = noisy(facts.len() as u64, 1, per_table);
    let reports = protect_one_way(Vec::new(), &[], reports_count, false, k).total;
    let one_way: Vec<(String, OneWay)> = ONE_WAY
        .iter()
        .map(|dimension| {
            let keys = dimension_keys(dimension, &covered, origin_states);
            let index: BTreeMap<&str, usize> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| (k.as_str(), i))
                .collect();
            let mut counts = vec![0u64; keys.len()];
            for report in facts {
                for key in keys_of(dimension, report, origin_states) {
                    if let Some(&i) = index.get(key.as_str()) {
                        counts[i] += 1;
                    }
                }
            }
            let counts: Vec<u64> = counts
                .into_iter()
                .map(|c| noisy(c, sensitivity(dimension), per_table))
                .collect();
            let additive = *dimension != "tactic";
            // The total of an additive table is the sum of its (noisy) cells; a tactic table's
            // is the count of reports, published once above.
            let total = if additive {
                counts.iter().sum()
            } else {
                reports_count
            };
            (
                (*dimension).to_owned(),
                protect_one_way(keys, &counts, total, additive, k),
            )
        })
        .collect();
    let two_way: Vec<(String, TwoWay)> = TWO_WAY
        .iter()
        .map(|(name, rows_dimension, columns_dimension)| {
            let rows = dimension_keys(rows_dimension, &covered, origin_states);
            let columns = dimension_keys(columns_dimension, &covered, origin_states);
            let row_index: BTreeMap<&str, usize> = rows
                .iter()
                .enumerate()
                .map(|(i, k)| (k.as_str(), i))
                .collect();
            let column_index: BTreeMap<&str, usize> = columns
                .iter()
                .enumerate()
                .map(|(i, k)| (k.as_str(), i))
                .collect();
            let mut counts = vec![vec![0u64; columns.len()]; rows.len()];
            for report in facts {
                for row in keys_of(rows_dimension, report, origin_states) {
                    for column in keys_of(columns_dimension, report, origin_states) {
                        if let (Some(&i), Some(&j)) = (
                            row_index.get(row.as_str()),
                            column_index.get(column.as_str()),
                        ) {
                            counts[i][j] += 1;
                        }
                    }
                }
            }
            for row in &mut counts {
                for cell in row.iter_mut() {
                    *cell = noisy(*cell, sensitivity(name), per_table);
                }
            }
            (
                (*name).to_owned(),
                protect_two_way(rows, columns, &counts, k),
            )
        })
        .collect();
    ReleaseBody {
        v: 1,
        from: from.to_string(),
        through: through.to_string(),
        made,
        includes_current_month: through >= made.year_month(),
        k,
        noise: rules.epsilon_thousandths.map(|e| NoiseRecord {
            mechanism: "discrete_laplace".into(),
            epsilon: e as f64 / 1000.0,
            epsilon_per_table: per_table.unwrap_or(e) as f64 / 1000.0,
        }),
        reports,
        one_way,
        two_way,
    }
}

impl Refuge {
    /// Every release, oldest first (public).
    pub async fn statistics_releases(&self) -> Result<Vec<StoredRelease>, AppError> {
        Ok(self.store.statistics_releases().await?)
    }

    /// The rules releases are made with (for the public page's method).
    pub fn statistics_rules(&self) -> StatisticsRules {
        self.settings.statistics
    }

    /// A new release through `through` (default: the last closed month), from the month
    /// after the last release (or the first consenting report). The current month only when
    /// named; a month not begun never.
    pub async fn make_release(
        &self,
        session: &StaffSession,
        through: Option<YearMonth>,
    ) -> Result<StoredRelease, AppError> {
        session.require(Permission::ReleaseStatistics)?;
        let today = Day::from_unix_seconds(self.now());
        let current = today.year_month();
        let through = through.unwrap_or_else(|| previous_month(current));
        if through > current {
            return Err(AppError::Release(ReleaseRefusal::FutureMonth));
        }
        let last = self.released_through().await?;
        if last >= Some(through) {
            return Err(AppError::Release(ReleaseRefusal::AlreadyReleased));
        }
        let from = self
            .next_release_begins(last)
            .await?
            .unwrap_or(through)
            .min(through);
        self.release(Some(session.staff.id), from, through, today)
            .await
    }

    /// The last month a release covers, if any.
    async fn released_through(&self) -> Result<Option<YearMonth>, AppError> {
        Ok(self
            .store
            .released_through()
            .await?
            .and_then(|month| YearMonth::parse(&month)))
    }

    /// The first month the next release counts, given the last month released: the month
    /// after it, or the month of the first consenting report (`None`: no release and no such
    /// report yet).
    async fn next_release_begins(
        &self,
        last: Option<YearMonth>,
    ) -> Result<Option<YearMonth>, AppError> {
        Ok(match last {
            Some(last) => Some(next_month(last)),
            None => self
                .store
                .first_consenting_day()
                .await?
                .map(|day| day.year_month()),
        })
    }

    /// The operator's schedule (`statistics.schedule_months`): once that many whole months
    /// have closed since the last release, the next release is made (by the schedule, named
    /// so in the audit log). Several app servers may try at once: one stores it, the others
    /// meet the unique first month and leave it.
    pub async fn scheduled_release_if_due(&self) -> Result<Option<StoredRelease>, AppError> {
        let Some(months_per_release) = self.settings.statistics.schedule_months else {
            return Ok(None);
        };
        let today = Day::from_unix_seconds(self.now());
        let last_closed = previous_month(today.year_month());
        let last = self.released_through().await?;
        let Some(from) = self.next_release_begins(last).await? else {
            return Ok(None);
        };
        let closed = months(from, last_closed);
        let Some(&through) = closed.get(usize::from(months_per_release).saturating_sub(1)) else {
            return Ok(None);
        };
        match self.release(None, from, through, today).await {
            Ok(release) => Ok(Some(release)),
            Err(AppError::Release(ReleaseRefusal::AlreadyReleased)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Computes and stores the release of `from` to `through`, audited as `actor`'s (`None`:
    /// the schedule).
    async fn release(
        &self,
        actor: Option<refuge_domain::StaffId>,
        from: YearMonth,
        through: YearMonth,
        today: Day,
    ) -> Result<StoredRelease, AppError> {
        let facts = self
            .store
            .statistics_facts(first_day(from), last_day(through))
            .await?;
        let settings = self.settings.clone();
        let body = tokio::task::spawn_blocking(move || {
            compute_release(
                &facts,
                from,
                through,
                today,
                settings.statistics,
                &settings.origin_states,
            )
        })
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))?;
        let release = StoredRelease {
            id: ReleaseId::from_bytes(random::bytes::<16>()),
            body,
        };
        let audit = AuditEntry {
            at: self.now(),
            actor,
            action: AuditAction::StatisticsReleased,
            report: None,
            subject: match actor {
                Some(_) => format!("{} – {}", release.body.from, release.body.through),
                None => format!(
                    "{} – {} (schedule)",
                    release.body.from, release.body.through
                ),
            },
        };
        // The schedule is nobody's account: the all-zero id stands for it.
        let made_by = actor.unwrap_or(refuge_domain::StaffId::from_bytes([0; 16]));
        match self.store.insert_release(&release, made_by, &audit).await {
            Ok(()) => Ok(release),
            Err(StoreError::Conflict) => Err(AppError::Release(ReleaseRefusal::AlreadyReleased)),
            Err(other) => Err(other.into()),
        }
    }
}

/// The ε all releases so far have spent (the budget shown on the public page).
pub fn epsilon_spent(releases: &[StoredRelease]) -> f64 {
    releases
        .iter()
        .filter_map(|r| r.body.noise.as_ref().map(|n| n.epsilon))
        .sum()
}

fn csv_value(value: &Published) -> (String, &'static str) {
    match value.count.filter(|_| !value.suppressed) {
        Some(n) => (n.to_string(), "false"),
        None => (String::new(), "true"),
    }
}

/// A release as CSV: `table,row,column,count,suppressed` (empty count when withheld; `total`
/// rows and columns are the margins), every table or the one `by` names.
pub fn release_csv(release: &StoredRelease, by: Option<&str>) -> Result<Vec<u8>, AppError> {
    release_csv_rows(release, by).map_err(|e| AppError::Unavailable(e.to_string()))
}

fn release_csv_rows(release: &StoredRelease, by: Option<&str>) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "release",
        "from",
        "through",
        "table",
        "row",
        "column",
        "count",
        "suppressed",
    ])?;
    let body = &release.body;
    let id = release.id.to_string();
    let mut write = |table: &str, row: &str, column: &str, value: &Published| {
        let (count, suppressed) = csv_value(value);
        out.write_record([
            id.as_str(),
            &body.from,
            &body.through,
            table,
            row,
            column,
            &count,
            suppressed,
        ])
    };
    for (name, table) in &body.one_way {
        if by.is_some_and(|b| b != name) {
            continue;
        }
        for (key, value) in table.keys.iter().zip(&table.values) {
            write(name, key, "", value)?;
        }
        write(name, "total", "", &table.total)?;
    }
    for (name, table) in &body.two_way {
        if by.is_some_and(|b| b != name) {
            continue;
        }
        for (i, row) in table.rows.iter().enumerate() {
            for (j, column) in table.columns.iter().enumerate() {
                write(name, row, column, &table.cells[i][j])?;
            }
            write(name, row, "total", &table.row_totals[i])?;
        }
        for (j, column) in table.columns.iter().enumerate() {
            write(name, "total", column, &table.column_totals[j])?;
        }
        write(name, "total", "total", &table.total)?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(n: usize, country: &str, tactics: &[Tactic], day: Day) -> Vec<StatisticsFacts> {
        (0..n)
            .map(|_| StatisticsFacts {
                received: day,
                tactics: tactics.to_vec(),
                host_country: Some(country.to_owned()),
                host_region: None,
                community: Some(Community::Uyghur),
                origin_state: Some("CN".into()),
            })
            .collect()
    }

    #[test]
    fn a_release_with_noise_keeps_the_threshold_and_records_its_budget() {
        let november = YearMonth {
            year: 2026,
            month: 11,
        };
        let day = first_day(november);
        let mut all = facts(120, "CA", &[Tactic::ALL[0]], day);
        all.extend(facts(
            3,
            "FR",
            &[
                Tactic::ALL[1],
                Tactic::ALL[2],
                Tactic::ALL[3],
                Tactic::ALL[4],
            ],
            day,
        ));
        let rules = StatisticsRules {
            k: 10,
            epsilon_thousandths: Some(900),
            schedule_months: None,
        };
        let origin = vec!["CN".to_owned()];
        let mut differed = false;
        for _ in 0..20 {
            let release =
                compute_release(&all, november, november, Day(day.0 + 40), rules, &origin);
            let noise = release.noise.as_ref().expect("noise recorded");
            assert_eq!(noise.mechanism, "discrete_laplace");
            assert!((noise.epsilon - 0.9).abs() < 1e-9);
            assert!(
                (noise.epsilon_per_table - 0.1).abs() < 1e-9,
                "0.9 over 9 tables"
            );
            let (_, countries) = release
                .one_way
                .iter()
                .find(|(n, _)| n == "host_country")
                .expect("table");
            for value in countries.values.iter().chain([&countries.total]) {
                assert!(value.count.is_none_or(|c| c >= 10));
            }
            let canada = countries.keys.iter().position(|k| k == "CA").expect("CA");
            let published = countries.values[canada].count.expect("120 is published");
            // Noise of scale 1/0.1 = 10: beyond ±100 once in twenty thousand draws.
            assert!((20..=220).contains(&published), "{published}");
            differed |= published != 120;
            // At most three tactics of a report count.
            let (_, tactics) = release
                .one_way
                .iter()
                .find(|(n, _)| n == "tactic")
                .expect("table");
            assert!(!tactics.additive);
        }
        assert!(
            differed,
            "noise changed the count at least once in twenty releases"
        );
    }

    #[test]
    fn without_noise_the_counts_are_exact_and_closed_lists_are_whole() {
        let october = YearMonth {
            year: 2026,
            month: 10,
        };
        let all = facts(30, "CA", &[Tactic::ALL[0]], first_day(october));
        let release = compute_release(
            &all,
            october,
            october,
            Day(first_day(october).0 + 40),
            StatisticsRules::default(),
            &["CN".to_owned()],
        );
        assert!(release.noise.is_none());
        assert!(!release.includes_current_month);
        let (_, countries) = release
            .one_way
            .iter()
            .find(|(n, _)| n == "host_country")
            .expect("table");
        // Every host country is a key, and "not given": a key is never there only because a
        // report has it.
        assert_eq!(countries.keys.len(), HOST_COUNTRIES.len() + 1);
        assert_eq!(release.reports.count, Some(30));
        assert_eq!(
            months(
                october,
                YearMonth {
                    year: 2027,
                    month: 1
                }
            )
            .len(),
            4
        );
    }
}
