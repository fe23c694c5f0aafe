//! `kplan fit` on Kubernetes manifests and Karpenter NodePools: the sample manifests plan like
//! their kplan equivalent, every input form, every mapped constraint and NodePool operator, the
//! outputs that paste (parsed back), `--current`, a real project end to end, and bad manifests.

use crate::util::{code, kplan, kplan_with_stdin, stderr, stdout};
use kplan::catalog::Catalog;
use kplan::commands::fit::FitJson;
use kplan::workload::k8s::convert::{self, Options};
use kplan::workload::k8s::parse_source;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/k8s")
        .join(name)
        .display()
        .to_string()
}

/// 77 types of the embedded catalog (c/m/r 5-7, Graviton, t3, metal, g5), us-east-1 prices.
fn catalog_path() -> String {
    fixture("catalog.jsonl")
}

fn catalog() -> Catalog {
    Catalog::load(std::path::Path::new(&catalog_path())).expect("fixture catalog")
}

/// A directory under the target dir, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new() -> Dir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "k8s-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&p).expect("temp dir");
        Dir(p)
    }
    fn file(&self, name: &str, text: &str) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, text).expect("write");
        p.display().to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fit_json(args: &[&str]) -> FitJson {
    let cat = catalog_path();
    let mut all = vec!["fit", "--catalog", cat.as_str(), "-o", "json"];
    all.extend_from_slice(args);
    let out = kplan(&all);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("fit JSON")
}

/// One node group as a comparable row: (type, zone, count, pods per node).
type Row = (String, Option<String>, u32, Vec<(String, u32)>);

/// The plan as comparable rows.
fn rows(j: &FitJson) -> Vec<Row> {
    j.node_groups
        .iter()
        .map(|g| {
            (
                g.instance_type.clone(),
                g.zone.clone(),
                g.count,
                g.pods_per_node
                    .iter()
                    .map(|(k, v)| (k.clone(), *v))
                    .collect(),
            )
        })
        .collect()
}

fn types(j: &FitJson) -> BTreeSet<String> {
    j.node_groups
        .iter()
        .map(|g| g.instance_type.clone())
        .collect()
}

/// Pods of `workload` the plan places (over all nodes).
fn placed(j: &FitJson, workload: &str) -> u32 {
    j.node_groups
        .iter()
        .map(|g| g.count * g.pods_per_node.get(workload).copied().unwrap_or(0))
        .sum()
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: NAME}\nspec:\n  replicas: REPLICAS\n  selector: {matchLabels: {app: NAME}}\n  template:\n    metadata: {labels: {app: NAME}}\n    spec:\nEXTRA      containers:\n        - name: c\n          resources: {requests: {cpu: 500m, memory: 1Gi}}\n";

/// A Deployment `name` with `replicas` pods of 500m / 1Gi and extra pod-spec lines.
fn deploy(name: &str, replicas: u32, extra: &str) -> String {
    DEPLOY
        .replace("NAME", name)
        .replace("REPLICAS", &replicas.to_string())
        .replace("EXTRA", extra)
}

fn nodepool(name: &str, requirements: &str, more: &str) -> String {
    format!(
        "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {{name: {name}}}\nspec:\n  template:\n    spec:\n      nodeClassRef: {{group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}}\n      requirements:\n{requirements}{more}"
    )
}

#[test]
fn shop_manifests_give_the_same_plan_as_the_kplan_file() {
    let k8s = fit_json(&[&fixture("shop/shop.yaml"), &fixture("shop/nodepool.yaml")]);
    let own = fit_json(&[&fixture("shop-equivalent.yaml")]);
    assert_eq!(rows(&k8s), rows(&own));
    assert_eq!(k8s.usd_per_hour, own.usd_per_hour);
    assert_eq!((k8s.zones, k8s.region.as_str()), (3, "us-east-1"));
    // 12 storefront + 6 checkout + 3 postgres, every pod placed; the Service is noted.
    for (w, n) in [("storefront", 12), ("checkout", 6), ("postgres", 3)] {
        assert_eq!(placed(&k8s, w), n, "{w}");
    }
    assert!(k8s.notes.iter().any(|n| n.contains("skipped 1 Service")));
    // The node-exporter DaemonSet is counted on every node, as in the kplan file.
    let ds: Vec<&str> = k8s.daemonsets.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(ds, ["aws-node", "kube-proxy", "node-exporter"]);
}

#[test]
fn input_forms_file_directory_stdin_and_list_agree() {
    let files = fit_json(&[&fixture("shop/shop.yaml"), &fixture("shop/nodepool.yaml")]);
    let dir = fit_json(&[&fixture("shop")]);
    assert_eq!(rows(&dir), rows(&files));
    let shop = std::fs::read_to_string(fixture("shop/shop.yaml")).unwrap();
    let cat = catalog_path();
    let np = fixture("shop/nodepool.yaml");
    let out = kplan_with_stdin(&["fit", "--catalog", &cat, "-o", "json", "-", &np], &shop);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let piped: FitJson = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows(&piped), rows(&files));
    // The same objects as one `kind: List` (what `kubectl get -o yaml` prints).
    let mut items = Vec::new();
    for d in yaml_serde::Deserializer::from_str(&shop) {
        let v: yaml_serde::Value = serde::Deserialize::deserialize(d).unwrap();
        items.push(v);
    }
    let mut list = yaml_serde::Mapping::new();
    list.insert("apiVersion".into(), "v1".into());
    list.insert("kind".into(), "List".into());
    list.insert("items".into(), yaml_serde::Value::Sequence(items));
    let tmp = Dir::new();
    let list = tmp.file("list.json", &serde_json::to_string(&list).unwrap());
    let listed = fit_json(&[&list, &np]);
    assert_eq!(rows(&listed), rows(&files));
    // Directories are read recursively; only *.yaml, *.yml and *.json count.
    let nested = Dir::new();
    std::fs::create_dir_all(nested.0.join("apps/shop")).unwrap();
    nested.file("apps/shop/shop.yml", &shop);
    nested.file("nodepool.yaml", &std::fs::read_to_string(&np).unwrap());
    nested.file("README.md", "not: [yaml");
    let from_tree = fit_json(&[&nested.0.display().to_string()]);
    assert_eq!(rows(&from_tree), rows(&files));
}

