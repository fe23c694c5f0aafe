//! The well-known node labels of an instance type (Kubernetes' and Karpenter's), read from the
//! catalog record, and node-selector requirements (`In NotIn Exists DoesNotExist Gt Lt`)
//! evaluated on them. The label values are the ones Karpenter puts on its nodes
//! (shared/reference/karpenter-instance-types.csv lists them per type).

use crate::catalog::InstanceType;

/// Labels every instance type carries that kplan can evaluate per type. Zone, capacity type and
/// NodePool name are plan-wide and handled by the caller.
pub const TYPE_LABELS: &[&str] = &[
    "node.kubernetes.io/instance-type",
    "beta.kubernetes.io/instance-type",
    "kubernetes.io/arch",
    "beta.kubernetes.io/arch",
    "kubernetes.io/os",
    "karpenter.k8s.aws/instance-category",
    "karpenter.k8s.aws/instance-family",
    "karpenter.k8s.aws/instance-generation",
    "karpenter.k8s.aws/instance-size",
    "karpenter.k8s.aws/instance-cpu",
    "karpenter.k8s.aws/instance-memory",
    "karpenter.k8s.aws/instance-hypervisor",
    "karpenter.k8s.aws/instance-gpu-count",
    "karpenter.k8s.aws/instance-gpu-manufacturer",
    "karpenter.k8s.aws/instance-gpu-name",
    "karpenter.k8s.aws/instance-gpu-memory",
    "karpenter.k8s.aws/instance-local-nvme",
];

/// The zone label.
pub const ZONE: &str = "topology.kubernetes.io/zone";
/// The capacity-type label (`on-demand`, `spot`).
pub const CAPACITY_TYPE: &str = "karpenter.sh/capacity-type";
/// The label naming the NodePool a node came from.
pub const NODEPOOL: &str = "karpenter.sh/nodepool";
/// The node's own name (pod anti-affinity and spread on it mean "per node").
pub const HOSTNAME: &str = "kubernetes.io/hostname";

/// Is `key` a label kplan evaluates per instance type?
pub fn is_type_label(key: &str) -> bool {
    TYPE_LABELS.contains(&key)
}

/// The values of a type label on `t` (empty when the type does not carry the label, like
/// `instance-gpu-count` on a type without GPUs). `None` for keys that are not type labels.
pub fn label_values(t: &InstanceType, key: &str) -> Option<Vec<String>> {
    let one = |v: Option<String>| Some(v.into_iter().collect::<Vec<_>>());
    match key {
        "node.kubernetes.io/instance-type" | "beta.kubernetes.io/instance-type" => {
            one(Some(t.name.clone()))
        }
        "kubernetes.io/arch" | "beta.kubernetes.io/arch" => Some(t.architectures.clone()),
        "kubernetes.io/os" => one(Some("linux".into())),
        "karpenter.k8s.aws/instance-category" => one(Some(t.category.clone())),
        "karpenter.k8s.aws/instance-family" => one(Some(t.family.clone())),
        "karpenter.k8s.aws/instance-generation" => one(t.generation.map(|g| g.to_string())),
        "karpenter.k8s.aws/instance-size" => one(Some(t.size.clone())),
        "karpenter.k8s.aws/instance-cpu" => one(t.vcpus.map(|v| v.to_string())),
        "karpenter.k8s.aws/instance-memory" => one(t.memory_mib.map(|v| v.to_string())),
        "karpenter.k8s.aws/instance-hypervisor" => one(t.hypervisor.clone()),
        "karpenter.k8s.aws/instance-gpu-count" => one(t.gpu.as_ref().map(|g| g.count.to_string())),
        "karpenter.k8s.aws/instance-gpu-manufacturer" => {
            one(t.gpu.as_ref().map(|g| g.manufacturer.to_lowercase()))
        }
        // Karpenter: lower case, spaces as dashes (`rtx-pro-4500`).
        "karpenter.k8s.aws/instance-gpu-name" => one(t
            .gpu
            .as_ref()
            .map(|g| g.name.to_lowercase().replace(' ', "-"))),
        // Karpenter: memory of one GPU (the catalog holds the total).
        "karpenter.k8s.aws/instance-gpu-memory" => one(t
            .gpu
            .as_ref()
            .map(|g| (g.memory_mib / u64::from(g.count.max(1))).to_string())),
        // Karpenter labels NVMe instance storage only: Xen types have HDD or SATA SSD, except
        // i3 (checked against shared/reference/karpenter-instance-types.csv: every type agrees).
        "karpenter.k8s.aws/instance-local-nvme" => one(t
            .local_storage_gb
            .filter(|&g| g > 0 && (t.hypervisor.as_deref() != Some("xen") || t.family == "i3"))
            .map(|g| g.to_string())),
        _ => None,
    }
}

