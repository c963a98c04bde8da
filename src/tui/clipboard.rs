//! Where text copied through the terminal (OSC 52) goes from here, so that the reader says
//! what was done rather than that something was copied: a terminal does not answer OSC 52, but
//! tmux, which stands between, can be asked whether it takes it.

use std::process::Command;

/// Where OSC 52 goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Straight to the terminal, which copies it if it knows OSC 52 and lets programs use it.
    Terminal,
    /// To tmux, whose `set-clipboard` is `on`: it keeps the text as a paste buffer and sends it
    /// on to the terminal.
    Tmux,
    /// To tmux, whose `set-clipboard` is this (`external`, its default, or `off`): it ignores
    /// OSC 52 from programs, so nothing is sent.
    TmuxIgnores(String),
    /// To tmux, which could not be asked (this says why): the text is sent all the same.
    TmuxUnasked(String),
}

impl Route {
    /// Whether the text is written to the terminal at all.
    pub fn sends(&self) -> bool {
        !matches!(self, Route::TmuxIgnores(_))
    }

    /// What was done with `what` ("the link"), for the status line; `Err` when nothing was
    /// copied.
    pub fn outcome(&self, what: &str) -> Result<String, String> {
        match self {
            Route::Terminal => Ok(format!("sent {what} to the terminal (OSC 52)")),
            Route::Tmux => Ok(format!(
                "copied {what} in tmux, which sends it on to the terminal (OSC 52)"
            )),
            Route::TmuxIgnores(setting) => Err(format!(
                "did not copy {what}: tmux's set-clipboard is {setting}, so tmux ignores \
                 programs that copy; `tmux set -g set-clipboard on` lets them"
            )),
            Route::TmuxUnasked(why) => Ok(format!(
                "sent {what} to tmux (OSC 52); whether tmux takes it is not known: {why}"
            )),
        }
    }
}

/// Where OSC 52 goes from this process: to tmux when `$TMUX` names its server (which is asked
/// for its `set-clipboard`), else to the terminal.
pub fn route() -> Route {
    let tmux = std::env::var("TMUX").unwrap_or_default();
    // `$TMUX` is the server's socket, its process id and the session: "/tmp/tmux-0/default,7,0".
    let Some(socket) = tmux.rsplitn(3, ',').nth(2).filter(|s| !s.is_empty()) else {
        return Route::Terminal;
    };
    let asked = Command::new("tmux")
        .args(["-S", socket, "show-options", "-gv", "set-clipboard"])
        .output();
    match asked {
        Ok(out) if out.status.success() => setting(&String::from_utf8_lossy(&out.stdout)),
        Ok(out) => Route::TmuxUnasked(String::from_utf8_lossy(&out.stderr).trim().to_string()),
        Err(err) => Route::TmuxUnasked(format!("tmux: {err}")),
    }
}

/// The route for tmux's `set-clipboard` as `show-options -gv` prints it.
fn setting(shown: &str) -> Route {
    match shown.trim() {
        "on" => Route::Tmux,
        other => Route::TmuxIgnores(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmux_takes_osc_52_only_with_set_clipboard_on() {
        assert_eq!(setting("on\n"), Route::Tmux);
        assert!(setting("on\n").sends());
        for off in ["external\n", "off\n"] {
            let route = setting(off);
            assert!(!route.sends(), "{off}");
            let said = route.outcome("the link").unwrap_err();
            assert!(said.contains("set-clipboard is"), "{said}");
            assert!(said.contains("`tmux set -g set-clipboard on`"), "{said}");
        }
    }

    #[test]
    fn the_status_says_what_was_done_not_that_it_was_copied() {
        let said = Route::Terminal.outcome("the link").unwrap();
        assert_eq!(said, "sent the link to the terminal (OSC 52)");
        assert!(!said.contains("clipboard"));
        let said = Route::TmuxUnasked("no server".into()).outcome("the title");
        assert!(said.unwrap().contains("not known: no server"));
    }
}
