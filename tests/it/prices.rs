//! Prices where users run (issue 11): every region priced from the reference files, spot
//! estimates from the Spot Instance Advisor with their band, capacity type per workload, and
//! region names checked. Every expected figure is read from `data/sources/` (the public files).

use crate::util::{code, kplan, stderr, stdout};
use kplan::commands::fit::FitJson;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// (region, type) -> the value of column `col` of a `region,instance_type,...` file.
fn table(file: &str, col: &str) -> BTreeMap<(String, String), String> {
    let text = std::fs::read_to_string(root().join("data/sources").join(file)).expect("source");
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().expect("header").split(',').collect();
    let i = head.iter().position(|h| *h == col).expect("column");
    lines
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            ((c[0].to_string(), c[1].to_string()), c[i].to_string())
        })
        .collect()
}

fn fit(args: &[&str]) -> FitJson {
    let mut all = vec!["fit"];
    all.extend_from_slice(args);
    all.extend(["-o", "json"]);
    let out = kplan(&all);
    assert_eq!(code(&out), 0, "kplan {all:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("fit JSON")
}

const SAMPLES: [&str; 4] = [
    "web-platform.yaml",
    "small-pods.yaml",
    "graviton.yaml",
    "k8s-equivalent.yaml",
];
const REGIONS: [&str; 5] = [
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
    "us-west-2",
    "ap-northeast-1",
];

#[test]
fn every_sample_plans_in_five_regions_at_the_reference_prices() {
    let prices = table("on-demand-prices-regions.csv", "usd_per_hour");
    let saving = table("spot-advisor.csv", "savings_pct");
    let mut costs = Vec::new();
    for sample in SAMPLES {
        for region in REGIONS {
            let j = fit(&[&fixture(sample), "--region", region]);
            assert!(j.unplaced.is_empty(), "{sample} {region}: unplaced pods");
            assert!(!j.node_groups.is_empty());
            for g in &j.node_groups {
                let key = (region.to_string(), g.instance_type.clone());
                let od: f64 = prices[&key].parse().unwrap();
                // graviton.yaml plans spot: the advisor's estimate of the same reference price.
                let want = match g.price_source.as_str() {
                    "on-demand" => od,
                    "spot-estimate" => {
                        let s: f64 = saving[&key].parse().unwrap();
                        ((od * (1.0 - s / 100.0)) * 1e6).round() / 1e6
                    }
                    other => panic!("{sample} {region}: price source {other}"),
                };
                assert_eq!(
                    g.usd_per_hour_each, want,
                    "{sample} {region} {}",
                    g.instance_type
                );
            }
            costs.push(format!("{sample} {region} {}", j.usd_per_hour));
        }
    }
    eprintln!("{}", costs.join("\n"));
}

#[test]
fn spot_is_cheaper_by_the_advisors_saving_and_marked_as_an_estimate() {
    let od_prices = table("on-demand-prices-regions.csv", "usd_per_hour");
    let saving = table("spot-advisor.csv", "savings_pct");
    let band = table("spot-advisor.csv", "interruption_range");
    let region = "eu-west-1";
    let od = fit(&[&fixture("web-platform.yaml"), "--region", region]);
    let spot = fit(&[
        &fixture("web-platform.yaml"),
        "--region",
        region,
        "--capacity-type",
        "spot",
    ]);
    assert!(spot.usd_per_hour < od.usd_per_hour);
    for g in &spot.node_groups {
        let key = (region.to_string(), g.instance_type.clone());
        let o: f64 = od_prices[&key].parse().unwrap();
        let s: f64 = saving[&key].parse().unwrap();
        let want = ((o * (1.0 - s / 100.0)) * 1e6).round() / 1e6;
        assert_eq!(g.usd_per_hour_each, want, "{}", g.instance_type);
        assert_eq!(g.price_source, "spot-estimate");
        assert_eq!(g.capacity_type, "spot");
        assert_eq!(g.interruption.as_deref(), Some(band[&key].as_str()));
    }
    assert!(
        spot.notes
            .iter()
            .any(|n| n.contains("estimates") && n.contains("2025-06-28")),
        "{:?}",
        spot.notes
    );
    // The table marks every estimated price.
    let out = kplan(&[
        "fit",
        &fixture("web-platform.yaml"),
        "--region",
        region,
        "--capacity-type",
        "spot",
    ]);
    let text = stdout(&out);
    assert!(text.contains(" spot~ "), "{text}");
    assert!(
        text.contains("note: spot~: spot prices are estimates"),
        "{text}"
    );
    // The same pods on the same node mix priced on demand cost at least the spot plan divided
    // by (1 - the largest saving); the spot plan is never dearer than on-demand.
    eprintln!(
        "web-platform eu-west-1: on-demand {} USD/h, spot {} USD/h",
        od.usd_per_hour, spot.usd_per_hour
    );
}

#[test]
fn max_interruption_keeps_types_above_the_band_out() {
    let band = table("spot-advisor.csv", "interruption_range");
    let region = "eu-west-1";
    let all = fit(&[
        &fixture("web-platform.yaml"),
        "--region",
        region,
        "--capacity-type",
        "spot",
        "--max-interruption",
        "<5%",
    ]);
    for g in &all.node_groups {
        assert_eq!(band[&(region.to_string(), g.instance_type.clone())], "<5%");
        assert_eq!(g.interruption.as_deref(), Some("<5%"));
    }
    // The same limit in the workload file.
    let text = std::fs::read_to_string(fixture("web-platform.yaml"))
        .unwrap()
        .replace(
            "capacityType: on-demand",
            "capacityType: spot\nmaxInterruption: \"<5%\"",
        )
        .replace("region: us-east-1", "region: eu-west-1");
    let dir = std::env::temp_dir().join(format!("kplan-prices-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("web-spot.yaml");
    std::fs::write(&file, text).unwrap();
    let j = fit(&[file.to_str().unwrap()]);
    assert_eq!(j.usd_per_hour, all.usd_per_hour);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn one_plan_holds_on_demand_and_spot_groups() {
    let yaml = "region: eu-west-1\nnodes: {families: [m6i]}\nworkloads:\n  - {name: critical, replicas: 4, cpu: 1, memory: 2Gi, capacityType: on-demand}\n  - {name: batch, replicas: 12, cpu: 1, memory: 2Gi, capacityType: spot}\n";
    let dir = std::env::temp_dir().join(format!("kplan-mixed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("mixed.yaml");
    std::fs::write(&file, yaml).unwrap();
    let j = fit(&[file.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    let mut seen = BTreeMap::new();
    for g in &j.node_groups {
        for w in g.pods_per_node.keys() {
            seen.entry(w.clone())
                .or_insert_with(Vec::new)
                .push(g.capacity_type.clone());
        }
    }
    assert!(
        seen["critical"].iter().all(|c| c == "on-demand"),
        "{seen:?}"
    );
    assert!(seen["batch"].iter().all(|c| c == "spot"), "{seen:?}");
    let od = table("on-demand-prices-regions.csv", "usd_per_hour");
    let saving = table("spot-advisor.csv", "savings_pct");
    for g in &j.node_groups {
        let key = ("eu-west-1".to_string(), g.instance_type.clone());
        let o: f64 = od[&key].parse().unwrap();
        let want = if g.capacity_type == "spot" {
            let s: f64 = saving[&key].parse().unwrap();
            ((o * (1.0 - s / 100.0)) * 1e6).round() / 1e6
        } else {
            o
        };
        assert_eq!(g.usd_per_hour_each, want, "{}", g.instance_type);
    }
}

#[test]
fn unknown_regions_are_input_errors_with_suggestions() {
    for args in [
        vec!["pods", "m5.large", "--region", "eu-wset-1"],
        vec!["catalog", "list", "--region", "eu-wset-1"],
        vec![
            "fit",
            "tests/fixtures/small-pods.yaml",
            "--region",
            "eu-wset-1",
        ],
    ] {
        let mut a = args.clone();
        let path = fixture("small-pods.yaml");
        if a[0] == "fit" {
            a[1] = &path;
        }
        let out = kplan(&a);
        assert_eq!(code(&out), 2, "{a:?}");
        let err = stderr(&out);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.contains("unknown region 'eu-wset-1'") && err.contains("did you mean eu-west-1?"),
            "{err}"
        );
    }
    let out = kplan(&["pods", "m5.large", "--region", "mars-1"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn pods_and_list_show_spot_estimates_and_bands() {
    let od = table("on-demand-prices-regions.csv", "usd_per_hour");
    let saving = table("spot-advisor.csv", "savings_pct");
    let band = table("spot-advisor.csv", "interruption_range");
    let key = ("eu-west-1".to_string(), "m5.large".to_string());
    let out = kplan(&["pods", "m5.large", "--region", "eu-west-1", "-o", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let t = &v["instance_types"][0];
    let o: f64 = od[&key].parse().unwrap();
    let s: f64 = saving[&key].parse().unwrap();
    assert_eq!(t["price_per_hour"].as_f64(), Some(o));
    assert_eq!(
        t["spot_price_per_hour"].as_f64(),
        Some(((o * (1.0 - s / 100.0)) * 1e6).round() / 1e6)
    );
    assert_eq!(t["spot_price_source"], "spot-estimate");
    assert_eq!(t["interruption"], band[&key].as_str());

    // catalog list: filter and sort by band.
    let out = kplan(&[
        "catalog",
        "list",
        "--region",
        "eu-west-1",
        "--family",
        "m6i",
        "--max-interruption",
        "5-10%",
        "--sort",
        "interruption",
        "-o",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = v["instance_types"].as_array().unwrap();
    assert!(!rows.is_empty());
    let bands: Vec<&str> = rows
        .iter()
        .map(|r| r["interruption"].as_str().unwrap())
        .collect();
    for (r, b) in rows.iter().zip(&bands) {
        let name = r["instance_type"].as_str().unwrap();
        assert_eq!(band[&("eu-west-1".to_string(), name.to_string())], *b);
        assert!(*b == "<5%" || *b == "5-10%", "{name} {b}");
    }
    let mut sorted = bands.clone();
    sorted.sort_by_key(|b| *b != "<5%");
    assert_eq!(bands, sorted);
}

#[test]
fn catalog_info_shows_price_coverage_per_region() {
    let out = kplan(&["catalog", "info", "-o", "json"]);
    assert_eq!(code(&out), 0);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let regions = v["regions"].as_array().unwrap();
    let eu = regions
        .iter()
        .find(|r| r["region"] == "eu-west-1")
        .expect("eu-west-1");
    // Every eu-west-1 price of the catalog is the pricing page's: as many as the file has for
    // types the catalog knows.
    let prices = table("on-demand-prices-regions.csv", "usd_per_hour");
    let in_file = prices.keys().filter(|(r, _)| r == "eu-west-1").count();
    let priced = eu["on_demand_sources"][0]["types"].as_u64().unwrap() as usize;
    assert_eq!(eu["on_demand_sources"][0]["source"], "aws-pricing-page");
    assert_eq!(eu["on_demand_sources"][0]["date"], "2025-11-03");
    assert!(
        priced <= in_file && priced + 20 > in_file,
        "{priced} of {in_file}"
    );
    assert!(eu["priced"].as_u64().unwrap() <= eu["offered"].as_u64().unwrap());
    let us = regions
        .iter()
        .find(|r| r["region"] == "us-east-1")
        .expect("us-east-1");
    assert_eq!(us["on_demand_sources"][0]["source"], "karpenter-prices");
    let text = stdout(&kplan(&["catalog", "info"]));
    assert!(text.contains("region:           eu-west-1: "), "{text}");
}
