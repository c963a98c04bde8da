//! The `lunwen` binary: parse the command line, then run a command or open the reader.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use lunwen::cli::{self, Cli};
use lunwen::text;
use lunwen::tui::Start;
use lunwen::tui::app::Settings;
use lunwen::tui::theme::Theme;

fn main() -> ExitCode {
    let cli = match Cli::from_args(std::env::args_os()) {
        Ok(cli) => cli,
        Err(err) => return command_line_error(&err),
    };
    if let Err(err) = cli::log::start(&cli) {
        eprintln!("{}", text::sanitize(&format!("error: {err}")));
        return ExitCode::from(1);
    }
    let Some(command) = &cli.command else {
        return ExitCode::from(read(&cli));
    };
    let stderr = io::stderr();
    // Data (JSON, ten years of it) goes out in large writes; text for people is flushed as
    // it is printed (see `Io::print`).
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut io = cli::Io {
        out: &mut out,
        err: &mut stderr.lock(),
        width: output_width(),
        out_is_terminal: io::stdout().is_terminal(),
        printed: false,
    };
    let status = cli::run(&cli.options, command, &mut io);
    // Output cut short (a closed pipe) changes nothing now.
    let _ = out.flush();
    ExitCode::from(status)
}

/// Say what is wrong with the command line, made safe like everything lunwen prints: clap
/// quotes the arguments it did not take as they were given, escape sequences included, and on
/// a terminal it writes them raw. The help and the version hold no argument, and keep clap's
/// styles.
fn command_line_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        err.exit();
    }
    let message = err.render().to_string();
    // Nothing more can be said when even this cannot be written.
    let _ = io::stderr()
        .lock()
        .write_all(text::sanitize(&message).as_bytes());
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}

/// Open the reader, with the config file's settings.
fn read(cli: &Cli) -> u8 {
    let store = match cli.options.store() {
        Ok(store) => store,
        Err(err) => {
            eprintln!("{}", text::sanitize(&format!("error: {err}")));
            return 1;
        }
    };
    let (_, config, problems) = cli.options.config();
    let notes = cli.options.notes_with(&config).ok();
    // NO_COLOR (no-color.org) takes the colours away, not the emphasis that shows the
    // selection, focus and tags.
    let theme = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        Theme::no_color()
    } else {
        config.theme.clone()
    };
    lunwen::tui::run(Start {
        store,
        settings: Settings {
            widths: cli.options.widths_with(&config),
            keymap: config.keymap,
            lead: config.lead,
            read_after: config.read_after,
            watches: config.watches.clone(),
        },
        theme,
        date: cli.reader_day(),
        data_dir: cli.options.data_dir(),
        sync: config.sync.clone(),
        summaries: config.summaries.clone(),
        zotero: config.zotero.clone(),
        notify: lunwen::sync::notify::Notify {
            watches: config.watches.clone(),
            command: config.notify_command.clone(),
        },
        warnings: problems.iter().map(ToString::to_string).collect(),
        notes,
    })
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
