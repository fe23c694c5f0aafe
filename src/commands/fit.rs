//! `kplan fit FILE`: the cheapest node mix for a workload file, with the lower bound, the gap and
//! the greedy (Karpenter-style) baseline. Reads the file, applies the flags, builds the problem
//! (`fit::model`), solves it (`fit::solve`), re-checks the plan (`fit::verify`), renders.

use super::{fit_fargate, fit_k8s};
use crate::catalog::Catalog;
use crate::cli::GlobalArgs;
use crate::exit;
use crate::fit::model::{self, Model, PriceSource};
use crate::fit::{Effort, Plan, SolveOptions, verify};
use crate::output::{self, Style, align_right, thousands};
use crate::pods::MaxPodsMode;
use crate::workload::k8s::convert::{HpaMode, K8sInput};
use crate::workload::quantity::{format_cpu, format_memory};
use crate::workload::{CapacityType, NetworkMode, Workload, parse_yaml};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Hours in a month, for monthly costs (365 x 24 / 12).
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Arguments of `kplan fit`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  kplan fit workload.yaml\n  kplan fit workload.yaml --capacity-type spot --zones 3\n  kplan fit workload.yaml --prefix-delegation -o json\n  kplan fit deploy/ nodepool.yaml -o nodepool\n  helm template ./chart | kplan fit - nodepool.yaml --current today.yaml -o markdown"
)]
pub struct FitArgs {
    /// The workload file (kplan's YAML: region, nodes, daemonsets, workloads; see the README), or
    /// Kubernetes manifests and Karpenter NodePools: any mix of files, directories (recursive,
    /// *.yaml|*.yml|*.json) and `-` (stdin).
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// HorizontalPodAutoscalers: plan for maxReplicas (`max`) or minReplicas (`min`).
    #[arg(long, value_enum, default_value_t = HpaMode::Max)]
    pub hpa: HpaMode,
    /// Today's node groups (`type=count` lines or a YAML map `type: count`): shows today's cost
    /// beside the plan and whether today's nodes hold the workload.
    #[arg(long, value_name = "FILE")]
    pub current: Option<PathBuf>,
    /// Region for prices and availability (overrides `region:`).
    #[arg(long)]
    pub region: Option<String>,
    /// On-demand or spot prices (overrides `capacityType:`).
    #[arg(long, value_enum, value_name = "TYPE")]
    pub capacity_type: Option<CapacityType>,
    /// Spot only from types whose Spot Instance Advisor interruption band is at most this:
    /// `<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%` (overrides `maxInterruption:`).
    #[arg(long, value_name = "BAND", value_parser = clap::value_parser!(crate::catalog::Band))]
    pub max_interruption: Option<crate::catalog::Band>,
    /// Availability zones to spread over, 1 to 6 (overrides `zones:`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=6))]
    pub zones: Option<u32>,
    /// Kubelet max pods: a number, `recommended` (110/250 caps) or `max-allowed` (the IP limit)
    /// (overrides `networking.maxPods`).
    #[arg(long, value_name = "N|recommended|max-allowed")]
    pub max_pods: Option<MaxPodsMode>,
    /// `--prefix-delegation`, `--custom-networking`, `--ipv6` (override `networking`).
    #[command(flatten)]
    pub cni: super::node_args::CniModeArgs,
    /// Stop improving the plan after this long (`500ms`, `10s`, `2m`; a bare number is seconds)
    /// and print the best plan with a still-valid lower bound. The one option whose answer can
    /// depend on the machine: without it the solver's limits count work, not time.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub time_limit: Option<Duration>,
    /// A flat discount off every price (EDP, private pricing): `12%` (overrides `discount:`).
    #[arg(long, value_name = "PCT")]
    pub discount: Option<String>,
    /// The account's own on-demand prices: a CSV file with the header
    /// `instance_type,region,usd_per_hour` (adds to and overrides `prices:`).
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Add the EKS cluster fee to the cost summary: `standard` (0.10 USD/hour) or `extended`
    /// support (0.60).
    #[arg(long, value_enum, value_name = "SUPPORT")]
    pub cluster_fee: Option<crate::catalog::adjust::ClusterFee>,
    /// Fargate beside EC2: `compare` (each workload's Fargate size and cost), `mixed`
    /// (eligible workloads on Fargate where cheaper) or `only` (every eligible workload on
    /// Fargate); overrides `fargate:` (docs/fargate.md).
    #[arg(long, value_enum, value_name = "MODE")]
    pub fargate: Option<crate::fargate::Mode>,
    /// How much work the solver spends: `quick` (a plan sooner, a looser bound), `normal`, or
    /// `thorough` (more search for a cheaper plan and a tighter bound).
    #[arg(long, value_enum, default_value_t = EffortArg::Normal)]
    pub effort: EffortArg,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Table)]
    pub output: Format,
}

