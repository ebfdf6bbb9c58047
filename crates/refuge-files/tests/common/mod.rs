//! Builders for the test files: small, valid images and PDFs made byte by byte (or with lopdf),
//! with the metadata each test needs.

#![allow(dead_code)]

pub mod tiff;

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

// ---------------------------------------------------------------- JPEG

/// A JPEG segment: marker and contents (without the length).
pub fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&((contents.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(contents);
    out
}

pub fn jfif() -> Vec<u8> {
    segment(0xE0, b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00")
}

pub fn exif_segment(tiff: &[u8]) -> Vec<u8> {
    let mut contents = b"Exif\0\0".to_vec();
    contents.extend_from_slice(tiff);
    segment(0xE1, &contents)
}

pub fn xmp_segment(packet: &str) -> Vec<u8> {
    let mut contents = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    contents.extend_from_slice(packet.as_bytes());
    segment(0xE1, &contents)
}

/// The tables, frame and scan of an 8×8 grey baseline JPEG whose one block is flat: one Huffman
/// code of length 1 in each table, so the scan is DC "0", EOB "0", padded with ones.
pub fn jpeg_image() -> Vec<u8> {
    let mut out = Vec::new();
    let mut dqt = vec![0x00];
    dqt.extend_from_slice(&[1; 64]);
    out.extend(segment(0xDB, &dqt));
    out.extend(segment(0xC0, &[8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
    let mut dc = vec![0x00, 1];
    dc.extend_from_slice(&[0; 15]);
    dc.push(0);
    out.extend(segment(0xC4, &dc));
    let mut ac = vec![0x10, 1];
    ac.extend_from_slice(&[0; 15]);
    ac.push(0);
    out.extend(segment(0xC4, &ac));
    out.extend(segment(0xDA, &[1, 1, 0x00, 0, 63, 0]));
    out.push(0x3F);
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// SOI, the given header segments, then the image.
pub fn jpeg(segments: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    for segment in segments {
        out.extend_from_slice(segment);
    }
    out.extend(jpeg_image());
    out
}

/// An EXIF block like a phone's: camera, serial, dates, software, GPS position and a thumbnail.
pub fn phone_exif() -> Vec<u8> {
    use tiff::*;
    tiff(
        vec![
            ascii(0x010F, "Phonemaker"),
            ascii(0x0110, "Phone X12"),
            ascii(0x0131, "Camera 4.2"),
            ascii(0x0132, "2024:05:01 10:00:00"),
            long(0x0112, 1),
        ],
        Some(vec![
            ascii(0x9003, "2024:05:01 10:00:00"),
            ascii(0xA431, "SERIAL-0042-XYZ"),
            ascii(0xA434, "Lens 26mm"),
        ]),
        Some(vec![
            long(0x0000, 0x0000_0202),
            ascii(0x0001, "N"),
            rationals(0x0002, &[(39, 1), (54, 1), (2, 1)]),
            ascii(0x0003, "E"),
            rationals(0x0004, &[(116, 1), (23, 1), (4, 1)]),
        ]),
        Some(vec![long(0x0103, 6), long(0x0201, 0), long(0x0202, 0)]),
    )
}

/// The markers of a JPEG's segments, in order, from img-parts (up to and including SOS).
pub fn jpeg_markers(bytes: &[u8]) -> Vec<u8> {
    let jpeg = img_parts::jpeg::Jpeg::from_bytes(img_parts::Bytes::copy_from_slice(bytes))
        .expect("a JPEG img-parts can read");
    jpeg.segments().iter().map(|s| s.marker()).collect()
}

// ---------------------------------------------------------------- PNG

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub fn chunk(kind: &[u8; 4], contents: &[u8]) -> Vec<u8> {
    let mut out = (contents.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(contents);
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(contents);
    out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    out
}

pub fn ihdr(width: u32, height: u32) -> Vec<u8> {
    let mut contents = width.to_be_bytes().to_vec();
    contents.extend_from_slice(&height.to_be_bytes());
    contents.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit grey
    chunk(b"IHDR", &contents)
}

/// A 1×1 grey image: one scan line (filter byte, pixel) in a stored zlib block.
pub fn idat() -> Vec<u8> {
    chunk(
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0, 0, 0x00, 0x02, 0x00, 0x01,
        ],
    )
}

pub fn png(chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for chunk in chunks {
        out.extend_from_slice(chunk);
    }
    out
}

pub fn png_chunk_kinds(bytes: &[u8]) -> Vec<String> {
    let png = img_parts::png::Png::from_bytes(img_parts::Bytes::copy_from_slice(bytes))
        .expect("a PNG img-parts can read");
    png.chunks()
        .iter()
        .map(|c| String::from_utf8_lossy(&c.kind()).into_owned())
        .collect()
}

// ---------------------------------------------------------------- WebP

/// A 1×1 lossless WebP made by cwebp (see fixtures/README.md).
pub const TINY_WEBP: &[u8] = include_bytes!("../fixtures/tiny-lossless.webp");

pub fn riff_chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// The VP8L chunk of [`TINY_WEBP`].
pub fn tiny_vp8l() -> Vec<u8> {
    let at = TINY_WEBP
        .windows(4)
        .position(|w| w == b"VP8L")
        .expect("VP8L chunk");
    let len = u32::from_le_bytes(TINY_WEBP[at + 4..at + 8].try_into().unwrap()) as usize;
    TINY_WEBP[at + 8..at + 8 + len].to_vec()
}

/// An extended WebP: VP8X with the given flags, then the chunks.
pub fn webp(flags: u8, chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut body = b"WEBP".to_vec();
    body.extend(riff_chunk(b"VP8X", &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    for chunk in chunks {
        body.extend_from_slice(chunk);
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

pub fn webp_chunk_ids(bytes: &[u8]) -> Vec<String> {
    let webp = img_parts::webp::WebP::from_bytes(img_parts::Bytes::copy_from_slice(bytes))
        .expect("a WebP img-parts can read");
    webp.chunks()
        .iter()
        .map(|c| String::from_utf8_lossy(&c.id()).into_owned())
        .collect()
}

// ---------------------------------------------------------------- PDF

pub const XMP_PACKET: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><dc:creator><rdf:Seq><rdf:li>Secret Author Name</rdf:li></rdf:Seq></dc:creator><xmp:CreateDate>2024-05-01T10:00:00Z</xmp:CreateDate></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;

/// A one-page PDF with an information dictionary (author, creator, producer, dates, title) and
/// an XMP stream on the catalog and on the page.
pub fn pdf_document() -> Document {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content = Stream::new(
        Dictionary::new(),
        b"BT /F1 24 Tf 72 720 Td (Evidence page) Tj ET".to_vec(),
    );
    let content_id = doc.add_object(content);
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let xmp = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        XMP_PACKET.as_bytes().to_vec(),
    );
    let xmp_id = doc.add_object(xmp.clone());
    let page_xmp_id = doc.add_object(xmp);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Metadata" => page_xmp_id,
        "PieceInfo" => dictionary! { "Editor" => dictionary! { "Private" => "x" } },
        "LastModified" => Object::string_literal("D:20240501100000Z"),
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id, "Metadata" => xmp_id,
    });
    let info_id = doc.add_object(dictionary! {
        "Author" => Object::string_literal("Secret Author Name"),
        "Creator" => Object::string_literal("Secret Word Processor"),
        "Producer" => Object::string_literal("Secret PDF Library 9.9"),
        "CreationDate" => Object::string_literal("D:20240501100000Z"),
        "ModDate" => Object::string_literal("D:20240502100000Z"),
        "Title" => Object::string_literal("Draft"),
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    doc.trailer.set(
        "ID",
        vec![
            Object::String(
                b"0123456789abcdef".to_vec(),
                lopdf::StringFormat::Hexadecimal,
            ),
            Object::String(
                b"0123456789abcdef".to_vec(),
                lopdf::StringFormat::Hexadecimal,
            ),
        ],
    );
    doc
}

/// [`pdf_document`] written with a classic cross-reference table.
pub fn pdf_classic() -> Vec<u8> {
    let mut out = Vec::new();
    pdf_document().save_to(&mut out).expect("save");
    out
}

/// [`pdf_document`] written with object streams and a cross-reference stream.
pub fn pdf_modern() -> Vec<u8> {
    let mut out = Vec::new();
    pdf_document().save_modern(&mut out).expect("save");
    out
}

/// A PDF from literal objects (each `(number, body)`), with a correct cross-reference table and
/// a trailer naming object 1 as the catalog.
pub fn pdf_literal(objects: &[(u32, Vec<u8>)], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (number, body) in objects {
        offsets.push((*number, out.len()));
        out.extend_from_slice(format!("{number} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let size = objects.iter().map(|(n, _)| n + 1).max().unwrap_or(1);
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for number in 1..size {
        match offsets.iter().find(|(n, _)| *n == number) {
            Some((_, offset)) => {
                out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes())
            }
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {size} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    out
}

/// The catalog and page tree objects 1–3 for [`pdf_literal`].
pub fn minimal_pages() -> Vec<(u32, Vec<u8>)> {
    vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_vec(),
        ),
    ]
}

/// A stream object body.
pub fn stream_body(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// zlib-compresses `data` (level 9) with the deflate implementation lopdf uses.
pub fn zlib(data: &[u8]) -> Vec<u8> {
    let mut stream = Stream::new(Dictionary::new(), data.to_vec());
    stream.compress().expect("compress");
    stream.content
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Loads a PDF with lopdf's defaults, as a reader of our output would.
pub fn reload(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("lopdf reads the cleaned PDF")
}
