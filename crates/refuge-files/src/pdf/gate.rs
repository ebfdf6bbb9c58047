//! The checks a PDF passes before lopdf sees it, which make lopdf's loading cost provably small.
//!
//! What lopdf 0.47 does while loading, read from its source, and what each check here answers:
//!
//! - It decodes object streams and cross-reference streams eagerly. Object streams are set aside
//!   unread by a load filter (see `pdf.rs`) and decoded by us under one total budget;
//!   cross-reference streams are only read by the reconstruction we force, at most 16 of them,
//!   each capped by `LoadOptions::max_decompressed_size`.
//! - It trusts the cross-reference table, whose entries may all point at one huge object, so that
//!   object is parsed once per entry. We force it to rebuild the table by scanning for `N G obj`
//!   headers at line starts instead, one entry per header: [`scan`] replays that scan exactly.
//! - It resolves an indirect `/Length` by parsing the object it names, anew for every stream, and
//!   when that object lives in an object stream it decodes the whole container. Every such target
//!   must be a top-level object holding one number; a target inside an object stream has its key
//!   renamed so lopdf leaves the data alone, and `pdf.rs` reads it afterwards within the same
//!   bounds.
//! - It copies a stream's data up to the `endstream` that `/Length` reaches, which may be far past
//!   the first one, and nested objects can make many streams share one long tail. The load filter
//!   rejects a stream whose data contains `endstream`; here, the data regions that can still be
//!   copied (from each `stream` keyword to the next `endstream`) must add up to at most the file.
//! - Parsing makes an object of over 100 bytes from a two-byte token such as `0 `, and objects
//!   whose headers sit inside other objects' strings are parsed once each. Every object lopdf will
//!   parse (each header, the first object, each trailer it tries) is walked here by a cheap
//!   tokenizer that never stops before lopdf would: the tokens are counted against a budget, and
//!   the bytes walked must add up to at most the file.
//! - Encrypted documents are refused before loading: any `/Encrypt` name, however spelled.

use crate::CleanError;

/// Top-level objects at most (lopdf itself stops at a million).
const MAX_OBJECTS: usize = 200_000;

/// lopdf ignores headers numbered above this, so do we.
const MAX_OBJECT_NUMBER: u32 = 1_000_000;

/// How many `trailer` keywords lopdf tries, from the end.
const TRAILER_CANDIDATES: usize = 16;

/// What the gate found out, for loading and for the budgets that continue after it.
pub(super) struct Gate {
    /// Tokens that lopdf's parse of the top-level objects may create.
    pub tokens: usize,
    /// Byte ranges of `/Length` keys whose value is a reference into an object stream.
    pub length_keys: Vec<(usize, usize)>,
}

/// The name `/Length` keys are renamed to (padded with `x` to the original length).
pub(super) const RENAMED_LENGTH: &[u8] = b"RfgLen";

pub(super) fn check(buf: &[u8], max_tokens: usize) -> Result<Gate, CleanError> {
    let too_complex = |why: &str| CleanError::TooComplex(format!("PDF: {why}"));

    let scan = scan(buf)?;
    if scan.patterns != scan.markers.len() {
        // lopdf's rebuilt table would miss an object whose header does not start a line.
        return Err(too_complex("an object header does not start a line"));
    }

    stream_regions_fit(buf)?;

    // Each object lopdf parses: every header, plus the first object it reads for linearization.
    let mut tokens = 0usize;
    let mut walked = 0usize;
    let mut single_numbers = std::collections::HashMap::with_capacity(scan.markers.len());
    for &(offset, id, body) in &scan.markers {
        let object = tokenize(buf, body);
        walked = walked.saturating_add(object.end - offset);
        tokens = tokens.saturating_add(object.tokens);
        if walked > buf.len() {
            return Err(too_complex("objects overlap"));
        }
        if tokens > max_tokens {
            return Err(too_complex("too many objects to parse"));
        }
        // The last header of a number wins, as in lopdf's table.
        single_numbers.insert(id, object.single_integer);
    }
    for start in first_object(buf).into_iter().chain(trailers(buf)) {
        if tokenize(buf, start).tokens > max_tokens {
            return Err(too_complex("too many objects to parse"));
        }
    }

    let mut length_keys = Vec::new();
    for name in names(buf) {
        match &name.decoded[..] {
            b"Encrypt" => return Err(too_complex("encrypted")),
            b"Length" => {
                let Some(target) = reference_after(buf, name.end) else {
                    continue;
                };
                match single_numbers.get(&target) {
                    Some(true) => {}
                    Some(false) => return Err(too_complex("a stream length is not a number")),
                    None if scan.in_stream_data(name.start) => {
                        return Err(too_complex("a stream length is hidden in stream data"));
                    }
                    None => length_keys.push((name.start, name.end - name.start)),
                }
            }
            _ => {}
        }
    }
    Ok(Gate {
        tokens,
        length_keys,
    })
}

