//! Builds little-endian EXIF (TIFF) blocks for tests. Shared by the unit tests in `src/exif.rs`
//! and the integration tests.

#![allow(dead_code)]

/// One directory entry: tag, TIFF type, count, and the value bytes (inline when ≤ 4 bytes).
pub struct Field {
    pub tag: u16,
    pub kind: u16,
    pub count: u32,
    pub data: Vec<u8>,
}

pub fn ascii(tag: u16, text: &str) -> Field {
    let mut data = text.as_bytes().to_vec();
    data.push(0);
    Field {
        tag,
        kind: 2,
        count: data.len() as u32,
        data,
    }
}

pub fn long(tag: u16, value: u32) -> Field {
    Field {
        tag,
        kind: 4,
        count: 1,
        data: value.to_le_bytes().to_vec(),
    }
}

pub fn rationals(tag: u16, values: &[(u32, u32)]) -> Field {
    let data = values
        .iter()
        .flat_map(|(n, d)| n.to_le_bytes().into_iter().chain(d.to_le_bytes()))
        .collect();
    Field {
        tag,
        kind: 5,
        count: values.len() as u32,
        data,
    }
}

/// A TIFF block with IFD0 = `ifd0`, optional Exif and GPS directories and an optional IFD1.
pub fn tiff(
    ifd0: Vec<Field>,
    exif: Option<Vec<Field>>,
    gps: Option<Vec<Field>>,
    ifd1: Option<Vec<Field>>,
) -> Vec<u8> {
    let mut out = b"II*\0\x08\0\0\0".to_vec();
    let mut ifd0 = ifd0;
    // Pointers are patched once the directories' places are known.
    let exif_slot = exif.as_ref().map(|_| {
        ifd0.push(long(0x8769, 0));
        ifd0.len() - 1
    });
    let gps_slot = gps.as_ref().map(|_| {
        ifd0.push(long(0x8825, 0));
        ifd0.len() - 1
    });
    ifd0.sort_by_key(|field| field.tag);
    let ifd0_at = write_directory(&mut out, &ifd0);
    let patch = |out: &mut Vec<u8>, tag: u16, value: u32| {
        let count = u16::from_le_bytes([out[ifd0_at], out[ifd0_at + 1]]) as usize;
        for index in 0..count {
            let entry = ifd0_at + 2 + 12 * index;
            if u16::from_le_bytes([out[entry], out[entry + 1]]) == tag {
                out[entry + 8..entry + 12].copy_from_slice(&value.to_le_bytes());
            }
        }
    };
    if let (Some(fields), Some(_)) = (exif, exif_slot) {
        let at = write_directory(&mut out, &fields);
        patch(&mut out, 0x8769, at as u32);
    }
    if let (Some(fields), Some(_)) = (gps, gps_slot) {
        let at = write_directory(&mut out, &fields);
        patch(&mut out, 0x8825, at as u32);
    }
    if let Some(fields) = ifd1 {
        let at = write_directory(&mut out, &fields);
        let next = ifd0_at + 2 + 12 * ifd0.len();
        out[next..next + 4].copy_from_slice(&(at as u32).to_le_bytes());
    }
    out
}

/// Appends a directory (and its out-of-line values) and returns its offset.
fn write_directory(out: &mut Vec<u8>, fields: &[Field]) -> usize {
    if out.len() % 2 == 1 {
        out.push(0);
    }
    let at = out.len();
    let values_at = at + 2 + 12 * fields.len() + 4;
    let mut values = Vec::new();
    out.extend_from_slice(&(fields.len() as u16).to_le_bytes());
    for field in fields {
        out.extend_from_slice(&field.tag.to_le_bytes());
        out.extend_from_slice(&field.kind.to_le_bytes());
        out.extend_from_slice(&field.count.to_le_bytes());
        if field.data.len() <= 4 {
            let mut inline = field.data.clone();
            inline.resize(4, 0);
            out.extend_from_slice(&inline);
        } else {
            let offset = (values_at + values.len()) as u32;
            out.extend_from_slice(&offset.to_le_bytes());
            values.extend_from_slice(&field.data);
            if values.len() % 2 == 1 {
                values.push(0);
            }
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&values);
    at
}
