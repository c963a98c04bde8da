//! The `lunwen` binary: parse the command line, then run a command or open the reader.

use std::io::{self, IsTerminal};
use std::process::ExitCode;

use lunwen::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::from_args(std::env::args_os()).unwrap_or_else(|err| err.exit());
    let Some(command) = &cli.command else {
        return ExitCode::from(lunwen::tui::run(&cli.options));
    };
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut io = cli::Io {
        out: &mut stdout.lock(),
        err: &mut stderr.lock(),
        width: output_width(),
        out_is_terminal: io::stdout().is_terminal(),
    };
    ExitCode::from(cli::run(&cli.options, command, &mut io))
}

/// How wide tables and wrapped text may be: `COLUMNS`, else the terminal's width, else 100.
fn output_width() -> usize {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c| c > 0)
    {
        return columns;
    }
    if io::stdout().is_terminal()
        && let Ok((width, _)) = crossterm::terminal::size()
    {
        return usize::from(width);
    }
    100
}
