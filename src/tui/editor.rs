//! Running the user's editor on a file: `$VISUAL`, else `$EDITOR`, else `vi`, split into words
//! as a shell splits them but run without a shell, the file as its last argument. The reader
//! hands it the terminal first (see the event loop); `lunwen note` runs it as it is.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

/// The editor when neither `$VISUAL` nor `$EDITOR` names one.
const FALLBACK: &str = "vi";

/// The editor command the environment names, and the variable it came from.
fn chosen(var: impl Fn(&str) -> Option<OsString>) -> (String, &'static str) {
    for name in ["VISUAL", "EDITOR"] {
        if let Some(value) = var(name).map(|v| v.to_string_lossy().into_owned())
            && !value.trim().is_empty()
        {
            return (value, name);
        }
    }
    (FALLBACK.to_string(), "the default")
}

/// Edit `path` in the user's editor and wait for it to end. `Err` says why it could not start
/// or how it failed, naming the command and where it came from.
pub fn edit(path: &Path) -> Result<(), String> {
    let (command, from) = chosen(|name| std::env::var_os(name));
    let shown = crate::text::sanitize_line(&command).into_owned();
    let words = shell_words::split(&command)
        .map_err(|err| format!("the editor ({from}) `{shown}` does not read: {err}"))?;
    let (program, args) = words
        .split_first()
        .ok_or_else(|| format!("the editor ({from}) is empty"))?;
    let status = Command::new(program)
        .args(args)
        .arg(path)
        .status()
        .map_err(|err| {
            format!("could not start the editor ({from}) `{shown}`: {err}; set $VISUAL or $EDITOR")
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the editor ({from}) `{shown}` failed: {status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visual_comes_before_editor_and_vi_after_them() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        let both = env(&[("VISUAL", "code -w"), ("EDITOR", "nano")]);
        assert_eq!(chosen(both), ("code -w".to_string(), "VISUAL"));
        let editor = env(&[("VISUAL", " "), ("EDITOR", "nano")]);
        assert_eq!(chosen(editor), ("nano".to_string(), "EDITOR"));
        assert_eq!(chosen(env(&[])), ("vi".to_string(), "the default"));
    }
}
