//! The default taxonomy of the product brief as stable codes. Codes are the contract (API, database,
//! statistics); their names in each language live in the Fluent files of `refuge-web`.

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = String::deserialize(deserializer)?;
                $name::from_code(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown code {code:?}")))
            }
        }
    };
}

pub(crate) use code_enum;

code_enum!(
    /// The languages a report may be written in: the six locales of the interface.
    Language {
        English = "en",
        French = "fr",
        SimplifiedChinese = "zh-Hans",
        TraditionalChinese = "zh-Hant",
        Uyghur = "ug",
        Tibetan = "bo",
    }
);

code_enum!(
    /// A tactic of transnational repression. A report may carry several.
    Tactic {
        Assault = "assault",
        Abduction = "abduction",
        PhysicalSurveillance = "physical_surveillance",
        IntimidationVisit = "intimidation_visit",
        InterpolExtradition = "interpol_extradition",
        DocumentRefused = "document_refused",
        ConsularDenied = "consular_denied",
        AssetFreezing = "asset_freezing",
        RelativesThreatened = "relatives_threatened",
        DemandToReturn = "demand_to_return",
        ThreatOnline = "threat_online",
        HackingPhishing = "hacking_phishing",
        Spyware = "spyware",
        Doxxing = "doxxing",
        Impersonation = "impersonation",
        SmearCampaign = "smear_campaign",
        InformantDemand = "informant_demand",
        AssociationPressure = "association_pressure",
        EventMonitoring = "event_monitoring",
    }
);

code_enum!(
    /// The groups the tactics are shown in.
    TacticGroup {
        DirectPhysical = "direct_physical",
        LegalAdministrative = "legal_administrative",
        CoercionByProxy = "coercion_by_proxy",
        Digital = "digital",
        Community = "community",
    }
);

impl Tactic {
    pub fn group(self) -> TacticGroup {
        use Tactic::*;
        match self {
            Assault | Abduction | PhysicalSurveillance | IntimidationVisit => {
                TacticGroup::DirectPhysical
            }
            InterpolExtradition | DocumentRefused | ConsularDenied | AssetFreezing => {
                TacticGroup::LegalAdministrative
            }
            RelativesThreatened | DemandToReturn => TacticGroup::CoercionByProxy,
            ThreatOnline | HackingPhishing | Spyware | Doxxing | Impersonation | SmearCampaign => {
                TacticGroup::Digital
            }
            InformantDemand | AssociationPressure | EventMonitoring => TacticGroup::Community,
        }
    }
}

impl TacticGroup {
    pub fn tactics(self) -> impl Iterator<Item = Tactic> {
        Tactic::ALL
            .iter()
            .copied()
            .filter(move |tactic| tactic.group() == self)
    }
}

code_enum!(
    /// Who was targeted.
    Target {
        SelfTargeted = "self",
        RelativeAbroad = "relative_abroad",
        RelativeInOriginState = "relative_in_origin_state",
    }
);

code_enum!(
    /// The community a reporter may say they belong to (optional).
    Community {
        Uyghur = "uyghur",
        Tibetan = "tibetan",
        HongKong = "hong_kong",
        SouthernMongolian = "southern_mongolian",
        ChineseDissident = "chinese_dissident",
        FalunGong = "falun_gong",
        Taiwanese = "taiwanese",
        Other = "other",
    }
);

code_enum!(
    /// What a perpetrator identifier is.
    IdentifierKind {
        Phone = "phone",
        Email = "email",
        WeChat = "wechat",
        Qq = "qq",
        Telegram = "telegram",
        WhatsApp = "whatsapp",
        Signal = "signal",
        X = "x",
        Weibo = "weibo",
        Facebook = "facebook",
        Instagram = "instagram",
        TikTok = "tiktok",
        Douyin = "douyin",
        Url = "url",
        NameUsed = "name_used",
        VehiclePlate = "vehicle_plate",
        Place = "place",
        Payment = "payment",
        MessengerOrSocial = "messenger_or_social",
        Other = "other",
    }
);

impl IdentifierKind {
    /// The kinds a form offers, in its order: every kind but `messenger_or_social`, which is
    /// kept only so that reports written before the platforms were listed still read.
    pub fn offered() -> impl Iterator<Item = IdentifierKind> {
        Self::ALL
            .iter()
            .copied()
            .filter(|kind| *kind != IdentifierKind::MessengerOrSocial)
    }
}

/// Countries offered as host countries (ISO 3166-1 alpha-2). Kept in clear for routing and
/// statistics, so the list is closed: free text here could identify someone.
/// The last entry, [`OTHER_COUNTRY`], stands for any country not listed.
pub const HOST_COUNTRIES: &[&str] = &[
    "AU",
    "AT",
    "BE",
    "CA",
    "CZ",
    "DK",
    "FI",
    "FR",
    "DE",
    "IN",
    "IE",
    "IT",
    "JP",
    "KZ",
    "KG",
    "MY",
    "NP",
    "NL",
    "NZ",
    "NO",
    "PL",
    "KR",
    "ES",
    "SE",
    "CH",
    "TW",
    "TH",
    "TR",
    "AE",
    "GB",
    "US",
    "UZ",
    OTHER_COUNTRY,
];

