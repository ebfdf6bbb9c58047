//! PDF cleaning with lopdf: drop the information dictionary, XMP streams and other metadata
//! entries, then every object nothing refers to any more, and write a fresh file.
//!
//! Loading is what needs care: `gate.rs` explains what lopdf does with an untrusted file and how
//! each cost is bounded. In short, lopdf is made to rebuild the cross-reference table by scanning
//! (a comment appended to our copy of the file hides `startxref`, and `force_reconstruct` is set),
//! a load filter sets object streams aside and rejects runaway stream data, and object streams are
//! then decoded here under one total budget, one object at a time.

mod gate;

use std::collections::BTreeSet;

use lopdf::xref::{XrefEntry, XrefRecovery, XrefType};
use lopdf::{
    DecompressError, Dictionary, Document, LoadOptions, Object, ObjectId, ObjectStream, Stream,
};

use crate::{CleanError, Removed, xmp};

/// Total decompressed bytes from object streams, for the whole file.
pub const PDF_MAX_OBJECT_STREAM_BYTES: usize = 32 << 20;

/// Decompressed bytes per cross-reference stream.
pub const PDF_MAX_XREF_STREAM_BYTES: usize = 1 << 20;

/// Cross-reference streams read at most (lopdf's reconstruction tries this many, one at a time).
pub const PDF_MAX_XREF_STREAMS: usize = 16;

/// PDF tokens parsed into objects, at most, counting top-level objects and those inside object
/// streams: each number, name, string or dictionary key counts one, each array or dictionary five
/// (lopdf gives every one of them room in advance). One token costs lopdf at most about 165
/// bytes (measured), so this bounds the object graph to about 160 MiB. Ordinary documents need
/// far fewer: a few dozen per page, a few thousand with large font tables or tagged structure.
pub const PDF_MAX_PARSED_TOKENS: usize = 1_000_000;

/// Filters an object stream may name: real files use one.
const MAX_OBJECT_STREAM_FILTERS: usize = 2;

/// Appended to our copy so that lopdf finds no `%%EOF` in the last 1024 bytes, hence no
/// `startxref`, and never reads the cross-reference data as written. A comment is not an object,
/// so it changes nothing else and is not written out.
const NO_STARTXREF_TAIL_LEN: usize = 1100;

/// The `/Type` given to object streams by the load filter so that lopdf leaves them undecoded.
const SET_ASIDE_OBJECT_STREAM: &[u8] = b"RefugeObjStm";

/// What the load filter puts in place of a stream whose data runs past an `endstream`.
const REJECTED: &[u8] = b"RefugeRejectedStream";

pub(crate) fn clean(input: &[u8], removed: &mut BTreeSet<Removed>) -> Result<Vec<u8>, CleanError> {
    if !input.starts_with(b"%PDF-") {
        return Err(CleanError::Malformed("PDF: no header".to_owned()));
    }
    let mut buf = Vec::with_capacity(input.len() + NO_STARTXREF_TAIL_LEN + 3);
    buf.extend_from_slice(input);
    buf.extend_from_slice(b"\n%");
    buf.resize(buf.len() + NO_STARTXREF_TAIL_LEN, b'-');
    buf.push(b'\n');

    let gate = gate::check(&buf, PDF_MAX_PARSED_TOKENS)?;
    gate::rename_length_keys(&mut buf, &gate.length_keys);

    // lopdf is a large parser fed hostile bytes: should it ever panic, the upload is still only a
    // file that could not be cleaned. Nothing is shared with the closure, so nothing is left
    // half-updated.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        load_and_clean(&buf, gate.tokens, input.len(), removed)
    }))
    .unwrap_or_else(|_| Err(CleanError::Malformed("PDF: the parser failed".to_owned())))
}

fn load_and_clean(
    buf: &[u8],
    tokens: usize,
    input_len: usize,
    removed: &mut BTreeSet<Removed>,
) -> Result<Vec<u8>, CleanError> {
    let options = LoadOptions {
        filter: Some(admit_object),
        strict: false,
        max_decompressed_size: Some(PDF_MAX_XREF_STREAM_BYTES),
        force_reconstruct: true,
        ..LoadOptions::default()
    };
    let mut doc = Document::load_mem_with_options(buf, options).map_err(load_error)?;
    if doc.xref_recovery != Some(XrefRecovery::Reconstructed) {
        return Err(CleanError::TooComplex(
            "PDF: the cross-reference table was not rebuilt".to_owned(),
        ));
    }
    if doc.trailer.has(b"Encrypt") {
        return Err(CleanError::TooComplex("PDF: encrypted".to_owned()));
    }
    if doc
        .objects
        .values()
        .any(|object| matches!(object, Object::Name(name) if name == REJECTED))
    {
        return Err(CleanError::TooComplex(
            "PDF: stream data runs past its end".to_owned(),
        ));
    }

    expand_object_streams(&mut doc, tokens)?;
    read_renamed_streams(&mut doc, buf)?;
    strip_metadata(&mut doc, removed);
    doc.prune_objects();
    doc.max_id = doc.objects.keys().map(|id| id.0).max().unwrap_or(0);
    doc.reference_table.cross_reference_type = XrefType::CrossReferenceTable;

    let mut out = Vec::with_capacity(input_len);
    doc.save_to(&mut out)
        .map_err(|_| CleanError::Malformed("PDF: cannot be written back".to_owned()))?;
    Ok(out)
}

