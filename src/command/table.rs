//! The command table: every action the analyst can take from the keyboard, in one place.
//!
//! One table ([`COMMANDS`]) names each action, its menu, its keys and what it does. The
//! shortcuts are read from it ([`super::read_shortcuts`]), the menus take their items, labels
//! and key hints from it, and the command list (F1 or `?`) lists it and runs any entry, so an
//! action with no key of its own is still reachable without the mouse.

use super::BoundsAdjustment;
use super::action::{Action, CaretMove, CaretUnit};
use crate::settings::{ReadingFont, ThemeChoice};
use egui::{Key, Modifiers};

/// Where a command's menu item sits (and its group in the cheat sheet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    File,
    Edit,
    Annotate,
    Navigate,
    Find,
    View,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::File,
        Group::Edit,
        Group::Annotate,
        Group::Navigate,
        Group::Find,
        Group::View,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::File => "File",
            Group::Edit => "Edit",
            Group::Annotate => "Annotate",
            Group::Navigate => "Move and select",
            Group::Find => "Find",
            Group::View => "View",
        }
    }
}

/// The menu bar's menus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    View,
    Help,
}

impl Menu {
    pub const ALL: [Menu; 4] = [Menu::File, Menu::Edit, Menu::View, Menu::Help];

    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::View => "View",
            Menu::Help => "Help",
        }
    }
}

/// Where an entry is a menu item: its menu, and its section there (sections are parted by
/// separators; within one, items stand in the table's order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MenuPlace {
    pub menu: Menu,
    pub section: u8,
}

/// When a key works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Also while typing in a text field (Ctrl+S, Ctrl+F, F1).
    Always,
    /// Only while no text field has the keyboard, so that typing a note never tags anything.
    Reading,
    /// Only while no widget has the keyboard: the arrows also move egui's focus between
    /// widgets (Tab), so they move the caret only when the article is what is being read.
    Article,
    /// Read by egui itself (zoom) or by the widget that has the keyboard (Enter in the find
    /// field); listed here so that the list is complete.
    Elsewhere,
}

/// A key with the exact modifiers it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keys {
    pub modifiers: Modifiers,
    pub key: Key,
}

impl Keys {
    pub(super) const fn plain(key: Key) -> Self {
        Self {
            modifiers: Modifiers::NONE,
            key,
        }
    }

    const fn ctrl(key: Key) -> Self {
        Self {
            modifiers: Modifiers::COMMAND,
            key,
        }
    }

    pub(super) const fn shift(key: Key) -> Self {
        Self {
            modifiers: Modifiers::SHIFT,
            key,
        }
    }

    const fn ctrl_shift(key: Key) -> Self {
        Self {
            modifiers: Modifiers::COMMAND.plus(Modifiers::SHIFT),
            key,
        }
    }

    const fn with(modifiers: Modifiers, key: Key) -> Self {
        Self { modifiers, key }
    }

    /// "Ctrl+Shift+Z", "Alt+→", "?".
    pub(crate) fn describe(&self) -> String {
        let mut text = String::new();
        if self.modifiers.command || self.modifiers.ctrl {
            text.push_str("Ctrl+");
        }
        if self.modifiers.alt {
            text.push_str("Alt+");
        }
        if self.modifiers.shift {
            text.push_str("Shift+");
        }
        text.push_str(match self.key {
            Key::ArrowLeft => "←",
            Key::ArrowRight => "→",
            Key::ArrowUp => "↑",
            Key::ArrowDown => "↓",
            Key::Plus => "+",
            Key::Minus => "−",
            Key::Num0 => "0",
            Key::OpenBracket => "[",
            Key::PageDown => "Page Down",
            Key::PageUp => "Page Up",
            Key::CloseBracket => "]",
            key => key.symbol_or_name(),
        });
        text
    }
}

