//! Rendering helpers shared by the subcommands: tables, colour policy, writing to stdout.

use comfy_table::{Cell, ContentArrangement, Row, presets};
use std::io::{IsTerminal, Write};

/// Longest line a table cell shows; longer text (a hostile 10 MB name) is cut with an ellipsis
/// for display, which also keeps the renderer's time bounded.
pub const MAX_CELL_CHARS: usize = 200;

/// A comfy-table [`comfy_table::Table`] whose cells are made safe for display as they are
/// added: control characters escaped (a newline still starts a new line in the cell), lines
/// longer than [`MAX_CELL_CHARS`] cut. Everything else is the comfy-table API (`Deref`).
pub struct Table(comfy_table::Table);

impl Table {
    /// Adds a row (cells made safe for display).
    pub fn add_row<T: Into<Row>>(&mut self, row: T) -> &mut Self {
        let row: Row = row.into();
        if row.cell_iter().any(|c| needs_care(&c.content())) {
            let cells: Vec<Cell> = row
                .cell_iter()
                .map(|c| {
                    let text = c.content();
                    if needs_care(&text) {
                        Cell::new(display_text(&text))
                    } else {
                        c.clone()
                    }
                })
                .collect();
            self.0.add_row(cells);
        } else {
            self.0.add_row(row);
        }
        self
    }
}

impl std::ops::Deref for Table {
    type Target = comfy_table::Table;
    fn deref(&self) -> &comfy_table::Table {
        &self.0
    }
}

impl std::ops::DerefMut for Table {
    fn deref_mut(&mut self) -> &mut comfy_table::Table {
        &mut self.0
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

fn needs_care(text: &str) -> bool {
    text.len() > MAX_CELL_CHARS || text.chars().any(|c| c.is_control() && c != '\n')
}

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
        Style { color, terminal }
    }

    /// Plain style for tests and pipes.
    pub fn plain() -> Style {
        Style {
            color: false,
            terminal: false,
        }
    }

    /// A table with these headers: UTF-8 borders on a terminal, ASCII otherwise.
    pub fn table<I, S>(&self, headers: I) -> Table
    where
        I: IntoIterator<Item = S>,
        S: Into<comfy_table::Cell>,
    {
        let mut t = comfy_table::Table::new();
        if self.terminal {
            t.load_style(presets::UTF8_FULL_CONDENSED);
            // Wrap to the terminal's width only when it reports a usable one (a pseudo-terminal
            // of width 0 would squeeze every column to one character).
            if t.width().is_some_and(|w| w >= 40) {
                t.set_content_arrangement(ContentArrangement::Dynamic);
            }
        } else {
            t.load_style(presets::ASCII_MARKDOWN);
            t.set_content_arrangement(ContentArrangement::Disabled);
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
        Table(t)
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

/// Writes to stdout; a closed pipe (`kplan ... | head`) is not an error.
pub fn emit(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let r = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Pretty JSON with a trailing newline.
pub fn json<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("output types serialize");
    s.push('\n');
    s
}

/// A number with thousands separators: 11762 -> "11,762".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
}
