//! Tells what an XMP packet held, by looking for well-known property names. The packet is removed
//! whatever it says; this only chooses the words shown to the reporter.

use std::collections::BTreeSet;

use crate::Removed;

/// Property names (as element or attribute) and what they reveal.
const PROPERTIES: &[(&[u8], Removed)] = &[
    (b"dc:creator", Removed::Author),
    (b"dc:rights", Removed::Author),
    (b"photoshop:AuthorsPosition", Removed::Author),
    (b"GPSLatitude", Removed::Location),
    (b"GPSLongitude", Removed::Location),
    (b"photoshop:City", Removed::Location),
    (b"Iptc4xmpCore:Location", Removed::Location),
    (b"xmp:CreateDate", Removed::Dates),
    (b"xmp:ModifyDate", Removed::Dates),
    (b"xmp:MetadataDate", Removed::Dates),
    (b"photoshop:DateCreated", Removed::Dates),
    (b"exif:DateTimeOriginal", Removed::Dates),
    (b"xmp:CreatorTool", Removed::Software),
    (b"pdf:Producer", Removed::Software),
    (b"tiff:Make", Removed::CameraDetails),
    (b"tiff:Model", Removed::CameraDetails),
    (b"SerialNumber", Removed::CameraDetails),
    (b"aux:Lens", Removed::CameraDetails),
    (b"dc:description", Removed::Comments),
    (b"exif:UserComment", Removed::Comments),
];

/// Adds to `out` what the XMP `packet` reveals, and always [`Removed::OtherMetadata`].
pub(crate) fn categories(packet: &[u8], out: &mut BTreeSet<Removed>) {
    out.insert(Removed::OtherMetadata);
    for (name, category) in PROPERTIES {
        if packet.windows(name.len()).any(|window| window == *name) {
            out.insert(*category);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_properties() {
        let packet = br#"<x:xmpmeta><rdf:RDF><rdf:Description xmp:CreatorTool="Editor 3"
            xmp:CreateDate="2024-01-01"><dc:creator><rdf:Seq><rdf:li>A. Person</rdf:li></rdf:Seq>
            </dc:creator><exif:GPSLatitude>39,54.0N</exif:GPSLatitude></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let mut out = BTreeSet::new();
        categories(packet, &mut out);
        assert_eq!(
            out.into_iter().collect::<Vec<_>>(),
            [
                Removed::Location,
                Removed::Dates,
                Removed::Author,
                Removed::Software,
                Removed::OtherMetadata
            ]
        );
        let mut empty = BTreeSet::new();
        categories(b"", &mut empty);
        assert_eq!(
            empty.into_iter().collect::<Vec<_>>(),
            [Removed::OtherMetadata]
        );
    }
}
