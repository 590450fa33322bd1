//! The analyst's settings in the window: what was loaded, where it is written, and the names
//! it gives (the analyst's display name, the name the prompt suggests).

use super::CloseReadApp;
use crate::session::ReadingSession;
use crate::settings::{Settings, SettingsError, default_analyst};
use std::path::PathBuf;

/// The settings and the file they live in (`None`: kept in memory only, as in tests).
#[derive(Default)]
pub(crate) struct SettingsState {
    pub values: Settings,
    pub path: Option<PathBuf>,
}

impl SettingsState {
    /// Reads the settings from `path`, or the defaults when there is none.
    pub fn load(path: Option<PathBuf>) -> Self {
        let values = path.as_deref().map(Settings::load_from).unwrap_or_default();
        Self { values, path }
    }

    /// Writes the settings to their file (nothing when they have none).
    pub fn save(&self) -> Result<(), SettingsError> {
        match &self.path {
            Some(path) => self.values.save_to(path),
            None => Ok(()),
        }
    }

    /// The analyst's name as they typed it, else as their sidecar has it, else their id.
    pub fn own_display_name(&self, session: &ReadingSession) -> String {
        match &self.values.analyst_name {
            Some(name) if self.is_own(session) => name.clone(),
            _ => session.layer().display_name().to_owned(),
        }
    }

    /// The analyst name the prompt suggests.
    pub fn suggested_analyst(&self) -> String {
        default_analyst(&self.values).unwrap_or_default()
    }

    /// The analyst's name as typed ("Jane Doe") goes into their own sidecar with their changes
    /// (never on its own: opening an article writes nothing).
    pub fn record_analyst_name(&self, session: &mut ReadingSession) {
        if let Some(name) = &self.values.analyst_name
            && self.is_own(session)
        {
            session.set_analyst_name(name);
        }
    }

    /// The session edits the layer of the analyst these settings belong to.
    fn is_own(&self, session: &ReadingSession) -> bool {
        self.values.analyst.as_deref() == Some(session.analyst())
    }
}

impl CloseReadApp {
    /// Writes the settings, telling the analyst when that fails.
    pub(super) fn save_settings(&mut self) {
        if let Err(error) = self.settings.save() {
            self.notify_error(error.to_string());
        }
    }
}
