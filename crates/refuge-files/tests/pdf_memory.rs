//! Measures the peak memory and time of cleaning hostile and heavy PDFs, and holds them to the
//! bound stated on `refuge_files::clean`.
//!
//! Each file is cleaned in a fresh child process (this test binary again, told what to do by an
//! environment variable), because an allocator keeps freed memory resident and would hide the
//! next peak. The child reads the file, resets its peak resident size (VmHWM, through
//! /proc/self/clear_refs), cleans, and reports how far the peak rose. Linux only, like the
//! deployment.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::*;
use refuge_files::{FileKind, PDF_MAX_PARSED_TOKENS, clean};

const MIB: usize = 1 << 20;
const CHILD_INPUT: &str = "REFUGE_PDF_MEMORY_INPUT";

fn status_kib(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"))
}

/// In the child: clean the file named by [`CHILD_INPUT`] and print one result line.
fn child(path: &str) {
    let input = std::fs::read(path).expect("input file");
    std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak resident size");
    let before = status_kib("VmRSS:");
    let started = std::time::Instant::now();
    let result = clean(FileKind::Pdf, &input);
    let elapsed = started.elapsed().as_secs_f64();
    let peak_kib = status_kib("VmHWM:").saturating_sub(before);
    let outcome = match &result {
        Ok(cleaned) => format!("ok {} bytes", cleaned.bytes.len()),
        Err(refuge_files::CleanError::TooComplex(why)) => format!("too_complex {why}"),
        Err(error) => format!("error {error}"),
    };
    println!("MEASURED {peak_kib} {elapsed} {outcome}");
}

struct Measured {
    outcome: String,
    peak_mib: usize,
    elapsed: Duration,
}

impl Measured {
    fn cleaned(&self) -> bool {
        self.outcome.starts_with("ok ")
    }
    fn refused(&self) -> bool {
        self.outcome.starts_with("too_complex ")
    }
}

