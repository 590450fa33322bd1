//! Reading INCEpTION / WebAnno TSV 3.x: the header declares the layers (`#T_SP=` span layers
//! with their features, `#T_RL=` relation layers, `#T_CH=` chains), then each sentence is a
//! `#Text=` line followed by one row per token: `1-3<TAB>8-9<TAB>a<TAB>` and one column per
//! feature of each layer in the header's order (a relation layer adds a column naming the
//! source token). A cell holds `_` (nothing), or values separated by `|`, each `LABEL` or
//! `LABEL[3]` (the `[3]` ties the tokens of one multi-token annotation together); a relation's
//! source is `1-1` or `1-1[3_4]` (the ids of the source and target annotations).
//!
//! Each span annotation becomes an annotation typed by its first feature's value (its layer's
//! short name when it has none), with the other features in its note (`feature: value`).
//! Offsets count UTF-16 code units (Java's strings); they are turned into code points. The
//! text is rebuilt from the `#Text=` lines at their offsets, so that every quote comes with
//! its context; whether it is the article's text is checked by the import, which places each
//! annotation by its quote. Chains and what cannot be read are reported line by line.

use super::{ForeignAnnotation, ForeignRelation, ImportError, ReportedLine};
use crate::model::Span;
use std::collections::HashMap;

/// Chars of context around each quote.
const CONTEXT_CHARS: usize = 32;

pub const CHAIN_SKIPPED: &str = "not imported: a chain layer's cell (coreference chains)";
pub const UNREADABLE: &str = "not imported: the line could not be read";
pub const RELATION_OF_MISSING: &str =
    "not imported: a relation whose source or target annotation is not in the file";

/// What a TSV file held.
pub struct WebAnnoFile {
    pub annotations: Vec<ForeignAnnotation>,
    pub relations: Vec<ForeignRelation>,
    /// The document text rebuilt from the `#Text=` lines.
    pub text: String,
    pub taken: Vec<(&'static str, usize)>,
    pub reported: Vec<ReportedLine>,
}

/// A declared layer and the columns it takes.
struct Layer {
    kind: LayerKind,
    /// Its short name (`NamedEntity` for `de.….NamedEntity`).
    name: String,
    features: Vec<String>,
}

#[derive(PartialEq, Eq)]
enum LayerKind {
    Span,
    Relation,
    Chain,
}

impl Layer {
    fn columns(&self) -> usize {
        match self.kind {
            // A relation layer's features, then its source column (the BT_ entry is that).
            LayerKind::Relation => self.features.len().max(1),
            LayerKind::Span | LayerKind::Chain => self.features.len().max(1),
        }
    }
}

/// Undoes TSV 3's escapes (`\_`, `\|`, `\[`, `\]`, `\t`, `\n`, `\\`, …).
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a cell at `|` not escaped.
fn split_values(cell: &str) -> Vec<&str> {
    let mut values = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (at, c) in cell.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => {
                values.push(&cell[start..at]);
                start = at + 1;
            }
            _ => escaped = false,
        }
    }
    values.push(&cell[start..]);
    values
}

/// `LABEL[3]` → (`LABEL`, Some(3)); `LABEL` → (`LABEL`, None).
fn label_and_id(value: &str) -> (String, Option<String>) {
    if let Some(open) = value.rfind('[')
        && value.ends_with(']')
        && !value[..open].ends_with('\\')
    {
        return (
            unescape(&value[..open]),
            Some(value[open + 1..value.len() - 1].to_owned()),
        );
    }
    (unescape(value), None)
}

/// UTF-16 offsets of the file → code points of the rebuilt text.
struct Utf16Map {
    /// (UTF-16 offset, char offset) at the start of each sentence.
    sentences: Vec<(usize, usize, String)>,
}

impl Utf16Map {
    fn chars(&self, utf16: usize) -> usize {
        let index = self
            .sentences
            .partition_point(|(start, _, _)| *start <= utf16)
            .saturating_sub(1);
        let Some((start16, start_chars, text)) = self.sentences.get(index) else {
            return utf16;
        };
        let mut units = *start16;
        let mut chars = *start_chars;
        for c in text.chars() {
            if units >= utf16 {
                break;
            }
            units += c.len_utf16();
            chars += 1;
        }
        chars + utf16.saturating_sub(units)
    }
}

/// A span annotation being gathered over its tokens.
struct Gathered {
    label: String,
    features: Vec<(String, String)>,
    start16: usize,
    end16: usize,
}

