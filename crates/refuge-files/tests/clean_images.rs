//! JPEG, PNG and WebP cleaning, end to end: what goes, what stays, what is reported, and that the
//! result still parses.

mod common;

use common::*;
use refuge_files::{CleanError, FileKind, Removed, clean};

const ALL_EXCEPT_NOTHING: [Removed; 8] = [
    Removed::Location,
    Removed::CameraDetails,
    Removed::Dates,
    Removed::Author,
    Removed::Software,
    Removed::Comments,
    Removed::Thumbnail,
    Removed::OtherMetadata,
];

const SECRETS: [&[u8]; 6] = [
    b"Phonemaker",
    b"SERIAL-0042",
    b"Secret Author",
    b"Camera 4.2",
    b"Beijing",
    b"near the embassy",
];

fn assert_no_secrets(bytes: &[u8]) {
    for secret in SECRETS {
        assert!(
            !contains(bytes, secret),
            "{} survived",
            String::from_utf8_lossy(secret)
        );
    }
}

/// Cleaning every prefix of `file` (and a few corrupted copies) returns, whatever it returns.
fn survives_damage(kind: FileKind, file: &[u8]) {
    for len in 0..file.len() {
        let _ = clean(kind, &file[..len]);
    }
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..200 {
        let mut damaged = file.to_vec();
        for _ in 0..4 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let at = (state as usize) % damaged.len();
            damaged[at] = (state >> 32) as u8;
        }
        let _ = clean(kind, &damaged);
    }
}

// ---------------------------------------------------------------- JPEG

fn icc_segment() -> Vec<u8> {
    segment(0xE2, b"ICC_PROFILE\0\x01\x01fake-profile")
}

fn adobe_segment() -> Vec<u8> {
    segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01")
}

#[test]
fn jpeg_loses_every_metadata_segment_and_keeps_the_image() {
    let input = jpeg(&[
        jfif(),
        exif_segment(&phone_exif()),
        xmp_segment(XMP_PACKET),
        icc_segment(),
        segment(0xE2, b"MPF\0II*\0\x08\0\0\0"),
        segment(
            0xED,
            b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x0b\x1c\x02\x5a\0\x07Beijing",
        ),
        adobe_segment(),
        segment(0xFE, b"near the embassy"),
    ]);
    let cleaned = clean(FileKind::Jpeg, &input).expect("cleaned");
    assert_eq!(cleaned.removed, ALL_EXCEPT_NOTHING);
    assert_eq!(
        jpeg_markers(&cleaned.bytes),
        [0xE0, 0xE2, 0xEE, 0xDB, 0xC0, 0xC4, 0xC4, 0xDA]
    );
    assert!(contains(&cleaned.bytes, b"ICC_PROFILE"));
    assert!(contains(&cleaned.bytes, b"Adobe"));
    assert!(cleaned.bytes.ends_with(&jpeg_image()));
    assert_no_secrets(&cleaned.bytes);
}

#[test]
fn jpeg_without_metadata_is_returned_unchanged() {
    let input = jpeg(&[jfif(), icc_segment()]);
    let cleaned = clean(FileKind::Jpeg, &input).expect("cleaned");
    assert_eq!(cleaned.bytes, input);
    assert!(cleaned.removed.is_empty());
}

#[test]
fn jfif_thumbnail_and_jfxx_are_removed() {
    let mut app0 = b"JFIF\0\x01\x02\x00\x00\x01\x00\x01\x01\x01".to_vec();
    app0.extend_from_slice(&[0xAA, 0xBB, 0xCC]);
    let input = jpeg(&[segment(0xE0, &app0), segment(0xE0, b"JFXX\0\x10thumbnail")]);
    let cleaned = clean(FileKind::Jpeg, &input).expect("cleaned");
    assert_eq!(cleaned.removed, [Removed::Thumbnail]);
    let expected = jpeg(&[segment(0xE0, b"JFIF\0\x01\x02\x00\x00\x01\x00\x01\x00\x00")]);
    assert_eq!(cleaned.bytes, expected);
}

