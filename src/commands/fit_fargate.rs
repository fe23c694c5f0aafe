//! `kplan fit --fargate compare|mixed|only`: the Fargate options added to the problem
//! (`fit::fargate_options`), the solves (an EC2-only plan beside the mixed one, so that mixed is
//! never dearer), the Fargate pods taken out of the node groups, and their table and JSON.

use super::fit::Outcome;
use crate::catalog::Catalog;
use crate::fargate::eligibility::{FargatePod, assess};
use crate::fargate::pricing::{Rates, hourly, rates};
use crate::fargate::{self, Mode};
use crate::fit::fargate_options::{self, FargateOptions};
use crate::fit::model::Model;
use crate::fit::{Plan, Problem, SolveOptions, Solved, solve, solve_beside_greedy};
use crate::output::{Style, align_right, thousands};
use crate::workload::Workload;
use crate::workload::quantity::{format_cpu, format_memory};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

/// What `--fargate` and the file's `fargate:` ask for (the flag wins; default off).
pub fn mode(flag: Option<Mode>, w: &Workload) -> Mode {
    flag.or(w.fargate).unwrap_or(Mode::Off)
}

/// The model of `w`. With `mixed` or `only`, a workload whose pod no allowed EC2 type holds
/// but Fargate can run is no error: it is planned on Fargate ([`prepare`]). With `off` or
/// `compare` it stays an [`crate::error::Infeasible`] naming the resource.
pub fn build_model(w: &Workload, catalog: &Catalog, mode: Mode) -> Result<Model> {
    let fargate = matches!(mode, Mode::Mixed | Mode::Only);
    crate::fit::model::build_with(w, catalog, &|s| fargate && assess(s).is_ok())
}

/// The problem before and after the Fargate options.
pub struct Prepared {
    pub mode: Mode,
    pub rates: Rates,
    /// The EC2-only problem (the same options and groups, minus the Fargate options at the end).
    pub ec2: Problem,
    pub options: FargateOptions,
}

/// Adds the Fargate options to `model` for `mixed` and `only` (none for `compare`).
pub fn prepare(model: &mut Model, w: &Workload, mode: Mode) -> Result<Option<Prepared>> {
    if mode == Mode::Off {
        return Ok(None);
    }
    let Some(r) = rates(&w.region) else {
        bail!(
            "--fargate {mode}: kplan knows Fargate's rates for us-east-1 only, not {} (docs/fargate.md; a gap, not filled with us-east-1's figures)",
            w.region
        );
    };
    let ec2 = model.problem.clone();
    let options = match mode {
        Mode::Mixed | Mode::Only => fargate_options::add(model, w, &r, mode == Mode::Only),
        _ => FargateOptions::default(),
    };
    Ok(Some(Prepared {
        mode,
        rates: r,
        ec2,
        options,
    }))
}

fn ec2_nodes(plan: &Plan, o: &FargateOptions) -> u32 {
    plan.node_groups
        .iter()
        .filter(|g| o.get(g.option).is_none())
        .map(|g| g.count)
        .sum()
}

fn complete(p: &Plan) -> bool {
    p.unplaced.iter().all(|&u| u == 0)
}

/// Pods a plan leaves unplaced (the EC2-only plan's, for pods only Fargate can hold).
pub fn unplaced_pods(p: &Plan) -> u32 {
    p.unplaced.iter().sum()
}

/// The plans of one `kplan fit`.
pub struct Solutions {
    pub plan: Plan,
    /// The EC2-only plan, with Fargate options.
    pub ec2: Option<Plan>,
    /// The greedy baseline of the EC2-only problem (what Karpenter-style packing buys without
    /// Fargate).
    pub baseline: Plan,
}

