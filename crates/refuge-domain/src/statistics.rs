//! Public statistics (issue 12): counts of consenting reports, by one dimension or two, with
//! disclosure control. A cell below `k` is never published (primary suppression), and more
//! cells are withheld (secondary suppression) until no withheld cell can be worked out from
//! what is published — the totals of its row and column included.
//!
//! A two-way table with its margins is a matrix `M` of (rows + 1) × (columns + 1): the cells,
//! each row's total in the last column, each column's total in the last row, the grand total in
//! the corner. Every line of `M` is an equation (a row's cells add up to its total; a column's
//! to its total). Withheld entries are the unknowns; an unknown is fixed by these equations
//! exactly when its edge is a *bridge* of the bipartite graph whose nodes are `M`'s rows and
//! columns and whose edges are the withheld entries (an entry on a cycle can move by +1/−1
//! around the cycle without changing any total). So the rules are: no line with exactly one
//! withheld entry, and no withheld entry that is a bridge; each broken rule is mended by
//! withholding the smallest entries that close a cycle, until none is broken.

use serde::{Deserialize, Serialize};

/// The smallest threshold an operator may set: below it, primary suppression protects little.
pub const K_MIN: u64 = 5;
/// The threshold unless the operator sets another.
pub const K_DEFAULT: u64 = 10;

/// One published value: a count, or withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// `None` when withheld.
    pub count: Option<u64>,
    pub suppressed: bool,
}

impl Published {
    fn of(value: u64, withheld: bool) -> Self {
        Published {
            count: (!withheld).then_some(value),
            suppressed: withheld,
        }
    }
}

/// A one-way table as published: a value per key, and the total (`additive`: the keys
/// partition the reports, so the values add up to the total; otherwise a report may count
/// under several keys, as with tactics).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneWay {
    pub keys: Vec<String>,
    pub values: Vec<Published>,
    pub total: Published,
    pub additive: bool,
}

/// A two-way table as published, with its margins (sums of its cells).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoWay {
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Published>>,
    pub row_totals: Vec<Published>,
    pub column_totals: Vec<Published>,
    pub total: Published,
}

/// Suppresses a one-way table: values and total below `k` (zeros included: "none" is not
/// told apart from "a few"), then, if the table is additive, one more value wherever exactly
/// one entry of the line is withheld (the smallest other value, or else the total).
pub fn protect_one_way(
    keys: Vec<String>,
    counts: &[u64],
    total: u64,
    additive: bool,
    k: u64,
) -> OneWay {
    let mut withheld: Vec<bool> = counts.iter().map(|&c| c < k).collect();
    let mut total_withheld = total < k;
    let unknowns = |withheld: &[bool], total_withheld: bool| {
        withheld.iter().filter(|w| **w).count() + usize::from(total_withheld)
    };
    if additive && unknowns(&withheld, total_withheld) == 1 {
        let smallest = counts
            .iter()
            .enumerate()
            .filter(|(i, _)| !withheld[*i])
            .min_by_key(|(_, c)| **c)
            .map(|(i, _)| i);
        match smallest {
            Some(i) => withheld[i] = true,
            None => total_withheld = true,
        }
    }
    OneWay {
        values: counts
            .iter()
            .zip(&withheld)
            .map(|(&c, &w)| Published::of(c, w))
            .collect(),
        keys,
        total: Published::of(total, total_withheld),
        additive,
    }
}

/// Suppresses a two-way table with its margins (see the module's note).
pub fn protect_two_way(
    rows: Vec<String>,
    columns: Vec<String>,
    counts: &[Vec<u64>],
    k: u64,
) -> TwoWay {
    let r = rows.len();
    let c = columns.len();
    // The extended matrix: cells, row totals (last column), column totals (last row), grand.
    let mut m = vec![vec![0u64; c + 1]; r + 1];
    for i in 0..r {
        for j in 0..c {
            let value = counts
                .get(i)
                .and_then(|row| row.get(j))
                .copied()
                .unwrap_or(0);
            m[i][j] = value;
            m[i][c] += value;
            m[r][j] += value;
            m[r][c] += value;
        }
    }
    let mut withheld: Vec<Vec<bool>> = m
        .iter()
        .map(|row| row.iter().map(|&v| v < k).collect())
        .collect();
    secondary_suppression(&m, &mut withheld);
    let published = |i: usize, j: usize| Published::of(m[i][j], withheld[i][j]);
    TwoWay {
        cells: (0..r)
            .map(|i| (0..c).map(|j| published(i, j)).collect())
            .collect(),
        row_totals: (0..r).map(|i| published(i, c)).collect(),
        column_totals: (0..c).map(|j| published(r, j)).collect(),
        total: published(r, c),
        rows,
        columns,
    }
}

