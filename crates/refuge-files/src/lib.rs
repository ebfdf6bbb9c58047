//! Inspects uploaded evidence files and removes the metadata that could identify the person who
//! made them, entirely in memory.
//!
//! What this crate is for: a reporter uploads screenshots, photos and documents; before anything is
//! sealed and stored, the caller asks [`sniff`] what the bytes really are (never trusting the name
//! or the declared type), shows a safe name with [`display_name`], and, for the formats we can
//! clean, calls [`clean`] to drop location, camera, author, date and software metadata.
//!
//! Invariants:
//! - **Pure.** No I/O, no clock, no threads, no async, no network, no global state: the same bytes
//!   always give the same answer.
//! - **Never renders or executes content.** No pixel is decoded, no image data, zTXt or IDAT chunk
//!   is decompressed, no PDF content stream is interpreted, no archive is opened. Only container
//!   structures are walked.
//! - **Bounded.** Every walk is linear in the input, every offset is checked, nothing recurses
//!   on attacker-controlled depth beyond fixed limits, and the one place that inflates data (PDF
//!   object and cross-reference streams) has a hard budget; see [`clean`] for the PDF bound.
//! - **Never panics** on any input, and contains no `unsafe`.
//!
//! Cleaned formats:
//! - **JPEG**: APP1 (EXIF, XMP), APP2 other than ICC profiles (MPF carries a second JPEG with its
//!   own EXIF), APP3–APP15 other than Adobe APP14, COM segments, the JFIF thumbnail, and anything
//!   after the end-of-image marker (appended archives, motion-photo videos, MPF images) are
//!   removed, including segments placed between progressive scans. The EXIF orientation tag goes
//!   with EXIF, so a phone photo may display rotated.
//! - **PNG**: text chunks, eXIf, tIME and every ancillary chunk not needed to render the image are
//!   removed, and so is anything after IEND.
//! - **WebP**: EXIF and XMP chunks and unknown chunks are removed; the VP8X flags and RIFF size are
//!   fixed.
//! - **PDF**: the document information dictionary, every XMP `/Metadata` stream, `/PieceInfo`,
//!   `/LastModified`, the file identifier and every object no longer referenced (old revisions
//!   kept by incremental saves) are removed. This is **best effort by nature**: images embedded in
//!   the PDF keep their own metadata, annotations keep their author names, embedded files are
//!   untouched, and text on the pages is of course kept. Callers should say so to the reporter.
//!
//! Everything else (HEIF, TIFF, GIF, audio, video, archives, SVG, HTML, text) is
//! [`CleanError::Unsupported`]: keep it sealed, serve it only as a download.

mod exif;
mod jpeg;
mod name;
mod pdf;
mod png;
mod sniff;
mod webp;
mod xmp;

use std::collections::BTreeSet;

pub use name::{display_name, download_name};
pub use pdf::{
    PDF_MAX_OBJECT_STREAM_BYTES, PDF_MAX_PARSED_TOKENS, PDF_MAX_XREF_STREAM_BYTES,
    PDF_MAX_XREF_STREAMS,
};
pub use sniff::{SNIFF_BYTES, sniff};

/// What a file is, judged from its first bytes (never from its name or declared type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Jpeg,
    Png,
    Webp,
    Pdf,
    Gif,
    /// HEIF and AVIF (ISO base media files with an image brand).
    Heif,
    /// TIFF, and the camera raw formats built on it.
    Tiff,
    Mp3,
    /// MP4, QuickTime and 3GP (ISO base media files that are not images).
    Mp4,
    Ogg,
    Wav,
    Flac,
    /// WebM and Matroska.
    Webm,
    /// ZIP, including the office formats built on it (docx, xlsx, odt...). Never opened.
    Zip,
    /// Never decompressed.
    Gzip,
    Svg,
    Html,
    /// Valid UTF-8 without NUL bytes and without markup that a browser could take for HTML.
    Text,
    Other,
}