#[test]
fn img_parts_alone_keeps_data_after_the_image_but_clean_drops_it() {
    let mut input = jpeg(&[jfif(), exif_segment(&phone_exif())]);
    let zip = b"PK\x03\x04\x14\0\0\0\0\0secret.txtPK\x05\x06";
    input.extend_from_slice(zip);

    // What img-parts does by itself: the first scan's data runs to the end of the file.
    let parsed =
        img_parts::jpeg::Jpeg::from_bytes(img_parts::Bytes::copy_from_slice(&input)).unwrap();
    assert!(contains(&parsed.encoder().bytes(), b"PK\x03\x04"));

    let cleaned = clean(FileKind::Jpeg, &input).expect("cleaned");
    assert!(!contains(&cleaned.bytes, b"PK\x03\x04"));
    assert!(!contains(&cleaned.bytes, b"secret.txt"));
    assert!(cleaned.bytes.ends_with(&[0xFF, 0xD9]));
    assert!(cleaned.removed.contains(&Removed::OtherMetadata));
    assert_no_secrets(&cleaned.bytes);
}

#[test]
fn a_second_image_after_the_first_is_dropped() {
    // MPF files put the preview images, each with its own EXIF, after the main image.
    let mut input = jpeg(&[jfif(), segment(0xE2, b"MPF\0MM\0*\0\0\0\x08")]);
    input.extend(jpeg(&[exif_segment(&phone_exif())]));
    let cleaned = clean(FileKind::Jpeg, &input).expect("cleaned");
    assert_eq!(cleaned.bytes, jpeg(&[jfif()]));
    assert_eq!(
        cleaned.removed,
        [Removed::Thumbnail, Removed::OtherMetadata]
    );
}

