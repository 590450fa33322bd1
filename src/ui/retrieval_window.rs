//! The Retrieval window (Ctrl+Shift+R): annotations across the open project, filtered by tag,
//! analyst, words in the excerpt or note and conditions on the articles, shown in their context
//! (keyword in context), grouped by article or by tag with counts. A click on one opens its
//! article at the passage; the results export as any briefing format.

use crate::command::{AppCommand, Passage, ProjectCommand};
use crate::export::ExportFormat;
use crate::export::project::GroupBy;
use crate::model::{TagSet, one_line_excerpt};
use crate::project::search::{Hit, SearchResults};
use crate::project::text_search::TextResults;
use crate::state::retrieval::{RetrievalDraft, RetrievalMode, grouped};

/// What the window shows besides the query it edits.
pub struct RetrievalInput<'a> {
    pub project_name: &'a str,
    pub tag_set: &'a TagSet,
    pub analysts: &'a [String],
    /// The last search's results, or why it could not run; `None` before the first.
    pub results: Option<&'a Result<SearchResults, String>>,
    /// The last search of the articles' text.
    pub text_results: Option<&'a TextResults>,
    /// The project's articles are still being read into memory (a search waits for them).
    pub indexing: bool,
    /// The project has a codebook to append to a briefing.
    pub has_codebook: bool,
}

fn project(command: ProjectCommand) -> AppCommand {
    AppCommand::Project(command)
}

/// Draws the window; edits `draft` in place and returns what the analyst asked for.
pub fn retrieval_window_ui(
    ctx: &egui::Context,
    draft: &mut RetrievalDraft,
    input: &RetrievalInput<'_>,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new(format!("Retrieval: {}", input.project_name))
        .id(egui::Id::unique("retrieval-window"))
        .open(&mut open)
        .default_size([900.0, 620.0])
        .vscroll(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label("Search:");
                for (mode, label) in [
                    (RetrievalMode::Annotations, "Annotations"),
                    (RetrievalMode::Text, "The articles' text"),
                ] {
                    if ui.selectable_label(draft.mode == mode, label).clicked() {
                        draft.mode = mode;
                    }
                }
                if input.indexing {
                    ui.spinner();
                    ui.weak("Reading the project's articles; a search now waits for them.");
                }
            });
            ui.separator();
            if draft.mode == RetrievalMode::Text {
                text_search_ui(ui, draft, input, &mut commands);
                return;
            }
            query_ui(ui, draft, input, &mut commands);
            ui.separator();
            match input.results {
                None => {
                    ui.label("Choose what to look for and press Search (or Enter in a field).");
                }
                Some(Err(problem)) => {
                    ui.colored_label(ui.visuals().error_fg_color, problem);
                }
                Some(Ok(results)) => results_ui(ui, draft.group_by, results, &mut commands),
            }
        });
    if !open {
        commands.push(project(ProjectCommand::ShowRetrieval(false)));
    }
    commands
}

