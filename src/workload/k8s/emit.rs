//! Plans as config that pastes: a Karpenter NodePool (`-o nodepool`) whose requirements allow
//! exactly the plan's instance types, eksctl managed node groups (`-o eksctl`), and a Markdown
//! summary for a pull-request comment (`-o markdown`). Pure text builders; the YAML goes through
//! the YAML emitter (`yaml_serde`), never by pasting names into text.

use super::karpenter::Pool;
use super::labels::{CAPACITY_TYPE, ZONE};
use super::manifest::Taint;
use std::collections::BTreeMap;
use std::fmt::Write;
use yaml_serde::{Mapping, Value};

const INSTANCE_TYPE: &str = "node.kubernetes.io/instance-type";

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
    /// Labels its nodes carry for the pods placed on it (their NodePool's, or what their node
    /// selectors require).
    pub labels: BTreeMap<String, String>,
    /// Taints of the NodePool its pods come from (they tolerate them).
    pub taints: Vec<Taint>,
    /// Spot: the types that can replace `instance_type` (its replacement set, itself
    /// included); empty for on-demand groups.
    pub replacements: Vec<String>,
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

fn types_of(groups: &[PlanGroup]) -> Vec<String> {
    let mut t: Vec<String> = groups
        .iter()
        .flat_map(|g| std::iter::once(&g.instance_type).chain(&g.replacements))
        .cloned()
        .collect();
    t.sort();
    t.dedup();
    t
}

/// `text` as YAML comment lines. Control characters are escaped: a carriage return or other
/// line break inside a comment would end it and start a line of data.
pub fn comment_lines(text: &str) -> String {
    let mut s = String::new();
    for line in text.split('\n') {
        s.push_str("# ");
        for c in line.chars() {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}' {
                s.extend(c.escape_default());
            } else {
                s.push(c);
            }
        }
        s.push('\n');
    }
    s
}

fn text(s: &str) -> Value {
    Value::String(s.to_string())
}

fn texts(v: &[String]) -> Value {
    Value::Sequence(v.iter().map(|s| text(s)).collect())
}

fn mapping(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Mapping::new();
    for (k, v) in pairs {
        m.insert(text(k), v);
    }
    Value::Mapping(m)
}

fn requirement(key: &str, values: &[String]) -> Value {
    mapping(vec![
        ("key", text(key)),
        ("operator", text("In")),
        ("values", texts(values)),
    ])
}

/// `v[k1][k2]...`, made (as mappings) where missing.
fn path_mut<'v>(v: &'v mut Value, keys: &[&str]) -> &'v mut Value {
    let mut cur = v;
    for k in keys {
        if !cur.is_mapping() {
            *cur = Value::Mapping(Mapping::new());
        }
        let m = cur.as_mapping_mut().expect("a mapping");
        if !m.contains_key(*k) {
            m.insert(text(k), Value::Null);
        }
        cur = m.get_mut(*k).expect("just inserted");
    }
    cur
}

/// The metadata the API server sets, dropped from a NodePool read from a dump.
const SERVER_METADATA: &[&str] = &[
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "managedFields",
    "selfLink",
];

fn serialize(header: &str, doc: &Value) -> String {
    let body = yaml_serde::to_string(doc).expect("a YAML value always serializes");
    let mut s = if header.is_empty() {
        String::new()
    } else {
        comment_lines(header)
    };
    s.push_str(&body);
    s
}

/// A Karpenter `karpenter.sh/v1` NodePool allowing exactly the plan's types (and zones). With a
/// `template` (the input NodePool) every field of it is kept — labels, annotations, taints,
/// startup taints, expireAfter, terminationGracePeriod, disruption, limits, weight,
/// nodeClassRef, the other requirements — and only the instance-type requirement (and the zone
/// requirement, where the plan's zones are known) is replaced. Without one: a NodePool named
/// `kplan` with the plan's types and capacity type, on the EC2NodeClass `default`.
pub fn nodepool(
    groups: &[PlanGroup],
    capacity_type: &str,
    template: Option<&Pool>,
    header: &str,
) -> String {
    let types = types_of(groups);
    let mut zones: Vec<String> = groups
        .iter()
        .filter(|g| g.zone_known)
        .filter_map(|g| g.zone.clone())
        .collect();
    zones.sort();
    zones.dedup();
    let mut doc = match template {
        Some(p) => p.raw.clone(),
        None => mapping(vec![
            ("apiVersion", text("karpenter.sh/v1")),
            ("kind", text("NodePool")),
            ("metadata", mapping(vec![("name", text("kplan"))])),
            (
                "spec",
                mapping(vec![(
                    "template",
                    mapping(vec![(
                        "spec",
                        mapping(vec![
                            (
                                "nodeClassRef",
                                mapping(vec![
                                    ("group", text("karpenter.k8s.aws")),
                                    ("kind", text("EC2NodeClass")),
                                    ("name", text("default")),
                                ]),
                            ),
                            (
                                "requirements",
                                Value::Sequence(vec![requirement(
                                    CAPACITY_TYPE,
                                    &[capacity_type.to_string()],
                                )]),
                            ),
                        ]),
                    )]),
                )]),
            ),
        ]),
    };
    if let Some(m) = doc.as_mapping_mut() {
        m.remove("status");
    }
    if let Some(md) = doc.get_mut("metadata").and_then(|m| m.as_mapping_mut()) {
        for k in SERVER_METADATA {
            md.remove(*k);
        }
    }
    let reqs = path_mut(&mut doc, &["spec", "template", "spec", "requirements"]);
    if !reqs.is_sequence() {
        *reqs = Value::Sequence(Vec::new());
    }
    let list = reqs.as_sequence_mut().expect("a sequence");
    list.retain(|r| {
        let key = r.get("key").and_then(|k| k.as_str()).unwrap_or_default();
        key != INSTANCE_TYPE && (zones.is_empty() || key != ZONE)
    });
    let mut types_req = requirement(INSTANCE_TYPE, &types);
    if let Some(n) = min_values(groups)
        && let Some(m) = types_req.as_mapping_mut()
    {
        m.insert(text("minValues"), Value::Number(n.into()));
    }
    list.push(types_req);
    if !zones.is_empty() {
        list.push(requirement(ZONE, &zones));
    }
    serialize(header, &doc)
}

