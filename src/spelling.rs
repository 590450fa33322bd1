//! Spelling in notes: which words of a note are misspelled, and what to write instead.
//!
//! The checker is [`spellbook`] (a pure-Rust, Hunspell-compatible spell checker) with the
//! `en_US` Hunspell dictionary from SCOWL, bundled in `assets/dictionaries/` and embedded in the
//! binary with `include_str!`: nothing is read from disk at run time. The dictionary is parsed
//! once per process, on the first call to [`english`] (see there for how long that takes).
//!
//! No egui here: the window underlines the ranges [`SpellChecker::misspelled`] returns and
//! offers [`SpellChecker::suggest`] in a context menu.
//!
//! # What is checked
//!
//! The text is split into words by Unicode's word boundaries (UAX #29, via
//! `unicode-segmentation`), so `don't` and `Iran's` are one word and `well-known` is two. A word
//! is checked the way Hunspell checks it: a capitalised or all-capitals form of a lowercase
//! dictionary word is right (`Receive`), a proper noun the dictionary does not know is flagged
//! (as Word and LibreOffice do). The typographic apostrophe `’` counts as `'`. A possessive
//! (`Khamenei's`, `students'`) is right when the word is right with its `'s` or `'`, or the word
//! without it is.
//!
//! These are never flagged:
//! - words with a digit (`2019`, `16s`) or an underscore (`snake_case`);
//! - words of a single letter;
//! - all-capitals words of two or more letters, such as acronyms (`IRGC`, `U.S.`, `IRGC's`);
//! - words with any letter outside the Latin script (Persian `فارسی`, Greek, Cyrillic, …): the
//!   dictionary is English and names in other scripts are not errors;
//! - URLs, e-mail addresses and bare domain names (`https://…`, `www.…`, `a@b.org`,
//!   `example.com`): the whole whitespace-separated stretch around them is skipped;
//! - words longer than [`MAX_WORD_CHARS`] characters.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, OnceLock, PoisonError};

use foldhash::fast::FixedState;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// The bundled `en_US` affix file (SCOWL via Debian's `hunspell-en-us`).
const EN_US_AFF: &str = include_str!("../assets/dictionaries/en_US.aff");
/// The bundled `en_US` word list.
const EN_US_DIC: &str = include_str!("../assets/dictionaries/en_US.dic");

/// The most suggestions [`SpellChecker::suggest`] returns.
pub(crate) const MAX_SUGGESTIONS: usize = 6;

/// Words longer than this (in characters) are neither flagged nor given suggestions: they are
/// hashes, pasted identifiers or the like, and suggesting for them is slow.
pub(crate) const MAX_WORD_CHARS: usize = 60;

/// How many words' suggestions [`SpellChecker::suggest`] remembers.
pub(crate) const SUGGESTION_CACHE_LEN: usize = 256;

/// Top-level domains that make a token like `example.com` a domain name rather than two words.
const DOMAIN_ENDINGS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "int", "mil", "io", "info", "ir", "uk", "us", "eu", "de",
    "fr", "ru", "cn", "il", "ae", "sa", "tr", "iq", "af", "pk", "in", "ca", "au", "ch", "nl",
];

/// The bundled dictionary could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpellingError {
    #[error("the bundled {language} spelling dictionary could not be read: {message}")]
    Dictionary {
        language: &'static str,
        message: String,
    },
}

/// A spell checker for one language. Get the English one with [`english`].
pub struct SpellChecker {
    /// A fixed hasher, not spellbook's random one: suggestions of equal rank then come in the
    /// same order every run.
    dictionary: spellbook::Dictionary<FixedState>,
    /// Suggestions already made, by the word asked about: an immediate-mode context menu asks
    /// every frame while it is open. Emptied when it reaches [`SUGGESTION_CACHE_LEN`] words.
    suggested: Mutex<HashMap<String, Vec<String>>>,
}

impl std::fmt::Debug for SpellChecker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpellChecker").finish_non_exhaustive()
    }
}

static ENGLISH: OnceLock<Result<SpellChecker, SpellingError>> = OnceLock::new();

/// The English (`en_US`) checker, parsed from the embedded dictionary on the first call.
///
/// The first call blocks while the dictionary is parsed: 25–75 ms in a release build, 45–70 ms
/// in a dev build (`examples/spelling_timing.rs` measures it).
/// A window should call this once on a worker thread at start-up and use [`english_if_loaded`]
/// while drawing. Later calls are free. Every call returns the same result: an error the first
/// time is an error every time.
pub fn english() -> Result<&'static SpellChecker, SpellingError> {
    ENGLISH
        .get_or_init(|| SpellChecker::from_hunspell("en_US", EN_US_AFF, EN_US_DIC))
        .as_ref()
        .map_err(Clone::clone)
}