/// Withholds more entries of the extended matrix `m` until no line has exactly one withheld
/// entry and no withheld entry is a bridge.
fn secondary_suppression(m: &[Vec<u64>], withheld: &mut [Vec<bool>]) {
    let rows = m.len();
    let columns = m.first().map_or(0, Vec::len);
    // Each pass withholds at least one more entry or stops: at most rows × columns passes.
    for _ in 0..=rows * columns {
        if let Some((i, j)) = lone_entry(withheld) {
            // The line of (i, j) has it alone: withhold the smallest other entry of that line
            // that is not withheld yet (in its row if that is the lone line, else its column).
            let row_count = withheld[i].iter().filter(|w| **w).count();
            let candidates: Vec<(usize, usize)> = if row_count == 1 {
                (0..columns)
                    .filter(|&jj| jj != j)
                    .map(|jj| (i, jj))
                    .collect()
            } else {
                (0..rows).filter(|&ii| ii != i).map(|ii| (ii, j)).collect()
            };
            if let Some(&(a, b)) = candidates
                .iter()
                .filter(|(a, b)| !withheld[*a][*b])
                .min_by_key(|(a, b)| m[*a][*b])
            {
                withheld[a][b] = true;
                continue;
            }
        }
        // An entry the equations fix (a bridge), or one that no change of the others could
        // move without making some count negative (a count that is not zero but pinned).
        let exposed = bridges(withheld)
            .into_iter()
            .chain(
                pinned(m, withheld)
                    .into_iter()
                    .filter(|&(i, j)| m[i][j] > 0),
            )
            .next();
        let Some((i, j)) = exposed else {
            return;
        };
        // Close a cycle through (i, j) that can move: the rectangle (i, j), (i, jj), (ii, j),
        // (ii, jj) along which one direction keeps every count at zero or more, withholding the
        // least (entries already withheld cost nothing).
        let cost = |a: usize, b: usize| if withheld[a][b] { 0 } else { m[a][b] + 1 };
        let movable = |ii: usize, jj: usize| {
            let corners = [(i, j), (i, jj), (ii, jj), (ii, j)];
            // The extended matrix's margins enter the equations with the opposite sign.
            let sign = |a: usize, b: usize| {
                if (a == rows - 1) != (b == columns - 1) {
                    -1i64
                } else {
                    1
                }
            };
            [1i64, -1].iter().any(|direction| {
                corners.iter().enumerate().all(|(n, &(a, b))| {
                    let alternate = if n % 2 == 0 { 1 } else { -1 };
                    direction * alternate * sign(a, b) > 0 || m[a][b] >= 1
                })
            })
        };
        let best = (0..rows)
            .filter(|&ii| ii != i)
            .flat_map(|ii| {
                (0..columns)
                    .filter(move |&jj| jj != j)
                    .map(move |jj| (ii, jj))
            })
            .filter(|&(ii, jj)| movable(ii, jj))
            .min_by_key(|&(ii, jj)| cost(i, jj) + cost(ii, j) + cost(ii, jj));
        match best {
            Some((ii, jj)) => {
                withheld[i][jj] = true;
                withheld[ii][j] = true;
                withheld[ii][jj] = true;
            }
            None => {
                // No rectangle can move (nearly every count is zero): withhold the whole row
                // and column of the entry, or stop when they already are.
                let mut grew = false;
                for entry in withheld[i].iter_mut() {
                    grew |= !*entry;
                    *entry = true;
                }
                for row in withheld.iter_mut() {
                    grew |= !row[j];
                    row[j] = true;
                }
                if !grew {
                    return;
                }
            }
        }
    }
}

