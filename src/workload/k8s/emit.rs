//! Plans as config that pastes: a Karpenter NodePool (`-o nodepool`) whose requirements allow
//! exactly the plan's instance types, eksctl managed node groups (`-o eksctl`), and a Markdown
//! summary for a pull-request comment (`-o markdown`). Pure text builders.

use super::convert::Pool;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One node group of a plan, as the renderers need it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanGroup {
    pub instance_type: String,
    /// Zone name (`us-east-1a`) in a multi-zone plan: read from the NodePools when
    /// `zone_known`, else assumed from the zone label (`a` -> `<region>a`).
    pub zone: Option<String>,
    pub zone_known: bool,
    /// The plan's zone label (`a`, `b`...).
    pub zone_label: Option<String>,
    pub count: u32,
    pub price_each: f64,
    /// Pods per node the plan counts on (kubelet max pods within the IP limit).
    pub max_pods: u32,
    pub pods_per_node: BTreeMap<String, u32>,
}

/// Today's fleet, for the Markdown comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentSummary {
    pub groups: BTreeMap<String, u32>,
    pub cost: f64,
    pub nodes: u32,
    pub shortfall: Option<String>,
}

/// Plan-wide figures for the Markdown summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub region: String,
    pub capacity_type: String,
    pub currency: String,
    pub cost: f64,
    pub monthly: f64,
    pub lower_bound: f64,
    pub gap: Option<f64>,
    pub baseline: f64,
    pub pods: u32,
    pub workloads: usize,
    pub current: Option<CurrentSummary>,
}

fn quoted(values: &[String]) -> String {
    let v: Vec<String> = values.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", v.join(", "))
}

fn types_of(groups: &[PlanGroup]) -> Vec<String> {
    let mut t: Vec<String> = groups.iter().map(|g| g.instance_type.clone()).collect();
    t.sort();
    t.dedup();
    t
}

/// A Karpenter `karpenter.sh/v1` NodePool allowing exactly the plan's types (and zones, and the
/// capacity type). Name, node class, taints and limits come from `template` (the input's
/// heaviest NodePool) where there is one.
pub fn nodepool(
    groups: &[PlanGroup],
    capacity_type: &str,
    template: Option<&Pool>,
    header: &str,
) -> String {
    let mut s = String::new();
    for line in header.lines() {
        let _ = writeln!(s, "# {line}");
    }
    let name = template.map_or("kplan", |p| p.name.as_str());
    let class = template
        .and_then(|p| p.node_class.as_deref())
        .unwrap_or("default");
    let _ = write!(
        s,
        "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      nodeClassRef:\n        group: karpenter.k8s.aws\n        kind: EC2NodeClass\n        name: {class}\n      requirements:\n        - key: node.kubernetes.io/instance-type\n          operator: In\n          values: {}\n        - key: karpenter.sh/capacity-type\n          operator: In\n          values: [\"{capacity_type}\"]\n",
        quoted(&types_of(groups))
    );
    let mut zones: Vec<String> = groups
        .iter()
        .filter(|g| g.zone_known)
        .filter_map(|g| g.zone.clone())
        .collect();
    zones.sort();
    zones.dedup();
    if !zones.is_empty() {
        let _ = write!(
            s,
            "        - key: topology.kubernetes.io/zone\n          operator: In\n          values: {}\n",
            quoted(&zones)
        );
    }
    if let Some(p) = template {
        if !p.taints.is_empty() {
            s.push_str("      taints:\n");
            for t in &p.taints {
                let _ = writeln!(s, "        - key: {}", t.key);
                if let Some(v) = &t.value {
                    let _ = writeln!(s, "          value: \"{v}\"");
                }
                let _ = writeln!(s, "          effect: {}", t.effect);
            }
        }
        if p.limit_cpu_millicores.is_some() || p.limit_memory_bytes.is_some() {
            s.push_str("  limits:\n");
            if let Some(c) = p.limit_cpu_millicores {
                let _ = writeln!(
                    s,
                    "    cpu: \"{}\"",
                    crate::workload::quantity::format_cpu(c)
                );
            }
            if let Some(m) = p.limit_memory_bytes {
                let _ = writeln!(
                    s,
                    "    memory: {}",
                    crate::workload::quantity::format_memory(m)
                );
            }
        }
        if p.weight != 0 {
            let _ = writeln!(s, "  weight: {}", p.weight);
        }
    }
    s
}

