//! The project home (Ctrl+H): the open project's articles as a table — title, authors, date,
//! publication, the project's attributes, each analyst's status with the annotation count,
//! the consensus — filtered by words, sorted by a click on a column's heading, an article
//! opened by a click on its title; with the next article assigned to the analyst and marking
//! the open article done. It only reads its input and returns commands.

use crate::command::{AppCommand, ProjectCommand};
use crate::project::Project;
use crate::project::status::{ArticleStatus, ReadingStatus};
use crate::project::table::{Column, TableView};

/// What the analyst is writing in the home, kept between frames: the "set a value on the
/// articles shown" fields and a journal entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HomeDraft {
    /// A project attribute or a document information key.
    pub key: String,
    pub value: String,
    pub journal: String,
}

/// What the home shows.
pub struct ProjectHomeInput<'a> {
    pub project: &'a Project,
    pub rows: &'a [ArticleStatus],
    /// The rows shown, as indexes into `rows`, in order.
    pub order: &'a [usize],
    pub view: &'a TableView,
    /// The manifest key of the article open in the window, if it is the project's.
    pub current: Option<&'a str>,
    pub analyst: Option<&'a str>,
    pub problems: &'a [String],
    /// The project journal's entries, oldest first.
    pub journal: &'a [crate::project::journal::JournalEntry],
}

fn project(command: ProjectCommand) -> AppCommand {
    AppCommand::Project(command)
}

/// The analysts shown as columns: the project's, then anyone else with a reading.
fn analyst_columns(input: &ProjectHomeInput<'_>) -> Vec<String> {
    let mut names: Vec<String> = input.project.manifest.analysts.keys().cloned().collect();
    for row in input.rows {
        for (name, status) in &row.analysts {
            if !names.contains(name)
                && (status.annotations > 0 || status.status != ReadingStatus::NotStarted)
            {
                names.push(name.clone());
            }
        }
    }
    names
}

/// A column heading that sorts by its column, with the arrow of the current order.
fn heading_ui(
    ui: &mut egui::Ui,
    label: &str,
    column: Column,
    view: &TableView,
) -> Option<AppCommand> {
    let arrow = match (view.sort == column, view.descending) {
        (true, false) => " ↑",
        (true, true) => " ↓",
        (false, _) => "",
    };
    ui.add(egui::Button::new(egui::RichText::new(format!("{label}{arrow}")).strong()).frame(false))
        .on_hover_text(format!("Sort by {}", label.to_lowercase()))
        .clicked()
        .then(|| project(ProjectCommand::SortBy(column)))
}

/// Draws the home; returns what the analyst asked for.
pub fn project_home_ui(
    ctx: &egui::Context,
    draft: &mut HomeDraft,
    input: &ProjectHomeInput<'_>,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let mut open = true;
    let title = format!("Project: {}", input.project.manifest.name);
    egui::Window::new(title)
        .id(egui::Id::unique("project-home"))
        .open(&mut open)
        .default_size([1240.0, 560.0])
        .vscroll(false)
        .show(ctx, |ui| {
            toolbar_ui(ui, input, &mut commands);
            edit_ui(ui, draft, input, &mut commands);
            journal_ui(ui, draft, input, &mut commands);
            ui.separator();
            table_ui(ui, input, &mut commands);
            if !input.problems.is_empty() {
                ui.separator();
                egui::CollapsingHeader::new(format!(
                    "{} problem(s) reading the project",
                    input.problems.len()
                ))
                .id_salt("project-home-problems")
                .show(ui, |ui| {
                    for problem in input.problems {
                        ui.label(problem);
                    }
                });
            }
        });
    if !open {
        commands.push(project(ProjectCommand::ShowHome(false)));
    }
    commands
}

fn toolbar_ui(ui: &mut egui::Ui, input: &ProjectHomeInput<'_>, commands: &mut Vec<AppCommand>) {
    ui.horizontal(|ui| {
        let label = ui.label("Filter:");
        let mut filter = input.view.filter.clone();
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut filter)
                    .id_salt("project-home-filter")
                    .hint_text("words, or COLUMN:VALUE (analyst-a:done, consensus:open, country:iran)")
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        if response.changed() {
            commands.push(project(ProjectCommand::SetFilter(filter)));
        }
        ui.label(format!("{} of {} article(s)", input.order.len(), input.rows.len()));
        if input.analyst.is_some()
            && ui
                .button("My next assigned article")
                .on_hover_text("Open the next article assigned to you that you have not marked done (Ctrl+Shift+N)")
                .clicked()
        {
            commands.push(project(ProjectCommand::NextAssigned));
        }
        if let (Some(current), Some(analyst)) = (input.current, input.analyst) {
            let done = input
                .rows
                .iter()
                .find(|row| row.key == current)
                .and_then(|row| row.analysts.get(analyst))
                .is_some_and(|status| status.status == ReadingStatus::Done);
            if done {
                if ui.button("Reopen my reading").clicked() {
                    commands.push(project(ProjectCommand::SetDone(false)));
                }
            } else if ui
                .button("Mark my reading done")
                .on_hover_text("Done with the article open in the window")
                .clicked()
            {
                commands.push(AppCommand::Team(crate::command::TeamCommand::MarkReadingDone));
            }
        }
        if ui.button("Refresh").on_hover_text("Read the statuses again from the files").clicked() {
            commands.push(project(ProjectCommand::Refresh));
        }
    });
}

