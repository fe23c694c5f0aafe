//! What a pod spec says about Fargate: host network and ports, privileged containers,
//! accelerators, persistent volumes, ephemeral storage, and the namespace and labels a Fargate
//! profile selects on. Read from the object as written (the typed [`Spec`] keeps only what
//! node sizing needs).

use super::Object;
use super::manifest::Spec;
use crate::fargate::PodFacts;
use crate::fargate::eligibility::is_accelerator;
use crate::workload::quantity::parse_memory_bytes;
use std::collections::BTreeMap;
use yaml_serde::Value;

/// A Fargate profile of an eksctl `ClusterConfig` in the input (`fargateProfiles`).
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: String,
    /// Namespace (wildcards `*` and `?` allowed) and the labels a pod must all carry.
    pub selectors: Vec<(String, BTreeMap<String, String>)>,
}

/// The Fargate profiles of the eksctl `ClusterConfig`s among the objects.
pub fn profiles(objects: &[&Object]) -> Vec<Profile> {
    let mut out = Vec::new();
    for o in objects.iter().filter(|o| o.kind == "ClusterConfig") {
        let list = o.raw.get("fargateProfiles").and_then(Value::as_sequence);
        for p in list.into_iter().flatten() {
            let name = p.get("name").and_then(Value::as_str).unwrap_or("?");
            let sels = p.get("selectors").and_then(Value::as_sequence);
            let selectors = sels
                .into_iter()
                .flatten()
                .filter_map(|s| {
                    let ns = s.get("namespace").and_then(Value::as_str)?;
                    let labels = s
                        .get("labels")
                        .and_then(Value::as_mapping)
                        .map(|m| {
                            m.iter()
                                .filter_map(|(k, v)| {
                                    Some((k.as_str()?.to_string(), v.as_str()?.to_string()))
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    Some((ns.to_string(), labels))
                })
                .collect();
            out.push(Profile {
                name: name.to_string(),
                selectors,
            });
        }
    }
    out
}

/// The first profile selecting a pod of `namespace` with `labels`, as EKS matches them: the
/// namespace (with wildcards) and every label of one selector.
pub fn selecting<'a>(
    profiles: &'a [Profile],
    namespace: &str,
    labels: &BTreeMap<String, String>,
) -> Option<&'a Profile> {
    profiles.iter().find(|p| {
        p.selectors.iter().any(|(ns, want)| {
            crate::catalog::glob_match(ns, namespace)
                && want.iter().all(|(k, v)| labels.get(k) == Some(v))
        })
    })
}

/// The facts of the pod spec at `base` (`spec.template.spec`) of `obj`, with the pod's labels
/// and the Fargate profile of the input that selects it.
pub fn pod_facts(
    obj: &Object,
    pod: &Spec,
    base: &str,
    labels: &BTreeMap<String, String>,
    profiles: &[Profile],
) -> PodFacts {
    let raw = at(&obj.raw, base);
    let containers: Vec<&Value> = ["containers", "initContainers"]
        .iter()
        .filter_map(|k| raw.and_then(|r| r.get(*k)).and_then(Value::as_sequence))
        .flatten()
        .collect();
    let mut f = PodFacts {
        host_network: pod.host_network,
        namespace: obj.metadata.namespace.clone(),
        labels: labels.clone(),
        required: selecting(
            profiles,
            obj.metadata.namespace.as_deref().unwrap_or("default"),
            labels,
        )
        .map(|p| format!("Fargate profile {}", p.name)),
        ..PodFacts::default()
    };
    for c in &containers {
        let name = c.get("name").and_then(Value::as_str).unwrap_or("?");
        if c.get("securityContext")
            .and_then(|s| s.get("privileged"))
            .and_then(Value::as_bool)
            == Some(true)
        {
            f.privileged.push(name.to_string());
        }
        let ports = c.get("ports").and_then(Value::as_sequence);
        if ports.is_some_and(|ps| ps.iter().any(|p| p.get("hostPort").is_some())) {
            f.host_port = true;
        }
    }
    for c in pod.containers.iter().chain(&pod.init_containers) {
        for r in [&c.resources.requests, &c.resources.limits]
            .into_iter()
            .flatten()
        {
            for o in r.other.iter().filter(|o| is_accelerator(o)) {
                if !f.accelerators.contains(o) {
                    f.accelerators.push(o.clone());
                }
            }
        }
    }
    f.ephemeral_storage_bytes = ephemeral_storage(raw);
    if let Some(vols) = raw
        .and_then(|r| r.get("volumes"))
        .and_then(Value::as_sequence)
    {
        for v in vols {
            if let Some(claim) = v
                .get("persistentVolumeClaim")
                .and_then(|c| c.get("claimName"))
                .and_then(Value::as_str)
            {
                f.volume_claims.push(claim.to_string());
            }
            if v.get("awsElasticBlockStore").is_some() {
                f.ebs_volume = true;
            }
        }
    }
    let templates = obj
        .raw
        .get("spec")
        .and_then(|s| s.get("volumeClaimTemplates"))
        .and_then(Value::as_sequence);
    for t in templates.into_iter().flatten() {
        let name = t
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("?");
        f.volume_claims
            .push(format!("{name} (volumeClaimTemplates)"));
    }
    f
}

/// The value at a dotted path (`spec.template.spec`).
fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// The pod's ephemeral storage request, the way the scheduler counts it: the larger of the
/// largest init container and the sum of the containers (limits stand in for requests).
fn ephemeral_storage(pod: Option<&Value>) -> u64 {
    let one = |c: &Value| -> u64 {
        let r = c.get("resources");
        let q = ["requests", "limits"].iter().find_map(|k| {
            r.and_then(|r| r.get(*k))
                .and_then(|x| x.get("ephemeral-storage"))
        });
        match q {
            Some(Value::String(s)) => parse_memory_bytes(s).unwrap_or(0),
            Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
            _ => 0,
        }
    };
    let list = |k: &str| -> Vec<u64> {
        pod.and_then(|p| p.get(k))
            .and_then(Value::as_sequence)
            .map(|s| s.iter().map(one).collect())
            .unwrap_or_default()
    };
    let main: u64 = list("containers").iter().sum();
    let init = list("initContainers").into_iter().max().unwrap_or(0);
    main.max(init)
}

#[cfg(test)]
mod tests {
    use crate::workload::k8s::convert::{Options, to_workload};
    use crate::workload::k8s::parse_source;

    fn facts(yaml: &str) -> Vec<crate::fargate::PodFacts> {
        let catalog = crate::catalog::Catalog::parse(include_str!(
            "../../../tests/fixtures/k8s/catalog.jsonl"
        ))
        .unwrap();
        let objs = parse_source("t.yaml", yaml).unwrap();
        let k = to_workload(&objs, &catalog, &Options::default()).unwrap();
        k.workload
            .workloads
            .into_iter()
            .map(|w| w.fargate)
            .collect()
    }

    #[test]
    fn reads_what_rules_fargate_out() {
        let f = facts(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: shop}\nspec:\n  replicas: 1\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      hostNetwork: true\n      volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]\n      containers:\n      - name: c\n        securityContext: {privileged: true}\n        ports: [{containerPort: 80, hostPort: 80}]\n        resources: {requests: {cpu: 100m, memory: 64Mi, ephemeral-storage: 30Gi}, limits: {nvidia.com/gpu: 1}}\n",
        );
        let f = &f[0];
        assert!(f.host_network && f.host_port);
        assert_eq!(f.privileged, ["c"]);
        assert_eq!(f.accelerators, ["nvidia.com/gpu"]);
        assert_eq!(f.volume_claims, ["data"]);
        assert_eq!(f.ephemeral_storage_bytes, 30 << 30);
        assert_eq!(f.namespace.as_deref(), Some("shop"));
        assert_eq!(f.labels.get("app").map(String::as_str), Some("a"));
    }

    #[test]
    fn profiles_select_by_namespace_and_labels() {
        let cfg = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c, region: us-east-1}\nfargateProfiles:\n- name: fp-shop\n  selectors:\n  - namespace: sh*\n    labels: {tier: front}\n---\n";
        let dep = |name: &str, tier: &str| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n  replicas: 1\n  template:\n    metadata: {{labels: {{tier: {tier}}}}}\n    spec:\n      containers: [{{name: c, resources: {{requests: {{cpu: 100m, memory: 64Mi}}}}}}]\n---\n"
            )
        };
        let f = facts(&format!(
            "{cfg}{}{}",
            dep("web", "front"),
            dep("db", "back")
        ));
        assert_eq!(f[0].required.as_deref(), Some("Fargate profile fp-shop"));
        assert_eq!(f[1].required, None);
    }

    #[test]
    fn plain_pod_has_no_blocker() {
        let f = facts(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 1\n  volumeClaimTemplates: [{metadata: {name: pgdata}}]\n  template:\n    spec:\n      containers: [{name: c, resources: {requests: {cpu: 1, memory: 1Gi}}}]\n",
        );
        assert_eq!(f[0].volume_claims, ["pgdata (volumeClaimTemplates)"]);
        assert!(!f[0].host_network && f[0].privileged.is_empty());
    }
}
