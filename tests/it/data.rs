//! Integrity of the embedded catalog against its sources in `data/sources/`: golden max-pods
//! and allocatable figures, coverage, sane values, prices, freshness, and the worked examples
//! of shared/design/max-pods.md through the CLI.

use crate::util::{code, kplan, stderr, stdout};
use kplan::catalog::generate::{self, parse_eni_max_pods, parse_family};
use kplan::catalog::{Catalog, EMBEDDED, InstanceType};
use kplan::commands::pods::{PodsJson, TypeJson};
use kplan::pods::{CniSettings, KubeletSettings, MaxPodsMode, node_pods};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

fn sources_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sources")
}

fn source(name: &str) -> String {
    let p = sources_dir().join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::embedded().expect("the embedded catalog parses"))
}

fn get(name: &str) -> &'static InstanceType {
    catalog()
        .get(name)
        .unwrap_or_else(|| panic!("{name} is in the catalog"))
}

/// A comma-separated source file as maps from column name to cell (no quoted fields).
fn csv_rows(name: &str) -> Vec<BTreeMap<String, String>> {
    let text = source(name);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .expect("header")
        .split(',')
        .map(str::to_string)
        .collect();
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            assert_eq!(cells.len(), header.len(), "{name}: {l}");
            header
                .iter()
                .cloned()
                .zip(cells.iter().map(|c| c.to_string()))
                .collect()
        })
        .collect()
}

fn names_of(file: &str) -> BTreeSet<String> {
    csv_rows(file)
        .into_iter()
        .map(|r| r["instance_type"].clone())
        .collect()
}

