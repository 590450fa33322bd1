//! Moving a caret through a document's text without laying it out: by a char, a sentence or
//! a paragraph (by a word: [`Document::next_word_end`] and [`Document::previous_word_start`],
//! which share the document's word segmentation). Every step returns a char offset within
//! `0..=document.char_count()`, never one in the blank lines between two blocks. Moving by a
//! line needs the window's layout, so that step is the article view's.

use super::Document;

/// The caret's next stop moving forward by a char.
pub fn next_char(document: &Document, offset: usize) -> usize {
    char_step(document, offset, true)
}

/// The caret's next stop moving back by a char.
pub fn previous_char(document: &Document, offset: usize) -> usize {
    char_step(document, offset, false)
}

/// The blank lines between two blocks are no place for the caret (they draw at the next
/// block's start): a char step goes over them, from one block's end to the next one's start.
fn char_step(document: &Document, head: usize, forward: bool) -> usize {
    let next = if forward {
        (head + 1).min(document.char_count())
    } else {
        head.saturating_sub(1)
    };
    let blocks = document.blocks();
    match document.block_index_at(next) {
        Some(index) if next < blocks[index].chars.start => {
            if forward {
                blocks[index].chars.start
            } else {
                index
                    .checked_sub(1)
                    .map_or(blocks[index].chars.start, |previous| {
                        blocks[previous].chars.end
                    })
            }
        }
        _ => next,
    }
}

/// Moving forward by a paragraph: the end of the caret's paragraph, or the next one's end when
/// already there.
pub fn next_paragraph_end(document: &Document, offset: usize) -> usize {
    let blocks = document.blocks();
    let Some(index) = document.block_index_at(offset) else {
        return offset;
    };
    if offset < blocks[index].chars.end {
        blocks[index].chars.end
    } else {
        blocks.get(index + 1).map_or(offset, |next| next.chars.end)
    }
}

/// Moving back by a paragraph: the start of the caret's paragraph, or the previous one's start
/// when already there.
pub fn previous_paragraph_start(document: &Document, offset: usize) -> usize {
    let blocks = document.blocks();
    let Some(index) = document.block_index_at(offset) else {
        return offset;
    };
    if offset > blocks[index].chars.start {
        blocks[index].chars.start
    } else {
        index
            .checked_sub(1)
            .map_or(offset, |previous| blocks[previous].chars.start)
    }
}

/// Sentence boundaries (UAX #29) around `offset`, within its block: the start of the sentence
/// holding `offset`, and its end (trailing spaces excluded).
fn sentences_of_block(document: &Document, offset: usize) -> Vec<(usize, usize)> {
    use unicode_segmentation::UnicodeSegmentation;
    let Some(index) = document.block_index_at(offset) else {
        return Vec::new();
    };
    let block = &document.blocks()[index];
    let text = document.slice(block.chars.clone());
    let mut sentences = Vec::new();
    let mut start = block.chars.start;
    for sentence in text.split_sentence_bounds() {
        let length = sentence.chars().count();
        let trimmed = sentence.trim_end().chars().count();
        sentences.push((start, start + trimmed));
        start += length;
    }
    sentences
}

/// Where the caret goes moving forward by a sentence: the end of the sentence it is in, or of
/// the next one when it is already at an end.
pub fn next_sentence_end(document: &Document, offset: usize) -> usize {
    let mut probe = offset;
    loop {
        if let Some(&(_, end)) = sentences_of_block(document, probe)
            .iter()
            .find(|(_, end)| *end > offset)
        {
            return end;
        }
        // At the end of a block: look in the next one.
        let Some(index) = document.block_index_at(probe) else {
            return offset;
        };
        match document.blocks().get(index + 1) {
            Some(next) => probe = next.chars.start,
            None => return offset,
        }
    }
}