fn query_ui(
    ui: &mut egui::Ui,
    draft: &mut RetrievalDraft,
    input: &RetrievalInput<'_>,
    commands: &mut Vec<AppCommand>,
) {
    let mut search = false;
    ui.horizontal_wrapped(|ui| {
        ui.label("Tags:");
        for tag in &input.tag_set.tags {
            let mut on = draft.tags.contains(tag.id.as_str());
            if ui.checkbox(&mut on, &tag.label).changed() {
                if on {
                    draft.tags.insert(tag.id.to_string());
                } else {
                    draft.tags.remove(tag.id.as_str());
                }
                search = true;
            }
        }
        ui.separator();
        ui.label("Analysts:");
        for analyst in input.analysts {
            let mut on = draft.analysts.contains(analyst);
            if ui.checkbox(&mut on, analyst).changed() {
                if on {
                    draft.analysts.insert(analyst.clone());
                } else {
                    draft.analysts.remove(analyst);
                }
                search = true;
            }
        }
    });
    egui::Grid::new("retrieval-query")
        .num_columns(2)
        .show(ui, |ui| {
            let label = ui.label("Words:");
            let words = ui
                .add(
                    egui::TextEdit::singleline(&mut draft.text)
                        .id_salt("retrieval-words")
                        .hint_text("in the excerpt or the note")
                        .desired_width(420.0),
                )
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Where:");
            let conditions = ui
                .add(
                    egui::TextEdit::singleline(&mut draft.conditions)
                        .id_salt("retrieval-where")
                        .hint_text("organisation=U.S. Treasury; date>=2026-11; status=done")
                        .desired_width(420.0),
                )
                .labelled_by(label.id);
            ui.end_row();
            let entered = |response: &egui::Response| {
                response.lost_focus()
                    && response
                        .ctx
                        .input(|input| input.key_pressed(egui::Key::Enter))
            };
            search |= entered(&words) || entered(&conditions);
        });
    ui.horizontal(|ui| {
        if ui.button("Search").clicked() {
            search = true;
        }
        ui.label("Group by:");
        for (value, label) in [(GroupBy::Article, "article"), (GroupBy::Tag, "tag")] {
            if ui.radio(draft.group_by == value, label).clicked() {
                draft.group_by = value;
            }
        }
        ui.separator();
        ui.menu_button("Export results…", |ui| {
            if input.has_codebook {
                ui.checkbox(&mut draft.with_codebook, "Append the codebook (briefings)");
                ui.separator();
            }
            for format in ExportFormat::ALL {
                if format == ExportFormat::Brat {
                    continue;
                }
                if ui.button(format.label()).clicked() {
                    commands.push(project(ProjectCommand::ExportResults(format)));
                    ui.close();
                }
            }
        });
    });
    if search {
        commands.push(project(ProjectCommand::Search));
    }
}

fn results_ui(
    ui: &mut egui::Ui,
    group_by: GroupBy,
    results: &SearchResults,
    commands: &mut Vec<AppCommand>,
) {
    let articles: std::collections::BTreeSet<&str> = results
        .hits
        .iter()
        .map(|hit| hit.article.as_str())
        .collect();
    ui.label(format!(
        "{} annotation(s) in {} of the {} article(s) searched",
        results.hits.len(),
        articles.len(),
        results.articles
    ));
    for problem in &results.problems {
        ui.colored_label(ui.visuals().warn_fg_color, problem);
    }
    egui::ScrollArea::vertical()
        .id_salt("retrieval-results")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (heading, members) in grouped(results, group_by) {
                egui::CollapsingHeader::new(format!("{heading} ({})", members.len()))
                    .id_salt(("retrieval-group", &heading))
                    .default_open(true)
                    .show(ui, |ui| {
                        for index in members {
                            hit_ui(ui, group_by, &results.hits[index], commands);
                        }
                    });
            }
        });
}

/// One hit: who and what, then the passage in its context, the excerpt in bold; a click
/// opens it.
fn hit_ui(ui: &mut egui::Ui, group_by: GroupBy, hit: &Hit, commands: &mut Vec<AppCommand>) {
    let place = match group_by {
        GroupBy::Article => hit.tag_label.clone(),
        GroupBy::Tag => one_line_excerpt(&hit.title, 50),
    };
    let mut job = egui::text::LayoutJob::default();
    let style = ui.style();
    let body = egui::TextStyle::Body.resolve(style);
    let weak = ui.visuals().weak_text_color();
    let strong = ui.visuals().strong_text_color();
    let text = ui.visuals().text_color();
    let format = |colour| egui::TextFormat::simple(body.clone(), colour);
    job.append(&format!("{place} · {} — ", hit.analyst), 0.0, format(weak));
    job.append(&format!("…{}", tail(&hit.before, 60)), 0.0, format(text));
    job.append(&one_line_excerpt(&hit.exact, 200), 0.0, format(strong));
    job.append(&format!("{}…", head(&hit.after, 60)), 0.0, format(weak));
    job.wrap.max_width = ui.available_width();
    let response = ui
        .add(egui::Button::new(job).frame(false).wrap())
        .on_hover_text(if hit.note.trim().is_empty() {
            "Click to open the article at this passage".to_owned()
        } else {
            format!(
                "Note: {}\nClick to open the article at this passage",
                hit.note.trim()
            )
        });
    if response.clicked() {
        commands.push(project(ProjectCommand::OpenPassage(Passage {
            article: hit.article.clone(),
            span: hit.start.zip(hit.end),
            analyst: hit.analyst.clone(),
            id: hit.id.clone(),
        })));
    }
}