/// `--effort` of `kplan fit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EffortArg {
    Quick,
    Normal,
    Thorough,
}

impl From<EffortArg> for Effort {
    fn from(e: EffortArg) -> Effort {
        match e {
            EffortArg::Quick => Effort::Quick,
            EffortArg::Normal => Effort::Normal,
            EffortArg::Thorough => Effort::Thorough,
        }
    }
}

/// `--output` of `kplan fit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    /// A Karpenter NodePool allowing exactly the plan's instance types.
    Nodepool,
    /// eksctl managed node groups.
    Eksctl,
    /// A summary for a pull-request comment.
    Markdown,
}

/// `500ms`, `10s`, `2m`, `1h` or a bare number of seconds (decimals allowed).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let (num, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = t.strip_suffix('h') {
        (n, 3600.0)
    } else {
        (t, 1.0)
    };
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a duration like 500ms, 10s or 2m"))?;
    if !v.is_finite() || v <= 0.0 || v * scale > 86_400.0 {
        return Err(format!("'{s}' must be a duration above 0 and at most 24h"));
    }
    Ok(Duration::from_secs_f64(v * scale))
}

impl FitArgs {
    /// Applies the overriding flags to the workload read from the file.
    pub fn apply(&self, w: &mut Workload) {
        if let Some(r) = &self.region {
            w.region = r.clone();
        }
        if let Some(c) = self.capacity_type {
            w.capacity_type = c;
        }
        if self.max_interruption.is_some() {
            w.max_interruption = self.max_interruption;
        }
        if let Some(z) = self.zones {
            w.zones = z;
        }
        if let Some(m) = self.max_pods {
            w.networking.max_pods = m;
        }
        self.cni.apply(&mut w.networking);
    }
}

