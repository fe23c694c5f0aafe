//! Regenerates the embedded catalog `data/catalog.jsonl` from `data/sources/`.
//!
//! `cargo run --example gen_catalog` (add `--release` for a meaningful parse timing). Optional
//! arguments: a sources directory and an output file. The file is written atomically (a
//! temporary file in the same directory, then a rename).

use anyhow::{Context, Result};
use kplan::catalog::{Catalog, generate};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args_os().skip(1);
    let sources = args
        .next()
        .map_or_else(|| root.join("data/sources"), PathBuf::from);
    let out = args
        .next()
        .map_or_else(|| root.join("data/catalog.jsonl"), PathBuf::from);

    let files = generate::read_sources(&sources)?;
    let catalog = generate::generate(&files)?;
    let text = catalog.to_jsonl();
    write_atomically(&out, text.as_bytes())?;

    // How long the binary will spend parsing it (median of 21 runs).
    let mut times: Vec<f64> = (0..21)
        .map(|_| {
            let start = Instant::now();
            let parsed = Catalog::parse(&text).expect("the generated catalog parses");
            std::hint::black_box(parsed);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    eprintln!(
        "wrote {}: {} types, {} bytes, {} decisions; parse {:.2} ms (median, {} build)",
        out.display(),
        catalog.types.len(),
        text.len(),
        catalog.header.decisions.len(),
        times[times.len() / 2],
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file path", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp.{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
