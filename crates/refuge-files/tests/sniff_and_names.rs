//! What files really are (polyglots and renamed files included), and the names shown for them.

mod common;

use common::*;
use refuge_files::{CleanError, FileKind, Removed, SNIFF_BYTES, clean, display_name, sniff};

#[test]
fn the_files_we_make_are_recognised() {
    assert_eq!(sniff(&jpeg(&[jfif()])), FileKind::Jpeg);
    assert_eq!(
        sniff(include_bytes!("fixtures/exiftool-phone.jpg")),
        FileKind::Jpeg
    );
    assert_eq!(
        sniff(&png(&[ihdr(1, 1), idat(), chunk(b"IEND", b"")])),
        FileKind::Png
    );
    assert_eq!(sniff(TINY_WEBP), FileKind::Webp);
    assert_eq!(sniff(&pdf_classic()), FileKind::Pdf);
    assert_eq!(sniff(&pdf_modern()), FileKind::Pdf);
}

#[test]
fn html_renamed_to_jpg_is_html() {
    // The name and the declared type say JPEG; the bytes say HTML, and the bytes win.
    let file = b"<!DOCTYPE html>\n<html><body><script>fetch('//x')</script></body></html>";
    assert_eq!(display_name("holiday.jpg"), "holiday.jpg");
    assert_eq!(sniff(file), FileKind::Html);
    assert!(!sniff(file).cleanable());
    assert!(matches!(
        clean(sniff(file), file),
        Err(CleanError::Unsupported)
    ));
    // And cleaning it as the JPEG it claims to be fails instead of passing it through.
    assert!(matches!(
        clean(FileKind::Jpeg, file),
        Err(CleanError::Malformed(_))
    ));
}

#[test]
fn svg_with_script_is_svg_and_not_cleanable() {
    let file = br#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>"#;
    assert_eq!(sniff(file), FileKind::Svg);
    assert!(matches!(
        clean(FileKind::Svg, file),
        Err(CleanError::Unsupported)
    ));
}

#[test]
fn gif_javascript_polyglot_is_a_gif_and_not_cleanable() {
    let file = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(document.domain);//;";
    assert_eq!(sniff(file), FileKind::Gif);
    assert!(!FileKind::Gif.cleanable());
    assert!(matches!(
        clean(FileKind::Gif, file),
        Err(CleanError::Unsupported)
    ));
}

#[test]
fn pdf_html_polyglot_is_a_pdf_and_cleaning_drops_the_html() {
    let mut file = pdf_classic();
    let header_end = file.iter().position(|&b| b == b'\n').unwrap() + 1;
    let html = b"%<html><body><script>alert(1)</script></body></html>\n";
    file.splice(header_end..header_end, html.iter().copied());
    assert_eq!(sniff(&file), FileKind::Pdf);
    let cleaned = clean(FileKind::Pdf, &file).expect("cleaned");
    assert!(!contains(&cleaned.bytes, b"<script"));
    assert_eq!(reload(&cleaned.bytes).get_pages().len(), 1);
}

#[test]
fn html_before_a_pdf_is_html() {
    let mut file = b"<html><script>alert(1)</script>\n".to_vec();
    file.extend(pdf_classic());
    assert_eq!(sniff(&file), FileKind::Html);
}

#[test]
fn jpeg_zip_polyglot_is_a_jpeg_whose_cleaned_copy_has_no_zip() {
    let mut file = jpeg(&[jfif()]);
    file.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x08\x00payload.js");
    assert_eq!(sniff(&file), FileKind::Jpeg);
    let cleaned = clean(FileKind::Jpeg, &file).expect("cleaned");
    assert_eq!(cleaned.bytes, jpeg(&[jfif()]));
    assert_eq!(cleaned.removed, [Removed::OtherMetadata]);
}

#[test]
fn archives_are_recognised_and_never_opened() {
    // A zip bomb's local header: a small entry claiming to inflate to 4 GiB.
    let mut bomb = b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00".to_vec();
    bomb.extend_from_slice(&[
        0, 0, 0, 0, 0x10, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, b'a',
    ]);
    assert_eq!(sniff(&bomb), FileKind::Zip);
    assert!(matches!(
        clean(FileKind::Zip, &bomb),
        Err(CleanError::Unsupported)
    ));

    let gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\xc1\x01\x0d\x00\x00\x00\xc2";
    assert_eq!(sniff(gzip), FileKind::Gzip);
    assert!(matches!(
        clean(FileKind::Gzip, gzip),
        Err(CleanError::Unsupported)
    ));

    // An office document is a ZIP too.
    let docx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml";
    assert_eq!(sniff(docx), FileKind::Zip);
}

#[test]
fn only_the_head_is_needed() {
    let mut long = pdf_classic();
    long.resize(SNIFF_BYTES * 4, b' ');
    assert_eq!(sniff(&long), FileKind::Pdf);
    assert_eq!(sniff(&long[..SNIFF_BYTES]), FileKind::Pdf);
    assert_eq!(sniff(&[]), FileKind::Other);
}

#[test]
fn display_names() {
    let cases = [
        ("../../etc/passwd", "passwd"),
        ("C:\\x\\y.jpg", "y.jpg"),
        ("photo\u{202E}gpj.exe", "photogpj.exe"),
        ("evil\0name.pdf", "evilname.pdf"),
        ("...", "file"),
        (".", "file"),
        ("", "file"),
        ("  ", "file"),
        ("证据 截图.png", "证据 截图.png"),
        ("བོད་ཡིག.pdf", "བོད་ཡིག.pdf"),
    ];
    for (raw, shown) in cases {
        assert_eq!(display_name(raw), shown, "{raw:?}");
    }
    let uyghur = format!("{}.jpg", "ئۇيغۇر تىلى ".repeat(42)); // about 500 characters
    assert!(uyghur.chars().count() >= 500);
    let shown = display_name(&uyghur);
    assert_eq!(shown.chars().count(), 120);
    assert!(shown.ends_with(".jpg"));
    assert!(shown.starts_with("ئۇيغۇر تىلى"));
    assert!(!shown.contains("  "));
}
