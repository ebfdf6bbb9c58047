//! Recognises a file from its first bytes: magic numbers first, then leading markup, then text.
//!
//! Hand-written rather than taken from a crate: the list is short, and the part that matters for
//! safety (is this something a browser would run as HTML or SVG?) needs rules of our own anyway.

use crate::FileKind;

/// The most of the head of a file that [`sniff`] looks at.
pub const SNIFF_BYTES: usize = 8192;

/// What the file whose first bytes are `head` is. Pass at least the first [`SNIFF_BYTES`] bytes
/// (or the whole file when shorter); more is ignored.
pub fn sniff(head: &[u8]) -> FileKind {
    let head = head.get(..SNIFF_BYTES).unwrap_or(head);
    if let Some(kind) = magic(head) {
        return kind;
    }
    let text = as_ascii_view(head);
    if let Some(kind) = leading_markup(&text) {
        return kind;
    }
    if is_text(head) {
        // SECURITY: old browsers sniffed HTML anywhere in the first bytes, and polyglots hide a
        // script after an innocent first line; a text file that holds markup is treated as HTML.
        if contains_any_ignore_case(&text, RISKY_TAGS) {
            return FileKind::Html;
        }
        return FileKind::Text;
    }
    FileKind::Other
}

fn magic(head: &[u8]) -> Option<FileKind> {
    let starts = |prefix: &[u8]| head.starts_with(prefix);
    let at = |offset: usize, bytes: &[u8]| {
        head.get(offset..offset + bytes.len())
            .is_some_and(|slice| slice == bytes)
    };
    let kind = if starts(&[0xFF, 0xD8, 0xFF]) {
        FileKind::Jpeg
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        FileKind::Png
    } else if starts(b"RIFF") && at(8, b"WEBP") {
        FileKind::Webp
    } else if starts(b"RIFF") && at(8, b"WAVE") {
        FileKind::Wav
    } else if starts(b"%PDF-") {
        FileKind::Pdf
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        FileKind::Gif
    } else if starts(b"II*\0") || starts(b"MM\0*") || starts(b"II+\0") || starts(b"MM\0+") {
        FileKind::Tiff
    } else if at(4, b"ftyp") {
        iso_media_kind(head)
    } else if starts(b"OggS") {
        FileKind::Ogg
    } else if starts(b"fLaC") {
        FileKind::Flac
    } else if starts(&[0x1A, 0x45, 0xDF, 0xA3]) {
        FileKind::Webm
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        FileKind::Zip
    } else if starts(&[0x1F, 0x8B]) {
        FileKind::Gzip
    } else if starts(b"ID3") || is_mpeg_audio_frame(head) {
        FileKind::Mp3
    } else {
        return None;
    };
    Some(kind)
}

/// HEIF and AVIF are ISO base media files whose major or compatible brands name an image format;
/// every other `ftyp` file is a video or audio container.
fn iso_media_kind(head: &[u8]) -> FileKind {
    const IMAGE_BRANDS: [&[u8]; 10] = [
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis",
    ];
    let box_size = head
        .get(0..4)
        .and_then(|bytes| <[u8; 4]>::try_from(bytes).ok())
        .map_or(0, |bytes| u32::from_be_bytes(bytes) as usize);
    // Brands are the major brand at 8, then compatible brands from 16 to the end of the box.
    let end = box_size.clamp(12, 256).min(head.len());
    let brands = head.get(8..end).unwrap_or_default();
    let is_image = brands
        .chunks_exact(4)
        .enumerate()
        .filter(|(index, _)| *index != 1) // minor version, not a brand
        .any(|(_, brand)| IMAGE_BRANDS.contains(&brand));
    if is_image {
        FileKind::Heif
    } else {
        FileKind::Mp4
    }
}

/// An MPEG audio frame header without an ID3 tag: 11 sync bits, a version that is not reserved,
/// and layer III or II. Layer bits 00 are AAC in ADTS; layer I (bits 11) is practically unused and
/// its header `FF FE` is also the UTF-16 byte order mark.
fn is_mpeg_audio_frame(head: &[u8]) -> bool {
    match head {
        [0xFF, second, third, ..] => {
            let sync = second & 0xE0 == 0xE0;
            let version_ok = (second >> 3) & 0b11 != 0b01;
            let layer_ok = matches!((second >> 1) & 0b11, 0b01 | 0b10);
            let bitrate_ok = third >> 4 != 0b1111;
            sync && version_ok && layer_ok && bitrate_ok
        }
        _ => false,
    }
}