/// One entry of the command list.
#[derive(Clone, Debug)]
pub struct CommandEntry {
    pub action: Action,
    pub group: Group,
    /// The menu item's and the cheat sheet's name for it.
    pub label: &'static str,
    pub keys: &'static [Keys],
    pub scope: Scope,
    /// Shown instead of the keys when they are not single shortcuts ("1–9").
    pub keys_text: Option<&'static str>,
    pub description: &'static str,
    /// Its menu item, if it is a plain one (`None`: key only, such as the caret moves, or drawn
    /// by the menu as a special widget: the recent articles, the View toggles, the theme and
    /// font choices).
    pub menu: Option<MenuPlace>,
}

impl CommandEntry {
    /// The keys as the menus and the cheat sheet show them.
    pub(crate) fn keys_text(&self) -> String {
        match self.keys_text {
            Some(text) => text.to_owned(),
            None => self
                .keys
                .iter()
                .map(Keys::describe)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The same entry as an item of `menu`, in `section`.
    const fn in_menu(self, menu: Menu, section: u8) -> Self {
        Self {
            menu: Some(MenuPlace { menu, section }),
            ..self
        }
    }
}

const fn entry(
    action: Action,
    group: Group,
    label: &'static str,
    keys: &'static [Keys],
    scope: Scope,
    description: &'static str,
) -> CommandEntry {
    CommandEntry {
        action,
        group,
        label,
        keys,
        scope,
        keys_text: None,
        description,
        menu: None,
    }
}

const fn caret(unit: CaretUnit, forward: bool, extend: bool) -> Action {
    Action::Caret(CaretMove {
        unit,
        forward,
        extend,
    })
}

const ALT: Modifiers = Modifiers::ALT;
const ALT_SHIFT: Modifiers = Modifiers::ALT.plus(Modifiers::SHIFT);
const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

use Action as A;
use CaretUnit as U;
use Group as G;
use Menu as M;
use Scope as S;

/// Every command, in the order the cheat sheet lists them within a group. One line per
/// command, so that the table reads as one.
#[rustfmt::skip]
pub const COMMANDS: &[CommandEntry] = &[
    entry(A::Open, G::File, "Open…", &[Keys::ctrl(Key::O)], S::Always, "Open an article (PDF, Word, web page, Markdown or text) in a file dialog").in_menu(M::File, 0),
    entry(A::OpenPath, G::File, "Open path…", &[], S::Always, "Open an article by typing its path").in_menu(M::File, 0),
    entry(A::OpenAddress, G::File, "Open address…", &[], S::Always, "Download a web page (or a PDF or Word file) by its address into a folder, keep it there and open it").in_menu(M::File, 0),
    entry(A::OpenEdition, G::File, "Open other edition…", &[], S::Always, "Show another edition of the article (its translation) beside it, its paragraphs paired with the article's and scrolled with it").in_menu(M::File, 0),
    entry(A::CloseEdition, G::File, "Close other edition", &[], S::Always, "Hide the other edition's column (the pairs and links stay in <article>.editions.ron)"),
    entry(A::PairParagraphs, G::File, "Pair paragraphs by hand", &[], S::Always, "Pair the article's selected paragraphs (or the caret's) with those selected in the other edition; kept when aligning again"),
    entry(A::LinkAcrossEditions, G::File, "Link passages across editions", &[], S::Always, "Link the article's selected passage to the one selected in the other edition (it translates it)"),
    entry(A::SwitchEditions, G::File, "Switch editions", &[], S::Always, "Read the other edition as the article (to annotate it), with this one beside it"),
    entry(A::Sync, G::File, "Sync with the team", &[Keys::ctrl_shift(Key::Y)], S::Always, "Save, commit your changes, bring in the team's and push yours, through the project's git repository").in_menu(M::File, 2),
    entry(A::SyncSetup, G::File, "Share through git…", &[], S::Always, "Make this project's folder shared through a git repository (its address), or join a team's"),
    entry(A::ToggleAutoSync, G::File, "Sync automatically", &[], S::Always, "Sync every five minutes and on closing (again: off)"),
    entry(A::Save, G::File, "Save", &[Keys::ctrl(Key::S)], S::Always, "Save now (changes are also saved a second after each change, and on exit)").in_menu(M::File, 2),
    entry(A::Export, G::File, "Export…", &[Keys::ctrl(Key::E)], S::Always, "Export the excerpts: briefing, spreadsheet, W3C, brat…").in_menu(M::File, 1),
    entry(A::Import, G::File, "Import…", &[], S::Always, "Import annotations from brat or W3C JSON-LD").in_menu(M::File, 1),
    entry(A::OpenProject, G::File, "Open project…", &[], S::Always, "Open a project folder (closeread-project.ron): its articles, who reads what, and their status").in_menu(M::File, 0),
    entry(A::NewProject, G::File, "New project…", &[], S::Always, "Make a folder a project: pick it, then add articles from the project home").in_menu(M::File, 0),
    entry(A::ProjectHome, G::File, "Project home", &[Keys::ctrl(Key::H)], S::Always, "The open project's articles as a table: status per analyst, filter, sort; open one").in_menu(M::File, 0),
    entry(A::Retrieval, G::File, "Retrieval…", &[Keys::ctrl_shift(Key::R)], S::Always, "Annotations across the project by tag, analyst, words and article attributes, in context; click one to open it").in_menu(M::File, 0),
    entry(A::NextAssignedArticle, G::File, "My next assigned article", &[Keys::ctrl_shift(Key::N)], S::Always, "Open the next article of the project assigned to you that you have not marked done"),
    entry(A::NextProjectArticle, G::File, "Next article of the project", &[Keys::with(ALT, Key::PageDown)], S::Always, "Open the next article in the project home's filter and order"),
    entry(A::PreviousProjectArticle, G::File, "Previous article of the project", &[Keys::with(ALT, Key::PageUp)], S::Always, "Open the previous article in the project home's filter and order"),
    entry(A::RecentArticles, G::File, "Recent articles…", &[Keys::ctrl_shift(Key::O)], S::Always, "Pick one of the articles read lately"),
    entry(A::ReloadSidecar, G::File, "Reload sidecar", &[], S::Always, "Read your sidecar from disk again (unsaved changes are merged, never lost)").in_menu(M::File, 2),
    entry(A::DocumentInfo, G::File, "Document info…", &[], S::Always, "Title, authors, date, publication and address of the article (shared by all analysts)").in_menu(M::File, 1),
    entry(A::TagSet, G::File, "Tag set…", &[], S::Always, "The tags and relations in use; choose a tag set file").in_menu(M::File, 1),
    entry(A::Quit, G::File, "Quit", &[Keys::ctrl(Key::Q)], S::Always, "Save and close the window").in_menu(M::File, 3),
    entry(A::QuitWithoutSaving, G::File, "Quit without saving", &[], S::Always, "Close the window and lose the changes not yet saved (when saving fails)").in_menu(M::File, 3),
    entry(A::Undo, G::Edit, "Undo", &[Keys::ctrl(Key::Z)], S::Reading, "Undo the last change to the annotations").in_menu(M::Edit, 0),
    entry(A::Redo, G::Edit, "Redo", &[Keys::ctrl_shift(Key::Z), Keys::ctrl(Key::Y)], S::Reading, "Redo what was undone").in_menu(M::Edit, 0),
    entry(A::CopyAsMarkdown, G::Edit, "Copy as Markdown", &[Keys::ctrl_shift(Key::C)], S::Always, "Copy the selected annotation (or all shown) as a Markdown briefing").in_menu(M::Edit, 3),
    CommandEntry {
        keys_text: Some("1–9"),
        ..entry(
            A::TagWithKey,
            G::Annotate,
            "Tag",
            &[],
            S::Reading,
            "Tag the selection with the tag on that key (claim 1, evidence 2, recommendation 3); with no selection, retag the selected annotation",
        )
    },
    entry(A::EditNote, G::Annotate, "Edit note", &[Keys::plain(Key::N)], S::Reading, "Put the keyboard in the selected annotation's note (Esc leaves it)").in_menu(M::Edit, 2),
    entry(A::Link, G::Annotate, "Link…", &[Keys::plain(Key::L)], S::Reading, "Link the selected annotation to another: click the target, or pick it under Relations in the pane").in_menu(M::Edit, 2),
    entry(A::Bounds(BoundsAdjustment::ExtendStart), G::Annotate, "Extend start", &[], S::Always, "Move the selected annotation's start back by a word"),
    entry(A::Bounds(BoundsAdjustment::ShrinkStart), G::Annotate, "Shrink start", &[], S::Always, "Move the selected annotation's start on by a word"),
    entry(A::Bounds(BoundsAdjustment::ShrinkEnd), G::Annotate, "Shrink end", &[], S::Always, "Move the selected annotation's end back by a word"),
    entry(A::Bounds(BoundsAdjustment::ExtendEnd), G::Annotate, "Extend end", &[], S::Always, "Move the selected annotation's end on by a word"),
    entry(A::ConfirmPlacement, G::Annotate, "Confirm placement", &[], S::Always, "Accept where re-anchoring moved the selected annotation"),
    entry(A::ReattachToSelection, G::Annotate, "Re-attach to selection", &[], S::Always, "Put the selected (orphaned or moved) annotation on the selected text"),
    entry(A::Delete, G::Annotate, "Delete annotation", &[Keys::plain(Key::Delete)], S::Reading, "Delete the selected annotation and its relations").in_menu(M::Edit, 2),
    entry(A::CancelOrClear, G::Annotate, "Cancel", &[Keys::plain(Key::Escape)], S::Reading, "Close a menu, the command list or the find bar, cancel linking, or clear the selection and the selected annotation"),
    entry(A::NextAnnotation, G::Navigate, "Next annotation", &[Keys::plain(Key::J)], S::Reading, "Select the next annotation and scroll to it").in_menu(M::Edit, 2),
    entry(A::PreviousAnnotation, G::Navigate, "Previous annotation", &[Keys::plain(Key::K)], S::Reading, "Select the previous annotation").in_menu(M::Edit, 2),
    entry(A::NextSameTag, G::Navigate, "Next of the same tag", &[Keys::shift(Key::J)], S::Reading, "The next annotation with the selected annotation's tag").in_menu(M::Edit, 2),
    entry(A::PreviousSameTag, G::Navigate, "Previous of the same tag", &[Keys::shift(Key::K)], S::Reading, "The previous annotation with the selected annotation's tag").in_menu(M::Edit, 2),
    entry(A::Page(true), G::Navigate, "Page down", &[Keys::plain(Key::PageDown), Keys::plain(Key::Space)], S::Reading, "Scroll the article down by a screen, less a line (Space only while no button or field has the keyboard)"),
    entry(A::Page(false), G::Navigate, "Page up", &[Keys::plain(Key::PageUp), Keys::shift(Key::Space)], S::Reading, "Scroll the article up by a screen, less a line"),
    entry(A::ScrollToEnd(false), G::Navigate, "Start of the article", &[Keys::ctrl(Key::Home)], S::Reading, "Scroll to the start of the article"),
    entry(A::ScrollToEnd(true), G::Navigate, "End of the article", &[Keys::ctrl(Key::End)], S::Reading, "Scroll to the end of the article"),
    entry(caret(U::LineEdge, false, false), G::Navigate, "Line start", &[Keys::plain(Key::Home)], S::Reading, "Move the caret to the start of its line in reading order (the right end of a right-to-left line); with no caret, scroll to the start of the article"),
    entry(caret(U::LineEdge, true, false), G::Navigate, "Line end", &[Keys::plain(Key::End)], S::Reading, "Move the caret to the end of its line in reading order (the left end of a right-to-left line); with no caret, scroll to the end of the article"),
    entry(caret(U::Char, true, false), G::Navigate, "Caret right", &[Keys::plain(Key::ArrowRight)], S::Article, "Move the caret one character right on screen, in left-to-right and right-to-left text alike (it starts at the top of the view)"),
    entry(caret(U::Char, false, false), G::Navigate, "Caret left", &[Keys::plain(Key::ArrowLeft)], S::Article, "Move the caret one character left on screen"),
    entry(caret(U::Line, true, false), G::Navigate, "Line down", &[Keys::plain(Key::ArrowDown)], S::Article, "Move the caret to the row below"),
    entry(caret(U::Line, false, false), G::Navigate, "Line up", &[Keys::plain(Key::ArrowUp)], S::Article, "Move the caret to the row above"),
    entry(caret(U::Word, true, false), G::Navigate, "Next word", &[Keys::ctrl(Key::ArrowRight)], S::Article, "Move the caret to the end of the word"),
    entry(caret(U::Word, false, false), G::Navigate, "Previous word", &[Keys::ctrl(Key::ArrowLeft)], S::Article, "Move the caret to the start of the word"),
    entry(caret(U::Sentence, true, false), G::Navigate, "Next sentence", &[Keys::with(ALT, Key::ArrowRight)], S::Article, "Move the caret to the end of the sentence"),
    entry(caret(U::Sentence, false, false), G::Navigate, "Previous sentence", &[Keys::with(ALT, Key::ArrowLeft)], S::Article, "Move the caret to the start of the sentence"),
    entry(caret(U::Paragraph, true, false), G::Navigate, "Next paragraph", &[Keys::ctrl(Key::ArrowDown)], S::Article, "Move the caret to the end of the paragraph"),
    entry(caret(U::Paragraph, false, false), G::Navigate, "Previous paragraph", &[Keys::ctrl(Key::ArrowUp)], S::Article, "Move the caret to the start of the paragraph"),
    entry(caret(U::Char, true, true), G::Navigate, "Extend right by a character", &[Keys::shift(Key::ArrowRight)], S::Article, "Move the selection's end one character right on screen (the selection is the text between its ends)"),
    entry(caret(U::Char, false, true), G::Navigate, "Extend left by a character", &[Keys::shift(Key::ArrowLeft)], S::Article, "Move the selection's end one character left on screen"),
    entry(caret(U::Line, true, true), G::Navigate, "Extend by a line", &[Keys::shift(Key::ArrowDown)], S::Article, "Extend the selection to the row below"),
    entry(caret(U::Line, false, true), G::Navigate, "Extend back by a line", &[Keys::shift(Key::ArrowUp)], S::Article, "Extend the selection to the row above"),
    entry(caret(U::Word, true, true), G::Navigate, "Extend by a word", &[Keys::ctrl_shift(Key::ArrowRight)], S::Article, "Extend the selection to the end of the word"),
    entry(caret(U::Word, false, true), G::Navigate, "Extend back by a word", &[Keys::ctrl_shift(Key::ArrowLeft)], S::Article, "Extend the selection back to the start of the word"),
    entry(caret(U::Sentence, true, true), G::Navigate, "Extend by a sentence", &[Keys::with(ALT_SHIFT, Key::ArrowRight)], S::Article, "Extend the selection to the end of the sentence"),
    entry(caret(U::Sentence, false, true), G::Navigate, "Extend back by a sentence", &[Keys::with(ALT_SHIFT, Key::ArrowLeft)], S::Article, "Extend the selection back to the start of the sentence"),
    entry(caret(U::Paragraph, true, true), G::Navigate, "Extend by a paragraph", &[Keys::with(CTRL_SHIFT, Key::ArrowDown)], S::Article, "Extend the selection to the end of the paragraph"),
    entry(caret(U::LineEdge, false, true), G::Navigate, "Extend to the line start", &[Keys::shift(Key::Home)], S::Reading, "Extend the selection to the start of the caret's line in reading order"),
    entry(caret(U::LineEdge, true, true), G::Navigate, "Extend to the line end", &[Keys::shift(Key::End)], S::Reading, "Extend the selection to the end of the caret's line in reading order"),
    entry(caret(U::Paragraph, false, true), G::Navigate, "Extend back by a paragraph", &[Keys::with(CTRL_SHIFT, Key::ArrowUp)], S::Article, "Extend the selection back to the start of the paragraph"),
    entry(A::Find, G::Find, "Find in article…", &[Keys::ctrl(Key::F)], S::Always, "Search the article as you type (case-insensitive unless Aa is on)").in_menu(M::Edit, 1),
    entry(A::FindNext, G::Find, "Next match", &[Keys::plain(Key::Enter), Keys::plain(Key::F3)], S::Elsewhere, "In the find field: go to the next match (F3 anywhere)").in_menu(M::Edit, 1),
    entry(A::FindPrevious, G::Find, "Previous match", &[Keys::shift(Key::Enter), Keys::shift(Key::F3)], S::Elsewhere, "In the find field: go to the previous match (Shift+F3 anywhere)").in_menu(M::Edit, 1),
    entry(A::FindInPane, G::Find, "Find in notes and excerpts…", &[Keys::ctrl_shift(Key::F)], S::Always, "Filter the annotation list by the words of its notes and excerpts").in_menu(M::Edit, 1),
    // `?` is read apart: only outside text fields, with or without Shift.
    CommandEntry {
        keys_text: Some("F1, ?"),
        ..entry(A::ShowCheatSheet, G::View, "Command list", &[Keys::plain(Key::F1)], S::Always, "This list: type to filter it, ↑/↓ and Enter to run a command").in_menu(M::Help, 0)
    },
    entry(A::ShowStatistics, G::View, "Statistics…", &[Keys::ctrl(Key::I)], S::Always, "Charts of the annotations per tag, per analyst and per section").in_menu(M::View, 0),
    entry(A::ToggleMinimap, G::View, "Overview strip", &[], S::Always, "Show or hide the strip beside the article that shows where each tag's annotations are"),
    entry(A::ToggleRelations, G::View, "Relations in the margin", &[], S::Always, "Draw the relations as arcs beside the article"),
    entry(A::ToggleListFollows, G::View, "List follows the article", &[], S::Always, "Scroll the annotation list along with the article (again: off)"),
    entry(A::ToggleSpelling, G::View, "Check spelling in notes", &[], S::Always, "Underline misspelled words in notes, with suggestions on right click (English dictionary)"),
    entry(A::Codebook, G::View, "Codebook…", &[], S::Always, "The project's tags and relations: definitions, when to use each and when not, and examples").in_menu(M::View, 0),
    entry(A::ProjectTeam, G::View, "Project team…", &[], S::Always, "Who reads what and how far, agreement pooled over the project and per article, the adjudication queue").in_menu(M::View, 0),
    entry(A::ArgumentMap, G::View, "Argument map…", &[], S::Always, "The claims and what supports or undermines them, as a graph").in_menu(M::View, 0),
    entry(A::ToggleTeamPanel, G::View, "Team panel", &[], S::Always, "Show or hide the teammates' panel"),
    entry(A::CompareReadings, G::View, "Compare readings…", &[], S::Always, "Two analysts' readings side by side, disagreement by disagreement").in_menu(M::View, 0),
    entry(A::Agreement, G::View, "Agreement…", &[], S::Always, "How far the analysts agree, pair by pair and per tag").in_menu(M::View, 0),
    entry(A::Adjudicate, G::View, "Adjudicate…", &[], S::Always, "Settle the disagreements into the consensus layer").in_menu(M::View, 0),
    entry(A::ColourByAnalyst, G::View, "Colour by analyst", &[], S::Always, "Colour the highlights by analyst instead of by tag (again: by tag)"),
    entry(A::BlindMode, G::View, "Blind mode", &[], S::Always, "Hide the teammates' layers until you mark your reading done (again: off)"),
    entry(A::ShowOthers, G::View, "Show the others' readings", &[], S::Always, "Show the teammates' layers on an article you came to new (remembered for it)").in_menu(M::View, 0),
    entry(A::ShowMessages, G::View, "Messages…", &[], S::Always, "Every message of this session, newest first").in_menu(M::View, 0),
    entry(A::MarkReadingDone, G::View, "Mark my reading done", &[], S::Always, "Done with this article: in a project, its status says so; in blind mode, the teammates' layers show from now on"),
    entry(A::ReopenReading, G::View, "Reopen my reading", &[], S::Always, "In a project: set the article back to in progress for you"),
    entry(A::EditAnyway, G::View, "Edit anyway", &[], S::Always, "Edit although another window has this sidecar open (saves merge by annotation id)"),
    entry(A::ZoomIn, G::View, "Zoom in", &[Keys::ctrl(Key::Plus)], S::Elsewhere, "Make everything larger").in_menu(M::View, 1),
    entry(A::ZoomOut, G::View, "Zoom out", &[Keys::ctrl(Key::Minus)], S::Elsewhere, "Make everything smaller").in_menu(M::View, 1),
    entry(A::ZoomReset, G::View, "Actual size", &[Keys::ctrl(Key::Num0)], S::Elsewhere, "Zoom back to 100%").in_menu(M::View, 1),
    entry(A::Theme(ThemeChoice::System), G::View, "Theme: follow the system", &[], S::Always, "Light or dark as the system is"),
    entry(A::Theme(ThemeChoice::Light), G::View, "Theme: light", &[], S::Always, "Dark text on a light page"),
    entry(A::Theme(ThemeChoice::Dark), G::View, "Theme: dark", &[], S::Always, "Light text on a dark page"),
    entry(A::ReadingFont(ReadingFont::Serif), G::View, "Reading font: serif", &[], S::Always, "DejaVu Serif, bundled: Latin, Greek and Cyrillic"),
    entry(A::ReadingFont(ReadingFont::Sans), G::View, "Reading font: sans-serif", &[], S::Always, "The interface's sans-serif"),
    entry(A::ReadingFont(ReadingFont::Monospace), G::View, "Reading font: monospace", &[], S::Always, "A monospace font"),
    entry(A::NarrowerColumn, G::View, "Narrower column", &[Keys::ctrl(Key::OpenBracket)], S::Always, "Narrow the reading column").in_menu(M::View, 1),
    entry(A::WiderColumn, G::View, "Wider column", &[Keys::ctrl(Key::CloseBracket)], S::Always, "Widen the reading column").in_menu(M::View, 1),
];

/// The command list's entry for an action.
pub fn entry_for(action: Action) -> Option<&'static CommandEntry> {
    COMMANDS.iter().find(|entry| entry.action == action)
}

/// The entries of one section of a menu, in the table's order.
pub fn menu_section(menu: Menu, section: u8) -> impl Iterator<Item = &'static CommandEntry> {
    let place = MenuPlace { menu, section };
    COMMANDS
        .iter()
        .filter(move |entry| entry.menu == Some(place))
}

