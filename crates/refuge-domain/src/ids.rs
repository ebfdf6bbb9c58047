//! Random 16-byte identifiers. They are never sequential: sequential ids would leak the volume and
//! the order of reports to anyone who sees one.

use std::fmt;
use std::str::FromStr;

macro_rules! random_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name([u8; 16]);

        impl $name {
            /// Wraps bytes drawn by the caller from the OS CSPRNG (see `refuge-crypto`).
            pub const fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(bytes)
            }

            pub fn as_bytes(&self) -> &[u8; 16] {
                &self.0
            }

            pub fn from_slice(bytes: &[u8]) -> Option<Self> {
                <[u8; 16]>::try_from(bytes).ok().map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                for byte in self.0 {
                    write!(f, "{byte:02x}")?;
                }
                Ok(())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        // As the 32 hex digits `Display` writes (registry bodies cite sources and entries).
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(|_| serde::de::Error::custom("not an id of 32 hex digits"))
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            fn from_str(text: &str) -> Result<Self, InvalidId> {
                // Exactly the 32 lowercase hex digits `Display` writes: one spelling per id
                // (`u8::from_str_radix` alone would also take `+f` or `AB`).
                if text.len() != 32
                    || !text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                {
                    return Err(InvalidId);
                }
                let mut bytes = [0u8; 16];
                for (index, byte) in bytes.iter_mut().enumerate() {
                    *byte = u8::from_str_radix(&text[index * 2..index * 2 + 2], 16)
                        .map_err(|_| InvalidId)?;
                }
                Ok(Self(bytes))
            }
        }
    };
}

random_id!(
    /// Identifies one report.
    ReportId
);
random_id!(
    /// Identifies one staff account.
    StaffId
);
random_id!(
    /// Identifies one message between caseworkers and a reporter.
    MessageId
);
random_id!(
    /// Identifies one evidence file.
    FileId
);
random_id!(
    /// Identifies one internal note (all its versions).
    NoteId
);
random_id!(
    /// Identifies one team (its name can change).
    TeamId
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a valid identifier")]
pub struct InvalidId;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_has_one_spelling() {
        let id = ReportId::from_bytes([0xa3; 16]);
        let text = id.to_string();
        assert_eq!(text.parse::<ReportId>(), Ok(id));
        for other in [
            text.to_uppercase(),
            format!("+{}", &text[1..]),
            format!("a3a3a3a3+3{}", &text[10..]),
            format!("{}g", &text[..31]),
        ] {
            assert_eq!(other.parse::<ReportId>(), Err(InvalidId), "{other}");
        }
    }

    #[test]
    fn ids_round_trip_through_hex() {
        let id = ReportId::from_bytes([0xab; 16]);
        assert_eq!(id.to_string(), "ab".repeat(16));
        assert_eq!(id.to_string().parse::<ReportId>(), Ok(id));
    }

    #[test]
    fn malformed_ids_are_rejected() {
        assert!("zz".repeat(16).parse::<ReportId>().is_err());
        assert!("ab".parse::<StaffId>().is_err());
        assert!("é".repeat(16).parse::<StaffId>().is_err());
    }
}
random_id!(
    /// Identifies one statistics release.
    ReleaseId
);
random_id!(
    /// Identifies one partner organisation.
    PartnerId
);
random_id!(
    /// Identifies one registry entry (a place, incident, public actor, official response or
    /// published figure) across all its versions.
    EntryId
);
random_id!(
    /// Identifies one source the registry cites.
    SourceId
);
random_id!(
    /// Identifies one referral of a report to a partner.
    ReferralId
);