/// `minValues` of the instance-type requirement for spot groups with replacement sets: the
/// smallest set, at most 15 (Karpenter's minimum for spot-to-spot consolidation), so that
/// Karpenter keeps that many types open for every NodeClaim; `None` without spot sets.
fn min_values(groups: &[PlanGroup]) -> Option<u64> {
    groups
        .iter()
        .filter(|g| g.replacements.len() > 1)
        .map(|g| g.replacements.len().min(15) as u64)
        .min()
}

/// Labels eksctl may not set on a node group (the kubelet or AWS sets them, or they are
/// Karpenter's).
fn settable_label(key: &str) -> bool {
    !(key.starts_with("karpenter.sh/")
        || key.starts_with("karpenter.k8s.aws/")
        || key == ZONE
        || super::labels::is_type_label(key))
}

/// eksctl `ClusterConfig` with one managed node group per type and zone of the plan, with the
/// labels and taints the pods placed on it select and tolerate.
pub fn eksctl(groups: &[PlanGroup], region: &str, spot: bool, header: &str) -> String {
    let mut ngs = Vec::new();
    let mut header = header.to_string();
    header.push_str("\nmetadata.name: put your cluster's name");
    for g in groups {
        let mut name = g.instance_type.replace('.', "-");
        if let Some(z) = &g.zone {
            name.push('-');
            name.push_str(z.strip_prefix(region).unwrap_or(z));
        }
        let mut ng = vec![("name", text(&name))];
        // Spot managed node groups take their types as `instanceTypes` (eksctl's spot guide).
        if spot {
            ng.push((
                "instanceTypes",
                texts(std::slice::from_ref(&g.instance_type)),
            ));
        } else {
            ng.push(("instanceType", text(&g.instance_type)));
        }
        for k in ["desiredCapacity", "minSize", "maxSize"] {
            ng.push((k, Value::from(g.count)));
        }
        ng.push(("maxPodsPerNode", Value::from(g.max_pods)));
        if let Some(z) = &g.zone {
            ng.push(("availabilityZones", texts(std::slice::from_ref(z))));
            if !g.zone_known {
                header.push_str(&format!(
                    "\n{name}: the plan's zone {} (put one zone of your cluster there)",
                    g.zone_label.as_deref().unwrap_or("?")
                ));
            }
        }
        if spot {
            ng.push(("spot", Value::Bool(true)));
        }
        let labels: Mapping = g
            .labels
            .iter()
            .filter(|(k, _)| settable_label(k))
            .map(|(k, v)| (text(k), text(v)))
            .collect();
        if !labels.is_empty() {
            ng.push(("labels", Value::Mapping(labels)));
        }
        if !g.taints.is_empty() {
            let taints = g
                .taints
                .iter()
                .map(|t| {
                    let mut m = vec![("key", text(&t.key))];
                    if let Some(v) = &t.value {
                        m.push(("value", text(v)));
                    }
                    m.push(("effect", text(&t.effect)));
                    mapping(m)
                })
                .collect();
            ng.push(("taints", Value::Sequence(taints)));
        }
        ngs.push(mapping(ng));
    }
    let doc = mapping(vec![
        ("apiVersion", text("eksctl.io/v1alpha5")),
        ("kind", text("ClusterConfig")),
        (
            "metadata",
            mapping(vec![("name", text("my-cluster")), ("region", text(region))]),
        ),
        ("managedNodeGroups", Value::Sequence(ngs)),
    ]);
    serialize(&header, &doc)
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
