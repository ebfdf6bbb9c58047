//! WebP cleaning: drop the EXIF, XMP and unknown chunks, clear their VP8X flags, and let the
//! encoder write the new RIFF size.

use std::collections::BTreeSet;

use img_parts::Bytes;
use img_parts::riff::RiffContent;
use img_parts::webp::{
    CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_EXIF, CHUNK_ICCP, CHUNK_VP8, CHUNK_VP8L, CHUNK_VP8X,
    CHUNK_XMP, WebP,
};

use crate::{CleanError, Removed, exif, xmp};

/// The image, its alpha, animation and colour profile.
const KEPT: [[u8; 4]; 7] = [
    CHUNK_VP8X, CHUNK_VP8, CHUNK_VP8L, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_ICCP,
];

/// VP8X flag bits (in its first byte) announcing EXIF and XMP chunks.
const FLAG_EXIF: u8 = 0b0000_1000;
const FLAG_XMP: u8 = 0b0000_0100;

pub(crate) fn clean(input: &[u8], removed: &mut BTreeSet<Removed>) -> Result<Vec<u8>, CleanError> {
    let mut webp = WebP::from_bytes(Bytes::copy_from_slice(input))
        .map_err(|error| CleanError::Malformed(format!("WebP: {error}")))?;
    if !webp
        .chunks()
        .iter()
        .any(|chunk| [CHUNK_VP8, CHUNK_VP8L, CHUNK_ANMF].contains(&chunk.id()))
    {
        return Err(CleanError::Malformed("WebP: no image data".to_owned()));
    }
    // Bytes past the RIFF size are not kept by the parser.
    if usize::try_from(webp.len()).is_ok_and(|len| len < input.len()) {
        removed.insert(Removed::OtherMetadata);
    }

    for chunk in webp.chunks() {
        let data = chunk
            .content()
            .data()
            .map(|data| &data[..])
            .unwrap_or_default();
        match chunk.id() {
            id if KEPT.contains(&id) => {}
            CHUNK_EXIF => {
                // The specification says the chunk starts with the TIFF header; some writers
                // put the JPEG "Exif\0\0" signature first.
                exif::categories(data.strip_prefix(b"Exif\0\0").unwrap_or(data), removed);
            }
            CHUNK_XMP => xmp::categories(data, removed),
            _ => {
                removed.insert(Removed::OtherMetadata);
            }
        }
    }
    webp.chunks_mut().retain(|chunk| KEPT.contains(&chunk.id()));

    for chunk in webp.chunks_mut() {
        if chunk.id() != CHUNK_VP8X {
            continue;
        }
        if let RiffContent::Data(data) = chunk.content_mut()
            && let Some((&flags, rest)) = data.split_first()
        {
            let mut fixed = Vec::with_capacity(data.len());
            fixed.push(flags & !(FLAG_EXIF | FLAG_XMP));
            fixed.extend_from_slice(rest);
            *data = Bytes::from(fixed);
        }
    }
    Ok(webp.encoder().bytes().to_vec())
}
