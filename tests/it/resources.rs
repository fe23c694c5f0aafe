//! Resources beyond CPU, memory and pods (issue 13): `kplan pods` against Karpenter's published
//! allocatable (karpenter-instance-types.csv) and the EBS CSI driver's table
//! (ebs-volume-limits.csv); `kplan fit` with GPUs, EBS volumes and bad input.

use crate::util::{code, kplan, stderr, stdout};
use kplan::commands::fit::FitJson;
use kplan::commands::pods::{PodsJson, TypeJson};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

fn source(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data/sources")
        .join(name);
    std::fs::read_to_string(p).expect("source file")
}

/// Every type of the embedded catalog, as `kplan pods '*' --max-pods max-allowed` gives it.
fn all_types() -> &'static BTreeMap<String, TypeJson> {
    static ALL: OnceLock<BTreeMap<String, TypeJson>> = OnceLock::new();
    ALL.get_or_init(|| {
        let out = kplan(&["pods", "*", "--max-pods", "max-allowed", "-o", "json"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let j: PodsJson = serde_json::from_str(&stdout(&out)).expect("pods JSON");
        j.instance_types
            .into_iter()
            .map(|t| (t.instance_type.clone(), t))
            .collect()
    })
}

/// Karpenter's rows: type -> column -> cell.
fn karpenter() -> Vec<BTreeMap<String, String>> {
    let text = source("karpenter-instance-types.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

/// Compares one `alloc:` column (empty = 0) with kplan's figure; returns the mismatches.
fn compare(
    column: &str,
    ours: impl Fn(&TypeJson) -> Option<u64>,
) -> Vec<(String, String, Option<u64>)> {
    let all = all_types();
    let rows = karpenter();
    assert_eq!(rows.len(), 1363);
    let mut bad = Vec::new();
    for r in &rows {
        let name = &r["instance_type"];
        let t = all.get(name).unwrap_or_else(|| panic!("{name} missing"));
        let cell = &r[&format!("alloc:{column}")];
        let want: u64 = if cell.is_empty() {
            0
        } else {
            cell.parse().unwrap()
        };
        let got = ours(t);
        if got != Some(want) {
            bad.push((name.clone(), cell.clone(), got));
        }
    }
    bad
}

fn res(t: &TypeJson) -> &kplan::commands::pods::ResourcesJson {
    t.resources.as_ref().expect("resources")
}

#[test]
fn ephemeral_storage_equals_karpenter_on_every_row() {
    let all = all_types();
    let mut checked = 0;
    for r in karpenter() {
        let t = &all[&r["instance_type"]];
        // Every row is 17Gi: AL2023's 20Gi root volume - 1Gi kube-reserved - 10% eviction.
        assert_eq!(r["alloc:ephemeral-storage"], "17Gi");
        assert_eq!(res(t).ephemeral_storage_allocatable_bytes, Some(17 << 30));
        checked += 1;
    }
    assert_eq!(checked, 1363);
}

#[test]
fn nvidia_gpu_equals_karpenter() {
    let bad = compare("nvidia-gpu", |t| res(t).nvidia_gpu.map(u64::from));
    assert!(bad.is_empty(), "{bad:?}");
}

#[test]
fn amd_gpu_equals_karpenter() {
    let bad = compare("amd-gpu", |t| res(t).amd_gpu.map(u64::from));
    assert!(bad.is_empty(), "{bad:?}");
}

/// The g4ad types are in no source kplan takes Neuron or EFA from (moto lacks them): unknown,
/// never filled from the table they are checked against.
fn only_g4ad_unknown(bad: &[(String, String, Option<u64>)]) {
    assert_eq!(bad.len(), 5, "{bad:?}");
    assert!(
        bad.iter()
            .all(|(n, cell, got)| n.starts_with("g4ad.") && cell.is_empty() && got.is_none()),
        "{bad:?}"
    );
}

#[test]
fn efa_equals_karpenter() {
    only_g4ad_unknown(&compare("efa", |t| res(t).efa.map(u64::from)));
    assert_eq!(res(&all_types()["p5.48xlarge"]).efa, Some(32));
}

#[test]
fn neuron_equals_karpenter() {
    only_g4ad_unknown(&compare("neuron", |t| res(t).neuron.map(u64::from)));
}

#[test]
fn neuroncore_equals_karpenter() {
    only_g4ad_unknown(&compare("neuroncore", |t| res(t).neuroncore.map(u64::from)));
    let t = &all_types()["inf2.48xlarge"];
    assert_eq!((res(t).neuron, res(t).neuroncore), (Some(12), Some(24)));
}

/// pod-eni: 1307 rows equal; the other 56 are table drift (design note): Karpenter's docs were
/// generated with the May table, kplan carries the newer one (karpenter-vpc-limits.csv).
#[test]
fn pod_eni_equals_karpenter_but_table_drift() {
    let mut bad = compare("pod-eni", |t| res(t).pod_eni.map(u64::from));
    // Eight types are in neither VPC table: Karpenter shows 0, kplan says unknown.
    let unknown: Vec<String> = bad
        .iter()
        .filter(|(_, cell, got)| cell.is_empty() && got.is_none())
        .map(|(n, _, _)| n.clone())
        .collect();
    assert_eq!(unknown.len(), 8, "{unknown:?}");
    assert!(
        unknown
            .iter()
            .all(|n| n.starts_with("hpc") || n == "trn2.48xlarge"),
        "{unknown:?}"
    );
    bad.retain(|(n, _, _)| !unknown.contains(n));
    assert_eq!(bad.len(), 56, "{bad:?}");
    for (name, cell, got) in &bad {
        if name == "i4i.large" {
            // Non-trunking in May, trunking with 9 branch ENIs now.
            assert_eq!((cell.as_str(), *got), ("", Some(9)));
            continue;
        }
        let family = name.split('.').next().unwrap();
        let listed = ["c9g", "c9gd", "hpc7g"].contains(&family) || name.contains("metal");
        assert!(
            listed && cell.is_empty() && got.unwrap_or(0) > 0,
            "{name} {cell} {got:?}"
        );
    }
}

/// EBS attachments: every special row of the driver's table, and the general rule (shared 27)
/// for every other type; count = limit - root volume - (ENIs beyond the first, when shared).
#[test]
fn ebs_attachments_follow_the_driver() {
    let all = all_types();
    let text = source("ebs-volume-limits.csv");
    let mut special = std::collections::BTreeSet::new();
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let (name, dedicated, shared) = (c[0], c[1], c[2]);
        special.insert(name.to_string());
        let Some(t) = all.get(name) else { continue };
        let r = res(t);
        let (limit, is_shared) = if dedicated.is_empty() {
            (shared.parse::<u32>().unwrap(), true)
        } else {
            (dedicated.parse::<u32>().unwrap(), false)
        };
        assert_eq!(
            (r.ebs_limit, r.ebs_limit_shared),
            (Some(limit), Some(is_shared)),
            "{name}"
        );
        let enis = if is_shared { t.enis.max(1) - 1 } else { 0 };
        let want = (i64::from(limit) - 1 - i64::from(enis)).max(1) as u32;
        assert_eq!(r.ebs_volumes, Some(want), "{name}");
    }
    assert_eq!(special.len(), 1102);
    for (name, t) in all {
        if !special.contains(name) {
            let r = res(t);
            assert_eq!(
                (r.ebs_limit, r.ebs_limit_shared),
                (Some(27), Some(true)),
                "{name}"
            );
        }
    }
    // Worked examples of the design note: m5.large (3 ENIs) 24, m7i.large 31, m4.large 38,
    // c5d.24xlarge 23 - 1 - 14 = 8 with all its 15 ENIs.
    let v = |n: &str| res(&all[n]).ebs_volumes;
    assert_eq!(v("m5.large"), Some(24));
    assert_eq!(v("m7i.large"), Some(31));
    assert_eq!(v("m4.large"), Some(38));
    assert_eq!(v("c5d.24xlarge"), Some(8));
}

#[test]
fn raid0_and_root_volume_flags() {
    let out = kplan(&[
        "pods",
        "c5d.large",
        "m6id.large",
        "i4i.xlarge",
        "--instance-store-raid0",
        "-o",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: PodsJson = serde_json::from_str(&stdout(&out)).unwrap();
    let gib = |t: &TypeJson| {
        res(t).ephemeral_storage_allocatable_bytes.unwrap() as f64 / (1u64 << 30) as f64
    };
    let by: BTreeMap<&str, f64> = j
        .instance_types
        .iter()
        .map(|t| (t.instance_type.as_str(), gib(t)))
        .collect();
    // shared/design/extended-resources.md: 40.9, 97.9, 784.4 GiB.
    assert_eq!(format!("{:.1}", by["c5d.large"]), "40.9");
    assert_eq!(format!("{:.1}", by["m6id.large"]), "97.9");
    assert_eq!(format!("{:.1}", by["i4i.xlarge"]), "784.4");
    let out = kplan(&["pods", "m5.large", "--root-volume", "100Gi"]);
    let table = stdout(&out);
    // 100Gi - 1Gi - 10Gi = 89Gi, shown because it is not the default 17Gi.
    assert!(
        table.contains("EPHEMERAL GIB") && table.contains("89.0"),
        "{table}"
    );
    let out = kplan(&["pods", "p5.48xlarge"]);
    let table = stdout(&out);
    assert!(
        table.contains("NVIDIA GPU") && table.contains("EFA"),
        "{table}"
    );
    assert!(!table.contains("NEURON"), "{table}");
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/resources")
        .join(name)
        .display()
        .to_string()
}

fn write(name: &str, yaml: &str) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("res-{name}.yaml"));
    std::fs::write(&path, yaml).unwrap();
    path.display().to_string()
}

fn fit(path: &str) -> FitJson {
    let out = kplan(&["fit", path, "-o", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("fit JSON")
}

fn nvidia(t: &str) -> u32 {
    res(&all_types()[t]).nvidia_gpu.unwrap_or(0)
}

#[test]
fn vllm_example_plans_on_an_nvidia_gpu() {
    let j = fit(&fixture("vllm.yaml"));
    assert!(!j.node_groups.is_empty());
    for g in &j.node_groups {
        assert!(nvidia(&g.instance_type) >= 1, "{}", g.instance_type);
        let gpu = &g.resources["nvidia.com/gpu"];
        assert!(gpu.requested <= gpu.allocatable && gpu.requested >= 1);
        let eph = &g.resources["ephemeral-storage"];
        assert!(eph.requested <= eph.allocatable);
    }
}

#[test]
fn gpu_workload_file_and_accelerator_taint() {
    let p = write(
        "gpu",
        "nodes: {acceleratorsTainted: true}\nworkloads:\n  - {name: infer, replicas: 3, cpu: 2, memory: 8Gi, gpu: 1}\n  - {name: web, replicas: 4, cpu: 500m, memory: 1Gi}\n",
    );
    let j = fit(&p);
    let mut gpus = 0;
    for g in &j.node_groups {
        let n = nvidia(&g.instance_type);
        let infer = g.pods_per_node.get("infer").copied().unwrap_or(0);
        let web = g.pods_per_node.get("web").copied().unwrap_or(0);
        assert!(infer <= n, "{} {infer} > {n}", g.instance_type);
        if n > 0 {
            assert_eq!(web, 0, "web on a tainted GPU node {}", g.instance_type);
        }
        gpus += infer * g.count;
    }
    assert_eq!(gpus, 3);
}

#[test]
fn ebs_volumes_limit_pods_per_node() {
    // 30 replicas with 2 EBS volumes each and tiny requests: volumes bind before CPU.
    let p = write(
        "ebs",
        "nodes: {instanceTypes: [m5.large]}\nworkloads:\n  - {name: db, replicas: 30, cpu: 10m, memory: 16Mi, volumes: 2}\n",
    );
    let j = fit(&p);
    let mut placed = 0;
    for g in &j.node_groups {
        let per = g.pods_per_node["db"];
        // m5.large: 27 - 1 root - 2 more ENIs = 24 attachments: 12 pods of 2 volumes.
        assert!(
            per * 2 <= 24,
            "{per} pods x 2 volumes on {}",
            g.instance_type
        );
        assert_eq!(g.resources["ebs.csi.aws.com"].allocatable, 24);
        placed += per * g.count;
    }
    assert_eq!(placed, 30);
    assert_eq!(j.nodes, 3);
}

#[test]
fn bad_resource_input_is_one_line() {
    for (yaml, exit, want) in [
        ("gpu: -1", 2, "negative"),
        ("gpu: 0.5", 2, "not a whole number"),
        ("ephemeralStorage: 5OOGi", 2, "5OOGi"),
        ("gpu: 100", 1, "nvidia.com/gpu"),
        ("ephemeralStorage: 100Ti", 1, "ephemeral-storage"),
    ] {
        let p = write(
            "bad",
            &format!("workloads:\n  - {{name: a, replicas: 1, cpu: 1, memory: 1Gi, {yaml}}}\n"),
        );
        let out = kplan(&["fit", &p]);
        let err = stderr(&out);
        assert_eq!(code(&out), exit, "{yaml}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{yaml}: {err}");
        assert!(err.contains(want), "{yaml}: {err}");
        assert!(!err.contains("panicked"), "{yaml}: {err}");
    }
}