/// Reads and parses a workload file; errors name the file.
pub fn read_workload(path: &std::path::Path) -> Result<Workload> {
    let text = crate::input::read_text(path, crate::input::Origin::Named)
        .with_context(|| format!("cannot read workload file {}", path.display()))?;
    parse_yaml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Everything the renderers need: the workload, the model, the plan and the baseline.
pub struct Outcome {
    pub workload: Workload,
    pub model: Model,
    pub plan: Plan,
    pub baseline: Plan,
    pub elapsed: Duration,
    /// What the manifests carried beyond the workload (`None` for kplan's own file).
    pub k8s: Option<K8sInput>,
    /// Today's node groups (`--current`).
    pub current: Option<fit_k8s::Current>,
    /// Notes from the NodePool limits.
    pub limit_notes: Vec<String>,
    /// The replacement set of each spot node group.
    pub spot_sets: BTreeMap<super::fit_prices::SetKey, crate::fit::replacements::ReplacementSet>,
    /// `--cluster-fee`.
    pub cluster_fee: Option<crate::catalog::adjust::ClusterFee>,
    /// `--fargate`: the Fargate pods and the comparison (`None` when off).
    pub fargate: Option<super::fit_fargate::FargateOutcome>,
}

/// Reads, models and solves (no printing except the progress line on a terminal).
pub fn plan(global: &GlobalArgs, args: &FitArgs) -> Result<Outcome> {
    // --time-limit counts from here: reading and modelling the input take from it too.
    let opts = SolveOptions::within(args.time_limit, args.effort.into());
    let catalog = Catalog::from_option(global.catalog.as_deref())?;
    let (mut workload, mut k8s, file) = fit_k8s::read_inputs(args, &catalog)?;
    args.apply(&mut workload);
    super::fit_prices::apply(args, &mut workload, &catalog, &file)?;
    if let Some(k) = &mut k8s {
        args.apply(&mut k.own_selectors);
        k.own_selectors.prices = workload.prices.clone();
    }
    let mode = fit_fargate::mode(args.fargate, &workload);
    let mut model =
        fit_fargate::build_model(&workload, &catalog, mode).with_context(|| file.clone())?;
    if let Some(k) = &k8s {
        fit_k8s::pin_zones(&mut model, &workload, k)?;
    }
    let prep = fit_fargate::prepare(&mut model, &workload, mode)?;
    let start = Instant::now();
    let plan = {
        let mut progress = Progress::new();
        let plans = fit_fargate::solve_all(&mut model, prep.as_ref(), &opts, &mut |m| {
            progress.report(m)
        });
        progress.finish();
        plans
    };
    let fit_fargate::Solutions {
        plan,
        ec2: ec2_plan,
        baseline,
    } = plan;
    let (plan, limit_notes) = match &k8s {
        Some(k) => fit_k8s::enforce_limits(&model, plan, k, &opts)?,
        None => (plan, Vec::new()),
    };
    let elapsed = start.elapsed();
    let current = match &args.current {
        Some(p) => Some(fit_k8s::evaluate_current(
            &fit_k8s::read_current(p)?,
            k8s.as_ref().map_or(&workload, |k| &k.own_selectors),
            &catalog,
        )?),
        None => None,
    };
    verify(&model.problem, &plan)
        .map_err(|e| anyhow::anyhow!("internal error: the plan fails its re-check: {e}"))?;
    let mut plan = plan;
    let fargate = prep
        .zip(ec2_plan)
        .map(|(prep, ec2)| fit_fargate::finish(&model, &workload, prep, &mut plan, ec2));
    let mut outcome = Outcome {
        workload,
        model,
        plan,
        baseline,
        elapsed,
        k8s,
        current,
        limit_notes,
        fargate,
        spot_sets: BTreeMap::new(),
        cluster_fee: args.cluster_fee,
    };
    outcome.spot_sets = super::fit_prices::spot_sets(&outcome, &catalog);
    Ok(outcome)
}

pub fn run(global: &GlobalArgs, style: Style, args: FitArgs) -> Result<u8> {
    let outcome = plan(global, &args)?;
    let text = match args.output {
        Format::Table => render_table(&outcome, style),
        Format::Json => output::json(&to_json(&outcome)),
        Format::Eksctl => fit_fargate::eksctl(&outcome, fit_k8s::render(&outcome, args.output)),
        Format::Markdown => fit_fargate::markdown(&outcome, fit_k8s::render(&outcome, args.output)),
        Format::Nodepool => fit_k8s::render(&outcome, args.output),
    };
    output::emit(&text)?;
    if let Some(why) = unplaced_line(&outcome) {
        eprintln!("kplan: {}", crate::sanitize::message(&why));
        return Ok(exit::FAILED);
    }
    Ok(exit::OK)
}

/// A one-line progress indicator on stderr, only on a terminal and only once a solve has taken
/// more than a moment.
struct Progress {
    on: bool,
    start: Instant,
    shown: bool,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            on: std::io::stderr().is_terminal(),
            start: Instant::now(),
            shown: false,
        }
    }
    fn report(&mut self, msg: &str) {
        let t = self.start.elapsed();
        if !self.on || t < Duration::from_millis(300) {
            return;
        }
        let mut e = std::io::stderr().lock();
        let _ = write!(e, "\r\x1b[2Kkplan fit: {:.1}s {msg}", t.as_secs_f64());
        let _ = e.flush();
        self.shown = true;
    }
    fn finish(&mut self) {
        if self.shown {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r\x1b[2K");
            let _ = e.flush();
        }
    }
}

/// One node group of the answer, as shown: merged, named and measured.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    pub instance_type: String,
    pub zone: Option<String>,
    pub count: u32,
    pub price_each: f64,
    pub price_source: PriceSource,
    pub interruption: Option<crate::catalog::Band>,
    pub vcpus: u32,
    pub memory_mib: u64,
    /// Workload name -> pods on one node.
    pub pods_per_node: BTreeMap<String, u32>,
    pub cpu_utilization: f64,
    pub memory_utilization: f64,
    pub pods_utilization: f64,
    /// Resources beyond CPU, memory and pods: name -> (requested on one node, allocatable).
    pub resources: BTreeMap<String, (u64, u64)>,
}