/// Renames the `/Length` keys found by [`check`] in place, keeping every offset.
pub(super) fn rename_length_keys(buf: &mut [u8], keys: &[(usize, usize)]) {
    for &(start, len) in keys {
        if let Some(name) = buf.get_mut(start..start + len) {
            for (index, byte) in name.iter_mut().enumerate() {
                *byte = match index {
                    0 => b'/',
                    _ => RENAMED_LENGTH.get(index - 1).copied().unwrap_or(b'x'),
                };
            }
        }
    }
}

/// What lopdf's reconstruction scan sees.
struct Scan {
    /// Each header at a line start outside stream data: its offset, number, and where its body
    /// starts (after `obj`).
    markers: Vec<(usize, u32, usize)>,
    /// Headers anywhere outside stream data, at a line start or not.
    patterns: usize,
    /// The stream data regions the scan skips: from a `stream` keyword past its `endstream`.
    skipped: Vec<(usize, usize)>,
}

impl Scan {
    fn in_stream_data(&self, position: usize) -> bool {
        let index = self
            .skipped
            .partition_point(|&(start, _)| start <= position);
        index
            .checked_sub(1)
            .and_then(|index| self.skipped.get(index))
            .is_some_and(|&(_, end)| position < end)
    }
}

/// Replays lopdf's `scan_object_markers`: headers count only at the start of a line, and from a
/// `stream` keyword (not `endstream`, followed by an end of line) the scan jumps past the next
/// `endstream`. lopdf falls back to guesses when a keyword has no `endstream` after it; we refuse.
fn scan(buf: &[u8]) -> Result<Scan, CleanError> {
    let too_complex = |why: &str| CleanError::TooComplex(format!("PDF: {why}"));
    let mut scan = Scan {
        markers: Vec::new(),
        patterns: 0,
        skipped: Vec::new(),
    };
    let mut at_line_start = true;
    let mut position = 0;
    while let Some(&byte) = buf.get(position) {
        if is_stream_keyword_for_scan(buf, position) {
            let after = position + b"stream".len();
            let Some(end) = find(buf, after, b"endstream") else {
                return Err(too_complex("stream without endstream"));
            };
            let end = end + b"endstream".len();
            if scan.skipped.len() >= 2 * MAX_OBJECTS {
                return Err(too_complex("too many streams"));
            }
            scan.skipped.push((position, end));
            position = end;
            at_line_start = false;
            continue;
        }
        let starts_number = byte.is_ascii_digit()
            && !position
                .checked_sub(1)
                .and_then(|before| buf.get(before))
                .is_some_and(u8::is_ascii_digit);
        if starts_number
            && let Some((id, body)) = object_header(buf, position)
            && id <= MAX_OBJECT_NUMBER
        {
            scan.patterns += 1;
            if at_line_start {
                if scan.markers.len() >= MAX_OBJECTS {
                    return Err(too_complex("too many objects"));
                }
                scan.markers.push((position, id, body));
            }
        }
        match byte {
            b'\r' | b'\n' => at_line_start = true,
            b' ' | b'\t' => {}
            _ => at_line_start = false,
        }
        position += 1;
    }
    Ok(scan)
}

/// lopdf's scan: `stream` not preceded by `end` and directly followed by CR or LF.
fn is_stream_keyword_for_scan(buf: &[u8], position: usize) -> bool {
    buf.get(position..)
        .is_some_and(|rest| rest.starts_with(b"stream"))
        && !buf
            .get(..position)
            .is_some_and(|before| before.ends_with(b"end"))
        && matches!(buf.get(position + 6), Some(b'\r' | b'\n'))
}