/// The English checker if it has been loaded (by [`english`]) and loaded well; never blocks.
pub fn english_if_loaded() -> Option<&'static SpellChecker> {
    ENGLISH.get().and_then(|loaded| loaded.as_ref().ok())
}

impl SpellChecker {
    /// A checker from a Hunspell dictionary's affix (`.aff`) and word list (`.dic`) text.
    /// `language` only names it in the error.
    pub(crate) fn from_hunspell(
        language: &'static str,
        aff: &str,
        dic: &str,
    ) -> Result<Self, SpellingError> {
        spellbook::Dictionary::new_with_hasher(aff, dic, FixedState::default())
            .map(|dictionary| Self {
                dictionary,
                suggested: Mutex::new(HashMap::new()),
            })
            .map_err(|err| SpellingError::Dictionary {
                language,
                message: err.to_string(),
            })
    }

    /// The misspelled words in `text`, in order, as **byte** ranges into `text` (not `char`
    /// indices): each starts and ends on a `char` boundary, so `&text[range]` is the word. Byte
    /// ranges are what egui's layouter and `LayoutJob` sections use.
    ///
    /// See the [module docs](self) for how words are found and which are never flagged.
    pub fn misspelled(&self, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        for (chunk_start, chunk) in whitespace_chunks(text) {
            if is_url_like(chunk) {
                continue;
            }
            for (word_start, word) in chunk.unicode_word_indices() {
                let start = chunk_start + word_start;
                if !word.contains('.') || is_never_flagged(word) {
                    if !self.is_correct(word) {
                        found.push(start..start + word.len());
                    }
                    continue;
                }
                // Inner dots ("e.g", "end.The"): the dictionary has no dotted words, so each
                // part is a word of its own.
                let mut part_start = start;
                for part in word.split('.') {
                    if !part.is_empty() && !self.is_correct(part) {
                        found.push(part_start..part_start + part.len());
                    }
                    part_start += part.len() + 1;
                }
            }
        }
        found
    }

    /// Whether `word` (one word, no surrounding spaces or punctuation) passes: either one of the
    /// kinds never flagged (see the [module docs](self)) or right by the dictionary. This is the
    /// decision [`misspelled`](Self::misspelled) makes for each word.
    pub(crate) fn is_correct(&self, word: &str) -> bool {
        let word: String = word.nfc().map(normalise_apostrophe).collect();
        let (stem, possessive) = split_possessive(&word);
        if is_never_flagged(stem) {
            return true;
        }
        self.dictionary.check(&word) || (possessive && self.dictionary.check(stem))
    }

    /// Up to [`MAX_SUGGESTIONS`] corrections for `word`, best first; empty when there are none
    /// (or the word is longer than [`MAX_WORD_CHARS`]). A word written with `’` gets
    /// suggestions with `’`.
    ///
    /// Suggesting is much slower than checking (30–100 ms for one word in a release build, up to
    /// three times that in a dev build), so call it when the menu opens, or from a worker. The
    /// last [`SUGGESTION_CACHE_LEN`] words' suggestions are remembered, so asking again for the
    /// same word (every frame a menu is open) is free. The order is the same every run.
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let word = word.trim();
        if word.is_empty() || word.chars().count() > MAX_WORD_CHARS {
            return Vec::new();
        }
        let cache = || {
            self.suggested
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(known) = cache().get(word) {
            return known.clone();
        }
        let suggestions = self.suggest_uncached(word);
        let mut cache = cache();
        if cache.len() >= SUGGESTION_CACHE_LEN {
            cache.clear();
        }
        cache.insert(word.to_owned(), suggestions.clone());
        suggestions
    }

    fn suggest_uncached(&self, word: &str) -> Vec<String> {
        let typographic = word.contains('\u{2019}');
        let normalised: String = word.nfc().map(normalise_apostrophe).collect();
        let mut suggestions = Vec::new();
        // A capitalised word is most often a common word at a sentence's start ("Teh"): the
        // lowercase word's suggestions, capitalised, come first. Hunspell does the same;
        // spellbook alone ranks "The" twelfth for "Teh".
        let lowercase = normalised.to_lowercase();
        if is_title_case(&normalised) && lowercase != normalised {
            let mut lower_suggestions = Vec::new();
            self.dictionary.suggest(&lowercase, &mut lower_suggestions);
            suggestions.extend(lower_suggestions.iter().map(|s| capitalise(s)));
        }
        let mut own = Vec::new();
        self.dictionary.suggest(&normalised, &mut own);
        for suggestion in own {
            if !suggestions.contains(&suggestion) {
                suggestions.push(suggestion);
            }
        }
        suggestions.truncate(MAX_SUGGESTIONS);
        if typographic {
            for suggestion in &mut suggestions {
                *suggestion = suggestion.replace('\'', "\u{2019}");
            }
        }
        suggestions
    }
}

