//! Laid-out text kept across frames by the panels that show the same texts on and off.
//!
//! egui keeps a galley only while it is drawn every frame, so text that leaves the screen for
//! one frame is laid out (shaped) afresh when it comes back. In the annotation list that
//! happens on every tag and undo: the selected annotation's editor comes and goes, and the
//! rows below it with it. Shaping a dozen rows cost more than the rest of the frame.
//!
//! A kept galley points into egui's font atlas, which egui rebuilds when the text options
//! change (the theme) or the atlas fills up: [`AtlasStamp`] tells when kept galleys must go.

use egui::{Galley, text::LayoutJob};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// What tells that egui rebuilt its font atlas, which leaves every cached galley pointing at
/// glyphs that are no longer there (drawn as the wrong letters): the text options (the
/// theme's coverage-to-alpha curve, among others), and a fill ratio that went down (the atlas
/// was cleared when full, or new fonts were installed).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AtlasStamp {
    options: egui::epaint::text::TextOptions,
    fill_ratio: f32,
}

impl AtlasStamp {
    pub(crate) fn of(ctx: &egui::Context) -> Self {
        ctx.fonts(|fonts| Self {
            options: *fonts.options(),
            fill_ratio: fonts.font_atlas_fill_ratio(),
        })
    }

    /// Whether galleys laid out when `self` was taken still draw correctly now.
    pub(crate) fn still_valid_at(&self, now: &Self) -> bool {
        self.options == now.options && now.fill_ratio >= self.fill_ratio
    }
}

/// Galleys kept while used in the last [`KEPT_FOR_FRAMES`] frames.
const KEPT_FOR_FRAMES: u64 = 120;
/// Above this many kept galleys, those not used in the last frame go too.
const MAX_KEPT: usize = 512;

/// Galleys by their layout job, kept across frames; see the module docs.
#[derive(Default)]
pub(crate) struct KeptGalleys {
    atlas: Option<AtlasStamp>,
    frame: u64,
    galleys: HashMap<u64, (Arc<Galley>, u64)>,
}

impl KeptGalleys {
    /// Starts a frame: forgets every galley if the font atlas was rebuilt, and those unused
    /// for a while.
    pub(crate) fn begin_frame(&mut self, ctx: &egui::Context) {
        let atlas = AtlasStamp::of(ctx);
        if !self
            .atlas
            .as_ref()
            .is_some_and(|kept| kept.still_valid_at(&atlas))
        {
            self.galleys.clear();
        }
        self.atlas = Some(atlas);
        self.frame += 1;
        let frame = self.frame;
        let keep_for = if self.galleys.len() > MAX_KEPT {
            1
        } else {
            KEPT_FOR_FRAMES
        };
        self.galleys
            .retain(|_, (_, last_used)| frame - *last_used <= keep_for);
    }

    /// The job laid out: kept from an earlier frame, or laid out now and kept.
    pub(crate) fn layout(&mut self, ui: &egui::Ui, job: LayoutJob) -> Arc<Galley> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        job.hash(&mut hasher);
        ui.ctx().pixels_per_point().to_bits().hash(&mut hasher);
        let key = hasher.finish();
        let frame = self.frame;
        if let Some((galley, last_used)) = self.galleys.get_mut(&key) {
            *last_used = frame;
            return galley.clone();
        }
        let galley = ui.painter().layout_job(job);
        self.galleys.insert(key, (galley.clone(), frame));
        galley
    }
}
