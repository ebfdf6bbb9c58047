//! JPEG cleaning: drop metadata segments, the JFIF thumbnail, and everything after the image.
//!
//! img-parts parses the segments up to the first scan (SOS) and keeps the rest of the file, as is,
//! as that scan's data: further scans of a progressive JPEG, any segment placed between them, the
//! end-of-image marker *and whatever follows it* (an appended ZIP, a motion-photo video, the
//! second image of an MPF file). So the scan data is walked here too, marker by marker, and cut at
//! the first end-of-image marker.

use std::collections::BTreeSet;

use img_parts::Bytes;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};

use crate::{CleanError, Removed, exif, xmp};

const JFIF: &[u8] = b"JFIF\0";
const JFXX: &[u8] = b"JFXX\0";
const EXIF: &[u8] = b"Exif\0\0";
const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXTENSION: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
const ICC_PROFILE: &[u8] = b"ICC_PROFILE\0";
const MPF: &[u8] = b"MPF\0";
const ADOBE: &[u8] = b"Adobe";
/// A JFIF APP0 up to and including the thumbnail width and height.
const JFIF_HEADER_LEN: usize = 14;

enum Decision {
    Keep,
    Drop,
    /// Keep the segment with these contents instead.
    Replace(Vec<u8>),
}

pub(crate) fn clean(input: &[u8], removed: &mut BTreeSet<Removed>) -> Result<Vec<u8>, CleanError> {
    let mut jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(input))
        .map_err(|error| CleanError::Malformed(format!("JPEG: {error}")))?;

    let mut kept = Vec::with_capacity(jpeg.segments().len());
    for segment in jpeg.segments_mut().drain(..) {
        if segment.marker() == markers::SOS {
            // The scan data is the rest of the input after this segment's header.
            let data_len = segment.len_with_entropy() - segment.len();
            let data = input
                .get(input.len().saturating_sub(data_len)..)
                .unwrap_or_default();
            let data = clean_scan_data(data, removed)?;
            kept.push(JpegSegment::new_with_entropy(
                markers::SOS,
                segment.contents().clone(),
                Bytes::from(data),
            ));
            continue;
        }
        match decide(segment.marker(), segment.contents(), removed) {
            Decision::Keep => kept.push(segment),
            Decision::Drop => {}
            Decision::Replace(contents) => kept.push(JpegSegment::new_with_contents(
                segment.marker(),
                Bytes::from(contents),
            )),
        }
    }
    *jpeg.segments_mut() = kept;
    Ok(jpeg.encoder().bytes().to_vec())
}

/// Whether a segment stays, judging by its marker and the signature its contents start with.
fn decide(marker: u8, contents: &[u8], removed: &mut BTreeSet<Removed>) -> Decision {
    match marker {
        markers::APP0 if contents.starts_with(JFIF) => {
            let Some(header) = contents.get(..JFIF_HEADER_LEN) else {
                removed.insert(Removed::OtherMetadata);
                return Decision::Drop;
            };
            let thumbnail_pixels = usize::from(header[12]) * usize::from(header[13]);
            if thumbnail_pixels == 0 && contents.len() == JFIF_HEADER_LEN {
                return Decision::Keep;
            }
            removed.insert(Removed::Thumbnail);
            let mut without_thumbnail = header.to_vec();
            without_thumbnail[12] = 0;
            without_thumbnail[13] = 0;
            Decision::Replace(without_thumbnail)
        }
        markers::APP0 if contents.starts_with(JFXX) => {
            removed.insert(Removed::Thumbnail);
            Decision::Drop
        }
        markers::APP1 => {
            if let Some(tiff) = contents.strip_prefix(EXIF) {
                exif::categories(tiff, removed);
            } else if let Some(packet) = contents.strip_prefix(XMP) {
                xmp::categories(packet, removed);
            } else if let Some(extension) = contents.strip_prefix(XMP_EXTENSION) {
                xmp::categories(extension, removed);
            } else {
                removed.insert(Removed::OtherMetadata);
            }
            Decision::Drop
        }
        markers::APP2 if contents.starts_with(ICC_PROFILE) => Decision::Keep,
        markers::APP2 if contents.starts_with(MPF) => {
            // The pictures an MPF segment indexes are smaller copies after the end of the image.
            removed.insert(Removed::Thumbnail);
            Decision::Drop
        }
        // Colour transform information, needed to show CMYK and YCCK images right.
        markers::APP14 if contents.starts_with(ADOBE) => Decision::Keep,
        markers::APP0..=markers::APP15 => {
            removed.insert(Removed::OtherMetadata);
            Decision::Drop
        }
        markers::COM => {
            removed.insert(Removed::Comments);
            Decision::Drop
        }
        _ => Decision::Keep,
    }
}

