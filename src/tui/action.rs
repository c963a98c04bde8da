//! Everything a user can ask the reader to do, whatever key or click asked for it.

/// One thing to do to the reader's model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Move the cursor of the focused pane (papers, detail scroll or tags) by rows.
    Up,
    Down,
    First,
    Last,
    PageUp,
    PageDown,
    /// Move focus to the next pane (list → detail → filter).
    FocusNext,
    /// Read the selected paper: focus the detail pane.
    FocusDetail,
    /// Focus the tag filter.
    FocusTags,
    /// Back out of whatever is focused, towards the list.
    Back,
    /// Start typing a search.
    StartSearch,
    /// Editing the search text: typed text goes in at the cursor.
    SearchInsert(String),
    SearchBackspace,
    SearchDelete,
    SearchLeft,
    SearchRight,
    SearchHome,
    SearchEnd,
    /// Stop typing and keep the search.
    SearchKeep,
    /// Stop typing and drop the search.
    SearchCancel,
    /// Text the terminal pasted: it goes into the search.
    Paste(String),
    /// Turn the tag under the tag cursor on or off.
    ToggleTag,
    ClearFilters,
    /// Open the selected paper's link in a browser.
    OpenLink,
    /// What came of opening a link: `Err` holds why it failed.
    LinkOpened {
        url: String,
        result: Result<(), String>,
    },
    OlderDay,
    NewerDay,
    /// See whether days were added to or removed from the cache since it was last looked at.
    CheckCache,
    ShowHelp,
    CloseHelp,
    /// Scroll the help by rows.
    ScrollHelp(isize),
    /// Close the popup that is open.
    ClosePopup,
    /// A key that means nothing where it was pressed.
    Nothing,
    /// Mouse wheel over a screen cell.
    ScrollAt {
        column: u16,
        row: u16,
        down: bool,
    },
    /// Mouse click on a screen cell.
    ClickAt {
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// Give the terminal back to the shell and stop, as Ctrl-Z does; `fg` comes back.
    Suspend,
}

/// A side effect the event loop carries out on the model's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    OpenLink(String),
    /// Hand the terminal to the shell and stop until continued.
    Suspend,
}
