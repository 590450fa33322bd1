//! Small helpers for reading XML with `quick-xml`, shared by the readers of XML-based files
//! (REFI-QDA projects, Word articles): an attribute and an element's name by local name, and
//! the text of text, CDATA and character or entity reference events.

use quick_xml::events::{BytesStart, Event};

/// The value of attribute `name` (local name, any prefix) of an element, normalised.
pub(crate) fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == name.as_bytes())
        .and_then(|attribute| {
            attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|value| value.into_owned())
        })
}

/// An element's local name ("p" for `w:p`).
pub(crate) fn local_name(element: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(element.local_name().as_ref()).into_owned()
}

/// The text a `Text`, `CData` or `GeneralRef` event stands for ("" for other events).
pub(crate) fn event_text(event: &Event<'_>) -> String {
    match event {
        Event::Text(text) => text.xml10_content().unwrap_or_default().into_owned(),
        Event::CData(text) => String::from_utf8_lossy(text).into_owned(),
        Event::GeneralRef(reference) => reference_text(&reference.decode().unwrap_or_default()),
        _ => String::new(),
    }
}

/// A character or predefined entity reference's text (`#x2019`, `amp`); "" when unknown.
pub(crate) fn reference_text(name: &str) -> String {
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(decimal) = name.strip_prefix('#') {
        decimal.parse().ok()
    } else {
        None
    };
    if let Some(c) = code.and_then(char::from_u32) {
        return c.to_string();
    }
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_give_their_characters() {
        assert_eq!(reference_text("#x2019"), "’");
        assert_eq!(reference_text("#1601"), "ف");
        assert_eq!(reference_text("amp"), "&");
        assert_eq!(reference_text("nbsp"), "");
    }
}
