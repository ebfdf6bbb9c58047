//! PDF cleaning: metadata removed from classic and object-stream files, incremental updates,
//! and the hostile files the gate must refuse or survive.

mod common;

use std::time::{Duration, Instant};

use common::*;
use lopdf::{Document, Object};
use refuge_files::{CleanError, FileKind, Removed, clean};

/// Asserts `result` is a refusal whose reason mentions `why`.
fn assert_refused(result: Result<refuge_files::Cleaned, CleanError>, why: &str) {
    match result {
        Err(CleanError::TooComplex(reason)) if reason.contains(why) => {}
        other => panic!("expected TooComplex({why:?}), got {other:?}"),
    }
}

/// Every dictionary of `doc`, walked without recursion.
fn dictionaries(doc: &Document) -> Vec<&lopdf::Dictionary> {
    let mut found = Vec::new();
    let mut stack: Vec<&Object> = doc.objects.values().collect();
    while let Some(object) = stack.pop() {
        match object {
            Object::Dictionary(dict) => {
                found.push(dict);
                stack.extend(dict.iter().map(|(_, v)| v));
            }
            Object::Stream(stream) => {
                found.push(&stream.dict);
                stack.extend(stream.dict.iter().map(|(_, v)| v));
            }
            Object::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    found
}

fn assert_clean(output: &[u8]) {
    for secret in [
        &b"Secret Author"[..],
        b"Secret Word Processor",
        b"Secret PDF Library",
        b"xmpmeta",
        b"D:2024",
    ] {
        assert!(
            !contains(output, secret),
            "{} survived",
            String::from_utf8_lossy(secret)
        );
    }
    let doc = reload(output);
    assert!(!doc.trailer.has(b"Info"));
    assert!(!doc.trailer.has(b"ID"));
    for dict in dictionaries(&doc) {
        for key in [&b"Metadata"[..], b"PieceInfo", b"LastModified"] {
            assert!(!dict.has(key), "{} survived", String::from_utf8_lossy(key));
        }
    }
    assert_eq!(doc.get_pages().len(), 1, "the page is still there");
    let page = *doc.get_pages().values().next().unwrap();
    let content = doc.get_page_content(page);
    assert!(contains(&content, b"(Evidence page) Tj"));
}

const PDF_REMOVED: [Removed; 4] = [
    Removed::Dates,
    Removed::Author,
    Removed::Software,
    Removed::OtherMetadata,
];

#[test]
fn classic_pdf_loses_info_xmp_and_piece_info() {
    let input = pdf_classic();
    assert!(contains(&input, b"Secret Author Name"));
    let cleaned = clean(FileKind::Pdf, &input).expect("cleaned");
    assert_eq!(cleaned.removed, PDF_REMOVED);
    assert_clean(&cleaned.bytes);
}

#[test]
fn object_stream_pdf_loses_info_and_xmp() {
    let input = pdf_modern();
    assert!(
        contains(&input, b"/ObjStm"),
        "the fixture uses object streams"
    );
    assert!(contains(&input, b"/XRef"), "and a cross-reference stream");
    assert!(
        !contains(&input, b"Secret Word Processor"),
        "the information dictionary is inside a compressed object stream"
    );
    let cleaned = clean(FileKind::Pdf, &input).expect("cleaned");
    assert_eq!(cleaned.removed, PDF_REMOVED);
    assert_clean(&cleaned.bytes);
}

#[test]
fn old_revisions_from_incremental_saves_are_dropped() {
    let mut objects = minimal_pages();
    objects.push((
        4,
        b"<< /Author (Old Secret Name) /Producer (Old Tool) >>".to_vec(),
    ));
    let mut input = pdf_literal(&objects, "/Info 4 0 R");
    // An incremental update that points the trailer at a new information dictionary.
    let previous_xref = input
        .windows(9)
        .rposition(|w| w == b"startxref")
        .map(|at| {
            let digits: String = input[at + 10..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .map(|&b| b as char)
                .collect();
            digits
        })
        .unwrap();
    let update_at = input.len();
    input.extend_from_slice(b"5 0 obj\n<< /Author (New Secret Name) >>\nendobj\n");
    let xref_at = input.len();
    input.extend_from_slice(
        format!(
            "xref\n5 1\n{update_at:010} 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Info 5 0 R /Prev {previous_xref} >>\nstartxref\n{xref_at}\n%%EOF\n"
        )
        .as_bytes(),
    );
    let cleaned = clean(FileKind::Pdf, &input).expect("cleaned");
    assert!(!contains(&cleaned.bytes, b"Secret Name"));
    assert!(!contains(&cleaned.bytes, b"Old Tool"));
    assert_eq!(cleaned.removed, [Removed::Author]);
    assert_eq!(reload(&cleaned.bytes).get_pages().len(), 1);
}

#[test]
fn a_length_stored_in_an_object_stream_is_read_safely() {
    // Object 5, the length of content stream 4, lives in object stream 6, listed by the
    // cross-reference stream 7: lopdf would decode object stream 6 to read it while loading.
    let content = b"BT /F1 12 Tf (Evidence page) Tj ET";
    let members = format!("{}", content.len());
    let objstm_data = format!("5 0 {members}");
    let first = "5 0 ".len();
    let mut file = b"%PDF-1.7\n".to_vec();
    let mut offsets = vec![0usize; 8];
    fn add(file: &mut Vec<u8>, offsets: &mut [usize], number: usize, body: &[u8]) {
        offsets[number] = file.len();
        file.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        file.extend_from_slice(body);
        file.extend_from_slice(b"\nendobj\n");
    }
    add(
        &mut file,
        &mut offsets,
        1,
        b"<< /Type /Catalog /Pages 2 0 R >>",
    );
    add(
        &mut file,
        &mut offsets,
        2,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    );
    add(
        &mut file,
        &mut offsets,
        3,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
    );
    let mut stream4 = b"<< /Length 5 0 R >>\nstream\n".to_vec();
    stream4.extend_from_slice(content);
    stream4.extend_from_slice(b"\nendstream");
    add(&mut file, &mut offsets, 4, &stream4);
    add(
        &mut file,
        &mut offsets,
        6,
        &stream_body(
            &format!("/Type /ObjStm /N 1 /First {first}"),
            objstm_data.as_bytes(),
        ),
    );
    // Cross-reference stream: W [1 4 2], entries 0..=7.
    let mut rows = Vec::new();
    for number in 0..8usize {
        let (kind, field2, field3): (u8, u32, u16) = match number {
            0 => (0, 0, 65535),
            5 => (2, 6, 0),
            7 => (1, file.len() as u32, 0),
            n => (1, offsets[n] as u32, 0),
        };
        rows.push(kind);
        rows.extend_from_slice(&field2.to_be_bytes());
        rows.extend_from_slice(&field3.to_be_bytes());
    }
    let xref_at = file.len();
    add(
        &mut file,
        &mut offsets,
        7,
        &stream_body("/Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R", &rows),
    );
    file.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());

    // lopdf reads it as written.
    let plain = Document::load_mem(&file).expect("lopdf reads the fixture");
    assert_eq!(plain.get_pages().len(), 1);

    let cleaned = clean(FileKind::Pdf, &file).expect("cleaned");
    let doc = reload(&cleaned.bytes);
    let page = *doc.get_pages().values().next().unwrap();
    let plain_page = *plain.get_pages().values().next().unwrap();
    assert_eq!(
        doc.get_page_content(page),
        plain.get_page_content(plain_page)
    );
    assert!(doc.get_page_content(page).starts_with(content));
}

#[test]
fn encrypted_pdfs_are_refused() {
    let mut objects = minimal_pages();
    objects.push((
        4,
        b"<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>".to_vec(),
    ));
    for trailer in ["/Encrypt 4 0 R", "/Encr#79pt 4 0 R"] {
        let input = pdf_literal(&objects, trailer);
        assert_refused(clean(FileKind::Pdf, &input), "encrypted");
    }
}

#[test]
fn an_object_stream_bomb_is_refused_quickly() {
    let bomb = zlib(&vec![b' '; 48 << 20]);
    assert!(bomb.len() < 100 << 10);
    let mut objects = minimal_pages();
    let mut body = format!(
        "<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {} >>\nstream\n",
        bomb.len()
    )
    .into_bytes();
    body.extend_from_slice(&bomb);
    body.extend_from_slice(b"\nendstream");
    objects.push((4, body));
    let input = pdf_literal(&objects, "");
    let started = Instant::now();
    assert_refused(clean(FileKind::Pdf, &input), "decompress to too much data");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_cross_reference_stream_bomb_is_refused() {
    let bomb = zlib(&vec![0u8; 8 << 20]);
    let mut file = b"%PDF-1.7\n".to_vec();
    file.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    file.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
    let xref_at = file.len();
    let mut body = format!(
        "3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length {} >>\nstream\n",
        bomb.len()
    )
    .into_bytes();
    body.extend_from_slice(&bomb);
    body.extend_from_slice(b"\nendstream\nendobj\n");
    file.extend(body);
    file.extend_from_slice(format!("startxref\n{xref_at}\n%%EOF\n").as_bytes());
    let result = clean(FileKind::Pdf, &file);
    assert!(
        matches!(
            result,
            Err(CleanError::TooComplex(_) | CleanError::Malformed(_))
        ),
        "{result:?}"
    );
}

#[test]
fn deeply_nested_arrays_do_not_overflow_the_stack() {
    for depth in [150, 100_000] {
        let mut objects = minimal_pages();
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        objects.push((4, nested.into_bytes()));
        objects.push((5, b"<< /A << /B << /C [[[[[[1]]]]]] >> >> >>".to_vec()));
        let input = pdf_literal(&objects, "");
        let cleaned = clean(FileKind::Pdf, &input).expect("the page tree survives");
        assert_eq!(reload(&cleaned.bytes).get_pages().len(), 1);
    }
}

#[test]
fn a_cross_reference_table_pointing_everywhere_at_one_object_is_ignored() {
    // 20 000 entries all naming the same 1 MB object: lopdf would parse it 20 000 times.
    let mut file = b"%PDF-1.4\n".to_vec();
    let big_at = file.len();
    let mut big = b"4 0 obj\n(".to_vec();
    big.extend(std::iter::repeat_n(b'a', 1 << 20));
    big.extend_from_slice(b")\nendobj\n");
    file.extend(big);
    let mut offsets = vec![];
    for (number, body) in minimal_pages() {
        offsets.push(file.len());
        file.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        file.extend(body);
        file.extend_from_slice(b"\nendobj\n");
    }
    let xref_at = file.len();
    file.extend_from_slice(b"xref\n0 20004\n0000000000 65535 f \n");
    for offset in &offsets {
        file.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    for _ in 0..20_000 {
        file.extend_from_slice(format!("{big_at:010} 00000 n \n").as_bytes());
    }
    file.extend_from_slice(
        format!("trailer\n<< /Size 20004 /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes(),
    );
    let started = Instant::now();
    let cleaned = clean(FileKind::Pdf, &file).expect("cleaned");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(reload(&cleaned.bytes).get_pages().len(), 1);
}

#[test]
fn streams_whose_length_runs_past_endstream_are_refused() {
    // Each stream's data ends at the last `endstream` and holds the next object: lopdf would keep
    // a copy of (almost) the rest of the file per object.
    let mut file = b"%PDF-1.4\n".to_vec();
    for (number, body) in minimal_pages() {
        file.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        file.extend(body);
        file.extend_from_slice(b"\nendobj\n");
    }
    let tail_len = 4096;
    let count = 50;
    let mut nested = Vec::new();
    for index in (0..count).rev() {
        let number = 10 + index;
        let mut object = format!("{number} 0 obj\n<< /Length LEN >>\nstream\n").into_bytes();
        let inner_len = nested.len() + tail_len;
        object = String::from_utf8(object)
            .unwrap()
            .replace("LEN", &format!("{:>10}", inner_len + 10))
            .into_bytes();
        let mut data = b"endstream\n".to_vec();
        data.extend_from_slice(&nested);
        object.extend(data);
        nested = object;
    }
    file.extend(nested);
    file.extend(std::iter::repeat_n(b'x', tail_len));
    file.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    assert_refused(clean(FileKind::Pdf, &file), "stream data runs past its end");
}

#[test]
fn many_lengths_naming_one_big_object_are_refused() {
    let mut objects = minimal_pages();
    objects.push((4, format!("[{}]", "0 ".repeat(50_000)).into_bytes()));
    for number in 5..50 {
        objects.push((
            number,
            b"<< /Length 4 0 R >>\nstream\nabc\nendstream".to_vec(),
        ));
    }
    let input = pdf_literal(&objects, "");
    assert_refused(
        clean(FileKind::Pdf, &input),
        "a stream length is not a number",
    );
}

#[test]
fn an_object_stream_index_pointing_many_numbers_at_one_object_parses_it_once() {
    let array = format!("[{}]", "0 ".repeat(100_000));
    let mut index = String::new();
    for number in 10..20_010 {
        index.push_str(&format!("{number} 0 "));
    }
    let data = format!("{index}{array}");
    let mut objects = minimal_pages();
    objects.push((
        4,
        stream_body(
            &format!("/Type /ObjStm /N 20000 /First {}", index.len()),
            data.as_bytes(),
        ),
    ));
    let input = pdf_literal(&objects, "");
    let started = Instant::now();
    let cleaned = clean(FileKind::Pdf, &input).expect("cleaned");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(reload(&cleaned.bytes).get_pages().len(), 1);
}

#[test]
fn too_many_tokens_are_refused() {
    let mut objects = minimal_pages();
    objects.push((
        4,
        format!("[{}]", "0 ".repeat(refuge_files::PDF_MAX_PARSED_TOKENS)).into_bytes(),
    ));
    objects.push((5, b"4 0 R".to_vec()));
    let input = pdf_literal(&objects, "");
    assert_refused(clean(FileKind::Pdf, &input), "too many objects to parse");
}

#[test]
fn objects_hidden_mid_line_are_refused() {
    let mut input = pdf_literal(&minimal_pages(), "");
    let at = input.windows(8).position(|w| w == b"endobj\n2").unwrap() + 6;
    input[at] = b' ';
    assert_refused(clean(FileKind::Pdf, &input), "does not start a line");
}

#[test]
fn malformed_pdfs_are_errors_not_panics() {
    assert!(matches!(
        clean(FileKind::Pdf, b"%PDF-"),
        Err(CleanError::Malformed(_))
    ));
    assert!(matches!(
        clean(FileKind::Pdf, b"hello"),
        Err(CleanError::Malformed(_))
    ));
    assert_refused(
        clean(
            FileKind::Pdf,
            b"%PDF-1.4\n1 0 obj\n<< /Length 5 >>\nstream\nabc",
        ),
        "stream without endstream",
    );
    for file in [pdf_classic(), pdf_modern()] {
        let step = (file.len() / 300).max(1);
        for len in (0..file.len()).step_by(step) {
            let _ = clean(FileKind::Pdf, &file[..len]);
        }
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..100 {
            let mut damaged = file.clone();
            for _ in 0..6 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state as usize) % damaged.len();
                damaged[at] = (state >> 40) as u8;
            }
            let _ = clean(FileKind::Pdf, &damaged);
        }
    }
}

#[test]
fn cleaning_a_cleaned_pdf_finds_nothing_more() {
    for file in [pdf_classic(), pdf_modern()] {
        let once = clean(FileKind::Pdf, &file).expect("cleaned once");
        let twice = clean(FileKind::Pdf, &once.bytes).expect("cleaned twice");
        assert!(twice.removed.is_empty(), "{:?}", twice.removed);
        assert_clean(&twice.bytes);
    }
}
