//! Reading request bodies ourselves, so that every failure (too large, not UTF-8, malformed)
//! becomes a clear 4xx in the user's language rather than a framework's plain-text rejection.

use axum::body::{Body, Bytes};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    TooLarge,
    Unreadable,
    NotUtf8,
    Malformed,
}

/// How much of an oversized body is read and thrown away so the client gets to see the 413
/// (a client still sending when the connection closes sees only a broken pipe).
const DRAIN_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Reads a body of at most `limit` bytes. Past the limit nothing more is kept in memory; the rest
/// is discarded (up to a cap) and the answer is `TooLarge`.
pub async fn read(mut body: Body, limit: usize) -> Result<Bytes, BodyError> {
    use http_body_util::BodyExt;
    let mut kept = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| BodyError::Unreadable)?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        total = total.saturating_add(data.len());
        if total <= limit {
            kept.extend_from_slice(&data);
        } else {
            kept = Vec::new();
            if total > DRAIN_MAX_BYTES {
                break;
            }
        }
    }
    if total > limit {
        return Err(BodyError::TooLarge);
    }
    Ok(Bytes::from(kept))
}

/// A decoded `application/x-www-form-urlencoded` body, in order, duplicates kept.
#[derive(Debug, Default, Clone)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    pub fn parse(bytes: &[u8]) -> Result<FormData, BodyError> {
        let mut pairs = Vec::new();
        for pair in bytes.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
            let mut halves = pair.splitn(2, |b| *b == b'=');
            let name = decode(halves.next().unwrap_or_default())?;
            let value = decode(halves.next().unwrap_or_default())?;
            pairs.push((name, value));
        }
        Ok(FormData(pairs))
    }

    /// The single value of `name`. A field sent twice is a malformed request.
    pub fn one(&self, name: &str) -> Result<Option<&str>, BodyError> {
        let mut values = self
            .0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(BodyError::Malformed);
        }
        Ok(first)
    }

    pub fn text(&self, name: &str) -> Result<String, BodyError> {
        Ok(self.one(name)?.unwrap_or_default().to_owned())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn checked(&self, name: &str) -> Result<bool, BodyError> {
        Ok(self.one(name)?.is_some_and(|v| !v.is_empty()))
    }

    pub fn push(&mut self, name: String, value: String) {
        self.0.push((name, value));
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }
}

fn decode(raw: &[u8]) -> Result<String, BodyError> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|b| if *b == b'+' { b' ' } else { *b })
        .collect();
    let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| BodyError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_in_any_script_and_keep_repeats() {
        let form = FormData::parse(b"tactics=a&tactics=b&narrative=%E4%B8%AD+%D8%A6&empty=")
            .expect("parse");
        assert_eq!(form.all("tactics"), vec!["a", "b"]);
        assert_eq!(form.one("narrative").expect("one"), Some("中 ئ"));
        assert!(matches!(form.one("tactics"), Err(BodyError::Malformed)));
        assert!(!form.checked("empty").expect("one"));
    }

    #[test]
    fn invalid_utf8_is_refused_not_replaced() {
        assert_eq!(
            FormData::parse(b"narrative=%FF%FE").err(),
            Some(BodyError::NotUtf8)
        );
    }
}
