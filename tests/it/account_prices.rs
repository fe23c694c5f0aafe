//! What accounts pay and spot plans Karpenter can run (issue 11): NodeOverlays, `--discount`,
//! price files, mixed capacity types from manifests, spot replacement sets in `-o nodepool`.

use crate::util::{code, kplan, stderr, stdout};
use kplan::commands::fit::FitJson;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kplan-acct-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn fit(args: &[&str]) -> FitJson {
    let mut all = vec!["fit"];
    all.extend_from_slice(args);
    all.extend(["-o", "json"]);
    let out = kplan(&all);
    assert_eq!(code(&out), 0, "kplan {all:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("fit JSON")
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 20\n  template:\n    spec:\n      containers:\n        - name: c\n          resources: {requests: {cpu: 900m, memory: 3Gi}}\n";

fn pool(families: &str) -> String {
    format!(
        "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {{name: general}}\nspec:\n  template:\n    spec:\n      requirements:\n        - {{key: karpenter.k8s.aws/instance-family, operator: In, values: [{families}]}}\n"
    )
}

fn overlay(name: &str, weight: i64, family: &str, change: &str) -> String {
    format!(
        "apiVersion: karpenter.sh/v1alpha1\nkind: NodeOverlay\nmetadata: {{name: {name}}}\nspec:\n  weight: {weight}\n  requirements:\n    - {{key: karpenter.k8s.aws/instance-family, operator: In, values: [{family}]}}\n  {change}\n"
    )
}

fn families(j: &FitJson) -> Vec<String> {
    let mut f: Vec<String> = j
        .node_groups
        .iter()
        .map(|g| g.instance_type.split('.').next().unwrap().to_string())
        .collect();
    f.sort();
    f.dedup();
    f
}

#[test]
fn a_node_overlay_moves_the_plan_onto_the_family_it_makes_cheapest() {
    let d = tmp("overlay");
    let app = write(&d, "app.yaml", &format!("{DEPLOY}---\n{}", pool("m5, m6i")));
    let list = fit(&[&app, "--region", "us-east-1"]);
    // m5 and m6i cost the same per size in us-east-1 (0.096 per large): without an overlay
    // the plan uses whichever; -30% on the other family must move it there.
    let before = families(&list);
    let other = if before == ["m5"] { "m6i" } else { "m5" };
    let ov = write(
        &d,
        "ov.yaml",
        &overlay("savings", 0, other, "priceAdjustment: \"-30%\""),
    );
    let j = fit(&[&app, &ov, "--region", "us-east-1"]);
    assert_eq!(families(&j), [other]);
    for g in &j.node_groups {
        assert_eq!(
            g.price_adjustment.as_deref(),
            Some("NodeOverlay savings -30%")
        );
    }
    // Each node at 70% of its list price in the public file (on-demand-prices.csv, the newer
    // source for us-east-1), so the plan costs at most 70% of the list plan.
    for g in &j.node_groups {
        let want = (list_price("us-east-1", &g.instance_type) * 0.7 * 1e6).round() / 1e6;
        assert_eq!(g.usd_per_hour_each, want, "{}", g.instance_type);
    }
    assert!(j.usd_per_hour <= list.usd_per_hour * 0.7 + 1e-6);
    assert!(
        j.notes
            .iter()
            .any(|n| n.starts_with("$: the account's price"))
    );
}

#[test]
fn the_heavier_overlay_wins() {
    let d = tmp("weight");
    let app = write(&d, "app.yaml", &format!("{DEPLOY}---\n{}", pool("m6i")));
    // Weight 10 (+50%) beats weight 5 (-50%) on m6i: the plan pays 1.5 x list.
    let ovs = write(
        &d,
        "ov.yaml",
        &format!(
            "{}---\n{}",
            overlay("cheap", 5, "m6i", "priceAdjustment: \"-50%\""),
            overlay("dear", 10, "m6i", "priceAdjustment: \"+50%\"")
        ),
    );
    let list = fit(&[&app, "--region", "us-east-1"]);
    let j = fit(&[&app, &ovs, "--region", "us-east-1"]);
    assert!((j.usd_per_hour - list.usd_per_hour * 1.5).abs() < 1e-5);
    for g in &j.node_groups {
        let want = (list_price("us-east-1", &g.instance_type) * 1.5 * 1e6).round() / 1e6;
        assert_eq!(g.usd_per_hour_each, want, "{}", g.instance_type);
        assert_eq!(g.price_adjustment.as_deref(), Some("NodeOverlay dear +50%"));
    }
    // Equal weights: the first by name applies (Karpenter's docs: "When weights are equal,
    // alphabetical ordering by name is used"), and the conflict is noted.
    let tie = write(
        &d,
        "tie.yaml",
        &format!(
            "{}---\n{}",
            overlay("b-dear", 5, "m6i", "priceAdjustment: \"+50%\""),
            overlay("a-cheap", 5, "m6i", "priceAdjustment: \"-50%\"")
        ),
    );
    let j = fit(&[&app, &tie, "--region", "us-east-1"]);
    for g in &j.node_groups {
        let want = (list_price("us-east-1", &g.instance_type) * 0.5 * 1e6).round() / 1e6;
        assert_eq!(g.usd_per_hour_each, want, "{}", g.instance_type);
        assert_eq!(
            g.price_adjustment.as_deref(),
            Some("NodeOverlay a-cheap -50%")
        );
    }
    assert!(
        j.notes
            .iter()
            .any(|n| n.contains("a-cheap and b-dear have the same weight 5")),
        "{:?}",
        j.notes
    );
}

#[test]
fn discount_and_price_file() {
    let d = tmp("discount");
    let app = write(&d, "app.yaml", &format!("{DEPLOY}---\n{}", pool("m6i")));
    let list = fit(&[&app, "--region", "eu-west-1"]);
    let j = fit(&[&app, "--region", "eu-west-1", "--discount", "10%"]);
    assert!((j.usd_per_hour - list.usd_per_hour * 0.9).abs() < 1e-5);
    for g in &j.node_groups {
        let want = (list_price("eu-west-1", &g.instance_type) * 0.9 * 1e6).round() / 1e6;
        assert_eq!(g.usd_per_hour_each, want, "{}", g.instance_type);
        assert_eq!(g.price_adjustment.as_deref(), Some("discount 10%"));
    }
    let t = &list.node_groups[0].instance_type;
    let prices = write(
        &d,
        "p.csv",
        &format!("instance_type,region,usd_per_hour\n{t},eu-west-1,0.01\n"),
    );
    let j = fit(&[&app, "--region", "eu-west-1", "--prices", &prices]);
    assert_eq!(j.node_groups[0].usd_per_hour_each, 0.01);
    assert!(
        j.node_groups[0]
            .price_adjustment
            .as_deref()
            .unwrap()
            .starts_with("price from")
    );
}

#[test]
fn discount_and_prices_in_the_workload_file() {
    let d = tmp("fileprices");
    let base = "region: eu-west-1\nzones: 1\nnodes: {families: [m6i]}\nworkloads: [{name: web, replicas: 8, cpu: 900m, memory: 3Gi}]\n";
    let list = fit(&[&write(&d, "list.yaml", base)]);
    let t = list.node_groups[0].instance_type.clone();
    let own = write(
        &d,
        "own.yaml",
        &format!(
            "{base}discount: 20%\nprices:\n  - {{instanceType: {t}, region: eu-west-1, usdPerHour: 0.5}}\n"
        ),
    );
    let j = fit(&[&own]);
    for g in &j.node_groups {
        // The own price where given, else the public list price; then 20% off either.
        let base = if g.instance_type == t {
            0.5
        } else {
            list_price("eu-west-1", &g.instance_type)
        };
        assert_eq!(
            g.usd_per_hour_each,
            (base * 0.8 * 1e6).round() / 1e6,
            "{}",
            g.instance_type
        );
    }
    let bad = write(
        &d,
        "bad.yaml",
        &format!(
            "{base}prices:\n  - {{instanceType: m6i.large, region: eu-west-1, usdPerHour: -1}}\n"
        ),
    );
    let out = kplan(&["fit", &bad]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("prices[0].usdPerHour"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).trim_end().lines().count(), 1);
}

#[test]
fn bad_prices_are_one_line_errors() {
    let d = tmp("bad");
    let app = write(&d, "app.yaml", &format!("{DEPLOY}---\n{}", pool("m6i")));
    let neg = write(
        &d,
        "neg.csv",
        "instance_type,region,usd_per_hour\nm6i.large,eu-west-1,-0.1\n",
    );
    let nan = write(
        &d,
        "nan.csv",
        "instance_type,region,usd_per_hour\nm6i.large,eu-west-1,abc\n",
    );
    let both = write(
        &d,
        "both.yaml",
        &overlay(
            "x",
            0,
            "m6i",
            "price: \"1.00\"\n  priceAdjustment: \"-10%\"",
        ),
    );
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![&app, "--discount", "120%"], "--discount: '120%'"),
        (vec![&app, "--prices", &neg], "usd_per_hour: '-0.1'"),
        (vec![&app, "--prices", &nan], "usd_per_hour: 'abc'"),
        (vec![&app, &both], "mutually exclusive"),
        (vec![&app, "--region", "mars-1"], "unknown region 'mars-1'"),
    ];
    for (args, want) in cases {
        let mut all = vec!["fit"];
        all.extend(args.iter().copied());
        let out = kplan(&all);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{all:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{all:?}: {err}");
        assert!(err.contains(want), "{all:?}: {err}");
    }
}

#[test]
fn on_demand_and_spot_workloads_share_one_plan() {
    let d = tmp("mixed");
    let text = format!(
        "{}---\n{}\
apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {{name: mixed}}\nspec:\n  template:\n    spec:\n      requirements:\n        - {{key: karpenter.k8s.aws/instance-family, operator: In, values: [m6i, c6i, r6i]}}\n        - {{key: karpenter.sh/capacity-type, operator: In, values: [on-demand, spot]}}\n",
        DEPLOY.replace("replicas: 20", "replicas: 6").replace(
            "    spec:\n      containers",
            "    spec:\n      nodeSelector: {karpenter.sh/capacity-type: on-demand}\n      containers"
        ),
        DEPLOY.replace("name: web", "name: batch").replace(
            "    spec:\n      containers",
            "    spec:\n      nodeSelector: {karpenter.sh/capacity-type: spot}\n      containers"
        ) + "---\n",
    );
    let app = write(&d, "app.yaml", &text);
    let j = fit(&[&app, "--region", "eu-west-1"]);
    let caps: Vec<(&str, Vec<&String>)> = j
        .node_groups
        .iter()
        .map(|g| (g.capacity_type.as_str(), g.pods_per_node.keys().collect()))
        .collect();
    assert!(
        caps.iter()
            .any(|(c, w)| *c == "on-demand" && w.iter().all(|n| *n == "web")),
        "{caps:?}"
    );
    assert!(
        caps.iter()
            .any(|(c, w)| *c == "spot" && w.iter().all(|n| *n == "batch")),
        "{caps:?}"
    );
    assert!(caps.iter().all(|(_, w)| w.len() == 1), "{caps:?}");
}

/// (region, type) -> column `col` of a `region,instance_type,...` file in `data/sources/`
/// (copies of the public reference files).
fn source(file: &str, col: &str) -> std::collections::BTreeMap<(String, String), f64> {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("data/sources")
            .join(file),
    )
    .unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = head.iter().position(|h| *h == col).unwrap();
    lines
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            Some(((c[0].to_string(), c[1].to_string()), c[i].parse().ok()?))
        })
        .collect()
}