/// A requirement operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt,
    Lt,
}

impl Operator {
    /// Parses the Kubernetes spelling; the error lists the operators.
    pub fn parse(s: &str) -> Result<Operator, String> {
        Ok(match s {
            "In" => Operator::In,
            "NotIn" => Operator::NotIn,
            "Exists" => Operator::Exists,
            "DoesNotExist" => Operator::DoesNotExist,
            "Gt" => Operator::Gt,
            "Lt" => Operator::Lt,
            _ => {
                return Err(format!(
                    "unknown operator '{s}' (expected In, NotIn, Exists, DoesNotExist, Gt or Lt)"
                ));
            }
        })
    }
}

/// A checked requirement: `key operator values`.
#[derive(Debug, Clone, PartialEq)]
pub struct Req {
    pub key: String,
    pub op: Operator,
    pub values: Vec<String>,
}

impl Req {
    /// Checks the operator and its values (In/NotIn need values, Gt/Lt exactly one integer,
    /// Exists/DoesNotExist none).
    pub fn new(key: &str, op: &str, values: Vec<String>) -> Result<Req, String> {
        let op = Operator::parse(op)?;
        match op {
            Operator::In | Operator::NotIn if values.is_empty() => {
                return Err(format!("operator {op:?} needs at least one value"));
            }
            Operator::Exists | Operator::DoesNotExist if !values.is_empty() => {
                return Err(format!("operator {op:?} takes no values"));
            }
            Operator::Gt | Operator::Lt
                if values.len() != 1 || values[0].parse::<i64>().is_err() =>
            {
                return Err(format!(
                    "operator {op:?} needs exactly one integer value, got {values:?}"
                ));
            }
            _ => {}
        }
        Ok(Req {
            key: key.to_string(),
            op,
            values,
        })
    }

    /// Does a node whose label `key` has `have` (empty = label absent) satisfy this?
    pub fn matches_values(&self, have: &[String]) -> bool {
        let num = |s: &String| s.parse::<i64>().ok();
        match self.op {
            Operator::In => have.iter().any(|h| self.values.contains(h)),
            Operator::NotIn => !have.iter().any(|h| self.values.contains(h)),
            Operator::Exists => !have.is_empty(),
            Operator::DoesNotExist => have.is_empty(),
            Operator::Gt | Operator::Lt => {
                let bound = self.values.first().and_then(num);
                have.iter().any(|h| match (num(h), bound) {
                    (Some(h), Some(b)) => {
                        if self.op == Operator::Gt {
                            h > b
                        } else {
                            h < b
                        }
                    }
                    _ => false,
                })
            }
        }
    }

