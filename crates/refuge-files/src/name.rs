//! File names as reporters' browsers send them: untrusted text to show and to offer back in a
//! `Content-Disposition` header.

use crate::FileKind;

/// The most characters [`display_name`] returns.
const MAX_CHARS: usize = 120;

/// An extension at most this long (dot included) survives shortening.
const MAX_KEPT_EXTENSION_CHARS: usize = 16;

/// A file name safe to show and to put in a `Content-Disposition` header.
///
/// Keeps only the last path component (after `/` or `\`), removes Unicode control and format
/// characters (bidirectional overrides and isolates, zero-width characters, NUL...), removes
/// leading dots, collapses white space, replaces `"` with `'`, and keeps at most 120 characters,
/// cutting on a character boundary and keeping a short extension. Returns `"file"` when nothing is
/// left. Every script (Uyghur, Chinese, Tibetan...) is kept as is.
pub fn display_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();

    // SECURITY: format characters such as U+202E (right-to-left override) make "photo<U+202E>gpj.exe"
    // display as "photoexe.jpg"; controls could split a header. Removing them shows the real name.
    let mut collapsed = String::new();
    let mut pending_space = false;
    for c in last.chars() {
        // White space first: a tab or line break between words becomes one space.
        if c.is_whitespace() {
            pending_space = !collapsed.is_empty();
            continue;
        }
        if c.is_control() || is_format(c) {
            continue;
        }
        if pending_space {
            collapsed.push(' ');
            pending_space = false;
        }
        // A double quote would end a quoted-string `filename="..."` parameter.
        collapsed.push(if c == '"' { '\'' } else { c });
    }
    let name = collapsed.trim_start_matches(['.', ' ']);
    let name = shorten(name);
    if name.is_empty() {
        "file".to_owned()
    } else {
        name
    }
}

/// Cuts `name` to [`MAX_CHARS`] characters, keeping a short extension.
fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_CHARS {
        return name.to_owned();
    }
    let extension = name
        .rfind('.')
        .and_then(|dot| name.get(dot..))
        .filter(|ext| {
            let chars = ext.chars().count();
            chars > 1 && chars <= MAX_KEPT_EXTENSION_CHARS && !ext.contains(' ')
        })
        .unwrap_or_default();
    let stem_chars = MAX_CHARS - extension.chars().count();
    let stem: String = name.chars().take(stem_chars).collect();
    let mut short = stem.trim_end().to_owned();
    short.push_str(extension);
    short
}