/// Adding articles, and setting one value on every article the filter shows.
fn edit_ui(
    ui: &mut egui::Ui,
    draft: &mut HomeDraft,
    input: &ProjectHomeInput<'_>,
    commands: &mut Vec<AppCommand>,
) {
    ui.horizontal(|ui| {
        if ui
            .button("Add article…")
            .on_hover_text("An article file; one outside the project folder is copied in with its readings (or drop files and folders on this window)")
            .clicked()
        {
            commands.push(project(ProjectCommand::ShowAddDialog { folder: false }));
        }
        if ui
            .button("Add folder…")
            .on_hover_text("Every article in a folder")
            .clicked()
        {
            commands.push(project(ProjectCommand::ShowAddDialog { folder: true }));
        }
        ui.separator();
        let set_label = ui.label("Set");
        let keys: Vec<&str> = input
            .project
            .manifest
            .attributes
            .keys()
            .map(String::as_str)
            .chain(["title", "authors", "date", "publication", "url"])
            .collect();
        if draft.key.is_empty() || !keys.contains(&draft.key.as_str()) {
            draft.key = keys.first().map(|key| (*key).to_owned()).unwrap_or_default();
        }
        egui::ComboBox::from_id_salt("project-home-set-key")
            .selected_text(draft.key.clone())
            .show_ui(ui, |ui| {
                for key in &keys {
                    ui.selectable_value(&mut draft.key, (*key).to_owned(), *key);
                }
            })
            .response
            .labelled_by(set_label.id);
        let to_label = ui.label("to");
        let hint = match input.project.manifest.attributes.get(&draft.key) {
            Some(crate::project::AttributeKind::Choice(choices)) => choices.join(" / "),
            Some(kind) => kind.label().to_owned(),
            None if draft.key == "date" => "yyyy-mm-dd".to_owned(),
            None => String::new(),
        };
        ui.add(
            egui::TextEdit::singleline(&mut draft.value)
                .id_salt("project-home-set-value")
                .hint_text(hint)
                .desired_width(180.0),
        )
        .labelled_by(to_label.id);
        let shown = input.order.len();
        let label = format!("on the {shown} article(s) shown");
        if ui
            .add_enabled(shown > 0 && !draft.key.is_empty(), egui::Button::new(label))
            .on_hover_text("Filter the table first to choose the articles; the value is checked against the attribute's kind")
            .clicked()
        {
            let keys = input
                .order
                .iter()
                .map(|&index| input.rows[index].key.clone())
                .collect();
            commands.push(project(ProjectCommand::SetValue {
                keys,
                value: format!("{}={}", draft.key, draft.value),
            }));
        }
    });
}

/// The project journal: the latest entries, and a new one.
fn journal_ui(
    ui: &mut egui::Ui,
    draft: &mut HomeDraft,
    input: &ProjectHomeInput<'_>,
    commands: &mut Vec<AppCommand>,
) {
    egui::CollapsingHeader::new(format!("Journal ({} entries)", input.journal.len()))
        .id_salt("project-home-journal")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("project-home-journal-entries")
                .max_height(160.0)
                .show(ui, |ui| {
                    for entry in input.journal.iter().rev() {
                        ui.strong(format!(
                            "{} — {}",
                            entry.date,
                            input.project.manifest.analyst_name(&entry.analyst)
                        ));
                        ui.label(&entry.text);
                    }
                });
            let Some(analyst) = input.analyst else {
                ui.weak("Choose who you are (Settings) to write in the journal.");
                return;
            };
            let label = ui.label(format!("New entry by {analyst}:"));
            ui.add(
                egui::TextEdit::multiline(&mut draft.journal)
                    .id_salt("project-home-journal-text")
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            if ui
                .add_enabled(
                    !draft.journal.trim().is_empty(),
                    egui::Button::new("Add to the journal"),
                )
                .on_hover_text("Dated today, at the end of journal.md in the project folder")
                .clicked()
            {
                commands.push(project(ProjectCommand::AddJournalEntry(std::mem::take(
                    &mut draft.journal,
                ))));
            }
        });
}

