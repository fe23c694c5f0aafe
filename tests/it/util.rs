//! Helpers: run the built `kplan` with a fixed environment.

use std::process::Output;

/// Runs `kplan` with these arguments, NO_COLOR set and no catalog override.
pub fn kplan(args: &[&str]) -> Output {
    kplan_with_stdin(args, "")
}

/// Runs `kplan` with these arguments and this standard input.
pub fn kplan_with_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kplan"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("KPLAN_CATALOG")
        .env("COLUMNS", "200")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kplan runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("kplan finishes");
    crate::schema::check(args, &out.stdout);
    out
}

/// Standard output as text (a JSON document checked against its committed schema, for the
/// tests that run kplan with their own `Command`).
pub fn stdout(o: &Output) -> String {
    crate::schema::check(&[], &o.stdout);
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code (panics on a signal, which is itself a test failure).
pub fn code(o: &Output) -> i32 {
    o.status
        .code()
        .expect("kplan exited with a code, not a signal")
}
