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

/// The facts of the pod spec at `base` (`spec.template.spec`) of `obj`, with the pod's labels.
pub fn pod_facts(
    obj: &Object,
    pod: &Spec,
    base: &str,
    labels: &BTreeMap<String, String>,
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
    fn plain_pod_has_no_blocker() {
        let f = facts(
            "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 1\n  volumeClaimTemplates: [{metadata: {name: pgdata}}]\n  template:\n    spec:\n      containers: [{name: c, resources: {requests: {cpu: 1, memory: 1Gi}}}]\n",
        );
        assert_eq!(f[0].volume_claims, ["pgdata (volumeClaimTemplates)"]);
        assert!(!f[0].host_network && f[0].privileged.is_empty());
    }
}