impl FileKind {
    /// A stable snake_case code, for storage, logs and translation keys.
    pub fn code(self) -> &'static str {
        match self {
            FileKind::Jpeg => "jpeg",
            FileKind::Png => "png",
            FileKind::Webp => "webp",
            FileKind::Pdf => "pdf",
            FileKind::Gif => "gif",
            FileKind::Heif => "heif",
            FileKind::Tiff => "tiff",
            FileKind::Mp3 => "mp3",
            FileKind::Mp4 => "mp4",
            FileKind::Ogg => "ogg",
            FileKind::Wav => "wav",
            FileKind::Flac => "flac",
            FileKind::Webm => "webm",
            FileKind::Zip => "zip",
            FileKind::Gzip => "gzip",
            FileKind::Svg => "svg",
            FileKind::Html => "html",
            FileKind::Text => "text",
            FileKind::Other => "other",
        }
    }

    /// The kind with this [`code`](Self::code), if any.
    pub fn from_code(code: &str) -> Option<FileKind> {
        [
            FileKind::Jpeg,
            FileKind::Png,
            FileKind::Webp,
            FileKind::Pdf,
            FileKind::Gif,
            FileKind::Heif,
            FileKind::Tiff,
            FileKind::Mp3,
            FileKind::Mp4,
            FileKind::Ogg,
            FileKind::Wav,
            FileKind::Flac,
            FileKind::Webm,
            FileKind::Zip,
            FileKind::Gzip,
            FileKind::Svg,
            FileKind::Html,
            FileKind::Text,
            FileKind::Other,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
    }

    /// Whether [`clean`] handles this kind.
    pub fn cleanable(self) -> bool {
        matches!(
            self,
            FileKind::Jpeg | FileKind::Png | FileKind::Webp | FileKind::Pdf
        )
    }
}

/// Plain-language categories of what cleaning removed, shown to the reporter (the caller
/// translates them from [`Removed::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Removed {
    /// GPS coordinates and the like.
    Location,
    /// Camera or phone make, model, serial numbers, lens, maker notes.
    CameraDetails,
    /// When the photo or document was made or changed.
    Dates,
    /// Names of people: author, artist, copyright holder, camera owner.
    Author,
    /// The program (and computer) that made or edited the file.
    Software,
    /// Descriptions, comments and titles typed by someone.
    Comments,
    /// A smaller copy of the image embedded in the file.
    Thumbnail,
    /// Anything else: unrecognised metadata, identifiers, appended data.
    OtherMetadata,
}

impl Removed {
    /// A stable snake_case code, for translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Removed::Location => "location",
            Removed::CameraDetails => "camera_details",
            Removed::Dates => "dates",
            Removed::Author => "author",
            Removed::Software => "software",
            Removed::Comments => "comments",
            Removed::Thumbnail => "thumbnail",
            Removed::OtherMetadata => "other_metadata",
        }
    }
}

/// A cleaned copy of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub bytes: Vec<u8>,
    /// What was removed: sorted, without duplicates, empty when nothing was found.
    pub removed: Vec<Removed>,
}

/// Why a file was not cleaned. In every case the caller still has the original bytes; what it
/// does with them (keep sealed, refuse) is its policy. The messages never contain bytes from the
/// file, so they may be logged.
#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    #[error("this kind of file is not cleaned")]
    Unsupported,
    #[error("malformed file: {0}")]
    Malformed(String),
    #[error("file too complex to clean safely: {0}")]
    TooComplex(String),
}

