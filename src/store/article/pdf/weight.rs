//! Which glyphs are bold, passed to the glyph callback through the font size.
//!
//! `pdf-extract` tells its callback each glyph's size but not its font, and headings are
//! often told from the text only by weight. Before it reads, every `Tf` (set font and size)
//! on the pages and in their figures is rewritten so that the two lowest bits of the size (as
//! the 32-bit float the PDF parser holds) say whether the font is bold: a change of a few
//! parts in ten million of the size, which no layout can see, read back by [`is_bold`].
//!
//! A font is bold when its name says so ("Arial-BoldMT", "ABCDEF+Minion-Semibold",
//! "Times New Roman,Bold"), its descriptor's weight is 600 or more, or it is flagged to be
//! painted bold.

use super::repair::{dictionary_of, name_is, page_resources};
use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::HashSet;

const BOLD_BITS: u32 = 0b11;

/// The font-size value that carries `bold` (see the module docs).
fn marked(size: f32, bold: bool) -> f32 {
    let bits = (size.to_bits() & !BOLD_BITS) | if bold { BOLD_BITS } else { 0 };
    f32::from_bits(bits)
}

/// Whether a glyph's font size, as the callback receives it, says its font is bold.
pub(super) fn is_bold(font_size: f64) -> bool {
    (font_size as f32).to_bits() & BOLD_BITS == BOLD_BITS
}

/// Marks every `Tf` on the pages and in their forms.
pub(super) fn mark_bold_fonts(document: &mut Document) {
    let pages: Vec<ObjectId> = document.get_pages().into_values().collect();
    for page in pages {
        let Some(resources) = page_resources(document, page) else {
            continue;
        };
        let bold = bold_font_names(document, &resources);
        let Some(bytes) = document.get_page_content(page).ok() else {
            continue;
        };
        if let Some(marked) = marked_content(&bytes, &bold) {
            let contents = document.add_object(Stream::new(Dictionary::new(), marked));
            if let Ok(page) = document.get_dictionary_mut(page) {
                page.set("Contents", Object::Reference(contents));
            }
        }
    }
    let forms: Vec<ObjectId> = document
        .objects
        .iter()
        .filter_map(|(id, object)| match object {
            Object::Stream(stream) if name_is(&stream.dict, b"Subtype", &[b"Form"]) => Some(*id),
            _ => None,
        })
        .collect();
    for form in forms {
        let Ok(Object::Stream(stream)) = document.get_object(form) else {
            continue;
        };
        let Some(resources) = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|resources| dictionary_of(document, resources))
        else {
            continue;
        };
        let bold = bold_font_names(document, resources);
        let Some(marked) = stream
            .get_plain_content()
            .ok()
            .and_then(|bytes| marked_content(&bytes, &bold))
        else {
            continue;
        };
        if let Some(Object::Stream(stream)) = document.objects.get_mut(&form) {
            stream.set_plain_content(marked);
        }
    }
}

/// A content stream with every `Tf`'s size marked; `None` if it cannot be read or sets no font.
fn marked_content(bytes: &[u8], bold: &HashSet<Vec<u8>>) -> Option<Vec<u8>> {
    let mut content = Content::decode(bytes).ok()?;
    let mut changed = false;
    for operation in &mut content.operations {
        if operation.operator != "Tf" || operation.operands.len() != 2 {
            continue;
        }
        let Ok(size) = operation.operands[1].as_float() else {
            continue;
        };
        let is_bold = operation.operands[0]
            .as_name()
            .is_ok_and(|name| bold.contains(name));
        operation.operands[1] = Object::Real(marked(size, is_bold));
        changed = true;
    }
    changed.then(|| content.encode().ok()).flatten()
}

/// The names, in a resource dictionary, of its bold fonts.
fn bold_font_names(document: &Document, resources: &Dictionary) -> HashSet<Vec<u8>> {
    let Some(fonts) = resources
        .get(b"Font")
        .ok()
        .and_then(|fonts| dictionary_of(document, fonts))
    else {
        return HashSet::new();
    };
    fonts
        .iter()
        .filter(|(_, font)| {
            dictionary_of(document, font).is_some_and(|font| is_bold_font(document, font))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

fn is_bold_font(document: &Document, font: &Dictionary) -> bool {
    let descendant = font
        .get(b"DescendantFonts")
        .and_then(Object::as_array)
        .ok()
        .and_then(|fonts| fonts.first())
        .and_then(|first| dictionary_of(document, first));
    [Some(font), descendant].into_iter().flatten().any(|font| {
        let name_says = font
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .is_ok_and(|name| bold_name(&String::from_utf8_lossy(name)));
        let descriptor = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(|descriptor| dictionary_of(document, descriptor));
        let descriptor_says = descriptor.is_some_and(|descriptor| {
            let weight = descriptor
                .get(b"FontWeight")
                .and_then(Object::as_float)
                .is_ok_and(|weight| weight >= 600.0);
            // Bit 19 of the flags: ForceBold.
            let force_bold = descriptor
                .get(b"Flags")
                .and_then(Object::as_i64)
                .is_ok_and(|flags| flags & (1 << 18) != 0);
            weight || force_bold
        });
        name_says || descriptor_says
    })
}

/// A font name that says bold: "Arial-BoldMT", "Minion-Semibold", "Times New Roman,Bold".
fn bold_name(name: &str) -> bool {
    // A subset's name starts with six capitals and "+".
    let name = name
        .split_once('+')
        .map_or(name, |(_, rest)| rest)
        .to_lowercase();
    ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|weight| name.contains(weight))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_rides_in_the_size_and_changes_it_by_next_to_nothing() {
        for size in [6.0f32, 10.0, 10.9091, 12.0, 72.0] {
            for bold in [true, false] {
                let carried = marked(size, bold);
                assert_eq!(is_bold(f64::from(carried)), bold);
                assert!((carried - size).abs() / size < 1e-6);
            }
        }
    }

    #[test]
    fn bold_names_are_recognised() {
        assert!(bold_name("ABCDEF+Arial-BoldMT"));
        assert!(bold_name("Times New Roman,Bold"));
        assert!(bold_name("MinionPro-Semibold"));
        assert!(!bold_name("Helvetica"));
        assert!(!bold_name("BOOKMAN+Garamond-Italic"));
    }
}
