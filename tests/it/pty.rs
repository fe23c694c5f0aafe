//! Tables on a real terminal: kplan runs under a pseudo-terminal of 80, 120 and 200 columns
//! (python3's `pty` module makes it the child's controlling terminal, so kplan asks the
//! terminal for its size as it would on a laptop). Every line must fit the width and every
//! cell on the screen must be a whole value (or whole words of one) of the same table printed
//! to a pipe: a split word or number (`m5.larg|e`, `8,1|92`) fails.

use crate::util::{code, kplan, stdout};
use std::collections::BTreeSet;
use std::process::Command;

/// Runs argv[3:] with a pty of argv[1] columns and argv[2] rows as its controlling terminal on
/// stdin, stdout and stderr; prints everything the child wrote; exits with its code.
const PTY_RUNNER: &str = r#"
import fcntl, os, pty, struct, subprocess, sys, termios
cols, rows = int(sys.argv[1]), int(sys.argv[2])
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
def controlling():
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
child = subprocess.Popen(sys.argv[3:], stdin=slave, stdout=slave, stderr=slave,
                         preexec_fn=controlling, close_fds=True)
os.close(slave)
out = bytearray()
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
sys.stdout.buffer.write(bytes(out))
sys.exit(child.wait())
"#;

/// The screen kplan prints on a terminal of `cols` columns (ANSI sequences and `\r` removed).
fn screen(cols: usize, args: &[&str], color: bool) -> String {
    let mut cmd = Command::new("python3");
    cmd.arg("-c")
        .arg(PTY_RUNNER)
        .arg(cols.to_string())
        .arg("50")
        .arg(env!("CARGO_BIN_EXE_kplan"))
        .args(args)
        .env_remove("KPLAN_CATALOG")
        .env_remove("COLUMNS")
        .env("TERM", "xterm-256color");
    if color {
        cmd.env_remove("NO_COLOR");
    } else {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().expect("python3 runs (the pty test needs it)");
    let raw = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "kplan {args:?} under a pty:\n{raw}"
    );
    strip_ansi(&raw).replace('\r', "")
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The cells (headers and values) of the Markdown table kplan prints to a pipe.
fn reference_cells(args: &[&str]) -> BTreeSet<String> {
    let out = kplan(args);
    assert_eq!(code(&out), 0, "{args:?}");
    stdout(&out)
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|-"))
        .flat_map(|l| l.split('|').map(|c| c.trim().to_string()))
        .filter(|c| !c.is_empty())
        .collect()
}

/// A screen cell is whole when it is a reference cell or a run of its whole words.
fn is_whole(cell: &str, reference: &BTreeSet<String>) -> bool {
    let cell = format!(" {cell} ");
    reference.iter().any(|r| format!(" {r} ").contains(&cell))
}

fn check(args: &[&str], must_show: &[&str]) {
    let reference = reference_cells(args);
    for cols in [80, 120, 200] {
        for color in [false, true] {
            let text = screen(cols, args, color);
            for line in text.lines() {
                assert!(
                    line.chars().count() <= cols,
                    "{cols} columns: a line of {} in\n{text}",
                    line.chars().count()
                );
                if !line.contains('│') {
                    continue;
                }
                for cell in line
                    .split(['│', '┆'])
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    assert!(
                        is_whole(cell, &reference),
                        "{cols} columns: `{cell}` is not a whole cell in\n{text}"
                    );
                }
            }
            for value in must_show {
                assert!(
                    text.lines()
                        .any(|l| l.split(['│', '┆']).any(|c| c.trim() == *value)),
                    "{cols} columns: `{value}` not shown whole in\n{text}"
                );
            }
            if cols == 200 && !color {
                // The captured screens, for `cargo test -- --nocapture`.
                println!("kplan {} at {cols} columns:\n{text}", args.join(" "));
            }
        }
    }
}

#[test]
fn pods_table_fits_80_120_200_columns() {
    check(
        &["pods", "m5.large", "c5.xlarge", "r6g.2xlarge"],
        &["m5.large", "c5.xlarge", "r6g.2xlarge", "8,192", "0.0960"],
    );
}

#[test]
fn catalog_list_fits_80_120_200_columns() {
    check(
        &["catalog", "list", "--family", "m7i", "--limit", "4"],
        &["m7i.large", "m7i.xlarge"],
    );
}

#[test]
fn subnet_size_fits_80_120_200_columns() {
    check(
        &[
            "subnet",
            "size",
            "m5.large=30",
            "--pods-per-node",
            "20",
            "--surge",
            "25%",
            "--control-plane",
        ],
        &["m5.large", "spread", "1,019", "39.8%"],
    );
}

#[test]
fn fit_table_fits_80_120_200_columns() {
    check(&["fit", "tests/fixtures/small-pods.yaml"], &[]);
}
