//! Server-rendered pages. Each page is a function from its data to markup; all text comes from
//! the locale, all user text is escaped by maud and isolated with `dir="auto"`.

pub mod admin;
pub mod audit;
pub mod correlation;
pub mod followup;
pub mod inbox;
pub mod layout;
pub mod referral;
pub mod registry;
pub mod registry_staff;
pub mod reporter;
pub mod staff;
pub mod statistics;
pub mod teams;
pub mod two_factor;
pub mod world_map;

use maud::{Markup, html};

use crate::i18n::Locale;

/// The short name of a character that reorders how text is displayed (embeddings, overrides,
/// isolates), or `None` for any other character.
fn bidi_control_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "LRE",
        '\u{202B}' => "RLE",
        '\u{202C}' => "PDF",
        '\u{202D}' => "LRO",
        '\u{202E}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        _ => return None,
    })
}

/// A reporter's free text as caseworkers see it: every direction control shown as a visible,
/// inert label such as `⟨RLO⟩` (security review L7).
///
/// SECURITY: an override can make a phone number or a link read differently from what it is
/// (Trojan Source). Reporters may paste such characters with right-to-left text, so intake keeps
/// them in free text; staff pages never let them act. `dir="auto"` on the block stays, so the
/// text still runs in its own direction.
pub fn reporter_text(locale: Locale, text: &str) -> Markup {
    if !text.chars().any(|c| bidi_control_name(c).is_some()) {
        return html! { (text) };
    }
    let title = locale.t("bidi-control-shown");
    let mut pieces: Vec<(bool, String)> = Vec::new();
    let mut plain = String::new();
    for c in text.chars() {
        match bidi_control_name(c) {
            Some(name) => {
                if !plain.is_empty() {
                    pieces.push((false, std::mem::take(&mut plain)));
                }
                pieces.push((true, format!("\u{27E8}{name}\u{27E9}")));
            }
            None => plain.push(c),
        }
    }
    if !plain.is_empty() {
        pieces.push((false, plain));
    }
    html! {
        @for (control, piece) in &pieces {
            @if *control { span.bidi-control dir="ltr" title=(title) { (piece) } } @else { (piece) }
        }
    }
}

/// Where a page of a conversation sits, and links to the pages around it (security review M6:
/// a long conversation is read a page at a time). Nothing when everything is shown.
pub fn message_pager(
    locale: Locale,
    shown: &refuge_app::sealed::MessagesShown,
    path: &str,
) -> Markup {
    if !shown.has_earlier() && !shown.has_later() {
        return html! {};
    }
    let link = |page: u32| locale.path(&format!("{path}?page={page}#messages"));
    html! {
        nav.pager aria-label=(locale.t("followup-messages")) {
            span.shown { (locale.t_with("messages-showing", &[
                ("first", u64::from(shown.first).into()),
                ("last", u64::from(shown.last).into()),
                ("count", u64::from(shown.total).into()),
            ])) }
            @if shown.has_earlier() {
                " · " a.earlier href=(link(shown.page + 1)) rel="next" { (locale.t("messages-earlier")) }
            }
            @if shown.has_later() {
                " · " a.later href=(link(shown.page.saturating_sub(1).max(1))) rel="prev" { (locale.t("messages-later")) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_controls_are_shown_not_obeyed() {
        let shown = reporter_text(Locale::En, "call +1 555\u{202E}0100\u{202C} now").into_string();
        assert!(!shown.contains('\u{202E}') && !shown.contains('\u{202C}'));
        assert!(shown.contains("\u{27E8}RLO\u{27E9}</span>0100"));
        assert!(shown.contains("\u{27E8}PDF\u{27E9}"));
        assert_eq!(
            reporter_text(Locale::Ug, "ھەممىسى <b>").into_string(),
            "ھەممىسى &lt;b&gt;",
            "text without controls is only escaped"
        );
    }
}
