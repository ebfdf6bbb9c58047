//! Referral within consent: the partner organisations a case may be sent to, what a referral
//! carries, and which consent each kind of partner needs.

use serde::{Deserialize, Serialize};

use crate::report::Consent;

crate::taxonomy::code_enum!(
    /// What a partner organisation is: the kind decides which consent a referral needs, and is
    /// what a reporter is told.
    PartnerKind {
        Police = "police",
        LegalAid = "legal_aid",
        DigitalSecurity = "digital_security",
        Research = "research",
        Support = "support",
        Other = "other",
    }
);

impl PartnerKind {
    /// Whether the reporter's consent covers sending their case to a partner of this kind:
    /// the police need `refer_to_police`; every other kind `refer_to_partners`.
    pub fn allowed_by(self, consent: &Consent) -> bool {
        match self {
            PartnerKind::Police => consent.refer_to_police,
            _ => consent.refer_to_partners,
        }
    }
}

/// A partner organisation as registered by an administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub id: crate::PartnerId,
    pub name: String,
    pub kind: PartnerKind,
    /// Its age public key (`age1…`): bundles are encrypted to it.
    pub recipient: String,
    pub added: crate::Day,
}

pub const PARTNER_NAME_MAX_CHARS: usize = 80;

/// Why a partner could not be registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PartnerRuleError {
    #[error("a partner's name is 1–80 characters on one line")]
    NameInvalid,
    #[error("a partner with this name exists already")]
    NameTaken,
    #[error(
        "this is an age secret key: it must never leave the partner; ask them for the public key (age1…)"
    )]
    SecretKeyPasted,
    #[error("a partner's key is an age public key: one line beginning age1")]
    RecipientInvalid,
}

impl PartnerRuleError {
    pub fn code(self) -> &'static str {
        match self {
            PartnerRuleError::NameInvalid => "partner_name_invalid",
            PartnerRuleError::NameTaken => "partner_name_taken",
            PartnerRuleError::SecretKeyPasted => "partner_key_is_secret",
            PartnerRuleError::RecipientInvalid => "partner_key_invalid",
        }
    }
}

/// A partner's name, trimmed, or why not.
pub fn check_partner_name(name: &str) -> Result<String, PartnerRuleError> {
    let name = name.trim();
    let count = name.chars().count();
    if count == 0
        || count > PARTNER_NAME_MAX_CHARS
        || name
            .chars()
            .any(|c| c.is_control() || crate::report::is_bidi_control(c))
    {
        return Err(PartnerRuleError::NameInvalid);
    }
    Ok(name.to_owned())
}

/// Which files a referral carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilesChoice {
    /// The working copies without identifying metadata (the originals where none could be made).
    Clean,
    /// The originals exactly as received.
    Original,
    #[default]
    None,
}

impl FilesChoice {
    pub fn code(self) -> &'static str {
        match self {
            FilesChoice::Clean => "clean",
            FilesChoice::Original => "original",
            FilesChoice::None => "none",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [FilesChoice::Clean, FilesChoice::Original, FilesChoice::None]
            .into_iter()
            .find(|c| c.code() == code)
    }
}

/// What a caseworker chose to send. The clear facts of the case (when, where, which tactics)
/// always go; the reporter's contact details never do (the partner reaches the reporter
/// through the organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReferralInclude {
    pub narrative: bool,
    pub identifiers: bool,
    pub files: FilesChoice,
    pub messages: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn police_need_their_own_consent() {
        let partners_only = Consent {
            refer_to_police: false,
            refer_to_partners: true,
            research_statistics: false,
        };
        assert!(!PartnerKind::Police.allowed_by(&partners_only));
        for kind in PartnerKind::ALL
            .iter()
            .filter(|k| **k != PartnerKind::Police)
        {
            assert!(kind.allowed_by(&partners_only), "{kind:?}");
            assert!(!kind.allowed_by(&Consent::default()), "{kind:?}");
        }
        let police_only = Consent {
            refer_to_police: true,
            ..Consent::default()
        };
        assert!(PartnerKind::Police.allowed_by(&police_only));
        assert!(!PartnerKind::LegalAid.allowed_by(&police_only));
    }

    #[test]
    fn names_are_one_short_line() {
        assert_eq!(
            check_partner_name("  Legal Aid Clinic ").as_deref(),
            Ok("Legal Aid Clinic")
        );
        assert!(check_partner_name("").is_err());
        assert!(check_partner_name("a\nb").is_err());
        assert!(check_partner_name("\u{202E}evil").is_err());
        assert!(check_partner_name(&"x".repeat(81)).is_err());
    }
}
