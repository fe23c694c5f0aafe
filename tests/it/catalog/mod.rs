//! `kplan catalog`: list filters and sorts (checked against the reference sample), show, info,
//! `--catalog` / `KPLAN_CATALOG` errors, and `catalog update` against moto's EC2 server and a
//! scripted endpoint (errors, a refresh killed half-way).

#[cfg(feature = "aws")]
pub mod fake_ec2;
#[cfg(feature = "aws")]
pub mod moto;

use crate::util::{code, kplan, stderr, stdout};
use kplan::commands::catalog::info::InfoJson;
use kplan::commands::catalog::list::ListJson;
use kplan::commands::catalog::show::ShowJson;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The 13-type sample built from shared/reference by tests/data/make-catalog-sample.py.
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/catalog-sample.jsonl"
);

fn list(args: &[&str]) -> ListJson {
    let mut all = vec!["--catalog", SAMPLE, "catalog", "list", "-o", "json"];
    all.extend_from_slice(args);
    let out = kplan(&all);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    let j: ListJson = serde_json::from_str(&stdout(&out)).expect("list JSON");
    assert_eq!((j.schema_version, j.kind.as_str()), (1, "catalog_list"));
    j
}

fn names(args: &[&str]) -> Vec<String> {
    list(args)
        .instance_types
        .into_iter()
        .map(|e| e.instance_type)
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn set(names: &[&str]) -> Vec<String> {
    sorted(names.iter().map(|s| s.to_string()).collect())
}

/// A fresh directory under the target dir.
fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

#[test]
fn each_filter_matches_the_reference_sample() {
    // Expected sets read off the reference rows (instance-types.csv, on-demand-prices.csv,
    // instance-type-regions.csv) the sample was built from.
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--vcpus", "4:16"],
            &["c7g.xlarge", "g5.xlarge", "m5.xlarge", "r5.2xlarge"],
        ),
        (&["--vcpus", "8"], &["m5.metal", "r5.2xlarge"]),
        (&["--vcpus", ":1"], &["m1.small", "x2gd.medium"]),
        (
            &["--memory", "4Gi:8Gi"],
            &[
                "c5.large",
                "c7g.xlarge",
                "m4.large",
                "m5.large",
                "m6g.large",
                "t4g.medium",
            ],
        ),
        (&["--memory", "64"], &["m5.metal", "r5.2xlarge"]),
        (
            &["--memory-per-vcpu", "8Gi:"],
            &["r5.2xlarge", "x2gd.medium"],
        ),
        (
            &["--arch", "arm64"],
            &["c7g.xlarge", "m6g.large", "t4g.medium", "x2gd.medium"],
        ),
        (&["--family", "m5*"], &["m5.large", "m5.metal", "m5.xlarge"]),
        (&["--family", "c5,c7g"], &["c5.large", "c7g.xlarge"]),
        (&["--category", "r,x"], &["r5.2xlarge", "x2gd.medium"]),
        (&["--min-generation", "6"], &["c7g.xlarge", "m6g.large"]),
        (&["--gpus", "1:"], &["g5.xlarge"]),
        (
            &["--current-generation"],
            &[
                "c7g.xlarge",
                "m6g.large",
                "t3.micro",
                "t4g.medium",
                "x2gd.medium",
            ],
        ),
        (&["--burstable"], &["t3.micro", "t4g.medium"]),
        (&["--bare-metal"], &["m5.metal"]),
        (
            &["--max-price", "0.08"],
            &["m1.small", "m6g.large", "t3.micro", "t4g.medium"],
        ),
        (
            &["--region", "af-south-1"],
            &[
                "c5.large",
                "c7g.xlarge",
                "m5.large",
                "m5.metal",
                "m5.xlarge",
                "m6g.large",
                "r5.2xlarge",
                "t3.micro",
                "t4g.medium",
            ],
        ),
        (
            &["--allow", "m*", "--deny", "*.metal"],
            &["m1.small", "m4.large", "m5.large", "m5.xlarge", "m6g.large"],
        ),
        (
            &[
                "--arch",
                "arm64",
                "--vcpus",
                "2:4",
                "--memory-per-vcpu",
                "2Gi:",
                "--current-generation",
            ],
            &["c7g.xlarge", "m6g.large", "t4g.medium"],
        ),
    ];
    for (args, want) in cases {
        assert_eq!(sorted(names(args)), set(want), "{args:?}");
    }
    // Complements: every type is in exactly one of the two.
    let all = names(&[]).len();
    assert_eq!(all, 13);
    assert_eq!(names(&["--no-burstable"]).len(), all - 2);
    assert_eq!(names(&["--no-bare-metal"]).len(), all - 1);
    assert_eq!(names(&["--gpus", ":0"]).len(), all - 1);
    assert_eq!(
        names(&["--spot"]).len(),
        all,
        "every sample type supports spot"
    );
}