/// The withheld entries whose value no other solution of the lines' equations changes, given
/// that no count is negative: those on no cycle of the *residual* graph, where a step that
/// lowers an entry is allowed only if the entry is at least one. (Two solutions differ by a
/// circulation, which splits into such cycles; an entry on none keeps its value in all.)
pub fn pinned(m: &[Vec<u64>], withheld: &[Vec<bool>]) -> Vec<(usize, usize)> {
    let rows = m.len();
    let columns = m.first().map_or(0, Vec::len);
    let sign = |i: usize, j: usize| {
        if (i == rows - 1) != (j == columns - 1) {
            -1i64
        } else {
            1
        }
    };
    // Directed edges: row → column adds to the entry's signed value, column → row subtracts;
    // each carries its entry, so a cycle through an entry cannot come back along the entry.
    let nodes = rows + columns;
    let mut out: Vec<Vec<(usize, (usize, usize))>> = vec![Vec::new(); nodes];
    for i in 0..rows {
        for j in 0..columns {
            if !withheld[i][j] {
                continue;
            }
            // Raising N[i][j] changes M[i][j] by `sign`: allowed if that raises M, or M ≥ 1.
            if sign(i, j) > 0 || m[i][j] >= 1 {
                out[i].push((rows + j, (i, j)));
            }
            if sign(i, j) < 0 || m[i][j] >= 1 {
                out[rows + j].push((i, (i, j)));
            }
        }
    }
    let reaches = |from: usize, to: usize, without: (usize, usize)| {
        let mut seen = vec![false; nodes];
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if !std::mem::replace(&mut seen[node], true) {
                stack.extend(
                    out[node]
                        .iter()
                        .filter(|(_, entry)| *entry != without)
                        .map(|(next, _)| *next),
                );
            }
        }
        false
    };
    let mut found = Vec::new();
    for i in 0..rows {
        for j in 0..columns {
            if !withheld[i][j] {
                continue;
            }
            let up = out[i].iter().any(|(n, e)| *n == rows + j && *e == (i, j))
                && reaches(rows + j, i, (i, j));
            let down = out[rows + j].iter().any(|(n, e)| *n == i && *e == (i, j))
                && reaches(i, rows + j, (i, j));
            if !(up || down) {
                found.push((i, j));
            }
        }
    }
    found
}

/// A withheld entry alone in its row or column, if any.
fn lone_entry(withheld: &[Vec<bool>]) -> Option<(usize, usize)> {
    let columns = withheld.first().map_or(0, Vec::len);
    for (i, row) in withheld.iter().enumerate() {
        let mut found = row.iter().enumerate().filter(|(_, w)| **w).map(|(j, _)| j);
        if let (Some(j), None) = (found.next(), found.next()) {
            return Some((i, j));
        }
    }
    for j in 0..columns {
        let mut found = (0..withheld.len()).filter(|&i| withheld[i][j]);
        if let (Some(i), None) = (found.next(), found.next()) {
            return Some((i, j));
        }
    }
    None
}

