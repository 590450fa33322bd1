//! The team across the project (View › Project team…): the assignment view (each analyst's
//! articles by status, with their progress), the agreement pooled over the double-read
//! articles and per article, and the adjudication queue (the articles with open
//! disagreements, each a click away from adjudication). It only reads its input and returns
//! commands.

use crate::command::{AppCommand, ProjectCommand};
use crate::project::agree::ProjectAgreement;
use crate::project::status::ArticleStatus;
use crate::project::workload::AnalystLoad;

/// The window's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProjectTeamTab {
    #[default]
    Assignment,
    Agreement,
    Adjudication,
}

/// What the window shows.
pub struct ProjectTeamInput<'a> {
    pub project_name: &'a str,
    pub loads: &'a [AnalystLoad],
    /// The articles with open disagreements.
    pub queue: &'a [&'a ArticleStatus],
    /// The agreement last worked out, if it has been.
    pub agreement: Option<&'a ProjectAgreement>,
    /// Article titles by manifest key, for the per-article agreement.
    pub titles: &'a dyn Fn(&str) -> String,
}

fn project(command: ProjectCommand) -> AppCommand {
    AppCommand::Project(command)
}

/// A score as the tables show it: two decimals, or a dash when it cannot be worked out.
fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |value| format!("{value:.2}"))
}

/// Draws the window; `tab` is the tab shown, changed in place.
pub fn project_team_window_ui(
    ctx: &egui::Context,
    tab: &mut ProjectTeamTab,
    input: &ProjectTeamInput<'_>,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new(format!("Project team: {}", input.project_name))
        .id(egui::Id::unique("project-team-window"))
        .open(&mut open)
        .default_size([820.0, 520.0])
        .vscroll(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                for (choice, label) in [
                    (ProjectTeamTab::Assignment, "Assignment"),
                    (ProjectTeamTab::Agreement, "Agreement"),
                    (
                        ProjectTeamTab::Adjudication,
                        &*format!("Adjudication queue ({})", input.queue.len()),
                    ),
                ] {
                    if ui.selectable_label(*tab == choice, label).clicked() {
                        *tab = choice;
                    }
                }
            });
            ui.separator();
            match tab {
                ProjectTeamTab::Assignment => assignment_ui(ui, input),
                ProjectTeamTab::Agreement => agreement_ui(ui, input, &mut commands),
                ProjectTeamTab::Adjudication => queue_ui(ui, input, &mut commands),
            }
        });
    if !open {
        commands.push(project(ProjectCommand::ShowTeam(false)));
    }
    commands
}

fn assignment_ui(ui: &mut egui::Ui, input: &ProjectTeamInput<'_>) {
    if input.loads.is_empty() {
        ui.label(
            "Nobody is assigned an article yet: `closeread project assign DIR --analysts a,b` assigns them.",
        );
        return;
    }
    egui::Grid::new("project-team-assignment")
        .striped(true)
        .num_columns(9)
        .show(ui, |ui| {
            for heading in [
                "Analyst",
                "Assigned",
                "Double read",
                "Done",
                "In progress",
                "Not started",
                "Progress",
                "Annotations",
                "Read unassigned",
            ] {
                ui.strong(heading);
            }
            ui.end_row();
            for load in input.loads {
                ui.label(&load.analyst);
                ui.label(load.assigned.to_string());
                ui.label(load.double_read.to_string());
                ui.label(load.done.to_string());
                ui.label(load.in_progress.to_string());
                ui.label(load.not_started.to_string());
                let share = if load.assigned == 0 {
                    0.0
                } else {
                    load.done as f32 / load.assigned as f32
                };
                ui.add(
                    egui::ProgressBar::new(share)
                        .desired_width(120.0)
                        .text(format!("{}/{} done", load.done, load.assigned)),
                );
                ui.label(load.annotations.to_string());
                ui.label(load.unassigned_read.to_string());
                ui.end_row();
            }
        });
}

fn agreement_ui(ui: &mut egui::Ui, input: &ProjectTeamInput<'_>, commands: &mut Vec<AppCommand>) {
    let Some(agreement) = input.agreement else {
        ui.label("Agreement over every article two or more analysts have annotated.");
        if ui.button("Work out the agreement").clicked() {
            commands.push(project(ProjectCommand::ComputeAgreement));
        }
        return;
    };
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} article(s) annotated by two or more analysts.",
            agreement.articles
        ));
        if ui
            .button("Work it out again")
            .on_hover_text("After readings changed")
            .clicked()
        {
            commands.push(project(ProjectCommand::ComputeAgreement));
        }
    });
    ui.strong("Pooled over the articles each pair both annotated");
    egui::Grid::new("project-team-pooled")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for heading in ["Pair", "Articles", "F1 exact", "F1 overlap", "α_u", "κ"] {
                ui.strong(heading);
            }
            ui.end_row();
            for (pair, articles) in &agreement.pooled {
                ui.label(format!("{} – {}", pair.a, pair.b));
                ui.label(articles.to_string());
                ui.label(score(pair.overall.f1_exact));
                ui.label(score(pair.overall.f1_overlap));
                ui.label(score(pair.overall.alpha_u));
                ui.label(score(pair.overall.kappa));
                ui.end_row();
            }
        });
    ui.separator();
    ui.strong("Per article (click a title to open it)");
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::vertical()
        .id_salt("project-team-per-article")
        .auto_shrink([false, true])
        .show_rows(ui, row_height, agreement.per_article.len(), |ui, range| {
            for article in &agreement.per_article[range] {
                ui.horizontal(|ui| {
                    if ui.link((input.titles)(&article.key)).clicked() {
                        commands.push(project(ProjectCommand::OpenArticle(article.key.clone())));
                    }
                    for pair in &article.pairs {
                        ui.weak(format!(
                            "{} – {}: F1 {} · α_u {} · κ {}",
                            pair.a,
                            pair.b,
                            score(pair.overall.f1_overlap),
                            score(pair.overall.alpha_u),
                            score(pair.overall.kappa)
                        ));
                    }
                });
            }
        });
}

fn queue_ui(ui: &mut egui::Ui, input: &ProjectTeamInput<'_>, commands: &mut Vec<AppCommand>) {
    if input.queue.is_empty() {
        ui.label("No article has open disagreements.");
        return;
    }
    ui.label("Articles two or more analysts annotated differently, not yet settled in the consensus layer.");
    let row_height = ui.spacing().interact_size.y + 4.0;
    egui::ScrollArea::vertical()
        .id_salt("project-team-queue")
        .auto_shrink([false, true])
        .show_rows(ui, row_height, input.queue.len(), |ui, range| {
            for row in &input.queue[range] {
                ui.horizontal(|ui| {
                    if ui
                        .button("Adjudicate")
                        .on_hover_text(format!("Open {} in the consensus layer", row.title))
                        .clicked()
                    {
                        commands.push(project(ProjectCommand::Adjudicate(row.key.clone())));
                    }
                    ui.label(&row.title);
                    let readers: Vec<String> = row
                        .analysts
                        .iter()
                        .filter(|(_, status)| status.annotations > 0)
                        .map(|(name, status)| format!("{name} ({})", status.annotations))
                        .collect();
                    ui.weak(readers.join(", "));
                });
            }
        });
}
