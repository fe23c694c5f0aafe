//! Layers point down: the domain (catalog, pods, subnet, fit, workload, aws and the leaf
//! helpers) never names `commands`, `cli`, `output` or `exit`; the renderers (`output`) never
//! name `commands` or `cli`. Scans every file under `src/` for `crate::<module>` paths,
//! including grouped imports (`use crate::{cli, output::Style}`).

use std::path::{Path, PathBuf};

/// Top-level modules of the command layer, which the domain must not use.
const INTERFACE: &[&str] = &["commands", "cli", "output", "exit"];

/// The modules a file may not use, from where it sits under `src/`.
fn forbidden(rel: &Path) -> &'static [&'static str] {
    let first = rel
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or_default();
    let module = first.strip_suffix(".rs").unwrap_or(first);
    match module {
        "main" | "lib" | "commands" | "cli" | "exit" => &[],
        "output" => &["commands", "cli"],
        _ => INTERFACE,
    }
}

/// The top-level crate modules a source text names: `crate::x` and `crate::{x, y::z}`.
fn crate_modules(text: &str) -> Vec<(usize, String)> {
    let path = regex_lite::Regex::new(r"\bcrate::([a-z_][a-z0-9_]*)").expect("regex");
    let group = regex_lite::Regex::new(r"\bcrate::\{([^}]*)\}").expect("regex");
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for c in path.captures_iter(code) {
            found.push((n + 1, c[1].to_string()));
        }
        for c in group.captures_iter(code) {
            for item in c[1].split(',') {
                let name = item.trim().split("::").next().unwrap_or_default().trim();
                if !name.is_empty() {
                    found.push((n + 1, name.to_string()));
                }
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_domain_never_imports_the_command_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 50, "{} files under src/", files.len());
    let mut violations = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let banned = forbidden(rel);
        let text = std::fs::read_to_string(file).expect("readable");
        for (line, module) in crate_modules(&text) {
            if banned.contains(&module.as_str()) {
                violations.push(format!("src/{}:{line} uses crate::{module}", rel.display()));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "lower layers import higher ones:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_scanner_sees_paths_and_groups() {
    let text = "use crate::commands::pods::parse_memory_mib;\n\
                use crate::{catalog, output::thousands};\n\
                // crate::cli in a comment is fine\n\
                let x = crate::exit::USAGE;\n";
    let found: Vec<String> = crate_modules(text)
        .into_iter()
        .map(|(n, m)| format!("{n}:{m}"))
        .collect();
    assert_eq!(found, ["1:commands", "2:catalog", "2:output", "4:exit"]);
    assert_eq!(forbidden(Path::new("fit/model.rs")), INTERFACE);
    assert_eq!(forbidden(Path::new("output/table.rs")), ["commands", "cli"]);
    assert!(forbidden(Path::new("commands/fit.rs")).is_empty());
}
