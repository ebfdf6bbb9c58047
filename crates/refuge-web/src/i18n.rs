//! The six interface languages, their direction, and message lookup through Fluent.
//!
//! The locale comes from the first path segment (`/ug/report`) — never from a cookie or anything
//! a third party could see. Fluent's bidi isolation stays on, and user text is rendered inside
//! `dir="auto"` elements so right-to-left and left-to-right text never reorder each other.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    Fr,
    ZhHans,
    ZhHant,
    Ug,
    Bo,
}

impl Locale {
    pub const ALL: &'static [Locale] = &[
        Locale::En,
        Locale::Fr,
        Locale::ZhHans,
        Locale::ZhHant,
        Locale::Ug,
        Locale::Bo,
    ];

    /// The BCP 47 tag, used in paths, `lang` attributes and as the report's language code.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::ZhHans => "zh-Hans",
            Locale::ZhHant => "zh-Hant",
            Locale::Ug => "ug",
            Locale::Bo => "bo",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL
            .iter()
            .copied()
            .find(|locale| locale.tag() == tag)
    }

    /// The language's own name (an endonym: the same in every locale, so not in Fluent).
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::ZhHans => "简体中文",
            Locale::ZhHant => "繁體中文",
            Locale::Ug => "ئۇيغۇرچە",
            Locale::Bo => "བོད་ཡིག",
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Locale::Ug
    }

    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Locale::En => langid!("en"),
            Locale::Fr => langid!("fr"),
            Locale::ZhHans => langid!("zh-Hans"),
            Locale::ZhHant => langid!("zh-Hant"),
            Locale::Ug => langid!("ug"),
            Locale::Bo => langid!("bo"),
        }
    }

    /// The message `id` in this language (English if a translation is missing; a tidy test
    /// keeps every locale complete).
    pub fn t(self, id: &str) -> String {
        LOCALES.lookup(&self.langid(), id)
    }

    pub fn t_with(self, id: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), value.clone()))
            .collect();
        LOCALES.lookup_with_args(&self.langid(), id, &args)
    }

    /// Why a field was refused, in this language (with its limit where it has one).
    pub fn problem(self, problem: refuge_domain::report::Problem) -> String {
        let id = format!("problem-{}", problem.code());
        match (problem.limit(), problem.excess()) {
            (Some(max), Some(excess)) => self.t_with(
                &id,
                &[
                    ("max", (max as u64).into()),
                    ("excess", (excess as u64).into()),
                ],
            ),
            (Some(max), None) => self.t_with(&id, &[("max", (max as u64).into())]),
            _ => self.t(&id),
        }
    }

    /// A path within this locale: `/ug` + `/report`.
    pub fn path(self, path: &str) -> String {
        format!("/{}{}", self.tag(), path)
    }

    /// Picks the best supported locale from an `Accept-Language` header (only used when the
    /// path names none). Chinese script variants are told apart by script or region.
    pub fn negotiate(accept_language: Option<&str>) -> Locale {
        let Some(header) = accept_language else {
            return Locale::En;
        };
        let mut ranked: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|item| {
                let mut parts = item.trim().split(';');
                let tag = parts.next()?.trim();
                let quality = parts
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                Some((quality, tag))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked
            .into_iter()
            .find_map(|(_, tag)| Locale::match_tag(tag))
            .unwrap_or(Locale::En)
    }

    fn match_tag(tag: &str) -> Option<Locale> {
        let lower = tag.to_ascii_lowercase();
        let mut parts = lower.split('-');
        match parts.next()? {
            "en" => Some(Locale::En),
            "fr" => Some(Locale::Fr),
            "ug" => Some(Locale::Ug),
            "bo" => Some(Locale::Bo),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                let traditional = rest
                    .iter()
                    .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
                Some(if traditional {
                    Locale::ZhHant
                } else {
                    Locale::ZhHans
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_tells_chinese_scripts_apart() {
        assert_eq!(Locale::negotiate(Some("zh-TW,zh;q=0.8")), Locale::ZhHant);
        assert_eq!(Locale::negotiate(Some("zh-HK")), Locale::ZhHant);
        assert_eq!(Locale::negotiate(Some("zh-CN,en;q=0.5")), Locale::ZhHans);
        assert_eq!(
            Locale::negotiate(Some("de-DE,fr;q=0.7,en;q=0.3")),
            Locale::Fr
        );
        assert_eq!(Locale::negotiate(Some("ug-CN")), Locale::Ug);
        assert_eq!(Locale::negotiate(Some("garbage;;;")), Locale::En);
        assert_eq!(Locale::negotiate(None), Locale::En);
    }

    /// Every message of every locale formats: no syntax error left a message out, no variable
    /// goes unfilled (Fluent shows `{$name}` then), plural selectors pick a variant.
    #[test]
    fn every_message_formats_in_every_locale() {
        let english = concat!(
            include_str!("../locales/en/main.ftl"),
            "\n",
            include_str!("../locales/en/countries.ftl")
        );
        let ids: Vec<&str> = english
            .lines()
            .filter(|line| !line.starts_with('#') && !line.starts_with(' '))
            .filter_map(|line| line.split_once(" = ").map(|(id, _)| id.trim()))
            .collect();
        assert!(ids.len() > 300);
        let args: Vec<(&'static str, FluentValue<'static>)> = [
            "max",
            "excess",
            "minutes",
            "count",
            "groups",
            "digits",
            "lines",
            "per_file",
            "per_report",
            "kib",
            "request",
            "day",
            "username",
            "removed",
            "name",
            "first",
            "last",
            "by",
            "role",
            "version",
            "number",
            "field",
            "kind",
            "days",
            "reference",
            "grade",
            "latest",
            "page",
            "pages",
            "k",
            "from",
            "through",
            "reports",
            "month",
            "year",
            "epsilon",
            "spent",
        ]
        .into_iter()
        .map(|name| (name, FluentValue::from(5u64)))
        .collect();
        for locale in Locale::ALL {
            for id in &ids {
                let text = locale.t_with(id, &args);
                assert!(
                    !text.contains("Unknown localization key") && !text.contains("{$"),
                    "{}: {id} formats as {text:?}",
                    locale.tag()
                );
            }
        }
    }

    #[test]
    fn minutes_follow_each_languages_plural_rules() {
        let one: &[(&'static str, FluentValue<'static>)] = &[("minutes", 1u64.into())];
        let many: &[(&'static str, FluentValue<'static>)] = &[("minutes", 5u64.into())];
        let en_one = Locale::En.t_with("login-throttled", one);
        assert!(
            en_one.contains("one minute") && !en_one.contains("minutes"),
            "{en_one}"
        );
        assert!(
            Locale::En
                .t_with("login-throttled", many)
                .contains("5\u{2069} minutes")
        );
        assert!(
            !Locale::Fr
                .t_with("followup-throttled", one)
                .contains("minutes")
        );
        for locale in Locale::ALL {
            for id in ["login-throttled", "followup-throttled", "receipt-keep"] {
                assert_ne!(
                    locale.t_with(id, one),
                    locale.t_with(id, many),
                    "{}: {id}",
                    locale.tag()
                );
            }
        }
    }

    #[test]
    fn only_uyghur_is_right_to_left() {
        for locale in Locale::ALL {
            assert_eq!(locale.dir() == "rtl", *locale == Locale::Ug);
            assert_eq!(Locale::from_tag(locale.tag()), Some(*locale));
        }
    }
}