/// Solves the problem; with Fargate options also the EC2-only one. Returns the plan, the
/// EC2-only plan and the greedy baseline. `maxNodes` counts nodes, not Fargate pods: the problem is solved with the
/// limit raised by the eligible pods (a relaxation: its bound is a proof for the real limit);
/// if that plan uses more EC2 nodes than the limit, the problem is solved again with Fargate
/// pods counted (a restriction: its plan keeps the real limit) and keeps the relaxation's bound.
pub fn solve_all(
    model: &mut Model,
    prep: Option<&Prepared>,
    opts: &SolveOptions,
    progress: &mut dyn FnMut(&str),
) -> Solutions {
    let Some(prep) = prep else {
        let Solved { plan, baseline } = solve_beside_greedy(&model.problem, opts, progress);
        return Solutions {
            plan,
            ec2: None,
            baseline,
        };
    };
    let Solved {
        plan: ec2,
        baseline,
    } = solve_beside_greedy(&prep.ec2, opts, progress);
    if prep.options.options.is_empty() {
        return Solutions {
            plan: ec2.clone(),
            ec2: Some(ec2),
            baseline,
        };
    }
    let limit = model.problem.max_nodes;
    if let Some(n) = limit {
        model.problem.max_nodes = Some(n.saturating_add(prep.options.eligible_pods(model)));
    }
    let mut plan = solve(&model.problem, opts, progress);
    if let Some(n) = limit
        && ec2_nodes(&plan, &prep.options) > n
    {
        let strict = Problem {
            max_nodes: Some(n),
            ..model.problem.clone()
        };
        let bound = plan.lower_bound;
        plan = solve(&strict, opts, progress);
        plan.lower_bound = bound;
    }
    // The EC2-only plan is a plan of the mixed problem too (unless groups are forced onto
    // Fargate): mixed is never dearer.
    let better = complete(&ec2) && (!complete(&plan) || ec2.cost < plan.cost);
    if prep.options.forced.is_empty() && better {
        let bound = plan.lower_bound;
        plan = Plan {
            lower_bound: bound,
            ..ec2.clone()
        };
    }
    Solutions {
        plan,
        ec2: Some(ec2),
        baseline,
    }
}

/// Fargate pods of one group in the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub workload: String,
    /// Zone label, `None` for any zone.
    pub zone: Option<String>,
    pub pods: u32,
    pub pod: FargatePod,
    pub usd_per_hour_each: f64,
}

/// One workload beside Fargate: its size and cost there, its share of the EC2-only plan.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkloadRow {
    pub workload: String,
    pub replicas: u32,
    pub cpu_millicores: u64,
    pub memory_bytes: u64,
    /// Fargate's size, or why the workload cannot run there.
    pub fargate: Result<FargatePod, String>,
    /// All replicas on Fargate, per hour.
    pub fargate_usd_per_hour: Option<f64>,
    /// Its share of the EC2-only plan's cost (see [`ec2_shares`]).
    pub ec2_usd_per_hour: f64,
    /// Pods the plan puts on Fargate.
    pub on_fargate: u32,
}

/// What the renderers show about Fargate.
#[derive(Debug, Clone)]
pub struct FargateOutcome {
    pub mode: Mode,
    pub rates: Rates,
    pub ec2_plan: Plan,
    pub placed: Vec<Placed>,
    pub rows: Vec<WorkloadRow>,
    /// Daemonsets: they do not run on Fargate.
    pub daemonsets: Vec<String>,
    /// Workloads a Fargate profile selects that cannot run there.
    pub notes: Vec<String>,
}

impl FargateOutcome {
    /// Pods the plan runs on Fargate, and what they cost an hour.
    pub fn placed_totals(&self) -> (u32, f64) {
        let pods = self.placed.iter().map(|p| p.pods).sum();
        let cost = (self.placed.iter())
            .map(|p| p.usd_per_hour_each * f64::from(p.pods))
            .sum();
        (pods, cost)
    }
}

/// Each workload's share of an EC2 plan: every node's price split over the pods on it in
/// proportion to each pod's dominant share of the node (the largest of its CPU, memory and
/// pod-slot fractions). The shares add up to the plan's cost.
pub fn ec2_shares(model: &Model, plan: &Plan, fo: &FargateOptions) -> Vec<f64> {
    let p = &model.problem;
    let mut share = vec![0.0; model.groups.len()];
    for ng in plan
        .node_groups
        .iter()
        .filter(|g| fo.get(g.option).is_none())
    {
        let o = &p.options[ng.option];
        let weight = |g: usize, k: u32| -> f64 {
            let grp = &p.groups[g];
            let f = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
            f64::from(k)
                * f(grp.cpu_millicores, o.cpu_millicores)
                    .max(f(grp.memory_bytes, o.memory_bytes))
                    .max(f(1, u64::from(o.pods)))
        };
        let total: f64 = ng.pods.iter().enumerate().map(|(g, &k)| weight(g, k)).sum();
        if total <= 0.0 {
            continue;
        }
        for (g, &k) in ng.pods.iter().enumerate() {
            share[g] += o.price * f64::from(ng.count) * weight(g, k) / total;
        }
    }
    share
}

