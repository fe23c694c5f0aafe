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
