//! Identifier normalisation (issue 11): never panics on any text, and every key it gives has
//! its kind's shape (a phone key is `phone:+` and digits).
#![no_main]

use libfuzzer_sys::fuzz_target;
use refuge_domain::taxonomy::IdentifierKind;
use refuge_identifiers::{
    email_keys, handle_keys, keys_for, name_keys, phone_keys, plate_keys, url_keys,
};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for key in phone_keys(&text, &["CN", "CA", "FR", "TR", "HK", "TW", "US"]) {
        let digits = key.strip_prefix("phone:+").expect("phone key shape");
        assert!(!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()), "{key}");
    }
    for key in email_keys(&text) {
        assert!(key.starts_with("email:") && key.contains('@'), "{key}");
    }
    // A profile address names its own platform (facebook.com/… typed as a Telegram handle).
    for key in handle_keys("telegram", &text) {
        assert!(key.starts_with("handle:") && key.matches(':').count() >= 2, "{key}");
    }
    let names = name_keys(&text);
    assert!(names.len() <= 17, "bounded readings");
    for (key, _) in names {
        assert!(key.starts_with("name:") || key.starts_with("name~:"), "{key}");
    }
    for key in plate_keys(&text) {
        assert!(key.starts_with("plate:") && key.len() > "plate:".len(), "{key}");
    }
    for key in url_keys(&text) {
        assert!(key.starts_with("url:") && key.contains('.'), "{key}");
    }
    // Every kind: keys are bounded, not empty, and carry a known prefix; only names have keys
    // reached through transliteration.
    for kind in IdentifierKind::ALL {
        let keys = keys_for(*kind, &text, &["CN", "CA"]);
        assert!(keys.len() <= 17, "{kind:?}: {}", keys.len());
        for key in keys {
            let prefix = key.key.split(':').next().unwrap_or_default();
            assert!(
                ["phone", "email", "handle", "url", "name", "name~", "plate", "text"].contains(&prefix),
                "{kind:?}: {}",
                key.key
            );
            assert!(key.key.len() > prefix.len() + 1, "{kind:?}: {}", key.key);
            assert!(key.exact || *kind == IdentifierKind::NameUsed, "{kind:?}: {}", key.key);
        }
    }
});
