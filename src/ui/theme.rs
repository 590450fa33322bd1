//! Colours and sizes of the window, in one place.

use crate::model::{Rgb, TagId, TagSet};
use egui::Color32;

/// Size of the article text in points.
pub(crate) const ARTICLE_FONT_SIZE: f32 = 17.0;
/// Row height as a multiple of the font size: room for highlight underlines below the text.
pub(crate) const ARTICLE_LINE_HEIGHT_FACTOR: f32 = 1.65;
/// Space between paragraphs, in points.
pub(crate) const PARAGRAPH_GAP: f32 = 12.0;
/// Side of a tag's letter badge in the article's margin, in points.
pub(crate) const BADGE_SIZE: f32 = 15.0;
/// The badge's letter: at least 11 points, legible at 100 % zoom.
pub(crate) const BADGE_FONT_SIZE: f32 = 11.0;

/// Indent of list items per level, and of block quotes, in points.
pub(crate) const LIST_INDENT: f32 = 26.0;
pub(crate) const QUOTE_INDENT: f32 = 22.0;

/// Font size of a heading relative to the body text.
pub(crate) fn heading_scale(level: u8) -> f32 {
    match level {
        1 => 1.6,
        2 => 1.35,
        3 => 1.2,
        _ => 1.08,
    }
}

/// Underline of a highlight: thickness, and the step between stacked lanes of overlapping ones.
pub(crate) const UNDERLINE_THICKNESS: f32 = 2.0;
pub(crate) const UNDERLINE_LANE_STEP: f32 = 3.5;
/// Lanes drawn; deeper nesting shares the last lane.
pub(crate) const MAX_UNDERLINE_LANES: usize = 3;
/// Width of the bar that marks where a highlight starts and ends.
pub(crate) const END_MARK_WIDTH: f32 = 2.0;

/// Grey for annotations whose tag the current tag set does not know.
pub(crate) const UNKNOWN_TAG_COLOUR: Color32 = Color32::from_rgb(128, 128, 128);

pub fn colour(rgb: Rgb) -> Color32 {
    let [r, g, b] = rgb.0;
    Color32::from_rgb(r, g, b)
}

pub(crate) fn tag_colour(tag_set: &TagSet, tag: &TagId) -> Color32 {
    tag_set
        .get(tag)
        .map_or(UNKNOWN_TAG_COLOUR, |definition| colour(definition.colour))
}

/// The translucent fill behind highlighted text; overlapping fills add up visibly.
pub(crate) fn highlight_fill(base: Color32, dark_mode: bool) -> Color32 {
    let alpha = if dark_mode { 70 } else { 46 };
    Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha)
}

/// The article's body text: darker (lighter) than egui's body text, so that it keeps AA
/// contrast on two overlapping highlights with the selection over them.
pub(crate) fn article_text_colour(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_gray(250)
    } else {
        Color32::from_gray(28)
    }
}