/// The last `chars` characters of `text` on one line, with the space before the excerpt
/// kept.
fn tail(text: &str, chars: usize) -> String {
    let mut line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.ends_with(char::is_whitespace) {
        line.push(' ');
    }
    let count = line.chars().count();
    line.chars().skip(count.saturating_sub(chars)).collect()
}

/// The first `chars` characters of `text` on one line, with the space after the excerpt kept.
fn head(text: &str, chars: usize) -> String {
    let mut line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.starts_with(char::is_whitespace) {
        line.insert(0, ' ');
    }
    line.chars().take(chars).collect()
}

/// Searching the articles' own text, and tagging the matches ticked (all when none is).
fn text_search_ui(
    ui: &mut egui::Ui,
    draft: &mut RetrievalDraft,
    input: &RetrievalInput<'_>,
    commands: &mut Vec<AppCommand>,
) {
    let mut search = false;
    ui.horizontal(|ui| {
        let label = ui.label("Find in the articles:");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut draft.text_query.text)
                    .id_salt("retrieval-text")
                    .hint_text("e.g. IRGC")
                    .desired_width(300.0),
            )
            .labelled_by(label.id);
        search |= field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        ui.checkbox(&mut draft.text_query.match_case, "Aa match case");
        ui.checkbox(&mut draft.text_query.whole_words, "Whole words");
        search |= ui.button("Search").clicked();
    });
    if search {
        commands.push(project(ProjectCommand::SearchText));
    }
    let Some(results) = input.text_results else {
        ui.label("Type words and press Search: every place they occur in the project's articles.");
        return;
    };
    ui.separator();
    let articles: std::collections::BTreeSet<&str> = results
        .matches
        .iter()
        .map(|found| found.article.as_str())
        .collect();
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} match(es) in {} of the {} article(s) searched.",
            results.matches.len(),
            articles.len(),
            results.articles
        ));
        if results.matches.is_empty() {
            return;
        }
        let which = if draft.chosen.is_empty() {
            "Tag all as:".to_owned()
        } else {
            format!("Tag the {} ticked as:", draft.chosen.len())
        };
        ui.label(which);
        for tag in &input.tag_set.tags {
            if ui
                .button(&tag.label)
                .on_hover_text("In your readings, one undo step per article")
                .clicked()
            {
                commands.push(project(ProjectCommand::TagTextMatches(tag.id.clone())));
            }
        }
    });
    for problem in &results.problems {
        ui.colored_label(ui.visuals().warn_fg_color, problem);
    }
    egui::ScrollArea::vertical()
        .id_salt("retrieval-text-results")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut index = 0;
            while index < results.matches.len() {
                let article = &results.matches[index].article;
                let end = results.matches[index..]
                    .iter()
                    .position(|found| &found.article != article)
                    .map_or(results.matches.len(), |offset| index + offset);
                let title = &results.matches[index].title;
                egui::CollapsingHeader::new(format!(
                    "{} ({})",
                    one_line_excerpt(title, 70),
                    end - index
                ))
                .id_salt(("retrieval-text-group", article))
                .default_open(true)
                .show(ui, |ui| {
                    for (position, found) in results.matches[index..end].iter().enumerate() {
                        let at = index + position;
                        ui.horizontal(|ui| {
                            let mut ticked = draft.chosen.contains(&at);
                            if ui
                                .checkbox(&mut ticked, "")
                                .on_hover_text("Tick to tag only the ticked matches")
                                .changed()
                            {
                                if ticked {
                                    draft.chosen.insert(at);
                                } else {
                                    draft.chosen.remove(&at);
                                }
                            }
                            let line = format!(
                                "…{}{}{}…",
                                tail(&found.before, 50),
                                found.exact,
                                head(&found.after, 50)
                            );
                            if ui
                                .add(egui::Button::new(line).frame(false))
                                .on_hover_text("Click to open the article at this place")
                                .clicked()
                            {
                                commands.push(project(ProjectCommand::OpenPassage(Passage {
                                    article: found.article.clone(),
                                    span: Some((found.start, found.end)),
                                    analyst: String::new(),
                                    id: String::new(),
                                })));
                            }
                        });
                    }
                });
                index = end;
            }
        });
}