/// Reads a TSV 3.x file.
pub fn parse(file: &str, tsv: &str) -> Result<WebAnnoFile, ImportError> {
    let tsv = tsv.strip_prefix('\u{feff}').unwrap_or(tsv);
    let mut lines = tsv
        .lines()
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let first = lines.next().unwrap_or_default();
    if !first.starts_with("#FORMAT=WebAnno TSV 3") {
        return Err(ImportError::File {
            file: file.to_owned(),
            message: format!(
                "not a WebAnno / INCEpTION TSV 3 file: it should start with #FORMAT=WebAnno TSV 3.x, not {:?}",
                crate::model::one_line_excerpt(first, 40)
            ),
        });
    }
    let mut layers: Vec<Layer> = Vec::new();
    let mut reported = Vec::new();
    let mut taken: HashMap<&'static str, usize> = HashMap::new();
    // Sentences: (UTF-16 start, text), rows: (line number, fields).
    let mut sentences: Vec<(Option<usize>, String)> = Vec::new();
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    for (index, line) in lines.enumerate() {
        let number = index + 2;
        if let Some(declaration) = line
            .strip_prefix("#T_SP=")
            .map(|rest| (LayerKind::Span, rest))
            .or_else(|| {
                line.strip_prefix("#T_RL=")
                    .map(|rest| (LayerKind::Relation, rest))
            })
            .or_else(|| {
                line.strip_prefix("#T_CH=")
                    .map(|rest| (LayerKind::Chain, rest))
            })
        {
            let (kind, rest) = declaration;
            let mut parts = rest.split('|');
            let full = parts.next().unwrap_or_default();
            let features = parts
                .filter(|feature| !feature.starts_with("BT_") || kind == LayerKind::Relation)
                .map(str::to_owned)
                .collect();
            layers.push(Layer {
                kind,
                name: full.rsplit('.').next().unwrap_or(full).to_owned(),
                features,
            });
        } else if let Some(text) = line.strip_prefix("#Text=") {
            // A sentence over several lines repeats #Text=.
            match sentences.last_mut() {
                Some((None, previous)) => {
                    previous.push('\n');
                    previous.push_str(&unescape(text));
                }
                _ => sentences.push((None, unescape(text))),
            }
        } else if line.starts_with('#') || line.trim().is_empty() {
            continue;
        } else {
            let fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
            let Some(begin) = fields
                .get(1)
                .and_then(|offsets| offsets.split_once('-'))
                .and_then(|(begin, _)| begin.parse::<usize>().ok())
            else {
                reported.push(ReportedLine {
                    line: number,
                    outcome: UNREADABLE,
                    detail: line.to_owned(),
                });
                continue;
            };
            if let Some((start @ None, _)) = sentences.last_mut() {
                *start = Some(begin);
            }
            rows.push((number, fields));
        }
    }
    // The text, each sentence at its offset (gaps as spaces, a line break between sentences).
    let mut text = String::new();
    let mut map = Utf16Map {
        sentences: Vec::new(),
    };
    let mut units = 0;
    for (start16, sentence) in &sentences {
        let start16 = start16.unwrap_or(units);
        if start16 > units {
            let gap = start16 - units;
            text.push('\n');
            text.extend(std::iter::repeat_n(' ', gap.saturating_sub(1)));
            units = start16;
        }
        map.sentences
            .push((units, text.chars().count(), sentence.clone()));
        text.push_str(sentence);
        units += sentence.encode_utf16().count();
    }
    let mut gathered: Vec<Gathered> = Vec::new();
    // (layer, id) of a multi-token annotation → its index in `gathered`.
    let mut open: HashMap<(usize, String), usize> = HashMap::new();
    // Token address ("1-3") → the span annotations on it, as (layer, id or None, index).
    let mut on_token: HashMap<String, Vec<(usize, Option<String>, usize)>> = HashMap::new();
    let mut relation_cells: Vec<(usize, usize, String, Vec<String>)> = Vec::new();
    for (number, fields) in &rows {
        let address = fields[0].clone();
        let Some((begin, end)) = fields[1]
            .split_once('-')
            .and_then(|(begin, end)| Some((begin.parse().ok()?, end.parse().ok()?)))
        else {
            continue;
        };
        let mut column = 3;
        for (layer_index, layer) in layers.iter().enumerate() {
            let cells: Vec<&str> = (column..column + layer.columns())
                .map(|at| fields.get(at).map_or("_", String::as_str))
                .collect();
            column += layer.columns();
            let values_of = |cell: &str| -> Vec<String> {
                if cell == "_" || cell.is_empty() {
                    Vec::new()
                } else {
                    split_values(cell).into_iter().map(str::to_owned).collect()
                }
            };
            match layer.kind {
                LayerKind::Chain => {
                    if cells.iter().any(|cell| *cell != "_" && !cell.is_empty()) {
                        reported.push(ReportedLine {
                            line: *number,
                            outcome: CHAIN_SKIPPED,
                            detail: format!("{}: {}", layer.name, cells.join(" ")),
                        });
                    }
                }
                LayerKind::Relation => {
                    let source = values_of(cells.last().copied().unwrap_or("_"));
                    if !source.is_empty() {
                        let labels = values_of(cells.first().copied().unwrap_or("_"));
                        relation_cells.push((*number, layer_index, address.clone(), {
                            source
                                .iter()
                                .enumerate()
                                .map(|(at, source)| {
                                    format!(
                                        "{}\t{source}",
                                        labels.get(at).map_or("", String::as_str)
                                    )
                                })
                                .collect()
                        }));
                    }
                }
                LayerKind::Span => {
                    // The label is the `value` (or `label`) feature, else the first; the
                    // other features go to the note.
                    let label_column = layer
                        .features
                        .iter()
                        .position(|feature| {
                            feature.eq_ignore_ascii_case("value")
                                || feature.eq_ignore_ascii_case("label")
                        })
                        .unwrap_or(0);
                    let labels = values_of(cells.get(label_column).copied().unwrap_or("_"));
                    for (at, value) in labels.iter().enumerate() {
                        let (label, id) = label_and_id(value);
                        let features: Vec<(String, String)> = layer
                            .features
                            .iter()
                            .zip(&cells)
                            .enumerate()
                            .filter(|(column, _)| *column != label_column)
                            .filter_map(|(_, (feature, cell))| {
                                let value = values_of(cell).get(at).cloned()?;
                                let (value, _) = label_and_id(&value);
                                (!matches!(value.as_str(), "*" | "_" | ""))
                                    .then(|| (feature.clone(), value))
                            })
                            .collect();
                        let existing = id
                            .as_ref()
                            .and_then(|id| open.get(&(layer_index, id.clone())).copied());
                        let index = match existing {
                            Some(index) => {
                                gathered[index].end16 = end;
                                index
                            }
                            None => {
                                gathered.push(Gathered {
                                    label: if matches!(label.as_str(), "*" | "_" | "") {
                                        layer.name.clone()
                                    } else {
                                        label
                                    },
                                    features,
                                    start16: begin,
                                    end16: end,
                                });
                                let index = gathered.len() - 1;
                                if let Some(id) = &id {
                                    open.insert((layer_index, id.clone()), index);
                                }
                                index
                            }
                        };
                        on_token
                            .entry(address.clone())
                            .or_default()
                            .push((layer_index, id, index));
                    }
                }
            }
        }
    }
    let document = crate::model::Document::from_raw_text(&text);
    let annotations: Vec<ForeignAnnotation> = gathered
        .iter()
        .enumerate()
        .map(|(index, found)| {
            let start = map.chars(found.start16);
            let end = map.chars(found.end16).max(start);
            let note = found
                .features
                .iter()
                .map(|(feature, value)| format!("{feature}: {value}"))
                .collect::<Vec<_>>()
                .join("\n");
            ForeignAnnotation {
                key: format!("#{index}"),
                kind: found.label.clone(),
                span: Some(Span::new(start, end)),
                exact: document.slice(start..end).to_owned(),
                prefix: document
                    .slice(start.saturating_sub(CONTEXT_CHARS)..start)
                    .to_owned(),
                suffix: document.slice(end..end + CONTEXT_CHARS).to_owned(),
                note,
                ..ForeignAnnotation::default()
            }
        })
        .collect();
    *taken.entry("annotation").or_default() += annotations.len();
    // Relations: on the target token, the label and the source token (`1-1` or `1-1[3_4]`).
    let mut relations = Vec::new();
    for (number, _, target_address, cells) in relation_cells {
        for cell in cells {
            let (label, source) = cell.split_once('\t').unwrap_or(("", &cell));
            let (source_address, ids) = match source.split_once('[') {
                Some((address, rest)) => (address, rest.trim_end_matches(']')),
                None => (source, ""),
            };
            let (source_id, target_id) = ids.split_once('_').unwrap_or(("0", "0"));
            let pick = |address: &str, id: &str| {
                on_token.get(address).and_then(|spans| {
                    spans
                        .iter()
                        .find(|(_, span_id, _)| id == "0" || span_id.as_deref() == Some(id))
                        .map(|(_, _, index)| format!("#{index}"))
                })
            };
            match (
                pick(source_address, source_id),
                pick(&target_address, target_id),
            ) {
                (Some(source), Some(target)) => {
                    relations.push(ForeignRelation {
                        kind: if label.is_empty() || label == "*" {
                            "related".to_owned()
                        } else {
                            unescape(label)
                        },
                        source,
                        target,
                        note: String::new(),
                    });
                    *taken.entry("relation").or_default() += 1;
                }
                _ => reported.push(ReportedLine {
                    line: number,
                    outcome: RELATION_OF_MISSING,
                    detail: format!("{label} from {source} to {target_address}"),
                }),
            }
        }
    }
    let mut taken: Vec<(&'static str, usize)> = taken.into_iter().collect();
    taken.sort();
    reported.sort_by_key(|line| line.line);
    Ok(WebAnnoFile {
        annotations,
        relations,
        text,
        taken,
        reported,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As INCEpTION writes it: a named-entity layer with two features, a relation layer over
    /// it, a chain layer, a multi-token entity, two stacked on one token, an escaped value, a
    /// character outside the Basic Multilingual Plane (two UTF-16 units), Windows line ends.
    const TSV: &str = "\u{feff}#FORMAT=WebAnno TSV 3.3\r\n\
#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\r\n\
#T_RL=webanno.custom.Link|label|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity\r\n\
#T_CH=de.tudarmstadt.ukp.dkpro.core.api.coref.type.CoreferenceLink|referenceType|referenceRelation\r\n\
\r\n\
\r\n\
#Text=Barack Obama 😀 met the IRGC .\r\n\
1-1\t0-6\tBarack\tQ76[1]\tPER[1]\t_\t_\t*->1-1\t*->1\r\n\
1-2\t7-12\tObama\tQ76[1]\tPER[1]\t_\t_\t_\t_\r\n\
1-3\t13-15\t😀\t_\t_\t_\t_\t_\t_\r\n\
1-4\t16-19\tmet\t_\t_\t_\t_\t_\t_\r\n\
1-5\t20-23\tthe\t_\t_\t_\t_\t_\t_\r\n\
1-6\t24-28\tIRGC\t_|_\tORG|MIL\\|ARMY\tmeets\t1-1[1_0]\t_\t_\r\n\
1-7\t29-30\t.\t_\t_\t_\t_\t_\t_\r\n";

    #[test]
    fn reads_spans_features_relations_and_reports_chains() {
        let parsed = parse("doc.tsv", TSV).expect("read");
        assert_eq!(parsed.text, "Barack Obama 😀 met the IRGC .");
        let found: Vec<(&str, &str, &str)> = parsed
            .annotations
            .iter()
            .map(|annotation| {
                (
                    annotation.kind.as_str(),
                    annotation.exact.as_str(),
                    annotation.note.as_str(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("PER", "Barack Obama", "identifier: Q76"),
                ("ORG", "IRGC", ""),
                ("MIL|ARMY", "IRGC", ""),
            ]
        );
        // Code points, not UTF-16 units: the emoji counts once.
        let irgc = parsed.annotations[1].span.expect("offsets");
        assert_eq!(irgc, Span::new(23, 27));
        assert_eq!(
            parsed.relations,
            vec![ForeignRelation {
                kind: "meets".into(),
                source: "#0".into(),
                target: "#1".into(),
                note: String::new()
            }]
        );
        assert_eq!(parsed.reported.len(), 1);
        assert_eq!(parsed.reported[0].outcome, CHAIN_SKIPPED);
        assert_eq!(parsed.reported[0].line, 8);
    }

    #[test]
    fn a_file_that_is_not_tsv_3_is_named() {
        let error = parse("x.tsv", "#FORMAT=WebAnno TSV 2\n")
            .err()
            .expect("refused");
        assert!(error.to_string().contains("x.tsv"), "{error}");
        assert!(error.to_string().contains("TSV 3"), "{error}");
    }
}
