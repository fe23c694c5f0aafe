//! `cargo bench --bench pods`: whole-process timings of `kplan pods` and the catalog parse time.
//!
//! Each command runs many times; the report gives the median and the 90th percentile.
//! Targets (issue 2): `kplan pods m5.large` median < 5 ms, `kplan pods '*' -o json` < 50 ms.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn median_p90(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let m = samples[samples.len() / 2];
    let p90 = samples[(samples.len() * 9) / 10];
    (m, p90)
}

fn time_process(args: &[&str], runs: usize) -> (Duration, Duration) {
    let exe = env!("CARGO_BIN_EXE_kplan");
    // Warm the page cache and check the command works.
    let status = Command::new(exe)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("kplan runs");
    assert!(status.success(), "kplan {args:?} failed");
    let samples = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let s = Command::new(exe)
                .args(args)
                .stdout(Stdio::null())
                .env("NO_COLOR", "1")
                .status()
                .expect("runs");
            let d = t.elapsed();
            assert!(s.success());
            d
        })
        .collect();
    median_p90(samples)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    // `cargo bench` passes --bench; ignore arguments.
    let parse: Vec<Duration> = (0..50)
        .map(|_| {
            let t = Instant::now();
            let c = kplan::catalog::Catalog::embedded().expect("embedded catalog parses");
            let d = t.elapsed();
            assert!(!c.types.is_empty());
            d
        })
        .collect();
    let (pm, pp) = median_p90(parse);
    println!("{:<40} {:>12} {:>12}", "benchmark", "median", "p90");
    println!(
        "{:<40} {:>12} {:>12}",
        "catalog parse (in process, 50 runs)",
        ms(pm),
        ms(pp)
    );
    let null = time_process(&["--version"], 200);
    println!(
        "{:<40} {:>12} {:>12}",
        "kplan --version (200 runs)",
        ms(null.0),
        ms(null.1)
    );
    for (label, args, runs) in [
        (
            "kplan pods m5.large (200 runs)",
            vec!["pods", "m5.large"],
            200,
        ),
        (
            "kplan pods m5.large -o json (200 runs)",
            vec!["pods", "m5.large", "-o", "json"],
            200,
        ),
        ("kplan pods 'm6i.*' (200 runs)", vec!["pods", "m6i.*"], 200),
        (
            "kplan pods '*' -o json (50 runs)",
            vec!["pods", "*", "-o", "json"],
            50,
        ),
        ("kplan pods '*' (50 runs)", vec!["pods", "*"], 50),
    ] {
        let (m, p) = time_process(&args, runs);
        println!("{label:<40} {:>12} {:>12}", ms(m), ms(p));
    }
}
