//! Receipts: what a reporter keeps to come back. 27 random digits and one Damm check digit,
//! shown as seven groups of four (log2(10^27) ≈ 89.7 bits). Digits are language neutral and easy
//! to copy by hand; the check digit catches every single-digit typo and adjacent swap.

use std::fmt;

use zeroize::Zeroizing;

use crate::kdf::{self, KdfCost, KdfMemory};
use crate::{CryptoError, random};

pub const RECEIPT_DIGITS: usize = 28;

/// A receipt, zeroized on drop. Never logged: `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct Receipt(Zeroizing<String>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    #[error("a receipt has 28 digits")]
    WrongLength,
    #[error("this receipt has a typing mistake")]
    CheckDigitMismatch,
}

const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

fn damm(digits: impl Iterator<Item = u8>) -> u8 {
    digits.fold(0, |interim, digit| DAMM[interim as usize][digit as usize])
}

/// The value of a decimal digit in any of the scripts our reporters type in (ASCII, Arabic-Indic,
/// Extended Arabic-Indic as used for Uyghur, full-width, Tibetan, Devanagari).
fn digit_value(c: char) -> Option<u8> {
    let zeros = [
        '0', '\u{0660}', '\u{06F0}', '\u{FF10}', '\u{0F20}', '\u{0966}',
    ];
    zeros.iter().find_map(|zero| {
        let offset = (c as u32).checked_sub(*zero as u32)?;
        (offset < 10).then_some(offset as u8)
    })
}

impl Receipt {
    pub fn generate() -> Self {
        let mut digits: Vec<u8> = (0..RECEIPT_DIGITS - 1).map(|_| random::digit()).collect();
        digits.push(damm(digits.iter().copied()));
        Receipt(Zeroizing::new(
            digits.iter().map(|d| char::from(b'0' + d)).collect(),
        ))
    }

    /// Reads a receipt as a person typed it: separators and spaces are ignored, digits of any
    /// supported script are accepted.
    pub fn parse(input: &str) -> Result<Self, ReceiptError> {
        let mut digits = Zeroizing::new(String::with_capacity(RECEIPT_DIGITS));
        for c in input.chars() {
            if let Some(value) = digit_value(c) {
                if digits.len() == RECEIPT_DIGITS {
                    return Err(ReceiptError::WrongLength);
                }
                digits.push(char::from(b'0' + value));
            } else if !(c.is_whitespace()
                || matches!(c, '-' | '.' | '_' | '/' | '\u{2010}'..='\u{2015}' | '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}'))
            {
                return Err(ReceiptError::WrongLength);
            }
        }
        if digits.len() != RECEIPT_DIGITS {
            return Err(ReceiptError::WrongLength);
        }
        if damm(digits.bytes().map(|b| b - b'0')) != 0 {
            return Err(ReceiptError::CheckDigitMismatch);
        }
        Ok(Receipt(digits))
    }

    /// The plain 28 digits.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// Seven groups of four, e.g. `1234 5678 …`.
    pub fn grouped(&self) -> String {
        let chunks: Vec<&str> = self
            .0
            .as_bytes()
            .chunks(4)
            .filter_map(|c| std::str::from_utf8(c).ok())
            .collect();
        chunks.join(" ")
    }

    /// One Argon2id computation gives both the hash under which the receipt is stored and looked
    /// up and the key that unwraps the reporter's conversation identity. The salt is one per
    /// instance, which is what makes lookup possible; the receipt's ~90 bits of entropy, not the
    /// salt, are what stop guessing.
    pub fn derive_keys(
        &self,
        memory: &mut KdfMemory,
        instance_salt: &[u8],
        cost: KdfCost,
    ) -> Result<ReceiptKeys, CryptoError> {
        let root = kdf::derive_key(memory, self.0.as_bytes(), instance_salt, cost)?;
        // SECURITY: the stored hash and the wrapping key are independent one-way functions of the
        // Argon2 output, so the database (which holds the hash) cannot yield the key.
        Ok(ReceiptKeys {
            lookup: random::sha256(&[b"refuge receipt lookup v1", root.as_ref()]),
            wrapping: Zeroizing::new(random::sha256(&[
                b"refuge receipt wrapping key v1",
                root.as_ref(),
            ])),
        })
    }
}

/// What a receipt opens: its stored lookup hash, and the key sealing the reporter's side.
pub struct ReceiptKeys {
    pub lookup: [u8; 32],
    pub wrapping: Zeroizing<[u8; 32]>,
}

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receipt(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_receipts_parse_back() {
        for _ in 0..100 {
            let receipt = Receipt::generate();
            assert_eq!(receipt.digits().len(), RECEIPT_DIGITS);
            assert_eq!(Receipt::parse(&receipt.grouped()).expect("parse"), receipt);
        }
    }

    #[test]
    fn separators_and_other_scripts_are_normalised() {
        let receipt = Receipt::generate();
        let arabic: String = receipt
            .digits()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0x06F0).unwrap_or(c))
            .collect();
        assert_eq!(
            Receipt::parse(&arabic).expect("extended arabic-indic"),
            receipt
        );
        let fullwidth: String = receipt
            .digits()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
            .collect();
        assert_eq!(Receipt::parse(&fullwidth).expect("full width"), receipt);
        let dashed = receipt.grouped().replace(' ', "-");
        assert_eq!(
            Receipt::parse(&format!("  {dashed}\n")).expect("dashes"),
            receipt
        );
    }

    #[test]
    fn every_single_typo_and_adjacent_swap_is_caught() {
        let receipt = Receipt::generate();
        let digits: Vec<u8> = receipt.digits().bytes().collect();
        for position in 0..RECEIPT_DIGITS {
            for replacement in b'0'..=b'9' {
                if replacement == digits[position] {
                    continue;
                }
                let mut typo = digits.clone();
                typo[position] = replacement;
                let text = String::from_utf8(typo).expect("ascii");
                assert_eq!(Receipt::parse(&text), Err(ReceiptError::CheckDigitMismatch));
            }
            if position + 1 < RECEIPT_DIGITS && digits[position] != digits[position + 1] {
                let mut swapped = digits.clone();
                swapped.swap(position, position + 1);
                let text = String::from_utf8(swapped).expect("ascii");
                assert_eq!(Receipt::parse(&text), Err(ReceiptError::CheckDigitMismatch));
            }
        }
    }

    #[test]
    fn wrong_lengths_and_letters_are_refused() {
        assert_eq!(Receipt::parse("1234"), Err(ReceiptError::WrongLength));
        assert_eq!(
            Receipt::parse(&"1".repeat(40)),
            Err(ReceiptError::WrongLength)
        );
        assert_eq!(
            Receipt::parse(&format!("{}x", "1".repeat(27))),
            Err(ReceiptError::WrongLength)
        );
        assert!(
            !format!("{:?}", Receipt::generate())
                .chars()
                .any(|c| c.is_ascii_digit())
        );
    }
}
