//! The world map of the public pages (issue 12): country shapes from Natural Earth (public
//! domain), projected, simplified and committed as SVG paths by `scripts/world-map/make.mjs`
//! (`world-map.txt`: a header, then `<ISO alpha-2> <path>` per line). Drawn on the server, so the
//! map needs no script and nothing from another origin.

use std::sync::OnceLock;

const DATA: &str = include_str!("world-map.txt");

/// One country's shape: its ISO 3166-1 alpha-2 code, its path, and its box (for a marker
/// where the shape is too small to see: Hong Kong, Macao, Singapore).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryShape {
    pub code: &'static str,
    pub path: &'static str,
    /// (min x, min y, max x, max y) in map units.
    pub bounds: (i32, i32, i32, i32),
}

impl CountryShape {
    /// Whether the shape is too small to see or click at the map's size (a marker is drawn).
    pub fn is_tiny(&self) -> bool {
        let (x0, y0, x1, y1) = self.bounds;
        (x1 - x0) < 3 && (y1 - y0) < 3
    }

    /// The middle of its box, where a marker goes.
    pub fn centre(&self) -> (i32, i32) {
        let (x0, y0, x1, y1) = self.bounds;
        ((x0 + x1) / 2, (y0 + y1) / 2)
    }
}

/// The map's size in its own units (the SVG's viewBox).
pub fn size() -> (u32, u32) {
    parsed().0
}

/// Every country, by code.
pub fn countries() -> &'static [CountryShape] {
    &parsed().1
}

type Parsed = ((u32, u32), Vec<CountryShape>);

fn parsed() -> &'static Parsed {
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    PARSED.get_or_init(|| {
        let mut lines = DATA.lines();
        let size = lines
            .next()
            .and_then(|header| {
                let mut words = header.trim_start_matches('#').split_whitespace();
                Some((words.next()?.parse().ok()?, words.next()?.parse().ok()?))
            })
            .unwrap_or((960, 470));
        let shapes = lines
            .filter_map(|line| line.split_once(' '))
            .map(|(code, path)| CountryShape {
                code,
                path,
                bounds: bounds_of(path),
            })
            .collect();
        (size, shapes)
    })
}

/// The box of a path written as `M x,y l dx,dy … z` rings (the generator writes only these).
fn bounds_of(path: &str) -> (i32, i32, i32, i32) {
    let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
    for ring in path.split('M').filter(|r| !r.is_empty()) {
        let ring = ring.trim_end_matches('z');
        let (start, moves) = ring.split_once('l').unwrap_or((ring, ""));
        let numbers = |text: &str| -> Vec<i32> {
            let mut out = Vec::new();
            let mut current = String::new();
            for c in text.chars() {
                if c == '-' && !current.is_empty() {
                    out.extend(current.parse::<i32>().ok());
                    current.clear();
                }
                if c == ',' || c == ' ' {
                    out.extend(current.parse::<i32>().ok());
                    current.clear();
                } else {
                    current.push(c);
                }
            }
            out.extend(current.parse::<i32>().ok());
            out
        };
        let start = numbers(start);
        let (mut x, mut y) = (
            start.first().copied().unwrap_or(0),
            start.get(1).copied().unwrap_or(0),
        );
        let mut visit = |x: i32, y: i32| {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        };
        visit(x, y);
        for pair in numbers(moves).chunks(2) {
            if let [dx, dy] = pair {
                x += dx;
                y += dy;
                visit(x, y);
            }
        }
    }
    (x0, y0, x1, y1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_map_is_light_complete_and_inert() {
        assert!(
            DATA.len() < 30_000,
            "the map's paths weigh {} bytes",
            DATA.len()
        );
        let shapes = countries();
        assert!(shapes.len() > 200, "{} countries", shapes.len());
        // The small territories exist only at 1:50m: they must be there.
        for code in [
            "HK", "MO", "SG", "TW", "BH", "MT", "CN", "CA", "FR", "TR", "KZ", "NP",
        ] {
            assert!(
                shapes.iter().any(|s| s.code == code),
                "{code} is on the map"
            );
        }
        assert!(!shapes.iter().any(|s| s.code == "AQ"));
        let (width, height) = size();
        for shape in shapes {
            // Only path commands and numbers: nothing that could be markup.
            assert!(
                shape
                    .path
                    .chars()
                    .all(|c| c.is_ascii_digit() || "Mlz,- ".contains(c)),
                "{}",
                shape.code
            );
            assert!(shape.code.len() == 2 && shape.code.chars().all(|c| c.is_ascii_uppercase()));
            let (x0, y0, x1, y1) = shape.bounds;
            // Shapes crossing the antimeridian are cut, so none spans the whole width.
            assert!(
                x0 >= -1 && y0 >= -1 && x1 <= width as i32 + 1 && y1 <= height as i32 + 1,
                "{} {:?}",
                shape.code,
                shape.bounds
            );
        }
        let hong_kong = shapes.iter().find(|s| s.code == "HK").expect("HK");
        assert!(hong_kong.is_tiny());
        let china = shapes.iter().find(|s| s.code == "CN").expect("CN");
        assert!(!china.is_tiny());
        let (x, y) = hong_kong.centre();
        assert!(
            x > china.bounds.0
                && x < china.bounds.2
                && y > china.bounds.1
                && y <= china.bounds.3 + 5
        );
    }

    #[test]
    fn boxes_follow_relative_moves() {
        assert_eq!(bounds_of("M10,20l5,0 0,5-5-5z"), (10, 20, 15, 25));
        assert_eq!(bounds_of("M10,20zM0,0l1,1z"), (0, 0, 10, 20));
    }
}
