//! Full-text search over what a caseworker can read, in any script.
//!
//! Text is normalised the same way when a search document is built and when a query is read:
//! compatibility forms folded (NFKC: full-width Latin and digits, Arabic presentation forms),
//! lower case, the Arabic-script letters that keyboards interchange folded to the ones Uyghur
//! writes, marks that change no letter dropped (tatweel, harakat, zero-width joiners, direction
//! marks), native digits made ASCII, and runs of spaces made one. A query's terms then match as
//! substrings, all of them (AND): Chinese and Tibetan are written without spaces between words,
//! so a word index would find nothing in them.
//!
//! A document is cut into chunks of at most [`CHUNK_MAX_BYTES`], so the memory a search holds is
//! bounded by a number of chunks whatever one report's size. A field longer than a chunk is cut
//! with an overlap of [`TERM_MAX_BYTES`], so a term never falls between two chunks.

use memchr::memmem::Finder;
use unicode_normalization::UnicodeNormalization;

/// The largest chunk of a search document (normalised UTF-8).
pub const CHUNK_MAX_BYTES: usize = 64 * 1024;
/// The longest term, after normalisation (and the overlap between two parts of a long field).
pub const TERM_MAX_BYTES: usize = 256;
/// The most terms a query may hold.
pub const TERMS_MAX: usize = 8;
/// The longest query, in characters as typed.
pub const QUERY_MAX_CHARS: usize = 500;

/// `text` as search compares it.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_was_space = true;
    for c in text.nfkc() {
        let Some(c) = fold(c) else { continue };
        if c.is_whitespace() {
            if !last_was_space {
                out.push(' ');
                last_was_space = true;
            }
            continue;
        }
        last_was_space = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// One character after NFKC: folded to the form search keeps, or `None` to drop it.
fn fold(c: char) -> Option<char> {
    if let Some(digit) = native_digit(c) {
        return Some(digit);
    }
    Some(match c {
        // Tatweel (a stretch, not a letter), Arabic harakat and superscript alef (vowel marks
        // Uyghur does not write and other texts add or leave out).
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => return None,
        c if is_invisible(c) => return None,
        // Farsi yeh and Arabic kaf-keheh, typed on Persian keyboards, for the yeh and kaf
        // Uyghur writes.
        '\u{06CC}' => '\u{064A}',
        '\u{06A9}' => '\u{0643}',
        // Arabic heh and heh goal, typed on Arabic keyboards, for Uyghur's ae (ە).
        '\u{0647}' | '\u{06C1}' => '\u{06D5}',
        // Tibetan: the non-breaking tsheg is a tsheg.
        '\u{0F0C}' => '\u{0F0B}',
        // Ideographic space and other separators become a space (NFKC keeps some).
        c if c.is_whitespace() => ' ',
        c => c,
    })
}

/// Characters that change how text is shown but are not part of it: soft hyphen, zero-width
/// spaces and joiners, direction marks, embeddings and isolates, the Arabic letter mark,
/// byte-order mark. Shared by search and identifier matching.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// A digit of a script our reporters type in (Arabic-Indic, Eastern Arabic-Indic, Devanagari,
/// Tibetan) as its ASCII digit; `None` for anything else. Full-width digits are ASCII after
/// NFKC. Shared by search and identifier matching.
pub fn native_digit(c: char) -> Option<char> {
    ['\u{0660}', '\u{06F0}', '\u{0966}', '\u{0F20}']
        .iter()
        .find_map(|zero| {
            let offset = (c as u32).checked_sub(*zero as u32)?;
            (offset < 10).then(|| char::from(b'0' + offset as u8))
        })
}

/// Only the digits of `text` (what a phone number is searched by, however it was spaced).
pub fn digits(text: &str) -> String {
    normalize(text)
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// Why a query cannot be searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is longer than {QUERY_MAX_CHARS} characters")]
    TooLong,
    #[error("the query has more than {TERMS_MAX} terms")]
    TooManyTerms,
    #[error("a term is longer than {TERM_MAX_BYTES} bytes")]
    TermTooLong,
}

/// A query: its terms, normalised, each to be found somewhere in a report's document.
pub struct SearchQuery {
    terms: Vec<Finder<'static>>,
}

impl std::fmt::Debug for SearchQuery {
    // SECURITY: what a caseworker searched for is case content; never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SearchQuery({} terms)", self.terms.len())
    }
}