/// eksctl `ClusterConfig` with one managed node group per type and zone of the plan.
pub fn eksctl(groups: &[PlanGroup], region: &str, spot: bool, header: &str) -> String {
    let mut s = String::new();
    for line in header.lines() {
        let _ = writeln!(s, "# {line}");
    }
    let _ = write!(
        s,
        "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: my-cluster # your cluster's name\n  region: {region}\nmanagedNodeGroups:\n"
    );
    for g in groups {
        let mut name = g.instance_type.replace('.', "-");
        if let Some(z) = &g.zone {
            name.push('-');
            name.push_str(z.trim_start_matches(region));
        }
        // Spot managed node groups take their types as `instanceTypes` (eksctl's spot guide).
        let types = if spot {
            format!("instanceTypes: [\"{}\"]", g.instance_type)
        } else {
            format!("instanceType: {}", g.instance_type)
        };
        let _ = write!(
            s,
            "  - name: {name}\n    {types}\n    desiredCapacity: {}\n    minSize: {}\n    maxSize: {}\n    maxPodsPerNode: {}\n",
            g.count, g.count, g.count, g.max_pods
        );
        if let Some(z) = &g.zone {
            if g.zone_known {
                let _ = writeln!(s, "    availabilityZones: [\"{z}\"]");
            } else {
                let _ = writeln!(
                    s,
                    "    availabilityZones: [\"{z}\"] # the plan's zone {}: put one zone of your cluster here",
                    g.zone_label.as_deref().unwrap_or("?")
                );
            }
        }
        if spot {
            s.push_str("    spot: true\n");
        }
    }
    s
}

fn money(x: f64) -> String {
    format!("{x:.4}")
}

/// A Markdown summary for a pull-request comment.
pub fn markdown(
    groups: &[PlanGroup],
    sum: &Summary,
    notes: &[String],
    warnings: &[String],
) -> String {
    let cur = &sum.currency;
    let nodes: u32 = groups.iter().map(|g| g.count).sum();
    let mut s = format!(
        "### kplan fit: {} {cur}/hour ({:.2} {cur}/month), {nodes} node{}\n\n{} pods of {} workloads, {}, {}.\n\n",
        money(sum.cost),
        sum.monthly,
        if nodes == 1 { "" } else { "s" },
        sum.pods,
        sum.workloads,
        sum.region,
        sum.capacity_type
    );
    s.push_str(&format!(
        "| Type | Zone | Nodes | Pods per node | {cur}/hour |\n|---|---|--:|---|--:|\n"
    ));
    for g in groups {
        let per: Vec<String> = g
            .pods_per_node
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            g.instance_type,
            if g.zone_known {
                g.zone.as_deref().unwrap_or("any")
            } else {
                g.zone_label.as_deref().unwrap_or("any")
            },
            g.count,
            per.join(", "),
            money(g.price_each * f64::from(g.count))
        );
    }
    s.push('\n');
    if let Some(g) = sum.gap {
        let _ = writeln!(
            s,
            "- Lower bound: no plan costs less than {} {cur}/hour (gap {:.2}%).",
            money(sum.lower_bound),
            g * 100.0
        );
    }
    if sum.baseline > 0.0 {
        let _ = writeln!(
            s,
            "- Greedy (Karpenter-style) baseline: {} {cur}/hour; this plan saves {:.1}%.",
            money(sum.baseline),
            (sum.baseline - sum.cost) / sum.baseline * 100.0
        );
    }
    if let Some(c) = &sum.current {
        let today: Vec<String> = c.groups.iter().map(|(t, n)| format!("{n} x {t}")).collect();
        let _ = writeln!(
            s,
            "- Today: {} ({} nodes) = {} {cur}/hour; the plan {} {} {cur}/hour ({:+.1}%).",
            today.join(", "),
            c.nodes,
            money(c.cost),
            if sum.cost <= c.cost { "saves" } else { "costs" },
            money((c.cost - sum.cost).abs()),
            if c.cost > 0.0 {
                (sum.cost - c.cost) / c.cost * 100.0
            } else {
                0.0
            }
        );
        match &c.shortfall {
            None => s.push_str("- Today's nodes hold the workload.\n"),
            Some(w) => {
                let _ = writeln!(s, "- **Today's nodes do not hold the workload**: {w}.");
            }
        }
    }
    if !warnings.is_empty() || !notes.is_empty() {
        s.push_str("\n<details><summary>Warnings and what kplan did not model</summary>\n\n");
        for w in warnings {
            let _ = writeln!(s, "- warning: {w}");
        }
        for n in notes {
            let _ = writeln!(s, "- {n}");
        }
        s.push_str("\n</details>\n");
    }
    s
}