/// The withheld entries that are bridges of the bipartite graph (row nodes, column nodes,
/// an edge per withheld entry): those the lines' equations fix.
pub fn bridges(withheld: &[Vec<bool>]) -> Vec<(usize, usize)> {
    let rows = withheld.len();
    let columns = withheld.first().map_or(0, Vec::len);
    let nodes = rows + columns;
    // Edges as (row node, column node); adjacency by edge index.
    let edges: Vec<(usize, usize)> = (0..rows)
        .flat_map(|i| {
            (0..columns)
                .filter(move |&j| withheld[i][j])
                .map(move |j| (i, j))
        })
        .collect();
    let mut adjacent: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for (e, &(i, j)) in edges.iter().enumerate() {
        adjacent[i].push((rows + j, e));
        adjacent[rows + j].push((i, e));
    }
    // Iterative Tarjan: discovery times and low links.
    let mut discovered = vec![usize::MAX; nodes];
    let mut low = vec![0usize; nodes];
    let mut time = 0;
    let mut found = Vec::new();
    for start in 0..nodes {
        if discovered[start] != usize::MAX {
            continue;
        }
        // (node, edge it was reached by, next neighbour index)
        let mut stack: Vec<(usize, usize, usize)> = vec![(start, usize::MAX, 0)];
        discovered[start] = time;
        low[start] = time;
        time += 1;
        while let Some(&mut (node, via, ref mut next)) = stack.last_mut() {
            if let Some(&(neighbour, edge)) = adjacent[node].get(*next) {
                *next += 1;
                if edge == via {
                    continue;
                }
                if discovered[neighbour] == usize::MAX {
                    discovered[neighbour] = time;
                    low[neighbour] = time;
                    time += 1;
                    stack.push((neighbour, edge, 0));
                } else {
                    low[node] = low[node].min(discovered[neighbour]);
                }
            } else {
                stack.pop();
                if let Some(&(parent, _, _)) = stack.last() {
                    low[parent] = low[parent].min(low[node]);
                    if low[node] > discovered[parent] {
                        found.push(edges[via]);
                    }
                }
            }
        }
    }
    found.sort_unstable();
    found
}

/// The dimensions a release counts by (codes of the API's `by`).
pub const ONE_WAY: &[&str] = &[
    "month",
    "tactic",
    "host_country",
    "host_region",
    "community",
    "origin_state",
];
/// The two-way tables: (code, rows' dimension, columns' dimension).
pub const TWO_WAY: &[(&str, &str, &str)] = &[
    ("tactic_host_country", "tactic", "host_country"),
    ("tactic_month", "tactic", "month"),
];

/// A report counts under at most this many tactics (the first in the taxonomy's order), so one
/// report moves a tactic table by at most this much (the sensitivity the noise is scaled to).
pub const TACTICS_COUNTED: usize = 3;

/// The key of reports that do not say (no host country, no community…), so one-way tables
/// add up to every report.
pub const NOT_GIVEN: &str = "not_given";

/// Noise added to a release, as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoiseRecord {
    /// `discrete_laplace`.
    pub mechanism: String,
    /// ε of the whole release (split evenly among its tables).
    pub epsilon: f64,
    /// ε each table gets.
    pub epsilon_per_table: f64,
}

