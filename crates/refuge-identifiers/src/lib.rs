//! Perpetrator identifiers as reporters and caseworkers write them, reduced to matching keys
//! (issue 11, first part): the same number, address or account written differently gives the
//! same key; different ones give different keys. Pure functions, no IO: the keys are what a
//! keyed blind index will take (later), never stored in clear.
//!
//! Each function returns every key an identifier stands for (a phone number written without
//! its country code is tried in each region given, and each valid reading is a key), or none
//! when the text cannot be one. Keys carry their kind (`phone:`, `email:`, `handle:…:`,
//! `plate:`), so a number and a handle never meet.

use refuge_domain::search::{is_invisible, native_digit};
use refuge_domain::taxonomy::IdentifierKind;
use unicode_normalization::UnicodeNormalization;

/// Longest identifier text looked at: anything longer is not one (and costs nothing).
pub const MAX_CHARS: usize = 256;

/// NFKC (full-width forms become ASCII) with invisible format characters removed: what was
/// typed, as it reads.
fn visible_nfkc(text: &str) -> String {
    text.nfkc().filter(|c| !is_invisible(*c)).collect()
}

/// Keys of a phone number. `regions` are ISO codes to read a number without its country code
/// in (the host country and the origin state, say); a number with `+` or `00` needs none.
/// Full-width and Arabic-Indic digits, spaces, dashes, dots and brackets are read.
pub fn phone_keys(typed: &str, regions: &[&str]) -> Vec<String> {
    if typed.chars().count() > MAX_CHARS {
        return Vec::new();
    }
    let mut text: String = visible_nfkc(typed)
        .chars()
        .map(|c| native_digit(c).unwrap_or(c))
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    // `00` is how most of the world dials out; `+` after the first place is noise.
    if let Some(rest) = text.strip_prefix("00") {
        text = format!("+{rest}");
    }
    // North America dials out with 011: read so when the number is read there.
    let north_american = regions.iter().any(|r| matches!(*r, "US" | "CA"));
    if north_american && let Some(rest) = text.strip_prefix("011") {
        text = format!("+{rest}");
    }
    let international = text.starts_with('+');
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if !(6..=17).contains(&digits.len()) {
        return Vec::new();
    }
    let mut keys = Vec::new();
    let mut add = |number: phonenumber::PhoneNumber| {
        if phonenumber::is_valid(&number) {
            let key = format!("phone:{}", number.format().mode(phonenumber::Mode::E164));
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    };
    if international {
        if let Ok(number) = phonenumber::parse(None, format!("+{digits}")) {
            add(number);
        }
    } else {
        for region in regions {
            let Ok(id) = region.parse::<phonenumber::country::Id>() else {
                continue;
            };
            if let Ok(number) = phonenumber::parse(Some(id), &digits) {
                add(number);
            }
        }
    }
    keys
}

/// Providers whose addresses ignore dots in the local part and anything after `+`.
const DOTLESS_PROVIDERS: &[&str] = &["gmail.com", "googlemail.com"];

/// The key of an e-mail address: compatibility forms folded, case ignored; for providers that
/// document it, dots and `+tags` in the local part dropped.
pub fn email_keys(typed: &str) -> Vec<String> {
    if typed.chars().count() > MAX_CHARS {
        return Vec::new();
    }
    let text = visible_nfkc(typed.trim()).to_lowercase();
    let text = text.strip_prefix("mailto:").unwrap_or(&text).trim();
    let Some((local, domain)) = text.rsplit_once('@') else {
        return Vec::new();
    };
    let domain = domain.trim_end_matches('.');
    if local.is_empty()
        || !domain.contains('.')
        || text.chars().any(char::is_whitespace)
        || domain.starts_with('.')
    {
        return Vec::new();
    }
    let (local, domain) = if DOTLESS_PROVIDERS.contains(&domain) {
        let local = local.split('+').next().unwrap_or(local).replace('.', "");
        (local, "gmail.com")
    } else {
        (local.to_owned(), domain)
    };
    if local.is_empty() {
        return Vec::new();
    }
    vec![format!("email:{local}@{domain}")]
}

/// Profile addresses reduced to the handle: (host, path prefix, the platform it is on).
const PROFILE_URLS: &[(&str, &str, &str)] = &[
    ("t.me", "", "telegram"),
    ("telegram.me", "", "telegram"),
    ("x.com", "", "x"),
    ("twitter.com", "", "x"),
    ("instagram.com", "", "instagram"),
    ("facebook.com", "", "facebook"),
    ("tiktok.com", "@", "tiktok"),
    ("douyin.com", "user/", "douyin"),
    ("weibo.com", "u/", "weibo"),
    ("weibo.com", "n/", "weibo"),
    ("weibo.com", "", "weibo"),
];

/// The platform and handle of a profile address (`https://t.me/name`, `weibo.com/u/123`), if
/// it is one: the address says which platform, whatever the field said.
fn handle_in_url(text: &str) -> Option<(&'static str, String)> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(text);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.strip_prefix("m.").unwrap_or(rest);
    PROFILE_URLS.iter().find_map(|(host, prefix, platform)| {
        let path = rest.strip_prefix(host)?.strip_prefix('/')?;
        let handle = path.strip_prefix(prefix)?;
        let handle = handle.split(['/', '?', '#']).next()?;
        (!handle.is_empty()).then(|| (*platform, handle.to_owned()))
    })
}

/// The key of an account handle on `platform` (a kind code such as `telegram`): a profile
/// address reduced to its handle (on the platform the address names), a leading `@` dropped,
/// compatibility forms and case folded, and letters of other scripts that imitate Latin ones
/// (Cyrillic `с`, Greek `ο`) read as the letters they imitate (the UTS #39 skeleton). Latin
/// letters and digits are kept as they are: `po1ice` and `police` are two accounts.
pub fn handle_keys(platform: &str, typed: &str) -> Vec<String> {
    if typed.chars().count() > MAX_CHARS {
        return Vec::new();
    }
    let text = visible_nfkc(typed.trim()).to_lowercase();
    let (platform, handle) = match handle_in_url(&text) {
        Some((named, handle)) => (named, handle),
        None => (platform, text),
    };
    let handle = handle.trim_start_matches('@').trim();
    if handle.is_empty() || handle.chars().any(char::is_whitespace) {
        return Vec::new();
    }
    let folded: String = handle
        .chars()
        .flat_map(|c| {
            if c.is_ascii() {
                vec![c]
            } else {
                unicode_security::skeleton(&c.to_string())
                    .flat_map(char::to_lowercase)
                    .collect()
            }
        })
        .collect();
    vec![format!("handle:{platform}:{folded}")]
}

/// The key of a vehicle plate: compatibility forms folded, case ignored, spaces, dots and
/// dashes dropped.
pub fn plate_keys(typed: &str) -> Vec<String> {
    if typed.chars().count() > MAX_CHARS {
        return Vec::new();
    }
    let plate: String = visible_nfkc(typed)
        .to_uppercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '·' | '_'))
        .collect();
    if plate.is_empty() {
        return Vec::new();
    }
    vec![format!("plate:{plate}")]
}