pub(crate) fn selection_fill(dark_mode: bool) -> Color32 {
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
pub(crate) fn tag_letter(tag_set: &TagSet, tag: &TagId) -> String {
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

/// WCAG 2 AA: the least contrast for body text.
pub(crate) const AA_CONTRAST: f32 = 4.5;

/// WCAG relative luminance of an opaque colour (sRGB).
pub(crate) fn relative_luminance(colour: Color32) -> f32 {
    let channel = |value: u8| {
        let c = f32::from(value) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b, _] = colour.to_array();
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG contrast ratio between two opaque colours, from 1 to 21.
pub(crate) fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A translucent `fill` painted over an opaque `background`: the colour the eye sees.
pub(crate) fn composite(fill: Color32, background: Color32) -> Color32 {
    let [r, g, b, a] = fill.to_srgba_unmultiplied();
    let alpha = f32::from(a) / 255.0;
    let [br, bg, bb, _] = background.to_array();
    let mix = |top: u8, bottom: u8| {
        (f32::from(top) * alpha + f32::from(bottom) * (1.0 - alpha)).round() as u8
    };
    Color32::from_rgb(mix(r, br), mix(g, bg), mix(b, bb))
}

/// Black or white, whichever has the more contrast on `background`.
pub(crate) fn text_on(background: Color32) -> Color32 {
    if contrast_ratio(Color32::BLACK, background) >= contrast_ratio(Color32::WHITE, background) {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// `colour` as text on `background`: itself if it passes AA, else moved towards black or
/// white (whichever `background` contrasts with) just far enough that it does. A tag's text
/// keeps its hue where it can.
pub(crate) fn readable_on(colour: Color32, background: Color32) -> Color32 {
    if contrast_ratio(colour, background) >= AA_CONTRAST {
        return colour;
    }
    let target = text_on(background);
    let mut step = 1;
    while step <= 20 {
        let t = step as f32 / 20.0;
        let candidate = colour.lerp_to_gamma(target, t);
        if contrast_ratio(candidate, background) >= AA_CONTRAST {
            return candidate;
        }
        step += 1;
    }
    target
}

/// A tag's (or analyst's) colour as text in the window: readable on the panels and on the
/// selected and hovered rows and buttons it may sit on.
pub(crate) fn tag_text_colour(visuals: &egui::Visuals, colour: Color32) -> Color32 {
    let page = visuals.panel_fill;
    let on_selection = readable_on(colour, visuals.selection.bg_fill);
    let on_hover = readable_on(
        on_selection,
        composite(visuals.widgets.hovered.weak_bg_fill, page),
    );
    readable_on(readable_on(on_hover, page), visuals.window_fill)
}

/// The window's colours for one theme: egui's, with every text colour that falls short of AA
/// contrast on the panels made readable (weak text, links, warnings, errors).
pub fn visuals(dark_mode: bool) -> egui::Visuals {
    let mut visuals = if dark_mode {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    let page = visuals.panel_fill;
    // Weak text is drawn on panels and on the hovered/selected list rows.
    let darkest_row = if dark_mode {
        visuals.selection.bg_fill
    } else {
        visuals.widgets.hovered.weak_bg_fill
    };
    let weak = visuals.text_color().gamma_multiply(visuals.weak_text_alpha);
    let weak = readable_on(composite(weak, page), page);
    visuals.weak_text_color = Some(readable_on(weak, darkest_row));
    visuals.hyperlink_color = readable_on(visuals.hyperlink_color, page);
    visuals.warn_fg_color = readable_on(visuals.warn_fg_color, page);
    visuals.error_fg_color = readable_on(visuals.error_fg_color, page);
    visuals.selection.stroke.color =
        readable_on(visuals.selection.stroke.color, visuals.selection.bg_fill);
    for widget in [
        &mut visuals.widgets.noninteractive,
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
        &mut visuals.widgets.open,
    ] {
        let background = if widget.weak_bg_fill.a() == 255 {
            widget.weak_bg_fill
        } else {
            composite(widget.weak_bg_fill, page)
        };
        widget.fg_stroke.color = readable_on(readable_on(widget.fg_stroke.color, background), page);
    }
    visuals
}

/// Every pair of text colour and background the window draws with these visuals, named: for
/// the contrast test, and for anyone changing the theme.
#[cfg(test)]
pub(crate) fn text_background_pairs(visuals: &egui::Visuals) -> Vec<(String, Color32, Color32)> {
    let page = visuals.panel_fill;
    let mut pairs = vec![
        ("text on the page".to_owned(), visuals.text_color(), page),
        (
            "text in a field".to_owned(),
            visuals.text_color(),
            visuals.extreme_bg_color,
        ),
        (
            "text in a window".to_owned(),
            visuals.text_color(),
            visuals.window_fill,
        ),
        (
            "weak text on the page".to_owned(),
            visuals.weak_text_color(),
            page,
        ),
        ("link".to_owned(), visuals.hyperlink_color, page),
        ("warning".to_owned(), visuals.warn_fg_color, page),
        ("error".to_owned(), visuals.error_fg_color, page),
        (
            "selected text".to_owned(),
            visuals.selection.stroke.color,
            visuals.selection.bg_fill,
        ),
    ];
    for (name, widget) in [
        ("inactive", &visuals.widgets.inactive),
        ("hovered", &visuals.widgets.hovered),
        ("pressed", &visuals.widgets.active),
    ] {
        let background = composite(widget.weak_bg_fill, page);
        pairs.push((format!("{name} button"), widget.fg_stroke.color, background));
    }
    pairs
}

/// Find's matches: a yellow that reads on light and dark pages and differs from the tags'.
pub(crate) fn find_match_fill(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgba_unmultiplied(250, 220, 60, 90)
    } else {
        Color32::from_rgba_unmultiplied(255, 230, 0, 140)
    }
}

pub(crate) fn find_match_outline(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_rgb(250, 220, 60)
    } else {
        Color32::from_rgb(180, 140, 0)
    }
}

/// The bundled reading font's family name.
pub(crate) const READING_SERIF: &str = "reading-serif";

/// The bundled font for Arabic-script (and Hebrew) text: DejaVu Sans, which has Arabic,
/// Persian and Urdu letters with their joining forms. DejaVu Serif has none.
const RIGHT_TO_LEFT_SANS: &str = "right-to-left-sans";

/// Adds the bundled fonts to egui's: the reading font (DejaVu Serif: Latin, Greek, Cyrillic)
/// as a family of its own, and DejaVu Sans second in every family, so that Arabic-script
/// letters are drawn with it whatever the reading font (the first font of a family that has a
/// glyph draws it) and never by whatever fonts the system happens to have.
pub(crate) fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        READING_SERIF.to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSerif.ttf"
        ))),
    );
    fonts.font_data.insert(
        RIGHT_TO_LEFT_SANS.to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans.ttf"
        ))),
    );
    for family in fonts.families.values_mut() {
        let second = family.len().min(1);
        family.insert(second, RIGHT_TO_LEFT_SANS.to_owned());
    }
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
pub(crate) fn reading_font_family(font: crate::settings::ReadingFont) -> egui::FontFamily {
    match font {
        crate::settings::ReadingFont::Serif => egui::FontFamily::Name(READING_SERIF.into()),
        crate::settings::ReadingFont::Sans => egui::FontFamily::Proportional,
        crate::settings::ReadingFont::Monospace => egui::FontFamily::Monospace,
    }
}