/// The plan's node groups with workload names and utilisation (daemonsets included, measured
/// against the kubelet's allocatable), sorted by zone and type.
pub fn group_rows(o: &Outcome) -> Vec<GroupRow> {
    let m = &o.model;
    let p = &m.problem;
    let mut rows: Vec<GroupRow> = Vec::new();
    for ng in &o.plan.node_groups {
        let opt = &p.options[ng.option];
        let info = &m.options[ng.option];
        let mut per: BTreeMap<String, u32> = BTreeMap::new();
        let (ds_cpu, ds_mem, ds_pods, _) =
            crate::fit::model::daemonset_overhead(&m.daemonsets, &opt.instance_type);
        let (mut cpu, mut mem, mut pods) = (ds_cpu, ds_mem, u64::from(ds_pods));
        for (g, &k) in ng.pods.iter().enumerate() {
            if k == 0 {
                continue;
            }
            let grp = &p.groups[g];
            *per.entry(grp.name.clone()).or_default() += k;
            cpu += u64::from(k) * grp.cpu_millicores;
            mem += u64::from(k) * grp.memory_bytes;
            pods += u64::from(k);
        }
        let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let row = GroupRow {
            instance_type: opt.instance_type.clone(),
            zone: (!opt.zone.is_empty()).then(|| opt.zone.clone()),
            count: ng.count,
            price_each: opt.price,
            price_source: info.price_source,
            interruption: info.interruption,
            vcpus: info.vcpus,
            memory_mib: info.memory_mib,
            pods_per_node: per,
            cpu_utilization: ratio(cpu, info.allocatable_cpu_millicores),
            memory_utilization: ratio(mem, info.allocatable_memory_bytes),
            pods_utilization: ratio(pods, u64::from(info.pod_capacity)),
            resources: super::fit_resources::node_use(p, ng),
        };
        match rows.iter_mut().find(|r| {
            r.instance_type == row.instance_type
                && r.zone == row.zone
                && r.price_source == row.price_source
                && r.pods_per_node == row.pods_per_node
        }) {
            Some(r) => r.count += row.count,
            None => rows.push(row),
        }
    }
    // Contents last: a total order, so the rows do not depend on the order of the input.
    rows.sort_by(|a, b| {
        (&a.zone, &a.instance_type, b.count, &a.pods_per_node).cmp(&(
            &b.zone,
            &b.instance_type,
            a.count,
            &b.pods_per_node,
        ))
    });
    rows
}

/// `(cost - bound) / bound`, or `None` without a bound.
pub fn gap(plan: &Plan) -> Option<f64> {
    (plan.lower_bound > 0.0).then(|| ((plan.cost - plan.lower_bound) / plan.lower_bound).max(0.0))
}

/// Why the plan is incomplete, in one line for stderr (exit 1), or `None` when every pod is
/// placed.
fn unplaced_line(o: &Outcome) -> Option<String> {
    let shares = unplaced(o);
    let total: u64 = shares.iter().map(|u| u64::from(u.pods)).sum();
    if total == 0 {
        return None;
    }
    let each: Vec<String> = shares
        .iter()
        .map(|u| match &u.zone {
            Some(z) => format!("{} {} in zone {z}", u.pods, u.workload),
            None => format!("{} {}", u.pods, u.workload),
        })
        .collect();
    let limit = o
        .workload
        .nodes
        .max_nodes
        .map_or(String::new(), |n| format!(" within maxNodes {n}"));
    Some(format!(
        "{total} pods could not be placed{limit} ({}); the plan above is incomplete",
        each.join(", ")
    ))
}

