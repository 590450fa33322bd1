//! What Closeread remembers between runs: the analyst's name, recently opened articles, and
//! the window's look and layout.
//!
//! Stored as RON in the platform's config folder (e.g. `~/.config/closeread/settings.ron`), or
//! in `$CLOSEREAD_CONFIG_DIR` when set (tests use it to stay away from the real one).

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

fn yes() -> bool {
    true
}

/// Recent articles kept in the list.
const RECENT_LIMIT: usize = 10;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The analyst's id (the safe name in sidecar file names), asked once in the window.
    #[serde(default)]
    pub analyst: Option<String>,
    /// The analyst's name as typed ("Jane Doe"), when it differs from the id.
    #[serde(default)]
    pub analyst_name: Option<String>,
    /// The analyst's e-mail address, for the commits a sync makes.
    #[serde(default)]
    pub email: Option<String>,
    /// Sync every few minutes and on closing (off unless the analyst turns it on).
    #[serde(default)]
    pub auto_sync: bool,
    /// Most recent first.
    #[serde(default)]
    pub recent_articles: Vec<PathBuf>,
    /// Teammates' layers stay hidden until the analyst marks their reading done.
    #[serde(default)]
    pub blind_mode: bool,
    /// `<article path>|<analyst>` of the readings marked done.
    #[serde(default)]
    pub readings_done: Vec<String>,
    /// `<article path>|<analyst>` of the readings that began before the analyst had tagged
    /// anything while teammates had: they start blind, until the analyst shows the others.
    #[serde(default)]
    pub readings_started_blind: Vec<String>,
    /// `<article path>|<analyst>` of the readings where the analyst chose to see the others.
    #[serde(default)]
    pub readings_showing_others: Vec<String>,
    /// Misspelled words in notes are underlined (English dictionary).
    #[serde(default = "yes")]
    pub check_spelling: bool,
    /// How the window looks and is laid out, as last left.
    #[serde(default)]
    pub view: ViewSettings,
    /// The project folder open last: it opens again with the window.
    #[serde(default)]
    pub last_project: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            analyst: None,
            analyst_name: None,
            email: None,
            auto_sync: false,
            recent_articles: Vec::new(),
            blind_mode: false,
            readings_done: Vec::new(),
            readings_started_blind: Vec::new(),
            readings_showing_others: Vec::new(),
            last_project: None,
            check_spelling: true,
            view: ViewSettings::default(),
        }
    }
}

/// The window's look and layout, remembered between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSettings {
    /// The whole interface's scale (Ctrl+plus/minus, Ctrl+0).
    pub zoom: f32,
    /// The reading column's widest, in points.
    pub column_width: f32,
    pub theme: ThemeChoice,
    pub reading_font: ReadingFont,
    /// The window's inner size in points, and whether it was maximised.
    pub window_size: Option<(f32, f32)>,
    pub maximized: bool,
    /// The annotation pane's width in points.
    pub pane_width: f32,
    pub show_team_panel: bool,
    pub show_overview: bool,
    pub show_relations: bool,
    /// The annotation list scrolls along with the article.
    pub list_follows_article: bool,
}

impl Default for ViewSettings {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            column_width: DEFAULT_COLUMN_WIDTH,
            theme: ThemeChoice::System,
            reading_font: ReadingFont::Serif,
            window_size: None,
            maximized: false,
            pane_width: 400.0,
            show_team_panel: true,
            list_follows_article: true,
            show_overview: true,
            show_relations: false,
        }
    }
}

/// The reading column's default widest: about 75 characters of the reading font.
pub(crate) const DEFAULT_COLUMN_WIDTH: f32 = 720.0;
/// The range the column width can be set in.
pub const COLUMN_WIDTH_RANGE: std::ops::RangeInclusive<f32> = 360.0..=1600.0;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Light or dark as the system is.
    #[default]
    System,
    Light,
    Dark,
}

/// The font the article is set in (the interface keeps egui's own).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReadingFont {
    /// DejaVu Serif, bundled: Latin, Greek and Cyrillic.
    #[default]
    Serif,
    /// The interface's sans-serif.
    Sans,
    Monospace,
}

impl ReadingFont {
    pub const ALL: [ReadingFont; 3] = [
        ReadingFont::Serif,
        ReadingFont::Sans,
        ReadingFont::Monospace,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReadingFont::Serif => "Serif (DejaVu Serif, bundled)",
            ReadingFont::Sans => "Sans-serif",
            ReadingFont::Monospace => "Monospace",
        }
    }
}

impl Settings {
    pub fn mark_reading_done(&mut self, key: String) {
        if !self.readings_done.contains(&key) {
            self.readings_done.push(key);
        }
    }