#[test]
fn segments_between_scans_are_cleaned_too() {
    // A progressive-style layout: after the first scan, a comment, EXIF, a table and a second scan.
    let mut input = vec![0xFF, 0xD8];
    input.extend(jfif());
    let image = jpeg_image();
    let eoi = image.len() - 2;
    input.extend_from_slice(&image[..eoi]);
    input.extend(segment(0xFE, b"near the embassy"));
    input.extend(exif_segment(&phone_exif()));
    let table = segment(
        0xC4,
        &[0x01, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    input.extend_from_slice(&table);
    let scan = segment(0xDA, &[1, 1, 0x00, 0, 63, 0]);
    input.extend_from_slice(&scan);
    // Entropy-coded data with a stuffed 0xFF and a restart marker, which are not segments.
    let data = [0x3F, 0xFF, 0x00, 0x12, 0xFF, 0xD0, 0x3F];
    input.extend_from_slice(&data);
    input.extend_from_slice(&[0xFF, 0xD9]);

    let cleaned = clean(FileKind::Jpeg, &input).expect("cleaned");
    let mut expected = vec![0xFF, 0xD8];
    expected.extend(jfif());
    expected.extend_from_slice(&image[..eoi]);
    expected.extend(table);
    expected.extend(scan);
    expected.extend_from_slice(&data);
    expected.extend_from_slice(&[0xFF, 0xD9]);
    assert_eq!(cleaned.bytes, expected);
    assert!(cleaned.removed.contains(&Removed::Comments));
    assert!(cleaned.removed.contains(&Removed::Location));
}

#[test]
fn a_truncated_jpeg_is_ended_properly() {
    let input = jpeg(&[jfif(), exif_segment(&phone_exif())]);
    let cut = &input[..input.len() - 2];
    let cleaned = clean(FileKind::Jpeg, cut).expect("cleaned");
    assert_eq!(cleaned.bytes, jpeg(&[jfif()]));
}

#[test]
fn a_photo_tagged_by_exiftool_is_cleaned() {
    let input = include_bytes!("fixtures/exiftool-phone.jpg");
    for secret in SECRETS {
        assert!(contains(input, secret), "the fixture holds {secret:?}");
    }
    let cleaned = clean(FileKind::Jpeg, input).expect("cleaned");
    assert_eq!(cleaned.removed, ALL_EXCEPT_NOTHING);
    assert_no_secrets(&cleaned.bytes);
    assert_eq!(jpeg_markers(&cleaned.bytes)[0], 0xE0);
}

#[test]
fn malformed_jpegs_are_errors_not_panics() {
    assert!(matches!(
        clean(FileKind::Jpeg, b"\xFF\xD8\xFF"),
        Err(CleanError::Malformed(_))
    ));
    assert!(matches!(
        clean(FileKind::Jpeg, b"not a jpeg at all"),
        Err(CleanError::Malformed(_))
    ));
    // A segment length below 2 after the first scan.
    let mut bad = jpeg(&[jfif()]);
    let eoi = bad.len() - 2;
    bad.splice(eoi..eoi, [0xFF, 0xE1, 0x00, 0x01]);
    assert!(matches!(
        clean(FileKind::Jpeg, &bad),
        Err(CleanError::Malformed(_))
    ));
    survives_damage(
        FileKind::Jpeg,
        &jpeg(&[jfif(), exif_segment(&phone_exif()), segment(0xFE, b"x")]),
    );
}

// ---------------------------------------------------------------- PNG

fn text(keyword: &str, value: &str) -> Vec<u8> {
    chunk(b"tEXt", format!("{keyword}\0{value}").as_bytes())
}

#[test]
fn png_keeps_rendering_chunks_only() {
    let mut itxt = b"XML:com.adobe.xmp\0\0\0\0\0".to_vec();
    itxt.extend_from_slice(XMP_PACKET.as_bytes());
    let mut trailing = png(&[
        ihdr(1, 1),
        chunk(b"iCCP", b"profile\0\0\x78\x01"),
        chunk(b"pHYs", &[0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]),
        text("Author", "Secret Author Name"),
        text("Software", "Camera 4.2"),
        chunk(b"zTXt", b"Comment\0\0\x78\x9c compressed, never inflated"),
        chunk(b"iTXt", &itxt),
        chunk(b"eXIf", &phone_exif()),
        chunk(b"tIME", &[0x07, 0xE8, 5, 1, 10, 0, 0]),
        chunk(b"prVt", b"near the embassy"),
        idat(),
        chunk(b"IEND", b""),
    ]);
    trailing.extend_from_slice(b"PK\x03\x04 appended archive");

    let cleaned = clean(FileKind::Png, &trailing).expect("cleaned");
    assert_eq!(
        png_chunk_kinds(&cleaned.bytes),
        ["IHDR", "iCCP", "pHYs", "IDAT", "IEND"]
    );
    assert_eq!(cleaned.removed, ALL_EXCEPT_NOTHING);
    assert_no_secrets(&cleaned.bytes);
    assert!(!contains(&cleaned.bytes, b"PK\x03\x04"));
}

#[test]
fn png_without_metadata_is_returned_unchanged() {
    let input = png(&[
        ihdr(1, 1),
        chunk(b"gAMA", &[0, 0, 0xB1, 0x8F]),
        idat(),
        chunk(b"IEND", b""),
    ]);
    let cleaned = clean(FileKind::Png, &input).expect("cleaned");
    assert_eq!(cleaned.bytes, input);
    assert!(cleaned.removed.is_empty());
}

#[test]
fn a_huge_png_header_is_never_decoded() {
    let input = png(&[ihdr(65535, 65535), idat(), chunk(b"IEND", b"")]);
    let started = std::time::Instant::now();
    let cleaned = clean(FileKind::Png, &input).expect("cleaned");
    assert_eq!(cleaned.bytes, input);
    // Decoding 4 billion pixels would take minutes and gigabytes; walking chunks takes nothing.
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn png_structure_is_checked() {
    let unknown_critical = png(&[
        ihdr(1, 1),
        chunk(b"CgBI", b"\0\0\0\0"),
        idat(),
        chunk(b"IEND", b""),
    ]);
    assert!(matches!(
        clean(FileKind::Png, &unknown_critical),
        Err(CleanError::TooComplex(_))
    ));
    let no_end = png(&[ihdr(1, 1), idat()]);
    assert!(matches!(
        clean(FileKind::Png, &no_end),
        Err(CleanError::Malformed(_))
    ));
    let mut bad_crc = png(&[ihdr(1, 1), idat(), chunk(b"IEND", b"")]);
    bad_crc[29] ^= 1;
    assert!(matches!(
        clean(FileKind::Png, &bad_crc),
        Err(CleanError::Malformed(_))
    ));
    // A chunk length of 4 GiB on a tiny file.
    let mut huge_length = png(&[ihdr(1, 1)]);
    huge_length.extend_from_slice(b"\xFF\xFF\xFF\xF0IDAT");
    assert!(matches!(
        clean(FileKind::Png, &huge_length),
        Err(CleanError::Malformed(_))
    ));
    survives_damage(
        FileKind::Png,
        &png(&[
            ihdr(1, 1),
            text("Author", "x"),
            chunk(b"eXIf", &phone_exif()),
            idat(),
            chunk(b"IEND", b""),
        ]),
    );
}

// ---------------------------------------------------------------- WebP

#[test]
fn webp_loses_exif_xmp_and_unknown_chunks() {
    const ICC: u8 = 0x20;
    const EXIF: u8 = 0x08;
    const XMP: u8 = 0x04;
    let mut exif_with_signature = b"Exif\0\0".to_vec();
    exif_with_signature.extend(phone_exif());
    for exif in [phone_exif(), exif_with_signature] {
        let mut input = webp(
            ICC | EXIF | XMP,
            &[
                riff_chunk(b"ICCP", b"fake-profile"),
                riff_chunk(b"VP8L", &tiny_vp8l()),
                riff_chunk(b"EXIF", &exif),
                riff_chunk(b"XMP ", XMP_PACKET.as_bytes()),
                riff_chunk(b"ABCD", b"near the embassy"),
            ],
        );
        input.extend_from_slice(b"trailing bytes past the RIFF size");
        let cleaned = clean(FileKind::Webp, &input).expect("cleaned");
        assert_eq!(webp_chunk_ids(&cleaned.bytes), ["VP8X", "ICCP", "VP8L"]);
        let mut expected = ALL_EXCEPT_NOTHING.to_vec();
        expected.retain(|removed| *removed != Removed::Comments);
        assert_eq!(cleaned.removed, expected);
        assert_no_secrets(&cleaned.bytes);
        let bytes = &cleaned.bytes;
        let vp8x_flags = bytes[20];
        assert_eq!(vp8x_flags, ICC, "EXIF and XMP flags are cleared");
        let riff_size = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
        assert_eq!(riff_size, bytes.len() - 8);
    }
}

#[test]
fn a_simple_webp_is_returned_unchanged() {
    let cleaned = clean(FileKind::Webp, TINY_WEBP).expect("cleaned");
    assert_eq!(cleaned.bytes, TINY_WEBP);
    assert!(cleaned.removed.is_empty());
}

#[test]
fn malformed_webps_are_errors_not_panics() {
    assert!(matches!(
        clean(FileKind::Webp, b"RIFF\xff\xff\xff\xffWEBPVP8L"),
        Err(CleanError::Malformed(_))
    ));
    let no_image = webp(0, &[riff_chunk(b"EXIF", &phone_exif())]);
    assert!(matches!(
        clean(FileKind::Webp, &no_image),
        Err(CleanError::Malformed(_))
    ));
    survives_damage(
        FileKind::Webp,
        &webp(
            0x0C,
            &[
                riff_chunk(b"VP8L", &tiny_vp8l()),
                riff_chunk(b"EXIF", &phone_exif()),
            ],
        ),
    );
}

#[test]
fn cleaning_a_cleaned_image_changes_nothing() {
    let files = [
        (
            FileKind::Jpeg,
            include_bytes!("fixtures/exiftool-phone.jpg").to_vec(),
        ),
        (
            FileKind::Png,
            png(&[
                ihdr(1, 1),
                text("Author", "x"),
                chunk(b"eXIf", &phone_exif()),
                idat(),
                chunk(b"IEND", b""),
            ]),
        ),
        (
            FileKind::Webp,
            webp(
                0x0C,
                &[
                    riff_chunk(b"VP8L", &tiny_vp8l()),
                    riff_chunk(b"EXIF", &phone_exif()),
                ],
            ),
        ),
    ];
    for (kind, file) in files {
        let once = clean(kind, &file).expect("cleaned once");
        assert!(!once.removed.is_empty());
        let twice = clean(kind, &once.bytes).expect("cleaned twice");
        assert_eq!(twice.bytes, once.bytes, "{kind:?}");
        assert!(twice.removed.is_empty(), "{kind:?}: {:?}", twice.removed);
    }
}
