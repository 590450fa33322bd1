//! The order a reader reads a page's lines in: columns left to right, each down the page.
//!
//! A region of the page (at first the whole page) is searched for a **gutter**: a vertical
//! strip at least [`MIN_GUTTER`] font sizes wide that as few lines as possible cross, with a
//! real column on either side of it (lines at least [`MIN_COLUMN`] font sizes wide). The few
//! lines that do cross it (a title, a full-width table or caption) cut the region into
//! horizontal **segments**; each segment is read left of the gutter, then right of it (each
//! side searched again, for a third column), then the crossing line, top to bottom. A region
//! with no gutter is read row by row, top to bottom and left to right.
//!
//! A "column" narrower than [`MIN_COLUMN`] (a list's numbers set apart, margin line numbers, a
//! table's narrow cells) is no column: its lines are read across with their rows.

use super::lines::Line;

/// The narrowest column, in font sizes (about eight words).
const MIN_COLUMN: f32 = 8.0;
/// The narrowest gutter between columns, in font sizes.
const MIN_GUTTER: f32 = 0.8;
/// The widest region searched for a gutter, in points.
const MAX_STRIPS: usize = 20_000;
/// At most this share of a region's lines may cross its gutter.
const MAX_CROSSING_SHARE: f32 = 0.3;

/// Indices of `lines` in reading order.
pub(crate) fn reading_order(lines: &[Line]) -> Vec<usize> {
    let mut sizes: Vec<f32> = lines.iter().map(|line| line.size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0);
    let mut order = Vec::with_capacity(lines.len());
    read_region(lines, (0..lines.len()).collect(), size, &mut order);
    order
}

fn read_region(lines: &[Line], items: Vec<usize>, size: f32, order: &mut Vec<usize>) {
    let Some((gutter_start, gutter_end)) = gutter(lines, &items, size) else {
        order.extend(top_to_bottom(lines, items));
        return;
    };
    let crosses = |index: usize| lines[index].x0 < gutter_end && lines[index].x1 > gutter_start;
    let crossing = top_to_bottom(
        lines,
        items.iter().copied().filter(|&i| crosses(i)).collect(),
    );
    let mut rest: Vec<usize> = items.into_iter().filter(|&i| !crosses(i)).collect();
    for crossing_line in crossing.into_iter().map(Some).chain([None]) {
        // The segment above this crossing line (or, after the last, everything left).
        let (segment, below): (Vec<usize>, Vec<usize>) = match crossing_line {
            Some(crossing_line) => rest
                .into_iter()
                .partition(|&i| lines[i].y > lines[crossing_line].y),
            None => (rest, Vec::new()),
        };
        rest = below;
        let (left, right): (Vec<usize>, Vec<usize>) = segment
            .into_iter()
            .partition(|&i| lines[i].x1 <= gutter_start);
        read_region(lines, left, size, order);
        read_region(lines, right, size, order);
        order.extend(crossing_line);
    }
}

fn top_to_bottom(lines: &[Line], mut items: Vec<usize>) -> Vec<usize> {
    items.sort_by(|&a, &b| {
        lines[b]
            .y
            .total_cmp(&lines[a].y)
            .then(lines[a].x0.total_cmp(&lines[b].x0))
    });
    items
}