#[test]
fn every_eni_max_pods_row_matches() {
    let rows = parse_eni_max_pods(&source(generate::ENI_MAX_PODS)).expect("parses");
    assert_eq!(rows.len(), 1197);
    let (cni, kubelet) = (CniSettings::default(), KubeletSettings::default());
    let wrong: Vec<String> = rows
        .iter()
        .filter_map(|(name, want)| {
            let got = node_pods(get(name), &cni, &kubelet).max_pods;
            (got != *want).then(|| format!("{name}: file {want}, kplan {got}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{} rows differ: {wrong:#?}", wrong.len());
}

#[test]
fn every_karpenter_allocatable_row_matches() {
    let rows = csv_rows(generate::KARPENTER_INSTANCE_TYPES);
    assert_eq!(rows.len(), 1363);
    let cni = CniSettings::default();
    let kubelet = KubeletSettings {
        max_pods: MaxPodsMode::MaxAllowed,
        ..Default::default()
    };
    let mut wrong = Vec::new();
    for r in &rows {
        let name = &r["instance_type"];
        let a = node_pods(get(name), &cni, &kubelet)
            .allocatable
            .unwrap_or_else(|| panic!("{name}: allocatable unknown"));
        let got = (
            format!("{}m", a.cpu_millicores),
            format!("{}Mi", a.memory_mib),
            a.pods.to_string(),
        );
        let want = (
            r["alloc:cpu"].clone(),
            r["alloc:memory"].clone(),
            r["alloc:pods"].clone(),
        );
        if got != want {
            wrong.push(format!("{name}: Karpenter {want:?}, kplan {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{} rows differ: {wrong:#?}", wrong.len());
    // The arm64 rule is exercised: 64 MiB less before the 7.5% overhead.
    let arm = rows.iter().filter(|r| r["label:arch"] == "arm64").count();
    assert_eq!(arm, 396);
}

#[test]
fn union_of_sources_is_covered_sorted_and_unique() {
    let c = catalog();
    let mut union: BTreeSet<String> = BTreeSet::new();
    for f in [
        generate::VPC_LIMITS,
        generate::KARPENTER_VPC_LIMITS,
        generate::INSTANCE_TYPES,
        generate::KARPENTER_INSTANCE_TYPES,
    ] {
        union.extend(names_of(f));
    }
    for line in source(generate::EKS_AMI_INSTANCE_INFO).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        union.insert(v["instanceType"].as_str().expect("name").to_string());
    }
    let eni_max_pods: BTreeSet<String> = parse_eni_max_pods(&source(generate::ENI_MAX_PODS))
        .expect("parses")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    union.extend(eni_max_pods.iter().cloned());
    assert_eq!(union.len(), 1447);
    let names: Vec<&str> = c.types.iter().map(|t| t.name.as_str()).collect();
    let as_set: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(as_set.len(), names.len(), "names are unique");
    assert!(names.windows(2).all(|w| w[0] < w[1]), "names are sorted");
    let missing: Vec<&String> = union
        .iter()
        .filter(|n| !as_set.contains(n.as_str()))
        .collect();
    assert!(missing.is_empty(), "not in the catalog: {missing:?}");
    assert_eq!(c.types.len(), union.len(), "no type beyond the sources");
    for f in [&eni_max_pods, &names_of(generate::KARPENTER_INSTANCE_TYPES)] {
        assert!(f.iter().all(|n| as_set.contains(n.as_str())));
    }
}

#[test]
fn values_are_sane() {
    let c = catalog();
    let mut unknown_vcpus = 0;
    for t in &c.types {
        let n = &t.name;
        assert_eq!(format!("{}.{}", t.family, t.size), *n);
        assert!(!t.category.is_empty(), "{n}: category");
        match t.vcpus {
            Some(v) => assert!(v > 0, "{n}: vcpus"),
            None => unknown_vcpus += 1,
        }
        assert!(t.memory_mib.is_none_or(|m| m > 0), "{n}: memory");
        assert_eq!(t.vcpus.is_some(), t.memory_mib.is_some(), "{n}");
        assert!(t.ipv4_per_eni >= 2, "{n}: ipv4_per_eni {}", t.ipv4_per_eni);
        assert!(t.enis >= 1, "{n}: enis");
        assert_eq!(
            t.network_card_max_enis.len(),
            t.network_cards as usize,
            "{n}"
        );
        assert_eq!(
            t.network_card_max_enis[t.default_network_card_index as usize], t.enis,
            "{n}: enis is the default card's maximum"
        );
        for a in &t.architectures {
            assert!(
                ["amd64", "arm64", "x86_64_mac", "arm64_mac"].contains(&a.as_str()),
                "{n}: {a}"
            );
        }
        assert!(t.on_demand.values().all(|p| *p > 0.0), "{n}: prices");
        assert!(
            t.on_demand.keys().all(|r| t.regions.contains(r)),
            "{n}: priced regions are offered"
        );
        assert!(
            t.regions.windows(2).all(|w| w[0] < w[1]),
            "{n}: regions sorted"
        );
        for src in t.provenance.values() {
            assert!(
                c.header.sources.iter().any(|s| &s.id == src),
                "{n}: provenance {src} is a header source"
            );
        }
        if let Some(b) = t.branch_enis {
            assert_eq!(t.trunking, Some(b > 0), "{n}: trunking iff branch ENIs");
        }
    }
    // Never guessed: the types no source describes keep unknown vCPUs (p3.*, f1.*, *-flex ...).
    assert_eq!(unknown_vcpus, 47);
    for n in ["p3.2xlarge", "f1.2xlarge", "c7g-flex.large", "u-6tb1.metal"] {
        assert_eq!(get(n).vcpus, None, "{n}");
    }
    assert_eq!(c.header.generated, "2026-10-27", "the newest source date");
}

#[test]
fn prices_and_regions_equal_the_source_rows() {
    // The pricing page's shared-tenancy prices, every region.
    let regional: std::collections::BTreeMap<(String, String), f64> =
        csv_rows(generate::ON_DEMAND_PRICES_REGIONS)
            .into_iter()
            .map(|r| {
                (
                    (r["region"].clone(), r["instance_type"].clone()),
                    r["usd_per_hour"].parse().expect("price"),
                )
            })
            .collect();
    let mut n = 0;
    let mut metal = 0;
    let mut karpenter = std::collections::BTreeSet::new();
    for (file, column) in [
        (generate::ON_DEMAND_PRICES, "usd_per_hour"),
        (generate::ON_DEMAND_PRICES_CN, "cny_per_hour"),
    ] {
        for r in csv_rows(file) {
            let Some(t) = catalog().get(&r["instance_type"]) else {
                continue; // the 15 types with no ENI data (see the header's decisions)
            };
            let key = (r["region"].clone(), t.name.clone());
            let mut want: f64 = r[column].parse().expect("price");
            // Karpenter's file has another tenancy's price for some bare-metal types: the
            // catalog keeps the pricing page's shared-tenancy price there.
            if let Some(&shared) = regional.get(&key)
                && shared != want
            {
                assert!(t.name.contains(".metal"), "{}", t.name);
                want = shared;
                metal += 1;
            }
            assert_eq!(t.on_demand.get(&r["region"]), Some(&want), "{}", t.name);
            karpenter.insert(key);
            n += 1;
        }
    }
    assert_eq!(
        n,
        2686 + 316 - 37,
        "the 37 price rows of the 15 types left out are skipped"
    );
    assert_eq!(metal, 17, "the bare-metal rows where the two files differ");
    // Every other price is the pricing page's.
    let mut other = 0;
    for ((region, name), p) in &regional {
        let Some(t) = catalog().get(name) else {
            continue;
        };
        if !karpenter.contains(&(region.clone(), name.clone())) {
            assert_eq!(t.on_demand.get(region), Some(p), "{name} {region}");
            other += 1;
        }
    }
    assert!(other > 13_000, "{other} prices from the pricing page alone");
    let rows = csv_rows(generate::INSTANCE_TYPE_REGIONS);
    assert_eq!(rows.len(), 21255);
    for r in rows {
        let t = get(&r["instance_type"]);
        assert!(
            t.regions.contains(&r["region"]),
            "{} {}",
            t.name,
            r["region"]
        );
    }
    assert_eq!(get("m5.large").on_demand.get("us-east-1"), Some(&0.096));
    assert_eq!(get("m5.large").on_demand.get("cn-north-1"), Some(&1.013));
}

#[test]
fn source_disagreements_are_decided_as_recorded() {
    // vpc-limits (what the VPC CNI uses) wins over moto on the i7ie / i8ge giants.
    for (n, enis) in [
        ("i7ie.48xlarge", 15),
        ("i7ie.metal-48xl", 15),
        ("i8ge.48xlarge", 24),
        ("i8ge.metal-48xl", 24),
    ] {
        assert_eq!((get(n).enis, get(n).network_cards), (enis, 1), "{n}");
        let d = &catalog().header.decisions;
        assert!(d.iter().any(|s| s.starts_with(&format!("{n}: "))), "{n}");
    }
    // Karpenter's `interfaces` is a total over cards: the default card is what pods use.
    assert_eq!(get("c7g-flex.large").enis, 3);
    // Karpenter's labels for category and generation, and the parse rule for the rest
    // reproduces every label it publishes.
    for r in csv_rows(generate::KARPENTER_INSTANCE_TYPES) {
        let t = get(&r["instance_type"]);
        let (cat, generation) = parse_family(&t.family);
        assert_eq!(cat, r["label:instance-category"], "{}", t.name);
        assert_eq!(
            generation.map(|g| g.to_string()).unwrap_or_default(),
            r["label:instance-generation"],
            "{}",
            t.name
        );
        assert_eq!(
            (t.category.as_str(), t.generation),
            (cat.as_str(), generation)
        );
    }
    assert_eq!(get("u-6tb1.metal").generation, Some(1));
    // g4ad.* are not in moto: described from Karpenter's labels.
    let g = get("g4ad.xlarge");
    assert_eq!((g.vcpus, g.memory_mib), (Some(4), Some(16384)));
    assert_eq!(g.provenance["hardware"], "karpenter-docs");
    // Mac types never match the amd64 / arm64 filters; i386 is dropped.
    assert_eq!(get("mac2.metal").architectures, ["arm64_mac"]);
    assert_eq!(get("t2.micro").architectures, ["amd64"]);
}

#[test]
fn committed_catalog_is_fresh() {
    let files = generate::read_sources(&sources_dir()).expect("sources readable");
    let fresh = generate::generate(&files).expect("generates").to_jsonl();
    let committed = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/catalog.jsonl"),
    )
    .expect("data/catalog.jsonl");
    assert_eq!(committed, EMBEDDED, "the binary embeds data/catalog.jsonl");
    assert!(
        fresh == committed,
        "data/catalog.jsonl is stale (it differs from what data/sources/ gives): run `cargo run --example gen_catalog` and commit the result"
    );
}

#[test]
fn partial_parse_equals_the_full_catalog() {
    let pats = ["m6i.*".to_string(), "p5.48xlarge".to_string()];
    let part = Catalog::parse_matching(EMBEDDED, &pats).expect("parses");
    let full = catalog().select(&pats).expect("selects");
    assert_eq!(part.types.iter().collect::<Vec<_>>(), full);
    assert_eq!(full.len(), 10 + 1, "ten m6i sizes and p5.48xlarge");
    // A pattern that matches nothing: the whole catalog, so errors can suggest names.
    let all = Catalog::parse_matching(EMBEDDED, &["m5.lage".to_string()]).expect("parses");
    assert_eq!(all.types.len(), 1447);
}

fn pods_one(args: &[&str]) -> TypeJson {
    let mut all = vec!["pods", "-o", "json"];
    all.extend_from_slice(args);
    let out = kplan(&all);
    assert_eq!(code(&out), 0, "kplan {args:?}: {}", stderr(&out));
    let mut j: PodsJson = serde_json::from_str(&stdout(&out)).expect("pods JSON");
    assert_eq!(j.instance_types.len(), 1);
    j.instance_types.remove(0)
}

#[test]
fn design_doc_worked_examples() {
    let t = pods_one(&["m5.large"]);
    assert_eq!((t.enis, t.ipv4_per_eni, t.max_pods), (3, 10, 29));
    let a = t.allocatable.expect("allocatable");
    assert_eq!((a.cpu_millicores, a.memory_mib, a.pods), (1930, 6903, 29));
    assert_eq!(pods_one(&["m5.large", "--custom-networking"]).max_pods, 20);
    let pd = pods_one(&["m5.large", "--prefix-delegation"]);
    assert!(pd.prefix_delegation);
    assert_eq!((pd.max_pods, pd.recommended_max_pods), (434, Some(110)));
    let big = pods_one(&["m5.24xlarge"]);
    assert_eq!((big.max_pods, big.recommended_max_pods), (737, Some(250)));
    let p5 = pods_one(&["p5.48xlarge"]);
    assert_eq!(
        (p5.enis, p5.max_pods),
        (2, 100),
        "default network card only"
    );
    let c5 = pods_one(&["c5.24xlarge", "--prefix-delegation"]);
    assert_eq!((c5.prefix_delegation, c5.max_pods), (true, 11_762));
}

#[test]
fn header_sources_are_those_of_the_reference_readme() {
    let readme = source("README.md");
    let h = &catalog().header;
    assert_eq!(h.sources.len(), 12);
    for s in &h.sources {
        assert!(readme.contains(&s.date), "{}: date {}", s.id, s.date);
        let commits: Vec<&str> = s
            .revision
            .split(|c: char| !c.is_ascii_hexdigit())
            .filter(|w| w.len() == 40 || w.len() == 64)
            .collect();
        assert!(!commits.is_empty(), "{}: a commit or checksum", s.id);
        for c in commits {
            assert!(readme.contains(c), "{}: {c} is in the README", s.id);
        }
        let file = s
            .origin
            .rsplit_once('(')
            .map(|(_, f)| f.trim_end_matches(')'));
        let file = file.expect("origin names its file");
        assert!(sources_dir().join(file).exists(), "{}: {file}", s.id);
    }
}
