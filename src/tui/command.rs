//! The one table of the reader's commands: for each, its name in the config file's `[keys]`,
//! what the help says it does, its keys unless the config file says otherwise, and what it
//! asks the reader for. Key dispatch, the help screen, the config file and the README's key
//! table all follow it; adding a command is a row here and its handling in its feature's
//! folder.

use super::action::{
    BoardInput, Copy, DaysInput, FilterInput, FocusInput, Input, Link, Move, NoteInput,
    OverlayInput, PaperInput, ReadingInput, SyncInput, WatchInput,
};

/// How many names it is given.
macro_rules! count {
    () => { 0 };
    ($first:ident $($rest:ident)*) => { 1 + count!($($rest)*) };
}

/// One row a command: `Name "config_name" "what the help says" ["keys"] => the input;`, in
/// the order the help lists them.
macro_rules! commands {
    ($($command:ident $name:literal $does:literal [$($key:literal),*] => $input:expr;)*) => {
        /// Something a key can ask the reader to do, named as users call it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $($command,)*
        }

        impl Command {
            /// Every command, in the order the help lists them.
            pub const ALL: [Command; count!($($command)*)] = [$(Command::$command,)*];

            /// The name a config file uses for it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$command => $name,)*
                }
            }

            /// What it does, as the help says it.
            pub fn description(self) -> &'static str {
                match self {
                    $(Command::$command => $does,)*
                }
            }

            /// The keys it has unless a config file says otherwise.
            pub fn default_keys(self) -> &'static [&'static str] {
                match self {
                    $(Command::$command => &[$($key),*],)*
                }
            }

            /// What it asks the reader for.
            pub fn input(self) -> Input {
                match self {
                    $(Command::$command => $input,)*
                }
            }
        }
    };
}

