//! The argument map: a layer's argument as a graph — claims in a middle row with the evidence
//! for and against them below and the recommendations that follow from them above, edges by
//! relation kind. No egui: [`layout`] places the nodes (tested headless), [`svg`] writes the
//! map as a standalone SVG file, and the window draws the same layout with pan and zoom.

pub mod layout;
pub mod svg;

pub use layout::{MapEdge, MapLayout, MapNode, layout_map};
