//! Tables that fit the terminal without splitting a word or a number.
//!
//! A cell is never wrapped inside a word. When the table is wider than the terminal, three
//! steps are tried in order, each keeping every cell whole:
//! 1. headers (free text) wrap at their spaces, so a column is as wide as its widest value;
//! 2. the columns the command marked as optional are hidden, least valuable first, and a note
//!    under the table names them;
//! 3. a vertical layout, one record per row, one `HEADER │ value` line per column.
//!
//! Off a terminal (pipes, files, tests) the table is printed whole, in Markdown.

use comfy_table::{Attribute, Cell, ColumnConstraint, Row};

/// A comfy-table [`comfy_table::Table`] whose cells are made safe for display as they are
/// added (control characters escaped, long lines cut) and which fits the terminal when printed
/// (see the module doc). Everything else is the comfy-table API (`Deref`).
pub struct Table {
    inner: comfy_table::Table,
    /// The terminal's width to fit; `None` prints the table as it is.
    width: Option<usize>,
    /// Bold headers and labels.
    color: bool,
    /// Columns that may be hidden to fit, the first hidden first.
    optional: Vec<usize>,
}

impl Table {
    pub(super) fn new(inner: comfy_table::Table, width: Option<usize>, color: bool) -> Table {
        Table {
            inner,
            width,
            color,
            optional: Vec::new(),
        }
    }

    /// Adds a row (cells made safe for display).
    pub fn add_row<T: Into<Row>>(&mut self, row: T) -> &mut Self {
        let row: Row = row.into();
        if row.cell_iter().any(|c| needs_care(&c.content())) {
            let cells: Vec<Cell> = row
                .cell_iter()
                .map(|c| {
                    let text = c.content();
                    if needs_care(&text) {
                        Cell::new(super::display_text(&text))
                    } else {
                        c.clone()
                    }
                })
                .collect();
            self.inner.add_row(cells);
        } else {
            self.inner.add_row(row);
        }
        self
    }

    /// Marks columns that may be hidden on a narrow terminal, the least valuable first.
    pub fn optional_columns(&mut self, columns: &[usize]) -> &mut Self {
        self.optional = columns.to_vec();
        self
    }

    /// The table as printed: fitted to the terminal's width when there is one.
    fn render(&self) -> String {
        let Some(width) = self.width else {
            return self.inner.to_string();
        };
        let whole = self.inner.to_string();
        if widest_line(&whole) <= width {
            return whole;
        }
        let mut table = self.inner.clone();
        self.wrap_headers(&mut table);
        let text = table.to_string();
        if widest_line(&text) <= width {
            return text;
        }
        let headers = header_texts(&self.inner);
        let mut hidden = Vec::new();
        for &column in &self.optional {
            if let Some(c) = table.column_mut(column) {
                c.set_constraint(ColumnConstraint::Hidden);
                hidden.push(headers.get(column).cloned().unwrap_or_default());
            }
            let text = table.to_string();
            if widest_line(&text) <= width {
                let note = format!(
                    "({} hidden to fit the terminal: {}; `-o json` or a wider terminal shows them)",
                    plural(hidden.len(), "column"),
                    hidden.join(", ")
                );
                return format!("{text}\n{}", wrap_words(&note, width).join("\n"));
            }
        }
        self.vertical(width)
    }

    /// Sets each header to its words packed into lines no wider than the column's widest value
    /// (or its longest word).
    fn wrap_headers(&self, table: &mut comfy_table::Table) {
        let headers = header_texts(&self.inner);
        let cells: Vec<Cell> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let values = self
                    .inner
                    .row_iter()
                    .filter_map(|r| r.cell_iter().nth(i))
                    .map(|c| widest_line(&c.content()))
                    .max()
                    .unwrap_or(0);
                let longest_word = h.split(' ').map(display_width).max().unwrap_or(0);
                let text = wrap_words(h, values.max(longest_word)).join("\n");
                self.header_cell(text)
            })
            .collect();
        table.set_header(cells);
    }

    fn header_cell(&self, text: String) -> Cell {
        let cell = Cell::new(text);
        if self.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }

    /// One record per row: a `─[ n ]─` rule, then `HEADER │ value` lines; values that are too
    /// long wrap at their spaces, onto lines that start under the value.
    fn vertical(&self, width: usize) -> String {
        let headers = header_texts(&self.inner);
        let label_width = headers.iter().map(|h| display_width(h)).max().unwrap_or(0);
        let label_width = label_width.min(width / 2);
        let value_width = width.saturating_sub(label_width + 3).max(1);
        let mut out = Vec::new();
        for (n, row) in self.inner.row_iter().enumerate() {
            let rule = format!("─[ {} ]", n + 1);
            let fill = width.saturating_sub(display_width(&rule)).min(40);
            out.push(format!("{rule}{}", "─".repeat(fill)));
            for (i, cell) in row.cell_iter().enumerate() {
                let label = headers.get(i).map_or("", String::as_str);
                let labels = wrap_words(label, label_width);
                let values: Vec<String> = cell
                    .content()
                    .split('\n')
                    .flat_map(|line| wrap_words(line, value_width))
                    .collect();
                for k in 0..labels.len().max(values.len()) {
                    let shown = labels.get(k).map_or("", String::as_str);
                    let value = values.get(k).map_or("", String::as_str);
                    let pad = " ".repeat(label_width.saturating_sub(display_width(shown)));
                    let shown = if self.color && !shown.is_empty() {
                        format!("\x1b[1m{shown}\x1b[0m")
                    } else {
                        shown.to_string()
                    };
                    out.push(format!("{shown}{pad} │ {value}").trim_end().to_string());
                }
            }
        }
        out.join("\n")
    }
}