/// Unplaced pods by workload (and zone for spread shares).
pub fn unplaced(o: &Outcome) -> Vec<UnplacedJson> {
    o.plan
        .unplaced
        .iter()
        .enumerate()
        .filter(|(_, u)| **u > 0)
        .map(|(g, &u)| {
            let gi = &o.model.groups[g];
            UnplacedJson {
                workload: o.workload.workloads[gi.workload].name.clone(),
                zone: gi.zone.clone(),
                pods: u,
            }
        })
        .collect()
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn money(x: f64) -> String {
    // No "-0.0000" from a sum of nothing or a rounding residue.
    let x = if x.abs() < 5e-5 { 0.0 } else { x };
    if x >= 100.0 {
        let cents = (x * 100.0).round() as u64;
        format!("{}.{:02}", thousands(cents / 100), cents % 100)
    } else {
        format!("{x:.4}")
    }
}

/// Notes worth printing under the plan (also in JSON).
pub fn notes(o: &Outcome) -> Vec<String> {
    let m = &o.model;
    let mut out = Vec::new();
    let used: Vec<usize> = o.plan.node_groups.iter().map(|ng| ng.option).collect();
    out.extend(m.price_notes(&used));
    if m.currency != "USD" {
        out.push(format!(
            "prices in {} are in {}: the usd_* fields hold {} amounts",
            o.workload.region, m.currency, m.currency
        ));
    }
    out.extend(super::fit_prices::notes(o));
    out.extend(o.limit_notes.iter().cloned());
    if let Some(k) = &o.k8s {
        out.extend(k.warnings.iter().map(|w| format!("warning: {w}")));
        out.extend(k.not_always_running.iter().map(|n| {
            format!("{n} comes from a CronJob: planned as running, but it does not always run")
        }));
        out.extend(k.notes.iter().map(|n| format!("not modelled: {n}")));
    }
    if o.plan.lower_bound <= 0.0 {
        out.push("no lower bound was computed (the solver stopped before it had one)".into());
    }
    out
}

/// The human answer.
pub fn render_table(o: &Outcome, style: Style) -> String {
    let rows = group_rows(o);
    let mut out = headline(&o.workload);
    out.push_str(&node_table(o, &rows, style).to_string());
    out.push('\n');
    let nodes: u32 = rows.iter().map(|r| r.count).sum();
    out.push_str(&summary_lines(o, nodes));
    for u in unplaced(o) {
        out.push_str(&format!(
            "unplaced:   {} pods of {}{}\n",
            u.pods,
            u.workload,
            u.zone.map_or(String::new(), |z| format!(" (zone {z})"))
        ));
    }
    for n in notes(o) {
        out.push_str(&format!("note: {n}\n"));
    }
    out.push_str(&fit_fargate::render(o, style));
    out
}

/// The first line: pods, workloads, region, capacity type, zones, networking, max pods.
fn headline(w: &Workload) -> String {
    let pods: u64 = w.workloads.iter().map(|x| u64::from(x.replicas)).sum();
    format!(
        "{} pods of {} workload{} in {}, {}, {} zone{}, {}, max pods {}\n",
        thousands(pods),
        w.workloads.len(),
        if w.workloads.len() == 1 { "" } else { "s" },
        w.region,
        w.capacity_type,
        w.zones,
        if w.zones == 1 { "" } else { "s" },
        match w.networking.mode {
            NetworkMode::SecondaryIp => "secondary IPs",
            NetworkMode::PrefixDelegation => "prefix delegation",
            NetworkMode::Ipv6 => "IPv6",
        },
        w.networking.max_pods
    )
}

/// The table of node groups: type, zone, count, pods per node, utilisation, prices, and the
/// extra resources when the workload asks any.
fn node_table(o: &Outcome, rows: &[GroupRow], style: Style) -> output::Table {
    let cur = o.model.currency;
    let multi_zone = o.workload.zones > 1;
    let mut headers = vec!["TYPE"];
    if multi_zone {
        headers.push("ZONE");
    }
    headers.extend(["NODES", "PODS PER NODE", "CPU", "MEMORY", "PODS"]);
    let each = format!("{cur}/H EACH");
    let total = format!("{cur}/H");
    headers.push(&each);
    headers.push(&total);
    let with_resources = !o.model.problem.extra_names.is_empty();
    if with_resources {
        headers.push("RESOURCES (USED/ALLOCATABLE)");
    }
    let mut table = style.table(headers);
    for r in rows {
        let mut cells = vec![format!(
            "{}{}{}",
            r.instance_type,
            r.price_source.marker(),
            super::fit_prices::mark(o, r)
        )];
        if multi_zone {
            cells.push(r.zone.clone().unwrap_or_default());
        }
        let per: Vec<String> = (r.pods_per_node.iter())
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        cells.extend([
            r.count.to_string(),
            per.join(", "),
            pct(r.cpu_utilization),
            pct(r.memory_utilization),
            pct(r.pods_utilization),
            format!("{:.4}", r.price_each),
            format!("{:.4}", r.price_each * f64::from(r.count)),
        ]);
        if with_resources {
            cells.push(super::fit_resources::cell(&r.resources));
        }
        table.add_row(cells);
    }
    let first_num = if multi_zone { 2 } else { 1 };
    let numeric: Vec<usize> = std::iter::once(first_num)
        .chain((first_num + 2)..(first_num + 7))
        .collect();
    align_right(&mut table, &numeric);
    table
}

/// The labelled lines under the table: cost, bound, baseline, prices, today, daemonsets,
/// candidates, and what utilisation means.
fn summary_lines(o: &Outcome, nodes: u32) -> String {
    let cur = o.model.currency;
    let cost = o.plan.cost;
    let line = |label: &str, text: String| format!("{label:<12}{text}\n");
    let mut out = line(
        "cost:",
        format!(
            "{} {cur}/hour, {} {cur}/month (730 h), {} node{}",
            money(cost),
            money(cost * HOURS_PER_MONTH),
            thousands(u64::from(nodes)),
            if nodes == 1 { "" } else { "s" }
        ),
    );
    let bound = match gap(&o.plan) {
        Some(g) => format!(
            "no plan costs less than {} {cur}/hour: gap {:.2}%",
            money(o.plan.lower_bound),
            g * 100.0
        ),
        None => "not computed".into(),
    };
    out.push_str(&line("bound:", bound));
    out.push_str(&line("baseline:", baseline_text(o)));
    for (label, text) in super::fit_prices::summary_lines(o, money) {
        out.push_str(&line(label, text));
    }
    if let Some(t) = fit_k8s::current_line(o) {
        out.push_str(&line("today:", t));
    }
    out.push_str(&line("daemonsets:", daemonsets_text(&o.model)));
    out.push_str(&line("candidates:", candidates_text(o)));
    out.push_str("utilisation: requests of pods and daemonsets / the kubelet's allocatable\n");
    out
}

/// The greedy baseline's cost and what the plan saves on it.
fn baseline_text(o: &Outcome) -> String {
    let cur = o.model.currency;
    let (b, cost) = (o.baseline.cost, o.plan.cost);
    let baseline_done = o.baseline.unplaced.iter().all(|&u| u == 0);
    format!(
        "greedy, Karpenter-style: {} {cur}/hour{}{}",
        money(b),
        if baseline_done {
            ""
        } else {
            " (leaves pods unplaced)"
        },
        if b > 0.0 {
            format!(
                "; this plan saves {} {cur}/hour ({:.1}%)",
                money(b - cost),
                (b - cost) / b * 100.0
            )
        } else {
            String::new()
        }
    )
}

/// The daemonsets on every node, with their requests.
fn daemonsets_text(m: &Model) -> String {
    let ds: Vec<String> = (m.daemonsets.iter())
        .map(|d| {
            let mut s = format!("{} {}", d.name, format_cpu(d.cpu_millicores));
            if d.memory_bytes > 0 {
                s.push_str(&format!("/{}", format_memory(d.memory_bytes)));
            }
            if d.host_network {
                s.push_str(" (host network)");
            }
            if let Some(types) = &d.runs_on {
                s.push_str(&format!(" (on {} types only)", types.len()));
            }
            s
        })
        .collect();
    if ds.is_empty() {
        "none".into()
    } else {
        format!("{} on every node", ds.join(", "))
    }
}

/// The candidate types, what was skipped, and the solve time.
fn candidates_text(o: &Outcome) -> String {
    let zones = o.workload.zones;
    format!(
        "{} instance types{} ({} skipped: {}); solved in {:.2}s",
        o.model.candidate_types,
        if zones > 1 {
            format!(" x {zones} zones")
        } else {
            String::new()
        },
        thousands(skipped_total(&o.model) as u64),
        model::skipped_text(&o.model.skipped),
        o.elapsed.as_secs_f64()
    )
}

fn skipped_total(m: &Model) -> usize {
    m.skipped.total()
}

/// `kplan fit -o json` (schema_version 1, documented in the README).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct FitJson {
    pub schema_version: u32,
    pub kind: String,
    pub region: String,
    pub capacity_type: String,
    /// `USD`, or `CNY` in the China regions (then the usd_* fields hold CNY).
    pub currency: String,
    pub zones: u32,
    pub network_mode: String,
    pub max_pods: String,
    pub node_groups: Vec<NodeGroupJson>,
    pub nodes: u32,
    pub usd_per_hour: f64,
    pub usd_per_month: f64,
    pub lower_bound_usd_per_hour: f64,
    /// `(cost - bound) / bound`; null without a bound.
    pub gap: Option<f64>,
    pub baseline: BaselineJson,
    pub saving_usd_per_hour: f64,
    pub unplaced: Vec<UnplacedJson>,
    pub daemonsets: Vec<DaemonSetJson>,
    pub candidate_types: usize,
    pub solve_seconds: f64,
    pub notes: Vec<String>,
    /// Today's node groups (`--current`); absent without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<fit_k8s::CurrentJson>,
    /// Spot plans: the cost with each spot group's replacement set; absent without spot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot_sets: Option<super::fit_prices::SpotSetsJson>,
    /// `--cluster-fee`: the EKS cluster fee and the plan's cost with it; absent without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_fee: Option<super::fit_prices::ClusterFeeJson>,
    /// `--fargate`: the Fargate pods of the plan and each workload's comparison; absent when off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fargate: Option<fit_fargate::FargateJson>,
}