    /// Evaluates on a catalog type; `None` when the key is not a type label.
    pub fn matches_type(&self, t: &InstanceType) -> Option<bool> {
        label_values(t, &self.key).map(|v| self.matches_values(&v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m6i_2xl() -> InstanceType {
        let line = r#"{"name": "m6i.2xlarge", "family": "m6i", "category": "m", "generation": 6, "size": "2xlarge", "vcpus": 8, "memory_mib": 32768, "architectures": ["amd64"], "hypervisor": "nitro", "bare_metal": false, "enis": 4, "ipv4_per_eni": 15, "ipv6_per_eni": 15, "network_cards": 1, "network_card_max_enis": [4], "default_network_card_index": 0, "trunking": true, "branch_enis": 38, "gpu": null, "local_storage_gb": 0, "current_generation": true, "burstable": false, "spot": true, "regions": ["us-east-1"], "on_demand": {"us-east-1": 0.384}, "spot_prices": {}, "provenance": {}}"#;
        serde_json::from_str(line).unwrap()
    }

    fn req(key: &str, op: &str, v: &[&str]) -> Req {
        Req::new(key, op, v.iter().map(|s| s.to_string()).collect()).unwrap()
    }

    #[test]
    fn every_operator_on_a_type() {
        let t = m6i_2xl();
        let k = "karpenter.k8s.aws/instance-generation";
        for (r, want) in [
            (
                req("karpenter.k8s.aws/instance-category", "In", &["c", "m"]),
                true,
            ),
            (
                req("karpenter.k8s.aws/instance-category", "In", &["c", "r"]),
                false,
            ),
            (
                req(
                    "karpenter.k8s.aws/instance-size",
                    "NotIn",
                    &["metal", "2xlarge"],
                ),
                false,
            ),
            (
                req("karpenter.k8s.aws/instance-size", "NotIn", &["metal"]),
                true,
            ),
            (req(k, "Gt", &["5"]), true),
            (req(k, "Gt", &["6"]), false),
            (req(k, "Lt", &["7"]), true),
            (req(k, "Lt", &["6"]), false),
            (req("karpenter.k8s.aws/instance-cpu", "Gt", &["7"]), true),
            (
                req("karpenter.k8s.aws/instance-memory", "Lt", &["32768"]),
                false,
            ),
            (
                req("karpenter.k8s.aws/instance-gpu-count", "Exists", &[]),
                false,
            ),
            (
                req("karpenter.k8s.aws/instance-gpu-count", "DoesNotExist", &[]),
                true,
            ),
            (
                req("karpenter.k8s.aws/instance-hypervisor", "Exists", &[]),
                true,
            ),
            (req("kubernetes.io/arch", "In", &["arm64"]), false),
            (
                req("node.kubernetes.io/instance-type", "In", &["m6i.2xlarge"]),
                true,
            ),
        ] {
            assert_eq!(r.matches_type(&t), Some(want), "{r:?}");
        }
        assert_eq!(req("team", "Exists", &[]).matches_type(&t), None);
    }

    #[test]
    fn labels_match_karpenters_values() {
        // shared/reference/karpenter-instance-types.csv, row g5.xlarge: category g, family g5,
        // generation 5, size xlarge, cpu 4, memory 16384, hypervisor nitro, local-nvme 250,
        // gpu-count 1, gpu-manufacturer nvidia, gpu-name a10g, gpu-memory 22888, arch amd64.
        let cat = crate::catalog::Catalog::parse(include_str!(
            "../../../tests/fixtures/k8s/catalog.jsonl"
        ))
        .unwrap();
        let t = cat.get("g5.xlarge").unwrap();
        let k = |s: &str| format!("karpenter.k8s.aws/instance-{s}");
        for (key, want) in [
            (k("category"), "g"),
            (k("family"), "g5"),
            (k("generation"), "5"),
            (k("size"), "xlarge"),
            (k("cpu"), "4"),
            (k("memory"), "16384"),
            (k("hypervisor"), "nitro"),
            (k("local-nvme"), "250"),
            (k("gpu-count"), "1"),
            (k("gpu-manufacturer"), "nvidia"),
            (k("gpu-name"), "a10g"),
            (k("gpu-memory"), "22888"),
            ("kubernetes.io/arch".to_string(), "amd64"),
            ("node.kubernetes.io/instance-type".to_string(), "g5.xlarge"),
        ] {
            assert_eq!(label_values(t, &key), Some(vec![want.to_string()]), "{key}");
        }
        // Several GPUs: the label is one GPU's memory (g4ad.8xlarge: 2 GPUs, 16384 MiB in all,
        // label 8192); names with spaces get dashes (g7: `rtx-pro-4500`).
        let mut two = t.clone();
        two.gpu = Some(crate::catalog::Gpu {
            count: 2,
            manufacturer: "AMD".into(),
            name: "RTX PRO 4500".into(),
            memory_mib: 16384,
        });
        assert_eq!(
            label_values(&two, &k("gpu-memory")),
            Some(vec!["8192".to_string()])
        );
        assert_eq!(
            label_values(&two, &k("gpu-name")),
            Some(vec!["rtx-pro-4500".to_string()])
        );
        // Xen instance storage is not NVMe: no local-nvme label.
        let mut xen = t.clone();
        xen.hypervisor = Some("xen".into());
        assert_eq!(label_values(&xen, &k("local-nvme")), Some(vec![]));
    }

    #[test]
    fn bad_requirements() {
        assert!(
            Req::new("a", "Equals", vec![])
                .unwrap_err()
                .contains("unknown operator 'Equals'")
        );
        assert!(Req::new("a", "In", vec![]).is_err());
        assert!(Req::new("a", "Gt", vec!["x".into()]).is_err());
        assert!(Req::new("a", "Exists", vec!["x".into()]).is_err());
    }
}
