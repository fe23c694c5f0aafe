//! `kplan fit`: the sample workloads give feasible plans (re-checked from the JSON), flags
//! override the file, quantities are exact, and bad input or no plan give the right exit code.

use crate::util::{code, kplan, stderr, stdout};
use kplan::commands::fit::FitJson;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// The six-type catalog of tests/fixtures (figures from shared/reference).
fn small_catalog() -> String {
    fixture("fit-catalog.jsonl")
}

/// A workload file in a fresh temporary directory (kept for the life of the test).
fn workload(yaml: &str) -> (tempdir::Dir, String) {
    let dir = tempdir::Dir::new();
    let path = dir.path.join("workload.yaml");
    std::fs::write(&path, yaml).expect("write workload");
    let p = path.display().to_string();
    (dir, p)
}

mod tempdir {
    /// A directory under the target dir, removed on drop.
    pub struct Dir {
        pub path: std::path::PathBuf,
    }
    impl Dir {
        pub fn new() -> Dir {
            use std::sync::atomic::{AtomicU32, Ordering};
            static N: AtomicU32 = AtomicU32::new(0);
            let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
                "fit-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst)
            ));
            std::fs::create_dir_all(&path).expect("temp dir");
            Dir { path }
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn fit_json(args: &[&str]) -> FitJson {
    let mut all = vec!["fit", "-o", "json"];
    all.extend_from_slice(args);
    let out = kplan(&all);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("valid fit JSON")
}

/// Re-checks a plan from its JSON alone: every replica placed, spread shares within one of each
/// other, maxPerNode, no resource over 100%, and the cost adds up.
fn check_plan(j: &FitJson, yaml: &str) {
    let w = kplan::workload::parse_yaml(yaml).expect("the workload parses");
    assert_eq!(j.schema_version, 1);
    assert_eq!(j.kind, "fit");
    assert!(j.unplaced.is_empty(), "{:?}", j.unplaced);
    let mut placed: BTreeMap<&str, u64> = BTreeMap::new();
    let mut per_zone: BTreeMap<(&str, Option<&str>), u64> = BTreeMap::new();
    let mut cost = 0.0;
    for g in &j.node_groups {
        assert!(g.count > 0);
        cost += g.usd_per_hour_each * f64::from(g.count);
        for u in [g.utilization.cpu, g.utilization.memory, g.utilization.pods] {
            assert!((0.0..=1.0).contains(&u), "{g:?}");
        }
        for (name, &k) in &g.pods_per_node {
            let spec = w
                .workloads
                .iter()
                .find(|s| &s.name == name)
                .expect("a declared workload");
            if let Some(max) = spec.max_per_node {
                assert!(k <= max, "{name}: {k} per node > {max}");
            }
            *placed.entry(name.as_str()).or_default() += u64::from(k) * u64::from(g.count);
            *per_zone
                .entry((name.as_str(), g.zone.as_deref()))
                .or_default() += u64::from(k) * u64::from(g.count);
        }
    }
    for spec in &w.workloads {
        assert_eq!(
            placed.get(spec.name.as_str()).copied().unwrap_or(0),
            u64::from(spec.replicas),
            "{}",
            spec.name
        );
        if spec.spread_zones && j.zones > 1 {
            let counts: Vec<u64> = (0..j.zones)
                .map(|z| {
                    let label = char::from(b'a' + z as u8).to_string();
                    per_zone
                        .get(&(spec.name.as_str(), Some(label.as_str())))
                        .copied()
                        .unwrap_or(0)
                })
                .collect();
            let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            assert!(hi - lo <= 1, "{}: zones {counts:?}", spec.name);
        }
    }
    assert!(
        (cost - j.usd_per_hour).abs() < 1e-6,
        "{cost} vs {}",
        j.usd_per_hour
    );
    assert!((j.usd_per_month - j.usd_per_hour * 730.0).abs() < 0.01);
    assert!(j.lower_bound_usd_per_hour <= j.usd_per_hour + 1e-6);
    assert!(j.usd_per_hour <= j.baseline.usd_per_hour + 1e-6);
    assert_eq!(j.baseline.strategy, "greedy");
}

#[test]
fn sample_workloads_give_feasible_plans() {
    for name in [
        "web-platform.yaml",
        "graviton.yaml",
        "small-pods.yaml",
        "k8s-equivalent.yaml",
    ] {
        let path = fixture(name);
        let yaml = std::fs::read_to_string(&path).unwrap();
        let j = fit_json(&[&path]);
        check_plan(&j, &yaml);
        assert!(!j.node_groups.is_empty(), "{name}");
    }
}

#[test]
fn sample_table_names_everything() {
    let out = kplan(&["fit", &fixture("web-platform.yaml")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for want in [
        "| TYPE",
        "| ZONE",
        "PODS PER NODE",
        "USD/month (730 h)",
        "baseline:   greedy",
        "aws-node 25m (host network), kube-proxy 100m (host network), node-exporter 50m/64Mi (host network), fluent-bit 100m/128Mi on every node",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    assert!(stderr(&out).is_empty(), "no progress off a terminal");
}

const TEN: &str = "nodes: {instanceTypes: [m5.large, m5.xlarge]}\nworkloads:\n  - {name: web, replicas: 10, cpu: 500m, memory: 1Gi}\n";

#[test]
fn exact_optimum_on_two_types() {
    // m5.large holds 3 pods of 500m (1805m after daemonsets) at 0.096; m5.xlarge 7 (3795m) at
    // 0.192. Ten pods: 4 large = 0.384, 2 xlarge = 0.384, 1 xlarge + 1 large = 0.288 (best).
    let (_d, file) = workload(TEN);
    let j = fit_json(&["--catalog", &small_catalog(), &file]);
    check_plan(&j, TEN);
    assert!((j.usd_per_hour - 0.288).abs() < 1e-9, "{}", j.usd_per_hour);
    assert!((j.usd_per_month - 210.24).abs() < 1e-9);
    let mut groups: Vec<(String, u32, u32)> = j
        .node_groups
        .iter()
        .map(|g| (g.instance_type.clone(), g.count, g.pods_per_node["web"]))
        .collect();
    groups.sort();
    assert_eq!(
        groups,
        [("m5.large".into(), 1, 3), ("m5.xlarge".into(), 1, 7)]
    );
    assert_eq!(j.zones, 1);
    assert_eq!(j.node_groups[0].zone, None);
    assert_eq!(j.nodes, 2);
    let names: Vec<&str> = j.daemonsets.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["aws-node", "kube-proxy"]);
    // CPU utilisation of the m5.large: (125 + 3 x 500) / 1930.
    let large = j
        .node_groups
        .iter()
        .find(|g| g.instance_type == "m5.large")
        .unwrap();
    assert_eq!(large.utilization.cpu, 0.842);
    assert_eq!(large.utilization.pods, round4(5.0 / 29.0));
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[test]
fn quantities_are_exact_end_to_end() {
    // 1805m is exactly what an m5.large has left: one pod per node fits...
    let fits = "nodes: {instanceTypes: [m5.large]}\nworkloads: [{name: w, replicas: 2, cpu: 1.805, memory: 1e9}]";
    let (_d, file) = workload(fits);
    let j = fit_json(&["--catalog", &small_catalog(), &file]);
    assert_eq!(j.node_groups[0].count, 2);
    assert_eq!(j.node_groups[0].utilization.cpu, 1.0);
    // ...one millicore more does not.
    let over = "nodes: {instanceTypes: [m5.large]}\nworkloads: [{name: w, replicas: 2, cpu: 1806m, memory: 1e9}]";
    let (_d2, file) = workload(over);
    let out = kplan(&["fit", "--catalog", &small_catalog(), &file]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("workload 'w' (requests 1806m CPU, 1000000000 memory per pod)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn flags_override_the_file() {
    let (_d, file) = workload(TEN);
    let cat = small_catalog();
    let base = fit_json(&["--catalog", &cat, &file]);
    assert_eq!(
        (base.region.as_str(), base.capacity_type.as_str()),
        ("us-east-1", "on-demand")
    );
    assert_eq!(
        (base.network_mode.as_str(), base.max_pods.as_str()),
        ("secondary-ip", "recommended")
    );

    let gov = fit_json(&["--catalog", &cat, &file, "--region", "us-gov-west-1"]);
    assert_eq!(gov.region, "us-gov-west-1");
    // Same shape, us-gov-west-1 prices: 0.121 + 0.242.
    assert!(
        (gov.usd_per_hour - 0.363).abs() < 1e-9,
        "{}",
        gov.usd_per_hour
    );

    let spot = fit_json(&["--catalog", &cat, &file, "--capacity-type", "spot"]);
    assert_eq!(spot.capacity_type, "spot");
    assert!(spot.node_groups.iter().all(|g| g.price_source == "spot"));
    // The fixture's spot prices: 0.04 + 0.08.
    assert!(
        (spot.usd_per_hour - 0.12).abs() < 1e-9,
        "{}",
        spot.usd_per_hour
    );

    let zones = fit_json(&["--catalog", &cat, &file, "--zones", "2"]);
    assert_eq!(zones.zones, 2);
    check_plan(&zones, TEN);

    // Max pods 4: an m5.large keeps 2 slots after the daemonsets, an m5.xlarge 2 as well.
    let few = fit_json(&["--catalog", &cat, &file, "--max-pods", "4"]);
    assert_eq!(few.max_pods, "4");
    check_plan(&few, TEN);
    assert!(few.node_groups.iter().all(|g| g.pods_per_node["web"] <= 2));
    assert!(
        (few.usd_per_hour - 5.0 * 0.096).abs() < 1e-9,
        "{}",
        few.usd_per_hour
    );

    let pd = fit_json(&["--catalog", &cat, &file, "--prefix-delegation"]);
    assert_eq!(pd.network_mode, "prefix-delegation");
}

#[test]
fn spot_without_spot_price_says_so() {
    let yaml = "capacityType: spot\nnodes: {instanceTypes: [r5.large]}\nworkloads: [{name: w, replicas: 1, cpu: 1, memory: 1Gi}]";
    let (_d, file) = workload(yaml);
    let j = fit_json(&["--catalog", &small_catalog(), &file]);
    assert_eq!(j.node_groups[0].price_source, "on-demand-stand-in");
    assert_eq!(j.node_groups[0].usd_per_hour_each, 0.126);
    assert!(
        j.notes
            .iter()
            .any(|n| n.contains("on-demand price stands in")),
        "{:?}",
        j.notes
    );
    let out = kplan(&["fit", "--catalog", &small_catalog(), &file]);
    assert!(stdout(&out).contains("r5.large spot*"), "{}", stdout(&out));
    assert!(stdout(&out).contains("note: spot*: the catalog has no spot price"));
}

#[test]
fn max_nodes_leaves_pods_unplaced_and_exits_1() {
    let yaml = "nodes: {instanceTypes: [m5.large], maxNodes: 1}\nworkloads: [{name: w, replicas: 5, cpu: 500m, memory: 1Gi}]";
    let (_d, file) = workload(yaml);
    let out = kplan(&["fit", "-o", "json", "--catalog", &small_catalog(), &file]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let j: FitJson = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j.nodes, 1);
    assert_eq!(j.unplaced.len(), 1);
    assert_eq!(
        (j.unplaced[0].workload.as_str(), j.unplaced[0].pods),
        ("w", 2)
    );
    // Exit 1 says why, in one line on stderr.
    assert_eq!(
        stderr(&out),
        "kplan: 2 pods could not be placed within maxNodes 1 (2 w); the plan above is incomplete\n"
    );
}

#[test]
fn infeasible_workload_exits_1_naming_it() {
    let yaml = "workloads:\n  - {name: small, replicas: 1, cpu: 1, memory: 1Gi}\n  - {name: huge, replicas: 3, cpu: 6, memory: 1Gi}";
    let (_d, file) = workload(yaml);
    let out = kplan(&["fit", "--catalog", &small_catalog(), &file]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).is_empty(), "nothing half-printed");
    let err = stderr(&out);
    assert!(err.contains(&file), "{err}");
    assert!(
        err.contains(
            "workload 'huge' (requests 6 CPU, 1Gi memory per pod) fits no allowed instance type"
        ),
        "{err}"
    );
    assert!(err.contains("3795m CPU (m5.xlarge)"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn bad_quantity_exits_2_naming_file_field_value() {
    let (_d, file) =
        workload("workloads:\n  - name: api\n    replicas: 3\n    cpu: 5OOm\n    memory: 1Gi\n");
    let out = kplan(&["fit", "--catalog", &small_catalog(), &file]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains(&file), "{err}");
    assert!(
        err.contains("workloads[0].cpu: invalid CPU quantity '5OOm'"),
        "{err}"
    );
    assert!(err.contains("line 4"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn unknown_field_exits_2_with_its_path() {
    let (_d, file) = workload(
        "networking:\n  mode: secondary-ip\n  maxPod: 30\nworkloads: [{name: a, replicas: 1, cpu: 1, memory: 1Gi}]\n",
    );
    let out = kplan(&["fit", "--catalog", &small_catalog(), &file]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains(&file), "{err}");
    assert!(err.contains("networking: unknown field `maxPod`"), "{err}");
}

#[test]
fn missing_file_and_bad_flags_exit_2() {
    let out = kplan(&["fit", "/nonexistent/workload.yaml"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot read workload file /nonexistent/workload.yaml"));
    let (_d, file) = workload(TEN);
    for flags in [
        ["--zones", "9"],
        ["--capacity-type", "reserved"],
        ["--time-limit", "soon"],
        ["--max-pods", "lots"],
    ] {
        let mut args = vec!["fit", file.as_str()];
        args.extend_from_slice(&flags);
        let out = kplan(&args);
        assert_eq!(code(&out), 2, "{flags:?}");
        assert!(
            stderr(&out).contains(flags[0]),
            "{flags:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn time_limit_still_gives_a_checked_plan() {
    let (_d, file) = workload(TEN);
    let out = kplan(&[
        "fit",
        "-o",
        "json",
        "--catalog",
        &small_catalog(),
        &file,
        "--time-limit",
        "1ms",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "no progress off a terminal");
    let j: FitJson = serde_json::from_str(&stdout(&out)).unwrap();
    check_plan(&j, TEN);
}

#[test]
fn web_platform_plan_within_a_little_of_its_bound() {
    // The rounded LP plan alone cost 3.2481 USD/h (gap 1.81% to the LP bound 3.1902); re-solving
    // a few nodes at a time exactly finds 3.2238, and branch and price on node counts raises
    // the bound to 3.2189 (gap 0.15%; 0.84% with one level of branching alone).
    let path = fixture("web-platform.yaml");
    let j = fit_json(&[&path]);
    check_plan(&j, &std::fs::read_to_string(&path).unwrap());
    assert!(j.usd_per_hour <= 3.2238 + 1e-6, "{}", j.usd_per_hour);
    assert!(j.lower_bound_usd_per_hour <= j.usd_per_hour + 1e-9);
    let gap = (j.usd_per_hour - j.lower_bound_usd_per_hour) / j.lower_bound_usd_per_hour;
    assert!(gap <= 0.01, "gap {gap}");
}

/// The JSON of `kplan fit -o json ARGS` without `solve_seconds` (the one field that may differ
/// between two runs).
fn json_without_time(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["fit", "-o", "json"];
    all.extend_from_slice(args);
    let out = kplan(&all);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    let mut v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let obj = v.as_object_mut().expect("an object");
    assert!(
        obj.remove("solve_seconds").is_some(),
        "solve_seconds is there"
    );
    v
}

#[test]
fn same_input_gives_the_same_json_with_every_core_busy() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let path = fixture("web-platform.yaml");
    let quiet = json_without_time(&[&path]);
    // Keep every core busy (one more spinning thread than cores) during the second solve.
    let stop = Arc::new(AtomicBool::new(false));
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let spinners: Vec<_> = (0..=cores)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut x = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
                }
                x
            })
        })
        .collect();
    let busy = json_without_time(&[&path]);
    stop.store(true, Ordering::Relaxed);
    for s in spinners {
        s.join().expect("spinner");
    }
    assert_eq!(quiet, busy, "the same input gave another answer under load");
}

#[test]
fn input_file_order_does_not_change_the_plan() {
    // Online Boutique's Deployments one per file, given forwards and backwards.
    let dir = tempdir::Dir::new();
    let text = std::fs::read_to_string(fixture("k8s/online-boutique/deployments.yaml")).unwrap();
    let mut files: Vec<String> = Vec::new();
    for (i, doc) in text.split("\n---\n").enumerate().skip(1) {
        let p = dir.path.join(format!("d{i:02}.yaml"));
        std::fs::write(&p, doc).unwrap();
        files.push(p.display().to_string());
    }
    assert_eq!(files.len(), 12, "twelve Deployments");
    let pool = fixture("k8s/online-boutique/nodepool.yaml");
    let run = |order: &[String]| {
        let mut args: Vec<&str> = order.iter().map(String::as_str).collect();
        args.push(&pool);
        json_without_time(&args)
    };
    let forwards = run(&files);
    files.reverse();
    let backwards = run(&files);
    for key in [
        "node_groups",
        "usd_per_hour",
        "lower_bound_usd_per_hour",
        "gap",
        "baseline",
        "unplaced",
    ] {
        assert_eq!(
            forwards[key], backwards[key],
            "{key} differs with the file order"
        );
    }
    assert!(
        forwards["node_groups"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
}