/// Whether a word is capitalised and otherwise lowercase ("Teh", not "TEh" or "McCain").
fn is_title_case(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    letters.next().is_some_and(char::is_uppercase) && letters.all(char::is_lowercase)
}

/// The word with its first character in upper case.
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `’` (U+2019) as `'`; everything else unchanged.
fn normalise_apostrophe(c: char) -> char {
    if c == '\u{2019}' { '\'' } else { c }
}

/// The word without a possessive ending (`'s` or a final `'`), and whether it had one. The
/// apostrophes must already be normalised.
fn split_possessive(word: &str) -> (&str, bool) {
    let stem = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("'S"))
        .or_else(|| word.strip_suffix('\''));
    match stem {
        Some(stem) if !stem.is_empty() => (stem, true),
        _ => (word, false),
    }
}

/// The kinds of word that are never flagged, whatever the dictionary says.
fn is_never_flagged(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters < 2
        || word.chars().count() > MAX_WORD_CHARS
        || word.chars().any(|c| c.is_numeric() || c == '_')
        || word.chars().any(|c| c.is_alphabetic() && !is_latin(c))
        || word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Whether a letter is in the Latin script (the blocks English and its loanwords use).
fn is_latin(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z'
        | '\u{00AA}' | '\u{00BA}'
        | '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{024F}'
        | '\u{0250}'..='\u{02AF}'
        | '\u{1D00}'..='\u{1DBF}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2C60}'..='\u{2C7F}'
        | '\u{A720}'..='\u{A7FF}'
        | '\u{AB30}'..='\u{AB6F}'
        | '\u{FB00}'..='\u{FB06}'
        | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
}

/// The stretches of `text` between whitespace, with their byte offsets.
fn whitespace_chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .filter(|chunk| !chunk.is_empty())
        .map(move |chunk| (chunk.as_ptr() as usize - text.as_ptr() as usize, chunk))
}

