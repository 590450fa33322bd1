//! The argument map as a standalone SVG file: nodes as rounded boxes in their tag's colour with
//! the tag and the start of the quote, edges as curves with an arrowhead in their relation's
//! colour, and a legend of the relation kinds. All text is XML-escaped.

use super::layout::MapLayout;
use crate::model::Rgb;
use std::fmt::Write;

const MARGIN: f32 = 30.0;
const LEGEND_HEIGHT: f32 = 40.0;
/// Chars per line of a node's text.
const LINE_CHARS: usize = 34;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn hex(colour: Rgb) -> String {
    let [r, g, b] = colour.0;
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Splits text into lines of at most `width` chars at spaces; at most `max_lines` lines, the
/// last ending in "…" if cut.
pub(crate) fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if !current.is_empty() && !fits {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let kept: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{kept}…");
        }
    }
    lines
}

/// The SVG document for a laid-out map, titled `title`.
pub(crate) fn map_svg(map: &MapLayout, title: &str) -> String {
    let width = map.width + 2.0 * MARGIN;
    let height = map.height + 2.0 * MARGIN + LEGEND_HEIGHT;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="DejaVu Sans, Arial, sans-serif">"#
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(title));
    let _ = writeln!(
        svg,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let mut kinds: Vec<(String, Rgb)> = Vec::new();
    for edge in &map.edges {
        if !kinds.iter().any(|(label, _)| *label == edge.label) {
            kinds.push((edge.label.clone(), edge.colour));
        }
    }
    let _ = writeln!(svg, "<defs>");
    for (index, (_, colour)) in kinds.iter().enumerate() {
        let _ = writeln!(
            svg,
            r#"<marker id="arrow{index}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{}"/></marker>"#,
            hex(*colour)
        );
    }
    let _ = writeln!(svg, "</defs>");
    let _ = writeln!(svg, r#"<g transform="translate({MARGIN},{MARGIN})">"#);
    for edge in &map.edges {
        let (Some(from), Some(to)) = (map.nodes.get(edge.from), map.nodes.get(edge.to)) else {
            continue;
        };
        let marker = kinds
            .iter()
            .position(|(label, _)| *label == edge.label)
            .unwrap_or(0);
        let EdgeCurve {
            x1,
            y1,
            c1,
            c2,
            x2,
            y2,
        } = edge_curve(from, to);
        let _ = writeln!(
            svg,
            r#"<path d="M {x1:.1} {y1:.1} C {x1:.1} {c1:.1}, {x2:.1} {c2:.1}, {x2:.1} {y2:.1}" fill="none" stroke="{}" stroke-width="1.6" marker-end="url(#arrow{marker})"><title>{}</title></path>"#,
            hex(edge.colour),
            escape(&edge.label)
        );
    }
    for node in &map.nodes {
        let colour = hex(node.colour);
        let _ = writeln!(
            svg,
            r#"<g><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6" fill="{colour}" fill-opacity="0.12" stroke="{colour}" stroke-width="1.5"/>"#,
            node.x, node.y, node.width, node.height
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" font-weight="bold" fill="{colour}">{}</text>"#,
            node.x + 8.0,
            node.y + 15.0,
            escape(&node.tag_label)
        );
        for (line, text) in wrap(&node.text, LINE_CHARS, 3).iter().enumerate() {
            let _ = writeln!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#222222">{}</text>"##,
                node.x + 8.0,
                node.y + 31.0 + line as f32 * 14.0,
                escape(text)
            );
        }
        let _ = writeln!(svg, "</g>");
    }
    let _ = writeln!(svg, "</g>");
    let legend_y = height - LEGEND_HEIGHT / 2.0;
    let mut x = MARGIN;
    for (label, colour) in &kinds {
        let _ = writeln!(
            svg,
            r#"<line x1="{x:.1}" y1="{legend_y:.1}" x2="{:.1}" y2="{legend_y:.1}" stroke="{}" stroke-width="2"/><text x="{:.1}" y="{:.1}" font-size="12" fill="{}">{}</text>"#,
            x + 24.0,
            hex(*colour),
            x + 30.0,
            legend_y + 4.0,
            hex(*colour),
            escape(label)
        );
        x += 40.0 + label.chars().count() as f32 * 7.5;
    }
    svg.push_str("</svg>\n");
    svg
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum MapExportError {
    #[error("cannot render the map: {0}")]
    Render(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Writes the map to `path` (atomically): PNG when the name ends in `.png` (rendered from the
/// SVG with `resvg`, at twice the size for sharp text), else SVG.
pub(crate) fn write_map(
    map: &MapLayout,
    title: &str,
    path: &std::path::Path,
) -> Result<(), MapExportError> {
    let svg = map_svg(map, title);
    let is_png = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("png"));
    if !is_png {
        return Ok(crate::store::write_atomically(path, svg.as_bytes())?);
    }
    crate::store::write_atomically(path, &render_png(&svg, 2.0)?)?;
    Ok(())
}

/// Renders an SVG document to PNG bytes, `scale` times its size.
pub(crate) fn render_png(svg: &str, scale: f32) -> Result<Vec<u8>, MapExportError> {
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_str(svg, &options)
        .map_err(|error| MapExportError::Render(error.to_string()))?;
    let size = tree.size();
    let (width, height) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| MapExportError::Render(format!("a {width}×{height} image is too large")))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|error| MapExportError::Render(error.to_string()))
}

/// An edge as a cubic curve: from `(x1, y1)` to `(x2, y2)`, with control points straight
/// above or below its ends at heights `c1` and `c2`. Shared by the SVG and the window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct EdgeCurve {
    pub x1: f32,
    pub y1: f32,
    pub c1: f32,
    pub c2: f32,
    pub x2: f32,
    pub y2: f32,
}