/// Copies the entropy-coded data of the first scan and everything after it up to and including
/// the first end-of-image marker, dropping metadata segments found on the way (they may sit
/// between the scans of a progressive image). Ends the result with an end-of-image marker.
fn clean_scan_data(data: &[u8], removed: &mut BTreeSet<Removed>) -> Result<Vec<u8>, CleanError> {
    let truncated = || CleanError::Malformed("JPEG: segment cut short".to_owned());
    let mut out = Vec::with_capacity(data.len());
    let mut position = 0;
    loop {
        let Some(offset) = data
            .get(position..)
            .and_then(|rest| rest.iter().position(|&byte| byte == markers::P))
        else {
            // No end-of-image marker: a truncated file. Keep what there is and end it properly.
            out.extend_from_slice(data.get(position..).unwrap_or_default());
            out.extend_from_slice(&[markers::P, markers::EOI]);
            return Ok(out);
        };
        let marker_at = position + offset;
        out.extend_from_slice(data.get(position..marker_at).unwrap_or_default());
        let Some(&marker) = data.get(marker_at + 1) else {
            out.extend_from_slice(&[markers::P, markers::EOI]);
            return Ok(out);
        };
        match marker {
            // Stuffed 0xFF, restart markers and the reserved TEM marker carry no length.
            markers::Z | markers::RST0..=markers::RST7 | 0x01 => {
                out.extend_from_slice(&[markers::P, marker]);
                position = marker_at + 2;
            }
            // A fill byte: the marker starts at the next 0xFF.
            markers::P => {
                position = marker_at + 1;
            }
            markers::EOI => {
                out.extend_from_slice(&[markers::P, markers::EOI]);
                let trailing = data.get(marker_at + 2..).unwrap_or_default();
                if trailing.iter().any(|&byte| byte != 0 && byte != markers::P) {
                    removed.insert(Removed::OtherMetadata);
                }
                return Ok(out);
            }
            _ => {
                let length_bytes = data
                    .get(marker_at + 2..marker_at + 4)
                    .ok_or_else(truncated)?;
                let length = usize::from(u16::from_be_bytes([length_bytes[0], length_bytes[1]]));
                if length < 2 {
                    return Err(CleanError::Malformed("JPEG: bad segment length".to_owned()));
                }
                let end = marker_at + 2 + length;
                let segment = data.get(marker_at..end).ok_or_else(truncated)?;
                let contents = segment.get(4..).unwrap_or_default();
                match decide(marker, contents, removed) {
                    Decision::Keep => out.extend_from_slice(segment),
                    Decision::Drop => {}
                    Decision::Replace(contents) => {
                        // Only reachable for a JFIF APP0, whose replacement is 14 bytes.
                        let length = u16::try_from(contents.len() + 2)
                            .map_err(|_| CleanError::Malformed("JPEG: segment".to_owned()))?;
                        out.extend_from_slice(&[markers::P, marker]);
                        out.extend_from_slice(&length.to_be_bytes());
                        out.extend_from_slice(&contents);
                    }
                }
                position = end;
            }
        }
    }
}