impl SearchQuery {
    /// Terms are separated by spaces; text in double quotes is one term, spaces and all.
    /// `None` for a query with no term (nothing to search for).
    pub fn parse(typed: &str) -> Result<Option<SearchQuery>, QueryError> {
        if typed.chars().count() > QUERY_MAX_CHARS {
            return Err(QueryError::TooLong);
        }
        let mut terms: Vec<String> = Vec::new();
        // NFKC first so that full-width quotes are quotes; curly and CJK quotation marks too.
        let typed: String = typed
            .nfkc()
            .map(|c| match c {
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{300C}'
                | '\u{300D}' | '\u{300E}' | '\u{300F}' => '"',
                c => c,
            })
            .collect();
        for (index, part) in typed.split('"').enumerate() {
            let quoted = index % 2 == 1;
            let pieces: Vec<&str> = if quoted {
                vec![part]
            } else {
                part.split_whitespace().collect()
            };
            for piece in pieces {
                let term = normalize(piece);
                if term.is_empty() || terms.contains(&term) {
                    continue;
                }
                if term.len() > TERM_MAX_BYTES {
                    return Err(QueryError::TermTooLong);
                }
                terms.push(term);
            }
        }
        if terms.len() > TERMS_MAX {
            return Err(QueryError::TooManyTerms);
        }
        if terms.is_empty() {
            return Ok(None);
        }
        Ok(Some(SearchQuery {
            terms: terms
                .iter()
                .map(|term| Finder::new(term.as_bytes()).into_owned())
                .collect(),
        }))
    }

    /// Marks in `found` (one bit per term) the terms that occur in `chunk` (a normalised
    /// chunk's UTF-8: a term is whole characters, so a byte match is a character match).
    pub fn mark(&self, chunk: &[u8], found: &mut Found) {
        for (index, finder) in self.terms.iter().enumerate() {
            let bit = 1u16 << index;
            if found.0 & bit == 0 && finder.find(chunk).is_some() {
                found.0 |= bit;
            }
        }
    }

    /// Whether every term was found.
    pub fn all(&self, found: Found) -> bool {
        let every = (1u16 << self.terms.len()) - 1;
        found.0 & every == every
    }

    /// Whether `document` (already normalised) holds every term.
    pub fn matches(&self, document: &str) -> bool {
        let mut found = Found::default();
        self.mark(document.as_bytes(), &mut found);
        self.all(found)
    }
}

/// Which terms of a query a report's chunks held so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Found(u16);

/// Builds a report's search document: fields in, normalised chunks out.
#[derive(Debug, Default)]
pub struct SearchDocument {
    chunks: Vec<String>,
    current: String,
}

impl SearchDocument {
    pub fn new() -> SearchDocument {
        SearchDocument::default()
    }

    /// Adds one field (a narrative, a message, a file name…). Fields are kept apart by a line
    /// break, which no normalised term holds, so a term never spans two fields.
    pub fn add(&mut self, text: &str) {
        let field = normalize(text);
        if field.is_empty() {
            return;
        }
        if self.current.len() + field.len() < CHUNK_MAX_BYTES {
            if !self.current.is_empty() {
                self.current.push('\n');
            }
            self.current.push_str(&field);
            return;
        }
        if !self.current.is_empty() {
            self.chunks.push(std::mem::take(&mut self.current));
        }
        if field.len() < CHUNK_MAX_BYTES {
            self.current = field;
            return;
        }
        // A field larger than a chunk: cut it at character boundaries, each part starting
        // TERM_MAX_BYTES before the previous one ended.
        let mut start = 0;
        while start < field.len() {
            let mut end = (start + CHUNK_MAX_BYTES).min(field.len());
            while !field.is_char_boundary(end) {
                end -= 1;
            }
            self.chunks.push(field[start..end].to_string());
            if end == field.len() {
                break;
            }
            let mut next = end - TERM_MAX_BYTES;
            while !field.is_char_boundary(next) {
                next -= 1;
            }
            start = next;
        }
    }

    /// The document's chunks, each at most [`CHUNK_MAX_BYTES`].
    pub fn into_chunks(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.chunks.push(std::mem::take(&mut self.current));
        }
        self.chunks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> SearchQuery {
        SearchQuery::parse(text)
            .expect("parses")
            .expect("has terms")
    }

    #[test]
    fn case_and_width_fold() {
        assert_eq!(normalize("ＰＯＬＩＣＥ Station"), "police station");
        assert_eq!(normalize("Ｗｅｃｈａｔ：１２３"), "wechat:123");
        assert!(query("wechat").matches(&normalize("WeChat ID ｗｅｃｈａｔ")));
    }

    #[test]
    fn chinese_matches_inside_a_sentence_without_spaces() {
        let doc = normalize("他们在多伦多的中餐馆里威胁我的家人");
        assert!(query("威胁").matches(&doc));
        assert!(query("多伦多 家人").matches(&doc));
        assert!(!query("警察").matches(&doc));
    }

