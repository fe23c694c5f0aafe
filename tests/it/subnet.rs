//! `kplan subnet`: the worked figures of shared/design/subnet.md through the real binary, the
//! CI gate (pass, fail with zone and shortfall), capacity/check agreement, VPC carving, plan
//! input, and bad input (exit 2, one line, no panic).

use crate::util::{code, kplan, stderr, stdout};
use kplan::commands::subnet::capacity::CapacityJson;
use kplan::commands::subnet::check::CheckJson;
use kplan::commands::subnet::plan::PlanJson;
use kplan::commands::subnet::size::SizeJson;

fn json_of<T: serde::de::DeserializeOwned>(args: &[&str], want: i32) -> T {
    let out = kplan(args);
    assert_eq!(code(&out), want, "{args:?}\nstderr: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("valid JSON")
}

fn size(args: &[&str]) -> SizeJson {
    let mut all = vec!["subnet", "size", "-o", "json"];
    all.extend_from_slice(args);
    json_of(&all, 0)
}

/// `kplan subnet capacity m5.large ARGS -o json`, expected to exit 0.
fn capacity(args: &[&str]) -> CapacityJson {
    let mut all = vec!["subnet", "capacity", "m5.large"];
    all.extend_from_slice(args);
    all.extend(["-o", "json"]);
    json_of(&all, 0)
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn worked_figures_per_node() {
    // shared/design/subnet.md, m5.large (E=3, S=10).
    let cases: [(&[&str], u32); 5] = [
        (&["--pods-per-node", "20"], 30),
        (&["--pods-per-node", "5"], 20),
        (
            &[
                "--pods-per-node",
                "20",
                "--warm-ip-target",
                "2",
                "--minimum-ip-target",
                "22",
            ],
            25,
        ),
        (&["--pods-per-node", "20", "--prefix-delegation"], 49),
        (
            &[
                "--pods-per-node",
                "100",
                "--prefix-delegation",
                "--max-pods",
                "max-allowed",
            ],
            129,
        ),
    ];
    for (flags, want) in cases {
        let mut args = vec!["m5.large=1"];
        args.extend_from_slice(flags);
        let j = size(&args);
        assert_eq!(j.schema_version, 1);
        assert_eq!(j.kind, "subnet-size");
        assert_eq!(j.node_types[0].ipv4_per_node, want, "{flags:?}");
    }
}

#[test]
fn size_sizes_the_fullest_zone() {
    // 31 nodes over 3 zones: the fullest holds 11 x 30 = 330 -> /23 (507); +50% = 495 -> /23.
    let j = size(&["m5.large=31", "--pods-per-node", "20", "--zones", "3"]);
    assert_eq!(j.zones.len(), 3);
    for z in &j.zones {
        assert_eq!((z.nodes, z.subnet.required_ipv4), (11, 330));
        assert_eq!(z.subnet.smallest_prefix_length, Some(23));
        assert_eq!(z.subnet.prefix_length, Some(23));
        assert_eq!(z.subnet.usable_ipv4, 507);
        assert_eq!((z.in_use_ipv4, z.warm_ipv4), (11 * 23, 11 * 7));
    }
    // Surge and control plane: 11 + ceil(11 * 25%) = 14 nodes; 14 x 30 + 16 = 436.
    let j = size(&[
        "m5.large=31",
        "--pods-per-node",
        "20",
        "--surge",
        "25%",
        "--control-plane",
    ]);
    assert_eq!(j.zones[0].surge_nodes, 3);
    assert_eq!(j.zones[0].subnet.required_ipv4, 436);
}

#[test]
fn size_prefix_delegation_reports_blocks_and_reservations() {
    // 10 nodes x 3 prefixes = 30 /28 blocks + 10 ENI primaries: 490 -> /23 (30 blocks free).
    let j = size(&[
        "m5.large=10",
        "--zones",
        "1",
        "--pods-per-node",
        "20",
        "--prefix-delegation",
    ]);
    let s = &j.zones[0].subnet;
    assert_eq!((s.required_ipv4, s.prefix_blocks), (490, 30));
    assert_eq!(s.smallest_prefix_length, Some(23));
    assert_eq!(s.reservation_prefix_lengths, [24, 25, 26, 27]);
}

#[test]
fn size_custom_networking_splits_node_and_pod_subnets() {
    let j = size(&[
        "m5.large=3",
        "--zones",
        "1",
        "--pods-per-node",
        "10",
        "--custom-networking",
    ]);
    let t = &j.node_types[0];
    assert_eq!(
        (t.node_subnet_ipv4_per_node, t.pod_subnet_ipv4_per_node),
        (1, 20)
    );
    let z = &j.zones[0];
    assert_eq!(z.subnet.required_ipv4, 3);
    assert_eq!(z.pod_subnet.as_ref().map(|p| p.required_ipv4), Some(60));
}

#[test]
fn size_reads_a_fit_plan() {
    // Zone a: 4 nodes with 20 pods (30 each); zone b: 3 nodes with 5 pods (20 each).
    let plan = fixture("fit-plan.json");
    let j = size(&["--plan", &plan]);
    let zones: Vec<(&str, u64, u64)> = j
        .zones
        .iter()
        .map(|z| (z.zone.as_str(), z.nodes, z.subnet.required_ipv4))
        .collect();
    assert_eq!(zones, [("a", 4, 120), ("b", 3, 60)]);
    assert_eq!(j.node_types[0].pods_per_node, 20);
    assert_eq!(j.node_types[1].pods_per_node, 5);
}

const PASS: [&str; 10] = [
    "subnet",
    "check",
    "m5.large=30",
    "--pods-per-node",
    "20",
    "--cidr",
    "10.0.0.0/23",
    "--cidr",
    "10.0.2.0/23",
    "--cidr=10.0.4.0/23",
];

#[test]
fn check_passes_when_every_zone_fits() {
    let out = kplan(&PASS);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("PASS: every zone fits"),
        "{}",
        stdout(&out)
    );
    let mut args = PASS.to_vec();
    args.extend(["-o", "json"]);
    let j: CheckJson = json_of(&args, 0);
    assert_eq!(j.kind, "subnet-check");
    assert!(j.fits && j.failure.is_none());
    let z = &j.zones[1];
    assert_eq!(z.zone, "b");
    assert_eq!(z.subnet.cidr.as_deref(), Some("10.0.2.0/23"));
    assert_eq!((z.subnet.required_ipv4, z.subnet.usable_ipv4), (300, 507));
    assert_eq!(z.subnet.utilization, 0.5917);
}

#[test]
fn check_fails_naming_the_zone_and_the_shortfall() {
    let out = kplan(&[
        "subnet",
        "check",
        "m5.large=30",
        "--pods-per-node",
        "20",
        "--subnet",
        "us-east-1a=10.0.0.0/23",
        "--subnet",
        "us-east-1b=10.0.2.0/24",
        "--subnet",
        "us-east-1c=10.0.4.0/23",
    ]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("zone us-east-1b (10.0.2.0/24)")
            && err.contains("needs 300 IPv4 addresses, has 251 usable: short by 49")
            && err.contains("utilization 119.5%"),
        "{err}"
    );
    assert!(stdout(&out).contains("| us-east-1b |"), "{}", stdout(&out));
}

#[test]
fn check_max_utilization_and_markdown() {
    let mut args = PASS.to_vec();
    args.extend(["--max-utilization", "50%", "-o", "markdown"]);
    let out = kplan(&args);
    assert_eq!(code(&out), 1);
    let md = stdout(&out);
    assert!(md.starts_with("### kplan subnet check: FAIL"), "{md}");
    assert!(
        md.contains("utilization 59.2% is above --max-utilization 50.0%"),
        "{md}"
    );
    let mut args = PASS.to_vec();
    args.extend(["--max-utilization", "60%", "-o", "markdown"]);
    let out = kplan(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("### kplan subnet check: PASS"));
    let mut args = PASS.to_vec();
    args.extend(["--max-utilization", "0.6", "-o", "markdown"]);
    assert_eq!(stdout(&kplan(&args)), stdout(&out), "0.6 is 60%");
}

#[test]
fn capacity_and_check_agree() {
    // A /24 (251 usable) holds 8 m5.large with 20 pods (8 x 30 = 240), not 9 (270).
    let j = capacity(&["--cidr", "10.0.0.0/24", "--pods-per-node", "20"]);
    assert_eq!(j.kind, "subnet-capacity");
    let t = &j.instance_types[0];
    assert_eq!((t.max_nodes, t.max_pods, t.ipv4_per_node), (8, 160, 30));
    assert_eq!(t.binding, "node subnet addresses");
    for (n, want) in [("m5.large=8", 0), ("m5.large=9", 1)] {
        let out = kplan(&[
            "subnet",
            "check",
            n,
            "--zones",
            "1",
            "--pods-per-node",
            "20",
            "--cidr",
            "10.0.0.0/24",
        ]);
        assert_eq!(code(&out), want, "{n}: {}", stderr(&out));
    }
    // Prefix delegation: 14 free /28 blocks hold 4 nodes of 3 prefixes, not 5.
    let j = capacity(&[
        "--cidr",
        "10.0.0.0/24",
        "--pods-per-node",
        "20",
        "--prefix-delegation",
    ]);
    assert_eq!(j.instance_types[0].max_nodes, 4);
    assert_eq!(j.instance_types[0].binding, "node subnet /28 blocks");
}

#[test]
fn plan_carves_a_vpc_without_overlap() {
    let j: PlanJson = json_of(
        &[
            "subnet",
            "plan",
            "--vpc",
            "10.0.0.0/16",
            "m5.large=60",
            "--pods-per-node",
            "20",
            "--load-balancers",
            "2",
            "-o",
            "json",
        ],
        0,
    );
    assert_eq!(j.kind, "subnet-plan");
    let vpc: ipnet::Ipv4Net = j.vpc.parse().unwrap();
    let mut nets: Vec<ipnet::Ipv4Net> = Vec::new();
    for z in &j.zones {
        // 20 x 30 + 16 (2 ALBs) = 616 -> +50% = 924 -> /22.
        assert_eq!(z.subnet.required_ipv4, 616);
        assert_eq!(z.subnet.prefix_length, Some(22));
        assert!(z.subnet.fits);
        nets.push(z.subnet.cidr.as_deref().unwrap().parse().unwrap());
    }
    for p in &j.public_subnets {
        assert_eq!(p.required_ipv4, 17);
        nets.push(p.cidr.parse().unwrap());
    }
    assert_eq!(
        nets.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
        [
            "10.0.0.0/22",
            "10.0.4.0/22",
            "10.0.8.0/22",
            "10.0.12.0/27",
            "10.0.12.32/27",
            "10.0.12.64/27"
        ]
    );
    assert!(nets.iter().all(|n| vpc.contains(n)));
    let used: u64 = nets.iter().map(|n| 1u64 << (32 - n.prefix_len())).sum();
    assert_eq!(used + j.leftover_ipv4, 65_536);

    // Too small a VPC: exit 1 with the shortfall.
    let out = kplan(&["subnet", "plan", "--vpc", "10.0.0.0/22", "m5.large=60"]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("short by") && err.contains("10.0.0.0/22"),
        "{err}"
    );
}

#[test]
fn plan_pod_subnets_from_a_secondary_cidr() {
    let j: PlanJson = json_of(
        &[
            "subnet",
            "plan",
            "--vpc",
            "10.0.0.0/20",
            "--pod-vpc",
            "100.64.0.0/16",
            "--custom-networking",
            "m5.large=30",
            "-o",
            "json",
        ],
        0,
    );
    for z in &j.zones {
        let p = z.pod_subnet.as_ref().expect("pod subnet");
        assert!(p.cidr.as_deref().unwrap().starts_with("100.64."));
        assert!(p.fits);
    }
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let cases: [(&[&str], &str); 12] = [
        (
            &["subnet", "check", "m5.large=3", "--cidr", "10.0.1.0/22"],
            "host bits set",
        ),
        (
            &[
                "subnet",
                "check",
                "m5.large=3",
                "--cidr",
                "10.0.0.0/22",
                "--cidr",
                "10.0.2.0/24",
            ],
            "overlap",
        ),
        (
            &["subnet", "check", "m5.large=3", "--cidr", "10.0.0.0/29"],
            "/16 to /28",
        ),
        (
            &["subnet", "check", "m5.large=3", "--cidr", "10.0.0.0"],
            "not an IPv4 CIDR",
        ),
        (
            &["subnet", "check", "m5.large=3"],
            "give the existing subnets",
        ),
        (&["subnet", "size", "m5.large"], "TYPE=COUNT"),
        (&["subnet", "size", "m5.large=x"], "not a whole number"),
        (&["subnet", "size", "m5.lage=3"], "did you mean m5.large"),
        (
            &["subnet", "size", "m5.large=3", "--pods-per-node", "50"],
            "at most 29 pods",
        ),
        (
            &["subnet", "size", "--plan", "/nonexistent/plan.json"],
            "cannot read",
        ),
        (
            &["subnet", "size", "--plan", "Cargo.toml"],
            "not a `kplan fit -o json` plan",
        ),
        (
            &["subnet", "plan", "--vpc", "10.0.0.0/8", "m5.large=3"],
            "/16 to /28",
        ),
    ];
    for (args, want) in cases {
        let out = kplan(args);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_fit_plan_feeds_check_with_zone_suffixes() {
    // The plan's zones a and b match us-east-1a and us-east-1b; zone b needs 3 x 20 = 60
    // addresses and a /26 has 59.
    let plan = fixture("fit-plan.json");
    let out = kplan(&[
        "subnet",
        "check",
        "--plan",
        &plan,
        "--subnet",
        "us-east-1a=10.0.0.0/24",
        "--subnet",
        "us-east-1b=10.0.1.0/26",
    ]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("zone us-east-1b (10.0.1.0/26)") && err.contains("short by 1 "),
        "{err}"
    );
    let out = kplan(&[
        "subnet",
        "check",
        "--plan",
        &plan,
        "--cidr",
        "10.0.0.0/24",
        "--cidr",
        "10.0.1.0/25",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn three_c5_large_with_two_coredns_pods_hold_50() {
    // The EKS best-practices guide's example: 2 nodes with one CoreDNS pod (2 ENIs, 20
    // addresses each) and one empty node (1 ENI, 10): 50 addresses.
    let plan = fixture("coredns-plan.json");
    let j = size(&["--plan", &plan, "--zones", "1"]);
    let per_node: Vec<u32> = j.node_types.iter().map(|t| t.ipv4_per_node).collect();
    assert_eq!(per_node, [20, 10]);
    assert_eq!(j.zones[0].subnet.required_ipv4, 50);

    // The same through the library, with c5.large from the embedded catalog.
    use kplan::pods::{CniSettings, KubeletSettings, node_pods};
    use kplan::subnet::{AddressMode, NodeNetwork, WarmPool, node_addresses};
    let catalog = kplan::catalog::Catalog::embedded().expect("embedded catalog");
    let t = catalog.lookup("c5.large").expect("c5.large");
    let np = node_pods(t, &CniSettings::default(), &KubeletSettings::default());
    let net = NodeNetwork {
        pod_enis: np.pod_enis,
        ipv4_per_eni: t.ipv4_per_eni,
        max_pods: np.kubelet_max_pods.expect("vCPUs known"),
        mode: AddressMode::SecondaryIp,
        custom_networking: false,
    };
    let total: u32 = [1, 1, 0]
        .iter()
        .map(|&p| node_addresses(&net, p, 0, &WarmPool::default()).total())
        .sum();
    assert_eq!(total, 50);
}

#[test]
fn capacity_with_custom_networking_takes_the_tighter_subnet() {
    // Each node: 1 address in the node subnet, 2 pod ENIs x 10 = 20 in the pod subnet.
    let cap = |node_cidr: &str| -> (u64, String) {
        let j = capacity(&[
            "--custom-networking",
            "--cidr",
            node_cidr,
            "--pod-cidr",
            "100.64.0.0/24",
            "--pods-per-node",
            "18",
        ]);
        let t = &j.instance_types[0];
        assert_eq!(
            (t.node_subnet_ipv4_per_node, t.pod_subnet_ipv4_per_node),
            (1, 20)
        );
        (t.max_nodes, t.binding.clone())
    };
    // A /28 has 11 usable addresses; the /24 pod subnet holds 251 / 20 = 12 nodes.
    assert_eq!(cap("10.0.0.0/28"), (11, "node subnet addresses".into()));
    assert_eq!(cap("10.0.0.0/27"), (12, "pod subnet addresses".into()));
}

#[test]
fn size_beyond_a_16_exits_1() {
    // 3,000 nodes x 30 = 90,000 addresses in one zone: more than a /16 (65,531).
    let out = kplan(&[
        "subnet",
        "size",
        "m5.large=3000",
        "--zones",
        "1",
        "--pods-per-node",
        "20",
    ]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("zone a node subnet needs 90,000 addresses"),
        "{err}"
    );
}

/// A file in a fresh temporary directory for this test (removed when dropped).
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        let dir = std::env::temp_dir().join(format!("kplan-subnet-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write temp file");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("UTF-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(d) = self.0.parent() {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

fn plan_with_pods(pods: &str) -> String {
    format!(
        r#"{{"kind": "fit", "node_groups": [{{"instance_type": "m5.large", "count": 3, "pods_per_node": {pods}}}]}}"#
    )
}

#[test]
fn plan_files_are_checked_like_the_command_line() {
    // 4,294,967,295 + 1 wrapped to 0 before and the check passed; now it is an input error.
    let overflow = TempFile::new(
        "overflow.json",
        &plan_with_pods(r#"{"a": 4294967295, "b": 1}"#),
    );
    // 50 pods on an m5.large (29 max pods) was clamped with a note; on the command line it is
    // an error, and now in a plan too.
    let over = TempFile::new("over.json", &plan_with_pods(r#"{"a": 30, "b": 20}"#));
    let cases = [
        (
            overflow.path(),
            "pods_per_node adds up to more than 4,294,967,295 pods",
        ),
        (
            over.path(),
            "adds up to 50 pods on one m5.large, which runs at most 29",
        ),
    ];
    for (plan, want) in cases {
        for sub in ["size", "check"] {
            let mut args = vec!["subnet", sub, "--plan", plan];
            if sub == "check" {
                args.extend(["--cidr", "10.0.0.0/16"]);
            }
            let out = kplan(&args);
            let err = stderr(&out);
            assert_eq!(code(&out), 2, "{args:?}: {err}");
            assert_eq!(err.trim_end().lines().count(), 1, "{err}");
            assert!(
                err.contains(want) && err.contains("node_groups[0]"),
                "{err}"
            );
            assert!(stdout(&out).is_empty(), "no verdict printed");
        }
    }
    // At the limit it is fine: 29 pods hold 30 addresses.
    let full = TempFile::new("full.json", &plan_with_pods(r#"{"a": 29}"#));
    let j = size(&["--plan", full.path()]);
    assert_eq!(j.node_types[0].ipv4_per_node, 30);
}

#[test]
fn max_utilization_80_percent_and_0_8_mean_the_same() {
    // The PASS subnets hold 300 of 507 addresses each: 59.2%.
    let verdict = |v: &str| -> (i32, CheckJson) {
        let mut args = PASS.to_vec();
        args.extend(["--max-utilization", v, "-o", "json"]);
        let out = kplan(&args);
        (
            code(&out),
            serde_json::from_str(&stdout(&out)).expect("JSON"),
        )
    };
    for (pct, share, want) in [
        ("80%", "0.8", 0),
        ("50%", "0.5", 1),
        ("59%", "0.59", 1),
        ("59.2%", "0.592", 0),
    ] {
        let (a, b) = (verdict(pct), verdict(share));
        assert_eq!(a.0, want, "{pct}");
        assert_eq!(a, b, "{pct} vs {share}");
    }
    let (_, j) = verdict("0.8");
    assert_eq!(j.max_utilization, Some(0.8));
    assert_eq!(j.zones[0].subnet.utilization, 0.5917);
    let (_, j) = verdict("50%");
    let f = j.failure.expect("fails");
    assert!(
        f.contains("utilization 59.2% is above --max-utilization 50.0%"),
        "{f}"
    );
    // A bare number above 1 is ambiguous: rejected, both spellings shown.
    let mut args = PASS.to_vec();
    args.extend(["--max-utilization", "80"]);
    let out = kplan(&args);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("80%") && err.contains("0.8"), "{err}");
}

#[test]
fn minimum_ip_target_alone_leaves_pods_without_addresses() {
    // MINIMUM_IP_TARGET=22 without WARM_IP_TARGET: ipamd holds 22 addresses on 3 ENIs and no
    // more (VPC CNI README, datastoreTargetState); 25 pods: 3 get none.
    let flags = ["--pods-per-node", "25", "--minimum-ip-target", "22"];
    let mut args = vec!["m5.large=3", "--zones", "1"];
    args.extend(flags);
    let j = size(&args);
    let t = &j.node_types[0];
    assert_eq!((t.ipv4_per_node, t.unaddressed_pods_per_node), (25, 3));
    assert!(
        j.notes
            .iter()
            .any(|n| n.contains("3 of 25 pods per node get no address")),
        "{:?}",
        j.notes
    );
    // The CI gate fails on it, however roomy the subnet.
    let mut args = vec!["subnet", "check", "m5.large=3", "--cidr", "10.0.0.0/20"];
    args.extend(flags);
    let out = kplan(&args);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("m5.large: 3 of 25 pods per node get no address (MINIMUM_IP_TARGET=22 without WARM_IP_TARGET"),
        "{err}"
    );
    // With WARM_IP_TARGET=1 every pod has one: 26 addresses on 3 ENIs, and the check passes.
    args.extend(["--warm-ip-target", "1"]);
    let out = kplan(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // capacity counts only the pods that run.
    let j = capacity(&[
        "--cidr",
        "10.0.0.0/24",
        "--pods-per-node",
        "25",
        "--minimum-ip-target",
        "22",
    ]);
    let t = &j.instance_types[0];
    // 251 / 25 = 10 nodes; 22 pods each run.
    assert_eq!(
        (t.max_nodes, t.unaddressed_pods_per_node, t.max_pods),
        (10, 3, 220)
    );
}

#[test]
fn zero_warm_targets_are_sized_at_the_peak() {
    // WARM_ENI_TARGET=0 and 18 pods exactly fill two m5.large ENIs: ipamd attaches a third.
    let j = size(&[
        "m5.large=1",
        "--pods-per-node",
        "18",
        "--warm-eni-target",
        "0",
    ]);
    assert_eq!(
        (j.node_types[0].enis_per_node, j.node_types[0].ipv4_per_node),
        (3, 30)
    );
    let j = size(&[
        "m5.large=1",
        "--pods-per-node",
        "17",
        "--warm-eni-target",
        "0",
    ]);
    assert_eq!(j.node_types[0].ipv4_per_node, 20);
    // WARM_PREFIX_TARGET=0: accepted as the CNI accepts it, with the docs' warning; 32 pods
    // fill two prefixes and the peak holds three (3 x 16 + 1).
    let j = size(&[
        "m5.large=1",
        "--pods-per-node",
        "32",
        "--prefix-delegation",
        "--warm-prefix-target",
        "0",
    ]);
    assert_eq!(
        (
            j.node_types[0].prefixes_per_node,
            j.node_types[0].ipv4_per_node
        ),
        (3, 49)
    );
    assert!(
        j.notes
            .iter()
            .any(|n| n.contains("WARM_PREFIX_TARGET=0 is not supported with prefix delegation")),
        "{:?}",
        j.notes
    );
}

#[test]
fn surge_rounds_per_node_group_in_each_zone() {
    // Two groups of one node each in one zone, 25% surge: each group surges one node of its own
    // type (c5.large and m5.large, 10 pods: 3 ENIs, 30 addresses each), so 2 surge nodes, not 1.
    let j = size(&[
        "m5.large=1",
        "c5.large=1",
        "--zones",
        "1",
        "--pods-per-node",
        "10",
        "--surge",
        "25%",
    ]);
    let z = &j.zones[0];
    assert_eq!((z.nodes, z.surge_nodes, z.surge_ipv4), (2, 2, 60));
    let out = kplan(&["subnet", "size", "m5.large=1", "--surge", "0.25"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("25%"), "{}", stderr(&out));
}

#[test]
fn fit_takes_the_cni_flags_of_pods_and_subnet() {
    // 100 pods of 10m on m5.large: pod slots decide. Secondary IPs: 29 max pods, 2 taken by
    // aws-node and kube-proxy: 27 per node -> 4 nodes. Custom networking: 20 - 2 = 18 -> 6.
    // IPv6: the recommended 110 - 2 = 108 -> 1 node (1,000m + 125m of daemonsets < 1,930m).
    let w = TempFile::new(
        "tiny.yaml",
        "region: us-east-1\nzones: 1\nnodes:\n  instanceTypes: [m5.large]\nworkloads:\n  - name: tiny\n    replicas: 100\n    cpu: 10m\n    memory: 16Mi\n",
    );
    let nodes = |flags: &[&str]| -> (u32, String) {
        let mut args = vec!["fit", w.path(), "-o", "json"];
        args.extend_from_slice(flags);
        let out = kplan(&args);
        assert_eq!(code(&out), 0, "{flags:?}: {}", stderr(&out));
        let j: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        (
            j["nodes"].as_u64().expect("nodes") as u32,
            j["network_mode"].as_str().expect("mode").to_string(),
        )
    };
    assert_eq!(nodes(&[]), (4, "secondary-ip".into()));
    assert_eq!(nodes(&["--custom-networking"]), (6, "secondary-ip".into()));
    assert_eq!(nodes(&["--ipv6"]), (1, "ipv6".into()));
}
