//! The urlencoded form decoder: never panics; decoded values are valid UTF-8 by construction.
#![no_main]

use libfuzzer_sys::fuzz_target;
use refuge_web::body::FormData;

fuzz_target!(|data: &[u8]| {
    if let Ok(form) = FormData::parse(data) {
        let names: Vec<String> = form.names().map(str::to_owned).collect();
        for name in names {
            let _ = form.one(&name);
            let _ = form.all(&name);
            let _ = form.checked(&name);
        }
    }
});