    /// The reading is open again (reopened in its project): its done mark goes.
    pub fn unmark_reading_done(&mut self, key: &str) {
        self.readings_done.retain(|done| done != key);
    }

    pub fn is_reading_done(&self, key: &str) -> bool {
        self.readings_done.iter().any(|done| done == key)
    }

    /// Whether a reading hides the teammates because the analyst came to the article new:
    /// remembered from the first time it was opened so, until the analyst shows the others.
    /// `new_reader` says whether it would start so now (nothing tagged yet, teammates have).
    pub fn starts_blind(&mut self, key: &str, new_reader: bool) -> bool {
        if self
            .readings_showing_others
            .iter()
            .any(|shown| shown == key)
        {
            return false;
        }
        if self.readings_started_blind.iter().any(|blind| blind == key) {
            return true;
        }
        if new_reader {
            self.readings_started_blind.push(key.to_owned());
        }
        new_reader
    }

    pub fn show_others(&mut self, key: String) {
        self.readings_started_blind.retain(|blind| *blind != key);
        if !self.readings_showing_others.contains(&key) {
            self.readings_showing_others.push(key);
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot write settings {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Settings {
    /// The settings file's usual path.
    pub(crate) fn default_path() -> Option<PathBuf> {
        if let Some(folder) = std::env::var_os("CLOSEREAD_CONFIG_DIR") {
            return Some(PathBuf::from(folder).join("settings.ron"));
        }
        directories::ProjectDirs::from("", "", "closeread")
            .map(|dirs| dirs.config_dir().join("settings.ron"))
    }

    /// Loads the settings; a missing or unreadable file gives the defaults (settings are a
    /// convenience, never a reason not to start).
    pub fn load() -> Self {
        Self::default_path()
            .map(|path| Self::load_from(&path))
            .unwrap_or_default()
    }

    /// Loads from a given file, with the same leniency as [`Settings::load`].
    pub fn load_from(path: &Path) -> Self {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| ron::from_str(&text).ok())
            .unwrap_or_default()
    }

    pub fn save_to(&self, path: &Path) -> Result<(), SettingsError> {
        let path = path.to_path_buf();
        let write_error = |source| SettingsError::Write {
            path: path.clone(),
            source,
        };
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(write_error)?;
        }
        let config = ron::ser::PrettyConfig::new().escape_strings(false);
        let text = ron::ser::to_string_pretty(self, config)
            .map_err(|error| write_error(std::io::Error::other(error)))?;
        crate::store::write_atomically(&path, text.as_bytes()).map_err(write_error)
    }

    /// Puts an article first in the recent list.
    pub fn remember_article(&mut self, article: &Path) {
        let article = article
            .canonicalize()
            .unwrap_or_else(|_| article.to_path_buf());
        self.recent_articles.retain(|existing| existing != &article);
        self.recent_articles.insert(0, article);
        self.recent_articles.truncate(RECENT_LIMIT);
    }
}

/// The analyst name to use when none is given on the command line: the remembered one, else
/// `$CLOSEREAD_ANALYST`, else the OS user name.
pub(crate) fn default_analyst(settings: &Settings) -> Option<String> {
    settings
        .analyst
        .clone()
        .or_else(|| std::env::var("CLOSEREAD_ANALYST").ok())
        .or_else(os_user_name)
        .filter(|name| !name.trim().is_empty())
}

/// The OS user name, made safe for a file name.
pub(crate) fn os_user_name() -> Option<String> {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|variable| std::env::var(variable).ok())
        .map(|name| {
            name.chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_their_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested").join("settings.ron");
        let mut settings = Settings {
            analyst: Some("Zoë".to_owned()),
            ..Settings::default()
        };
        settings.remember_article(Path::new("/nowhere/x.txt"));
        settings.save_to(&path).expect("save");
        assert_eq!(Settings::load_from(&path), settings);
        assert_eq!(
            Settings::load_from(&dir.path().join("missing.ron")),
            Settings::default()
        );
    }

    #[test]
    fn recent_articles_are_unique_most_recent_first_and_bounded() {
        let mut settings = Settings::default();
        for index in 0..15 {
            settings.remember_article(Path::new(&format!("/nowhere/a{index}.txt")));
        }
        settings.remember_article(Path::new("/nowhere/a10.txt"));
        assert_eq!(settings.recent_articles.len(), RECENT_LIMIT);
        assert_eq!(settings.recent_articles[0], Path::new("/nowhere/a10.txt"));
        let unique: std::collections::HashSet<_> = settings.recent_articles.iter().collect();
        assert_eq!(unique.len(), RECENT_LIMIT);
    }
}
