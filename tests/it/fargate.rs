//! `kplan fit --fargate`: Fargate sizes and prices against shared/design/fargate.md, the
//! comparison on the sample workloads and on online-boutique, mixed plans, ineligible workloads
//! with their reason, `-o eksctl` profiles, and `kplan subnet size --plan` of a mixed plan.

use crate::util::{code, kplan, stderr, stdout};
use kplan::commands::fit::FitJson;
use std::path::PathBuf;

fn path(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .display()
        .to_string()
}

/// The sample workloads (copies of shared/examples in tests/fixtures).
fn examples(name: &str) -> String {
    path(&format!("tests/fixtures/{name}"))
}

fn fit(args: &[&str]) -> FitJson {
    let mut all = vec!["fit", "-o", "json"];
    all.extend_from_slice(args);
    let out = kplan(&all);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("fit JSON")
}

fn temp_file(name: &str, text: &str) -> String {
    let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fargate-{}-{name}", std::process::id()));
    std::fs::write(&p, text).expect("write");
    p.display().to_string()
}

/// 0.25 vCPU / 0.5 GB in us-east-1: 0.25 x 0.04048 + 0.5 x 0.004445.
const SMALLEST: f64 = 0.0123425;

#[test]
fn compare_on_online_boutique() {
    let j = fit(&[
        &path("tests/fixtures/fargate/online-boutique.yaml"),
        "--fargate",
        "compare",
    ]);
    let f = j.fargate.expect("fargate section");
    assert_eq!(f.mode, "compare");
    assert_eq!(f.workloads.len(), 12);
    assert!(
        f.workloads
            .iter()
            .all(|w| w.eligible && w.pods_on_fargate == 0)
    );
    let size = |name: &str| {
        let w = f.workloads.iter().find(|w| w.workload == name).unwrap();
        (w.size.clone().unwrap(), w.fargate_usd_per_hour.unwrap())
    };
    // frontend 100m/64Mi -> 0.25 vCPU / 0.5 GB; loadgenerator 300m/256Mi -> 0.5 vCPU / 1 GB
    // (0.5 x 0.04048 + 1 x 0.004445 = 0.024685).
    assert_eq!(size("frontend"), ("0.25vCPU 0.5GB".into(), SMALLEST));
    assert_eq!(size("loadgenerator"), ("0.5vCPU 1GB".into(), 0.024685));
    let total: f64 = f
        .workloads
        .iter()
        .filter_map(|w| w.fargate_usd_per_hour)
        .sum();
    assert!(
        (total - (11.0 * SMALLEST + 0.024685)).abs() < 1e-6,
        "{total}"
    );
    // The EC2 shares add up to the EC2 plan's cost.
    let shares: f64 = f.workloads.iter().map(|w| w.ec2_share_usd_per_hour).sum();
    assert!(
        (shares - j.usd_per_hour).abs() < 1e-5,
        "{shares} vs {}",
        j.usd_per_hour
    );
}

#[test]
fn compare_on_the_sample_workloads() {
    let j = fit(&[&examples("small-pods.yaml"), "--fargate", "compare"]);
    let f = j.fargate.unwrap();
    // edge-proxy 2,000 x 50m/64Mi and sidecar-jobs 500 x 25m/32Mi: all 0.25 vCPU / 0.5 GB.
    let w: Vec<(String, f64)> = f
        .workloads
        .iter()
        .map(|w| (w.workload.clone(), w.fargate_usd_per_hour.unwrap()))
        .collect();
    assert_eq!(w[0].0, "edge-proxy");
    assert!((w[0].1 - 2000.0 * SMALLEST).abs() < 1e-6);
    assert!((w[1].1 - 500.0 * SMALLEST).abs() < 1e-6);
    // Dense small pods: EC2 is cheaper, so mixed keeps them there.
    let m = fit(&[&examples("small-pods.yaml"), "--fargate", "mixed"]);
    assert!(m.fargate.unwrap().pods.is_empty());
    assert!(m.usd_per_hour <= j.usd_per_hour);
    let table = stdout(&kplan(&[
        "fit",
        &examples("web-platform.yaml"),
        "--fargate",
        "compare",
    ]));
    assert!(table.contains("fargate (compare):"), "{table}");
    assert!(
        table.contains("| cache    |    6 | 1/12Gi     | 2vCPU 13GB "),
        "{table}"
    );
}