/// Takes the Fargate pods out of `plan`'s node groups (its cost still counts them).
pub fn finish(
    model: &Model,
    w: &Workload,
    prep: Prepared,
    plan: &mut Plan,
    ec2_plan: Plan,
) -> FargateOutcome {
    let fo = &prep.options;
    let mut placed: Vec<Placed> = Vec::new();
    for ng in plan
        .node_groups
        .iter()
        .filter(|g| fo.get(g.option).is_some())
    {
        let (g, pod) = fo.get(ng.option).expect("filtered");
        let opt = &model.problem.options[ng.option];
        placed.push(Placed {
            workload: model.problem.groups[g].name.clone(),
            zone: (!opt.zone.is_empty()).then(|| opt.zone.clone()),
            pods: ng.count * ng.pods[g],
            pod,
            usd_per_hour_each: opt.price,
        });
    }
    placed.sort_by(|a, b| (&a.workload, &a.zone).cmp(&(&b.workload, &b.zone)));
    plan.node_groups.retain(|g| fo.get(g.option).is_none());
    let shares = ec2_shares(model, &ec2_plan, fo);
    let mut rows: Vec<WorkloadRow> = Vec::new();
    let mut notes = Vec::new();
    for spec in &w.workloads {
        let a = assess(spec);
        if let (Err(why), Some(p)) = (&a, &spec.fargate.required)
            && prep.mode != Mode::Compare
        {
            notes.push(format!(
                "{}: selected for Fargate ({p}) but it cannot run there ({why}); planned on EC2",
                spec.name
            ));
        }
        rows.push(WorkloadRow {
            workload: spec.name.clone(),
            replicas: spec.replicas,
            cpu_millicores: spec.cpu_millicores,
            memory_bytes: spec.memory_bytes,
            fargate_usd_per_hour: a.as_ref().ok().map(|p| {
                hourly(&prep.rates, p.size, p.extra_storage_gib) * f64::from(spec.replicas)
            }),
            fargate: a,
            ec2_usd_per_hour: model
                .groups
                .iter()
                .zip(&shares)
                .filter(|(gi, _)| w.workloads[gi.workload].name == spec.name)
                .map(|(_, s)| s)
                .sum(),
            on_fargate: placed
                .iter()
                .filter(|p| p.workload == spec.name)
                .map(|p| p.pods)
                .sum(),
        });
    }
    FargateOutcome {
        mode: prep.mode,
        rates: prep.rates,
        ec2_plan,
        placed,
        rows,
        daemonsets: model.daemonsets.iter().map(|d| d.name.clone()).collect(),
        notes,
    }
}

fn money(x: f64) -> String {
    format!("{:.4}", if x.abs() < 5e-5 { 0.0 } else { x })
}

