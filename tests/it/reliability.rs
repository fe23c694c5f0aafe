//! Reliability: hostile inputs and faults. Every case runs the real `kplan` as a child process
//! under a wall-clock limit and asserts its exit code, a clear message on stderr (one line
//! unless it is clap's usage error), and bounded time and peak memory (VmHWM from
//! /proc/PID/status, sampled every 2 ms while the child runs).
//!
//! Classes: writes (atomic catalog replacement, interruptions), secrets, bounds (size, depth,
//! time, memory), messages. Network cases talk only to servers started here on 127.0.0.1,
//! with AWS_EC2_METADATA_DISABLED=true and dummy credentials.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run did.
#[derive(Debug)]
struct Run {
    /// Exit code, or `None` when a signal ended it.
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    /// Peak resident set size seen, in MiB.
    peak_mib: u64,
}

/// Peak RSS so far of a running process (VmHWM), in KiB.
fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reads a pipe to the end, keeping at most 1 MiB.
fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = r.read(&mut buf) {
            if n == 0 {
                break;
            }
            if kept.len() < 1 << 20 {
                kept.extend_from_slice(&buf[..n]);
            }
        }
        String::from_utf8_lossy(&kept).into_owned()
    })
}

/// Runs `cmd` to the end (killed, and the test failed, after `limit`), measuring it.
fn measure(mut cmd: Command, limit: Duration) -> Run {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kplan runs");
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let mut peak = 0;
    let status = loop {
        if let Some(k) = vm_hwm_kib(child.id()) {
            peak = peak.max(k);
        }
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{cmd:?} still running after {limit:?} (killed); stderr so far: {}",
                err.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Run {
        code: status.code(),
        elapsed: start.elapsed(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        peak_mib: peak / 1024,
    }
}

/// `kplan ARGS` with a clean environment (no AWS config, no IMDS, no catalog override).
fn kplan_cmd(args: &[&str], home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kplan"));
    c.args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.join("no-aws-credentials"),
        )
        .env("AWS_MAX_ATTEMPTS", "1");
    c
}

/// The limits every hostile case must keep.
const FAST: Duration = Duration::from_secs(5);
const PEAK_MIB: u64 = 300;

/// Asserts exit `code`, a one-line `kplan:` message containing each of `needles`, under 5 s
/// and [`PEAK_MIB`]; returns the message.
#[track_caller]
fn assert_fails(r: &Run, code: i32, needles: &[&str]) -> String {
    let msg = r.stderr.trim_end();
    assert_eq!(r.code, Some(code), "exit code; stderr: {msg}");
    assert!(
        msg.starts_with("kplan: ") && !msg.contains('\n'),
        "one line on stderr, got: {msg:?}"
    );
    for n in needles {
        assert!(msg.contains(n), "stderr lacks {n:?}: {msg}");
    }
    assert!(!msg.contains('\x1b'), "no escape sequence: {msg:?}");
    assert!(r.elapsed < FAST, "took {:?}: {msg}", r.elapsed);
    assert!(r.peak_mib < PEAK_MIB, "peak RSS {} MiB: {msg}", r.peak_mib);
    println!(
        "ok: exit {code} in {} ms, peak {} MiB: {msg}",
        r.elapsed.as_millis(),
        r.peak_mib
    );
    msg.to_string()
}

/// A fresh directory under the target dir.
fn scratch(name: &str) -> PathBuf {
    let d =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("rel-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

fn run(args: &[&str], home: &Path) -> Run {
    measure(kplan_cmd(args, home), Duration::from_secs(60))
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo")
        .arg(p)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {} (coreutils) works", p.display());
}

// ---- bounds: size, depth, devices, FIFOs --------------------------------------------------

#[test]
fn deep_nesting_fails_fast() {
    let dir = scratch("deep");
    let flow = dir.join("flow.yaml");
    std::fs::write(
        &flow,
        format!(
            "workloads:\n  - name: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    )
    .unwrap();
    let r = run(&["fit", flow.to_str().unwrap()], &dir);
    assert_fails(
        &r,
        2,
        &["flow.yaml", "nested deeper than 256 levels at line 2"],
    );
    let block = dir.join("block.yaml");
    std::fs::write(&block, format!("workloads:\n{}x\n", "- ".repeat(100_000))).unwrap();
    let r = run(&["fit", block.to_str().unwrap()], &dir);
    assert_fails(&r, 2, &["block.yaml", "nested deeper"]);
    // A manifest directory and a subnet plan go through the same reader.
    let plan = dir.join("plan.json");
    std::fs::write(&plan, "[".repeat(100_000)).unwrap();
    let r = run(
        &[
            "subnet",
            "check",
            "--cidr",
            "10.0.0.0/24",
            "--plan",
            plan.to_str().unwrap(),
        ],
        &dir,
    );
    assert_fails(&r, 2, &["plan.json", "nested deeper"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn dev_zero_as_input_and_as_catalog_fails_fast() {
    let dir = scratch("zero");
    let r = run(&["fit", "/dev/zero"], &dir);
    assert_fails(&r, 2, &["/dev/zero", "binary data"]);
    let r = run(&["--catalog", "/dev/zero", "pods", "m5.large"], &dir);
    assert_fails(&r, 2, &["catalog", "/dev/zero", "binary data"]);
    let r = measure(
        {
            let mut c = kplan_cmd(&["pods", "m5.large"], &dir);
            c.env("KPLAN_CATALOG", "/dev/zero");
            c
        },
        FAST,
    );
    assert_fails(&r, 2, &["/dev/zero"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn oversized_input_is_refused_before_reading() {
    let dir = scratch("big");
    let big = dir.join("big.yaml");
    // Sparse: 65 MiB on paper, nothing on disk.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let r = run(&["fit", big.to_str().unwrap()], &dir);
    assert_fails(&r, 2, &["big.yaml", "larger than 64 MiB"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_fifo_in_a_directory_input_is_skipped_not_waited_on() {
    let dir = scratch("fifo");
    let manifests = dir.join("manifests");
    std::fs::create_dir_all(&manifests).unwrap();
    std::fs::write(
        manifests.join("a.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: web\n          resources:\n            requests:\n              cpu: 500m\n              memory: 1Gi\n",
    )
    .unwrap();
    mkfifo(&manifests.join("b.yaml"));
    // The walk reads regular files only: the FIFO is skipped with a note (never opened, so
    // nothing waits on a writer) and the plan comes from a.yaml.
    let r = run(&["fit", manifests.to_str().unwrap()], &dir);
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert!(r.elapsed < Duration::from_secs(5), "{:?}", r.elapsed);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains("b.yaml: not a regular file (a FIFO, socket or device), skipped"),
        "{all}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn huge_names_are_refused_or_cut() {
    let dir = scratch("names");
    // A 1 MiB workload name: refused with its length, not echoed whole. (The YAML parser, a
    // dependency built without optimization in test builds, needs about 1.5 s per 1 MB scalar.)
    let f = dir.join("w.yaml");
    let name = "n".repeat(1024 * 1024);
    std::fs::write(
        &f,
        format!("workloads:\n  - name: {name}\n    replicas: 1\n    cpu: 1\n    memory: 1Gi\n"),
    )
    .unwrap();
    let r = run(&["fit", f.to_str().unwrap()], &dir);
    let msg = assert_fails(
        &r,
        2,
        &["workloads[0].name", "1048576 characters", "at most 253"],
    );
    assert!(msg.len() < 400, "{}", msg.len());
    // A 100 KB unknown instance type: "did you mean" on a bounded prefix, the value cut.
    let long = format!("m5.large{}", "x".repeat(100_000));
    let r = run(&["pods", &long], &dir);
    let msg = assert_fails(&r, 2, &["unknown instance type", "…"]);
    assert!(msg.len() < 600, "{}", msg.len());
    // A catalog file with a 10 MB type name: the table cell is cut, rendering stays fast.
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/catalog-sample.jsonl"
    ))
    .unwrap();
    let mut lines: Vec<String> = sample.lines().map(String::from).collect();
    let big = format!("zz{}.large", "z".repeat(10 * 1024 * 1024));
    let rec = lines.last().unwrap().clone();
    let old_name = rec
        .split("\"name\": \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    lines.push(rec.replace(
        &format!("\"name\": \"{old_name}\""),
        &format!("\"name\": \"{big}\""),
    ));
    let cat = dir.join("huge-name.jsonl");
    std::fs::write(&cat, lines.join("\n") + "\n").unwrap();
    let r = run(
        &["--catalog", cat.to_str().unwrap(), "catalog", "list"],
        &dir,
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.elapsed < FAST, "catalog list took {:?}", r.elapsed);
    assert!(r.stdout.len() < 100_000, "{} bytes", r.stdout.len());
    let cut = format!("… ({} characters)", big.chars().count());
    assert!(r.stdout.contains(&cut), "cut cell");
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- messages ------------------------------------------------------------------------------

#[test]
fn control_characters_in_echoed_input_are_escaped() {
    let dir = scratch("ctl");
    let r = run(&["pods", "m5.large\x1b[2J\x1b]0;owned\x07"], &dir);
    let msg = assert_fails(&r, 2, &["m5.large\\e[2J"]);
    assert!(!msg.contains('\x07'));
    let f = dir.join("w.yaml");
    std::fs::write(
        &f,
        "workloads:\n  - name: \"web\\e[31m\"\n    replicas: 1\n    cpu: 1\n    memory: 1Gi\n",
    )
    .unwrap();
    let r = run(&["fit", f.to_str().unwrap()], &dir);
    assert_fails(
        &r,
        2,
        &["workloads[0].name", "control characters", "\\e[31m"],
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn yaml_errors_in_a_workload_file_come_from_the_parser_with_line_and_column() {
    let dir = scratch("yaml");
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "dup.yaml",
            "workloads:\n  - name: web\n    name: api\n    replicas: 1\n    cpu: 1\n    memory: 1Gi\n",
            &["dup.yaml", "duplicate field `name`", "line 2 column 5"],
        ),
        (
            "overflow.yaml",
            "workloads:\n  - name: web\n    replicas: 99999999999999999999\n    cpu: 1\n    memory: 1Gi\n",
            &["overflow.yaml", "replicas", "line 3"],
        ),
        (
            "syntax.yaml",
            "workloads:\n  - name: web\n   replicas: [1\n",
            &["syntax.yaml", "workloads[0]", "line 2 column 5"],
        ),
    ];
    for (name, text, needles) in cases {
        let f = dir.join(name);
        std::fs::write(&f, text).unwrap();
        let r = run(&["fit", f.to_str().unwrap()], &dir);
        let msg = assert_fails(&r, 2, needles);
        assert!(!msg.contains("not a Kubernetes object"), "{msg}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_are_clap_s_full_message_with_suggestions() {
    let dir = scratch("usage");
    for (args, tip) in [
        (&["pod", "m5.large"][..], "pods"),
        (
            &["pods", "--prefix-delgation", "m5.large"][..],
            "--prefix-delegation",
        ),
    ] {
        let r = run(args, &dir);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("kplan: "), "{}", r.stderr);
        assert!(r.stderr.contains(tip), "no suggestion {tip}: {}", r.stderr);
        assert!(r.stderr.contains("Usage: "), "no usage line: {}", r.stderr);
        assert!(r.elapsed < FAST);
    }
    // A 100 KB bad value is cut in the message.
    let long = "9".repeat(100_000);
    let r = run(&["pods", "--max-pods", &long, "m5.large"], &dir);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.len() < 2000, "{} bytes", r.stderr.len());
    assert!(r.stderr.contains('…'), "{}", r.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- catalog update: writes, secrets, network bounds (feature `aws`) -------------------

#[cfg(feature = "aws")]
mod update {
    use super::*;
    use crate::catalog::moto;
    use std::io::{BufRead, BufReader, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::mpsc;

    const SAMPLE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/catalog-sample.jsonl"
    );
    /// Credential markers: none may appear in any output or file.
    const KEY_ID: &str = "AKIAKPLANMARKER12345";
    const SECRET: &str = "kplanSecretMarker/abcdefghij0123456789XYZ";
    const TOKEN: &str = "kplanSessionTokenMarker0123456789abcdefghijklmnopqrstuvwxyz";
    const PASSWORD: &str = "kplanPasswordMarker";

    fn update_cmd(home: &Path, args: &[&str]) -> Command {
        let mut all = vec!["catalog", "update"];
        all.extend_from_slice(args);
        let mut c = kplan_cmd(&all, home);
        c.env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", TOKEN);
        c
    }

    /// `catalog update --out OUT` against a closed loopback port (nothing listens on port 9).
    fn unreachable_update(home: &Path, out: &Path) -> Run {
        let args = [
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--region",
            "us-east-1",
            "--out",
            out.to_str().unwrap(),
            "--timeout",
            "2",
        ];
        measure(update_cmd(home, &args), FAST)
    }

    /// Reads one HTTP request head and body; returns them as text.
    fn read_request(stream: &TcpStream) -> Option<String> {
        let mut reader = BufReader::new(stream.try_clone().ok()?);
        let mut head = String::new();
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).ok()? == 0 {
                return None;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap_or(0);
            }
            head.push_str(&line);
            if line.trim_end().is_empty() {
                break;
            }
        }
        let mut body = vec![0u8; len];
        reader.read_exact(&mut body).ok()?;
        Some(head + &String::from_utf8_lossy(&body))
    }

    /// A loopback server: `answer(stream, request)` for each connection, on its own thread.
    fn serve(
        answer: impl Fn(&mut TcpStream, &str) + Send + Sync + 'static,
    ) -> (String, mpsc::Receiver<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = mpsc::channel();
        let answer = std::sync::Arc::new(answer);
        std::thread::spawn(move || {
            for s in listener.incoming() {
                let Ok(mut s) = s else { return };
                let (tx, answer) = (tx.clone(), answer.clone());
                std::thread::spawn(move || {
                    if let Some(req) = read_request(&s) {
                        let _ = tx.send(req.clone());
                        answer(&mut s, &req);
                    }
                });
            }
        });
        (url, rx)
    }

    /// Asserts no credential marker in these texts.
    #[track_caller]
    fn assert_no_secret(texts: &[&str]) {
        for t in texts {
            for m in [
                KEY_ID,
                SECRET,
                TOKEN,
                PASSWORD,
                "kplanSecretMarker",
                "kplanSessionToken",
            ] {
                assert!(!t.contains(m), "{m} leaked in: {t}");
            }
        }
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn an_endless_body_is_cut_at_the_size_limit() {
        let dir = scratch("endless");
        let (url, _rx) = serve(|s, _| {
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n",
            );
            let chunk = format!(
                "{:x}\r\n{}\r\n",
                65536,
                &"<a>".repeat(65536 / 3 + 1)[..65536]
            );
            while s.write_all(chunk.as_bytes()).is_ok() {}
        });
        let out = dir.join("c.jsonl");
        let r = measure(
            update_cmd(
                &dir,
                &[
                    "--endpoint-url",
                    &url,
                    "--region",
                    "us-east-1",
                    "--out",
                    out.to_str().unwrap(),
                ],
            ),
            FAST,
        );
        assert_fails(&r, 2, &["ec2:DescribeInstanceTypes", "larger than 32 MiB"]);
        assert!(!out.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_dripping_or_silent_endpoint_hits_the_timeout() {
        let dir = scratch("drip");
        let out = dir.join("c.jsonl");
        // One byte a second: headers arrive, the body never completes.
        let (drip, _rx1) = serve(|s, _| {
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n",
            );
            for _ in 0..600 {
                if s.write_all(b"<").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        });
        // Accepts, reads the request, never answers.
        let (silent, _rx2) = serve(|_, _| std::thread::sleep(Duration::from_secs(600)));
        for url in [drip, silent] {
            let r = measure(
                update_cmd(
                    &dir,
                    &[
                        "--endpoint-url",
                        &url,
                        "--region",
                        "us-east-1",
                        "--out",
                        out.to_str().unwrap(),
                        "--timeout",
                        "2",
                    ],
                ),
                FAST,
            );
            assert_fails(&r, 2, &["--timeout", "nothing written"]);
            assert!(r.elapsed >= Duration::from_secs(2), "{:?}", r.elapsed);
        }
        assert!(!out.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_reflecting_endpoint_does_not_make_kplan_print_credentials() {
        let dir = scratch("reflect");
        // The error message echoes the whole request: headers (SigV4 Authorization with the
        // key id, X-Amz-Security-Token) and body, newlines included.
        let (url, rx) = serve(|s, req| {
            let xml = format!(
                "<?xml version=\"1.0\"?>\n<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>you sent:\n{}\nkey {KEY_ID} secret {SECRET}</Message></Error></Errors><RequestID>r</RequestID></Response>",
                req.replace('&', "&amp;").replace('<', "&lt;")
            );
            let _ = write!(
                s,
                "HTTP/1.1 400 Bad Request\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{xml}",
                xml.len()
            );
        });
        let out = dir.join("c.jsonl");
        let r = measure(
            update_cmd(
                &dir,
                &[
                    "--endpoint-url",
                    &url,
                    "--region",
                    "us-east-1",
                    "--out",
                    out.to_str().unwrap(),
                ],
            ),
            FAST,
        );
        let req = rx.recv_timeout(FAST).expect("a request");
        assert!(
            req.contains(KEY_ID) && req.contains(TOKEN),
            "the request carried them: {req}"
        );
        let msg = assert_fails(&r, 2, &["InvalidParameterValue", "you sent:"]);
        assert!(msg.len() < 1000, "bounded: {}", msg.len());
        assert_no_secret(&[&r.stdout, &r.stderr]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn profile_credentials_win_over_the_environment() {
        let dir = scratch("profile");
        let creds = dir.join("credentials");
        std::fs::write(
            &creds,
            "[prod]\naws_access_key_id = AKIAPROFILEKEY000001\naws_secret_access_key = profilesecret\n",
        )
        .unwrap();
        let (url, rx) = serve(|s, _| {
            let xml = "<Response><Errors><Error><Code>AuthFailure</Code><Message>no</Message></Error></Errors></Response>";
            let _ = write!(
                s,
                "HTTP/1.1 401 Unauthorized\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{xml}",
                xml.len()
            );
        });
        let out = dir.join("c.jsonl");
        let args = [
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--out",
            out.to_str().unwrap(),
        ];
        let mut with_profile = args.to_vec();
        with_profile.extend(["--profile", "prod"]);
        for (flags, key) in [
            (&with_profile[..], "AKIAPROFILEKEY000001"),
            (&args[..], KEY_ID),
        ] {
            let mut c = update_cmd(&dir, flags);
            c.env("AWS_SHARED_CREDENTIALS_FILE", &creds);
            let r = measure(c, FAST);
            assert_fails(&r, 2, &["rejected the credentials"]);
            let req = rx.recv_timeout(FAST).expect("a request");
            assert!(
                req.contains(&format!("Credential={key}/")),
                "signed with {key}: {req}"
            );
            assert_no_secret(&[&r.stdout, &r.stderr]);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_endpoint_urls_and_out_targets_are_refused_before_any_call() {
        let dir = scratch("targets");
        let r = run(
            &[
                "catalog",
                "update",
                "--endpoint-url",
                "not a url",
                "--region",
                "us-east-1",
                "--out",
                dir.join("c.jsonl").to_str().unwrap(),
            ],
            &dir,
        );
        assert_fails(&r, 2, &["--endpoint-url 'not a url'", "not an http"]);
        let fifo = dir.join("fifo.jsonl");
        mkfifo(&fifo);
        let r = run(
            &[
                "catalog",
                "update",
                "--region",
                "us-east-1",
                "--out",
                fifo.to_str().unwrap(),
            ],
            &dir,
        );
        assert_fails(&r, 2, &["--out", "FIFO", "nothing written"]);
        let r = run(
            &[
                "catalog",
                "update",
                "--region",
                "us-east-1",
                "--out",
                "/dev/null",
            ],
            &dir,
        );
        assert_fails(&r, 2, &["--out /dev/null", "a device"]);
        let r = run(
            &[
                "catalog",
                "update",
                "--region",
                "us-east-1",
                "--out",
                dir.to_str().unwrap(),
            ],
            &dir,
        );
        assert_fails(&r, 2, &["a directory"]);
        let dangling = dir.join("dangling.jsonl");
        std::os::unix::fs::symlink(dir.join("missing/x.jsonl"), &dangling).unwrap();
        let r = run(
            &[
                "catalog",
                "update",
                "--region",
                "us-east-1",
                "--out",
                dangling.to_str().unwrap(),
            ],
            &dir,
        );
        assert_fails(&r, 2, &["symlink", "nothing written"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_url_password_is_neither_printed_nor_stored_and_symlinks_are_followed_openly() {
        let dir = scratch("password");
        let real = dir.join("real.jsonl");
        std::fs::copy(SAMPLE, &real).unwrap();
        let link = dir.join("link.jsonl");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let moto = moto::start();
        let url = moto
            .url()
            .replace("http://", &format!("http://kpuser:{PASSWORD}@"));
        let r = measure(
            update_cmd(
                &dir,
                &[
                    "--endpoint-url",
                    &url,
                    "--region",
                    "us-east-1",
                    "--out",
                    link.to_str().unwrap(),
                    "--no-pricing",
                ],
            ),
            Duration::from_secs(120),
        );
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let written = std::fs::read_to_string(&real).unwrap();
        assert_no_secret(&[&r.stdout, &r.stderr, &written]);
        assert!(
            written.contains(&moto.url()),
            "the endpoint without userinfo is recorded"
        );
        assert!(
            r.stderr
                .contains("user:password part of --endpoint-url is dropped"),
            "{}",
            r.stderr
        );
        assert!(
            r.stdout.contains(&format!(
                "wrote {} (through the symlink {})",
                real.display(),
                link.display()
            )),
            "{}",
            r.stdout
        );
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "link kept"
        );
        assert_eq!(files_in(&dir), ["link.jsonl", "real.jsonl"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The signal sent to kplan.
    #[derive(Clone, Copy, Debug)]
    enum Sig {
        Kill,
        Term,
        Int,
    }

    fn send(child: &mut std::process::Child, sig: Sig) {
        match sig {
            Sig::Kill => child.kill().expect("kill -9"),
            Sig::Term | Sig::Int => {
                let name = if matches!(sig, Sig::Term) {
                    "-TERM"
                } else {
                    "-INT"
                };
                let ok = Command::new("kill")
                    .args([name, &child.id().to_string()])
                    .status()
                    .is_ok_and(|s| s.success());
                assert!(ok, "kill {name}");
            }
        }
    }

    #[test]
    fn kill_9_and_sigterm_at_several_points_leave_the_previous_file_and_no_temp() {
        let dir = scratch("signals");
        let out = dir.join("catalog.jsonl");
        let previous = std::fs::read(SAMPLE).unwrap();
        let moto = moto::start();
        let url = moto.url();
        let args = |out: &Path| -> Vec<String> {
            [
                "--endpoint-url",
                url.as_str(),
                "--region",
                "us-east-1",
                "--zones",
                "--no-pricing",
                "--out",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain([out.display().to_string()])
            .collect()
        };
        // How long a whole refresh takes here, to place the signals.
        std::fs::write(&out, &previous).unwrap();
        let a = args(&out);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let full = measure(update_cmd(&dir, &a), Duration::from_secs(120));
        assert_eq!(full.code, Some(0), "{}", full.stderr);
        let t = full.elapsed;
        println!("a full refresh against moto: {} ms", t.as_millis());
        let mut interrupted = 0;
        let mut completed = 0;
        let points = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9];
        for sig in [Sig::Kill, Sig::Term, Sig::Int] {
            for (i, f) in points.iter().chain([&-1.0]).enumerate() {
                std::fs::write(&out, &previous).unwrap();
                let mut c = update_cmd(&dir, &a);
                let mut child = c
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                if *f >= 0.0 {
                    std::thread::sleep(t.mul_f64(*f));
                } else {
                    // The moment a temp file appears (the write itself), if we see it.
                    let t0 = Instant::now();
                    while t0.elapsed() < t * 2
                        && !files_in(&dir).iter().any(|n| n.contains(".tmp-"))
                        && child.try_wait().unwrap().is_none()
                    {
                        std::thread::sleep(Duration::from_micros(200));
                    }
                }
                send(&mut child, sig);
                let o = child.wait_with_output().unwrap();
                let now = std::fs::read(&out).unwrap();
                let point = format!("{sig:?} at point {i} ({f})");
                let left: Vec<String> = files_in(&dir)
                    .into_iter()
                    .filter(|n| n.contains(".tmp-"))
                    .collect();
                if o.status.success() {
                    // Finished before the signal: the new catalog, whole.
                    completed += 1;
                    let text = String::from_utf8(now).unwrap();
                    kplan::catalog::Catalog::parse(&text)
                        .unwrap_or_else(|e| panic!("{point}: {e:#}"));
                    assert!(left.is_empty(), "{point}: {left:?}");
                    continue;
                }
                interrupted += 1;
                assert!(now == previous, "{point}: the previous file changed");
                match sig {
                    Sig::Kill => {
                        // Nothing can run on SIGKILL; the next run removes what it left.
                        let r = unreachable_update(&dir, &out);
                        assert_eq!(r.code, Some(2), "{}", r.stderr);
                    }
                    Sig::Term | Sig::Int => {
                        let code = if matches!(sig, Sig::Term) { 143 } else { 130 };
                        let err = String::from_utf8_lossy(&o.stderr);
                        // Killed by the default action only if the signal came before kplan
                        // started catching (the first milliseconds); else kplan's own exit.
                        if let Some(c) = o.status.code() {
                            assert_eq!(c, code, "{point}: {err}");
                            assert!(err.contains("interrupted by SIG"), "{point}: {err}");
                            assert!(err.contains("nothing written"), "{point}: {err}");
                        }
                    }
                }
                assert_eq!(std::fs::read(&out).unwrap(), previous, "{point}");
                let left: Vec<String> = files_in(&dir)
                    .into_iter()
                    .filter(|n| n.contains(".tmp-"))
                    .collect();
                assert!(left.is_empty(), "{point}: temp files left: {left:?}");
            }
        }
        println!("signals: {interrupted} interrupted, {completed} completed before the signal");
        assert!(
            interrupted >= 12,
            "most points interrupt a refresh: {interrupted}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stale_temp_files_of_dead_processes_are_removed() {
        let dir = scratch("stale");
        let out = dir.join("c.jsonl");
        std::fs::copy(SAMPLE, &out).unwrap();
        let mut dead = Command::new("true").spawn().unwrap();
        let dead_pid = dead.id();
        dead.wait().unwrap();
        std::fs::write(dir.join(format!(".c.jsonl.tmp-{dead_pid}")), "partial").unwrap();
        let live = format!(".c.jsonl.tmp-{}", std::process::id());
        std::fs::write(dir.join(&live), "a live writer's").unwrap();
        let r = unreachable_update(&dir, &out);
        assert_fails(&r, 2, &["cannot reach"]);
        assert_eq!(files_in(&dir), [live.as_str(), "c.jsonl"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn memory_does_not_grow_with_the_replica_count() {
    let dir = scratch("replicas");
    // m5.large: 1,930m allocatable CPU (Karpenter's table) minus the EKS daemonsets' 125m
    // leaves room for one 1-CPU pod, so a billion replicas need a billion nodes at the
    // us-east-1 list price of 0.096 USD/hour: 96,000,000 USD/hour. Plans are kept as blocks of
    // identical nodes, so this takes as much memory as one replica.
    let f = dir.join("billion.yaml");
    std::fs::write(
        &f,
        "nodes: {instanceTypes: [m5.large]}\nworkloads:\n  - name: web\n    replicas: 1000000000\n    cpu: 1\n    memory: 1Gi\n",
    )
    .unwrap();
    let r = run(&["fit", f.to_str().unwrap(), "-o", "json"], &dir);
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert!(r.elapsed < FAST, "{:?}", r.elapsed);
    assert!(r.peak_mib < PEAK_MIB, "peak {} MiB", r.peak_mib);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["nodes"], 1_000_000_000u64);
    let cost = v["usd_per_hour"].as_f64().unwrap();
    assert!((cost - 96_000_000.0).abs() < 1e-3, "{cost}");
    std::fs::remove_dir_all(&dir).unwrap();
}
