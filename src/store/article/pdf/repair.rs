//! What `pdf-extract` 0.12 reads wrong, set right in the document before it reads it.
//!
//! - **Widths of composite fonts given as ranges.** A CID font's `W` array mixes two forms:
//!   `c [w1 w2 …]` and `c_first c_last w`. The library reads the second form's bounds and width
//!   from the wrong entries, so every glyph in such a range gets the default width (usually a
//!   whole em): words then drift apart within a string and run into the next (seen in
//!   Word-made reports). Ranges are rewritten in the first form, which it reads right.
//! - **Form XObjects** (figures, logos, whole pages placed by a layout program) are painted
//!   from a fresh graphics state: without the transformation in force where the page paints
//!   them, without their own `/Matrix`, and without saving the state around them, so their
//!   text lands in the wrong place. Each form a page paints is replaced, for that painting, by
//!   a copy whose content is wrapped in `q <Matrix × CTM> cm … Q` (the placement worked out by
//!   following the page's `q`, `Q` and `cm`); forms painted by forms get their own `/Matrix`.
//!
//! Both change only the copy in memory, never the file.

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::HashMap;

/// A PDF transformation matrix `[a b c d e f]`.
type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// Marks a form copy already placed, so that it is not wrapped twice.
const PLACED_KEY: &str = "CloseReadPlaced";

/// The most character ids expanded in one font (a font covers at most 65,536).
const MAX_RANGE: i64 = 65_536;

/// Applies both repairs.
pub(crate) fn repair(document: &mut Document) {
    expand_width_ranges(document);
    place_forms(document);
    break_form_cycles(document);
    wrap_forms(document);
    super::weight::mark_bold_fonts(document);
}

/// Forms nested deeper than this are not painted (the library recurses once per level).
const MAX_FORM_DEPTH: usize = 24;

/// A form that paints itself, directly or through others, would send the library into
/// endless recursion, which ends the process (a stack overflow cannot be caught): such a
/// painting, and any nested deeper than [`MAX_FORM_DEPTH`], is taken out of the form.
fn break_form_cycles(document: &mut Document) {
    // The forms each form paints, by name. A form without resources of its own paints with
    // its page's, so its names are looked up in every page's.
    let page_xobjects: Vec<Dictionary> = document
        .get_pages()
        .into_values()
        .filter_map(|page| page_resources(document, page))
        .filter_map(|resources| dictionary_of(document, resources.get(b"XObject").ok()?).cloned())
        .collect();
    let mut paints: HashMap<ObjectId, Vec<(Vec<u8>, ObjectId)>> = HashMap::new();
    for (&id, object) in &document.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !name_is(&stream.dict, b"Subtype", &[b"Form"]) {
            continue;
        }
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|resources| dictionary_of(document, resources))
            .and_then(|resources| dictionary_of(document, resources.get(b"XObject").ok()?));
        let lookups: Vec<&Dictionary> = match own {
            Some(own) => vec![own],
            None => page_xobjects.iter().collect(),
        };
        let Some(content) = stream
            .get_plain_content()
            .ok()
            .and_then(|bytes| Content::decode(&bytes).ok())
        else {
            continue;
        };
        let edges = paints.entry(id).or_default();
        for operation in content.operations.iter().filter(|op| op.operator == "Do") {
            let Some(name) = operation
                .operands
                .first()
                .and_then(|name| name.as_name().ok())
            else {
                continue;
            };
            for xobjects in &lookups {
                if let Ok(target) = xobjects.get(name).and_then(Object::as_reference) {
                    edges.push((name.to_vec(), target));
                }
            }
        }
    }
    // Depth-first from every form, without recursion of our own: (form, next edge) pairs.
    let mut done: std::collections::HashSet<ObjectId> = std::collections::HashSet::new();
    let mut cuts: Vec<(ObjectId, Vec<u8>)> = Vec::new();
    let mut roots: Vec<ObjectId> = paints.keys().copied().collect();
    roots.sort();
    for root in roots {
        if done.contains(&root) {
            continue;
        }
        let mut path: Vec<(ObjectId, usize)> = vec![(root, 0)];
        while let Some((form, next)) = path.last().copied() {
            let edges = paints.get(&form).map_or(&[][..], Vec::as_slice);
            let Some((name, target)) = edges.get(next) else {
                done.insert(form);
                path.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            let on_path = path.iter().any(|(open, _)| open == target);
            if on_path || path.len() >= MAX_FORM_DEPTH {
                cuts.push((form, name.clone()));
            } else if paints.contains_key(target) && !done.contains(target) {
                path.push((*target, 0));
            }
        }
    }
    for (form, name) in cuts {
        let Some(Object::Stream(stream)) = document.objects.get_mut(&form) else {
            continue;
        };
        let Some(mut content) = stream
            .get_plain_content()
            .ok()
            .and_then(|bytes| Content::decode(&bytes).ok())
        else {
            continue;
        };
        content.operations.retain(|operation| {
            operation.operator != "Do"
                || operation.operands.first().and_then(|n| n.as_name().ok()) != Some(&name[..])
        });
        if let Ok(bytes) = content.encode() {
            stream.set_plain_content(bytes);
        }
    }
}