/// The data regions lopdf's parser can copy: from each `stream` keyword (as the parser reads it:
/// optional blanks, then an end of line) to the first `endstream` after it. Together they must
/// not exceed the file, which they never do unless keywords hide inside other objects.
fn stream_regions_fit(buf: &[u8]) -> Result<(), CleanError> {
    let mut total = 0usize;
    let mut next_end: Option<usize> = None;
    let mut position = 0;
    while let Some(keyword) = find(buf, position, b"stream") {
        position = keyword + 1;
        if buf
            .get(..keyword)
            .is_some_and(|before| before.ends_with(b"end"))
        {
            continue;
        }
        let mut data = keyword + b"stream".len();
        while matches!(buf.get(data), Some(b' ' | b'\t')) {
            data += 1;
        }
        data += match (buf.get(data), buf.get(data + 1)) {
            (Some(b'\r'), Some(b'\n')) => 2,
            (Some(b'\r' | b'\n'), _) => 1,
            _ => continue,
        };
        if next_end.is_none_or(|end| end < data) {
            next_end = find(buf, data, b"endstream");
        }
        let Some(end) = next_end else {
            break;
        };
        total = total.saturating_add(end - data);
        if total > buf.len() {
            return Err(CleanError::TooComplex(
                "PDF: stream data regions overlap".to_owned(),
            ));
        }
    }
    Ok(())
}

/// lopdf's `parse_object_header` at `position`: 1–10 digits, blanks, 1–5 digits, blanks, `obj`
/// not followed by a letter or digit. Returns the object number and where its body starts.
fn object_header(buf: &[u8], position: usize) -> Option<(u32, usize)> {
    let digits = |at: usize, most: usize| -> Option<usize> {
        let count = buf
            .get(at..)?
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        (1..=most).contains(&count).then_some(at + count)
    };
    let blanks = |at: usize| -> Option<usize> {
        let count = buf
            .get(at..)?
            .iter()
            .take_while(|byte| matches!(byte, b' ' | b'\t' | b'\r' | b'\n'))
            .count();
        (count > 0).then_some(at + count)
    };
    let number_end = digits(position, 10)?;
    let number: u32 = std::str::from_utf8(buf.get(position..number_end)?)
        .ok()?
        .parse()
        .ok()?;
    let generation_start = blanks(number_end)?;
    let generation_end = digits(generation_start, 5)?;
    std::str::from_utf8(buf.get(generation_start..generation_end)?)
        .ok()?
        .parse::<u16>()
        .ok()?;
    let keyword = blanks(generation_end)?;
    if !buf.get(keyword..)?.starts_with(b"obj") {
        return None;
    }
    let body = keyword + 3;
    match buf.get(body) {
        Some(byte) if byte.is_ascii_alphanumeric() => None,
        _ => Some((number, body)),
    }
}

/// Where lopdf reads the object it checks for linearization: the first header in the first
/// 1024 bytes that follows a blank.
fn first_object(buf: &[u8]) -> Option<usize> {
    let window = buf.len().min(1024);
    (1..window)
        .filter(|&position| {
            buf.get(position).is_some_and(u8::is_ascii_digit)
                && matches!(buf.get(position - 1), Some(b' ' | b'\t' | b'\r' | b'\n'))
        })
        .find_map(|position| object_header(buf, position).map(|(_, body)| body))
}

/// Where the dictionaries after the last `trailer` keywords start, which lopdf parses while
/// looking for a usable one.
fn trailers(buf: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut bound = buf.len();
    for _ in 0..TRAILER_CANDIDATES {
        let Some(keyword) = buf
            .get(..bound)
            .and_then(|head| head.windows(7).rposition(|window| window == b"trailer"))
        else {
            break;
        };
        bound = keyword;
        let after = keyword + 7;
        let blanks = buf
            .get(after..)
            .unwrap_or_default()
            .iter()
            .take_while(|byte| byte.is_ascii_whitespace())
            .count();
        starts.push(after + blanks);
    }
    starts
}

/// What an array or a dictionary counts for in a token budget. lopdf's parser gives every array
/// room for four objects from the start (nom's `many0`) and every dictionary a hash table, so
/// either costs about 600 to 700 bytes however small; a number or name costs about 130. Counting
/// them as five tokens keeps the cost of one token near 130 bytes whatever the shape of the file.
const CONTAINER_TOKENS: usize = 5;

/// The result of walking one object the way lopdf's parser would, but more leniently.
struct Walked {
    /// Where the walk stopped.
    end: usize,
    /// Values and dictionary keys met, each array and dictionary counting
    /// [`CONTAINER_TOKENS`]: a bound on what lopdf allocates for them.
    tokens: usize,
    /// The object is a single integer (what an indirect `/Length` must name).
    single_integer: bool,
}