/// Cleans `input` in a child process and returns what it measured.
fn measure(name: &str, input: &[u8]) -> Measured {
    let path: PathBuf = std::env::temp_dir().join(format!(
        "refuge-pdf-memory-{}-{}.pdf",
        std::process::id(),
        name.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    ));
    std::fs::write(&path, input).expect("write the input");
    let output = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "hostile_and_heavy_pdfs_stay_within_the_stated_bound",
            "--exact",
            "--nocapture",
        ])
        .env(CHILD_INPUT, &path)
        .output()
        .expect("run the child");
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("MEASURED "))
        .unwrap_or_else(|| {
            panic!(
                "{name}: the child reported nothing (status {}):\n{stdout}\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let mut fields = line.splitn(3, ' ');
    let peak_kib: usize = fields.next().and_then(|f| f.parse().ok()).expect("peak");
    let seconds: f64 = fields.next().and_then(|f| f.parse().ok()).expect("seconds");
    let outcome = fields.next().unwrap_or_default().to_owned();
    eprintln!(
        "{name:<34} input {:>6.1} MiB  peak +{:>4} MiB  {seconds:>6.2} s  {outcome}",
        input.len() as f64 / MIB as f64,
        peak_kib / 1024
    );
    Measured {
        outcome,
        peak_mib: peak_kib / 1024,
        elapsed: Duration::from_secs_f64(seconds),
    }
}

fn with_object(body: Vec<u8>) -> Vec<u8> {
    let mut objects = minimal_pages();
    objects.push((4, body));
    // Referenced from the page, so the object is kept and written out too.
    objects[2].1 = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /X 4 0 R >>".to_vec();
    pdf_literal(&objects, "")
}

/// An array of `count` copies of `item`, the densest way to spend tokens.
fn array_of(item: &str, count: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(item.len() * count + 2);
    body.push(b'[');
    for _ in 0..count {
        body.extend_from_slice(item.as_bytes());
    }
    body.push(b']');
    body
}

#[test]
fn hostile_and_heavy_pdfs_stay_within_the_stated_bound() {
    if let Ok(path) = std::env::var(CHILD_INPUT) {
        return child(&path);
    }
    let tokens = PDF_MAX_PARSED_TOKENS - 1_000;

    // 1. An object stream that inflates to 48 MiB (a gigabyte would take the test too long to
    //    build; the budget stops it at 32 MiB either way).
    let bomb = zlib(&vec![b' '; 48 * MIB]);
    let mut body = format!(
        "<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
        bomb.len()
    )
    .into_bytes();
    body.extend_from_slice(&bomb);
    body.extend_from_slice(b"\nendstream");
    let measured = measure("object stream bomb", &with_object(body));
    assert!(measured.refused(), "{}", measured.outcome);
    assert!(measured.peak_mib < 100, "{} MiB", measured.peak_mib);

    // 2–5. As many tokens as allowed, in the shapes that cost lopdf the most per token.
    for (name, item, per_item) in [
        ("token limit: numbers", "0 ", 1),
        ("token limit: empty arrays", "[]", 5),
        ("token limit: one-number arrays", "[0]", 6),
        ("token limit: small dictionaries", "<</a 0>>", 7),
        ("token limit: one-letter names", "/a ", 1),
        ("token limit: one-byte strings", "(a)", 1),
    ] {
        let measured = measure(name, &with_object(array_of(item, tokens / per_item)));
        assert!(measured.cleaned(), "{name}: {}", measured.outcome);
        assert!(measured.peak_mib < 200, "{name}: {} MiB", measured.peak_mib);
        assert!(measured.elapsed < Duration::from_secs(60), "{name}");
    }

    // 6. The same, as one object over the limit: refused before lopdf parses anything.
    let over = with_object(array_of("<</a 0>>", PDF_MAX_PARSED_TOKENS / 7 + 10));
    let measured = measure("token limit exceeded", &over);
    assert!(measured.refused(), "{}", measured.outcome);
    assert!(measured.peak_mib < 64, "{} MiB", measured.peak_mib);

    // 7. A heavy but ordinary file: a 24 MiB image stream.
    let mut state = 0x1234_5678_9ABC_DEF0u64;
    let image: Vec<u8> = (0..24 * MIB)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Bytes that never spell `endstream`.
            b"0123456789abcdef"[(state & 15) as usize]
        })
        .collect();
    let big = with_object(stream_body(
        "/Type /XObject /Subtype /Image /Width 4096 /Height 2048 /BitsPerComponent 8 /ColorSpace /DeviceRGB /Filter /ASCIIHexDecode",
        &image,
    ));
    let measured = measure("24 MiB image stream", &big);
    assert!(measured.cleaned(), "{}", measured.outcome);
    assert!(measured.peak_mib < 4 * 24, "{} MiB", measured.peak_mib);

    // 8. Both at once: the largest file the caller accepts is about 32 MiB.
    let mut objects = minimal_pages();
    objects[2].1 =
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /X 4 0 R /Y 5 0 R >>".to_vec();
    objects.push((4, stream_body("/Type /XObject /Subtype /Image", &image)));
    objects.push((5, array_of("/a ", tokens - 100)));
    let measured = measure("24 MiB image + token limit", &pdf_literal(&objects, ""));
    assert!(measured.cleaned(), "{}", measured.outcome);
    assert!(
        measured.peak_mib < 4 * 24 + 200,
        "{} MiB",
        measured.peak_mib
    );

    // 9. Objects nested in each other's strings, each of which lopdf would copy whole.
    let mut nested = Vec::new();
    for number in (10..2_010).rev() {
        let mut object = format!("{number} 0 obj\n(\n").into_bytes();
        object.extend_from_slice(&nested);
        object.extend(std::iter::repeat_n(b'x', 2048));
        object.extend_from_slice(b")\nendobj\n");
        nested = object;
    }
    let mut objects = minimal_pages();
    objects.push((4, b"null".to_vec()));
    let mut file = pdf_literal(&objects, "");
    let at = file.windows(4).position(|w| w == b"xref").unwrap();
    file.splice(at..at, nested);
    let measured = measure("objects nested in strings", &file);
    assert!(measured.refused(), "{}", measured.outcome);
    assert!(measured.peak_mib < 64, "{} MiB", measured.peak_mib);
}
