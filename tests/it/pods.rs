//! `kplan pods`: worked examples of shared/design/max-pods.md, JSON shape, and bad input.

use crate::util::{code, kplan, stderr, stdout};
use kplan::commands::pods::PodsJson;

fn pods_json(args: &[&str]) -> PodsJson {
    let mut all = vec!["pods", "-o", "json"];
    all.extend_from_slice(args);
    let out = kplan(&all);
    assert_eq!(code(&out), 0, "stderr: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("valid pods JSON")
}

#[test]
fn m5_large_worked_example() {
    let j = pods_json(&["m5.large"]);
    assert_eq!(j.schema_version, 1);
    assert_eq!(j.kind, "pods");
    let t = &j.instance_types[0];
    assert_eq!(
        (t.instance_type.as_str(), t.max_pods, t.recommended_max_pods),
        ("m5.large", 29, Some(29))
    );
    let a = t.allocatable.as_ref().expect("allocatable known");
    assert_eq!((a.cpu_millicores, a.memory_mib, a.pods), (1930, 6903, 29));
}

#[test]
fn unknown_type_suggests_and_exits_2() {
    let out = kplan(&["pods", "m5.lage"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("did you mean m5.large"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    for args in [
        vec!["pods", "m5.lage"],
        vec!["pods", "zz*"],
        vec!["pods", "m5.large", "--max-enis", "0"],
        vec!["pods", "m5.large", "--cni-version", "banana"],
        vec!["pods", "m5.large", "--max-pods", "lots"],
        vec!["pods", "m5.large", "--vm-memory-overhead", "1.5"],
        vec!["pods", "m5.large", "--min-memory", "8Qi"],
        vec!["pods"],
    ] {
        let out = kplan(&args);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{args:?}: {err}");
        // One line, or clap's usage error: the error line, its tip, usage and help lines.
        assert!(
            err.lines().count() == 1 || err.contains("\nFor more information, try '--help'."),
            "{args:?}: {err}"
        );
        assert!(err.starts_with("kplan: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn prefix_delegation_falls_back_with_a_reason() {
    // t2.micro is a Xen type: the VPC CNI does not delegate prefixes there.
    let j = pods_json(&["t2.micro", "--prefix-delegation"]);
    let t = &j.instance_types[0];
    assert!(!t.prefix_delegation);
    assert_eq!(t.max_pods, 4, "2 ENIs x (2-1) + 2");
    assert!(t.notes.iter().any(|n| n.contains("Nitro")), "{:?}", t.notes);
    // An old CNI falls back too.
    let j = pods_json(&["m5.large", "--prefix-delegation", "--cni-version", "1.8.0"]);
    let t = &j.instance_types[0];
    assert_eq!((t.prefix_delegation, t.max_pods), (false, 29));
    assert!(t.notes.iter().any(|n| n.contains("1.9.0")), "{:?}", t.notes);
}

#[test]
fn kubelet_settings_change_allocatable() {
    // --max-pods 50 with podsPerCore 10 on 2 vCPUs: the kubelet runs with 20 pods,
    // kube-reserved memory 11*20+255 = 475 MiB: 7577 - 475 - 100 = 7002 MiB.
    let j = pods_json(&["m5.large", "--max-pods", "50", "--pods-per-core", "10"]);
    let a = j.instance_types[0].allocatable.as_ref().unwrap();
    assert_eq!((a.pods, a.memory_mib), (20, 7002));
    // IPv6: addresses do not limit pods; the kubelet's cap (110 up to 30 vCPUs) does.
    let j = pods_json(&["m5.large", "--ipv6"]);
    assert_eq!(j.instance_types[0].recommended_max_pods, Some(110));
    // MAX_ENI=1: 1 x 9 + 2 = 11.
    let j = pods_json(&["m5.large", "--max-enis", "1"]);
    assert_eq!(j.instance_types[0].max_pods, 11);
}

#[test]
fn globs_filters_and_sort() {
    let j = pods_json(&[
        "m6i.*",
        "--min-vcpus",
        "8",
        "--max-vcpus",
        "32",
        "--sort",
        "vcpus",
    ]);
    let names: Vec<&str> = j
        .instance_types
        .iter()
        .map(|t| t.instance_type.as_str())
        .collect();
    assert_eq!(names, ["m6i.2xlarge", "m6i.4xlarge", "m6i.8xlarge"]);
    let j = pods_json(&["--family", "c7g", "--arch", "arm64", "--max-memory", "4Gi"]);
    let names: Vec<&str> = j
        .instance_types
        .iter()
        .map(|t| t.instance_type.as_str())
        .collect();
    assert_eq!(names, ["c7g.medium", "c7g.large"]);
}

#[test]
fn china_prices_are_in_cny() {
    let j = pods_json(&["m5.large", "--region", "cn-north-1"]);
    let t = &j.instance_types[0];
    assert_eq!(j.settings.currency, "CNY");
    assert_eq!(t.usd_per_hour, None);
    assert_eq!(t.price_per_hour, Some(1.013), "on-demand-prices-cn.csv");
}