/// How a name key was reached: as written, or through a transliteration (which caseworkers
/// are shown as such, never as an exact match).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    Exact,
    Transliterated,
}

/// Most readings one name gives (surnames with several readings multiply).
const MAX_NAME_READINGS: usize = 16;

/// Latin letters without their marks, lower-case: `Abdurëhim` and `abdurehim` read alike.
fn fold_latin(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Every plain-pinyin reading of `text` (Han characters, Traditional or Simplified; anything
/// else kept as it is, Latin-folded), at most [`MAX_NAME_READINGS`].
fn pinyin_readings(text: &str) -> Vec<String> {
    use pinyin::ToPinyinMulti;
    let mut readings = vec![String::new()];
    for c in text.chars() {
        let options: Vec<String> = match c.to_pinyin_multi() {
            Some(multi) => {
                let mut all: Vec<String> =
                    multi.into_iter().map(|p| p.plain().to_owned()).collect();
                all.dedup();
                all
            }
            None => vec![fold_latin(&c.to_string())],
        };
        let mut next = Vec::new();
        for reading in &readings {
            for option in &options {
                if next.len() < MAX_NAME_READINGS {
                    next.push(format!("{reading}{option}"));
                }
            }
        }
        readings = next;
    }
    readings.sort();
    readings.dedup();
    readings
}

/// Cyrillic (Russian, Kazakh, Kyrgyz, Uyghur Cyrillic) as the Latin letters such names are
/// usually written with: the letters of the Turkic alphabets first (`ә` as `a`, `ң` as `ng`…;
/// `deunicode` alone writes `ә` as `@`), then `deunicode` for the rest, marks folded.
fn cyrillic_to_latin(text: &str) -> String {
    let mut turkic = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ә' => turkic.push('a'),
            'ө' => turkic.push('o'),
            'ү' | 'ұ' => turkic.push('u'),
            'і' => turkic.push('i'),
            'ң' => turkic.push_str("ng"),
            'ғ' => turkic.push('g'),
            'қ' => turkic.push('k'),
            'һ' => turkic.push('h'),
            other => turkic.push(other),
        }
    }
    fold_latin(&deunicode::deunicode(&turkic))
}