/// A statistics release as stored and published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseBody {
    pub v: u32,
    /// The first and last month the release covers (`YYYY-MM`): whole months, never overlapping
    /// another release's.
    pub from: String,
    pub through: String,
    /// The day it was made.
    pub made: crate::calendar::Day,
    /// It counts the month it was made in (named on purpose; later reports of that month are
    /// not counted).
    pub includes_current_month: bool,
    /// The threshold.
    pub k: u64,
    pub noise: Option<NoiseRecord>,
    /// Consenting reports in the period.
    pub reports: Published,
    pub one_way: Vec<(String, OneWay)>,
    pub two_way: Vec<(String, TwoWay)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The attacker's view of the extended matrix: a value, or unknown.
    type Grid = Vec<Vec<Option<u64>>>;

    /// The attacker: every assignment of non-negative integers to the withheld entries that
    /// agrees with every published value and every line's equation, by depth-first search
    /// (values up to the grand total). Returns, per withheld entry, the values it takes.
    // The attacker reads the matrix by row and column, as the equations do.
    #[allow(clippy::needless_range_loop)]
    fn solutions(
        table: &TwoWay,
        truth: &[Vec<u64>],
    ) -> Vec<((usize, usize), std::collections::BTreeSet<u64>)> {
        let r = table.rows.len();
        let c = table.columns.len();
        let mut m: Vec<Vec<Option<u64>>> = vec![vec![None; c + 1]; r + 1];
        for i in 0..r {
            for j in 0..c {
                m[i][j] = table.cells[i][j].count;
            }
            m[i][c] = table.row_totals[i].count;
        }
        for j in 0..c {
            m[r][j] = table.column_totals[j].count;
        }
        m[r][c] = table.total.count;
        let grand: u64 = truth.iter().flatten().sum();
        let unknown: Vec<(usize, usize)> = (0..=r)
            .flat_map(|i| (0..=c).map(move |j| (i, j)))
            .filter(|&(i, j)| m[i][j].is_none())
            .collect();
        let mut seen: Vec<std::collections::BTreeSet<u64>> =
            vec![Default::default(); unknown.len()];
        // A line is consistent while its known cells do not exceed its known total, and add
        // up to it once all are known.
        let line_ok = |cells: &mut dyn Iterator<Item = Option<u64>>, total: Option<u64>| {
            let (mut sum, mut complete) = (0u64, true);
            for cell in cells {
                match cell {
                    Some(v) => sum += v,
                    None => complete = false,
                }
            }
            match total {
                Some(t) => sum <= t && (!complete || sum == t),
                None => true,
            }
        };
        let consistent = |m: &Vec<Vec<Option<u64>>>| {
            (0..=r).all(|i| line_ok(&mut (0..c).map(|j| m[i][j]), m[i][c]))
                && (0..=c).all(|j| line_ok(&mut (0..r).map(|i| m[i][j]), m[r][j]))
        };
        // The values an unknown may still take: forced when it is the last unknown of a line,
        // else from zero to the room its lines leave.
        fn domain(m: &[Vec<Option<u64>>], (i, j): (usize, usize), grand: u64) -> Vec<u64> {
            let (r, c) = (m.len() - 1, m[0].len() - 1);
            let line_of =
                |cells: Vec<(usize, usize)>, total: (usize, usize)| -> (Option<u64>, Option<u64>) {
                    let others: Option<u64> = cells
                        .iter()
                        .filter(|&&at| at != (i, j))
                        .map(|&(a, b)| m[a][b])
                        .sum();
                    let placed: u64 = cells
                        .iter()
                        .filter(|&&at| at != (i, j))
                        .filter_map(|&(a, b)| m[a][b])
                        .sum();
                    if (i, j) == total {
                        (others, None)
                    } else {
                        let t = m[total.0][total.1];
                        (
                            others.and_then(|o| t.and_then(|t| t.checked_sub(o))),
                            t.map(|t| t.saturating_sub(placed)),
                        )
                    }
                };
            let row = line_of((0..c).map(|jj| (i, jj)).collect(), (i, c));
            let column = line_of((0..r).map(|ii| (ii, j)).collect(), (r, j));
            if let Some(v) = row.0.or(column.0) {
                return vec![v];
            }
            let upper = [row.1, column.1]
                .into_iter()
                .flatten()
                .fold(grand, u64::min);
            (0..=upper).collect()
        }
        fn search(
            remaining: &mut Vec<usize>,
            unknown: &[(usize, usize)],
            m: &mut Grid,
            grand: u64,
            seen: &mut [std::collections::BTreeSet<u64>],
            consistent: &dyn Fn(&Grid) -> bool,
        ) {
            if remaining.is_empty() {
                for (n, &(i, j)) in unknown.iter().enumerate() {
                    seen[n].insert(m[i][j].unwrap_or(0));
                }
                return;
            }
            // The most constrained unknown first.
            let (slot, values) = remaining
                .iter()
                .enumerate()
                .map(|(slot, &n)| (slot, domain(m, unknown[n], grand)))
                .min_by_key(|(_, values)| values.len())
                .unwrap_or((0, Vec::new()));
            let n = remaining.swap_remove(slot);
            let (i, j) = unknown[n];
            for value in values {
                m[i][j] = Some(value);
                if consistent(m) {
                    search(remaining, unknown, m, grand, seen, consistent);
                }
            }
            m[i][j] = None;
            remaining.push(n);
            let last = remaining.len() - 1;
            remaining.swap(slot, last);
        }
        let mut remaining: Vec<usize> = (0..unknown.len()).collect();
        search(
            &mut remaining,
            &unknown,
            &mut m,
            grand,
            &mut seen,
            &consistent,
        );
        unknown.into_iter().zip(seen).collect()
    }

    fn keys(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}{i}")).collect()
    }

    /// A small deterministic generator (tests only): many small counts, some large.
    fn tables(seed: u64, rows: usize, columns: usize) -> Vec<Vec<u64>> {
        let mut state = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..rows)
            .map(|_| {
                (0..columns)
                    .map(|_| match next() % 10 {
                        0..=3 => next() % 4,
                        4..=6 => 4 + next() % 8,
                        _ => 12 + next() % 20,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn no_withheld_cell_is_recovered_from_the_margins() {
        // 200 tables of 2–3 rows and 3 columns, many small counts: every withheld entry is
        // attacked by enumerating every table that agrees with what is published.
        let k = 10;
        let mut checked = 0;
        for seed in 1..=200 {
            let (rows, columns) = (2 + (seed as usize % 2), 3);
            let truth = tables(seed, rows, columns);
            let table = protect_two_way(keys("r", rows), keys("c", columns), &truth, k);
            // Nothing published is below k.
            let all = table
                .cells
                .iter()
                .flatten()
                .chain(&table.row_totals)
                .chain(&table.column_totals)
                .chain(std::iter::once(&table.total));
            for published in all {
                assert!(published.count.is_none_or(|c| c >= k), "seed {seed}");
            }
            for ((i, j), values) in solutions(&table, &truth) {
                let true_value = if i < rows && j < columns {
                    truth[i][j]
                } else if i < rows {
                    truth[i].iter().sum()
                } else if j < columns {
                    truth.iter().map(|row| row[j]).sum()
                } else {
                    truth.iter().flatten().sum()
                };
                assert!(
                    values.contains(&true_value),
                    "seed {seed}: the truth is a solution"
                );
                // A withheld count that is not zero is never pinned down.
                if true_value > 0 {
                    assert!(
                        values.len() > 1,
                        "seed {seed}: ({i}, {j}) = {true_value} is recovered; truth {truth:?}; table {table:?}"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked} withheld entries attacked");
    }

    #[test]
    fn linear_equations_fix_no_withheld_cell_of_large_tables() {
        for seed in 1..=40 {
            let truth = tables(seed, 20, 30);
            let table = protect_two_way(keys("r", 20), keys("c", 30), &truth, 10);
            let mut withheld: Vec<Vec<bool>> = table
                .cells
                .iter()
                .zip(&table.row_totals)
                .map(|(row, total)| row.iter().chain([total]).map(|p| p.suppressed).collect())
                .collect();
            withheld.push(
                table
                    .column_totals
                    .iter()
                    .chain([&table.total])
                    .map(|p| p.suppressed)
                    .collect(),
            );
            assert!(bridges(&withheld).is_empty(), "seed {seed}");
            assert!(lone_entry(&withheld).is_none(), "seed {seed}");
        }
    }

    #[test]
    fn bridges_are_the_entries_no_cycle_goes_through() {
        // A rectangle (a cycle) and an entry hanging off it.
        let mut withheld = vec![vec![false; 3]; 3];
        for (i, j) in [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2)] {
            withheld[i][j] = true;
        }
        assert_eq!(bridges(&withheld), vec![(1, 2)]);
        withheld[1][2] = false;
        assert!(bridges(&withheld).is_empty());
    }

    #[test]
    fn one_way_tables_never_leave_one_value_alone() {
        let table = protect_one_way(keys("k", 4), &[50, 3, 40, 20], 113, true, 10);
        let withheld: Vec<bool> = table.values.iter().map(|v| v.suppressed).collect();
        assert_eq!(
            withheld,
            vec![false, true, false, true],
            "the smallest other value goes too"
        );
        assert_eq!(table.total.count, Some(113));
        // Not additive (tactics): the total is no equation; only the small value goes.
        let table = protect_one_way(keys("k", 3), &[50, 3, 40], 70, false, 10);
        assert_eq!(table.values.iter().filter(|v| v.suppressed).count(), 1);
        // Zero and a few look the same.
        let table = protect_one_way(keys("k", 3), &[0, 4, 40], 44, true, 10);
        assert_eq!(table.values[0], table.values[1]);
        assert!(table.total.count.is_some());
    }
}