impl std::ops::Deref for Table {
    type Target = comfy_table::Table;
    fn deref(&self) -> &comfy_table::Table {
        &self.inner
    }
}

impl std::ops::DerefMut for Table {
    fn deref_mut(&mut self) -> &mut comfy_table::Table {
        &mut self.inner
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
    }
}

fn needs_care(text: &str) -> bool {
    text.len() > super::MAX_CELL_CHARS || text.chars().any(|c| c.is_control() && c != '\n')
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The headers' texts on one line each (a header's own line breaks become spaces).
fn header_texts(table: &comfy_table::Table) -> Vec<String> {
    table.header().map_or_else(Vec::new, |h| {
        h.cell_iter()
            .map(|c| c.content().split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    })
}

/// Columns a text takes on a terminal: characters outside ANSI escape sequences (kplan's
/// tables hold no double-width characters).
pub fn display_width(text: &str) -> usize {
    let mut n = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters final-byte (a letter).
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

/// The widest line of a text, in terminal columns.
pub fn widest_line(text: &str) -> usize {
    text.lines().map(display_width).max().unwrap_or(0)
}

/// Packs the words of a line into lines no wider than `width`; a word wider than `width` stays
/// whole on its own line. Never splits a word; an empty text gives one empty line.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && display_width(&line) + 1 + display_width(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::super::Style;
    use super::*;

    fn sample(width: usize) -> Table {
        let mut t = Style::terminal(width, false).table([
            "TYPE",
            "MEMORY MIB",
            "USD/HOUR (us-east-1)",
            "INTERRUPTION",
        ]);
        t.add_row(vec!["m5.large", "8,192", "0.0960", "<5%"]);
        t.add_row(vec!["c5.24xlarge", "196,608", "4.0800", "5-10%"]);
        t.optional_columns(&[3]);
        t
    }

    /// Every cell of the sample whole on some line of the text.
    fn all_whole(text: &str, cells: &[&str]) {
        for cell in cells {
            assert!(
                text.lines()
                    .any(|l| l.split(['│', '┆', '|']).any(|c| c.trim() == *cell)),
                "{cell} not whole in\n{text}"
            );
        }
    }

    #[test]
    fn a_wide_terminal_gets_the_table_as_it_is() {
        let text = sample(200).to_string();
        assert_eq!(text.lines().count(), 6, "{text}");
        assert!(text.contains("USD/HOUR (us-east-1)"));
    }

    #[test]
    fn headers_wrap_at_spaces_before_columns_go() {
        let text = sample(56).to_string();
        assert!(widest_line(&text) <= 56, "{text}");
        assert!(text.contains("INTERRUPTION"), "{text}");
        assert!(text.contains("(us-east-1)") && text.contains("USD/HOUR"));
        all_whole(&text, &["m5.large", "196,608", "0.0960", "5-10%"]);
    }

    #[test]
    fn optional_columns_are_hidden_and_named() {
        let text = sample(40).to_string();
        assert!(widest_line(&text) <= 40, "{text}");
        assert!(!text.contains("5-10%"), "{text}");
        assert!(text.contains("1 column hidden"), "{text}");
        all_whole(&text, &["c5.24xlarge", "8,192", "4.0800"]);
    }

    #[test]
    fn a_narrow_terminal_gets_records() {
        let text = sample(30).to_string();
        assert!(widest_line(&text) <= 30, "{text}");
        assert!(text.contains("─[ 2 ]"), "{text}");
        assert!(
            text.lines()
                .any(|l| l.starts_with("INTERRUPTION ") && l.ends_with(" │ 5-10%")),
            "{text}"
        );
        all_whole(&text, &["m5.large", "c5.24xlarge", "196,608", "4.0800"]);
    }

    #[test]
    fn words_are_never_split() {
        assert_eq!(
            wrap_words("ALLOC MEMORY MIB", 6),
            ["ALLOC", "MEMORY", "MIB"]
        );
        assert_eq!(wrap_words("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap_words("unsplittable", 3), ["unsplittable"]);
        assert_eq!(wrap_words("", 3), [""]);
        assert_eq!(display_width("\x1b[1mbold\x1b[0m │"), 6);
    }

    #[test]
    fn colour_is_bold_headers_only_when_asked() {
        let text = Style::terminal(200, true).table(["A"]).to_string();
        assert!(text.contains("\x1b[1m"), "{text:?}");
        let text = Style::terminal(200, false).table(["A"]).to_string();
        assert!(!text.contains('\x1b'), "{text:?}");
    }
}
