//! Turning an article's bytes into text: a BOM decides (UTF-8, UTF-16LE/BE); otherwise valid
//! UTF-8 is UTF-8; otherwise the encoding is guessed with `chardetng` (the detector Firefox
//! uses), e.g. Windows-1252 for an article saved by an older Windows editor.

/// Decoded text and what it was decoded from.
pub(crate) struct DecodedText {
    pub text: String,
    pub encoding: &'static str,
    pub detected: bool,
}

/// Share of control characters (other than tab, CR, LF, form feed) above which a file is
/// taken for binary.
const MAX_CONTROL_CHAR_SHARE: f64 = 0.05;

/// Decodes `bytes`, or `None` when they are not text. UTF-8 is taken as it is, not copied.
pub(crate) fn decode_text(bytes: Vec<u8>) -> Option<DecodedText> {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        if had_errors || looks_binary(&text) {
            return None;
        }
        return Some(DecodedText {
            text: text.into_owned(),
            encoding: encoding.name(),
            detected: false,
        });
    }
    if bytes.contains(&0) {
        return None;
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return (!looks_binary(&text)).then_some(DecodedText {
                text,
                encoding: "UTF-8",
                detected: false,
            });
        }
        Err(error) => error.into_bytes(),
    };
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, _) = encoding.decode(&bytes);
    if looks_binary(&text) {
        return None;
    }
    Some(DecodedText {
        text: text.into_owned(),
        encoding: encoding.name(),
        detected: true,
    })
}

fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(65_536) {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            control += 1;
        }
    }
    total > 0 && control as f64 / total as f64 > MAX_CONTROL_CHAR_SHARE || text.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Khamenei’s “resistance”".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode_text(bytes).expect("text");
        assert_eq!(decoded.text, "Khamenei’s “resistance”");
        assert_eq!(decoded.encoding, "UTF-16LE");
    }

    #[test]
    fn windows_1252_is_detected() {
        // “Café” — naïve résumé: curly quotes (0x93/0x94), é (0xE9), em dash (0x97), ï (0xEF).
        let bytes = b"\x93Caf\xe9\x94 \x97 na\xefve r\xe9sum\xe9 of the d\xe9bat on the r\xe9gime";
        let decoded = decode_text(bytes.to_vec()).expect("text");
        assert_eq!(decoded.encoding, "windows-1252");
        assert!(decoded.detected);
        assert!(
            decoded.text.starts_with("“Café” — naïve résumé"),
            "{}",
            decoded.text
        );
    }

    #[test]
    fn binary_bytes_are_not_text() {
        assert!(decode_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()).is_none());
        assert!(decode_text(vec![1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]).is_none());
    }
}