/// `count` identical nodes.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct NodeGroupJson {
    pub instance_type: String,
    pub count: u32,
    /// Zone label (`a`, `b`, ...); null with one zone.
    pub zone: Option<String>,
    pub usd_per_hour_each: f64,
    /// `on-demand`, `spot` (observed), `spot-estimate` (on-demand x (1 - the Spot Instance
    /// Advisor's saving)) or `on-demand-stand-in` (spot planned without spot data).
    pub price_source: String,
    /// `on-demand` or `spot`.
    #[serde(default)]
    pub capacity_type: String,
    /// Spot: the Spot Instance Advisor's interruption band (`<5%` ... `>20%`); null when unknown
    /// or on-demand.
    #[serde(default)]
    pub interruption: Option<String>,
    pub vcpus: u32,
    pub memory_mib: u64,
    /// Pods of each workload on one node (daemonsets not included).
    pub pods_per_node: BTreeMap<String, u32>,
    pub utilization: UtilizationJson,
    /// Resources beyond CPU, memory and pods on one node (only those some workload asks for).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, super::fit_resources::ResourceUseJson>,
    /// What changed the list price (price file, discount, NodeOverlay); absent for a list price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_adjustment: Option<String>,
    /// Spot: the types that can replace this one (hold the same pods within the price
    /// tolerance), cheapest first; absent for on-demand groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replacement_types: Vec<String>,
}