/// Tags that make a browser render HTML (the WHATWG sniffing list, plus the ones that run code).
const HTML_TAGS: &[&[u8]] = &[
    b"!doctype html",
    b"html",
    b"head",
    b"script",
    b"iframe",
    b"h1",
    b"div",
    b"font",
    b"table",
    b"a",
    b"style",
    b"title",
    b"b",
    b"body",
    b"br",
    b"p",
    b"meta",
    b"link",
    b"img",
    b"object",
    b"embed",
    b"form",
    b"svg",
    b"math",
    b"frameset",
    b"base",
];

/// Markup that, anywhere in a text file, could run in a browser.
const RISKY_TAGS: &[&[u8]] = &[
    b"<script",
    b"<html",
    b"<iframe",
    b"<svg",
    b"<object",
    b"<embed",
    b"<body",
    b"<!doctype html",
    b"javascript:",
];

/// Looks at the first markup of a text file, after a byte order mark, white space, comments,
/// processing instructions and an XML doctype.
fn leading_markup(text: &[u8]) -> Option<FileKind> {
    let mut rest = text;
    let mut saw_comment = false;
    let mut saw_xml_declaration = false;
    loop {
        rest = skip_whitespace(rest);
        if starts_with_ignore_case(rest, b"<!--") {
            saw_comment = true;
            rest = after(rest, b"-->").unwrap_or_default();
        } else if starts_with_ignore_case(rest, b"<?") {
            saw_xml_declaration = true;
            rest = after(rest, b"?>").unwrap_or_default();
        } else if starts_with_ignore_case(rest, b"<!doctype svg") {
            return Some(FileKind::Svg);
        } else if starts_with_ignore_case(rest, b"<!doctype")
            && !starts_with_ignore_case(rest, b"<!doctype html")
        {
            // An XML doctype (possibly with an internal subset) before the root element.
            saw_xml_declaration = true;
            rest = after(rest, b">").unwrap_or_default();
        } else {
            break;
        }
    }
    if let Some(tag) = rest.strip_prefix(b"<") {
        if tag_is(tag, b"svg") || tag_is(tag, b"svg:svg") {
            return Some(FileKind::Svg);
        }
        if HTML_TAGS.iter().any(|name| tag_is(tag, name)) {
            return Some(FileKind::Html);
        }
    }
    // An XML file whose root is hidden further down: decide on what the head contains.
    if saw_xml_declaration {
        if contains_any_ignore_case(text, &[b"<svg", b":svg"]) {
            return Some(FileKind::Svg);
        }
        if contains_any_ignore_case(text, &[b"<html", b"xhtml"]) {
            return Some(FileKind::Html);
        }
    }
    // WHATWG: a document that opens with a comment is sniffed as HTML.
    saw_comment.then_some(FileKind::Html)
}

/// Whether `rest` (after `<`) starts with the tag `name`, followed by a byte that ends a tag name.
fn tag_is(rest: &[u8], name: &[u8]) -> bool {
    starts_with_ignore_case(rest, name)
        && matches!(
            rest.get(name.len()),
            Some(b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'/') | None
        )
}

/// The head as bytes in which ASCII letters can be compared: UTF-8 as is, UTF-16 (with a byte
/// order mark) narrowed to one byte per unit, non-ASCII units replaced by 0x80.
fn as_ascii_view(head: &[u8]) -> Vec<u8> {
    let narrow = |units: &mut dyn Iterator<Item = u16>| -> Vec<u8> {
        units
            .map(|unit| u8::try_from(unit).ok().filter(u8::is_ascii).unwrap_or(0x80))
            .collect()
    };
    if let Some(rest) = head.strip_prefix(&[0xFF, 0xFE]) {
        narrow(
            &mut rest
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]])),
        )
    } else if let Some(rest) = head.strip_prefix(&[0xFE, 0xFF]) {
        narrow(
            &mut rest
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]])),
        )
    } else {
        head.strip_prefix(&[0xEF, 0xBB, 0xBF])
            .unwrap_or(head)
            .to_vec()
    }
}

/// Valid UTF-8 with no NUL. The head may cut the last character short, which is fine.
fn is_text(head: &[u8]) -> bool {
    if head.is_empty() || head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none() && head.len() >= SNIFF_BYTES,
    }
}

fn skip_whitespace(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// What follows the first `needle` in `bytes`.
fn after<'a>(bytes: &'a [u8], needle: &[u8]) -> Option<&'a [u8]> {
    let position = bytes
        .windows(needle.len())
        .position(|window| window == needle)?;
    bytes.get(position + needle.len()..)
}