/// `first` then `second` (PDF's row-vector order: `first × second`).
fn multiply(first: Matrix, second: Matrix) -> Matrix {
    let [a, b, c, d, e, f] = first;
    let [a2, b2, c2, d2, e2, f2] = second;
    [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]
}

fn matrix_of(entries: &[Object]) -> Option<Matrix> {
    let numbers: Vec<f64> = entries
        .iter()
        .filter_map(|entry| entry.as_float().ok().map(f64::from))
        .collect();
    <[f64; 6]>::try_from(numbers).ok()
}

fn form_matrix(form: &Stream) -> Matrix {
    form.dict
        .get(b"Matrix")
        .and_then(Object::as_array)
        .ok()
        .and_then(|entries| matrix_of(entries))
        .unwrap_or(IDENTITY)
}

/// A dictionary, following a reference if it is one.
pub(super) fn dictionary_of<'a>(
    document: &'a Document,
    object: &'a Object,
) -> Option<&'a Dictionary> {
    match object {
        Object::Dictionary(dictionary) => Some(dictionary),
        Object::Reference(id) => document.get_dictionary(*id).ok(),
        _ => None,
    }
}

/// The resources a page paints with: its own, else the nearest ancestor's (as the library
/// looks them up).
pub(super) fn page_resources(document: &Document, page: ObjectId) -> Option<Dictionary> {
    let mut node = document.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Ok(resources) = node.get(b"Resources") {
            return dictionary_of(document, resources).cloned();
        }
        node = document
            .get_dictionary(node.get(b"Parent").ok()?.as_reference().ok()?)
            .ok()?;
    }
    None
}

/// Replaces each painting of a form on a page by a copy placed where the page puts it.
fn place_forms(document: &mut Document) {
    let pages: Vec<ObjectId> = document.get_pages().into_values().collect();
    let mut copies = 0usize;
    for page in pages {
        let Some(mut resources) = page_resources(document, page) else {
            continue;
        };
        let Some(mut xobjects) = resources
            .get(b"XObject")
            .ok()
            .and_then(|xobjects| dictionary_of(document, xobjects))
            .cloned()
        else {
            continue;
        };
        let forms: HashMap<Vec<u8>, ObjectId> = xobjects
            .iter()
            .filter_map(|(name, object)| {
                let id = object.as_reference().ok()?;
                let Ok(Object::Stream(stream)) = document.get_object(id) else {
                    return None;
                };
                name_is(&stream.dict, b"Subtype", &[b"Form"]).then(|| (name.clone(), id))
            })
            .collect();
        if forms.is_empty() {
            continue;
        }
        let Some(mut content) = document
            .get_page_content(page)
            .ok()
            .and_then(|bytes| Content::decode(&bytes).ok())
        else {
            continue;
        };
        let mut ctm = IDENTITY;
        let mut saved = Vec::new();
        let mut placed = false;
        for operation in &mut content.operations {
            match operation.operator.as_str() {
                "q" => saved.push(ctm),
                "Q" => ctm = saved.pop().unwrap_or(IDENTITY),
                "cm" => {
                    if let Some(matrix) = matrix_of(&operation.operands) {
                        ctm = multiply(matrix, ctm);
                    }
                }
                "Do" => {
                    let Some(form) = operation
                        .operands
                        .first()
                        .and_then(|name| name.as_name().ok())
                        .and_then(|name| forms.get(name))
                    else {
                        continue;
                    };
                    let Some(copy) = placed_copy(document, *form, ctm) else {
                        continue;
                    };
                    let name = format!("CloseReadForm{copies}").into_bytes();
                    copies += 1;
                    xobjects.set(name.clone(), Object::Reference(copy));
                    operation.operands[0] = Object::Name(name);
                    placed = true;
                }
                _ => {}
            }
        }
        if !placed {
            continue;
        }
        let Ok(bytes) = content.encode() else {
            continue;
        };
        let contents = document.add_object(Stream::new(Dictionary::new(), bytes));
        resources.set("XObject", Object::Dictionary(xobjects));
        if let Ok(page) = document.get_dictionary_mut(page) {
            page.set("Contents", Object::Reference(contents));
            page.set("Resources", Object::Dictionary(resources));
        }
    }
}

