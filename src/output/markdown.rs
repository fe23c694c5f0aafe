//! Markdown helpers: a table cell's text made safe (`|` escaped, one line, controls escaped).

/// `text` as one Markdown table cell: control characters escaped and cut (as tables show
/// them), lines joined by a space, `|` escaped as `\|` and a `\` before a `|` as `\\`, so a
/// name holding `|` cannot split the row (GFM's cell scanner takes `\` and the next character
/// together).
pub fn cell(text: &str) -> String {
    let line = super::display_text(text).replace('\n', " ");
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' if chars.peek() == Some(&'|') => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn pipes_and_lines_cannot_break_a_row() {
        assert_eq!(cell("web"), "web");
        assert_eq!(cell("a|b"), "a\\|b");
        // `a\|b` raw: the backslash is escaped too, then the pipe: renders `a\|b`.
        assert_eq!(cell("a\\|b"), "a\\\\\\|b");
        assert_eq!(cell("two\nlines"), "two lines");
        assert_eq!(cell("a\\b"), "a\\b");
    }
}