/// Keys of a name used: NFKC, case, spacing and punctuation ignored ([`NameMatch::Exact`]);
/// and, through transliteration, Han characters as toneless pinyin (every reading), Uyghur in
/// Arabic script as its Latin form (ULY), Cyrillic as Latin (Kazakh and Kyrgyz letters
/// included), Latin with its marks folded ([`NameMatch::Transliterated`]) — so 张伟, 張偉 and
/// Zhang Wei meet, ئابدۇرېھىم meets Abdurehim, and Жанар meets Zhanar. Tibetan script has no
/// maintained transliteration to the phonetic spellings people use (Tenzin, not bstan 'dzin):
/// it matches as written.
pub fn name_keys(typed: &str) -> Vec<(String, NameMatch)> {
    if typed.chars().count() > MAX_CHARS {
        return Vec::new();
    }
    // Turkish and Azerbaijani capital I lower-cases to dotless ı: one letter for matching.
    let text = visible_nfkc(typed).to_lowercase().replace('ı', "i");
    let exact: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    if exact.is_empty() {
        return Vec::new();
    }
    let mut keys = vec![(format!("name:{exact}"), NameMatch::Exact)];
    let arabic = exact
        .chars()
        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let cyrillic = exact
        .chars()
        .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    let latin_forms: Vec<String> = if arabic {
        umsc::convert(&exact, umsc::Script::Uas, umsc::Script::Uls)
            .map(|latin| vec![fold_latin(&latin)])
            .unwrap_or_default()
    } else if cyrillic {
        vec![cyrillic_to_latin(&exact)]
    } else {
        pinyin_readings(&exact)
    };
    for form in latin_forms {
        let key = format!("name~:{form}");
        if !form.is_empty() && !keys.iter().any(|(k, _)| *k == key) {
            keys.push((key, NameMatch::Transliterated));
        }
    }
    keys
}

/// One key an identifier stands for, and whether it is the identifier as written (`exact`) or
/// reached through a transliteration.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MatchKey {
    pub key: String,
    pub exact: bool,
}

impl MatchKey {
    fn exact(key: String) -> Self {
        MatchKey { key, exact: true }
    }
}

