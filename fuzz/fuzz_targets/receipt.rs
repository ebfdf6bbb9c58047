//! Receipt parser and normaliser: never panics; whatever it accepts round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use refuge_crypto::Receipt;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(receipt) = Receipt::parse(&text) {
        assert_eq!(receipt.digits().len(), 28);
        assert!(receipt.digits().bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(Receipt::parse(&receipt.grouped()).ok(), Some(receipt.clone()));
    }
});
