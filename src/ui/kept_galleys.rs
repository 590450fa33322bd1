//! Laid-out text kept across frames by the panels that show the same texts on and off.
//!
//! egui keeps a galley only while it is drawn every frame, so text that leaves the screen for
//! one frame is laid out (shaped) afresh when it comes back, and shaping is egui's dearest
//! step (it builds a shaping plan for every run). In the annotation pane that happens on every
//! tag and undo: the selected annotation's editor and its relations come and go, and the list
//! rows below them with them. Shaping them again cost more than the rest of the frame.
//! [`WarmGalleys`] keeps what a panel drew lately in egui's own cache while it is not drawn.
//!
//! A galley points into egui's font atlas, which egui rebuilds when the text options change
//! (the theme) or the atlas fills up: [`AtlasStamp`] tells when galleys kept outside egui's
//! cache (the article view's) must go.

use egui::Galley;
use std::collections::HashMap;
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

/// Frames for which a galley that is no longer drawn stays in egui's cache.
const WARM_FOR_FRAMES: u64 = 120;
/// Above this many galleys not drawn this frame, the oldest are let go.
const MAX_WARM: usize = 64;

/// The galleys a panel drew in its last [`WARM_FOR_FRAMES`] frames, kept in egui's cache
/// while the panel does not draw them (see the module docs). Costs a pass over the panel's
/// shapes and a cache lookup per galley not drawn, instead of a layout when it comes back.
#[derive(Default)]
pub(crate) struct WarmGalleys {
    frame: u64,
    /// By the address of the galley's job, which stays while the galley is kept here.
    drawn: HashMap<usize, (Arc<Galley>, u64)>,
}

impl WarmGalleys {
    /// Runs `add_contents` and keeps warm what it drew and what was drawn in recent frames.
    pub(crate) fn keep_warm<R>(
        &mut self,
        ui: &mut egui::Ui,
        add_contents: impl FnOnce(&mut egui::Ui) -> R,
    ) -> R {
        let layer = ui.layer_id();
        let first_shape = ui
            .ctx()
            .graphics(|layers| layers.get(layer).map_or(0, |list| list.next_idx().0));
        let result = add_contents(ui);
        self.frame += 1;
        let frame = self.frame;
        ui.ctx().graphics(|layers| {
            if let Some(list) = layers.get(layer) {
                for clipped in list.all_entries().skip(first_shape) {
                    self.note_drawn(&clipped.shape, frame);
                }
            }
        });
        self.drawn
            .retain(|_, (_, last_drawn)| frame - *last_drawn <= WARM_FOR_FRAMES);
        let mut hidden: Vec<(u64, usize)> = self
            .drawn
            .iter()
            .filter(|(_, (_, last_drawn))| *last_drawn < frame)
            .map(|(&key, &(_, last_drawn))| (last_drawn, key))
            .collect();
        if hidden.len() > MAX_WARM {
            hidden.sort_unstable();
            let (oldest, newest) = hidden.split_at(hidden.len() - MAX_WARM);
            for (_, key) in oldest {
                self.drawn.remove(key);
            }
            hidden = newest.to_vec();
        }
        if !hidden.is_empty() {
            ui.ctx().fonts_mut(|fonts| {
                for (_, key) in &hidden {
                    if let Some((galley, _)) = self.drawn.get(key) {
                        // A cache hit marks the galley used this frame; after a rebuilt
                        // atlas it is laid out again, once.
                        fonts.layout_job((*galley.job).clone());
                    }
                }
            });
        }
        result
    }

    fn note_drawn(&mut self, shape: &egui::Shape, frame: u64) {
        match shape {
            egui::Shape::Text(text) => {
                // By the job, which a galley egui recoloured (a disabled button's) shares.
                let key = Arc::as_ptr(&text.galley.job) as usize;
                self.drawn.insert(key, (text.galley.clone(), frame));
            }
            egui::Shape::Vec(shapes) => {
                for shape in shapes {
                    self.note_drawn(shape, frame);
                }
            }
            _ => {}
        }
    }
}
