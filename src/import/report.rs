//! What an import did: the annotations placed and how they anchored, the relations taken and
//! left out, and every line of the file not taken as it stood, grouped by what happened.

use super::{TEXT_DIFFERS, brat};
use crate::model::anchoring::AnchorReport;

/// A line (or entry) of an imported file not taken as it stood, and what happened to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportedLine {
    /// The line in the file, from 1 (for a JSON file, the annotation's place in it).
    pub line: usize,
    /// What happened, in the same words for every line it happened to: the report groups by it.
    pub outcome: &'static str,
    /// The line itself, or what about it.
    pub detail: String,
}

/// What an import added to a layer.
#[derive(Debug)]
pub struct ImportSummary {
    pub annotations: usize,
    pub report: AnchorReport,
    pub relations: usize,
    /// Relations left out, each with the reason.
    pub skipped_relations: Vec<String>,
    /// The file's lines taken, by kind ("annotation", "note", "relation", …).
    pub taken: Vec<(&'static str, usize)>,
    /// The file's lines not taken as they stood, each with what happened.
    pub reported: Vec<ReportedLine>,
}

impl ImportSummary {
    /// One paragraph on what the import did, for the CLI and the window.
    pub fn describe(&self) -> String {
        use crate::model::AnchorStatus::*;
        let summary = self;
        let report = &summary.report;
        let mut text = format!(
            "imported {} annotation(s): {} anchored, {} relocated (to review), {} orphaned (not found in the article, kept); {} relation(s)",
            summary.annotations,
            report.count(Anchored),
            report.count(Relocated),
            report.count(Orphaned),
            summary.relations
        );
        if !summary.skipped_relations.is_empty() {
            text.push_str(&format!(
                ", {} relation(s) skipped",
                summary.skipped_relations.len()
            ));
        }
        let lines: usize = summary.taken.iter().map(|(_, count)| count).sum::<usize>()
            + summary
                .reported
                .iter()
                .filter(|line| {
                    ![
                        brat::PLACED_BY_QUOTE,
                        brat::DISCONTINUOUS,
                        brat::FRAGMENTS,
                        TEXT_DIFFERS,
                    ]
                    .contains(&line.outcome)
                })
                .count();
        if lines > 0 {
            let taken: Vec<String> = summary
                .taken
                .iter()
                .filter(|(_, count)| *count > 0)
                .map(|(kind, count)| format!("{count} {kind}"))
                .collect();
            text.push_str(&format!("; of {lines} line(s): {} taken", taken.join(", ")));
            let skipped = lines - summary.taken.iter().map(|(_, count)| count).sum::<usize>();
            if skipped > 0 {
                text.push_str(&format!(", {skipped} not imported (listed)"));
            }
        }
        text
    }

    /// The report, grouped by what happened, a line each: `what happened (n):` then
    /// `  line N: detail` for each.
    pub fn report_lines(&self) -> Vec<String> {
        let mut groups: Vec<(&str, Vec<&ReportedLine>)> = Vec::new();
        for line in &self.reported {
            match groups
                .iter_mut()
                .find(|(outcome, _)| *outcome == line.outcome)
            {
                Some((_, lines)) => lines.push(line),
                None => groups.push((line.outcome, vec![line])),
            }
        }
        let mut text = Vec::new();
        for (outcome, lines) in groups {
            text.push(format!("{outcome} ({}):", lines.len()));
            for line in lines {
                text.push(format!("  line {}: {}", line.line, line.detail));
            }
        }
        if !self.skipped_relations.is_empty() {
            text.push(format!(
                "relations not imported ({}):",
                self.skipped_relations.len()
            ));
            for reason in &self.skipped_relations {
                text.push(format!("  {reason}"));
            }
        }
        text
    }
}