/// The best gutter of a region, as the x range it spans.
fn gutter(lines: &[Line], items: &[usize], size: f32) -> Option<(f32, f32)> {
    if items.len() < 4 {
        return None;
    }
    let left_edge = items.iter().map(|&i| lines[i].x0).fold(f32::MAX, f32::min);
    let right_edge = items.iter().map(|&i| lines[i].x1).fold(f32::MIN, f32::max);
    // Lines covering each point-wide strip across the region (glyphs are kept to their page,
    // so a region is at most a few thousand points wide; anything wider has no columns).
    let strips = (right_edge - left_edge).ceil().max(0.0) as usize;
    if strips > MAX_STRIPS {
        return None;
    }
    let mut cover = vec![0usize; strips];
    for &index in items {
        let from = (lines[index].x0 - left_edge).floor().max(0.0) as usize;
        let to = ((lines[index].x1 - left_edge).ceil().max(0.0) as usize).min(strips);
        for count in &mut cover[from.min(to)..to] {
            *count += 1;
        }
    }
    let max_crossing = (MAX_CROSSING_SHARE * items.len() as f32) as usize;
    let margin = (MIN_COLUMN * size) as usize;
    let mut best: Option<(usize, f32, f32)> = None;
    let mut strip = margin;
    while strip + margin < strips {
        let crossing = cover[strip];
        if crossing > max_crossing {
            strip += 1;
            continue;
        }
        let run_end = (strip..strips - margin)
            .find(|&s| cover[s] != crossing)
            .unwrap_or(strips - margin);
        let (start, end) = (left_edge + strip as f32, left_edge + run_end as f32);
        let better = best.is_none_or(|(fewest, best_start, best_end)| {
            crossing < fewest || crossing == fewest && end - start > best_end - best_start
        });
        if end - start >= MIN_GUTTER * size && better && has_columns(lines, items, start, end, size)
        {
            best = Some((crossing, start, end));
        }
        strip = run_end.max(strip + 1);
    }
    best.map(|(_, start, end)| (start, end))
}

/// Whether real columns stand either side of the strip `start..end`.
fn has_columns(lines: &[Line], items: &[usize], start: f32, end: f32, size: f32) -> bool {
    let widest = |side: &dyn Fn(&Line) -> bool| {
        items
            .iter()
            .map(|&i| &lines[i])
            .filter(|line| side(line))
            .map(|line| line.x1 - line.x0)
            .fold(0.0, f32::max)
    };
    widest(&|line| line.x1 <= start) >= MIN_COLUMN * size
        && widest(&|line| line.x0 >= end) >= MIN_COLUMN * size
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, x1: f32, y: f32) -> Line {
        Line {
            text: text.to_owned(),
            x0,
            x1,
            y,
            size: 10.0,
            bold: false,
        }
    }

    fn read(lines: &[Line]) -> Vec<&str> {
        reading_order(lines)
            .into_iter()
            .map(|index| lines[index].text.as_str())
            .collect()
    }

    #[test]
    fn two_columns_under_a_full_width_title_are_read_column_by_column() {
        let mut lines = vec![line("Title across the page", 72.0, 540.0, 740.0)];
        // Both columns break between paragraphs at the same height (y 676 → 652).
        for (index, y) in [712.0, 700.0, 688.0, 676.0, 652.0, 640.0]
            .into_iter()
            .enumerate()
        {
            lines.push(line(&format!("L{index}"), 72.0, 296.0, y));
            lines.push(line(&format!("R{index}"), 316.0, 540.0, y));
        }
        lines.push(line("Footer note across the page", 72.0, 540.0, 600.0));
        assert_eq!(
            read(&lines),
            [
                "Title across the page",
                "L0",
                "L1",
                "L2",
                "L3",
                "L4",
                "L5",
                "R0",
                "R1",
                "R2",
                "R3",
                "R4",
                "R5",
                "Footer note across the page"
            ]
        );
    }

    #[test]
    fn a_list_with_its_numbers_apart_is_read_row_by_row() {
        let lines = vec![
            line("1.", 72.0, 80.0, 700.0),
            line("First point of the list, long enough", 100.0, 540.0, 700.0),
            line("2.", 72.0, 80.0, 688.0),
            line("Second point of the list, long enough", 100.0, 540.0, 688.0),
        ];
        assert_eq!(
            read(&lines),
            [
                "1.",
                "First point of the list, long enough",
                "2.",
                "Second point of the list, long enough"
            ]
        );
    }

    #[test]
    fn every_line_is_read_exactly_once() {
        let mut lines = Vec::new();
        for row in 0..30 {
            for column in 0..3 {
                let x0 = 50.0 + column as f32 * (140.0 + 13.0 * (row % 4) as f32);
                lines.push(line("x", x0, x0 + 120.0, 700.0 - row as f32 * 11.0));
            }
        }
        let mut order = reading_order(&lines);
        order.sort();
        assert_eq!(order, (0..lines.len()).collect::<Vec<_>>());
    }
}