#[test]
fn each_sort_orders_by_its_key() {
    // Cheapest first: us-east-1 prices from on-demand-prices.csv.
    assert_eq!(
        names(&["--sort", "price", "--limit", "6"]),
        [
            "t3.micro",
            "t4g.medium",
            "m1.small",
            "m6g.large",
            "x2gd.medium",
            "c5.large"
        ]
    );
    assert_eq!(
        names(&["--sort", "price", "--reverse", "--limit", "2"]),
        ["m5.metal", "g5.xlarge"]
    );
    // Spot: the five sample spot prices first, unknown after.
    assert_eq!(
        names(&["--sort", "spot-price", "--limit", "5"]),
        [
            "t3.micro",
            "m6g.large",
            "c5.large",
            "m5.large",
            "c7g.xlarge"
        ]
    );
    assert_eq!(names(&["--sort", "max-pods", "--limit", "1"]), ["m5.metal"]);
    // Every key: the JSON rows are in order of the key computed from the rows themselves.
    type Key = fn(&kplan::commands::catalog::list::ListEntry) -> f64;
    let keys: &[(&str, Key)] = &[
        ("vcpus", |e| e.vcpus.map_or(f64::INFINITY, f64::from)),
        ("memory", |e| {
            e.memory_mib.map_or(f64::INFINITY, |m| m as f64)
        }),
        ("memory-per-vcpu", |e| {
            e.memory_mib_per_vcpu.map_or(f64::INFINITY, |m| m as f64)
        }),
        ("max-pods", |e| -f64::from(e.kubelet_max_pods.unwrap_or(0))),
        ("price", |e| e.price_per_hour.unwrap_or(f64::INFINITY)),
        ("spot-price", |e| {
            e.spot_price_per_hour.unwrap_or(f64::INFINITY)
        }),
        ("price-per-vcpu", |e| {
            e.price_per_vcpu_hour.unwrap_or(f64::INFINITY)
        }),
        ("price-per-pod", |e| {
            e.price_per_pod_hour.unwrap_or(f64::INFINITY)
        }),
        ("generation", |e| -f64::from(e.generation.unwrap_or(0))),
    ];
    for (key, f) in keys {
        let rows = list(&["--sort", key]).instance_types;
        assert_eq!(rows.len(), 13, "{key}");
        for w in rows.windows(2) {
            assert!(
                f(&w[0]) <= f(&w[1]),
                "--sort {key}: {} before {}",
                w[0].instance_type,
                w[1].instance_type
            );
        }
        // Derived columns are what they say.
        for e in &rows {
            if let (Some(p), Some(v)) = (e.price_per_hour, e.vcpus) {
                assert!((e.price_per_vcpu_hour.unwrap() - p / f64::from(v)).abs() < 1e-12);
            }
        }
    }
    // --sort name: family, then size.
    assert_eq!(
        names(&["--family", "m5", "--sort", "name"]),
        ["m5.large", "m5.xlarge", "m5.metal"]
    );
}

