//! Limits on the framing of a `multipart/form-data` body, checked on the bytes as they arrive
//! and before the multipart parser sees them.
//!
//! SECURITY: a parser buffers a part's header block until its blank line, and the preamble until
//! the first boundary; unbounded, one request that never sends either grows the server's memory
//! and CPU with the square of its length (security review H1: 512 MiB of "header" held 520 MB and
//! 60 s of CPU). Here the preamble, each part's header block, the number of parts and the
//! epilogue have fixed ceilings, so memory per request stays a few KiB beyond what the file and
//! text limits already allow. Part contents are only scanned for the next boundary.

use memchr::memmem::Finder;

/// Ceilings on everything in a multipart body that is not a part's content.
#[derive(Debug, Clone, Copy)]
pub struct FramingLimits {
    /// Bytes before the first boundary (browsers send none).
    pub preamble: usize,
    /// One part's header lines, blank line included (a name, a file name, a type).
    pub part_headers: usize,
    /// Parts in one body.
    pub parts: usize,
    /// Bytes after the closing boundary.
    pub epilogue: usize,
}

impl FramingLimits {
    /// Room for every legitimate form of ours: the report form has at most a few hundred fields.
    pub fn for_forms(max_files: usize) -> Self {
        FramingLimits {
            preamble: 1024,
            part_headers: 8 * 1024,
            parts: 256 + max_files,
            epilogue: 1024,
        }
    }
}

/// Which ceiling a body passed, or how its framing is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FramingError {
    PreambleTooLong,
    PartHeadersTooLong,
    TooManyParts,
    EpilogueTooLong,
    /// A boundary followed by neither a line break nor the closing `--`.
    Malformed,
}

enum State {
    /// Before the first boundary; counts what it has discarded.
    Preamble(usize),
    /// Just after a boundary: a line break (a part follows) or `--` (the end) comes next.
    AfterBoundary,
    /// Inside a part's header block; counts its bytes so far.
    Headers(usize),
    /// Inside a part's content: only the next boundary matters.
    Content,
    /// After the closing boundary; counts it.
    Epilogue(usize),
}

/// Watches a multipart body chunk by chunk. Holds at most the few bytes that might begin a
/// boundary split across two chunks.
pub struct FramingGuard {
    delimiter: Finder<'static>,
    delimiter_len: usize,
    blank_line: Finder<'static>,
    limits: FramingLimits,
    state: State,
    carry: Vec<u8>,
    parts: usize,
}

impl FramingGuard {
    pub fn new(boundary: &str, limits: FramingLimits) -> Self {
        let delimiter = format!("\r\n--{boundary}").into_bytes();
        FramingGuard {
            delimiter_len: delimiter.len(),
            delimiter: Finder::new(&delimiter).into_owned(),
            blank_line: Finder::new(b"\r\n\r\n").into_owned(),
            limits,
            state: State::Preamble(0),
            // The first boundary may open the body without a line break before it: as if one
            // were there (not counted against the preamble).
            carry: b"\r\n".to_vec(),
            parts: 0,
        }
    }

