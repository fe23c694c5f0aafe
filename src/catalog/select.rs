//! Name matching: shell-style globs and "did you mean" suggestions.

use std::fmt;

/// An instance type that is not in the catalog, with the nearest known names.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownType {
    pub name: String,
    pub suggestions: Vec<String>,
}

impl fmt::Display for UnknownType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown instance type '{}'", self.name)?;
        match self.suggestions.as_slice() {
            [] => Ok(()),
            [one] => write!(f, "; did you mean {one}?"),
            many => write!(f, "; did you mean one of: {}?", many.join(", ")),
        }
    }
}

impl std::error::Error for UnknownType {}

/// One element of a glob pattern.
enum Token {
    /// `*`: any run of characters.
    Star,
    /// `?`: any one character.
    One,
    /// `[abc]` / `[a-z]`: one character of the class (items as inclusive ranges).
    Class(Vec<(char, char)>),
    Literal(char),
}

impl Token {
    /// Whether this one-character token matches `c` (a star is not one character).
    fn accepts(&self, c: char) -> bool {
        match self {
            Token::One => true,
            Token::Literal(l) => *l == c,
            Token::Class(items) => items.iter().any(|&(a, b)| a <= c && c <= b),
            Token::Star => false,
        }
    }
}

/// The pattern as tokens; a `[` without a closing `]` is a literal `[`.
fn tokens(p: &[char]) -> Vec<Token> {
    let mut out = Vec::with_capacity(p.len());
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '*' => {
                // A run of stars matches what one star matches.
                if !matches!(out.last(), Some(Token::Star)) {
                    out.push(Token::Star);
                }
                i += 1;
            }
            '?' => {
                out.push(Token::One);
                i += 1;
            }
            '[' => match p[i + 1..].iter().position(|&c| c == ']') {
                Some(len) => {
                    let class = &p[i + 1..i + 1 + len];
                    let mut items = Vec::new();
                    let mut k = 0;
                    while k < class.len() {
                        if k + 2 < class.len() && class[k + 1] == '-' {
                            items.push((class[k], class[k + 2]));
                            k += 3;
                        } else {
                            items.push((class[k], class[k]));
                            k += 1;
                        }
                    }
                    out.push(Token::Class(items));
                    i += len + 2;
                }
                None => {
                    out.push(Token::Literal('['));
                    i += 1;
                }
            },
            c => {
                out.push(Token::Literal(c));
                i += 1;
            }
        }
    }
    out
}

/// Shell-style glob: `*` any run, `?` one character, `[abc]` / `[a-z]` a class. Case-insensitive.
///
/// Time O(|pattern| x |name|) and memory O(|name|) whatever the pattern (a row of reachable
/// name positions per token, no backtracking): hostile patterns like `*a*a*a*...b` cannot make
/// it exponential.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let n: Vec<char> = name.to_ascii_lowercase().chars().collect();
    // reach[j]: the tokens so far can match exactly the first j characters of the name.
    let mut reach = vec![false; n.len() + 1];
    reach[0] = true;
    let mut next = vec![false; n.len() + 1];
    for t in tokens(&p) {
        next.iter_mut().for_each(|x| *x = false);
        match t {
            Token::Star => {
                let mut any = false;
                for (x, &r) in next.iter_mut().zip(&reach) {
                    any |= r;
                    *x = any;
                }
            }
            one => {
                for (j, &c) in n.iter().enumerate() {
                    next[j + 1] = reach[j] && one.accepts(c);
                }
            }
        }
        std::mem::swap(&mut reach, &mut next);
        if !reach.iter().any(|&r| r) {
            return false;
        }
    }
    reach[n.len()]
}

/// Up to three known names nearest to `name` by edit distance (close enough to be a typo);
/// only those at the smallest distance, so that one clear typo gets one answer.
pub fn suggest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Vec<String> {
    // A bounded prefix: the distance costs |a|·|b|, and no typo of a type name is 64 long.
    let wanted: String = name
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    let limit = (wanted.len() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = known
        .map(|k| (edit_distance(&wanted, &k.to_ascii_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    let best = scored.first().map_or(0, |(d, _)| *d);
    scored
        .into_iter()
        .take_while(|(d, _)| *d == best)
        .take(3)
        .map(|(_, k)| k.to_string())
        .collect()
}

/// Levenshtein distance with transpositions counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

/// ` (m5.large, field "vcpus")`: the record's name and the key nearest before `column`
/// (1-based, from a JSON error) so that a corrupt catalog line says where it is wrong.
pub fn record_context(line: &str, column: usize) -> String {
    let name = line
        .split_once("\"name\"")
        .and_then(|(_, rest)| {
            let mut parts = rest.split('"');
            let n = parts.nth(1)?;
            parts.next().map(|_| n) // only a closed string
        })
        .filter(|n| !n.is_empty() && n.len() < 40);
    let before = line.get(..column.min(line.len())).unwrap_or(line);
    let field = before.rfind("\":").and_then(|end| {
        let start = before[..end].rfind('"')? + 1;
        Some(&before[start..end])
    });
    match (name, field) {
        (Some(n), Some(f)) => format!(" ({n}, field \"{f}\")"),
        (Some(n), None) => format!(" ({n})"),
        (None, Some(f)) => format!(" (field \"{f}\")"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_context_names_the_type_and_field() {
        let line = r#"{"name": "m5.large", "family": "m5", "vcpus": "four", "x": 1}"#;
        let col = line.find("\"four").unwrap() + 1;
        assert_eq!(record_context(line, col), r#" (m5.large, field "vcpus")"#);
        assert_eq!(
            record_context("{\"name\": \"m5.la", 15),
            " (field \"name\")"
        );
        assert_eq!(record_context("garbage", 3), "");
    }

    #[test]
    fn globs() {
        assert!(glob_match("m6i.*", "m6i.large"));
        assert!(!glob_match("m6i.*", "m6id.large"));
        assert!(glob_match("*.metal*", "r7i.metal-24xl"));
        assert!(glob_match("c[5-6]?.large", "c6g.large"));
        assert!(!glob_match("c[5-6]?.large", "c7g.large"));
        assert!(glob_match("*", "t3.nano"));
        assert!(glob_match("[m5", "[m5"));
        assert!(!glob_match("[m5", "m5"));
        assert!(glob_match("m5.[lx]*", "M5.XLARGE"));
        assert!(!glob_match("m5.?", "m5."));
        assert!(glob_match("**.large", "c5.large"));
        assert!(!glob_match("", "c5.large"));
        assert!(glob_match("", ""));
    }

    #[test]
    fn hostile_globs_are_polynomial() {
        // Backtracking tries every way to split the name among the stars: with 30 stars over a
        // 200-character name that is beyond any time budget. The row-by-row match does
        // 61 x 201 steps.
        let pattern = format!("{}b", "*a".repeat(30));
        let name = "a".repeat(200);
        assert!(!glob_match(&pattern, &name));
        assert!(glob_match(&pattern, &format!("{name}b")));
        let long = "*".repeat(100_000) + "x";
        assert!(glob_match(&long, "m5x"));
    }

    #[test]
    fn suggestions() {
        let known = ["m5.large", "m5.xlarge", "m6i.large", "c5.large"];
        assert_eq!(suggest("m5.lage", known.iter().copied())[0], "m5.large");
        assert_eq!(suggest("m5.lrage", known.iter().copied())[0], "m5.large");
        assert!(suggest("zzzzzzzz", known.iter().copied()).is_empty());
    }
}
