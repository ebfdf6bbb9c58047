//! Debian's exiftool as an independent oracle: it must see the identifying metadata in the
//! original files and none of it in the cleaned copies.
//!
//! exiftool comes from the Debian package `libimage-exiftool-perl`. Without it these tests fail,
//! unless `REFUGE_SKIP_EXIFTOOL=1` is set. `REFUGE_EXIFTOOL` may name another exiftool.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;
use refuge_files::{FileKind, clean};

/// Tags that must never survive cleaning (exiftool names, without their group).
const FORBIDDEN: [&str; 10] = [
    "Make",
    "Model",
    "SerialNumber",
    "Author",
    "Creator",
    "Producer",
    "Artist",
    "ThumbnailImage",
    "DateTimeOriginal",
    "CreateDate",
];

/// exiftool on `PATH` or where Debian puts it; `REFUGE_EXIFTOOL` names another one.
fn exiftool() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("REFUGE_EXIFTOOL") {
        return Some(PathBuf::from(path)).filter(|path| path.is_file());
    }
    let candidates = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|dir| dir.join("exiftool"))
        .chain([PathBuf::from("/usr/bin/exiftool")]);
    candidates.into_iter().find(|path| path.is_file())
}

/// exiftool's path, or `None` when it is missing and the caller allowed skipping.
fn require_exiftool() -> Option<PathBuf> {
    if let Some(path) = exiftool() {
        return Some(path);
    }
    if std::env::var("REFUGE_SKIP_EXIFTOOL").as_deref() == Ok("1") {
        eprintln!("exiftool not found; skipped because REFUGE_SKIP_EXIFTOOL=1");
        return None;
    }
    panic!(
        "exiftool not found. Install it with `apt-get install -y libimage-exiftool-perl` \
         (Debian package libimage-exiftool-perl), or set REFUGE_SKIP_EXIFTOOL=1 to skip."
    );
}

/// What `exiftool -j -a -G1` reports for `bytes`: tag name (without group) → values.
fn read_tags(exiftool: &Path, bytes: &[u8], extension: &str) -> BTreeMap<String, Vec<String>> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "refuge-oracle-{}-{}.{extension}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, bytes).expect("write the file for exiftool");
    let output = Command::new(exiftool)
        .args(["-j", "-a", "-G1"])
        .arg(&path)
        .output()
        .expect("run exiftool");
    let _ = std::fs::remove_file(&path);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "exiftool output is not JSON ({error}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let mut tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in json[0].as_object().expect("one file").iter() {
        let name = key.rsplit(':').next().unwrap_or(key).to_owned();
        tags.entry(name)
            .or_default()
            .push(format!("{key} = {value}"));
    }
    tags
}

/// The original shows each of `expected`; the cleaned copy shows no GPS tag and nothing
/// [`FORBIDDEN`], and exiftool finds no error in it.
fn check(kind: FileKind, extension: &str, original: &[u8], expected: &[&str]) {
    let Some(exiftool) = require_exiftool() else {
        return;
    };
    let before = read_tags(&exiftool, original, extension);
    for tag in expected {
        assert!(
            before.contains_key(*tag),
            "the original should show {tag}: {before:#?}"
        );
    }
    let cleaned = clean(kind, original).expect("cleaned");
    let after = read_tags(&exiftool, &cleaned.bytes, extension);
    let leaked: Vec<&String> = after
        .iter()
        .filter(|(name, _)| name.starts_with("GPS") || FORBIDDEN.contains(&name.as_str()))
        .flat_map(|(_, values)| values)
        .collect();
    assert!(leaked.is_empty(), "exiftool still sees {leaked:#?}");
    for problem in ["Error", "Warning"] {
        assert!(
            !after.contains_key(problem),
            "exiftool: {:?}",
            after.get(problem)
        );
    }
}

#[test]
fn jpeg_with_gps_and_camera_serial() {
    let original = jpeg(&[jfif(), exif_segment(&phone_exif()), xmp_segment(XMP_PACKET)]);
    check(
        FileKind::Jpeg,
        "jpg",
        &original,
        &[
            "GPSLatitude",
            "GPSLongitude",
            "SerialNumber",
            "Make",
            "Model",
            "Creator",
        ],
    );
}

#[test]
fn pdf_with_author() {
    check(
        FileKind::Pdf,
        "pdf",
        &pdf_classic(),
        &["Author", "Creator", "Producer", "CreateDate"],
    );
}

#[test]
fn pdf_with_object_streams() {
    check(
        FileKind::Pdf,
        "pdf",
        &pdf_modern(),
        &["Author", "Creator", "Producer"],
    );
}

#[test]
fn jpeg_tagged_by_exiftool_itself() {
    check(
        FileKind::Jpeg,
        "jpg",
        include_bytes!("fixtures/exiftool-phone.jpg"),
        &[
            "GPSLatitude",
            "SerialNumber",
            "Artist",
            "City",
            "Creator",
            "Comment",
            "ThumbnailImage",
        ],
    );
}

#[test]
fn png_with_text_and_exif() {
    let original = png(&[
        ihdr(1, 1),
        chunk(b"tEXt", b"Author\0Secret Author Name"),
        chunk(b"eXIf", &phone_exif()),
        idat(),
        chunk(b"IEND", b""),
    ]);
    check(
        FileKind::Png,
        "png",
        &original,
        &["Author", "GPSLatitude", "SerialNumber"],
    );
}

#[test]
fn webp_with_exif_and_xmp() {
    let original = webp(
        0x0C,
        &[
            riff_chunk(b"VP8L", &tiny_vp8l()),
            riff_chunk(b"EXIF", &phone_exif()),
            riff_chunk(b"XMP ", XMP_PACKET.as_bytes()),
        ],
    );
    check(
        FileKind::Webp,
        "webp",
        &original,
        &["GPSLatitude", "Make", "Creator"],
    );
}