/// Text with no rule of its own: compatibility forms, case, spacing and punctuation ignored.
fn plain_fold(text: &str) -> String {
    visible_nfkc(text)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The key of a web address that names no known profile: scheme, `www.`, case of the host,
/// a trailing `/` and the fragment ignored; the path and query kept as written.
pub fn url_keys(typed: &str) -> Vec<String> {
    if typed.chars().count() > MAX_CHARS {
        return Vec::new();
    }
    let text = visible_nfkc(typed.trim());
    if text.chars().any(char::is_whitespace) {
        return Vec::new();
    }
    let lower = text.to_lowercase();
    let start = ["https://", "http://"]
        .iter()
        .find(|scheme| lower.starts_with(*scheme))
        .map_or(0, |scheme| scheme.len());
    let rest = &text[start..];
    let rest = rest.split('#').next().unwrap_or(rest);
    let (host, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let host = host.to_lowercase();
    let host = host
        .strip_prefix("www.")
        .unwrap_or(&host)
        .trim_end_matches('.');
    if host.is_empty() || !host.contains('.') {
        return Vec::new();
    }
    let path = path.trim_end_matches('/');
    vec![format!("url:{host}{path}")]
}

/// Every key an identifier of `kind` stands for. `regions` are where a phone number written
/// without its country code may be from (the report's host country and origin state).
///
/// Phone-based accounts (WhatsApp, Signal) share the phone's keys, so a number reported as a
/// WhatsApp contact meets the same number reported as a phone. A value that its kind's rules
/// cannot read (a phone number too short to be one, say) still matches the same text of the
/// same kind, folded.
pub fn keys_for(kind: IdentifierKind, typed: &str, regions: &[&str]) -> Vec<MatchKey> {
    use IdentifierKind as K;
    let exact = |keys: Vec<String>| keys.into_iter().map(MatchKey::exact).collect::<Vec<_>>();
    let mut keys = match kind {
        K::Phone => exact(phone_keys(typed, regions)),
        K::WhatsApp | K::Signal => {
            let phones = phone_keys(typed, regions);
            if phones.is_empty() {
                exact(handle_keys(kind.code(), typed))
            } else {
                exact(phones)
            }
        }
        K::Email => exact(email_keys(typed)),
        K::WeChat
        | K::Qq
        | K::Telegram
        | K::X
        | K::Weibo
        | K::Facebook
        | K::Instagram
        | K::TikTok
        | K::Douyin
        | K::MessengerOrSocial => exact(handle_keys(kind.code(), typed)),
        K::Url => {
            let text = visible_nfkc(typed.trim()).to_lowercase();
            if handle_in_url(&text).is_some() {
                exact(handle_keys(kind.code(), typed))
            } else {
                exact(url_keys(typed))
            }
        }
        K::NameUsed => name_keys(typed)
            .into_iter()
            .map(|(key, how)| MatchKey {
                key,
                exact: how == NameMatch::Exact,
            })
            .collect(),
        K::VehiclePlate => exact(plate_keys(typed)),
        K::Place | K::Payment | K::Other => Vec::new(),
    };
    if keys.is_empty() && typed.chars().count() <= MAX_CHARS {
        let folded = plain_fold(typed);
        if !folded.is_empty() {
            keys.push(MatchKey::exact(format!("text:{}:{folded}", kind.code())));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_number_written_many_ways_gives_one_key() {
        let key = vec!["phone:+8613800138000".to_owned()];
        for written in [
            "+86 138 0013 8000",
            "0086-138-0013-8000",
            "+86 (138) 0013.8000",
            "＋８６ １３８ ００１３ ８０００",
            "+٨٦ ١٣٨ ٠٠١٣ ٨٠٠٠",
            "\u{2066}+86 138 0013 8000\u{2069}",
        ] {
            assert_eq!(phone_keys(written, &[]), key, "{written}");
        }
        // Without a country code, read in the regions given.
        assert_eq!(phone_keys("138 0013 8000", &["CA", "CN"]), key);
        assert_eq!(
            phone_keys("(416) 555-0199", &["CA"]),
            vec!["phone:+14165550199".to_owned()]
        );
    }

    #[test]
    fn a_local_number_valid_in_two_regions_keeps_both_keys() {
        // 020 7946 0958 is London in GB; in CN 020 is Guangzhou's area code.
        let keys = phone_keys("020 7946 0958", &["GB", "CN"]);
        assert!(keys.contains(&"phone:+442079460958".to_owned()), "{keys:?}");
        assert!(keys.iter().all(|k| k.starts_with("phone:+")));
    }

    #[test]
    fn what_cannot_be_a_number_gives_no_key() {
        assert!(phone_keys("not a number", &["CN"]).is_empty());
        assert!(phone_keys("12345", &["CN"]).is_empty());
        assert!(
            phone_keys("138 0013 8000", &[]).is_empty(),
            "no region, no country code"
        );
        assert!(phone_keys(&"1".repeat(400), &["CN"]).is_empty());
    }

    #[test]
    fn gmail_ignores_dots_and_tags_and_others_keep_them() {
        let key = vec!["email:johnsmith@gmail.com".to_owned()];
        for written in [
            "John.Smith@gmail.com",
            " johnsmith+police@GMAIL.COM ",
            "j.o.h.n.s.m.i.t.h@googlemail.com",
            "ｊｏｈｎｓｍｉｔｈ＠ｇｍａｉｌ．ｃｏｍ",
            "mailto:johnsmith@gmail.com",
        ] {
            assert_eq!(email_keys(written), key, "{written}");
        }
        assert_eq!(
            email_keys("John.Smith@example.org"),
            vec!["email:john.smith@example.org".to_owned()]
        );
        assert_ne!(
            email_keys("john.smith@example.org"),
            email_keys("johnsmith@example.org")
        );
        assert!(email_keys("no at sign").is_empty());
        assert!(email_keys("a@localhost").is_empty());
    }

    #[test]
    fn handles_match_through_urls_at_signs_width_and_confusables() {
        let key = handle_keys("telegram", "police_officer");
        for written in [
            "@police_officer",
            "https://t.me/police_officer",
            "t.me/Police_Officer?start=1",
            "＠ＰＯＬＩＣＥ＿ＯＦＦＩＣＥＲ",
            "@pοlice_officer", // Greek omicron
            "@poliсe_officer", // Cyrillic es
        ] {
            assert_eq!(handle_keys("telegram", written), key, "{written}");
        }
        // The same handle on another platform is another account, also given as an address.
        assert_ne!(handle_keys("x", "police_officer"), key);
        assert_ne!(handle_keys("telegram", "https://x.com/police_officer"), key);
        assert_eq!(
            handle_keys("telegram", "https://x.com/police_officer"),
            handle_keys("x", "@police_officer")
        );
        // Latin look-alikes are different accounts.
        assert_ne!(handle_keys("telegram", "po1ice_officer"), key);
        assert_ne!(handle_keys("telegram", "police_offlcer"), key);
        assert_ne!(handle_keys("telegram", "police_officer2"), key);
        assert_eq!(
            handle_keys("weibo", "https://weibo.com/u/1234567890"),
            handle_keys("weibo", "1234567890")
        );
        assert_eq!(
            handle_keys("tiktok", "https://www.tiktok.com/@someone/video/1"),
            handle_keys("tiktok", "@someone")
        );
        assert!(handle_keys("x", "  ").is_empty());
    }

    /// How two names meet, if they do: exactly only when both keys were reached as written.
    fn shares_a_key(a: &str, b: &str) -> Option<NameMatch> {
        let left = name_keys(a);
        name_keys(b).into_iter().find_map(|(key, how)| {
            let (_, other) = left.iter().find(|(k, _)| *k == key)?;
            Some(if how == NameMatch::Exact && *other == NameMatch::Exact {
                NameMatch::Exact
            } else {
                NameMatch::Transliterated
            })
        })
    }

    #[test]
    fn names_meet_across_spacing_scripts_and_readings() {
        assert_eq!(
            shares_a_key("Zhang Wei", "ZHANG-WEI"),
            Some(NameMatch::Exact)
        );
        assert_eq!(shares_a_key("张伟", "张 伟"), Some(NameMatch::Exact));
        // Traditional and Simplified, and pinyin: through transliteration, said so.
        assert_eq!(
            shares_a_key("張偉", "张伟"),
            Some(NameMatch::Transliterated)
        );
        assert_eq!(
            shares_a_key("张伟", "Zhang Wei"),
            Some(NameMatch::Transliterated)
        );
        // A surname's own reading: 单 is shan as a surname, dan otherwise; both are kept.
        assert_eq!(
            shares_a_key("单伟", "Shan Wei"),
            Some(NameMatch::Transliterated)
        );
        assert_eq!(
            shares_a_key("曾伟", "Zeng Wei"),
            Some(NameMatch::Transliterated)
        );
        // Uyghur in Arabic script and its Latin form, marks folded.
        assert_eq!(
            shares_a_key("ئابدۇرېھىم", "Abdurëhim"),
            Some(NameMatch::Transliterated)
        );
        assert_eq!(
            shares_a_key("ئابدۇرېھىم", "Abdurehim"),
            Some(NameMatch::Transliterated)
        );
        // Cyrillic, Kazakh letters included.
        assert_eq!(
            shares_a_key("Жанар Тохтарова", "Zhanar Tokhtarova"),
            Some(NameMatch::Transliterated)
        );
        assert_eq!(
            shares_a_key("Мәдина", "Madina"),
            Some(NameMatch::Transliterated)
        );
        assert_eq!(
            shares_a_key("Айгүл", "Aigul"),
            Some(NameMatch::Transliterated)
        );
        assert_eq!(shares_a_key("Нурлан", "Нурлыбек"), None);
        // Different people stay apart.
        assert_eq!(shares_a_key("张伟", "张维维"), None);
        assert_eq!(shares_a_key("Abdurehim", "Abdukerim"), None);
        assert!(name_keys(" - ").is_empty());
    }

    #[test]
    fn plates_ignore_spacing_and_case() {
        assert_eq!(plate_keys("京A·12345"), plate_keys("京a 12345"));
        assert_eq!(plate_keys("ab-123-cd"), vec!["plate:AB123CD".to_owned()]);
        assert_ne!(plate_keys("AB123CD"), plate_keys("AB123CE"));
    }

    #[test]
    fn every_kind_gives_keys_and_phone_accounts_meet_phones() {
        use IdentifierKind as K;
        let keys = |kind, text| keys_for(kind, text, &["CA", "CN"]);
        assert_eq!(
            keys(K::WhatsApp, "+86 138 0013 8000"),
            keys(K::Phone, "13800138000")
        );
        assert_eq!(
            keys(K::Signal, "@Ghost.01")[0].key,
            "handle:signal:ghost.01"
        );
        assert_eq!(
            keys(K::Url, "https://t.me/Someone"),
            keys(K::Telegram, "@someone")
        );
        assert_eq!(
            keys(K::Url, "HTTPS://www.Example.org/a/b/#x"),
            keys(K::Url, "example.org/a/b")
        );
        assert_ne!(keys(K::Url, "example.org/a"), keys(K::Url, "example.org/b"));
        assert_eq!(
            keys(K::Place, "Hôtel Lumière, Paris"),
            keys(K::Place, "hôtel lumière paris")
        );
        assert_eq!(
            keys(K::Payment, "CN12 3456-789"),
            keys(K::Payment, "cn123456789")
        );
        // A text its kind's rules cannot read still meets itself, and only within its kind.
        assert_eq!(
            keys(K::Phone, "12-34"),
            vec![MatchKey::exact("text:phone:1234".into())]
        );
        assert_ne!(keys(K::Other, "1234"), keys(K::Phone, "1234"));
        assert!(keys(K::Other, " -- ").is_empty());
        // Names say which of their keys are exact.
        let name = keys(K::NameUsed, "张伟");
        assert!(name.iter().any(|k| k.exact) && name.iter().any(|k| !k.exact));
        // Every kind has a rule.
        for kind in IdentifierKind::ALL {
            assert!(!keys(*kind, "abc123").is_empty(), "{kind:?}");
        }
    }
}