pub(crate) fn theme_preference(choice: crate::settings::ThemeChoice) -> egui::ThemePreference {
    match choice {
        crate::settings::ThemeChoice::System => egui::ThemePreference::System,
        crate::settings::ThemeChoice::Light => egui::ThemePreference::Light,
        crate::settings::ThemeChoice::Dark => egui::ThemePreference::Dark,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every char of the sample article and of Persian and Arabic text (letters, digits,
    /// punctuation, the common marks) has a glyph in each reading font's family as bundled,
    /// without any system font: directly, or through the stand-in the article view draws.
    #[test]
    fn the_bundled_fonts_draw_the_sample_and_persian_and_arabic_text() {
        let ctx = egui::Context::default();
        install_fonts(&ctx);
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let texts = [
            include_str!("../../assets/articles/khamenei-breaking-point.txt"),
            "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی آأإؤئءةيكى ۀ ـ \
             ۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ ،؛؟«»٪٫٬ \u{064B}\u{064C}\u{064D}\u{064E}\u{064F}\u{0650}\u{0651}\u{0652}\u{0654}\u{0670}",
        ];
        for font in [
            crate::settings::ReadingFont::Serif,
            crate::settings::ReadingFont::Sans,
            crate::settings::ReadingFont::Monospace,
        ] {
            let font_id = egui::FontId::new(ARTICLE_FONT_SIZE, reading_font_family(font));
            let missing: Vec<char> = ctx.fonts_mut(|fonts| {
                texts
                    .iter()
                    .flat_map(|text| text.chars())
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .filter(|&c| {
                        !fonts.has_glyph(&font_id, c)
                            && crate::ui::article_view::bidi_layout::stand_in(fonts, &font_id, c)
                                .is_none()
                    })
                    .collect()
            });
            assert!(missing.is_empty(), "{font:?} lacks {missing:?}");
        }
    }

    #[test]
    fn every_text_of_both_themes_passes_aa_contrast() {
        for dark_mode in [false, true] {
            let visuals = visuals(dark_mode);
            for (name, text, background) in text_background_pairs(&visuals) {
                let ratio = contrast_ratio(text, background);
                assert!(
                    ratio >= AA_CONTRAST,
                    "{name} ({}): {ratio:.2}:1 ({text:?} on {background:?})",
                    if dark_mode { "dark" } else { "light" }
                );
            }
        }
    }

    #[test]
    fn egui_s_own_light_theme_would_fail_so_the_test_can_tell() {
        let plain = egui::Visuals::light();
        let failing = text_background_pairs(&plain)
            .into_iter()
            .filter(|(_, text, background)| contrast_ratio(*text, *background) < AA_CONTRAST)
            .count();
        assert!(
            failing > 0,
            "links and errors in egui's light theme are too faint"
        );
    }

    #[test]
    fn tag_colours_as_text_are_made_readable_on_any_background() {
        for dark_mode in [false, true] {
            let visuals = visuals(dark_mode);
            let backgrounds = [
                visuals.panel_fill,
                visuals.window_fill,
                visuals.extreme_bg_color,
                visuals.selection.bg_fill,
                composite(visuals.widgets.hovered.weak_bg_fill, visuals.panel_fill),
            ];
            for tag in TagSet::default().tags {
                for background in backgrounds {
                    let text = readable_on(colour(tag.colour), background);
                    assert!(
                        contrast_ratio(text, background) >= AA_CONTRAST,
                        "{} on {background:?}",
                        tag.label
                    );
                }
                // Letters on a badge of the tag's own colour.
                let badge = colour(tag.colour);
                assert!(contrast_ratio(text_on(badge), badge) >= AA_CONTRAST);
            }
        }
    }

    #[test]
    fn the_article_text_reads_on_overlapping_highlights_the_selection_and_find_matches() {
        for dark_mode in [false, true] {
            let page = visuals(dark_mode).panel_fill;
            let text = article_text_colour(dark_mode);
            let mut backgrounds = vec![
                page,
                composite(find_match_fill(dark_mode), page),
                composite(selection_fill(dark_mode), page),
            ];
            for tag in TagSet::default().tags {
                let fill = highlight_fill(colour(tag.colour), dark_mode);
                let once = composite(fill, page);
                let twice = composite(fill, once);
                backgrounds.extend([
                    once,
                    twice,
                    composite(selection_fill(dark_mode), twice),
                    composite(find_match_fill(dark_mode), once),
                ]);
            }
            for background in backgrounds {
                let ratio = contrast_ratio(text, background);
                assert!(
                    ratio >= AA_CONTRAST,
                    "article text on {background:?} ({}): {ratio:.2}:1",
                    if dark_mode { "dark" } else { "light" }
                );
            }
        }
    }

    #[test]
    fn contrast_is_computed_as_wcag_says() {
        assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast_ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-6);
        // #767676 on white is the classic just-passing grey (4.54:1).
        let grey = Color32::from_gray(0x76);
        assert!((contrast_ratio(grey, Color32::WHITE) - 4.54).abs() < 0.02);
    }

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