/// Where the caret goes moving back by a sentence: the start of the sentence it is in, or of
/// the previous one when it is already at a start.
pub fn previous_sentence_start(document: &Document, offset: usize) -> usize {
    let mut probe = offset;
    loop {
        if let Some(&(start, _)) = sentences_of_block(document, probe)
            .iter()
            .rev()
            .find(|(start, _)| *start < offset)
        {
            return start;
        }
        let Some(index) = document.block_index_at(probe) else {
            return offset;
        };
        match index
            .checked_sub(1)
            .map(|previous| &document.blocks()[previous])
        {
            Some(previous) => probe = previous.chars.start,
            None => return offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn moves_by_sentence_within_and_across_paragraphs() {
        let doc = Document::from_paragraphs(&["One two. Three four.", "Five."]);
        let text = doc.text().to_owned();
        let second_start = text.find("Three").map(|b| doc.char_offset(b)).unwrap_or(0);
        assert_eq!(next_sentence_end(&doc, 0), "One two.".chars().count());
        assert_eq!(
            next_sentence_end(&doc, "One two.".chars().count()),
            doc.blocks()[0].chars.end
        );
        assert_eq!(
            next_sentence_end(&doc, doc.blocks()[0].chars.end),
            doc.blocks()[1].chars.end
        );
        assert_eq!(
            previous_sentence_start(&doc, second_start + 3),
            second_start
        );
        assert_eq!(previous_sentence_start(&doc, second_start), 0);
        assert_eq!(
            previous_sentence_start(&doc, doc.blocks()[1].chars.start),
            second_start
        );
    }

    #[test]
    fn moves_by_char_over_the_blank_lines_between_paragraphs() {
        let doc = Document::from_paragraphs(&["Ab.", "Cd."]);
        let [first, second] = [&doc.blocks()[0].chars, &doc.blocks()[1].chars];
        assert_eq!(next_char(&doc, 0), 1);
        assert_eq!(next_char(&doc, first.end), second.start);
        assert_eq!(previous_char(&doc, second.start), first.end);
        assert_eq!(previous_char(&doc, 0), 0);
        assert_eq!(next_char(&doc, doc.char_count()), doc.char_count());
    }

    #[test]
    fn moves_by_paragraph_to_ends_and_starts() {
        let doc = Document::from_paragraphs(&["One two.", "Three.", "Four."]);
        let blocks = doc.blocks();
        assert_eq!(next_paragraph_end(&doc, 2), blocks[0].chars.end);
        assert_eq!(
            next_paragraph_end(&doc, blocks[0].chars.end),
            blocks[1].chars.end
        );
        assert_eq!(
            next_paragraph_end(&doc, blocks[2].chars.end),
            blocks[2].chars.end
        );
        assert_eq!(
            previous_paragraph_start(&doc, blocks[1].chars.start + 2),
            blocks[1].chars.start
        );
        assert_eq!(previous_paragraph_start(&doc, blocks[1].chars.start), 0);
        assert_eq!(previous_paragraph_start(&doc, 0), 0);
        let empty = Document::from_paragraphs(&[]);
        assert_eq!(next_paragraph_end(&empty, 0), 0);
        assert_eq!(previous_char(&empty, 0), 0);
    }

    proptest! {
        #[test]
        fn every_step_lands_in_the_text_forward_ahead_and_back_behind(
            paragraphs in prop::collection::vec("[a-zé][a-zé ,.!?]{0,24}", 1..5),
            pick in 0usize..200,
        ) {
            let texts: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            let doc = Document::from_paragraphs(&texts);
            let count = doc.char_count();
            let offset = pick % (count + 1);
            let in_a_block = |at: usize| {
                doc.blocks().iter().any(|block| block.chars.start <= at && at <= block.chars.end)
            };
            let forward = [
                next_char(&doc, offset),
                next_paragraph_end(&doc, offset),
                next_sentence_end(&doc, offset),
                doc.next_word_end(offset),
            ];
            let back = [
                previous_char(&doc, offset),
                previous_paragraph_start(&doc, offset),
                previous_sentence_start(&doc, offset),
                doc.previous_word_start(offset),
            ];
            for (ahead, behind) in forward.into_iter().zip(back) {
                prop_assert!(ahead <= count && offset <= ahead, "{offset} -> {ahead}");
                prop_assert!(behind <= offset, "{offset} -> {behind}");
                prop_assert!(in_a_block(ahead) && in_a_block(behind));
            }
            // A char step always moves, unless at an end of the text.
            prop_assert!(offset == count || forward[0] > offset);
            prop_assert!(offset == 0 || back[0] < offset);
            // Forward then back by a char (and back then forward) never passes the start.
            prop_assert!(previous_char(&doc, forward[0]) <= offset);
            prop_assert!(next_char(&doc, back[0]) >= offset);
        }
    }
}