/// The Fargate table and lines under the plan.
pub fn render(o: &Outcome, style: Style) -> String {
    let Some(f) = &o.fargate else {
        return String::new();
    };
    let cur = o.model.currency;
    let fg = format!("FARGATE {cur}/H");
    let ec2 = format!("EC2 SHARE {cur}/H");
    let last = if f.mode == Mode::Compare {
        "CHEAPER"
    } else {
        "PLACED"
    };
    let mut t = style.table([
        "WORKLOAD",
        "PODS",
        "REQUESTS",
        "FARGATE SIZE",
        fg.as_str(),
        ec2.as_str(),
        last,
    ]);
    for r in &f.rows {
        let (size, price) = match &r.fargate {
            Ok(p) => (
                if p.extra_storage_gib > 0 {
                    format!("{} +{}GB storage", p.size.annotation(), p.extra_storage_gib)
                } else {
                    p.size.annotation()
                },
                r.fargate_usd_per_hour.map_or(String::new(), money),
            ),
            Err(_) => ("not eligible".into(), "-".into()),
        };
        let verdict = match (f.mode, r.fargate_usd_per_hour) {
            (Mode::Compare, Some(p)) if p < r.ec2_usd_per_hour => "fargate".to_string(),
            (Mode::Compare, _) => "ec2".to_string(),
            (_, _) if r.on_fargate == 0 => "ec2".to_string(),
            (_, _) if r.on_fargate == r.replicas => "fargate".to_string(),
            (_, _) => format!("fargate {}", r.on_fargate),
        };
        t.add_row(vec![
            r.workload.clone(),
            thousands(u64::from(r.replicas)),
            format!(
                "{}/{}",
                format_cpu(r.cpu_millicores),
                format_memory(r.memory_bytes)
            ),
            size,
            price,
            money(r.ec2_usd_per_hour),
            verdict,
        ]);
    }
    align_right(&mut t, &[1, 4, 5]);
    let mut out = format!("\nfargate ({}):\n{t}\n", f.mode);
    for r in &f.rows {
        if let Err(why) = &r.fargate {
            out.push_str(&format!("not on fargate: {}: {why}\n", r.workload));
        }
    }
    if !f.daemonsets.is_empty() {
        out.push_str(&format!(
            "not on fargate: daemonsets {}: DaemonSets do not run on Fargate (run the agent as a sidecar)\n",
            f.daemonsets.join(", ")
        ));
    }
    for n in &f.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    let (pods, fargate_cost) = f.placed_totals();
    if f.mode != Mode::Compare {
        let unplaced = unplaced_pods(&f.ec2_plan);
        let ec2_only = if unplaced == 0 {
            format!("{} {cur}/hour", money(f.ec2_plan.cost))
        } else {
            format!(
                "{} pods fit no allowed instance type",
                thousands(u64::from(unplaced))
            )
        };
        out.push_str(&format!(
            "fargate:    {} pods, {} {cur}/hour of the plan's cost (one subnet address each); EC2 only: {ec2_only}\n",
            thousands(u64::from(pods)),
            money(fargate_cost),
        ));
    }
    out.push_str(&format!(
        "fargate rates: {} {cur}/vCPU-hour, {} {cur}/GB-hour ({}); EC2 share: each node's price split by its pods' largest share of CPU, memory or pod slots\n",
        f.rates.vcpu_hour, f.rates.gb_hour, f.rates.source
    ));
    out
}

/// The plan's Markdown (`-o markdown`) with a Fargate section (the table's figures) before
/// its details; unchanged without `--fargate`.
pub fn markdown(o: &Outcome, md: String) -> String {
    let Some(f) = &o.fargate else { return md };
    let cur = o.model.currency;
    let c = crate::output::markdown::cell;
    let last = if f.mode == Mode::Compare {
        "Cheaper"
    } else {
        "Placed"
    };
    let mut s = format!(
        "#### Fargate ({})\n\n| Workload | Pods | Requests | Fargate size | Fargate {cur}/hour | EC2 share {cur}/hour | {last} |\n|---|--:|---|---|--:|--:|---|\n",
        f.mode
    );
    for r in &f.rows {
        let (size, price) = match &r.fargate {
            Ok(p) => (
                p.size.annotation(),
                r.fargate_usd_per_hour.map_or(String::new(), money),
            ),
            Err(why) => (format!("not eligible: {why}"), "-".into()),
        };
        let verdict = match (f.mode, r.fargate_usd_per_hour) {
            (Mode::Compare, Some(p)) if p < r.ec2_usd_per_hour => "fargate".to_string(),
            (Mode::Compare, _) => "ec2".to_string(),
            _ if r.on_fargate == 0 => "ec2".to_string(),
            _ if r.on_fargate == r.replicas => "fargate".to_string(),
            _ => format!("fargate {}", r.on_fargate),
        };
        s.push_str(&format!(
            "| {} | {} | {}/{} | {} | {} | {} | {verdict} |\n",
            c(&r.workload),
            r.replicas,
            format_cpu(r.cpu_millicores),
            format_memory(r.memory_bytes),
            c(&size),
            price,
            money(r.ec2_usd_per_hour)
        ));
    }
    let (pods, cost) = f.placed_totals();
    if f.mode != Mode::Compare {
        s.push_str(&format!(
            "\n- Fargate: {pods} pods, {} {cur}/hour of the plan's cost (one subnet address each); EC2 only: {}.\n",
            money(cost),
            match unplaced_pods(&f.ec2_plan) {
                0 => format!("{} {cur}/hour", money(f.ec2_plan.cost)),
                n => format!("{n} pods fit no allowed instance type"),
            }
        ));
    }
    s.push_str(&format!(
        "\n- Fargate rates: {} {cur}/vCPU-hour, {} {cur}/GB-hour ({}).\n\n",
        f.rates.vcpu_hour,
        f.rates.gb_hour,
        c(f.rates.source)
    ));
    match md.find("<details>") {
        Some(i) => format!("{}{s}{}", &md[..i], &md[i..]),
        None => format!("{md}\n{s}"),
    }
}