/// Unicode general category Cf (format), plus the line and paragraph separators. Written out
/// because the standard library has no category tables; the list is from Unicode 15.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// The name a file is saved under on a caseworker's computer: its shown name, with an extension
/// that follows what its bytes are, never what the sender called it (security review M5).
///
/// SECURITY: a double click opens a file by its extension. `invoice.pdf.html` opened by name
/// runs in a browser with scripts on; saved as `invoice.pdf.html.txt` it opens as text. Kinds a
/// program would run or render (HTML, SVG) become text; archives and office documents, which can
/// carry macros, stay archives (`.zip`); anything unrecognised is `.bin`. A name that already
/// ends as its kind should is kept as it is.
pub fn download_name(name: &str, kind: FileKind) -> String {
    let (expected, added): (&[&str], &str) = match kind {
        FileKind::Jpeg => (&["jpg", "jpeg"], "jpg"),
        FileKind::Png => (&["png"], "png"),
        FileKind::Webp => (&["webp"], "webp"),
        FileKind::Pdf => (&["pdf"], "pdf"),
        FileKind::Gif => (&["gif"], "gif"),
        FileKind::Heif => (&["heic", "heif", "avif"], "heic"),
        FileKind::Tiff => (&["tif", "tiff"], "tiff"),
        FileKind::Mp3 => (&["mp3"], "mp3"),
        FileKind::Mp4 => (&["mp4", "m4a", "mov", "3gp"], "mp4"),
        FileKind::Ogg => (&["ogg", "oga", "opus"], "ogg"),
        FileKind::Wav => (&["wav"], "wav"),
        FileKind::Flac => (&["flac"], "flac"),
        FileKind::Webm => (&["webm", "mkv"], "webm"),
        FileKind::Zip => (&["zip"], "zip"),
        FileKind::Gzip => (&["gz"], "gz"),
        FileKind::Text => (&["txt"], "txt"),
        FileKind::Svg | FileKind::Html => (&[], "txt"),
        FileKind::Other => (&[], "bin"),
    };
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase());
    match extension {
        Some(extension) if expected.contains(&extension.as_str()) => name.to_owned(),
        _ => format!("{name}.{added}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_name_follows_what_the_file_is() {
        for (name, kind, saved) in [
            ("invoice.pdf.html", FileKind::Html, "invoice.pdf.html.txt"),
            ("picture.svg", FileKind::Svg, "picture.svg.txt"),
            ("report.docm", FileKind::Zip, "report.docm.zip"),
            ("letter.docx", FileKind::Zip, "letter.docx.zip"),
            ("photogpj.exe", FileKind::Other, "photogpj.exe.bin"),
            ("run.bat", FileKind::Text, "run.bat.txt"),
            ("holiday.png", FileKind::Jpeg, "holiday.png.jpg"),
            ("IMG_2041.JPG", FileKind::Jpeg, "IMG_2041.JPG"),
            ("scan.pdf", FileKind::Pdf, "scan.pdf"),
            ("notes", FileKind::Text, "notes.txt"),
            ("voice.m4a", FileKind::Mp4, "voice.m4a"),
        ] {
            assert_eq!(download_name(name, kind), saved, "{name}");
        }
    }

    #[test]
    fn path_components_are_dropped() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\x\\y.jpg"), "y.jpg");
        assert_eq!(display_name("a/b\\c/d.pdf"), "d.pdf");
        assert_eq!(display_name("dir/"), "file");
    }

    #[test]
    fn bidi_and_control_characters_are_removed() {
        assert_eq!(display_name("photo\u{202E}gpj.exe"), "photogpj.exe");
        assert_eq!(
            display_name("a\u{2066}b\u{2069}c\u{200E}\u{200F}\u{061C}"),
            "abc"
        );
        assert_eq!(display_name("nul\0byte.png"), "nulbyte.png");
        assert_eq!(display_name("line\r\nbreak.txt"), "line break.txt");
        assert_eq!(display_name("zero\u{200B}width\u{FEFF}"), "zerowidth");
    }

    #[test]
    fn dots_spaces_and_quotes() {
        assert_eq!(display_name("..."), "file");
        assert_eq!(display_name(".."), "file");
        assert_eq!(display_name(" .hidden  file .txt "), "hidden file .txt");
        assert_eq!(display_name("a\t\t b"), "a b");
        assert_eq!(display_name("say \"hi\".txt"), "say 'hi'.txt");
        assert_eq!(display_name(""), "file");
        assert_eq!(display_name("\u{202E}"), "file");
    }

    #[test]
    fn every_script_is_kept() {
        for name in ["ئۇيغۇرچە.jpg", "证据截图.png", "བོད་ཡིག.pdf", "Ölçü.txt"]
        {
            assert_eq!(display_name(name), name);
        }
    }

    #[test]
    fn long_names_keep_their_extension() {
        let uyghur = "ئۇيغۇر".repeat(84) + ".jpeg"; // 504 + 5 characters
        let short = display_name(&uyghur);
        assert_eq!(short.chars().count(), MAX_CHARS);
        assert!(short.ends_with(".jpeg"));
        assert!(short.starts_with("ئۇيغۇر"));

        let no_extension = "字".repeat(500);
        assert_eq!(display_name(&no_extension), "字".repeat(MAX_CHARS));

        let long_extension = format!("a.{}", "b".repeat(300));
        assert_eq!(display_name(&long_extension).chars().count(), MAX_CHARS);
    }
}