/// Removes identifying metadata from `input`, the whole file, which must be of `kind` (as given by
/// [`sniff`]). The caller bounds the size of `input` (up to about 32 MiB).
///
/// JPEG, PNG and WebP are walked in time and extra memory linear in the input, without any
/// decompression.
///
/// # The PDF bound
///
/// PDF is the one format whose loading inflates data and builds an object graph, so the file
/// passes a gate first (`src/pdf/gate.rs` lists what lopdf does with an untrusted file and what
/// answers each cost). For an input of `n` bytes, `clean` guarantees:
///
/// - **Decompression**: at most [`PDF_MAX_OBJECT_STREAM_BYTES`] (32 MiB) in total from object
///   streams (each with at most two filters), and at most [`PDF_MAX_XREF_STREAMS`] (16)
///   cross-reference streams of at most [`PDF_MAX_XREF_STREAM_BYTES`] (1 MiB) each, decoded one at
///   a time. No other stream is ever decompressed.
/// - **Parsing**: at most [`PDF_MAX_PARSED_TOKENS`] (1 000 000) tokens turned into objects, an
///   array or dictionary counting five: about 160 MiB of objects (at most 165 bytes per token
///   measured); each object is parsed once, at most `n` bytes of object syntax are walked, and at
///   most `n` bytes of stream data are copied, however objects are made to overlap.
/// - **Nesting**: arrays, dictionaries and strings at most 100 deep (lopdf's parser); everything
///   this crate walks, it walks without recursion.
/// - **Memory** therefore at most about `3·n + 250 MiB` (the copy of the file, the stream data,
///   the output; the objects; one object stream being decoded): about 350 MiB for a 32 MiB file.
///   Measured in `tests/pdf_memory.rs`: +223 MiB for a 27 MiB file at the token limit, +73 MiB
///   for a 24 MiB file, +34 MiB for an object-stream bomb (refused).
/// - **Time** linear in `n`, the tokens and the decompressed bytes above.
///
/// Run one `clean` per core at most: the bound is per call. Files beyond these limits,
/// encrypted files, and files whose layout the gate cannot vouch for are refused with
/// [`CleanError::TooComplex`], never half-cleaned.
pub fn clean(kind: FileKind, input: &[u8]) -> Result<Cleaned, CleanError> {
    let mut removed = BTreeSet::new();
    let bytes = match kind {
        FileKind::Jpeg => jpeg::clean(input, &mut removed)?,
        FileKind::Png => png::clean(input, &mut removed)?,
        FileKind::Webp => webp::clean(input, &mut removed)?,
        FileKind::Pdf => pdf::clean(input, &mut removed)?,
        _ => return Err(CleanError::Unsupported),
    };
    Ok(Cleaned {
        bytes,
        removed: removed.into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_distinct() {
        let kinds = [
            FileKind::Jpeg,
            FileKind::Png,
            FileKind::Webp,
            FileKind::Pdf,
            FileKind::Gif,
            FileKind::Heif,
            FileKind::Tiff,
            FileKind::Mp3,
            FileKind::Mp4,
            FileKind::Ogg,
            FileKind::Wav,
            FileKind::Flac,
            FileKind::Webm,
            FileKind::Zip,
            FileKind::Gzip,
            FileKind::Svg,
            FileKind::Html,
            FileKind::Text,
            FileKind::Other,
        ];
        let codes: BTreeSet<&str> = kinds.iter().map(|kind| kind.code()).collect();
        assert_eq!(codes.len(), kinds.len());
        assert_eq!(FileKind::Other.code(), "other");
        let cleanable: Vec<FileKind> = kinds.into_iter().filter(|k| k.cleanable()).collect();
        assert_eq!(
            cleanable,
            [FileKind::Jpeg, FileKind::Png, FileKind::Webp, FileKind::Pdf]
        );
        assert_eq!(Removed::CameraDetails.code(), "camera_details");
        assert_eq!(Removed::OtherMetadata.code(), "other_metadata");
    }

    #[test]
    fn uncleanable_kinds_are_unsupported() {
        for kind in [
            FileKind::Gif,
            FileKind::Zip,
            FileKind::Html,
            FileKind::Other,
        ] {
            assert!(matches!(
                clean(kind, b"GIF89a"),
                Err(CleanError::Unsupported)
            ));
        }
    }
}