/// `fargate` in `kplan fit -o json`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct FargateJson {
    pub mode: String,
    pub rates: RatesJson,
    /// The EC2-only plan's cost (without its unplaced pods).
    pub ec2_only_usd_per_hour: f64,
    /// Pods the EC2-only plan cannot place (no allowed type holds them; only Fargate can).
    #[serde(default)]
    pub ec2_only_unplaced_pods: u32,
    /// Fargate pods of the plan (each takes one subnet address in its zone).
    pub pods: Vec<FargatePodsJson>,
    pub workloads: Vec<FargateWorkloadJson>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct RatesJson {
    pub region: String,
    pub usd_per_vcpu_hour: f64,
    pub usd_per_gb_hour: f64,
    pub usd_per_storage_gb_hour: f64,
    pub source: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct FargatePodsJson {
    pub workload: String,
    /// Zone label; null for any zone.
    pub zone: Option<String>,
    pub pods: u32,
    /// `CapacityProvisioned` shape: `0.25vCPU 1GB`.
    pub size: String,
    pub usd_per_hour_each: f64,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct FargateWorkloadJson {
    pub workload: String,
    pub replicas: u32,
    pub eligible: bool,
    /// Why not, when not eligible.
    pub reason: Option<String>,
    pub size: Option<String>,
    pub vcpus: Option<f64>,
    pub memory_gb: Option<f64>,
    pub extra_storage_gb: Option<u64>,
    pub fargate_usd_per_hour: Option<f64>,
    pub ec2_share_usd_per_hour: f64,
    pub pods_on_fargate: u32,
}

/// Rounded to 9 decimals: Fargate prices are exact to 7 or 8 (0.25 x 0.04048 + 0.5 x 0.004445
/// = 0.0123425), 6 would change them.
fn round9(x: f64) -> f64 {
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 { 0.0 } else { r }
}

pub fn to_json(o: &Outcome) -> Option<FargateJson> {
    let f = o.fargate.as_ref()?;
    Some(FargateJson {
        mode: f.mode.to_string(),
        rates: RatesJson {
            region: f.rates.region.clone(),
            usd_per_vcpu_hour: f.rates.vcpu_hour,
            usd_per_gb_hour: f.rates.gb_hour,
            usd_per_storage_gb_hour: f.rates.storage_gb_hour,
            source: f.rates.source.into(),
        },
        ec2_only_usd_per_hour: round9(f.ec2_plan.cost),
        ec2_only_unplaced_pods: unplaced_pods(&f.ec2_plan),
        pods: f
            .placed
            .iter()
            .map(|p| FargatePodsJson {
                workload: p.workload.clone(),
                zone: p.zone.clone(),
                pods: p.pods,
                size: p.pod.size.annotation(),
                usd_per_hour_each: p.usd_per_hour_each,
            })
            .collect(),
        workloads: f
            .rows
            .iter()
            .map(|r| {
                let ok = r.fargate.as_ref().ok();
                FargateWorkloadJson {
                    workload: r.workload.clone(),
                    replicas: r.replicas,
                    eligible: ok.is_some(),
                    reason: r.fargate.as_ref().err().cloned(),
                    size: ok.map(|p| p.size.annotation()),
                    vcpus: ok.map(|p| p.size.vcpus()),
                    memory_gb: ok.map(|p| p.size.memory_gb()),
                    extra_storage_gb: ok.map(|p| p.extra_storage_gib),
                    fargate_usd_per_hour: r.fargate_usd_per_hour.map(round9),
                    ec2_share_usd_per_hour: round9(r.ec2_usd_per_hour),
                    pods_on_fargate: r.on_fargate,
                }
            })
            .collect(),
    })
}

/// One Fargate profile selector: a namespace and the labels a pod must carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector {
    pub namespace: String,
    pub labels: Vec<(String, String)>,
}

/// EKS allows at most five selectors per Fargate profile.
const SELECTORS_PER_PROFILE: usize = 5;

/// The Fargate profiles a plan uses (`-o eksctl`): per namespace, one selector per Fargate
/// workload with its pod labels (kplan's own file has none: `app: NAME` is assumed), at most
/// five selectors a profile.
pub fn profiles(o: &Outcome) -> Vec<(String, Vec<Selector>)> {
    let Some(f) = &o.fargate else {
        return Vec::new();
    };
    let mut by_ns: std::collections::BTreeMap<String, Vec<Selector>> = Default::default();
    for r in f.rows.iter().filter(|r| r.on_fargate > 0) {
        let Some(spec) = o.workload.workloads.iter().find(|s| s.name == r.workload) else {
            continue;
        };
        let facts: &fargate::PodFacts = &spec.fargate;
        let namespace = facts.namespace.clone().unwrap_or_else(|| "default".into());
        let labels: Vec<(String, String)> = if facts.labels.is_empty() {
            vec![("app".into(), spec.name.clone())]
        } else {
            facts.labels.clone().into_iter().collect()
        };
        let sel = Selector {
            namespace: namespace.clone(),
            labels,
        };
        let list = by_ns.entry(namespace).or_default();
        if !list.contains(&sel) {
            list.push(sel);
        }
    }
    let mut out = Vec::new();
    for (ns, sels) in by_ns {
        for (i, chunk) in sels.chunks(SELECTORS_PER_PROFILE).enumerate() {
            let name = if i == 0 {
                format!("fp-{ns}")
            } else {
                format!("fp-{ns}-{}", i + 1)
            };
            out.push((name, chunk.to_vec()));
        }
    }
    out
}

/// `-o eksctl`: the node groups' ClusterConfig with the `fargateProfiles` the plan uses
/// appended (a top-level key after `managedNodeGroups`).
pub fn eksctl(o: &Outcome, config: String) -> String {
    use yaml_serde::{Mapping, Value};
    let profiles = profiles(o);
    if profiles.is_empty() {
        return config;
    }
    let text = |s: &str| Value::String(s.to_string());
    let list: Vec<Value> = profiles
        .iter()
        .map(|(name, sels)| {
            let selectors: Vec<Value> = sels
                .iter()
                .map(|s| {
                    let mut m = Mapping::new();
                    m.insert(text("namespace"), text(&s.namespace));
                    let labels: Mapping =
                        s.labels.iter().map(|(k, v)| (text(k), text(v))).collect();
                    m.insert(text("labels"), Value::Mapping(labels));
                    Value::Mapping(m)
                })
                .collect();
            let mut m = Mapping::new();
            m.insert(text("name"), text(name));
            m.insert(text("selectors"), Value::Sequence(selectors));
            Value::Mapping(m)
        })
        .collect();
    let mut top = Mapping::new();
    top.insert(text("fargateProfiles"), Value::Sequence(list));
    let tail = yaml_serde::to_string(&Value::Mapping(top)).unwrap_or_default();
    let mut out = config;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&tail);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::fit::verify;
    use crate::workload::parse_yaml;
    use proptest::prelude::*;

    /// Six types from shared/reference (tests/fixtures/fit-catalog.jsonl).
    fn catalog() -> Catalog {
        Catalog::parse(include_str!("../../tests/fixtures/fit-catalog.jsonl")).unwrap()
    }

    fn run(yaml: &str, mode: Mode) -> (Model, Plan, Plan) {
        let w = parse_yaml(yaml).unwrap();
        let mut m = build_model(&w, &catalog(), mode).unwrap();
        let prep = prepare(&mut m, &w, mode).unwrap();
        let s = solve_all(&mut m, prep.as_ref(), &SolveOptions::default(), &mut |_| {});
        (m, s.plan, s.ec2.unwrap())
    }

    #[test]
    fn small_pods_on_fargate_beat_a_node() {
        // 3 pods of 250m/512Mi on m5 only: one m5.large (0.096, fixture) or three
        // 0.25 vCPU / 1 GB Fargate pods at 0.014565 = 0.043695.
        let yaml = "nodes: {families: [m5]}\nworkloads: [{name: api, replicas: 3, cpu: 250m, memory: 512Mi}]";
        let (m, plan, ec2) = run(yaml, Mode::Mixed);
        assert_eq!(ec2.cost, 0.096);
        assert!((plan.cost - 0.043695).abs() < 1e-9, "{}", plan.cost);
        verify(&m.problem, &plan).unwrap();
        // maxNodes counts nodes, not Fargate pods: a limit of 1 still allows the 3 pods.
        let (_, limited, _) = run(
            &format!("{yaml}\n").replace("[m5]}", "[m5], maxNodes: 1}"),
            Mode::Mixed,
        );
        assert!((limited.cost - 0.043695).abs() < 1e-9, "{}", limited.cost);
    }

    #[test]
    fn only_forces_eligible_pods_and_keeps_the_rest_on_ec2() {
        let yaml = "nodes: {instanceTypes: [m5.large]}\nworkloads:\n  - {name: a, replicas: 2, cpu: 100m, memory: 100Mi}\n  - {name: b, replicas: 1, cpu: 100m, memory: 100Mi, fargate: false}";
        let (m, plan, _) = run(yaml, Mode::Only);
        // a: 0.25 vCPU / 0.5 GB = 0.0123425 each; b: one m5.large 0.096.
        assert!(
            (plan.cost - (2.0 * 0.0123425 + 0.096)).abs() < 1e-9,
            "{}",
            plan.cost
        );
        verify(&m.problem, &plan).unwrap();
    }

    #[test]
    fn a_pod_no_ec2_type_holds_goes_to_fargate() {
        // 6 CPU / 12Gi: the fixture's largest m5 (m5.xlarge) has 4 vCPUs. Fargate: 6 vCPU ->
        // the 8 vCPU row; 12 GiB + 256 MiB = 12.25 GB -> 8 vCPU's smallest, 16 GB. 8 x 0.04048
        // + 16 x 0.004445 = 0.32384 + 0.07112 = 0.39496 USD/hour; b stays on one m5.large
        // (0.096): 0.49096 in all.
        let yaml = "nodes: {families: [m5]}\nworkloads:\n  - {name: big, replicas: 1, cpu: 6, memory: 12Gi}\n  - {name: b, replicas: 1, cpu: 1, memory: 2Gi, fargate: false}";
        for mode in [Mode::Mixed, Mode::Only] {
            let (m, plan, ec2) = run(yaml, mode);
            assert!((plan.cost - 0.49096).abs() < 1e-9, "{mode}: {}", plan.cost);
            assert!(plan.unplaced.iter().all(|&u| u == 0), "{mode}");
            verify(&m.problem, &plan).unwrap();
            // EC2 only cannot place it.
            assert!(!complete(&ec2), "{mode}");
        }
        // compare and off: the misfit stays an error naming the resource.
        let w = parse_yaml(yaml).unwrap();
        for mode in [Mode::Compare, Mode::Off] {
            let e = build_model(&w, &catalog(), mode).unwrap_err();
            assert!(e.is::<crate::error::Infeasible>(), "{mode}: {e}");
            assert!(e.to_string().contains("workload 'big' (requests 6 CPU, 12Gi memory per pod) fits no allowed instance type"), "{mode}: {e}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Mixed is never dearer than EC2 only, its plan is valid, and its bound is below it.
        #[test]
        fn mixed_never_dearer(
            pods in proptest::collection::vec((1u32..6, 1u64..40, 1u64..40), 1..4),
        ) {
            let mut yaml = String::from("workloads:\n");
            for (i, (n, cpu, mem)) in pods.iter().enumerate() {
                yaml.push_str(&format!(
                    "  - {{name: w{i}, replicas: {n}, cpu: {}m, memory: {}Mi}}\n",
                    cpu * 50,
                    mem * 128
                ));
            }
            let (m, plan, ec2) = run(&yaml, Mode::Mixed);
            prop_assert!(plan.cost <= ec2.cost + 1e-9);
            prop_assert!(plan.lower_bound <= plan.cost + 1e-9);
            prop_assert!(verify(&m.problem, &plan).is_ok());
        }
    }
}
