//! Rendering helpers shared by the subcommands: tables, colour policy, writing to stdout.

pub mod markdown;
mod table;

pub use crate::numfmt::thousands;
pub use table::{Table, display_width, widest_line, wrap_words};

use comfy_table::{ContentArrangement, presets};
use std::io::{IsTerminal, Write};

/// The version of every JSON document kplan prints (`schema_version`). One number for all
/// commands; their schemas are committed in `schemas/` (docs/json.md says how they are made).
pub const SCHEMA_VERSION: u32 = 1;

/// Longest line a table cell shows; longer text (a hostile 10 MB name) is cut with an ellipsis
/// for display, which also keeps the renderer's time bounded.
pub const MAX_CELL_CHARS: usize = 200;

/// A cell's text for display: each line's control characters escaped and cut to
/// [`MAX_CELL_CHARS`].
pub fn display_text(text: &str) -> String {
    text.split('\n')
        .map(|line| crate::sanitize::echo(line, MAX_CELL_CHARS))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `--color`: when to use colour and box-drawing characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// How tables look: decided once from `--color`, `NO_COLOR` and whether stdout is a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub terminal: bool,
    /// The terminal's width in columns, which tables fit (`None`: not a terminal, or its width
    /// is unknown; tables are printed whole).
    pub width: Option<usize>,
}

impl Style {
    /// Colour only on a terminal and only when `NO_COLOR` is unset (or when forced).
    pub fn detect(choice: ColorChoice) -> Style {
        let terminal = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal && !no_color && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        let width = if terminal { terminal_width() } else { None };
        Style {
            color,
            terminal,
            width,
        }
    }

    /// Plain style for tests and pipes.
    pub fn plain() -> Style {
        Style {
            color: false,
            terminal: false,
            width: None,
        }
    }

    /// A terminal of this width (tests of the fitting).
    pub fn terminal(width: usize, color: bool) -> Style {
        Style {
            color,
            terminal: true,
            width: Some(width),
        }
    }

    /// A table with these headers: UTF-8 borders on a terminal, ASCII otherwise.
    pub fn table<I, S>(&self, headers: I) -> Table
    where
        I: IntoIterator<Item = S>,
        S: Into<comfy_table::Cell>,
    {
        let mut t = comfy_table::Table::new();
        // Never let comfy-table wrap: it splits words and numbers (`m5.larg|e`). Fitting the
        // terminal is the job of [`Table`]'s renderer.
        t.set_content_arrangement(ContentArrangement::Disabled);
        if self.terminal {
            t.load_style(presets::UTF8_FULL_CONDENSED);
        } else {
            t.load_style(presets::ASCII_MARKDOWN);
        }
        if self.color {
            t.enforce_styling();
            t.set_header(
                headers
                    .into_iter()
                    .map(|h| h.into().add_attribute(comfy_table::Attribute::Bold)),
            );
        } else {
            t.force_no_tty();
            t.set_header(headers);
        }
        Table::new(t, self.width, self.color)
    }
}

/// Right-aligns the given columns (numbers).
pub fn align_right(table: &mut comfy_table::Table, columns: &[usize]) {
    for &i in columns {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
}

/// Writes to stdout; a closed pipe (`kplan ... | head`) is not an error. On a terminal, lines of
/// free text wider than the terminal wrap at spaces (tables fit already), so the terminal never
/// breaks a word.
pub fn emit(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let width = if out.is_terminal() {
        terminal_width()
    } else {
        None
    };
    let wrapped;
    let text = match width {
        Some(w) if widest_line(text) > w => {
            wrapped = wrap_long_lines(text, w);
            wrapped.as_str()
        }
        _ => text,
    };
    let r = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Lines wider than `width` wrapped at spaces; continuation lines keep the line's indent plus
/// two spaces. Lines of a table (box drawing) are left alone.
pub fn wrap_long_lines(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let is_table = body.contains(['│', '─']);
        if is_table || display_width(body) <= width {
            out.push_str(line);
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        let first = wrap_words(body.trim_start(), width.saturating_sub(indent));
        let lead = &body[..indent];
        let (head, rest) = first.split_first().expect("wrap_words gives a line");
        out.push_str(lead);
        out.push_str(head);
        let rest = rest.join(" ");
        let hang = format!("{lead}  ");
        for piece in wrap_words(&rest, width.saturating_sub(hang.len())) {
            if !piece.is_empty() {
                out.push('\n');
                out.push_str(&hang);
                out.push_str(&piece);
            }
        }
        out.push_str(end);
    }
    out
}

/// Pretty JSON with a trailing newline.
pub fn json<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("output types serialize");
    s.push('\n');
    s
}

/// The terminal's width: what the terminal reports, else `COLUMNS` when set to a number (a
/// stale exported `COLUMNS` does not override a resized window); `None` below 20 columns (a
/// pseudo-terminal of width 0).
fn terminal_width() -> Option<usize> {
    let reported = comfy_table::Table::new()
        .width()
        .map(usize::from)
        .filter(|&w| w > 0);
    let width = reported.or_else(|| {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
    })?;
    (width >= 20).then_some(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_cells_are_cut_and_escaped() {
        let mut t = Style::plain().table(["NAME", "N"]);
        let huge = "x".repeat(10 * 1024 * 1024);
        t.add_row(vec![huge.as_str(), "1"]);
        t.add_row(vec!["a\x1b[31mred\nline2", "2"]);
        let text = t.to_string();
        assert!(text.len() < 2000, "{}", text.len());
        assert!(text.contains("… (10485760 characters)"));
        assert!(text.contains("a\\e[31mred") && !text.contains('\x1b'));
        assert!(text.lines().any(|l| l.contains("line2")));
    }

    #[test]
    fn long_lines_wrap_at_spaces_with_a_hanging_indent() {
        let text = "short\n  mode: secondary IPs; kubelet max pods: 110; VPC CNI\n│ a table line that is long │\n";
        let got = wrap_long_lines(text, 30);
        assert_eq!(
            got,
            "short\n  mode: secondary IPs; kubelet\n    max pods: 110; VPC CNI\n│ a table line that is long │\n"
        );
    }
}