    #[test]
    fn uyghur_variants_fold() {
        // Presentation forms (old software) and the base letters are the same text.
        assert_eq!(normalize("\u{FE8B}\u{FEAE}"), normalize("\u{0626}\u{0631}"));
        // Persian keyboards' yeh and keheh, an Arabic keyboard's heh, a tatweel and a vowel mark.
        let written = "ساقچىخانىسىدا كۆرۈشتۇق";
        let typed = "ساقچ\u{0649}خان\u{0649}س\u{0649}دا \u{06A9}\u{0640}ۆرۈشتۇق";
        assert!(query(typed).matches(&normalize(written)));
        assert_eq!(normalize("\u{06A9}\u{06CC}"), "\u{0643}\u{064A}");
        assert_eq!(normalize("\u{0647}"), "\u{06D5}");
        assert_eq!(normalize("ب\u{064E}"), "ب");
        // Zero-width non-joiner and direction marks are not letters.
        assert_eq!(normalize("ئا\u{200C}نا\u{200F}"), "ئانا");
    }

    #[test]
    fn tibetan_and_native_digits() {
        assert_eq!(normalize("བོད\u{0F0C}"), "བོད\u{0F0B}");
        assert_eq!(normalize("༡༢༣ ٤٥٦ ۷۸۹"), "123 456 789");
        assert!(query("བོད་").matches(&normalize("ང་བོད་པ་ཡིན།")));
    }

    #[test]
    fn quoted_phrases_and_spaces() {
        let doc = normalize("the man  from\tthe consulate");
        assert!(query("\"man from\"").matches(&doc));
        assert!(!query("\"from man\"").matches(&doc));
        assert!(query("“man from”").matches(&doc));
        assert!(!query("「from man」").matches(&doc));
        assert!(SearchQuery::parse("   ").expect("parses").is_none());
        assert!(SearchQuery::parse("\"\"").expect("parses").is_none());
    }

    #[test]
    fn query_limits() {
        assert_eq!(
            SearchQuery::parse(&"x".repeat(QUERY_MAX_CHARS + 1)).err(),
            Some(QueryError::TooLong)
        );
        assert_eq!(
            SearchQuery::parse("a b c d e f g h i").err(),
            Some(QueryError::TooManyTerms)
        );
        assert_eq!(
            SearchQuery::parse(&"字".repeat(100)).err(),
            Some(QueryError::TermTooLong)
        );
        // Repeated terms count once.
        assert!(SearchQuery::parse("a a a a a a a a a a b").is_ok());
    }

    #[test]
    fn phone_numbers_by_their_digits() {
        assert_eq!(digits("+1 (416) 555-0199"), "14165550199");
        assert_eq!(digits("＋８６ １３８"), "86138");
    }

    #[test]
    fn documents_are_chunked_and_terms_survive_the_cut() {
        let mut doc = SearchDocument::new();
        doc.add("short field");
        // A field far larger than a chunk, with a marker straddling the first cut.
        let mut long = "a".repeat(CHUNK_MAX_BYTES - 20);
        long.push_str("needleinthehaystack");
        long.push_str(&"b".repeat(CHUNK_MAX_BYTES * 2));
        doc.add(&long);
        doc.add("威胁");
        let chunks = doc.into_chunks();
        assert!(chunks.len() >= 4);
        assert!(chunks.iter().all(|c| c.len() <= CHUNK_MAX_BYTES));
        let needle = query("needleinthehaystack");
        let mut found = Found::default();
        for chunk in &chunks {
            needle.mark(chunk.as_bytes(), &mut found);
        }
        assert!(needle.all(found));
        // Terms found in different chunks still make an AND match.
        let both = query("short 威胁");
        let mut found = Found::default();
        for chunk in &chunks {
            both.mark(chunk.as_bytes(), &mut found);
        }
        assert!(both.all(found));
        assert!(!both.matches(&chunks[0]));
    }

    #[test]
    fn multibyte_fields_cut_at_character_boundaries() {
        let mut doc = SearchDocument::new();
        doc.add(&"ئۇيغۇر".repeat(CHUNK_MAX_BYTES / 4));
        let chunks = doc.into_chunks();
        assert!(chunks.len() >= 2);
        assert!(chunks.iter().all(|c| c.len() <= CHUNK_MAX_BYTES));
    }

    #[test]
    fn a_term_never_spans_two_fields() {
        let mut doc = SearchDocument::new();
        doc.add("alpha");
        doc.add("beta");
        let chunks = doc.into_chunks();
        assert_eq!(chunks.len(), 1);
        assert!(!query("\"alpha beta\"").matches(&chunks[0]));
        assert!(query("alpha beta").matches(&chunks[0]));
    }
}