/// The on-demand list price of a type: Karpenter's newer file where it has the region
/// (us-east-1), else the pricing-page feed (every region), as the catalog merges them.
fn list_price(region: &str, t: &str) -> f64 {
    let k = (region.to_string(), t.to_string());
    source("on-demand-prices.csv", "usd_per_hour")
        .get(&k)
        .copied()
        .unwrap_or_else(|| source("on-demand-prices-regions.csv", "usd_per_hour")[&k])
}

/// The Spot Instance Advisor estimate of a type in a region from the public files.
fn estimate(region: &str, t: &str) -> f64 {
    let k = (region.to_string(), t.to_string());
    let od = source("on-demand-prices-regions.csv", "usd_per_hour")[&k];
    let saving = source("spot-advisor.csv", "savings_pct")[&k];
    (od * (1.0 - saving / 100.0) * 1e6).round() / 1e6
}

fn nodepool_types(yaml: &str) -> (Vec<String>, Option<u64>) {
    let doc: serde_json::Value =
        serde_json::to_value(yaml_serde::from_str::<yaml_serde::Value>(yaml).unwrap()).unwrap();
    let req = doc["spec"]["template"]["spec"]["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "node.kubernetes.io/instance-type")
        .unwrap()
        .clone();
    let types = req["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    (types, req["minValues"].as_u64())
}

#[test]
fn spot_nodepool_keeps_fifteen_types_and_plans_the_same_cost_fed_back() {
    let d = tmp("spotpool");
    let region = "eu-west-1";
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/web-platform.yaml")
        .display()
        .to_string();
    let args = ["--region", region, "--capacity-type", "spot"];
    let mut first = vec![sample.as_str()];
    first.extend(args);
    let j = fit(&first);
    let sets = j.spot_sets.as_ref().expect("spot sets");
    let (mut max, mut mean) = (0.0, 0.0);
    for g in &j.node_groups {
        let set = &g.replacement_types;
        // The sample's node constraints (c, m, r of generation 6 and up, amd64) leave far more
        // than 15 types that hold each group's pods in eu-west-1: every set has 15.
        assert_eq!(set.len(), 15, "{}: {set:?}", g.instance_type);
        assert!(set.contains(&g.instance_type));
        // Each member is priced at its advisor estimate from the public files; the plan's
        // cost for the sets is recomputed here from those figures.
        let prices: Vec<f64> = set.iter().map(|t| estimate(region, t)).collect();
        assert_eq!(g.usd_per_hour_each, estimate(region, &g.instance_type));
        let n = f64::from(g.count);
        max += n * prices.iter().copied().fold(0.0, f64::max);
        mean += n * prices.iter().sum::<f64>() / prices.len() as f64;
        for t in set {
            let (fam, _) = t.split_once('.').unwrap();
            let generation: u32 = fam[1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap();
            assert!(
                ["c", "m", "r"].contains(&&fam[..1]) && generation >= 6,
                "{t}"
            );
            assert!(
                !fam.ends_with('g') && !fam.contains("gd") && !fam.contains("gn"),
                "{t}: arm64"
            );
        }
    }
    assert!(
        (sets.usd_per_hour_max - max).abs() < 1e-5,
        "{} vs {max}",
        sets.usd_per_hour_max
    );
    assert!(
        (sets.usd_per_hour_mean - mean).abs() < 1e-5,
        "{} vs {mean}",
        sets.usd_per_hour_mean
    );
    assert!(sets.usd_per_hour_max >= sets.usd_per_hour_mean);
    assert!(sets.usd_per_hour_mean >= j.usd_per_hour);
    let mut np = vec!["fit", sample.as_str()];
    np.extend(args);
    np.extend(["-o", "nodepool"]);
    let out = kplan(&np);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (types, min_values) = nodepool_types(&stdout(&out));
    assert_eq!(min_values, Some(15));
    for g in &j.node_groups {
        assert!(g.replacement_types.iter().all(|t| types.contains(t)));
    }
    // Fed back: the same workload file, its nodes restricted to the NodePool's types.
    let text = std::fs::read_to_string(&sample).unwrap();
    let restricted = text.replacen(
        "nodes:\n",
        &format!("nodes:\n  instanceTypes: [{}]\n", types.join(", ")),
        1,
    );
    assert_ne!(restricted, text);
    let back = write(&d, "back.yaml", &restricted);
    let mut again = vec![back.as_str()];
    again.extend(args);
    let k = fit(&again);
    assert_eq!(k.usd_per_hour, j.usd_per_hour);
}

#[test]
fn a_spot_nodepool_written_for_manifests_plans_the_same_cost_read_back() {
    let d = tmp("spotback");
    let shop = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/shop");
    let apps = shop.join("shop.yaml").display().to_string();
    let pool = std::fs::read_to_string(shop.join("nodepool.yaml"))
        .unwrap()
        .replace("values: [\"on-demand\"]", "values: [\"spot\"]");
    assert!(pool.contains("[\"spot\"]"));
    let pool = write(&d, "pool.yaml", &pool);
    let j = fit(&[&apps, &pool, "--region", "eu-west-1"]);
    assert!(j.node_groups.iter().all(|g| g.capacity_type == "spot"));
    let out = kplan(&[
        "fit",
        &apps,
        &pool,
        "--region",
        "eu-west-1",
        "-o",
        "nodepool",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let yaml = stdout(&out);
    let (types, min_values) = nodepool_types(&yaml);
    assert_eq!(min_values, Some(15));
    assert!(types.len() >= 15);
    let written = write(&d, "written.yaml", &yaml);
    let k = fit(&[&apps, &written, "--region", "eu-west-1"]);
    assert_eq!(k.usd_per_hour, j.usd_per_hour);
    for g in &k.node_groups {
        assert!(types.contains(&g.instance_type), "{}", g.instance_type);
    }
}

#[test]
fn a_group_with_fewer_than_fifteen_types_is_noted() {
    let d = tmp("few");
    // Only m6i: the public price table lists 10 sizes of m6i in eu-west-1 from large up, all
    // of which hold one 1-CPU pod; medium does not exist.
    let file = write(
        &d,
        "few.yaml",
        "region: eu-west-1\ncapacityType: spot\nzones: 1\nnodes: {families: [m6i]}\nworkloads: [{name: web, replicas: 1, cpu: 1, memory: 2Gi}]\n",
    );
    let sizes = source("on-demand-prices-regions.csv", "usd_per_hour")
        .keys()
        .filter(|(r, t)| r == "eu-west-1" && t.starts_with("m6i."))
        .count();
    assert_eq!(sizes, 10);
    let j = fit(&[&file]);
    assert_eq!(j.node_groups[0].replacement_types.len(), sizes);
    assert!(
        j.notes
            .iter()
            .any(|n| n.contains("below Karpenter's 15 types")
                && n.contains(&format!(
                    "{} ({sizes} types)",
                    j.node_groups[0].instance_type
                ))),
        "{:?}",
        j.notes
    );
    let out = kplan(&["fit", &file, "-o", "nodepool"]);
    let (_, min_values) = nodepool_types(&stdout(&out));
    assert_eq!(min_values, Some(sizes as u64));
}

#[test]
fn the_cluster_fee_is_added_to_the_summary() {
    let shop = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/k8s/shop");
    let apps = shop.join("shop.yaml").display().to_string();
    let pool = shop.join("nodepool.yaml").display().to_string();
    // 0.10 USD per cluster-hour under standard support, 0.60 under extended support (AWS
    // Containers blog, "Amazon EKS extended support for Kubernetes versions pricing").
    for (support, fee) in [("standard", 0.10), ("extended", 0.60)] {
        let j = fit(&[
            &apps,
            &pool,
            "--region",
            "eu-west-1",
            "--cluster-fee",
            support,
        ]);
        let f = j.cluster_fee.as_ref().expect("cluster_fee");
        assert_eq!(f.support, support);
        assert_eq!(f.usd_per_hour, fee);
        assert!((f.total_usd_per_hour - (j.usd_per_hour + fee)).abs() < 1.1e-6);
    }
    let out = kplan(&[
        "fit",
        &apps,
        &pool,
        "--region",
        "eu-west-1",
        "--cluster-fee",
        "extended",
    ]);
    assert!(
        stdout(&out).contains("the EKS cluster fee 0.60 USD/hour (extended support)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_fixture_overlay_and_price_file_change_the_prices_they_name() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let apps = root.join("k8s/shop/shop.yaml").display().to_string();
    let pool = root.join("k8s/shop/nodepool.yaml").display().to_string();
    let ov = root.join("prices/savings-plan.yaml").display().to_string();
    let csv = root.join("prices/account-prices.csv").display().to_string();
    let j = fit(&[&apps, &pool, &ov, "--prices", &csv, "--region", "eu-west-1"]);
    let own = [("m6i.2xlarge", 0.30), ("m6i.4xlarge", 0.60)];
    for g in &j.node_groups {
        let t = g.instance_type.as_str();
        let want = if let Some((_, p)) = own.iter().find(|(n, _)| *n == t) {
            *p
        } else if t.starts_with("m6a.") {
            (list_price("eu-west-1", t) * 0.7 * 1e6).round() / 1e6
        } else {
            list_price("eu-west-1", t)
        };
        assert_eq!(g.usd_per_hour_each, want, "{t}");
    }
}

#[test]
fn node_overlays_are_bounded() {
    let d = tmp("bounded");
    let app = write(&d, "app.yaml", &format!("{DEPLOY}---\n{}", pool("m6i")));
    let many: Vec<String> = (0..1001)
        .map(|i| format!("apiVersion: karpenter.sh/v1alpha1\nkind: NodeOverlay\nmetadata: {{name: o{i:04}}}\nspec:\n  requirements: []\n  priceAdjustment: \"-1%\"\n"))
        .collect();
    let file = write(&d, "many.yaml", &many.join("---\n"));
    let out = kplan(&["fit", &app, &file]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("more than 1000 NodeOverlays"),
        "{}",
        stderr(&out)
    );
    let reqs: String = (0..101)
        .map(|i| {
            format!(
                "    - {{key: karpenter.k8s.aws/instance-cpu, operator: Gt, values: [\"{i}\"]}}\n"
            )
        })
        .collect();
    let wide = write(
        &d,
        "wide.yaml",
        &format!(
            "apiVersion: karpenter.sh/v1alpha1\nkind: NodeOverlay\nmetadata: {{name: wide}}\nspec:\n  requirements:\n{reqs}  price: \"1\"\n"
        ),
    );
    let out = kplan(&["fit", &app, &wide]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("at most 100"), "{}", stderr(&out));
    // 1,000 overlays on every type, all of weight 0: the first by name wins and each
    // conflict is one note naming the pair.
    let file = write(&d, "thousand.yaml", &many[..1000].join("---\n"));
    let j = fit(&[&app, &file, "--region", "us-east-1"]);
    for g in &j.node_groups {
        assert_eq!(g.price_adjustment.as_deref(), Some("NodeOverlay o0000 -1%"));
        let want = (list_price("us-east-1", &g.instance_type) * 0.99 * 1e6).round() / 1e6;
        assert_eq!(g.usd_per_hour_each, want);
    }
    assert!(
        j.notes
            .iter()
            .any(|n| n.contains("o0000 and o0001 have the same weight 0"))
    );
}

#[test]
fn spot_sets_keep_the_interruption_limit() {
    let band: std::collections::BTreeMap<(String, String), String> = {
        let text = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sources/spot-advisor.csv"),
        )
        .unwrap();
        text.lines()
            .skip(1)
            .map(|l| {
                let c: Vec<&str> = l.split(',').collect();
                ((c[0].to_string(), c[1].to_string()), c[2].to_string())
            })
            .collect()
    };
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/web-platform.yaml")
        .display()
        .to_string();
    let j = fit(&[
        &sample,
        "--region",
        "eu-west-1",
        "--capacity-type",
        "spot",
        "--max-interruption",
        "<5%",
    ]);
    for g in &j.node_groups {
        assert!(!g.replacement_types.is_empty());
        for t in &g.replacement_types {
            assert_eq!(band[&("eu-west-1".to_string(), t.clone())], "<5%", "{t}");
        }
    }
}