/// Walks one direct object starting at `start` (white space and comments first): strings, hex
/// strings and names are single tokens, arrays and dictionaries are followed to their end. It
/// stops where lopdf's parser must stop or later, never earlier, so its count bounds what lopdf
/// allocates for the object. It does not walk stream data (it stops after the dictionary).
fn tokenize(buf: &[u8], start: usize) -> Walked {
    let mut position = start;
    let mut depth = 0usize;
    let mut tokens = 0usize;
    let mut single_integer = false;
    loop {
        position = skip_space(buf, position);
        let Some(&byte) = buf.get(position) else {
            break;
        };
        let next = buf.get(position + 1).copied();
        let mut weight = 1;
        match byte {
            b'(' => position = literal_string_end(buf, position),
            b'<' if next == Some(b'<') => {
                depth += 1;
                position += 2;
                weight = CONTAINER_TOKENS;
            }
            b'<' => position = find(buf, position, b">").map_or(buf.len(), |end| end + 1),
            b'[' => {
                depth += 1;
                position += 1;
                weight = CONTAINER_TOKENS;
            }
            b'>' if next == Some(b'>') && depth > 0 => {
                depth -= 1;
                position += 2;
                if depth == 0 {
                    break;
                }
                continue;
            }
            b']' if depth > 0 => {
                depth -= 1;
                position += 1;
                if depth == 0 {
                    break;
                }
                continue;
            }
            b'/' => position = regular_run_end(buf, position + 1),
            byte if is_regular(byte) => {
                let end = regular_run_end(buf, position);
                let word = buf.get(position..end).unwrap_or_default();
                if matches!(word, b"obj" | b"endobj" | b"stream" | b"endstream") {
                    break;
                }
                single_integer = tokens == 0 && is_integer(word);
                position = end;
            }
            // `)`, `{`, `}` or an unmatched `>` or `]`: lopdf fails here.
            _ => break,
        }
        tokens += weight;
        if depth == 0 {
            break;
        }
    }
    Walked {
        end: position.min(buf.len()),
        tokens,
        single_integer: single_integer && tokens == 1,
    }
}

/// Tokens lopdf may create when parsing the one object at the start of `slice`, an object-stream
/// member.
pub(super) fn tokenize_slice(slice: &[u8]) -> usize {
    tokenize(slice, 0).tokens
}

/// lopdf's white space (NUL and form feed included) and `%` comments to the end of the line.
fn skip_space(buf: &[u8], mut position: usize) -> usize {
    while let Some(&byte) = buf.get(position) {
        if is_whitespace(byte) {
            position += 1;
        } else if byte == b'%' {
            position = buf
                .get(position..)
                .and_then(|rest| rest.iter().position(|&c| c == b'\r' || c == b'\n'))
                .map_or(buf.len(), |offset| position + offset);
        } else {
            break;
        }
    }
    position
}

/// Past the `)` matching the `(` at `start`, a backslash escaping the byte after it.
fn literal_string_end(buf: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut position = start;
    while let Some(&byte) = buf.get(position) {
        match byte {
            b'\\' => position += 1,
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return position + 1;
                }
            }
            _ => {}
        }
        position += 1;
    }
    buf.len()
}

fn regular_run_end(buf: &[u8], start: usize) -> usize {
    buf.get(start..)
        .unwrap_or_default()
        .iter()
        .position(|&byte| !is_regular(byte))
        .map_or(buf.len(), |offset| start + offset)
}

fn is_integer(word: &[u8]) -> bool {
    let digits = word
        .strip_prefix(b"+")
        .or_else(|| word.strip_prefix(b"-"))
        .unwrap_or(word);
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

fn is_regular(byte: u8) -> bool {
    !is_whitespace(byte) && !b"()<>[]{}/%".contains(&byte)
}

/// A name token anywhere in the file (in strings and stream data too, which only makes the checks
/// stricter), decoded as lopdf decodes names: `#` and two hex digits stand for one byte.
struct Name {
    start: usize,
    end: usize,
    decoded: Vec<u8>,
}

fn names(buf: &[u8]) -> impl Iterator<Item = Name> + '_ {
    buf.iter()
        .enumerate()
        .filter(|&(_, &byte)| byte == b'/')
        .map(|(start, _)| {
            let mut decoded = Vec::new();
            let mut position = start + 1;
            while let Some(&byte) = buf.get(position) {
                if byte == b'#' {
                    let hex = buf.get(position + 1..position + 3).and_then(|pair| {
                        std::str::from_utf8(pair)
                            .ok()
                            .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                    });
                    match hex {
                        Some(value) => {
                            if decoded.len() < 16 {
                                decoded.push(value);
                            }
                            position += 3;
                        }
                        None => break,
                    }
                } else if is_regular(byte) {
                    // Names we look for are short: stop collecting, keep the true end.
                    if decoded.len() < 16 {
                        decoded.push(byte);
                    }
                    position += 1;
                } else {
                    break;
                }
            }
            Name {
                start,
                end: position,
                decoded,
            }
        })
}

