//! Evidence files: sniffing, cleaning and display names must never panic, hang or blow up on
//! any bytes (the first byte picks the kind to clean as, so every cleaner is reached).
#![no_main]

use libfuzzer_sys::fuzz_target;
use refuge_files::FileKind;

fuzz_target!(|data: &[u8]| {
    let Some((selector, body)) = data.split_first() else {
        return;
    };
    let _ = refuge_files::sniff(body);
    let kind = match selector % 4 {
        0 => FileKind::Jpeg,
        1 => FileKind::Png,
        2 => FileKind::Webp,
        _ => FileKind::Pdf,
    };
    if let Ok(cleaned) = refuge_files::clean(kind, body) {
        // Whatever comes out must itself be cleanable again (no metadata left to report).
        let _ = refuge_files::clean(kind, &cleaned.bytes);
    }
    if let Ok(text) = std::str::from_utf8(body) {
        let name = refuge_files::display_name(text);
        assert!(!name.is_empty() && !name.contains('/') && !name.contains('\u{202E}'));
    }
});