#[test]
fn nodepool_output_parses_back_to_the_plan_types() {
    let cat = catalog_path();
    let shop = fixture("shop/shop.yaml");
    let out = kplan(&[
        "fit",
        "--catalog",
        &cat,
        &shop,
        &fixture("shop/nodepool.yaml"),
        "-o",
        "nodepool",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("kind: NodePool") && text.contains("name: general"),
        "{text}"
    );
    // Limits of the input NodePool are carried over.
    let doc = &schema::documents(&text)[0];
    assert_eq!(
        doc["spec"]["limits"],
        serde_json::json!({"cpu": "200", "memory": "800Gi"}),
        "{text}"
    );
    let plan = fit_json(&[&shop, &fixture("shop/nodepool.yaml")]);
    // As a NodePool input, it allows exactly the plan's types...
    let objs = parse_source("nodepool-out.yaml", &text).unwrap();
    let input = convert::to_workload(
        &[
            objs,
            parse_source("shop.yaml", &std::fs::read_to_string(&shop).unwrap()).unwrap(),
        ]
        .concat(),
        &catalog(),
        &Options::default(),
    )
    .unwrap();
    let allowed: BTreeSet<String> = input.pools[0].types.iter().cloned().collect();
    assert_eq!(allowed, types(&plan));
    // ...and planning with it gives the same plan.
    let tmp = Dir::new();
    let back = tmp.file("np.yaml", &text);
    assert_eq!(rows(&fit_json(&[&shop, &back])), rows(&plan));
}

/// The types a catalog filter allows, computed from the catalog fields (independently of the
/// label code).
fn expect_types(f: impl Fn(&kplan::catalog::InstanceType) -> bool) -> Vec<String> {
    catalog()
        .types
        .iter()
        .filter(|t| f(t))
        .map(|t| t.name.clone())
        .collect()
}

fn pool_types(requirements: &str) -> Vec<String> {
    let text = nodepool("p", requirements, "");
    let objs = [
        parse_source("np.yaml", &text).unwrap(),
        parse_source("d.yaml", &deploy("a", 1, "")).unwrap(),
    ]
    .concat();
    let input = convert::to_workload(&objs, &catalog(), &Options::default()).unwrap();
    input.pools[0].types.clone()
}

#[test]
fn every_nodepool_operator_selects_the_right_types() {
    let r = |k: &str, op: &str, v: &str| {
        format!("        - {{key: {k}, operator: {op}, values: {v}}}\n")
    };
    let cat = "karpenter.k8s.aws/instance-category";
    assert_eq!(
        pool_types(&r(cat, "In", "[c, r]")),
        expect_types(|t| t.category == "c" || t.category == "r")
    );
    assert_eq!(
        pool_types(&r(cat, "NotIn", "[c, r]")),
        expect_types(|t| t.category != "c" && t.category != "r")
    );
    let gen_ = "karpenter.k8s.aws/instance-generation";
    assert_eq!(
        pool_types(&r(gen_, "Gt", "['6']")),
        expect_types(|t| t.generation.is_some_and(|g| g > 6))
    );
    assert_eq!(
        pool_types(&r(gen_, "Lt", "['6']")),
        expect_types(|t| t.generation.is_some_and(|g| g < 6))
    );
    let mem = "karpenter.k8s.aws/instance-memory";
    assert_eq!(
        pool_types(&r(mem, "Gt", "[16384]")),
        expect_types(|t| t.memory_mib.is_some_and(|m| m > 16384))
    );
    let gpu = "karpenter.k8s.aws/instance-gpu-count";
    let exists = format!("        - {{key: {gpu}, operator: Exists}}\n");
    let gpus = pool_types(&exists);
    assert_eq!(gpus, expect_types(|t| t.gpu.is_some()));
    assert_eq!(gpus, ["g5.2xlarge", "g5.xlarge"]);
    let none = format!("        - {{key: {gpu}, operator: DoesNotExist}}\n");
    assert_eq!(pool_types(&none), expect_types(|t| t.gpu.is_none()));
    // Several requirements are ANDed: the shop NodePool.
    let shop = pool_types(&format!(
        "{}{}{}",
        r(cat, "In", "[c, m, r]"),
        r(gen_, "Gt", "['5']"),
        r(
            "karpenter.k8s.aws/instance-size",
            "NotIn",
            "[metal, metal-24xl, metal-48xl]"
        )
    ));
    assert_eq!(
        shop,
        expect_types(|t| ["c", "m", "r"].contains(&t.category.as_str())
            && t.generation.is_some_and(|g| g > 5)
            && !t.size.starts_with("metal"))
    );
    assert!(shop.contains(&"m7g.xlarge".to_string()) && !shop.contains(&"m6i.metal".to_string()));
}

#[test]
fn bad_operator_and_values_exit_2_naming_the_requirement() {
    let tmp = Dir::new();
    let np = tmp.file(
        "np.yaml",
        &nodepool(
            "p",
            "        - {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: [a, b]}\n",
            "",
        ),
    );
    let d = tmp.file("d.yaml", &deploy("a", 1, ""));
    let cat = catalog_path();
    let out = kplan(&["fit", "--catalog", &cat, &d, &np]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("np.yaml: document 1 (NodePool p): spec.template.spec.requirements[0]: operator Gt needs exactly one integer value"),
        "{}",
        stderr(&out)
    );
}

fn pod_types(extra: &str) -> BTreeSet<String> {
    let tmp = Dir::new();
    let d = tmp.file("d.yaml", &deploy("a", 4, extra));
    types(&fit_json(&["--zones", "1", &d]))
}

#[test]
fn node_selectors_and_required_affinity_pick_types() {
    let cat = catalog();
    let get = |n: &str| cat.get(n).unwrap().clone();
    // instance-type
    assert_eq!(
        pod_types("      nodeSelector: {node.kubernetes.io/instance-type: m6i.xlarge}\n"),
        BTreeSet::from(["m6i.xlarge".to_string()])
    );
    // arch
    for t in pod_types("      nodeSelector: {kubernetes.io/arch: arm64}\n") {
        assert_eq!(get(&t).architectures, ["arm64"], "{t}");
    }
    // family, category, generation, size, cpu through nodeSelector and required affinity
    for t in pod_types("      nodeSelector: {karpenter.k8s.aws/instance-family: r6i}\n") {
        assert_eq!(get(&t).family, "r6i");
    }
    for t in pod_types(
        "      nodeSelector: {karpenter.k8s.aws/instance-category: c, karpenter.k8s.aws/instance-generation: '7'}\n",
    ) {
        assert_eq!(
            (get(&t).category.as_str(), get(&t).generation),
            ("c", Some(7))
        );
    }
    let aff = "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n              - matchExpressions:\n                  - {key: karpenter.k8s.aws/instance-size, operator: In, values: [2xlarge]}\n                  - {key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: ['4']}\n";
    for t in pod_types(aff) {
        assert_eq!((get(&t).size.as_str(), get(&t).vcpus), ("2xlarge", Some(8)));
    }
}

#[test]
fn zone_selector_pins_the_workload() {
    let tmp = Dir::new();
    let d = tmp.file(
        "d.yaml",
        &deploy(
            "a",
            3,
            "      nodeSelector: {topology.kubernetes.io/zone: us-east-1b}\n",
        ),
    );
    let j = fit_json(&[&d]);
    assert_eq!(j.zones, 3);
    assert!(
        j.node_groups.iter().all(|g| g.zone.as_deref() == Some("b")),
        "{:?}",
        rows(&j)
    );
    assert_eq!(placed(&j, "a"), 3);
}

#[test]
fn anti_affinity_and_spread_constraints() {
    let tmp = Dir::new();
    let anti = "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            - topologyKey: kubernetes.io/hostname\n              labelSelector: {matchLabels: {app: db}}\n";
    let spread_zone = "      topologySpreadConstraints:\n        - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}\n";
    let spread_host = "      topologySpreadConstraints:\n        - {maxSkew: 2, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: api}}}\n";
    let preferred = "      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 1\n              podAffinityTerm: {topologyKey: kubernetes.io/hostname}\n";
    let text = [
        deploy("db", 4, anti),
        deploy("web", 7, spread_zone),
        deploy("api", 9, spread_host),
        deploy("batch", 2, preferred),
    ]
    .join("---\n");
    let f = tmp.file("all.yaml", &text);
    let j = fit_json(&[&f]);
    for g in &j.node_groups {
        assert!(
            g.pods_per_node.get("db").copied().unwrap_or(0) <= 1,
            "{:?}",
            rows(&j)
        );
        assert!(
            g.pods_per_node.get("api").copied().unwrap_or(0) <= 2,
            "{:?}",
            rows(&j)
        );
    }
    let mut per_zone = std::collections::BTreeMap::new();
    for g in &j.node_groups {
        *per_zone.entry(g.zone.clone()).or_insert(0) +=
            g.count * g.pods_per_node.get("web").copied().unwrap_or(0);
    }
    let counts: Vec<u32> = per_zone.values().copied().collect();
    assert_eq!(counts.iter().sum::<u32>(), 7);
    assert!(
        counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1,
        "{per_zone:?}"
    );
    assert_eq!(placed(&j, "db"), 4);
    assert_eq!(placed(&j, "api"), 9);
    // The preferred rule is not modelled, and said so once.
    let n: Vec<&String> = j
        .notes
        .iter()
        .filter(|n| n.contains("preferred pod anti-affinity"))
        .collect();
    assert_eq!(n.len(), 1, "{:?}", j.notes);
}

#[test]
fn taints_keep_out_pods_without_a_toleration() {
    let tmp = Dir::new();
    let taint = "      taints:\n        - {key: dedicated, value: gpu, effect: NoSchedule}\n";
    let np = tmp.file(
        "np.yaml",
        &nodepool(
            "tainted",
            "        - {key: karpenter.k8s.aws/instance-category, operator: In, values: [m]}\n",
            taint,
        ),
    );
    let plain = tmp.file("plain.yaml", &deploy("a", 2, ""));
    let cat = catalog_path();
    let out = kplan(&["fit", "--catalog", &cat, &plain, &np]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "NodePool tainted has taint dedicated=gpu:NoSchedule the pod does not tolerate"
        ),
        "{}",
        stderr(&out)
    );
    let tol = tmp.file("tol.yaml", &deploy("a", 2, "      tolerations:\n        - {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}\n"));
    let j = fit_json(&[&tol, &np]);
    assert!(
        types(&j).iter().all(|t| t.starts_with('m')),
        "{:?}",
        types(&j)
    );
}