/// The keys of an action as a menu shows them ("" when it has none).
pub fn keys_for(action: Action) -> String {
    entry_for(action)
        .map(CommandEntry::keys_text)
        .unwrap_or_default()
}

/// The command list as a Markdown table, group by group (the README's keyboard section).
pub fn markdown_table() -> String {
    let mut table = String::from("| Keys | Command | What it does |\n| --- | --- | --- |\n");
    for group in Group::ALL {
        table.push_str(&format!("| | **{}** | |\n", group.title()));
        for entry in COMMANDS.iter().filter(|entry| entry.group == group) {
            let keys = match entry.keys_text() {
                keys if keys.is_empty() => "—".to_owned(),
                keys => format!("`{}`", keys.replace(", ", "`, `")),
            };
            table.push_str(&format!(
                "| {keys} | {} | {} |\n",
                entry.label, entry.description
            ));
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_two_commands_share_keys() {
        let mut seen = HashSet::new();
        for entry in COMMANDS {
            for keys in entry.keys {
                let name = keys.describe();
                assert!(seen.insert(name.clone()), "{name} is bound twice");
            }
        }
    }

    #[test]
    fn every_action_is_listed_once() {
        let mut seen = HashSet::new();
        for entry in COMMANDS {
            assert!(seen.insert(entry.action), "{:?} listed twice", entry.action);
        }
        for unit in [U::Char, U::Line, U::Word, U::Sentence, U::Paragraph] {
            for forward in [true, false] {
                for extend in [true, false] {
                    assert!(seen.contains(&caret(unit, forward, extend)));
                }
            }
        }
    }

    #[test]
    fn the_readme_lists_the_command_list_as_it_is() {
        let readme = include_str!("../../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's keyboard table is out of date; it should read:\n{table}"
        );
    }

    /// The menus hold the items they held before they were read from the table, in that order.
    #[test]
    fn the_menus_hold_their_items_in_order() {
        let labels = |menu, section| {
            menu_section(menu, section)
                .map(|entry| entry.label)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels(M::File, 0),
            [
                "Open…",
                "Open path…",
                "Open address…",
                "Open other edition…",
                "Open project…",
                "New project…",
                "Project home",
                "Retrieval…"
            ]
        );
        assert_eq!(
            labels(M::File, 1),
            ["Export…", "Import…", "Document info…", "Tag set…"]
        );
        assert_eq!(
            labels(M::File, 2),
            ["Sync with the team", "Save", "Reload sidecar"]
        );
        assert_eq!(labels(M::File, 3), ["Quit", "Quit without saving"]);
        assert_eq!(labels(M::Edit, 0), ["Undo", "Redo"]);
        assert_eq!(
            labels(M::Edit, 1),
            [
                "Find in article…",
                "Next match",
                "Previous match",
                "Find in notes and excerpts…"
            ]
        );
        assert_eq!(
            labels(M::Edit, 2),
            [
                "Edit note",
                "Link…",
                "Delete annotation",
                "Next annotation",
                "Previous annotation",
                "Next of the same tag",
                "Previous of the same tag"
            ]
        );
        assert_eq!(labels(M::Edit, 3), ["Copy as Markdown"]);
        assert_eq!(
            labels(M::View, 0),
            [
                "Statistics…",
                "Codebook…",
                "Project team…",
                "Argument map…",
                "Compare readings…",
                "Agreement…",
                "Adjudicate…",
                "Show the others' readings",
                "Messages…"
            ]
        );
        assert_eq!(
            labels(M::View, 1),
            [
                "Zoom in",
                "Zoom out",
                "Actual size",
                "Narrower column",
                "Wider column"
            ]
        );
        assert_eq!(labels(M::Help, 0), ["Command list"]);
        let placed = COMMANDS.iter().filter(|entry| entry.menu.is_some()).count();
        assert_eq!(placed, 46, "an item in no section the menu bar draws");
    }

    #[test]
    fn keys_are_described_as_people_write_them() {
        assert_eq!(keys_for(Action::Redo), "Ctrl+Shift+Z, Ctrl+Y");
        assert_eq!(keys_for(Action::ShowCheatSheet), "F1, ?");
        assert_eq!(keys_for(Action::TagWithKey), "1–9");
        assert_eq!(keys_for(caret(U::Sentence, false, true)), "Alt+Shift+←");
    }
}
