//! Colours and sizes of the window, in one place.

use crate::model::{Rgb, TagId, TagSet};
use egui::Color32;

/// Size of the article text in points.
pub const ARTICLE_FONT_SIZE: f32 = 17.0;
/// Row height as a multiple of the font size: room for highlight underlines below the text.
pub const ARTICLE_LINE_HEIGHT_FACTOR: f32 = 1.65;
/// Space between paragraphs, in points.
pub const PARAGRAPH_GAP: f32 = 12.0;
/// Side of a tag's letter badge in the article's margin, in points.
pub const BADGE_SIZE: f32 = 13.0;

/// Indent of list items per level, and of block quotes, in points.
pub const LIST_INDENT: f32 = 26.0;
pub const QUOTE_INDENT: f32 = 22.0;

/// Font size of a heading relative to the body text.
pub fn heading_scale(level: u8) -> f32 {
    match level {
        1 => 1.6,
        2 => 1.35,
        3 => 1.2,
        _ => 1.08,
    }
}

/// Underline of a highlight: thickness, and the step between stacked lanes of overlapping ones.
pub const UNDERLINE_THICKNESS: f32 = 2.0;
pub const UNDERLINE_LANE_STEP: f32 = 3.5;
/// Lanes drawn; deeper nesting shares the last lane.
pub const MAX_UNDERLINE_LANES: usize = 3;
/// Width of the bar that marks where a highlight starts and ends.
pub const END_MARK_WIDTH: f32 = 2.0;

/// Grey for annotations whose tag the current tag set does not know.
pub const UNKNOWN_TAG_COLOUR: Color32 = Color32::from_rgb(128, 128, 128);

pub fn colour(rgb: Rgb) -> Color32 {
    let [r, g, b] = rgb.0;
    Color32::from_rgb(r, g, b)
}

pub fn tag_colour(tag_set: &TagSet, tag: &TagId) -> Color32 {
    tag_set
        .get(tag)
        .map_or(UNKNOWN_TAG_COLOUR, |definition| colour(definition.colour))
}

/// The translucent fill behind highlighted text; overlapping fills add up visibly.
pub fn highlight_fill(base: Color32, dark_mode: bool) -> Color32 {
    let alpha = if dark_mode { 70 } else { 46 };
    Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha)
}

pub fn selection_fill(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgba_unmultiplied(120, 160, 255, 90)
    } else {
        Color32::from_rgba_unmultiplied(60, 110, 230, 70)
    }
}

pub fn tag_label(tag_set: &TagSet, tag: &TagId) -> String {
    tag_set.get(tag).map_or_else(
        || format!("{tag} (unknown tag)"),
        |definition| definition.label.clone(),
    )
}

/// The letter that stands for a tag in badges: the first letter of its label, or its first
/// two when an earlier tag of the set starts with the same letter (Claim C, Counterclaim Co),
/// or its key when even those are taken.
pub fn tag_letter(tag_set: &TagSet, tag: &TagId) -> String {
    let prefix = |label: &str, count: usize| -> String {
        let letters: String = label
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(count)
            .collect();
        let mut chars = letters.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_else(|| "?".to_owned())
    };
    let Some(position) = tag_set.tags.iter().position(|def| &def.id == tag) else {
        return prefix(&tag_label(tag_set, tag), 1);
    };
    let taken: Vec<String> = tag_set.tags[..position]
        .iter()
        .map(|def| tag_letter(tag_set, &def.id))
        .collect();
    let label = &tag_set.tags[position].label;
    [prefix(label, 1), prefix(label, 2)]
        .into_iter()
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(|| tag_set.tags[position].key.to_string())
}

/// Black or white, whichever reads better on `background`.
pub fn text_on(background: Color32) -> Color32 {
    let [r, g, b, _] = background.to_array();
    let luminance = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
    if luminance > 150.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// Find's matches: a yellow that reads on light and dark pages and differs from the tags'.
pub fn find_match_fill(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgba_unmultiplied(250, 220, 60, 90)
    } else {
        Color32::from_rgba_unmultiplied(255, 230, 0, 140)
    }
}

pub fn find_match_outline(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(250, 220, 60)
    } else {
        Color32::from_rgb(180, 140, 0)
    }
}

/// The bundled reading font's family name.
pub const READING_SERIF: &str = "reading-serif";

/// Adds the bundled reading font (DejaVu Serif: Latin, Greek, Cyrillic) to egui's fonts.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        READING_SERIF.to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSerif.ttf"
        ))),
    );
    // egui's own fonts follow, for the emoji and symbols DejaVu lacks.
    let mut family = vec![READING_SERIF.to_owned()];
    family.extend(
        fonts
            .families
            .get(&egui::FontFamily::Proportional)
            .cloned()
            .unwrap_or_default(),
    );
    fonts
        .families
        .insert(egui::FontFamily::Name(READING_SERIF.into()), family);
    ctx.set_fonts(fonts);
}

/// The egui font family of a reading font.
pub fn reading_font_family(font: crate::settings::ReadingFont) -> egui::FontFamily {
    match font {
        crate::settings::ReadingFont::Serif => egui::FontFamily::Name(READING_SERIF.into()),
        crate::settings::ReadingFont::Sans => egui::FontFamily::Proportional,
        crate::settings::ReadingFont::Monospace => egui::FontFamily::Monospace,
    }
}

pub fn theme_preference(choice: crate::settings::ThemeChoice) -> egui::ThemePreference {
    match choice {
        crate::settings::ThemeChoice::System => egui::ThemePreference::System,
        crate::settings::ThemeChoice::Light => egui::ThemePreference::Light,
        crate::settings::ThemeChoice::Dark => egui::ThemePreference::Dark,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_letters_differ_within_a_tag_set() {
        let mut set = TagSet::default();
        let mut counterclaim = set.tags[0].clone();
        counterclaim.id = TagId::new("counterclaim");
        counterclaim.label = "Counterclaim".to_owned();
        counterclaim.key = '4';
        set.tags.push(counterclaim);
        let letters: Vec<String> = set
            .tags
            .iter()
            .map(|def| tag_letter(&set, &def.id))
            .collect();
        assert_eq!(letters, ["C", "E", "R", "Co"]);
    }
}