fn contains_any_ignore_case(haystack: &[u8], needles: &[&[u8]]) -> bool {
    needles.iter().any(|needle| {
        haystack
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        let cases: &[(&[u8], FileKind)] = &[
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF\0", FileKind::Jpeg),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", FileKind::Png),
            (b"RIFF\x24\0\0\0WEBPVP8 ", FileKind::Webp),
            (b"RIFF\x24\0\0\0WAVEfmt ", FileKind::Wav),
            (b"%PDF-1.7\n", FileKind::Pdf),
            (b"GIF87a\x01\0\x01\0", FileKind::Gif),
            (b"GIF89a\x01\0\x01\0", FileKind::Gif),
            (b"II*\0\x08\0\0\0", FileKind::Tiff),
            (b"MM\0*\0\0\0\x08", FileKind::Tiff),
            (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", FileKind::Heif),
            (b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf", FileKind::Heif),
            (b"\0\0\0\x18ftypMiHE\0\0\0\0mif1MiHE", FileKind::Heif),
            (b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2", FileKind::Mp4),
            (b"\0\0\0\x14ftypqt  \0\0\0\0qt  ", FileKind::Mp4),
            (b"OggS\0\x02", FileKind::Ogg),
            (b"fLaC\0\0\0\x22", FileKind::Flac),
            (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81", FileKind::Webm),
            (b"PK\x03\x04\x14\0\0\0", FileKind::Zip),
            (b"PK\x05\x06\0\0\0\0", FileKind::Zip),
            (b"\x1f\x8b\x08\0\0\0\0\0", FileKind::Gzip),
            (b"ID3\x04\0\0\0\0\0\0", FileKind::Mp3),
            (b"\xFF\xFB\x90\x64\0", FileKind::Mp3),
        ];
        for (head, kind) in cases {
            assert_eq!(sniff(head), *kind, "{head:?}");
        }
    }

    #[test]
    fn adts_aac_and_binary_noise_are_other() {
        assert_eq!(sniff(b"\xFF\xF1\x50\x80\x02\x1f\xfc"), FileKind::Other);
        assert_eq!(sniff(&[0, 1, 2, 3, 0xFE, 0xFD]), FileKind::Other);
        assert_eq!(sniff(b""), FileKind::Other);
    }

    #[test]
    fn markup() {
        let cases: &[(&[u8], FileKind)] = &[
            (b"<svg xmlns='http://www.w3.org/2000/svg'/>", FileKind::Svg),
            (b"\xEF\xBB\xBF  \n<SVG>", FileKind::Svg),
            (
                b"<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<svg><script>alert(1)</script></svg>",
                FileKind::Svg,
            ),
            (
                b"<?xml version=\"1.0\"?><!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\"><svg/>",
                FileKind::Svg,
            ),
            (b"<!DOCTYPE html><title>x</title>", FileKind::Html),
            (b"  <html><body>", FileKind::Html),
            (b"<script>alert(1)</script>", FileKind::Html),
            (b"<p>hello", FileKind::Html),
            (b"<!-- a comment -->hello", FileKind::Html),
            (
                b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'/>",
                FileKind::Html,
            ),
            (b"hello\n<script src=x></script>", FileKind::Html),
            (b"Meet at <b>noon</b>?", FileKind::Text),
            (b"plain words, \xE2\x80\x94 and \xF0\x9F\x98\x80", FileKind::Text),
            (b"<paragraph>not a tag we know", FileKind::Text),
        ];
        for (head, kind) in cases {
            assert_eq!(sniff(head), *kind, "{}", String::from_utf8_lossy(head));
        }
    }

    #[test]
    fn utf16_html_is_html() {
        let mut head = vec![0xFF, 0xFE];
        for unit in "<html><script>".encode_utf16() {
            head.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(sniff(&head), FileKind::Html);
    }

    #[test]
    fn text_rules() {
        assert_eq!(sniff(b"a\0b"), FileKind::Other);
        assert_eq!(sniff(b"\xC3\x28 invalid"), FileKind::Other);
        // A full head that cuts a character in two is still text.
        let mut head = vec![b'a'; SNIFF_BYTES - 1];
        head.extend_from_slice("é".as_bytes());
        assert_eq!(sniff(&head), FileKind::Text);
        // Only the head counts: markup after it does not change the answer.
        let mut long = vec![b'a'; SNIFF_BYTES];
        long.extend_from_slice(b"<script>");
        assert_eq!(sniff(&long), FileKind::Text);
    }
}
