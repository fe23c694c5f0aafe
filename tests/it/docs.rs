//! The sample outputs in README.md and docs/*.md are kplan's real outputs.
//!
//! Every fenced block marked `console` holds one or more `$ kplan ...` commands, each followed
//! by what it prints (standard output, then standard error); `$ echo $?` prints the exit code.
//! The test runs each command from the repository root (the shared test helper: NO_COLOR, the
//! embedded catalog) and compares. `KPLAN_BLESS=1 cargo test --test it docs` rewrites the
//! blocks with the current outputs instead (after a change to the solver or the prices), for
//! review as a diff. A command may end in `| head -N`. Blocks marked `text` are not run.

use crate::util::{code, kplan, stderr, stdout};
use std::path::{Path, PathBuf};

fn doc_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// Splits a command line into words: spaces separate, single or double quotes group.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, ' ') => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// What `$ kplan ...` prints, in the form the docs show it, and its exit code.
fn run(command: &str) -> (String, i32) {
    let (command, head) = match command.rsplit_once("| head -") {
        Some((c, n)) => (c.trim(), n.trim().parse::<usize>().ok()),
        None => (command, None),
    };
    let args = words(command);
    assert_eq!(args.first().map(String::as_str), Some("kplan"), "{command}");
    let args: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let out = kplan(&args);
    let mut text = stdout(&out);
    if let Some(n) = head {
        text = text.lines().take(n).map(|l| format!("{l}\n")).collect();
    } else {
        text.push_str(&stderr(&out));
    }
    (text, code(&out))
}

/// The file with each `console` block's outputs replaced by the current ones; the number of
/// commands run.
fn render(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split_inclusive('\n');
    let mut commands = 0;
    let mut last_code = 0;
    while let Some(line) = lines.next() {
        out.push_str(line);
        if line.trim_end() != "```console" {
            continue;
        }
        for inner in lines.by_ref() {
            if inner.trim_end() == "```" {
                out.push_str(inner);
                break;
            }
            let Some(command) = inner.trim_end().strip_prefix("$ ") else {
                continue;
            };
            out.push_str(inner);
            if command == "echo $?" {
                out.push_str(&format!("{last_code}\n"));
                continue;
            }
            let (text, code) = run(command);
            out.push_str(&text);
            last_code = code;
            commands += 1;
        }
    }
    (out, commands)
}

/// The one figure that differs between runs: the solver's run time, compared as `<time>` (a
/// bless run writes the real figure). Plans, bounds and gaps are compared exactly: every
/// limit inside the solver counts work, not time.
fn mask_times(text: &str) -> String {
    let rules = [
        (r"solved in [0-9.]+s", "solved in <time>"),
        (
            r#""solve_seconds": [0-9.eE+-]+"#,
            r#""solve_seconds": <time>"#,
        ),
    ];
    let mut text = text.to_string();
    for (pattern, with) in rules {
        let re = regex_lite::Regex::new(pattern).expect("regex");
        text = re.replace_all(&text, with).into_owned();
    }
    text
}

#[test]
fn sample_outputs_are_current() {
    let bless = std::env::var_os("KPLAN_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let mut stale = Vec::new();
    let mut total = 0;
    for file in doc_files() {
        let text = std::fs::read_to_string(&file).expect("readable");
        let (current, commands) = render(&text);
        total += commands;
        if mask_times(&current) == mask_times(&text) {
            continue;
        }
        if bless {
            std::fs::write(&file, current).expect("doc written");
        } else {
            let first = text
                .lines()
                .zip(current.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            stale.push(format!("{}: line {}", file.display(), first + 1));
        }
    }
    assert!(total >= 10, "{total} sample commands");
    assert!(
        stale.is_empty(),
        "stale sample outputs (regenerate: KPLAN_BLESS=1 cargo test --test it docs):\n{}",
        stale.join("\n")
    );
}

#[test]
fn command_lines_split_like_a_shell() {
    assert_eq!(
        words("kplan pods 'm6g.*' --sort price"),
        ["kplan", "pods", "m6g.*", "--sort", "price"]
    );
    assert_eq!(words("a \"b c\" ''"), ["a", "b c", ""]);
}