    /// Checks the next chunk of the body.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), FramingError> {
        let mut buffer = std::mem::take(&mut self.carry);
        buffer.extend_from_slice(chunk);
        let mut at = 0;
        loop {
            let rest = &buffer[at..];
            match self.state {
                State::Preamble(seen) => match self.delimiter.find(rest) {
                    Some(found) => {
                        self.check(
                            seen + found,
                            self.limits.preamble + 2,
                            FramingError::PreambleTooLong,
                        )?;
                        at += found + self.delimiter_len;
                        self.state = State::AfterBoundary;
                    }
                    None => {
                        let keep = rest.len().min(self.delimiter_len - 1);
                        let seen = seen + rest.len() - keep;
                        self.check(
                            seen,
                            self.limits.preamble + 2,
                            FramingError::PreambleTooLong,
                        )?;
                        self.state = State::Preamble(seen);
                        return self.keep(&buffer, buffer.len() - keep);
                    }
                },
                State::AfterBoundary => {
                    if rest.len() < 2 {
                        return self.keep(&buffer, at);
                    }
                    match &rest[..2] {
                        b"--" => {
                            at += 2;
                            self.state = State::Epilogue(0);
                        }
                        b"\r\n" => {
                            self.parts += 1;
                            self.check(self.parts, self.limits.parts, FramingError::TooManyParts)?;
                            // The line break stays: a part without header lines ends at once.
                            self.state = State::Headers(0);
                        }
                        _ => return Err(FramingError::Malformed),
                    }
                }
                State::Headers(seen) => match self.blank_line.find(rest) {
                    Some(found) => {
                        self.check(
                            seen + found + 4,
                            self.limits.part_headers,
                            FramingError::PartHeadersTooLong,
                        )?;
                        // The content begins after the blank line; a boundary may follow at once
                        // (an empty part), its line break being the first thing searched.
                        at += found + 4;
                        self.state = State::Content;
                    }
                    None => {
                        let keep = rest.len().min(3);
                        let seen = seen + rest.len() - keep;
                        self.check(
                            seen,
                            self.limits.part_headers,
                            FramingError::PartHeadersTooLong,
                        )?;
                        self.state = State::Headers(seen);
                        return self.keep(&buffer, buffer.len() - keep);
                    }
                },
                State::Content => match self.delimiter.find(rest) {
                    Some(found) => {
                        at += found + self.delimiter_len;
                        self.state = State::AfterBoundary;
                    }
                    None => {
                        let keep = rest.len().min(self.delimiter_len - 1);
                        return self.keep(&buffer, buffer.len() - keep);
                    }
                },
                State::Epilogue(seen) => {
                    let seen = seen + rest.len();
                    self.check(seen, self.limits.epilogue, FramingError::EpilogueTooLong)?;
                    self.state = State::Epilogue(seen);
                    return Ok(());
                }
            }
        }
    }

    fn check(&self, value: usize, limit: usize, error: FramingError) -> Result<(), FramingError> {
        if value > limit { Err(error) } else { Ok(()) }
    }

    fn keep(&mut self, buffer: &[u8], from: usize) -> Result<(), FramingError> {
        self.carry = buffer[from..].to_vec();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOUNDARY: &str = "----RefugeBoundary7MA4";

    fn body(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (headers, content) in parts {
            body.extend_from_slice(format!("--{BOUNDARY}\r\n{headers}\r\n\r\n").as_bytes());
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        body
    }

    fn check_in_pieces(
        body: &[u8],
        piece: usize,
        limits: FramingLimits,
    ) -> Result<(), FramingError> {
        let mut guard = FramingGuard::new(BOUNDARY, limits);
        for chunk in body.chunks(piece) {
            guard.feed(chunk)?;
        }
        Ok(())
    }

    fn limits() -> FramingLimits {
        FramingLimits {
            preamble: 16,
            part_headers: 200,
            parts: 4,
            epilogue: 16,
        }
    }

    #[test]
    fn real_forms_pass_however_they_are_cut() {
        let file: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
        let form = body(&[
            (
                "Content-Disposition: form-data; name=\"form_token\"",
                b"0100abcdef",
            ),
            (
                "Content-Disposition: form-data; name=\"narrative\"",
                "ئۇلار — 他們\r\n\r\n--not a boundary".as_bytes(),
            ),
            (
                "Content-Disposition: form-data; name=\"files\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream",
                &file,
            ),
            (
                "Content-Disposition: form-data; name=\"files\"; filename=\"\"",
                b"",
            ),
        ]);
        for piece in [1, 2, 3, 5, 7, 64, 4096, usize::MAX] {
            assert_eq!(
                check_in_pieces(&form, piece, limits()),
                Ok(()),
                "pieces of {piece}"
            );
        }
    }

    #[test]
    fn an_unending_header_block_is_refused_early() {
        let mut endless =
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"").into_bytes();
        endless.extend(std::iter::repeat_n(b'a', 10_000));
        for piece in [1, 13, 4096] {
            assert_eq!(
                check_in_pieces(&endless, piece, limits()),
                Err(FramingError::PartHeadersTooLong),
                "pieces of {piece}"
            );
        }
        // Refused once the ceiling is passed, not at the end of the body.
        let mut guard = FramingGuard::new(BOUNDARY, limits());
        let mut fed = 0;
        let outcome = endless.chunks(10).try_for_each(|chunk| {
            fed += chunk.len();
            guard.feed(chunk)
        });
        assert!(outcome.is_err() && fed < 300, "refused after {fed} bytes");
    }

    #[test]
    fn preamble_parts_and_epilogue_have_ceilings() {
        let mut preamble = vec![b'x'; 100];
        preamble.extend(body(&[(
            "Content-Disposition: form-data; name=\"a\"",
            b"1",
        )]));
        assert_eq!(
            check_in_pieces(&preamble, 7, limits()),
            Err(FramingError::PreambleTooLong)
        );
        let no_boundary = vec![b'-'; 5000];
        assert_eq!(
            check_in_pieces(&no_boundary, 64, limits()),
            Err(FramingError::PreambleTooLong)
        );
        let many = vec![("Content-Disposition: form-data; name=\"a\"", &b""[..]); 5];
        assert_eq!(
            check_in_pieces(&body(&many), 3, limits()),
            Err(FramingError::TooManyParts)
        );
        let mut epilogue = body(&[("Content-Disposition: form-data; name=\"a\"", b"1")]);
        epilogue.extend(vec![b'z'; 100]);
        assert_eq!(
            check_in_pieces(&epilogue, 9, limits()),
            Err(FramingError::EpilogueTooLong)
        );
        let broken = format!("--{BOUNDARY}xx").into_bytes();
        assert_eq!(
            check_in_pieces(&broken, 1, limits()),
            Err(FramingError::Malformed)
        );
    }
}