/// A copy of `form` whose content is placed by its matrix and then `ctm`.
fn placed_copy(document: &mut Document, form: ObjectId, ctm: Matrix) -> Option<ObjectId> {
    let Ok(Object::Stream(original)) = document.get_object(form) else {
        return None;
    };
    let mut copy = original.clone();
    let content = copy.get_plain_content().ok()?;
    let placement = multiply(form_matrix(&copy), ctm);
    let numbers: Vec<String> = placement.iter().map(f64::to_string).collect();
    let mut wrapped = format!("q\n{} cm\n", numbers.join(" ")).into_bytes();
    wrapped.extend_from_slice(&content);
    wrapped.extend_from_slice(b"\nQ\n");
    copy.set_plain_content(wrapped);
    copy.dict.remove(b"Matrix");
    copy.dict.set(PLACED_KEY, true);
    Some(document.add_object(Object::Stream(copy)))
}

pub(super) fn name_is(dictionary: &pdf_extract::Dictionary, key: &[u8], names: &[&[u8]]) -> bool {
    dictionary
        .get(key)
        .and_then(Object::as_name)
        .is_ok_and(|name| names.contains(&name))
}

fn expand_width_ranges(document: &mut Document) {
    let fonts: Vec<(ObjectId, Object)> = document
        .objects
        .iter()
        .filter_map(|(id, object)| {
            let font = object.as_dict().ok()?;
            if !name_is(font, b"Subtype", &[b"CIDFontType0", b"CIDFontType2"]) {
                return None;
            }
            Some((*id, font.get(b"W").ok()?.clone()))
        })
        .collect();
    for (font, widths) in fonts {
        match widths {
            Object::Array(entries) => {
                if let Ok(font) = document.get_dictionary_mut(font) {
                    font.set("W", Object::Array(expanded(&entries)));
                }
            }
            Object::Reference(array) => {
                if let Some(Object::Array(entries)) = document.objects.get_mut(&array) {
                    *entries = expanded(entries);
                }
            }
            _ => {}
        }
    }
}

/// A `W` array with every `c_first c_last w` written as `c_first [w w …]`.
fn expanded(entries: &[Object]) -> Vec<Object> {
    let mut out = Vec::with_capacity(entries.len());
    // Widths written out so far: a font has at most 65,536 glyphs, so more is a damaged file.
    let mut expanded_widths = 0i64;
    let mut index = 0;
    while index < entries.len() {
        match (
            entries.get(index),
            entries.get(index + 1),
            entries.get(index + 2),
        ) {
            (Some(first), Some(Object::Array(widths)), _) => {
                out.push(first.clone());
                out.push(Object::Array(widths.clone()));
                index += 2;
            }
            (Some(first), Some(last), Some(width)) => {
                let span = first
                    .as_i64()
                    .ok()
                    .zip(last.as_i64().ok())
                    .and_then(|(first, last)| Some((first, last.checked_sub(first)?)));
                if let Some((first, span)) = span
                    && (0..MAX_RANGE).contains(&span)
                    && expanded_widths + span < MAX_RANGE
                {
                    expanded_widths += span + 1;
                    out.push(Object::Integer(first));
                    out.push(Object::Array(vec![width.clone(); (span + 1) as usize]));
                }
                index += 3;
            }
            // A dangling entry: nothing the library could read either.
            _ => break,
        }
    }
    out
}

fn wrap_forms(document: &mut Document) {
    for object in document.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !name_is(&stream.dict, b"Subtype", &[b"Form"]) || stream.dict.has(PLACED_KEY.as_bytes())
        {
            continue;
        }
        let Ok(content) = stream.get_plain_content() else {
            continue;
        };
        let numbers: Vec<String> = form_matrix(stream).iter().map(f64::to_string).collect();
        let mut wrapped = format!("q\n{} cm\n", numbers.join(" ")).into_bytes();
        wrapped.extend_from_slice(&content);
        wrapped.extend_from_slice(b"\nQ\n");
        stream.set_plain_content(wrapped);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale = [2.0, 0.0, 0.0, 2.0, 0.0, 0.0];
        let shift = [1.0, 0.0, 0.0, 1.0, 10.0, 20.0];
        // Scaled first, then shifted: (1, 1) → (2, 2) → (12, 22).
        assert_eq!(multiply(scale, shift), [2.0, 0.0, 0.0, 2.0, 10.0, 20.0]);
        // Shifted first, then scaled: (1, 1) → (11, 21) → (22, 42).
        assert_eq!(multiply(shift, scale), [2.0, 0.0, 0.0, 2.0, 20.0, 40.0]);
        assert_eq!(multiply(IDENTITY, shift), shift);
    }

    #[test]
    fn width_ranges_become_lists_and_lists_stay() {
        let widths = vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(250), Object::Integer(300)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(500),
        ];
        assert_eq!(
            expanded(&widths),
            vec![
                Object::Integer(3),
                Object::Array(vec![Object::Integer(250), Object::Integer(300)]),
                Object::Integer(10),
                Object::Array(vec![Object::Integer(500); 3]),
            ]
        );
    }
}