/// lopdf's messages can quote names and strings from the file; ours never do, because callers
/// log them.
fn load_error(error: lopdf::Error) -> CleanError {
    match error {
        lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. }) => {
            CleanError::TooComplex("PDF: a cross-reference stream is too large".to_owned())
        }
        _ => CleanError::Malformed("PDF: the document structure cannot be read".to_owned()),
    }
}

/// The load filter, run on each top-level object right after lopdf parsed it (and before lopdf
/// would decode it as an object stream). lopdf keeps the object as modified in place.
fn admit_object(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        if gate::find(&stream.content, 0, b"endstream").is_some() {
            // SECURITY: data that spans an `endstream` was copied up to a later one; with nested
            // objects that multiplies the file. Drop it now and refuse the file after loading.
            *object = Object::Name(REJECTED.to_vec());
        } else if stream.dict.has_type(b"ObjStm") {
            stream
                .dict
                .set("Type", Object::Name(SET_ASIDE_OBJECT_STREAM.to_vec()));
        }
    }
    Some((id, Object::Null))
}

/// Decodes the object streams set aside by [`admit_object`] within
/// [`PDF_MAX_OBJECT_STREAM_BYTES`] in total, and adds their objects the way lopdf would: an
/// object stream never replaces a top-level object, and an object the cross-reference stream
/// places in another container is not taken from this one.
///
/// Each object is parsed from its own slice of the decoded data, so an index that points many
/// numbers at one large object cannot make it parsed many times.
fn expand_object_streams(doc: &mut Document, mut tokens: usize) -> Result<(), CleanError> {
    let too_complex = |why: &str| CleanError::TooComplex(format!("PDF: {why}"));
    let containers: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, object)| {
            matches!(object, Object::Stream(stream) if stream.dict.has_type(SET_ASIDE_OBJECT_STREAM))
        })
        .map(|(id, _)| *id)
        .collect();
    let mut budget = PDF_MAX_OBJECT_STREAM_BYTES;
    for container in containers {
        let Some(Object::Stream(stream)) = doc.objects.remove(&container) else {
            continue;
        };
        if stream.filters().map_or(0, |filters| filters.len()) > MAX_OBJECT_STREAM_FILTERS {
            return Err(too_complex("an object stream has too many filters"));
        }
        let content = match stream.get_plain_content_with_limit(budget) {
            Ok(content) => content,
            Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(too_complex("object streams decompress to too much data"));
            }
            // lopdf skips an object stream it cannot decode; so do we.
            Err(_) => continue,
        };
        budget = budget.saturating_sub(content.len());
        let Some(first) = stream
            .dict
            .get(b"First")
            .and_then(Object::as_i64)
            .ok()
            .and_then(|first| usize::try_from(first).ok())
        else {
            continue;
        };
        let Some(index) = content.get(..first) else {
            continue;
        };
        for (number, start, end) in object_slices(index, first, content.len()) {
            let Some(slice) = content.get(start..end) else {
                continue;
            };
            let walked = gate::tokenize_slice(slice);
            tokens = tokens.saturating_add(walked);
            if tokens > PDF_MAX_PARSED_TOKENS {
                return Err(too_complex("too many objects to parse"));
            }
            let owner = match doc.reference_table.get(number) {
                Some(XrefEntry::Compressed {
                    container: owner, ..
                }) => Some(*owner),
                _ => None,
            };
            if owner.is_some_and(|owner| owner != container.0)
                || doc.objects.contains_key(&(number, 0))
            {
                continue;
            }
            if let Some(object) = parse_one(number, slice) {
                doc.objects.insert((number, 0), object);
            }
        }
    }
    Ok(())
}

/// The `(number, start, end)` of each object an object stream's index lists, as disjoint slices
/// of the decoded data: sorted by offset, each ending where the next begins. Entries sharing an
/// offset with an earlier one are dropped (the index must list increasing offsets).
fn object_slices(index: &[u8], first: usize, len: usize) -> Vec<(u32, usize, usize)> {
    let text = String::from_utf8_lossy(index);
    let numbers: Vec<Option<u64>> = text
        .split(['\r', '\n'])
        .flat_map(|line| {
            line.split('%')
                .next()
                .unwrap_or_default()
                .split_whitespace()
        })
        .map(|word| word.parse().ok())
        .collect();
    let mut entries: Vec<(u32, usize)> = numbers
        .chunks_exact(2)
        .filter_map(|pair| match pair {
            [Some(number), Some(offset)] => Some((
                u32::try_from(*number).ok()?,
                first.checked_add(usize::try_from(*offset).ok()?)?,
            )),
            _ => None,
        })
        .filter(|&(_, start)| start < len)
        .collect();
    entries.sort_by_key(|&(_, start)| start);
    entries.dedup_by_key(|&mut (_, start)| start);
    let ends: Vec<usize> = entries
        .iter()
        .skip(1)
        .map(|&(_, start)| start)
        .chain(std::iter::once(len))
        .collect();
    entries
        .into_iter()
        .zip(ends)
        .map(|((number, start), end)| (number, start, end))
        .collect()
}