/// The curve of an edge: it leaves its source and enters its target on the facing sides of
/// the two boxes (top or bottom when they are in different rows; within a row it leaves and
/// enters at the top, arching over the row).
pub(crate) fn edge_curve(from: &super::MapNode, to: &super::MapNode) -> EdgeCurve {
    let (x1, _) = from.centre();
    let (x2, _) = to.centre();
    let (y1, y2) = if (from.y - to.y).abs() < 1.0 {
        (from.y, to.y)
    } else if from.y < to.y {
        (from.y + from.height, to.y)
    } else {
        (from.y, to.y + to.height)
    };
    let bend = (y2 - y1).abs().max(60.0) * 0.5;
    let (c1, c2) = if (y1 - y2).abs() < 1.0 {
        (y1 - bend, y2 - bend)
    } else if y1 < y2 {
        (y1 + bend, y2 - bend)
    } else {
        (y1 - bend, y2 + bend)
    };
    EdgeCurve {
        x1,
        y1,
        c1,
        c2,
        x2,
        y2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::argument_map::layout_map;

    #[test]
    fn the_svg_has_every_node_and_edge_and_escapes_text() {
        let map = layout_map(&crate::argument_map::layout::tests::generated(3));
        let svg = map_svg(&map, "Khamenei <breaking> & point");
        assert!(svg.starts_with("<svg "));
        assert!(svg.contains("<title>Khamenei &lt;breaking&gt; &amp; point</title>"));
        assert_eq!(svg.matches("<rect x=").count(), map.nodes.len());
        assert_eq!(svg.matches("marker-end=").count(), map.edges.len());
        assert!(svg.contains("follows from"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn the_png_is_an_image_of_the_map() {
        let map = layout_map(&crate::argument_map::layout::tests::generated(2));
        let png = render_png(&map_svg(&map, "map"), 1.0).expect("renders");
        assert!(png.starts_with(b"\x89PNG"));
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("map.png");
        write_map(&map, "map", &path).expect("writes");
        assert!(std::fs::read(&path).expect("read").starts_with(b"\x89PNG"));
    }

    #[test]
    fn wrapping_keeps_words_and_marks_a_cut() {
        assert_eq!(
            wrap("one two three four", 9, 3),
            vec!["one two", "three", "four"]
        );
        let cut = wrap("one two three four five six", 9, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
    }
}