#[test]
fn mixed_is_cheaper_where_few_small_pods_would_need_a_node() {
    let f = temp_file(
        "api.yaml",
        "nodes: {families: [m5]}\nworkloads: [{name: api, replicas: 3, cpu: 250m, memory: 512Mi}]\n",
    );
    // EC2 only: one m5.large, 0.096 USD/hour. Mixed: 3 x 0.25 vCPU / 1 GB = 3 x 0.014565.
    let j = fit(&[&f, "--fargate", "mixed"]);
    assert!((j.usd_per_hour - 0.043695).abs() < 1e-9);
    assert!(j.node_groups.is_empty());
    let fj = j.fargate.unwrap();
    assert_eq!(fj.ec2_only_usd_per_hour, 0.096);
    assert_eq!(fj.pods.len(), 1);
    assert_eq!(
        (
            fj.pods[0].pods,
            fj.pods[0].size.as_str(),
            fj.pods[0].usd_per_hour_each
        ),
        (3, "0.25vCPU 1GB", 0.014565)
    );
    // -o eksctl carries the Fargate profile selecting the workload.
    let y = stdout(&kplan(&["fit", &f, "--fargate", "mixed", "-o", "eksctl"]));
    assert!(
        y.contains("fargateProfiles:\n- name: fp-default\n  selectors:\n  - namespace: default\n    labels:\n      app: api\n"),
        "{y}"
    );
    // subnet size --plan: one address per Fargate pod, spread over the default 3 zones.
    let plan = temp_file(
        "api.json",
        &stdout(&kplan(&["fit", &f, "--fargate", "mixed", "-o", "json"])),
    );
    let out = kplan(&["subnet", "size", "--plan", &plan, "-o", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let s: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for z in s["zones"].as_array().unwrap() {
        assert_eq!(
            (z["pods"].as_u64(), z["in_use_ipv4"].as_u64()),
            (Some(1), Some(1)),
            "{z}"
        );
    }
}

#[test]
fn subnet_counts_fargate_pods_in_their_zone() {
    let f = temp_file(
        "zones.yaml",
        "zones: 2\nnodes: {instanceTypes: [m5.large]}\nworkloads:\n  - {name: api, replicas: 5, cpu: 250m, memory: 512Mi, spreadZones: true}\n  - {name: db, replicas: 1, cpu: 1, memory: 4Gi, fargate: false}\n",
    );
    let j = fit(&[&f, "--fargate", "only"]);
    let fj = j.fargate.unwrap();
    // 5 api pods spread: 3 in a, 2 in b, all on Fargate; db on one m5.large.
    let pods: Vec<(Option<String>, u32)> =
        fj.pods.iter().map(|p| (p.zone.clone(), p.pods)).collect();
    assert_eq!(pods, [(Some("a".into()), 3), (Some("b".into()), 2)]);
    let plan = temp_file(
        "zones.json",
        &serde_json::to_string(&serde_json::json!({
            "kind": "fit",
            "node_groups": j.node_groups,
            "fargate": {"pods": fj.pods},
        }))
        .unwrap(),
    );
    let bare = temp_file(
        "zones-ec2.json",
        &serde_json::to_string(&serde_json::json!({"kind": "fit", "node_groups": j.node_groups}))
            .unwrap(),
    );
    let size = |plan: &str| -> serde_json::Value {
        let out = kplan(&[
            "subnet", "size", "--plan", plan, "--zones", "a,b", "-o", "json",
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let (with, without) = (size(&plan), size(&bare));
    let in_use = |v: &serde_json::Value, i: usize| v["zones"][i]["in_use_ipv4"].as_u64().unwrap();
    // Fargate adds one address per pod in its zone: 3 in a, 2 in b, no warm pool.
    assert_eq!(in_use(&with, 0), in_use(&without, 0) + 3);
    assert_eq!(in_use(&with, 1), in_use(&without, 1) + 2);
    assert_eq!(
        with["zones"][0]["warm_ipv4"],
        without["zones"][0]["warm_ipv4"]
    );
}

#[test]
fn ineligible_workloads_stay_on_ec2_with_the_reason() {
    let j = fit(&[
        &path("tests/fixtures/fargate/ineligible.yaml"),
        "--fargate",
        "only",
    ]);
    let f = j.fargate.unwrap();
    let reason = |name: &str| {
        let w = f
            .workloads
            .iter()
            .find(|w| w.workload.ends_with(name))
            .unwrap();
        assert_eq!(w.pods_on_fargate, 0, "{name}");
        w.reason.clone().unwrap_or_default()
    };
    assert!(reason("trainer").contains("nvidia.com/gpu: Fargate has no GPU"));
    assert!(reason("edge").contains("hostNetwork"));
    assert!(reason("batch").contains("needs 20 vCPU"));
    let web = f
        .workloads
        .iter()
        .find(|w| w.workload.ends_with("web"))
        .unwrap();
    assert_eq!(
        (web.pods_on_fargate, web.size.as_deref()),
        (3, Some("0.25vCPU 1GB"))
    );
    let table = stdout(&kplan(&[
        "fit",
        &path("tests/fixtures/fargate/ineligible.yaml"),
        "--fargate",
        "only",
    ]));
    assert!(
        table.contains("not on fargate: daemonsets aws-node, kube-proxy, log-agent: DaemonSets do not run on Fargate"),
        "{table}"
    );
    // The profile selects the Fargate workload by its namespace and labels.
    let y = stdout(&kplan(&[
        "fit",
        &path("tests/fixtures/fargate/ineligible.yaml"),
        "--fargate",
        "only",
        "-o",
        "eksctl",
    ]));
    assert!(
        y.contains("- name: fp-shop\n  selectors:\n  - namespace: shop\n    labels:\n      app: web\n      tier: front\n"),
        "{y}"
    );
}

#[test]
fn regions_without_rates_are_an_input_error() {
    let out = kplan(&[
        "fit",
        &examples("small-pods.yaml"),
        "--region",
        "eu-west-1",
        "--fargate",
        "compare",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("Fargate's rates for us-east-1 only, not eu-west-1"));
}

#[test]
fn a_pod_only_fargate_holds_goes_there_in_mixed_and_only() {
    // 6 CPU / 12Gi per pod; the allowed types m5.large (2 vCPUs) and m5.xlarge (4) hold none.
    // Fargate: 6 vCPU -> the 8 vCPU row; 12 GiB + 256 MiB = 12.25 GB -> 8 vCPU's smallest
    // memory, 16 GB (8 vCPU: 16-60 GB in 4 GB steps). 8 x 0.04048 + 16 x 0.004445 =
    // 0.32384 + 0.07112 = 0.39496 USD/hour each, 2 pods = 0.78992. `db` (fargate: false) on
    // one m5.large, 0.096 (us-east-1 on-demand, shared/reference/on-demand-prices.csv):
    // 0.88592 in all.
    let f = temp_file(
        "misfit.yaml",
        "nodes: {instanceTypes: [m5.large, m5.xlarge]}\nworkloads:\n  - {name: big, replicas: 2, cpu: 6, memory: 12Gi}\n  - {name: db, replicas: 1, cpu: 1, memory: 2Gi, fargate: false}\n",
    );
    for mode in ["mixed", "only"] {
        let j = fit(&[&f, "--fargate", mode]);
        assert!(
            (j.usd_per_hour - 0.88592).abs() < 1e-9,
            "{mode}: {}",
            j.usd_per_hour
        );
        let fj = j.fargate.unwrap();
        assert_eq!(fj.pods.len(), 1, "{mode}");
        assert_eq!(
            (
                fj.pods[0].workload.as_str(),
                fj.pods[0].pods,
                fj.pods[0].size.as_str(),
                fj.pods[0].usd_per_hour_each
            ),
            ("big", 2, "8vCPU 16GB", 0.39496),
            "{mode}"
        );
        // The EC2-only plan places db and not big.
        assert_eq!(
            (fj.ec2_only_usd_per_hour, fj.ec2_only_unplaced_pods),
            (0.096, 2),
            "{mode}"
        );
        let table = stdout(&kplan(&["fit", &f, "--fargate", mode]));
        assert!(
            table.contains("EC2 only: 2 pods fit no allowed instance type"),
            "{table}"
        );
    }
    // compare and off: still infeasible (exit 1), naming what the pod lacks.
    for mode in ["compare", "off"] {
        let out = kplan(&["fit", &f, "--fargate", mode]);
        assert_eq!(code(&out), 1, "{mode}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(
                "workload 'big' (requests 6 CPU, 12Gi memory per pod) fits no allowed instance type"
            ),
            "{mode}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn markdown_has_the_fargate_section_with_escaped_names() {
    // Same figures as `a_pod_only_fargate_holds_goes_there_in_mixed_and_only`: `big|x` on
    // Fargate at 8vCPU 16GB, 0.39496 USD/hour each (8 x 0.04048 + 16 x 0.004445), 2 pods =
    // 0.78992; db on one m5.large, 0.096. The `|` in the name is escaped so the row keeps
    // its 7 cells.
    let f = temp_file(
        "md.yaml",
        "nodes: {instanceTypes: [m5.large, m5.xlarge]}\nworkloads:\n  - {name: 'big|x', replicas: 2, cpu: 6, memory: 12Gi}\n  - {name: db, replicas: 1, cpu: 1, memory: 2Gi, fargate: false}\n",
    );
    let out = kplan(&["fit", &f, "--fargate", "mixed", "-o", "markdown"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.starts_with("### kplan fit: 0.8859 USD/hour"), "{md}");
    assert!(md.contains("#### Fargate (mixed)"), "{md}");
    assert!(
        md.contains("| big\\|x | 2 | 6/12Gi | 8vCPU 16GB | 0.7899 | 0.0000 | fargate |"),
        "{md}"
    );
    assert!(md.contains("| db | 1 | 1/2Gi | not eligible: fargate: false in the workload file | - | 0.0960 | ec2 |"), "{md}");
    assert!(md.contains("- Fargate: 2 pods, 0.7899 USD/hour of the plan's cost (one subnet address each); EC2 only: 2 pods fit no allowed instance type."), "{md}");
}