/// Parses the one object in `slice` with lopdf's own object-stream parser, by wrapping the slice
/// in an object stream of one object.
fn parse_one(number: u32, slice: &[u8]) -> Option<Object> {
    let header = format!("{number} 0\n");
    let mut content = Vec::with_capacity(header.len() + slice.len());
    content.extend_from_slice(header.as_bytes());
    content.extend_from_slice(slice);
    let mut dict = Dictionary::new();
    dict.set("N", 1);
    dict.set("First", i64::try_from(header.len()).ok()?);
    let stream = Stream::new(dict, content);
    ObjectStream::new(&stream)
        .ok()?
        .objects
        .remove(&(number, 0))
}

/// Reads the data of the streams whose `/Length` lives in an object stream: the gate renamed that
/// key so lopdf would not decode the container to find it; now the object is loaded. The data
/// must end before the first `endstream`, as the load filter requires of every stream.
fn read_renamed_streams(doc: &mut Document, buf: &[u8]) -> Result<(), CleanError> {
    let renamed: Vec<(ObjectId, Vec<u8>, Object)> = doc
        .objects
        .iter()
        .filter_map(|(id, object)| {
            let Object::Stream(stream) = object else {
                return None;
            };
            stream
                .dict
                .iter()
                .find(|(key, _)| key.starts_with(gate::RENAMED_LENGTH))
                .map(|(key, value)| (*id, key.clone(), value.clone()))
        })
        .collect();
    for (id, key, value) in renamed {
        let length = match value {
            Object::Integer(length) => Some(length),
            Object::Reference(target) => match doc.objects.get(&target) {
                Some(Object::Integer(length)) => Some(*length),
                _ => None,
            },
            _ => None,
        };
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else {
            continue;
        };
        stream.dict.remove(&key);
        let data = length
            .and_then(|length| usize::try_from(length).ok())
            .zip(stream.start_position)
            .and_then(|(length, start)| buf.get(start..start.checked_add(length)?));
        match data {
            Some(data) if gate::find(data, 0, b"endstream").is_none() => {
                stream.set_content(data.to_vec());
            }
            _ => {
                return Err(CleanError::Malformed(
                    "PDF: a stream length does not fit its data".to_owned(),
                ));
            }
        }
    }
    Ok(())
}

/// Removes the information dictionary, the file identifier, and `/Metadata`, `/PieceInfo` and
/// `/LastModified` from every dictionary, noting what they held.
fn strip_metadata(doc: &mut Document, removed: &mut BTreeSet<Removed>) {
    if let Some(info) = doc.trailer.remove(b"Info") {
        let dict = match &info {
            Object::Reference(id) => doc.objects.get(id).and_then(|o| o.as_dict().ok()),
            Object::Dictionary(dict) => Some(dict),
            _ => None,
        };
        for (key, _) in dict.into_iter().flat_map(Dictionary::iter) {
            removed.insert(match key.as_slice() {
                b"Author" => Removed::Author,
                b"Creator" | b"Producer" => Removed::Software,
                b"CreationDate" | b"ModDate" => Removed::Dates,
                _ => Removed::OtherMetadata,
            });
        }
    }
    // The identifier is derived from the time, the file's path and size on the author's machine,
    // and is meant to stay the same across versions: it links copies together.
    if doc.trailer.remove(b"ID").is_some() {
        removed.insert(Removed::OtherMetadata);
    }
    let mut trailer = Dictionary::new();
    if let Ok(root) = doc.trailer.get(b"Root") {
        trailer.set("Root", root.clone());
    }
    doc.trailer = trailer;

    // Iterative: a dictionary nests at most 100 deep (lopdf's parser), but never rely on it.
    let mut metadata = Vec::new();
    let mut stack: Vec<&mut Object> = doc.objects.values_mut().collect();
    while let Some(object) = stack.pop() {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &mut stream.dict,
            Object::Array(items) => {
                stack.extend(items.iter_mut());
                continue;
            }
            _ => continue,
        };
        if let Some(value) = dict.remove(b"Metadata") {
            metadata.push(value);
        }
        if dict.remove(b"PieceInfo").is_some() {
            removed.insert(Removed::OtherMetadata);
        }
        if dict.remove(b"LastModified").is_some() {
            removed.insert(Removed::Dates);
        }
        stack.extend(dict.iter_mut().map(|(_, value)| value));
    }
    for value in metadata {
        let stream = match &value {
            Object::Reference(id) => doc.objects.get(id).and_then(|o| o.as_stream().ok()),
            Object::Stream(stream) => Some(stream),
            _ => None,
        };
        match stream {
            // Uncompressed XMP says what it held; compressed XMP is not inflated to find out.
            Some(stream) if !stream.dict.has(b"Filter") => {
                xmp::categories(&stream.content, removed)
            }
            _ => {
                removed.insert(Removed::OtherMetadata);
            }
        }
    }
}