/// Whether a whitespace-separated stretch is a URL, an e-mail address or a bare domain name.
fn is_url_like(chunk: &str) -> bool {
    let trimmed = chunk.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
    let lower = trimmed.to_lowercase();
    if lower.contains("://") || lower.starts_with("www.") || lower.starts_with("mailto:") {
        return true;
    }
    if let Some((local, domain)) = trimmed.split_once('@') {
        return !local.is_empty() && domain.contains('.');
    }
    // A bare domain: dot-separated labels of letters, digits and hyphens, the last one a known
    // top-level domain ("example.com", "bbc.co.uk/news").
    let host = lower.split('/').next().unwrap_or_default();
    let last = host.rsplit('.').next().unwrap_or_default();
    host.contains('.')
        && DOMAIN_ENDINGS.contains(&last)
        && host.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn checker() -> &'static SpellChecker {
        english().expect("the bundled dictionary parses")
    }

    fn flagged(text: &str) -> Vec<&str> {
        checker()
            .misspelled(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn a_misspelling_is_flagged_and_the_right_word_suggested() {
        assert_eq!(flagged("I did not recieve it."), ["recieve"]);
        let suggestions = checker().suggest("recieve");
        assert!(
            suggestions.iter().any(|s| s == "receive"),
            "{suggestions:?}"
        );
        assert!(suggestions.len() <= MAX_SUGGESTIONS);
        assert!(!checker().is_correct("recieve"));
        assert!(checker().is_correct("receive"));
    }

    #[test]
    fn a_capitalised_misspelling_gets_the_capitalised_common_word_first() {
        assert_eq!(
            checker().suggest("Teh").first().map(String::as_str),
            Some("The")
        );
        assert_eq!(
            checker().suggest("Recieve").first().map(String::as_str),
            Some("Receive")
        );
        // Asked again: the remembered answer, the same.
        assert_eq!(checker().suggest("Teh"), checker().suggest("Teh"));
        assert_eq!(capitalise("élan"), "Élan");
        assert!(is_title_case("Teh") && !is_title_case("TEh") && !is_title_case("teh"));
    }

    #[test]
    fn suggestions_come_in_the_same_order_from_every_checker() {
        let other = SpellChecker::from_hunspell("en_US", EN_US_AFF, EN_US_DIC).expect("parses");
        for word in ["definately", "goverment"] {
            assert_eq!(other.suggest(word), checker().suggest(word), "{word}");
        }
    }

    #[test]
    fn a_clean_sentence_has_nothing_flagged() {
        let text = "The government's decision, which wasn't announced until Tuesday, surprised \
                    analysts in Washington; they'd expected a well-known compromise instead.";
        assert_eq!(flagged(text), Vec::<&str>::new());
    }

    #[test]
    fn acronyms_numbers_urls_and_other_scripts_are_not_flagged() {
        let text = "The IRGC's budget rose in 2019 (U.S. figures, F-16s): see \
                    https://example.org/recieve?q=xyzzy, www.recieve.net, me@qwrtp.ir, \
                    bbc.co.uk/news and فارسی نوشته, Ελληνικά, русский.";
        assert_eq!(flagged(text), Vec::<&str>::new());
    }

    #[test]
    fn typographic_and_plain_apostrophes_are_alike() {
        assert_eq!(
            flagged("the government’s plan and Iran’s reply, don’t"),
            Vec::<&str>::new()
        );
        assert_eq!(
            flagged("the government's plan, the students' plan"),
            Vec::<&str>::new()
        );
        assert_eq!(flagged("the goverment’s plan"), ["goverment’s"]);
        let suggestions = checker().suggest("dont’");
        assert!(
            suggestions.iter().all(|s| !s.contains('\'')),
            "{suggestions:?}"
        );
    }

    #[test]
    fn unknown_proper_nouns_are_flagged_known_ones_are_not() {
        // Documented: as in Word and LibreOffice, a name the dictionary lacks is flagged.
        assert_eq!(flagged("Khamenei’s speech in Tehran"), ["Khamenei’s"]);
        assert_eq!(flagged("Iran and Washington"), Vec::<&str>::new());
        // A capitalised common word is right, a lowercase proper noun is not.
        assert_eq!(flagged("Receive it. iran"), ["iran"]);
    }

    #[test]
    fn byte_ranges_count_multi_byte_characters_before_the_error() {
        let text = "فارسی recieve «é» goverment";
        let ranges = checker().misspelled(text);
        assert_eq!(ranges.len(), 2);
        assert_eq!(ranges[0], 11..18, "Persian letters are two bytes each");
        assert_eq!(&text[ranges[0].clone()], "recieve");
        assert_eq!(&text[ranges[1].clone()], "goverment");
    }

    #[test]
    fn words_joined_by_dots_are_checked_part_by_part() {
        assert_eq!(
            flagged("Many reasons, e.g. cost, i.e. money."),
            Vec::<&str>::new()
        );
        assert_eq!(flagged("the end.Then recieve.it"), ["recieve"]);
    }

    #[test]
    fn single_letters_and_long_words_are_skipped() {
        assert_eq!(flagged("x y z q"), Vec::<&str>::new());
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(flagged(&format!("{long}b")), Vec::<&str>::new());
        assert!(checker().suggest(&long).is_empty());
        assert!(checker().suggest("  ").is_empty());
    }

    #[test]
    fn a_broken_dictionary_is_an_error_not_a_panic() {
        let err = SpellChecker::from_hunspell("xx", "SET UTF-8\n", "not a number\nword\n")
            .expect_err("a word list without its count is malformed");
        assert!(err.to_string().contains("xx"), "{err}");
    }

    #[test]
    fn the_loaded_checker_is_shared() {
        let first = checker();
        let again = english_if_loaded().expect("loaded by the call above");
        assert!(std::ptr::eq(first, again));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn ranges_are_words_on_char_boundaries(
            text in "([a-zA-Z'’.@/:-]{0,12}|فارسی|é|2019|[ \n,;!?]){0,20}"
        ) {
            let ranges = checker().misspelled(&text);
            let mut previous_end = 0;
            for range in ranges {
                prop_assert!(range.start < range.end && range.end <= text.len());
                prop_assert!(range.start >= previous_end, "in order, not overlapping");
                prop_assert!(text.is_char_boundary(range.start));
                prop_assert!(text.is_char_boundary(range.end));
                let word = &text[range.clone()];
                prop_assert!(word.chars().any(char::is_alphabetic), "{word:?}");
                prop_assert!(!word.chars().any(char::is_whitespace), "{word:?}");
                prop_assert_eq!(word.unicode_words().count(), 1, "one word: {:?}", word);
                previous_end = range.end;
            }
        }

        #[test]
        fn any_text_is_checked_without_a_panic(text in "\\PC{0,60}") {
            for range in checker().misspelled(&text) {
                prop_assert!(text.get(range).is_some());
            }
        }
    }
}
