//! Share through git…: make the project's folder shared through a repository the team already
//! has (its address), or join a team's by cloning it into a new folder.

use crate::command::{AppCommand, SyncCommand};
use egui::{RichText, Ui};

/// The set-up window's fields (the app owns them; see `app::sync`).
pub(crate) struct SyncSetupFields<'a> {
    pub remote: &'a mut String,
    pub clone_url: &'a mut String,
    pub clone_folder: &'a mut String,
    /// The analyst's e-mail address for commits.
    pub email: &'a mut String,
    /// The address field takes the keyboard on the window's first frame.
    pub focus: &'a mut bool,
}

/// A labelled one-line field; whether Enter was pressed in it.
fn field(ui: &mut Ui, label: &str, value: &mut String, hint: &str, focus: bool) -> bool {
    let label = ui.label(label);
    let response = ui
        .add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if focus {
        response.request_focus();
    }
    response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter))
}

pub(crate) fn sync_setup_window_ui(
    ctx: &egui::Context,
    fields: SyncSetupFields<'_>,
    folder: &str,
) -> Vec<AppCommand> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new("Share through git")
        .open(&mut open)
        .default_width(520.0)
        .collapsible(false)
        .show(ctx, |ui| {
            field(
                ui,
                "Your e-mail address (for the commits):",
                fields.email,
                "jane.doe@example.org",
                false,
            );
            let email = || AppCommand::Sync(SyncCommand::SetEmail(fields.email.clone()));
            ui.separator();
            ui.label(RichText::new("Share this folder").strong());
            ui.weak(format!(
                "{folder} becomes a git repository that syncs with the team's (GitHub, GitLab, your server, or a bare repository on a shared drive). What is in it is committed and pushed."
            ));
            let entered = field(
                ui,
                "Repository address:",
                fields.remote,
                "git@example.org:team/project.git or /mnt/share/project.git",
                std::mem::take(fields.focus),
            );
            let share = ui
                .add_enabled(!fields.remote.trim().is_empty(), egui::Button::new("Share"))
                .clicked();
            if (share || entered) && !fields.remote.trim().is_empty() {
                commands.push(email());
                commands.push(AppCommand::Sync(SyncCommand::Init(fields.remote.clone())));
            }
            ui.separator();
            ui.label(RichText::new("Or join a team's project").strong());
            field(
                ui,
                "Team's repository:",
                fields.clone_url,
                "git@example.org:team/project.git",
                false,
            );
            field(
                ui,
                "Into the new folder:",
                fields.clone_folder,
                "/home/you/team-project",
                false,
            );
            if ui
                .add_enabled(
                    !fields.clone_url.trim().is_empty() && !fields.clone_folder.trim().is_empty(),
                    egui::Button::new("Clone and open"),
                )
                .clicked()
            {
                commands.push(email());
                commands.push(AppCommand::Sync(SyncCommand::Clone(
                    fields.clone_url.clone(),
                    fields.clone_folder.trim().into(),
                )));
            }
        });
    if !open {
        commands.push(AppCommand::Sync(SyncCommand::ShowSetup(false)));
    }
    commands
}
