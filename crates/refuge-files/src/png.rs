//! PNG cleaning: keep the chunks needed to render the image, drop every other one.
//!
//! Nothing is decompressed: IDAT, zTXt and compressed iTXt are only ever copied or dropped, so an
//! IHDR claiming 65535×65535 pixels costs nothing.

use std::collections::BTreeSet;

use img_parts::Bytes;
use img_parts::png::Png;

use crate::{CleanError, Removed, exif, xmp};

/// Critical chunks, then the ancillary ones that change how the image looks (colour, transparency,
/// physical size, animation). Everything else is metadata or unknown, and goes.
const KEPT: [&[u8; 4]; 18] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi",
];

pub(crate) fn clean(input: &[u8], removed: &mut BTreeSet<Removed>) -> Result<Vec<u8>, CleanError> {
    let malformed = |why: &str| CleanError::Malformed(format!("PNG: {why}"));
    let mut png = Png::from_bytes(Bytes::copy_from_slice(input))
        .map_err(|error| malformed(&error.to_string()))?;

    let chunks = png.chunks();
    match (chunks.first(), chunks.last()) {
        (Some(first), Some(last)) if &first.kind() == b"IHDR" && &last.kind() == b"IEND" => {}
        _ => return Err(malformed("must start with IHDR and end with IEND")),
    }
    // Data after IEND (an appended archive, say) is not kept by the parser.
    if png.len() < input.len() {
        removed.insert(Removed::OtherMetadata);
    }

    for chunk in chunks {
        let kind = chunk.kind();
        if KEPT.contains(&&kind) {
            continue;
        }
        let contents = chunk.contents();
        match &kind {
            b"tEXt" | b"zTXt" => {
                removed.insert(keyword_category(keyword(contents)));
            }
            b"iTXt" => {
                let keyword = keyword(contents);
                removed.insert(keyword_category(keyword));
                // After the keyword and its NUL: compression flag, method, language, NUL,
                // translated keyword, NUL, text. Only uncompressed XMP is looked into.
                let compressed = contents.get(keyword.len() + 1) != Some(&0);
                if keyword == b"XML:com.adobe.xmp" && !compressed {
                    xmp::categories(contents, removed);
                }
            }
            b"eXIf" => exif::categories(contents, removed),
            b"tIME" => {
                removed.insert(Removed::Dates);
            }
            _ if kind[0].is_ascii_uppercase() => {
                // An unknown critical chunk: the image may not render without it, and we cannot
                // tell what it holds. Refuse rather than guess.
                return Err(CleanError::TooComplex(
                    "PNG: unknown critical chunk".to_owned(),
                ));
            }
            _ => {
                removed.insert(Removed::OtherMetadata);
            }
        }
    }
    png.chunks_mut()
        .retain(|chunk| KEPT.contains(&&chunk.kind()));
    Ok(png.encoder().bytes().to_vec())
}

/// The keyword of a text chunk: the bytes before the first NUL (at most 79 in a valid file).
fn keyword(contents: &[u8]) -> &[u8] {
    let end = contents
        .iter()
        .position(|&byte| byte == 0)
        .unwrap_or(contents.len());
    contents.get(..end).unwrap_or_default()
}

/// What a text chunk says, by its keyword (the registered ones, and those common tools write).
fn keyword_category(keyword: &[u8]) -> Removed {
    match keyword {
        b"Author" | b"Copyright" => Removed::Author,
        b"Creation Time" | b"date:create" | b"date:modify" | b"date:timestamp" => Removed::Dates,
        b"Software" => Removed::Software,
        b"Source" => Removed::CameraDetails,
        b"Comment" | b"Description" | b"Title" => Removed::Comments,
        _ => Removed::OtherMetadata,
    }
}