/// "Another country": ISO 3166's user-assigned code for an unspecified region. Offered last, so
/// someone whose country is missing from the list is not pushed to pick a wrong one (or none).
pub const OTHER_COUNTRY: &str = "ZZ";

/// Origin states that can be chosen when the operator enables them; China is the default.
pub const KNOWN_ORIGIN_STATES: &[&str] = &[
    "CN", "RU", "IR", "TR", "SA", "EG", "RW", "ER", "VN", "TJ", "BY",
];

/// First-level subdivisions (ISO 3166-2 suffix, name in its usual form) for the host countries
/// where a region is both coarse and useful for routing. Names are proper nouns and are not
/// translated.
pub const HOST_REGIONS: &[(&str, &[(&str, &str)])] = &[
    (
        "CA",
        &[
            ("AB", "Alberta"),
            ("BC", "British Columbia"),
            ("MB", "Manitoba"),
            ("NB", "New Brunswick"),
            ("NL", "Newfoundland and Labrador"),
            ("NS", "Nova Scotia"),
            ("NT", "Northwest Territories"),
            ("NU", "Nunavut"),
            ("ON", "Ontario"),
            ("PE", "Prince Edward Island"),
            ("QC", "Québec"),
            ("SK", "Saskatchewan"),
            ("YT", "Yukon"),
        ],
    ),
    (
        "US",
        &[
            ("AL", "Alabama"),
            ("AK", "Alaska"),
            ("AZ", "Arizona"),
            ("AR", "Arkansas"),
            ("CA", "California"),
            ("CO", "Colorado"),
            ("CT", "Connecticut"),
            ("DE", "Delaware"),
            ("DC", "District of Columbia"),
            ("FL", "Florida"),
            ("GA", "Georgia"),
            ("HI", "Hawaii"),
            ("ID", "Idaho"),
            ("IL", "Illinois"),
            ("IN", "Indiana"),
            ("IA", "Iowa"),
            ("KS", "Kansas"),
            ("KY", "Kentucky"),
            ("LA", "Louisiana"),
            ("ME", "Maine"),
            ("MD", "Maryland"),
            ("MA", "Massachusetts"),
            ("MI", "Michigan"),
            ("MN", "Minnesota"),
            ("MS", "Mississippi"),
            ("MO", "Missouri"),
            ("MT", "Montana"),
            ("NE", "Nebraska"),
            ("NV", "Nevada"),
            ("NH", "New Hampshire"),
            ("NJ", "New Jersey"),
            ("NM", "New Mexico"),
            ("NY", "New York"),
            ("NC", "North Carolina"),
            ("ND", "North Dakota"),
            ("OH", "Ohio"),
            ("OK", "Oklahoma"),
            ("OR", "Oregon"),
            ("PA", "Pennsylvania"),
            ("RI", "Rhode Island"),
            ("SC", "South Carolina"),
            ("SD", "South Dakota"),
            ("TN", "Tennessee"),
            ("TX", "Texas"),
            ("UT", "Utah"),
            ("VT", "Vermont"),
            ("VA", "Virginia"),
            ("WA", "Washington"),
            ("WV", "West Virginia"),
            ("WI", "Wisconsin"),
            ("WY", "Wyoming"),
        ],
    ),
    (
        "AU",
        &[
            ("ACT", "Australian Capital Territory"),
            ("NSW", "New South Wales"),
            ("NT", "Northern Territory"),
            ("QLD", "Queensland"),
            ("SA", "South Australia"),
            ("TAS", "Tasmania"),
            ("VIC", "Victoria"),
            ("WA", "Western Australia"),
        ],
    ),
    (
        "GB",
        &[
            ("ENG", "England"),
            ("NIR", "Northern Ireland"),
            ("SCT", "Scotland"),
            ("WLS", "Wales"),
        ],
    ),
];

pub fn regions_of(country: &str) -> &'static [(&'static str, &'static str)] {
    HOST_REGIONS
        .iter()
        .find(|(code, _)| *code == country)
        .map(|(_, regions)| *regions)
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tactic_belongs_to_exactly_one_shown_group() {
        let shown: usize = TacticGroup::ALL
            .iter()
            .map(|group| group.tactics().count())
            .sum();
        assert_eq!(shown, Tactic::ALL.len());
    }

    #[test]
    fn codes_round_trip() {
        for tactic in Tactic::ALL {
            assert_eq!(Tactic::from_code(tactic.code()), Some(*tactic));
        }
        assert_eq!(
            IdentifierKind::from_code("phone"),
            Some(IdentifierKind::Phone)
        );
        assert_eq!(
            Community::from_code("Uyghur"),
            None,
            "codes are case sensitive"
        );
    }

    #[test]
    fn region_lists_are_unique_per_country() {
        for (country, regions) in HOST_REGIONS {
            assert!(HOST_COUNTRIES.contains(country));
            let mut codes: Vec<_> = regions.iter().map(|(code, _)| code).collect();
            codes.sort();
            codes.dedup();
            assert_eq!(codes.len(), regions.len(), "{country}");
        }
    }
}