commands! {
    Down "down" "move down" ["j", "Down"] => Input::Move(Move::Down);
    Up "up" "move up" ["k", "Up"] => Input::Move(Move::Up);
    First "first" "first" ["g", "Home"] => Input::Move(Move::First);
    Last "last" "last" ["G", "End"] => Input::Move(Move::Last);
    PageDown "page_down" "page down" ["PageDown"] => Input::Move(Move::PageDown);
    PageUp "page_up" "page up" ["PageUp"] => Input::Move(Move::PageUp);
    NextPane "next_pane" "next pane" ["Tab"] => Input::Focus(FocusInput::Next);
    Read "read" "read the paper" ["Enter"] => Input::Focus(FocusInput::Detail);
    NextPaper "next_paper" "next paper, any pane" ["J"] => Input::Paper(PaperInput::Next);
    PreviousPaper "previous_paper" "previous paper, any pane" ["K"] =>
        Input::Paper(PaperInput::Previous);
    NextUnread "next_unread" "next unread paper" ["n"] => Input::Reading(ReadingInput::NextUnread);
    ToggleStar "star" "star / unstar" ["s"] => Input::Reading(ReadingInput::ToggleStar);
    ToggleRead "toggle_read" "mark read / unread" ["m"] => Input::Reading(ReadingInput::ToggleRead);
    EditNote "note" "your note, in $EDITOR" ["e"] => Input::Note(NoteInput::Edit);
    Label "label" "add / remove a label" ["l"] => Input::Reading(ReadingInput::Label);
    ToggleQueued "queue" "queue / unqueue" ["+"] => Input::Reading(ReadingInput::ToggleQueued);
    ToggleHidden "hide" "hide / bring back" ["x"] => Input::Reading(ReadingInput::ToggleHidden);
    ReadAllShown "read_all" "mark every paper here read" ["A"] =>
        Input::Reading(ReadingInput::ReadAllShown);
    Undo "undo" "undo the last mark" ["u"] => Input::Reading(ReadingInput::Undo);
    Search "search" "search; Enter keeps it" ["/"] => Input::Filter(FilterInput::StartSearch);
    Back "back" "back out; clears search" ["Esc"] => Input::Focus(FocusInput::Back);
    Tags "tags" "tag filter" ["t"] => Input::Filter(FilterInput::FocusTags);
    ToggleTag "toggle_tag" "toggle the tag" ["Space"] => Input::Filter(FilterInput::ToggleTag);
    ClearFilters "clear_filters" "clear every filter" ["c"] => Input::Filter(FilterInput::Clear);
    OpenLink "open_link" "open the paper's link" ["o"] => Input::Paper(PaperInput::Open(Link::Paper));
    OpenPdf "open_pdf" "open the PDF" ["p"] => Input::Paper(PaperInput::Open(Link::Pdf));
    OpenHuggingFace "open_hugging_face" "open on Hugging Face" ["h"] =>
        Input::Paper(PaperInput::Open(Link::HuggingFace));
    OpenCode "open_code" "open the code repository" ["C"] =>
        Input::Paper(PaperInput::Open(Link::Code));
    CopyLink "copy_link" "copy the link" ["y"] => Input::Paper(PaperInput::Copy(Copy::Link));
    CopyTitle "copy_title" "copy the title" ["Y"] => Input::Paper(PaperInput::Copy(Copy::Title));
    CopyMarkdownLink "copy_markdown_link" "copy a Markdown link" ["M"] =>
        Input::Paper(PaperInput::Copy(Copy::MarkdownLink));
    CopyBibtex "copy_bibtex" "copy a BibTeX entry" ["b"] =>
        Input::Paper(PaperInput::Copy(Copy::Bibtex));
    OlderDay "older_day" "previous day" ["["] => Input::Days(DaysInput::Older);
    NewerDay "newer_day" "next day" ["]"] => Input::Days(DaysInput::Newer);
    NewestDay "newest_day" "the newest day" ["}"] => Input::Days(DaysInput::Newest);
    AllDays "all_days" "every day / one day" ["a"] => Input::Days(DaysInput::AllDays);
    Ranking "ranking" "the week ranked / back" ["w"] => Input::Days(DaysInput::Ranking);
    Starred "starred" "starred papers / back" ["*"] => Input::Days(DaysInput::Starred);
    Queue "queue_view" "the reading queue / back" ["Q"] => Input::Days(DaysInput::Queue);
    Watches "watches" "the watchlists / back" ["W"] => Input::Watch(WatchInput::Toggle);
    Movers "movers" "the week's movers / back" ["v"] => Input::Days(DaysInput::Movers);
    Board "board" "the trend board / back" ["T"] => Input::Board(BoardInput::Toggle);
    SwitchTitle "switch_title" "Chinese / English first" ["L"] =>
        Input::Paper(PaperInput::SwitchTitle);
    ShowAbstract "show_abstract" "the English abstract / not" ["E"] =>
        Input::Paper(PaperInput::ToggleAbstract);
    CompleteCitation "complete_citation" "complete the citation" ["i"] =>
        Input::Sync(SyncInput::Complete);
    Summarize "summarize" "Chinese from the model now" ["z"] => Input::Sync(SyncInput::Summarize);
    SaveToZotero "zotero" "save to Zotero" ["Z"] => Input::Sync(SyncInput::SaveToZotero);
    Sync "sync" "sync recent days / stop" ["r"] => Input::Sync(SyncInput::Sync);
    Sort "sort" "cycle the sort order" ["S"] => Input::Days(DaysInput::NextSort);
    Reverse "reverse" "reverse the order" ["R"] => Input::Days(DaysInput::ReverseSort);
    JumpToDate "go_to_date" "go to a date" ["D"] => Input::Overlay(OverlayInput::DatePrompt);
    Help "help" "this help" ["?"] => Input::Overlay(OverlayInput::ShowHelp);
    Suspend "suspend" "suspend (fg resumes)" ["Ctrl-z"] => Input::Suspend;
    Quit "quit" "quit" ["q", "Ctrl-c"] => Input::Quit;
}

impl Command {
    /// Why the command must keep a key, for the commands that must: without one for quit
    /// nothing would end the reader, and without one for help nothing would show what the
    /// keys do now. (Esc need not: the search, the help and popups take it whatever the
    /// config says, and every pane is left by Tab or a click as well.)
    pub fn needs_a_key(self) -> Option<&'static str> {
        match self {
            Command::Quit => Some("nothing else ends the reader"),
            Command::Help => Some("nothing else shows what the keys do"),
            _ => None,
        }
    }
}

impl std::str::FromStr for Command {
    type Err = String;

    fn from_str(name: &str) -> Result<Command, String> {
        Command::ALL
            .into_iter()
            .find(|command| command.name() == name)
            .ok_or_else(|| format!("no command is called {name:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_its_own_name_keys_and_input() {
        let mut names = std::collections::HashSet::new();
        let mut keys = std::collections::HashSet::new();
        for command in Command::ALL {
            assert!(names.insert(command.name()), "{command:?}");
            assert_eq!(command.name().parse::<Command>(), Ok(command));
            assert!(!command.default_keys().is_empty(), "{command:?}");
            for key in command.default_keys() {
                assert!(keys.insert(*key), "{key} is given twice");
            }
            assert_ne!(command.input(), Input::Nothing, "{command:?}");
        }
    }
}
