//! A small, strictly bounded reader of EXIF (TIFF) structures, used only to tell the reporter what
//! was removed. It never changes anything: the caller drops the whole EXIF block regardless.
//!
//! It visits at most four directories, in a fixed order and without recursion: IFD0, then the Exif
//! and GPS directories IFD0 points to, then IFD1 (the thumbnail). Every offset is bounds-checked.

use std::collections::BTreeSet;

use crate::Removed;

/// Entries read from one directory at most; real files have a few dozen.
const MAX_ENTRIES: usize = 512;

const TAG_EXIF_IFD: u16 = 0x8769;
const TAG_GPS_IFD: u16 = 0x8825;
const TAG_GPS_VERSION: u16 = 0x0000;

#[derive(Clone, Copy)]
enum Order {
    Little,
    Big,
}

struct Tiff<'a> {
    bytes: &'a [u8],
    order: Order,
}

struct Entry {
    tag: u16,
    /// The value, or the offset of the value, as a 32-bit number.
    value: u32,
}

impl<'a> Tiff<'a> {
    fn new(bytes: &'a [u8]) -> Option<Self> {
        let order = match bytes.get(..4)? {
            [b'I', b'I', 42, 0] => Order::Little,
            [b'M', b'M', 0, 42] => Order::Big,
            _ => return None,
        };
        Some(Tiff { bytes, order })
    }

    fn u16_at(&self, offset: usize) -> Option<u16> {
        let bytes: [u8; 2] = self
            .bytes
            .get(offset..offset.checked_add(2)?)?
            .try_into()
            .ok()?;
        Some(match self.order {
            Order::Little => u16::from_le_bytes(bytes),
            Order::Big => u16::from_be_bytes(bytes),
        })
    }

    fn u32_at(&self, offset: usize) -> Option<u32> {
        let bytes: [u8; 4] = self
            .bytes
            .get(offset..offset.checked_add(4)?)?
            .try_into()
            .ok()?;
        Some(match self.order {
            Order::Little => u32::from_le_bytes(bytes),
            Order::Big => u32::from_be_bytes(bytes),
        })
    }

    /// The entries of the directory at `offset` and the offset of the next directory (0 for none).
    /// A directory cut short by the end of the data yields the entries that fit.
    fn directory(&self, offset: u32) -> Option<(Vec<Entry>, u32)> {
        let offset = usize::try_from(offset).ok()?;
        let count = usize::from(self.u16_at(offset)?);
        // Offsets come from the file: add them with care even where usize is 32 bits.
        let entry_at = |index: usize| offset.checked_add(2)?.checked_add(index.checked_mul(12)?);
        let mut entries = Vec::with_capacity(count.min(MAX_ENTRIES));
        for index in 0..count.min(MAX_ENTRIES) {
            let Some(start) = entry_at(index) else {
                break;
            };
            let tag = self.u16_at(start);
            let value = start.checked_add(8).and_then(|at| self.u32_at(at));
            let (Some(tag), Some(value)) = (tag, value) else {
                break;
            };
            entries.push(Entry { tag, value });
        }
        let next = entry_at(count).and_then(|at| self.u32_at(at)).unwrap_or(0);
        Some((entries, next))
    }
}

/// Adds to `out` the categories of what the TIFF structure `bytes` (an EXIF block without its
/// `Exif\0\0` prefix) holds. Anything unreadable counts as [`Removed::OtherMetadata`].
pub(crate) fn categories(bytes: &[u8], out: &mut BTreeSet<Removed>) {
    let Some(tiff) = Tiff::new(bytes) else {
        out.insert(Removed::OtherMetadata);
        return;
    };
    let Some((ifd0, next)) = tiff.u32_at(4).and_then(|offset| tiff.directory(offset)) else {
        out.insert(Removed::OtherMetadata);
        return;
    };
    let mut visited = vec![tiff.u32_at(4).unwrap_or(0)];
    let mut exif_ifd = None;
    let mut gps_ifd = None;
    for entry in &ifd0 {
        match entry.tag {
            TAG_EXIF_IFD => exif_ifd = Some(entry.value),
            TAG_GPS_IFD => gps_ifd = Some(entry.value),
            tag => {
                out.insert(tag_category(tag));
            }
        }
    }
    if let Some(offset) = exif_ifd.filter(|offset| !visited.contains(offset)) {
        visited.push(offset);
        match tiff.directory(offset) {
            Some((entries, _)) => {
                for entry in entries {
                    out.insert(tag_category(entry.tag));
                }
            }
            None => {
                out.insert(Removed::OtherMetadata);
            }
        }
    }
    if let Some(offset) = gps_ifd.filter(|offset| !visited.contains(offset)) {
        visited.push(offset);
        let entries = tiff.directory(offset).map(|(entries, _)| entries);
        // Some cameras write a GPS directory holding only its version when they have no fix.
        let has_position = entries
            .as_deref()
            .unwrap_or_default()
            .iter()
            .any(|entry| entry.tag != TAG_GPS_VERSION);
        out.insert(if has_position {
            Removed::Location
        } else {
            Removed::OtherMetadata
        });
    }
    if next != 0 && !visited.contains(&next) {
        match tiff.directory(next) {
            Some((entries, _)) if !entries.is_empty() => {
                out.insert(Removed::Thumbnail);
            }
            _ => {
                out.insert(Removed::OtherMetadata);
            }
        }
    }
}