fn table_ui(ui: &mut egui::Ui, input: &ProjectHomeInput<'_>, commands: &mut Vec<AppCommand>) {
    let analysts = analyst_columns(input);
    let attributes: Vec<&String> = input.project.manifest.attributes.keys().collect();
    let view = input.view;
    const SPACING: egui::Vec2 = egui::vec2(14.0, 6.0);
    // Only the rows in view are laid out (a project may hold a thousand articles). The
    // headings are the first row of what is drawn, so they stay at the top while the rows
    // scroll; one row more than there are articles keeps the last one reachable under them.
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::horizontal()
        .id_salt("project-home-columns")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = SPACING.y;
            egui::ScrollArea::vertical()
                .id_salt("project-home-table")
                .auto_shrink([false, false])
                .show_rows(ui, row_height, input.order.len() + 1, |ui, range| {
                    egui::Grid::new("project-home-grid")
                        .striped(true)
                        .spacing(SPACING)
                        .min_row_height(row_height)
                        .show(ui, |ui| {
                            commands.extend(heading_ui(ui, "Title", Column::Title, view));
                            commands.extend(heading_ui(ui, "Authors", Column::Authors, view));
                            commands.extend(heading_ui(ui, "Date", Column::Date, view));
                            commands.extend(heading_ui(
                                ui,
                                "Publication",
                                Column::Publication,
                                view,
                            ));
                            for name in &attributes {
                                commands.extend(heading_ui(
                                    ui,
                                    name,
                                    Column::Attribute((*name).clone()),
                                    view,
                                ));
                            }
                            for name in &analysts {
                                let label = input.project.manifest.analyst_name(name);
                                commands.extend(heading_ui(
                                    ui,
                                    label,
                                    Column::Analyst(name.clone()),
                                    view,
                                ));
                            }
                            commands.extend(heading_ui(ui, "Consensus", Column::Consensus, view));
                            ui.end_row();
                            let shown = range.start..range.end.min(input.order.len());
                            for &index in &input.order[shown] {
                                let row = &input.rows[index];
                                row_ui(ui, input, row, &attributes, &analysts, commands);
                                ui.end_row();
                            }
                        });
                });
        });
}

fn row_ui(
    ui: &mut egui::Ui,
    input: &ProjectHomeInput<'_>,
    row: &ArticleStatus,
    attributes: &[&String],
    analysts: &[String],
    commands: &mut Vec<AppCommand>,
) {
    let is_current = input.current == Some(row.key.as_str());
    let title = crate::model::one_line_excerpt(&row.title, 40);
    let title = if row.missing {
        egui::RichText::new(format!("{title} (missing)")).weak()
    } else {
        egui::RichText::new(title)
    };
    let response = ui
        .selectable_label(is_current, title)
        .on_hover_text(format!("{}\n{}\nClick to open it", row.title, row.key));
    if response.clicked() && !row.missing {
        commands.push(project(ProjectCommand::OpenArticle(row.key.clone())));
    }
    ui.label(crate::model::one_line_excerpt(
        &row.info.authors.join(", "),
        20,
    ));
    ui.label(
        row.info
            .date
            .as_deref()
            .map(crate::store::document_info::display_date)
            .unwrap_or_default(),
    );
    ui.label(crate::model::one_line_excerpt(&row.info.publication, 20));
    let entry = input.project.manifest.articles.get(&row.key);
    for name in attributes {
        ui.label(
            entry
                .and_then(|entry| entry.attributes.get(*name))
                .cloned()
                .unwrap_or_default(),
        );
    }
    for name in analysts {
        let assigned = row.assigned.contains(name);
        match row.analysts.get(name) {
            Some(status)
                if assigned
                    || status.annotations > 0
                    || status.status != ReadingStatus::NotStarted =>
            {
                let text = match status.status {
                    ReadingStatus::NotStarted => "not started".to_owned(),
                    ReadingStatus::InProgress => format!("reading · {}", status.annotations),
                    ReadingStatus::Done => format!("done · {}", status.annotations),
                };
                let text = if input.analyst == Some(name.as_str()) {
                    egui::RichText::new(text).strong()
                } else {
                    egui::RichText::new(text)
                };
                ui.label(text).on_hover_text(format!(
                    "{}: {} annotation(s), {}{}",
                    input.project.manifest.analyst_name(name),
                    status.annotations,
                    status.status.label(),
                    if assigned { "" } else { " (not assigned)" }
                ));
            }
            _ => {
                ui.label("—").on_hover_text("Not assigned");
            }
        }
    }
    let consensus = match row.consensus {
        crate::project::Consensus::None => "—",
        crate::project::Consensus::Open => "open",
        crate::project::Consensus::Settled => "settled",
    };
    ui.label(consensus).on_hover_text(format!(
        "Consensus: {}{}",
        row.consensus.label(),
        if row.double_read {
            "; picked for double reading"
        } else {
            ""
        }
    ));
}