#[test]
fn list_columns_come_from_the_pods_code() {
    // The same figures `kplan pods` prints (design doc: m5.large 29 pods, 1,930m, 6,903 MiB;
    // prefix delegation 110 recommended).
    let j = list(&["--allow", "m5.large"]);
    let e = &j.instance_types[0];
    assert_eq!((e.max_pods, e.kubelet_max_pods), (29, Some(29)));
    assert_eq!(
        (
            e.allocatable_cpu_millicores,
            e.allocatable_memory_mib,
            e.allocatable_pods
        ),
        (Some(1930), Some(6903), Some(29))
    );
    let pd = list(&["--allow", "m5.large", "--prefix-delegation"]);
    assert_eq!(
        (
            pd.instance_types[0].max_pods,
            pd.instance_types[0].kubelet_max_pods
        ),
        (434, Some(110))
    );
    let cn = list(&["--allow", "m5.large", "--custom-networking"]);
    assert_eq!(cn.instance_types[0].max_pods, 20);
    // CSV: header + one row per type, same values.
    let out = kplan(&[
        "--catalog",
        SAMPLE,
        "catalog",
        "list",
        "--allow",
        "m5.large,t3.micro",
        "-o",
        "csv",
    ]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("instance_type,family,category,generation,vcpus,memory_mib"));
    assert!(lines[1].starts_with("m5.large,m5,m,5,2,8192,4096,amd64,0,false,false,false,true,3,10,false,29,29,29,1930,6903,29,0.096,0.035,0.048,"), "{}", lines[1]);
    // Table: a row per type and the footer.
    let out = kplan(&["--catalog", SAMPLE, "catalog", "list", "--arch", "arm64"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("4 types; prices in us-east-1 (USD)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn list_bad_input_exits_2_with_the_flag() {
    for (args, needle) in [
        (&["--vcpus", "16:4"][..], "--vcpus"),
        (&["--memory", "4Qi"][..], "--memory"),
        (&["--max-price", "cheap"][..], "--max-price"),
        (&["--sort", "colour"][..], "--sort"),
        (
            &["--vcpus", "999"][..],
            "no instance type in the catalog (13 types) matches",
        ),
    ] {
        let mut all = vec!["--catalog", SAMPLE, "catalog", "list"];
        all.extend_from_slice(args);
        let out = kplan(&all);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn show_has_every_field_and_its_provenance() {
    let out = kplan(&[
        "--catalog",
        SAMPLE,
        "catalog",
        "show",
        "c7g.xlarge",
        "-o",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: ShowJson = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j.kind, "catalog_show");
    // karpenter-vpc-limits.csv: c7g.xlarge 18 branch ENIs; vpc-limits.csv: 4 ENIs x 15.
    assert_eq!(
        (
            j.instance_type.enis,
            j.instance_type.ipv4_per_eni,
            j.instance_type.branch_enis
        ),
        (4, 15, Some(18))
    );
    assert_eq!(j.pods.max_pods, 58);
    let hw = j.provenance.iter().find(|p| p.group == "hardware").unwrap();
    assert_eq!(
        (hw.source.as_str(), hw.date.as_str()),
        ("reference", "2026-08-21")
    );
    let text = stdout(&kplan(&[
        "--catalog",
        SAMPLE,
        "catalog",
        "show",
        "c7g.xlarge",
    ]));
    assert!(text.contains("source of hardware"), "{text}");
    assert!(
        text.contains("branch ENIs") && text.contains("true / 18"),
        "{text}"
    );
    let out = kplan(&["catalog", "show", "m5.lage"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("did you mean m5.large"));
}

#[test]
fn info_summarizes_the_catalog_in_use() {
    let out = kplan(&["--catalog", SAMPLE, "catalog", "info", "-o", "json"]);
    assert_eq!(code(&out), 0);
    let j: InfoJson = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (j.instance_types, j.origin.as_str(), j.file.as_str()),
        (13, "test-sample", SAMPLE)
    );
    assert_eq!(j.spot_prices.get("us-east-1"), Some(&5));
    let text = stdout(&kplan(&["catalog", "info"]));
    assert!(text.starts_with("catalog:          embedded\n"), "{text}");
    assert!(text.contains("origin:           embedded"), "{text}");
}

fn with_env_catalog(path: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kplan"))
        .args(args)
        .env("KPLAN_CATALOG", path)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("kplan runs")
}

#[test]
fn corrupt_or_incompatible_catalogs_name_the_file_and_the_fault() {
    let dir = scratch("corrupt");
    let good = std::fs::read_to_string(SAMPLE).unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "truncated.jsonl",
            good[..good.len() - 200].to_string(),
            "line 14 (x2gd.medium, field",
        ),
        (
            "corrupt.jsonl",
            good.replacen("\"vcpus\": 4,", "\"vcpus\": \"four\",", 1),
            "(c7g.xlarge, field \"vcpus\"): not a valid instance-type record: invalid type: string \"four\"",
        ),
        (
            "version.jsonl",
            good.replacen("\"kplan_catalog\": 1", "\"kplan_catalog\": 99", 1),
            "format version 99 is not supported",
        ),
        ("empty.jsonl", String::new(), "the file is empty"),
        (
            "notjson.jsonl",
            "hello\n".to_string(),
            "line 1: not a JSON object",
        ),
    ];
    for (name, text, needle) in &cases {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        for out in [
            kplan(&["--catalog", p.to_str().unwrap(), "pods", "m5.large"]),
            with_env_catalog(&p, &["catalog", "list"]),
        ] {
            let err = stderr(&out);
            assert_eq!(code(&out), 2, "{name}: {err}");
            assert!(
                err.contains(p.to_str().unwrap()) && err.contains(needle),
                "{name}: {err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
    let missing = dir.join("missing.jsonl");
    let out = kplan(&["--catalog", missing.to_str().unwrap(), "catalog", "info"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot read catalog file"),
        "{}",
        stderr(&out)
    );
    // A good file through the environment works for every subcommand.
    let out = with_env_catalog(Path::new(SAMPLE), &["pods", "t4g.medium", "-o", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("\"max_pods\": 17"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(not(feature = "aws"))]
#[test]
fn update_without_the_aws_feature_says_so() {
    let out = kplan(&[
        "catalog",
        "update",
        "--region",
        "us-east-1",
        "--out",
        "/nonexistent/x",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("built without AWS support"),
        "{}",
        stderr(&out)
    );
}

/// `kplan catalog update ...` with dummy keys (or none), no ~/.aws, no IMDS.
#[cfg(feature = "aws")]
fn update(dir: &Path, keys: bool, args: &[&str]) -> std::process::Child {
    update_attempts(dir, keys, 1, args)
}

/// [`update`] with this many attempts per AWS call (the SDK's retries).
#[cfg(feature = "aws")]
fn update_attempts(dir: &Path, keys: bool, attempts: u32, args: &[&str]) -> std::process::Child {
    let empty = dir.join("aws-empty");
    std::fs::write(&empty, "").unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_kplan"));
    c.args(["catalog", "update"])
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        // One attempt per call: moto answers the Pricing API with HTTP 500, and retrying it
        // only slows the tests (the throttling test sets its own).
        .env("AWS_MAX_ATTEMPTS", attempts.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if keys {
        c.env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing");
    }
    c.spawn().expect("kplan runs")
}

#[cfg(feature = "aws")]
fn finish(child: std::process::Child) -> Output {
    child.wait_with_output().expect("kplan finishes")
}

#[cfg(feature = "aws")]
#[test]
fn update_against_moto_gives_the_same_pods_answers() {
    let moto = moto::start();
    let dir = scratch("moto");
    let out_file = dir.join("catalog.jsonl");
    let out = finish(update(
        &dir,
        true,
        &[
            "--endpoint-url",
            &moto.url(),
            "--region",
            "us-east-1",
            "--out",
            out_file.to_str().unwrap(),
        ],
    ));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report.contains("on-demand prices: kept from the base catalog"),
        "{report}"
    );
    let refreshed = kplan::catalog::Catalog::load(&out_file).expect("refreshed catalog loads");
    assert_eq!(refreshed.header.origin, "ec2-api");

    // Every type moto serves is in the file (moto's own answer, read without the SDK).
    let xml = moto::ec2_query(moto.port, "Action=DescribeInstanceTypes&Version=2016-11-15");
    let served: std::collections::BTreeSet<&str> = xml
        .split("<instanceType>")
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .collect();
    assert!(
        served.len() > 1000,
        "moto served only {} types",
        served.len()
    );
    let have: std::collections::BTreeSet<&str> =
        refreshed.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(have, served);

    // Same `kplan pods` answers as the embedded catalog for every type both have.
    let embedded = kplan::catalog::Catalog::embedded().unwrap();
    let common: Vec<&str> = embedded
        .types
        .iter()
        .map(|t| t.name.as_str())
        .filter(|n| have.contains(n))
        .collect();
    assert!(!common.is_empty());
    let pods = |catalog: Option<&Path>, flags: &[&str]| -> kplan::commands::pods::PodsJson {
        let mut args = vec!["pods", "-o", "json"];
        args.extend_from_slice(flags);
        args.extend(common.iter().copied());
        let out = match catalog {
            Some(p) => with_env_catalog(p, &args),
            None => kplan(&args),
        };
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let mut differences = Vec::new();
    let mut explained = Vec::new();
    for flags in [
        &[][..],
        &["--prefix-delegation"][..],
        &["--custom-networking"][..],
    ] {
        let a = pods(None, flags);
        let b = pods(Some(&out_file), flags);
        assert_eq!(a.instance_types.len(), b.instance_types.len());
        for (x, y) in a.instance_types.iter().zip(&b.instance_types) {
            assert_eq!(x.instance_type, y.instance_type);
            let what = format!(
                "{} {flags:?}: embedded {} ENIs x {} -> {} pods, recommended {:?}; moto {} x {} -> {}, recommended {:?}",
                x.instance_type,
                x.enis,
                x.ipv4_per_eni,
                x.max_pods,
                x.recommended_max_pods,
                y.enis,
                y.ipv4_per_eni,
                y.max_pods,
                y.recommended_max_pods
            );
            if (x.max_pods, x.enis, x.ipv4_per_eni) != (y.max_pods, y.enis, y.ipv4_per_eni) {
                // Explained only where the embedded catalog recorded this very disagreement
                // between its sources (vpc-cni's table against moto's copy of the EC2 data)
                // and took the VPC CNI's figure, the one the CNI itself uses.
                let recorded = format!("moto says {} ENIs x {} IPv4", y.enis, y.ipv4_per_eni);
                let decided = embedded.header.decisions.iter().any(|d| {
                    d.starts_with(&format!("{}: vpc-cni says", x.instance_type))
                        && d.contains(&recorded)
                        && d.contains("vpc-cni wins")
                });
                if decided {
                    explained.push(format!("{what} (recorded decision: vpc-cni wins)"));
                } else {
                    differences.push(what);
                }
            } else if x.recommended_max_pods != y.recommended_max_pods {
                // Same IP limit; the 110/250 cap needs vCPUs, which the embedded catalog lacks
                // for a few types no hardware source lists (data/README: "No source gives
                // vCPUs ... for 47 types") while moto's server knows them.
                assert!(x.vcpus.is_none() && y.vcpus.is_some(), "{what}");
                explained.push(what);
            }
        }
    }
    eprintln!(
        "moto: {} types served; {} in common with the embedded catalog; {} unexplained pods differences; {} explained: {explained:#?}",
        served.len(),
        common.len(),
        differences.len(),
        explained.len()
    );
    assert!(differences.is_empty(), "{differences:#?}");

    // The refreshed file round-trips through the other subcommands.
    let out = kplan(&[
        "--catalog",
        out_file.to_str().unwrap(),
        "pods",
        "m5.large",
        "-o",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: kplan::commands::pods::PodsJson = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j.instance_types[0].max_pods, 29);
    let out = kplan(&[
        "--catalog",
        out_file.to_str().unwrap(),
        "catalog",
        "show",
        "m5.large",
    ]);
    assert!(
        stdout(&out).contains("ec2-describe-instance-types (DescribeInstanceTypes"),
        "{}",
        stdout(&out)
    );

    // Without --out: the per-user location under HOME (XDG_DATA_HOME unset).
    let out = finish(update(
        &dir,
        true,
        &[
            "--endpoint-url",
            &moto.url(),
            "--region",
            "us-east-1",
            "--no-pricing",
            "--zones",
        ],
    ));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Per-zone offerings: moto knows the us-east-1 zones.
    assert!(stdout(&out).contains(" in us-east-1; "), "{}", stdout(&out));
    let default = dir.join(".local/share/kplan/catalog.jsonl");
    assert!(
        stdout(&out).contains(&format!("wrote {}", default.display())),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        kplan::catalog::Catalog::load(&default).unwrap().types.len(),
        refreshed.types.len()
    );

    // A second refresh diffs against the first file: nothing changed.
    let out = finish(update(
        &dir,
        true,
        &[
            "--endpoint-url",
            &moto.url(),
            "--region",
            "us-east-1",
            "--out",
            out_file.to_str().unwrap(),
            "--no-pricing",
        ],
    ));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 types added, 0 removed, 0 limit changes, 0 price changes"),
        "{}",
        stdout(&out)
    );
    drop(moto);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "aws")]
#[test]
fn a_refresh_killed_half_way_leaves_the_previous_file_intact() {
    let dir = scratch("killed");
    let out_file = dir.join("catalog.jsonl");
    let previous = std::fs::read_to_string(SAMPLE).unwrap();
    std::fs::write(&out_file, &previous).unwrap();
    // Page 1 arrives with a next token; page 2 never does.
    let (url, requests) = fake_ec2::start(
        vec![
            fake_ec2::Reply::Xml(
                200,
                fake_ec2::types_page(&["m5.large", "m5.xlarge"], "page2"),
            ),
            fake_ec2::Reply::Hang,
        ],
        false,
    );
    let mut child = update(
        &dir,
        true,
        &[
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--out",
            out_file.to_str().unwrap(),
            "--no-pricing",
        ],
    );
    let timeout = std::time::Duration::from_secs(30);
    let first = requests.recv_timeout(timeout).expect("page 1 requested");
    assert!(first.contains("Action=DescribeInstanceTypes"), "{first}");
    let second = requests.recv_timeout(timeout).expect("page 2 requested");
    assert!(second.contains("NextToken=page2"), "{second}");
    child.kill().expect("kill");
    let _ = child.wait();
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), previous);
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 2, "no temp file left: {files:?}"); // catalog.jsonl + aws-empty
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "aws")]
#[test]
fn aws_faults_give_clear_errors() {
    let dir = scratch("faults");
    let out_file = dir.join("c.jsonl");
    let out_arg = out_file.to_str().unwrap();
    // No credentials: say how to configure them.
    let out = finish(update(
        &dir,
        false,
        &["--region", "us-east-1", "--out", out_arg],
    ));
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no usable AWS credentials")
            && stderr(&out).contains("aws configure"),
        "{}",
        stderr(&out)
    );
    // Access denied: name the IAM action.
    let (url, _rx) = fake_ec2::start(
        vec![fake_ec2::Reply::Xml(
            403,
            fake_ec2::error_xml(
                "UnauthorizedOperation",
                "You are not authorized to perform this operation.",
            ),
        )],
        true,
    );
    let out = finish(update(
        &dir,
        true,
        &[
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--out",
            out_arg,
        ],
    ));
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("needs the IAM permission ec2:DescribeInstanceTypes")
            || stderr(&out).contains("need the IAM permission ec2:DescribeInstanceTypes"),
        "{}",
        stderr(&out)
    );
    // Throttling: the SDK retries, then kplan says it gave up.
    let (url, rx) = fake_ec2::start(
        vec![fake_ec2::Reply::Xml(
            503,
            fake_ec2::error_xml("RequestLimitExceeded", "Request limit exceeded."),
        )],
        true,
    );
    let out = finish(update_attempts(
        &dir,
        true,
        3,
        &[
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--out",
            out_arg,
        ],
    ));
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("throttled") && stderr(&out).contains("RequestLimitExceeded"),
        "{}",
        stderr(&out)
    );
    assert_eq!(rx.try_iter().count(), 3, "the SDK tried 3 times");
    // Unreachable endpoint.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = finish(update(
        &dir,
        true,
        &[
            "--endpoint-url",
            &format!("http://127.0.0.1:{port}"),
            "--region",
            "us-east-1",
            "--out",
            out_arg,
        ],
    ));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot reach"), "{}", stderr(&out));
    // No region.
    let out = finish(update(&dir, true, &["--out", out_arg]));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--region"), "{}", stderr(&out));
    assert!(!out_file.exists(), "nothing written on errors");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Rows of a CSV in data/sources/ (no quoted cells there) as header -> value maps.
fn source_rows(name: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/sources")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("source file");
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(l.split(',').map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn embedded_list_queries_equal_the_reference_files() {
    // "arm64, 4-16 vCPUs, at least 4 GiB per vCPU, current generation, cheapest first", computed
    // straight from instance-types.csv and on-demand-prices.csv (us-east-1).
    let price: std::collections::BTreeMap<String, f64> = source_rows("on-demand-prices.csv")
        .into_iter()
        .filter(|r| r["region"] == "us-east-1")
        .map(|r| {
            (
                r["instance_type"].clone(),
                r["usd_per_hour"].parse().unwrap(),
            )
        })
        .collect();
    let embedded = kplan::catalog::Catalog::embedded().unwrap();
    let mut want: Vec<(f64, String)> = source_rows("instance-types.csv")
        .into_iter()
        .filter(|r| embedded.get(&r["instance_type"]).is_some())
        .filter(|r| r["architectures"].split(';').any(|a| a == "arm64"))
        .filter(|r| r["current_generation"] == "true")
        .filter(|r| {
            let v: u64 = r["vcpus"].parse().unwrap();
            let m: u64 = r["memory_mib"].parse().unwrap();
            (4..=16).contains(&v) && m / v >= 4096
        })
        .map(|r| {
            let p = price
                .get(&r["instance_type"])
                .copied()
                .unwrap_or(f64::INFINITY);
            (p, r["instance_type"].clone())
        })
        .collect();
    // Ties (same price) in the catalog's natural order: family, vCPUs, memory, name.
    want.sort_by(|a, b| {
        a.0.total_cmp(&b.0).then_with(|| {
            let (x, y) = (embedded.get(&a.1).unwrap(), embedded.get(&b.1).unwrap());
            (&x.family, x.vcpus, x.memory_mib, &x.name).cmp(&(
                &y.family,
                y.vcpus,
                y.memory_mib,
                &y.name,
            ))
        })
    });
    let want: Vec<String> = want.into_iter().map(|(_, n)| n).collect();
    let out = kplan(&[
        "catalog",
        "list",
        "--arch",
        "arm64",
        "--vcpus",
        "4:16",
        "--memory-per-vcpu",
        "4Gi:",
        "--current-generation",
        "--sort",
        "price",
        "-o",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: ListJson = serde_json::from_str(&stdout(&out)).unwrap();
    let got: Vec<String> = j
        .instance_types
        .iter()
        .map(|e| e.instance_type.clone())
        .collect();
    assert!(want.len() > 50, "{}", want.len());
    assert_eq!(got, want);
    for e in &j.instance_types {
        assert_eq!(
            e.price_per_hour,
            price.get(&e.instance_type).copied(),
            "{}",
            e.instance_type
        );
    }

    // Offered in eu-west-1: instance-type-regions.csv rows plus the types the pricing page
    // prices there (on-demand-prices-regions.csv).
    let mut want: Vec<String> = source_rows("instance-type-regions.csv")
        .into_iter()
        .chain(source_rows("on-demand-prices-regions.csv"))
        .filter(|r| r["region"] == "eu-west-1" && embedded.get(&r["instance_type"]).is_some())
        .map(|r| r["instance_type"].clone())
        .collect();
    want.sort();
    want.dedup();
    let out = kplan(&["catalog", "list", "--region", "eu-west-1", "-o", "csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut got: Vec<String> = stdout(&out)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    got.sort();
    assert!(want.len() > 500, "{}", want.len());
    assert_eq!(got, want);
}