/// The object number of an indirect reference after a name, read as lopdf reads one: digits,
/// optional space, digits, optional space, `R`.
fn reference_after(buf: &[u8], position: usize) -> Option<u32> {
    let digits_end = |start: usize| {
        let count = buf
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        (count > 0).then_some(start + count)
    };
    let number_start = skip_space(buf, position);
    let number_end = digits_end(number_start)?;
    let generation_end = digits_end(skip_space(buf, number_end))?;
    if buf.get(skip_space(buf, generation_end)) != Some(&b'R') {
        return None;
    }
    std::str::from_utf8(buf.get(number_start..number_end)?)
        .ok()?
        .parse()
        .ok()
}

/// The first `needle` at or after `from`.
pub(super) fn find(buf: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    buf.get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|offset| from + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_lopdf() {
        assert_eq!(object_header(b"12 0 obj<<", 0), Some((12, 8)));
        assert_eq!(object_header(b"12 0 obj\n", 0), Some((12, 8)));
        assert_eq!(object_header(b"12 0 objx", 0), None);
        assert_eq!(object_header(b"12 0obj", 0), None);
        assert_eq!(object_header(b"99999999999 0 obj", 0), None);
    }

    #[test]
    fn the_scan_skips_stream_data_and_counts_stray_headers() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<</Length 12>>stream\n2 0 obj\nxx\nendstream\nendobj\n3 0 obj 4 0 obj\n";
        let scan = scan(pdf).unwrap();
        let ids: Vec<u32> = scan.markers.iter().map(|marker| marker.1).collect();
        assert_eq!(ids, [1, 3]);
        assert_eq!(scan.patterns, 3, "4 0 obj does not start a line");
        assert!(scan.in_stream_data(40));
        assert!(!scan.in_stream_data(5));
        assert!(matches!(
            super::scan(b"1 0 obj<<>>stream\nno end"),
            Err(CleanError::TooComplex(_))
        ));
    }

    #[test]
    fn tokenize_counts_and_stops_like_the_parser() {
        let object = b" << /A [1 2 (a(b)) <00>] /B << /C 3 0 R >> >> stream";
        let walked = tokenize(object, 0);
        // Two dictionaries and an array at five each, ten other tokens.
        assert_eq!(walked.tokens, 25);
        assert_eq!(walked.end, object.len() - b" stream".len());
        let number = tokenize(b" 42 endobj", 0);
        assert!(number.single_integer);
        assert_eq!(number.tokens, 1);
        assert!(!tokenize(b" [42]", 0).single_integer);
        assert!(!tokenize(b" (42)", 0).single_integer);
        // A comment hides its brackets; a stray `)` stops the walk.
        assert_eq!(tokenize(b"[ % ]\n 1 ]", 0).tokens, 6);
        assert_eq!(tokenize(b") 1 2 3", 0).tokens, 0);
        // Deep nesting is walked without recursion.
        let deep = vec![b'['; 100_000];
        assert_eq!(tokenize(&deep, 0).tokens, 500_000);
    }

    #[test]
    fn names_are_decoded() {
        let found: Vec<Vec<u8>> = names(b"/Encr#79pt /Length#20 /A#zz")
            .map(|n| n.decoded)
            .collect();
        assert_eq!(
            found,
            [b"Encrypt".to_vec(), b"Length ".to_vec(), b"A".to_vec()]
        );
        assert_eq!(reference_after(b"/Length 12 0 R", 7), Some(12));
        assert_eq!(reference_after(b"/Length 12 % c\n 0 R", 7), Some(12));
        assert_eq!(reference_after(b"/Length 12 0R", 7), Some(12));
        assert_eq!(reference_after(b"/Length 12", 7), None);
        assert_eq!(reference_after(b"/Length +12 0 R", 7), None);
    }

    #[test]
    fn renaming_keeps_length() {
        let mut buf = b"<</Len#67th 5 0 R>>".to_vec();
        rename_length_keys(&mut buf, &[(2, 9)]);
        assert_eq!(buf, b"<</RfgLenxx 5 0 R>>");
    }
}