/// What a tag in IFD0 or the Exif directory tells about the person or device. Everything else,
/// the interoperability pointer included, is other metadata.
fn tag_category(tag: u16) -> Removed {
    match tag {
        0x010F | 0x0110 | 0x927C | 0xA431..=0xA435 | 0xC614 | 0xC62F => Removed::CameraDetails,
        0x0132 | 0x9003 | 0x9004 | 0x9010..=0x9012 | 0x9290..=0x9292 => Removed::Dates,
        0x013B | 0x8298 | 0x9C9D | 0xA430 => Removed::Author,
        0x0131 | 0x013C => Removed::Software,
        0x010E | 0x9286 | 0x9C9B | 0x9C9C | 0x9C9F => Removed::Comments,
        _ => Removed::OtherMetadata,
    }
}

#[cfg(test)]
#[path = "../tests/common/tiff.rs"]
mod build;

#[cfg(test)]
mod tests {
    use super::build::*;
    use super::*;

    fn of(bytes: &[u8]) -> Vec<Removed> {
        let mut out = BTreeSet::new();
        categories(bytes, &mut out);
        out.into_iter().collect()
    }

    #[test]
    fn a_phone_photo() {
        let bytes = tiff(
            vec![
                ascii(0x010F, "Phone maker"),
                ascii(0x0110, "Model 7"),
                ascii(0x0131, "Camera app 1.2"),
                ascii(0x0132, "2024:05:01 10:00:00"),
            ],
            Some(vec![
                ascii(0x9003, "2024:05:01 10:00:00"),
                ascii(0xA431, "SN123456"),
            ]),
            Some(vec![
                long(0x0000, 0x0000_0202),
                ascii(0x0001, "N"),
                rationals(0x0002, &[(39, 1), (54, 1), (0, 1)]),
            ]),
            Some(vec![long(0x0201, 0), long(0x0202, 0)]),
        );
        assert_eq!(
            of(&bytes),
            [
                Removed::Location,
                Removed::CameraDetails,
                Removed::Dates,
                Removed::Software,
                Removed::Thumbnail
            ]
        );
    }

    #[test]
    fn people_and_words() {
        let bytes = tiff(
            vec![
                ascii(0x013B, "A. Person"),
                ascii(0x010E, "at the station"),
                long(0x0112, 1),
            ],
            Some(vec![ascii(0x9286, "\0\0\0\0\0\0\0\0hello")]),
            None,
            None,
        );
        assert_eq!(
            of(&bytes),
            [Removed::Author, Removed::Comments, Removed::OtherMetadata]
        );
    }

    #[test]
    fn gps_directory_without_a_position_is_not_location() {
        let bytes = tiff(vec![], None, Some(vec![long(0x0000, 0x0202)]), None);
        assert_eq!(of(&bytes), [Removed::OtherMetadata]);
    }

    #[test]
    fn garbage_and_hostile_offsets_are_bounded() {
        assert_eq!(of(b""), [Removed::OtherMetadata]);
        assert_eq!(of(b"II*\0"), [Removed::OtherMetadata]);
        assert_eq!(of(b"II*\0\xff\xff\xff\xff"), [Removed::OtherMetadata]);
        // IFD0 claims 65535 entries but the data ends: only what fits is read.
        let mut bytes = b"II*\0\x08\0\0\0\xff\xff".to_vec();
        bytes.extend_from_slice(&[0x0F, 0x01, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(of(&bytes), [Removed::CameraDetails]);
        // Pointers that loop back to IFD0, and a next-IFD pointer to itself.
        let mut looping = b"II*\0\x08\0\0\0".to_vec();
        looping.extend_from_slice(&2u16.to_le_bytes());
        looping.extend_from_slice(&[0x69, 0x87, 4, 0, 1, 0, 0, 0, 8, 0, 0, 0]);
        looping.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 8, 0, 0, 0]);
        looping.extend_from_slice(&8u32.to_le_bytes());
        assert_eq!(of(&looping), Vec::<Removed>::new());
    }
}