#[test]
fn weights_capacity_type_and_kubelet_settings_of_nodepools() {
    let tmp = Dir::new();
    let heavy = nodepool(
        "graviton",
        "        - {key: kubernetes.io/arch, operator: In, values: [arm64]}\n        - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}\n",
        "      taints:\n        - {key: arm, effect: NoSchedule}\n  weight: 50\n",
    );
    let light = nodepool(
        "intel",
        "        - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m6i, c6i]}\n        - {key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand]}\n",
        "",
    );
    let class = "apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec:\n  kubelet: {maxPods: 29, systemReserved: {cpu: 100m, memory: 100Mi}}\n";
    let pools = tmp.file(
        "pools.yaml",
        &[heavy, light, class.to_string()].join("---\n"),
    );
    let tolerant = deploy(
        "arm",
        3,
        "      tolerations: [{key: arm, operator: Exists}]\n",
    );
    let d = tmp.file("d.yaml", &[tolerant, deploy("plain", 3, "")].join("---\n"));
    let j = fit_json(&["--zones", "1", &d, &pools]);
    // Every pool allows spot: spot prices. maxPods from the EC2NodeClass.
    assert_eq!(j.capacity_type, "spot");
    assert_eq!(j.max_pods, "29");
    for g in &j.node_groups {
        let fam = g.instance_type.split('.').next().unwrap();
        if g.pods_per_node.contains_key("arm") {
            // The tolerating workload goes to the heavier (Graviton) NodePool only.
            assert!(fam.ends_with('g'), "{fam}");
            assert!(!g.pods_per_node.contains_key("plain"));
        } else {
            assert!(["m6i", "c6i"].contains(&fam), "{fam}");
        }
    }
    assert!(
        j.notes
            .iter()
            .any(|n| n.contains("arm: planned on the NodePools of weight 50 only")),
        "{:?}",
        j.notes
    );
    // -o nodepool: one NodePool per input NodePool used, each allowing the plan's types of its
    // workloads, taints and weight kept; parsed back they allow the plan's types.
    let cat = catalog_path();
    let out = kplan(&[
        "fit",
        "--catalog",
        &cat,
        "--zones",
        "1",
        &d,
        &pools,
        "-o",
        "nodepool",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let objs = parse_source("out.yaml", &text).unwrap();
    let names: Vec<&str> = objs
        .iter()
        .map(|o| o.metadata.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["graviton", "intel"]);
    assert!(
        text.contains("key: arm") && text.contains("weight: 50"),
        "{text}"
    );
    let back = convert::to_workload(
        &[
            objs,
            parse_source("d.yaml", &std::fs::read_to_string(&d).unwrap()).unwrap(),
        ]
        .concat(),
        &catalog(),
        &Options::default(),
    )
    .unwrap();
    // Spot groups: each pool allows its groups' types and their replacement sets (the types
    // that hold the same pods, docs/prices.md), at least 15 here.
    fn allowed(g: &kplan::commands::fit::NodeGroupJson) -> Vec<String> {
        let mut t = g.replacement_types.clone();
        t.push(g.instance_type.clone());
        t
    }
    let arm: BTreeSet<String> = j
        .node_groups
        .iter()
        .filter(|g| g.pods_per_node.contains_key("arm"))
        .flat_map(allowed)
        .collect();
    assert!(arm.len() >= 15, "{arm:?}");
    assert_eq!(
        back.pools[0].types.iter().cloned().collect::<BTreeSet<_>>(),
        arm
    );
    let all: BTreeSet<String> = back.pools.iter().flat_map(|p| p.types.clone()).collect();
    assert!(types(&j).is_subset(&all));
    assert_eq!(all, j.node_groups.iter().flat_map(allowed).collect());
}

#[test]
fn nodepool_limits_are_hard() {
    let tmp = Dir::new();
    let req = "        - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m6i, c6i, r6i]}\n";
    let d = tmp.file("d.yaml", &deploy("a", 20, "")); // 10 vCPU, 20 GiB of requests
    let free = tmp.file("free.yaml", &nodepool("p", req, ""));
    let unlimited = fit_json(&["--zones", "1", &d, &free]);
    let vcpus = |j: &FitJson| -> u32 { j.node_groups.iter().map(|g| g.count * g.vcpus).sum() };
    let gib = |j: &FitJson| -> u64 {
        j.node_groups
            .iter()
            .map(|g| u64::from(g.count) * g.memory_mib)
            .sum::<u64>()
            / 1024
    };
    assert!(gib(&unlimited) > 30, "{:?}", rows(&unlimited));
    // 30 GiB of nodes can hold the 20 GiB of requests (e.g. c6i 2xlarge + xlarge + large,
    // 28 GiB): the plan changes to stay within the limit.
    let ok = tmp.file("ok.yaml", &nodepool("p", req, "  limits: {memory: 30Gi}\n"));
    let j = fit_json(&["--zones", "1", &d, &ok]);
    assert!(gib(&j) <= 30, "{:?}", rows(&j));
    assert!(j.usd_per_hour > unlimited.usd_per_hour);
    assert_eq!(placed(&j, "a"), 20);
    assert!(
        j.notes
            .iter()
            .any(|n| n.contains("NodePool p limits memory to 30720 MiB")
                && n.contains("this plan stays within them")),
        "{:?}",
        j.notes
    );
    // 8 vCPU cannot hold 10 vCPU of requests: no plan, exit 1.
    assert!(vcpus(&unlimited) > 8);
    let tight = tmp.file("tight.yaml", &nodepool("p", req, "  limits: {cpu: '8'}\n"));
    let cat = catalog_path();
    let out = kplan(&["fit", "--catalog", &cat, "--zones", "1", &d, &tight]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("NodePool p limits cpu to 8 vCPU"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn replicas_from_controllers_jobs_cronjobs_pods_and_hpas() {
    let tmp = Dir::new();
    let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  parallelism: 3\n  template:\n    spec:\n      containers: [{name: m, resources: {requests: {cpu: 250m, memory: 256Mi}}}]\n";
    let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: report}\nspec:\n  schedule: '0 * * * *'\n  jobTemplate:\n    spec:\n      parallelism: 2\n      template:\n        spec:\n          containers: [{name: r, resources: {requests: {cpu: 250m, memory: 256Mi}}}]\n";
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: debug}\nspec:\n  containers: [{name: d, image: busybox}]\n";
    let hpa = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 10\n";
    let f = tmp.file(
        "all.yaml",
        &[
            deploy("web", 4, ""),
            job.into(),
            cron.into(),
            pod.into(),
            hpa.into(),
        ]
        .join("---\n"),
    );
    let max = fit_json(&[&f]);
    assert_eq!(
        [
            placed(&max, "web"),
            placed(&max, "migrate"),
            placed(&max, "report"),
            placed(&max, "debug")
        ],
        [10, 3, 2, 1]
    );
    let min = fit_json(&["--hpa", "min", &f]);
    assert_eq!(placed(&min, "web"), 2);
    assert!(
        max.notes
            .iter()
            .any(|n| n.contains("report comes from a CronJob")),
        "{:?}",
        max.notes
    );
    assert!(
        max.notes.iter().any(|n| n.contains(
            "1 pod without requests even after LimitRange defaults count as zero: debug (1 pod: container d (no cpu or memory request))"
        )),
        "{:?}",
        max.notes
    );
}

#[test]
fn bad_manifests_exit_2_naming_file_document_and_field() {
    let tmp = Dir::new();
    let cat = catalog_path();
    let svc = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n";
    for (name, text, want) in [
        (
            "version.yaml",
            deploy("web", 2, "").replace("apps/v1", "apps/v1beta1"),
            "version.yaml: document 1 (Deployment web): apiVersion: 'apps/v1beta1' is not supported for Deployment (expected apps/v1)".to_string(),
        ),
        (
            "cpu.yaml",
            format!("{svc}{}", deploy("web", 2, "").replace("500m", "5OOm")),
            "cpu.yaml: document 2 (Deployment web): spec.template.spec.containers[0].resources.requests.cpu: invalid CPU quantity '5OOm'".to_string(),
        ),
        (
            "replicas.yaml",
            deploy("web", 2, "").replace("replicas: 2", "replicas: -1"),
            "replicas.yaml: document 1 (Deployment web): spec.replicas: -1 is negative".to_string(),
        ),
    ] {
        let f = tmp.file(name, &text);
        let out = kplan(&["fit", "--catalog", &cat, &f]);
        assert_eq!(code(&out), 2, "{name}");
        let err = stderr(&out);
        assert!(err.contains(&want), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn errors_on_stdin_and_in_lists_name_them() {
    let cat = catalog_path();
    let bad = deploy("web", 2, "").replace("replicas: 2", "replicas: -1");
    let out = kplan_with_stdin(
        &["fit", "--catalog", &cat, "-"],
        &format!("apiVersion: v1\nkind: Service\nmetadata: {{name: s}}\n---\n{bad}"),
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out)
            .contains("<stdin>: document 2 (Deployment web): spec.replicas: -1 is negative"),
        "{}",
        stderr(&out)
    );
    let list = format!(
        "apiVersion: v1\nkind: List\nitems:\n- {}",
        deploy("web", 2, "")
            .replace("500m", "5OOm")
            .replace('\n', "\n  ")
    );
    let out = kplan_with_stdin(&["fit", "--catalog", &cat, "-"], &list);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("<stdin>: document 1, items[0] (Deployment web): spec.template.spec.containers[0].resources.requests.cpu: invalid CPU quantity '5OOm'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn mixing_a_kplan_file_and_manifests_is_an_error() {
    let cat = catalog_path();
    let out = kplan(&[
        "fit",
        "--catalog",
        &cat,
        &fixture("shop-equivalent.yaml"),
        &fixture("shop/shop.yaml"),
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("not both"), "{}", stderr(&out));
}

#[test]
fn online_boutique_end_to_end() {
    // Online Boutique v0.5.1: 12 Deployments (1 replica each), 11 Services in a List.
    let j = fit_json(&[&fixture("online-boutique")]);
    let pods: u32 = j
        .node_groups
        .iter()
        .map(|g| g.count * g.pods_per_node.values().sum::<u32>())
        .sum();
    assert_eq!(pods, 12);
    assert!(j.unplaced.is_empty());
    // Requests sum to 1,570m CPU and 1,368 MiB: the general NodePool (c/m/r, gen > 5) holds
    // them on one 2-vCPU node (1,930m allocatable minus 125m for aws-node and kube-proxy).
    assert_eq!(j.nodes, 1, "{:?}", rows(&j));
    assert_eq!(j.node_groups[0].vcpus, 2);
    assert!(
        j.notes
            .iter()
            .any(|n| n.contains("loadgenerator (1 pod: container init:frontend-check")),
        "{:?}",
        j.notes
    );
    assert!(
        j.notes.iter().any(|n| n.contains("skipped 11 Service")),
        "{:?}",
        j.notes
    );
}

#[test]
fn current_fleet_cost_and_whether_it_holds() {
    let tmp = Dir::new();
    let shop = fixture("shop");
    // Two types of the same size and price (one would be "dominated" in a plan): both count.
    let enough = tmp.file("enough.yaml", "m5.xlarge: 4\nm6i.xlarge: 4\n");
    let j = fit_json(&["--current", &enough, &shop]);
    let c = j.current.as_ref().expect("current in JSON");
    // 8 nodes at 0.192 USD/hour each.
    assert_eq!((c.nodes, c.usd_per_hour), (8, 1.536));
    assert!(c.holds_workload, "{c:?}");
    assert_eq!(
        c.saving_usd_per_hour,
        ((1.536 - j.usd_per_hour) * 1e6_f64).round() / 1e6
    );
    // Today's node groups are not Karpenter's: the NodePool (generation > 5) does not judge
    // them, the pods' own selectors (checkout: amd64) do.
    let m5 = tmp.file("m5.yaml", "m5.2xlarge: 4\n");
    assert!(
        fit_json(&["--current", &m5, &shop])
            .current
            .unwrap()
            .holds_workload
    );
    let graviton = tmp.file("g.yaml", "m7g.2xlarge: 4\n");
    let c = fit_json(&["--current", &graviton, &shop]).current.unwrap();
    assert_eq!(
        c.shortfall.as_deref(),
        Some("6 pods of checkout do not fit (first-fit packing)")
    );
    let small = tmp.file("small.txt", "m6i.large=2\n");
    let j = fit_json(&["--current", &small, &shop]);
    let c = j.current.unwrap();
    assert_eq!(c.usd_per_hour, 0.192);
    assert!(!c.holds_workload);
    // A 2-vCPU node holds no 2-CPU postgres pod next to the daemonsets.
    assert!(
        c.shortfall
            .unwrap()
            .contains("3 pods of postgres do not fit")
    );
    let cat = catalog_path();
    let out = kplan(&["fit", "--catalog", &cat, "--current", &enough, &shop]);
    assert!(
        stdout(&out).contains("today:      4 x m5.xlarge, 4 x m6i.xlarge: 1.5360 USD/hour"),
        "{}",
        stdout(&out)
    );
    let out = kplan(&[
        "fit",
        "--catalog",
        &cat,
        "--current",
        &enough,
        &shop,
        "-o",
        "markdown",
    ]);
    let md = stdout(&out);
    assert!(md.starts_with("### kplan fit: "), "{md}");
    assert!(
        md.contains(
            "- Today: 4 x m5.xlarge, 4 x m6i.xlarge (8 nodes) = 1.5360 USD/hour; the plan saves"
        ),
        "{md}"
    );
    assert!(md.contains("- Today's nodes hold the workload."), "{md}");
    let bad = tmp.file("bad.txt", "m6i.larg=2\n");
    let out = kplan(&["fit", "--catalog", &cat, "--current", &bad, &shop]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--current: "), "{}", stderr(&out));
}

#[test]
fn eksctl_node_groups() {
    let cat = catalog_path();
    let out = kplan(&["fit", "--catalog", &cat, &fixture("shop"), "-o", "eksctl"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let v: yaml_serde::Value = yaml_serde::from_str(&text).expect("eksctl YAML parses");
    let groups = v["managedNodeGroups"].as_sequence().unwrap();
    let plan = fit_json(&[&fixture("shop")]);
    assert_eq!(groups.len(), plan.node_groups.len());
    let total: u64 = groups
        .iter()
        .map(|g| g["desiredCapacity"].as_u64().unwrap())
        .sum();
    assert_eq!(total, u64::from(plan.nodes));
    for g in groups {
        assert!(g["maxPodsPerNode"].as_u64().unwrap() > 0);
        assert!(
            plan.node_groups
                .iter()
                .any(|p| Some(p.instance_type.as_str()) == g["instanceType"].as_str())
        );
    }
    // Spot: `instanceTypes` (eksctl's spot managed node groups) and `spot: true`.
    let out = kplan(&[
        "fit",
        "--catalog",
        &cat,
        &fixture("shop"),
        "--capacity-type",
        "spot",
        "-o",
        "eksctl",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: yaml_serde::Value = yaml_serde::from_str(&stdout(&out)).unwrap();
    for g in v["managedNodeGroups"].as_sequence().unwrap() {
        assert_eq!(g["spot"].as_bool(), Some(true));
        assert_eq!(g["instanceTypes"].as_sequence().map(|t| t.len()), Some(1));
        assert!(g.get("instanceType").is_none());
    }
}

#[path = "k8s_schema.rs"]
mod schema;

/// Pods the plan places, in all.
fn pods_planned(j: &FitJson) -> u32 {
    j.node_groups
        .iter()
        .map(|g| g.count * g.pods_per_node.values().sum::<u32>())
        .sum()
}

fn fit_err(args: &[&str]) -> (i32, String) {
    let cat = catalog_path();
    let mut all = vec!["fit", "--catalog", cat.as_str()];
    all.extend_from_slice(args);
    let out = kplan(&all);
    (code(&out), stderr(&out))
}

fn notes_text(j: &FitJson) -> String {
    j.notes.join("\n")
}

#[test]
fn the_same_object_twice_is_planned_once_and_a_conflict_is_an_error() {
    // Online Boutique (12 Deployments, 1 replica each): the directory and one of its files, a
    // copy of the file under another name, and a symlink to it. Before: 24 pods planned.
    let dir = fixture("online-boutique");
    let file = fixture("online-boutique/deployments.yaml");
    let j = fit_json(&[&dir, &file]);
    assert_eq!(pods_planned(&j), 12);
    assert!(
        notes_text(&j).contains("deployments.yaml: the same file as"),
        "{}",
        notes_text(&j)
    );
    let tmp = Dir::new();
    let text = std::fs::read_to_string(&file).unwrap();
    let copy = tmp.file("copy.yaml", &text);
    let j = fit_json(&[&file, &copy]);
    assert_eq!(pods_planned(&j), 12);
    assert!(
        notes_text(&j).contains("Deployment frontend: given twice ("),
        "{}",
        notes_text(&j)
    );
    // Names stay plain: no `deployment/deployment/frontend`.
    assert!(
        j.node_groups
            .iter()
            .all(|g| g.pods_per_node.keys().all(|w| !w.contains('/')))
    );
    // The same Deployment with other content: an error naming both places.
    let changed = tmp.file("changed.yaml", &text.replacen("cpu: 100m", "cpu: 300m", 1));
    let (c, e) = fit_err(&[&file, &changed]);
    assert_eq!(c, 2, "{e}");
    assert!(
        e.contains("deployments.yaml: document 1 (Deployment emailservice): defined again with different content in")
            && e.contains("changed.yaml: document 1"),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "{e}");
}

#[cfg(unix)]
#[test]
fn directory_walks_never_loop_and_skip_fifos() {
    // A tree with a symlink back to its root (`kustomize` overlays often link `base`), which
    // the old walk followed until the path was too long: one Deployment was read 41 times.
    let tmp = Dir::new();
    std::fs::create_dir_all(tmp.0.join("apps")).unwrap();
    let text = std::fs::read_to_string(fixture("online-boutique/deployments.yaml")).unwrap();
    tmp.file("apps/boutique.yaml", &text);
    std::os::unix::fs::symlink(&tmp.0, tmp.0.join("apps/loop")).unwrap();
    std::os::unix::fs::symlink(tmp.0.join("apps/boutique.yaml"), tmp.0.join("link.yaml")).unwrap();
    let fifo = tmp.0.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let j = fit_json(&[&tmp.0.display().to_string()]);
    assert_eq!(pods_planned(&j), 12);
    let n = notes_text(&j);
    assert!(n.contains("a directory met twice"), "{n}");
    assert!(n.contains("pipe.yaml: not a regular file"), "{n}");
    assert!(n.contains("link.yaml: the same file as"), "{n}");
}

#[test]
fn typed_lists_from_the_api_are_unwrapped() {
    // `kubectl get --raw /apis/apps/v1/namespaces/default/deployments` returns a
    // DeploymentList whose items carry no kind or apiVersion; the legacy guestbook of
    // kubernetes/examples runs ReplicationControllers (redis-master 1, frontend 3 replicas, each
    // 100m / 100Mi).
    let deployments = "apiVersion: apps/v1\nkind: DeploymentList\nmetadata: {resourceVersion: '9120'}\nitems:\n- metadata: {name: web, namespace: default, uid: 6f1d}\n  spec:\n    replicas: 3\n    template:\n      metadata: {labels: {app: web}}\n      spec:\n        containers: [{name: web, resources: {requests: {cpu: 250m, memory: 256Mi}}}]\n  status: {replicas: 3, readyReplicas: 3}\n";
    let rcs = "apiVersion: v1\nkind: ReplicationControllerList\nitems:\n- apiVersion: v1\n  kind: ReplicationController\n  metadata: {name: redis-master, labels: {app: redis, role: master}}\n  spec:\n    replicas: 1\n    template:\n      metadata: {labels: {app: redis, role: master}}\n      spec:\n        containers: [{name: master, image: registry.k8s.io/redis:e2e, resources: {requests: {cpu: 100m, memory: 100Mi}}}]\n- apiVersion: v1\n  kind: ReplicationController\n  metadata: {name: frontend, labels: {app: guestbook}}\n  spec:\n    replicas: 3\n    template:\n      metadata: {labels: {app: guestbook, tier: frontend}}\n      spec:\n        containers: [{name: php-redis, resources: {requests: {cpu: 100m, memory: 100Mi}}}]\n";
    let tmp = Dir::new();
    let d = tmp.file("deployments.yaml", deployments);
    let r = tmp.file("rcs.json", rcs);
    let j = fit_json(&[&d, &r]);
    assert_eq!(
        [
            placed(&j, "web"),
            placed(&j, "redis-master"),
            placed(&j, "frontend")
        ],
        [3, 1, 3]
    );
}

#[test]
fn pods_are_matched_to_their_owners_exactly() {
    // `kubectl get deploy,pods -n shop -o yaml` where Deployment `web` (2 replicas) is listed
    // but `web-api` is not: the pods of `web-api`'s ReplicaSet web-api-5d9f8c7b6 were dropped
    // as pods of `web` (name prefix), planning 2 + 0 pods instead of 2 + 2. Now owners match by
    // uid (or kind and name), and a pod of a ReplicaSet that is not in the input belongs to the
    // Deployment named `<ReplicaSet minus -<pod-template-hash>>` only.
    let pod = |name: &str, rs: &str, hash: &str, uid: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: shop\n  labels: {{app: x, pod-template-hash: {hash}}}\n  ownerReferences: [{{apiVersion: apps/v1, kind: ReplicaSet, name: {rs}, uid: {uid}, controller: true}}]\nspec:\n  containers: [{{name: c, resources: {{requests: {{cpu: 500m, memory: 1Gi}}}}}}]\nstatus: {{phase: Running}}\n"
        )
    };
    let web = deploy("web", 2, "").replace(
        "metadata: {name: web}",
        "metadata: {name: web, namespace: shop}",
    );
    let text = [
        web,
        pod("web-7c4b9-abcde", "web-7c4b9", "7c4b9", "u1"),
        pod("web-7c4b9-fghij", "web-7c4b9", "7c4b9", "u1"),
        pod(
            "web-api-5d9f8c7b6-x1",
            "web-api-5d9f8c7b6",
            "5d9f8c7b6",
            "u2",
        ),
        pod(
            "web-api-5d9f8c7b6-x2",
            "web-api-5d9f8c7b6",
            "5d9f8c7b6",
            "u2",
        ),
        // A node-exporter pod whose DaemonSet is not in the input: per-node, not a replica.
        pod("node-exporter-8xk2q", "node-exporter", "none", "u9")
            .replace("kind: ReplicaSet", "kind: DaemonSet"),
    ]
    .join("---\n");
    let tmp = Dir::new();
    let f = tmp.file("dump.yaml", &text);
    let j = fit_json(&[&f]);
    assert_eq!([placed(&j, "web"), placed(&j, "web-api")], [2, 2]);
    assert_eq!(pods_planned(&j), 4);
    assert!(
        notes_text(&j)
            .contains("pods of DaemonSet node-exporter (not in the input) are not planned"),
        "{}",
        notes_text(&j)
    );
    assert!(
        notes_text(&j).contains("skipped 2 objects made by a controller in the input"),
        "{}",
        notes_text(&j)
    );
}

#[test]
fn terminal_pods_and_finished_or_suspended_jobs_are_not_planned() {
    // `kubectl get pods,jobs -o yaml` after a migration Job completed: its Succeeded pod, a
    // Failed pod, a suspended Job and a running one.
    let job = |name: &str, extra: &str, status: &str| {
        format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata: {{name: {name}}}\nspec:\n  parallelism: 2\n{extra}  template:\n    spec:\n      restartPolicy: Never\n      containers: [{{name: j, resources: {{requests: {{cpu: '1', memory: 1Gi}}}}}}]\n{status}"
        )
    };
    let pod = |name: &str, phase: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers: [{{name: c, resources: {{requests: {{cpu: '1', memory: 1Gi}}}}}}]\nstatus: {{phase: {phase}}}\n"
        )
    };
    let text = [
        job(
            "migrate",
            "",
            "status:\n  succeeded: 2\n  conditions: [{type: Complete, status: 'True'}]\n",
        ),
        job("backfill", "  suspend: true\n", ""),
        job("reindex", "", "status: {active: 2}\n"),
        pod("migrate-x7k2p", "Succeeded"),
        pod("smoke-test", "Failed"),
        pod("debug", "Running"),
    ]
    .join("---\n");
    let tmp = Dir::new();
    let f = tmp.file("jobs.yaml", &text);
    let j = fit_json(&[&f]);
    // Before: 2 + 2 + 2 + 1 + 1 + 1 = 9 pods; now the running Job and Pod: 3.
    assert_eq!(pods_planned(&j), 3);
    assert_eq!((placed(&j, "reindex"), placed(&j, "debug")), (2, 1));
    let n = notes_text(&j);
    for want in [
        "Job migrate: not planned, it is complete",
        "Job backfill: not planned, it is suspended",
        "not planned: 2 Pods that have Succeeded or Failed",
    ] {
        assert!(n.contains(want), "{want}\n{n}");
    }
}

#[test]
fn two_hpas_on_one_target_are_an_error() {
    // Argo CD HA ships an HPA for argocd-repo-server; a team adding its own for the same
    // Deployment leaves Kubernetes refusing to scale it (AmbiguousSelector).
    let hpa = |name: &str, max: u32| {
        format!(
            "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {{name: {name}}}\nspec:\n  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: argocd-repo-server}}\n  minReplicas: 2\n  maxReplicas: {max}\n"
        )
    };
    let tmp = Dir::new();
    let f = tmp.file(
        "argocd.yaml",
        &[
            deploy("argocd-repo-server", 2, ""),
            hpa("argocd-repo-server-hpa", 5),
            hpa("repo-server-autoscale", 8),
        ]
        .join("---\n"),
    );
    let (c, e) = fit_err(&[&f]);
    assert_eq!(c, 2, "{e}");
    assert!(
        e.contains("(HorizontalPodAutoscaler repo-server-autoscale): Deployment argocd-repo-server is also the target of HorizontalPodAutoscaler argocd-repo-server-hpa"),
        "{e}"
    );
}

#[test]
fn limitrange_defaults_give_pods_their_requests() {
    // The namespace defaults of the Kubernetes docs ("Configure Default Memory Requests and
    // Limits for a Namespace": default 512Mi, defaultRequest 256Mi) plus a CPU default
    // request of 500m (the CPU page's `cpu-defaults.yaml` sets default 1, defaultRequest 0.5).
    let lr = "apiVersion: v1\nkind: LimitRange\nmetadata: {name: mem-limit-range, namespace: team-a}\nspec:\n  limits:\n  - default: {memory: 512Mi, cpu: '1'}\n    defaultRequest: {memory: 256Mi, cpu: 500m}\n    type: Container\n";
    let bare = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: default-mem-demo, namespace: team-a}\nspec:\n  replicas: 4\n  template:\n    spec:\n      containers: [{name: default-mem-demo-ctr, image: nginx}]\n";
    let elsewhere = bare
        .replace("team-a", "team-b")
        .replace("default-mem-demo", "other");
    let tmp = Dir::new();
    let f = tmp.file("ns.yaml", &[lr, bare, &elsewhere].join("---\n"));
    let input = convert::to_workload(
        &parse_source("ns.yaml", &std::fs::read_to_string(&f).unwrap()).unwrap(),
        &catalog(),
        &Options::default(),
    )
    .unwrap();
    let w: Vec<(&str, u64, u64)> = input
        .workload
        .workloads
        .iter()
        .map(|w| (w.name.as_str(), w.cpu_millicores, w.memory_bytes))
        .collect();
    // Before: both 0 / 0. Now the team-a pods request 500m / 256Mi.
    assert_eq!(w, [("default-mem-demo", 500, 256 << 20), ("other", 0, 0)]);
    // The pods still without requests: listed once, with their count.
    assert_eq!(input.warnings.len(), 1, "{:?}", input.warnings);
    assert!(
        input.warnings[0].starts_with("4 pods without requests")
            && input.warnings[0].contains("other (4 pods: container other-ctr"),
        "{:?}",
        input.warnings
    );
    // min and max are checks: a request below min is rejected by the API server.
    let strict = lr.replace(
        "    type: Container\n",
        "    min: {cpu: 600m}\n    type: Container\n",
    );
    let f = tmp.file("strict.yaml", &[strict.as_str(), bare].join("---\n"));
    let (c, e) = fit_err(&[&f]);
    assert_eq!(c, 2, "{e}");
    assert!(
        e.contains("(Deployment team-a/default-mem-demo): spec.template.spec.containers[0].resources: cpu 500m is below the min 600m of LimitRange team-a/mem-limit-range"),
        "{e}"
    );
}

#[test]
fn daemonsets_count_only_where_they_run() {
    // A Windows node's kube-proxy DaemonSet (nodeSelector kubernetes.io/os: windows, as in
    // kubernetes-sigs/sig-windows-tools) never runs on the Linux nodes kplan plans; a GPU
    // device plugin selecting a GPU-only label runs on no node of a CPU-only NodePool.
    let ds = |name: &str, extra: &str| {
        format!(
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: {name}, namespace: kube-system}}\nspec:\n  template:\n    spec:\n{extra}      containers: [{{name: c, resources: {{requests: {{cpu: 200m, memory: 200Mi}}}}}}]\n"
        )
    };
    let tmp = Dir::new();
    let f = tmp.file(
        "ds.yaml",
        &[
            deploy("web", 4, ""),
            ds("kube-proxy-windows", "      nodeSelector: {kubernetes.io/os: windows}\n"),
            ds(
                "nvidia-device-plugin",
                "      nodeSelector: {nvidia.com/gpu.present: 'true'}\n      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]\n",
            ),
            ds("fluent-bit", "      tolerations: [{operator: Exists}]\n"),
            nodepool(
                "general",
                "        - {key: karpenter.k8s.aws/instance-category, operator: In, values: [m]}\n",
                "",
            ),
        ]
        .join("---\n"),
    );
    let j = fit_json(&[&f]);
    let names: Vec<&str> = j.daemonsets.iter().map(|d| d.name.as_str()).collect();
    // Before: all three counted on every node.
    assert_eq!(names, ["aws-node", "kube-proxy", "fluent-bit"]);
    let n = notes_text(&j);
    assert!(
        n.contains("DaemonSet kube-system/kube-proxy-windows: runs on no node"),
        "{n}"
    );
    assert!(
        n.contains("DaemonSet kube-system/nvidia-device-plugin: runs on no node"),
        "{n}"
    );
    // A NodePool's taint keeps out a DaemonSet that does not tolerate it.
    let f = tmp.file(
        "tainted.yaml",
        &[
            deploy("web", 4, "      tolerations: [{key: dedicated, operator: Equal, value: web, effect: NoSchedule}]\n"),
            ds("log-agent", ""),
            nodepool(
                "web",
                "        - {key: karpenter.k8s.aws/instance-category, operator: In, values: [m]}\n",
                "      taints: [{key: dedicated, value: web, effect: NoSchedule}]\n",
            ),
        ]
        .join("---\n"),
    );
    let j = fit_json(&[&f]);
    let names: Vec<&str> = j.daemonsets.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["aws-node", "kube-proxy"]);
}

#[test]
fn daemonset_on_some_nodepools_counts_only_on_their_types() {
    // A log agent without tolerations (the shape of fluent-bit's default DaemonSet) beside a
    // general NodePool (m types) and a tainted batch NodePool (c types): it runs on the m
    // nodes only. Before: counted on every node, an upper bound.
    let tmp = Dir::new();
    let agent = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: log-agent, namespace: logging}\nspec:\n  template:\n    spec:\n      containers: [{name: c, resources: {requests: {cpu: 300m, memory: 300Mi}}}]\n";
    let f = tmp.file(
        "pools.yaml",
        &[
            deploy("web", 2, "      nodeSelector: {karpenter.sh/nodepool: general}\n"),
            deploy(
                "batch",
                2,
                "      tolerations: [{key: dedicated, operator: Equal, value: batch, effect: NoSchedule}]\n      nodeSelector: {karpenter.sh/nodepool: batch}\n",
            ),
            agent.to_string(),
            nodepool(
                "general",
                "        - {key: karpenter.k8s.aws/instance-category, operator: In, values: [m]}\n",
                "",
            ),
            nodepool(
                "batch",
                "        - {key: karpenter.k8s.aws/instance-category, operator: In, values: [c]}\n",
                "      taints: [{key: dedicated, value: batch, effect: NoSchedule}]\n",
            ),
        ]
        .join("---\n"),
    );
    let objs = parse_source(&f, &std::fs::read_to_string(&f).unwrap()).unwrap();
    let input = convert::to_workload(&objs, &catalog(), &Options::default()).unwrap();
    let agent = input
        .workload
        .daemonsets
        .iter()
        .find(|d| d.name == "log-agent")
        .expect("log-agent is counted");
    let on = agent.runs_on.as_ref().expect("only on some types");
    assert!(on.iter().all(|t| t.starts_with('m')), "{on:?}");
    assert!(!on.is_empty());
    // In the model: an m node gives the agent 300m CPU / 300Mi and a pod slot; a c node not.
    let m = kplan::fit::model::build(&input.workload, &catalog()).unwrap();
    let mut seen = (false, false);
    for (opt, info) in m.problem.options.iter().zip(&m.options) {
        // aws-node 25m + kube-proxy 100m on every node; the agent's 300m on m nodes only.
        let overhead = info.allocatable_cpu_millicores - opt.cpu_millicores;
        if opt.instance_type.starts_with('m') {
            assert_eq!(overhead, 425, "{}", opt.instance_type);
            seen.0 = true;
        } else if opt.instance_type.starts_with('c') {
            assert_eq!(overhead, 125, "{}", opt.instance_type);
            seen.1 = true;
        }
    }
    assert_eq!(seen, (true, true));
    let n = input.notes.join("\n");
    assert!(
        n.contains("DaemonSet logging/log-agent: runs only on general; counted on those nodes"),
        "{n}"
    );
}

#[test]
fn kube_prometheus_plans_the_operators_pods() {
    // kube-prometheus `manifests/` (committed copy): the Prometheus `k8s` (2 replicas, 400Mi)
    // and Alertmanager `main` (3 replicas, 4m / 100Mi) custom resources. Before: skipped, and
    // the plan held only the Deployments. Each pod adds the operator's config-reloader
    // sidecar at its default 10m / 50Mi.
    let input = convert::to_workload(
        &std::fs::read_dir(fixture("kube-prometheus"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .flat_map(|p| {
                parse_source(
                    &p.display().to_string(),
                    &std::fs::read_to_string(&p).unwrap(),
                )
                .unwrap()
            })
            .collect::<Vec<_>>(),
        &catalog(),
        &Options::default(),
    )
    .unwrap();
    let get = |name: &str| {
        input
            .workload
            .workloads
            .iter()
            .find(|w| w.name == name)
            .map(|w| (w.replicas, w.cpu_millicores, w.memory_bytes >> 20))
    };
    assert_eq!(get("k8s"), Some((2, 10, 450)));
    assert_eq!(get("main"), Some((3, 14, 150)));
    // The Deployments, as written: prometheus-operator 110m / 120Mi, prometheus-adapter 2 x
    // 102m / 180Mi.
    assert_eq!(get("prometheus-operator"), Some((1, 110, 120)));
    assert_eq!(get("prometheus-adapter"), Some((2, 102, 180)));
    let ds: Vec<&str> = input
        .workload
        .daemonsets
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(ds, ["node-exporter"]);
    // The Prometheus container has no CPU request: said once, with its pod count.
    assert!(
        input.warnings[0].contains("k8s (2 pods: container prometheus (no cpu request))"),
        "{:?}",
        input.warnings
    );
    let j = fit_json(&[&fixture("kube-prometheus")]);
    assert_eq!(placed(&j, "k8s") + placed(&j, "main"), 5);
    assert!(j.unplaced.is_empty());
}

#[test]
fn cloudnativepg_cluster_instances_and_required_anti_affinity() {
    // CloudNativePG's documented example (`cluster-example`): 3 instances; with resources and
    // required pod anti-affinity on the hostname, each instance on its own node.
    let cluster = "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: cluster-example}\nspec:\n  instances: 3\n  storage: {size: 1Gi}\n  resources:\n    requests: {cpu: '1', memory: 2Gi}\n    limits: {cpu: '2', memory: 2Gi}\n  affinity:\n    enablePodAntiAffinity: true\n    podAntiAffinityType: required\n    topologyKey: kubernetes.io/hostname\n";
    let other = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n";
    let input = convert::to_workload(
        &parse_source("pg.yaml", &[cluster, other].join("---\n")).unwrap(),
        &catalog(),
        &Options::default(),
    )
    .unwrap();
    let w = &input.workload.workloads[0];
    assert_eq!(
        (
            w.name.as_str(),
            w.replicas,
            w.cpu_millicores,
            w.memory_bytes,
            w.max_per_node
        ),
        ("cluster-example", 3, 1000, 2 << 30, Some(1))
    );
    assert!(
        input
            .notes
            .iter()
            .any(|n| n.contains("Widget w: a custom resource kplan does not know")),
        "{:?}",
        input.notes
    );
}

/// A GPU NodePool in the shape of aws-samples/karpenter-blueprints (GPU blueprint) and the EKS
/// workshop's AI chatbot NodePool: template labels the pods select, a taint they tolerate,
/// startup taints, expiry, termination grace, disruption budgets, limits of every resource, a
/// weight and its own node class.
const GPU_POOL: &str = "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: gpu\n  annotations: {kubernetes.io/description: GPU nodes for inference}\nspec:\n  template:\n    metadata:\n      labels: {team: ml, nvidia.com/gpu.present: 'true'}\n      annotations: {example.com/owner: ml-platform}\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: gpu}\n      requirements:\n        - {key: karpenter.k8s.aws/instance-family, operator: In, values: [g5]}\n        - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}\n      taints: [{key: nvidia.com/gpu, value: 'true', effect: NoSchedule}]\n      startupTaints: [{key: node.example.com/initializing, effect: NoSchedule}]\n      expireAfter: 720h\n      terminationGracePeriod: 48h\n  disruption:\n    consolidationPolicy: WhenEmptyOrUnderutilized\n    consolidateAfter: 1m\n    budgets: [{nodes: '10%'}]\n  limits: {cpu: '1000', memory: 1000Gi, nvidia.com/gpu: 8}\n  weight: 10\n";

fn inference() -> String {
    deploy(
        "inference",
        3,
        "      nodeSelector: {team: ml}\n      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]\n",
    )
}

fn run_out(args: &[&str]) -> String {
    let cat = catalog_path();
    let mut all = vec!["fit", "--catalog", cat.as_str()];
    all.extend_from_slice(args);
    let out = kplan(&all);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn nodepool_output_keeps_every_field_validates_and_round_trips() {
    let tmp = Dir::new();
    let app = tmp.file("app.yaml", &inference());
    let pool = tmp.file("pool.yaml", GPU_POOL);
    let text = run_out(&[&app, &pool, "-o", "nodepool"]);
    let docs = schema::documents(&text);
    assert_eq!(docs.len(), 1, "{text}");
    let np = schema::nodepool_schema();
    assert_eq!(schema::validate(&np, &np, &docs[0]), Vec::<String>::new());
    // Everything but the requirements is the input, field for field; the requirements are the
    // input's plus the plan's instance types.
    let input = &schema::documents(GPU_POOL)[0];
    let mut out = docs[0].clone();
    let reqs = out["spec"]["template"]["spec"]["requirements"].take();
    let mut want = input.clone();
    let in_reqs = want["spec"]["template"]["spec"]["requirements"].take();
    assert_eq!(out, want);
    let reqs = reqs.as_array().unwrap();
    assert_eq!(&reqs[..2], in_reqs.as_array().unwrap().as_slice());
    let plan = fit_json(&[&app, &pool]);
    let plan_types: Vec<String> = types(&plan).into_iter().collect();
    assert_eq!(reqs[2]["key"], "node.kubernetes.io/instance-type");
    assert_eq!(reqs[2]["values"], serde_json::json!(plan_types));
    // Fed back it gives the same plan (the old output dropped the template labels: "NodePool gpu
    // does not satisfy team In [\"ml\"]", exit 1).
    let back = tmp.file("back.yaml", &text);
    assert_eq!(rows(&fit_json(&[&app, &back])), rows(&plan));
}

#[test]
fn sample_inputs_round_trip_through_nodepool_output() {
    let np = schema::nodepool_schema();
    for (app, pools) in [
        (
            fixture("shop/shop.yaml"),
            vec![fixture("shop/nodepool.yaml")],
        ),
        (
            fixture("online-boutique/deployments.yaml"),
            vec![fixture("online-boutique/nodepool.yaml")],
        ),
    ] {
        let mut args: Vec<&str> = vec![&app];
        args.extend(pools.iter().map(String::as_str));
        let plan = fit_json(&args);
        args.extend(["-o", "nodepool"]);
        let text = run_out(&args);
        for d in schema::documents(&text) {
            assert_eq!(
                schema::validate(&np, &np, &d),
                Vec::<String>::new(),
                "{app}"
            );
        }
        let tmp = Dir::new();
        let back = tmp.file("back.yaml", &text);
        assert_eq!(rows(&fit_json(&[&app, &back])), rows(&plan), "{app}");
    }
}

#[test]
fn eksctl_output_has_the_labels_and_taints_and_validates() {
    let ek = schema::eksctl_schema();
    let tmp = Dir::new();
    let app = tmp.file("app.yaml", &inference());
    let pool = tmp.file("pool.yaml", GPU_POOL);
    let text = run_out(&[&app, &pool, "-o", "eksctl"]);
    let doc = &schema::documents(&text)[0];
    assert_eq!(
        schema::validate(&ek, &ek, doc),
        Vec::<String>::new(),
        "{text}"
    );
    for ng in doc["managedNodeGroups"].as_array().unwrap() {
        assert_eq!(
            ng["labels"],
            serde_json::json!({"team": "ml", "nvidia.com/gpu.present": "true"})
        );
        assert_eq!(
            ng["taints"],
            serde_json::json!([{"key": "nvidia.com/gpu", "value": "true", "effect": "NoSchedule"}])
        );
    }
    // Without NodePools: the labels the pods' node selectors require.
    let batch = tmp.file(
        "batch.yaml",
        &deploy(
            "batch",
            2,
            "      nodeSelector: {team: batch, kubernetes.io/arch: arm64}\n",
        ),
    );
    let text = run_out(&[&batch, "-o", "eksctl"]);
    let doc = &schema::documents(&text)[0];
    assert_eq!(
        schema::validate(&ek, &ek, doc),
        Vec::<String>::new(),
        "{text}"
    );
    for ng in doc["managedNodeGroups"].as_array().unwrap() {
        assert_eq!(ng["labels"], serde_json::json!({"team": "batch"}), "{text}");
    }
}

#[test]
fn hostile_names_give_valid_yaml_and_one_line_errors() {
    let tmp = Dir::new();
    let names = [
        "evil\n  injected: true",
        "quote\"d: 'x'",
        "colon: value # not a comment",
        "esc\\ape\t\r\u{1b}[31m",
    ];
    for (i, name) in names.iter().enumerate() {
        // The NodePool's name and a label key and value, written with YAML's own escapes.
        let yaml_name = serde_json::to_string(name).unwrap();
        let pool = nodepool(
            &yaml_name,
            "        - {key: karpenter.k8s.aws/instance-category, operator: In, values: [m]}\n",
            "",
        )
        .replace(
            "  template:\n",
            &format!("  template:\n    metadata: {{labels: {{team: {yaml_name}}}}}\n"),
        );
        let app = deploy(
            "web",
            2,
            &format!("      nodeSelector: {{team: {yaml_name}}}\n"),
        )
        .replace(
            "metadata: {name: web}",
            &format!("metadata: {{name: web, namespace: {yaml_name}}}"),
        );
        let f = tmp.file(&format!("h{i}.yaml"), &[pool, app].join("---\n"));
        for out in ["nodepool", "eksctl", "markdown", "json", "table"] {
            let text = run_out(&[&f, "-o", out]);
            if out == "nodepool" {
                let docs = schema::documents(&text);
                assert_eq!(docs.len(), 1, "{text}");
                assert_eq!(docs[0]["metadata"]["name"], *name, "{text}");
                assert_eq!(
                    docs[0]["spec"]["template"]["metadata"]["labels"]["team"],
                    *name
                );
                assert!(
                    docs[0].get("injected").is_none()
                        && docs[0]["metadata"].get("injected").is_none()
                );
            }
            if out == "eksctl" {
                let docs = schema::documents(&text);
                assert_eq!(docs[0]["managedNodeGroups"][0]["labels"]["team"], *name);
            }
        }
        // An error about it is one line.
        let nowhere = deploy(
            "other",
            1,
            &format!(
                "      nodeSelector: {{team: {}}}\n",
                serde_json::to_string(&format!("{name}-no")).unwrap()
            ),
        );
        let g = tmp.file(
            &format!("e{i}.yaml"),
            &[std::fs::read_to_string(&f).unwrap(), nowhere].join("---\n"),
        );
        let (c, e) = fit_err(&[&g]);
        assert_eq!(c, 1, "{e}");
        assert_eq!(e.trim_end().lines().count(), 1, "{e}");
    }
}