/// Requests (pods and daemonsets) over the kubelet's allocatable, 0 to 1.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct UtilizationJson {
    pub cpu: f64,
    pub memory: f64,
    pub pods: f64,
}

/// The greedy baseline.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct BaselineJson {
    pub strategy: String,
    pub usd_per_hour: f64,
    pub unplaced_pods: u64,
}

/// Pods that could not be placed.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct UnplacedJson {
    pub workload: String,
    pub zone: Option<String>,
    pub pods: u32,
}

/// A daemonset counted on every node.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct DaemonSetJson {
    pub name: String,
    pub cpu_millicores: u64,
    pub memory_bytes: u64,
    pub host_network: bool,
}

fn round(x: f64, digits: i32) -> f64 {
    let s = 10f64.powi(digits);
    let r = (x * s).round() / s;
    // -0.0 would print as "-0.0".
    if r == 0.0 { 0.0 } else { r }
}

pub fn to_json(o: &Outcome) -> FitJson {
    let w = &o.workload;
    let rows = group_rows(o);
    FitJson {
        schema_version: crate::output::SCHEMA_VERSION,
        kind: "fit".into(),
        region: w.region.clone(),
        capacity_type: w.capacity_type.to_string(),
        currency: o.model.currency.into(),
        zones: w.zones,
        network_mode: w.networking.mode.to_string(),
        max_pods: w.networking.max_pods.to_string(),
        nodes: rows.iter().map(|r| r.count).sum(),
        node_groups: rows
            .iter()
            .map(|r| NodeGroupJson {
                instance_type: r.instance_type.clone(),
                count: r.count,
                zone: r.zone.clone(),
                usd_per_hour_each: r.price_each,
                price_source: r.price_source.as_str().into(),
                capacity_type: r.price_source.capacity_type().to_string(),
                interruption: r.interruption.map(|b| b.to_string()),
                vcpus: r.vcpus,
                memory_mib: r.memory_mib,
                pods_per_node: r.pods_per_node.clone(),
                utilization: UtilizationJson {
                    cpu: round(r.cpu_utilization, 4),
                    memory: round(r.memory_utilization, 4),
                    pods: round(r.pods_utilization, 4),
                },
                resources: super::fit_resources::to_json(&r.resources),
                price_adjustment: super::fit_prices::explain(o, r),
                replacement_types: super::fit_prices::replacement_types(o, r),
            })
            .collect(),
        usd_per_hour: round(o.plan.cost, 6),
        usd_per_month: round(o.plan.cost * HOURS_PER_MONTH, 2),
        lower_bound_usd_per_hour: round(o.plan.lower_bound, 6),
        gap: gap(&o.plan).map(|g| round(g, 6)),
        baseline: BaselineJson {
            strategy: "greedy".into(),
            usd_per_hour: round(o.baseline.cost, 6),
            unplaced_pods: o.baseline.unplaced.iter().map(|&u| u64::from(u)).sum(),
        },
        saving_usd_per_hour: round(o.baseline.cost - o.plan.cost, 6),
        unplaced: unplaced(o),
        daemonsets: o
            .model
            .daemonsets
            .iter()
            .map(|d| DaemonSetJson {
                name: d.name.clone(),
                cpu_millicores: d.cpu_millicores,
                memory_bytes: d.memory_bytes,
                host_network: d.host_network,
            })
            .collect(),
        candidate_types: o.model.candidate_types,
        solve_seconds: round(o.elapsed.as_secs_f64(), 3),
        notes: notes(o),
        current: fit_k8s::current_json(o),
        spot_sets: super::fit_prices::spot_sets_json(o),
        cluster_fee: super::fit_prices::cluster_fee_json(o),
        fargate: fit_fargate::to_json(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("-1s").is_err());
    }

    fn outcome(plan_groups: &[(&str, u32, u32)]) -> Outcome {
        let catalog =
            Catalog::parse(include_str!("../../tests/fixtures/fit-catalog.jsonl")).unwrap();
        let workload = parse_yaml(
            "nodes: {instanceTypes: [m5.large, m5.xlarge]}\nworkloads: [{name: web, replicas: 10, cpu: 500m, memory: 1Gi}]",
        )
        .unwrap();
        let model = model::build(&workload, &catalog).unwrap();
        let node_groups: Vec<crate::fit::NodeGroup> = plan_groups
            .iter()
            .map(|&(name, count, pods)| crate::fit::NodeGroup {
                option: model
                    .problem
                    .options
                    .iter()
                    .position(|o| o.instance_type == name)
                    .unwrap(),
                count,
                pods: vec![pods],
            })
            .collect();
        let cost = node_groups
            .iter()
            .map(|g| model.problem.options[g.option].price * f64::from(g.count))
            .sum();
        let plan = Plan {
            node_groups,
            cost,
            lower_bound: 0.25,
            unplaced: vec![0],
        };
        let baseline = plan.clone();
        Outcome {
            workload,
            model,
            plan,
            baseline,
            elapsed: Duration::from_millis(5),
            k8s: None,
            current: None,
            limit_notes: Vec::new(),
            spot_sets: BTreeMap::new(),
            cluster_fee: None,
            fargate: None,
        }
    }

    #[test]
    fn rows_merge_and_measure() {
        let o = outcome(&[("m5.xlarge", 1, 4), ("m5.large", 1, 3), ("m5.large", 1, 3)]);
        verify(&o.model.problem, &o.plan).unwrap();
        let rows = group_rows(&o);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].instance_type.as_str(), rows[0].count),
            ("m5.large", 2)
        );
        assert_eq!(rows[0].pods_per_node["web"], 3);
        // (aws-node 25m + kube-proxy 100m + 3 x 500m) / 1930m; 3 GiB / 6903 MiB; 5 / 29 pods.
        assert_eq!(rows[0].cpu_utilization, 1625.0 / 1930.0);
        assert_eq!(rows[0].memory_utilization, 3072.0 / 6903.0);
        assert_eq!(rows[0].pods_utilization, 5.0 / 29.0);
        let j = to_json(&o);
        assert!((j.usd_per_hour - 0.384).abs() < 1e-9);
        assert_eq!(j.gap, Some(0.536));
        assert_eq!(j.nodes, 3);
        let back: FitJson = serde_json::from_str(&output::json(&j)).unwrap();
        assert_eq!(back, j);
        let table = render_table(&o, Style::plain());
        assert!(
            table.contains(
                "| m5.large  |     2 | web 3         | 84% |    45% |  17% |     0.0960 | 0.1920 |"
            ),
            "{table}"
        );
        assert!(
            table.contains("no plan costs less than 0.2500 USD/hour: gap 53.60%"),
            "{table}"
        );
    }

    #[test]
    fn money_format() {
        assert_eq!(money(1.536), "1.5360");
        assert_eq!(money(1121.28), "1,121.28");
        assert_eq!(money(-0.0), "0.0000");
        assert_eq!(money(-1e-12), "0.0000");
    }
}
