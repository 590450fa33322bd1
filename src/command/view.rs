//! What the window shows: the team dock's views.

/// A view the dock can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DockView {
    Compare,
    Adjudicate,
    ArgumentMap,
}

impl DockView {
    pub fn title(self) -> &'static str {
        match self {
            DockView::Compare => "Compare readings",
            DockView::Adjudicate => "Adjudicate",
            DockView::ArgumentMap => "Argument map",
        }
    }
}
