//! The Kubernetes side of `kplan fit`: reading any mix of files, directories and `-` (stdin);
//! zone pins and NodePool limits applied around the solver; today's node groups
//! (`--current`); and the outputs that paste (`-o nodepool`, `-o eksctl`, `-o markdown`).

use super::fit::{FitArgs, HOURS_PER_MONTH, Outcome, gap, group_rows};
use crate::catalog::Catalog;
use crate::exit::Infeasible;
use crate::fit::model::{Model, zone_label};
use crate::fit::{Plan, Problem, SolveOptions, solve};
use crate::workload::k8s::convert::{self, K8sInput, Options};
use crate::workload::k8s::{self, emit};
use crate::workload::{CapacityType, Workload, parse_yaml};
use anyhow::{Result, anyhow, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One input's text and the name errors use for it.
pub struct Source {
    pub name: String,
    pub text: String,
}

fn is_manifest_file(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| anyhow!("cannot read directory {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if is_manifest_file(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads every input: files as given, directories recursively (`*.yaml`, `*.yml`, `*.json`,
/// sorted by path), `-` from stdin (once).
pub fn read_sources(inputs: &[PathBuf]) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    let mut stdin_read = false;
    for input in inputs {
        if input.as_os_str() == "-" {
            if stdin_read {
                bail!("-: stdin given twice");
            }
            stdin_read = true;
            let text = crate::input::read_text(input, crate::input::Origin::Named)
                .map_err(|e| anyhow!("cannot read stdin: {e}"))?;
            out.push(Source {
                name: "<stdin>".into(),
                text,
            });
        } else if input.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files)?;
            if files.is_empty() {
                bail!(
                    "{}: the directory holds no *.yaml, *.yml or *.json file",
                    input.display()
                );
            }
            for f in files {
                out.push(read_file(&f, crate::input::Origin::Walked)?);
            }
        } else {
            out.push(read_file(input, crate::input::Origin::Named)?);
        }
    }
    Ok(out)
}

fn read_file(p: &Path, origin: crate::input::Origin) -> Result<Source> {
    let text = crate::input::read_text(p, origin)
        .map_err(|e| anyhow!("cannot read workload file {}: {e}", p.display()))?;
    Ok(Source {
        name: p.display().to_string(),
        text,
    })
}

/// Is this text kplan's own workload file (a `workloads:` key and no `kind:` at the top)?
fn is_workload_file(text: &str) -> bool {
    crate::workload::file::looks_like_workload_file(text)
}

/// The inputs as a workload: kplan's own file (one input) or Kubernetes manifests (any mix).
pub fn read_inputs(
    args: &FitArgs,
    catalog: &Catalog,
) -> Result<(Workload, Option<K8sInput>, String)> {
    let sources = read_sources(&args.inputs)?;
    let label = sources
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let own = sources.iter().filter(|s| is_workload_file(&s.text)).count();
    if own > 0 {
        if sources.len() > 1 {
            bail!("{label}: give either one kplan workload file or Kubernetes manifests, not both");
        }
        let w = parse_yaml(&sources[0].text).map_err(|e| anyhow!("{}: {e}", sources[0].name))?;
        return Ok((w, None, label));
    }
    let mut objects = Vec::new();
    for s in &sources {
        objects.extend(k8s::parse_source(&s.name, &s.text).map_err(|e| anyhow!(e))?);
    }
    let opts = Options {
        hpa: args.hpa,
        region: args.region.clone(),
        zones: args.zones,
    };
    let input = convert::to_workload(&objects, catalog, &opts).map_err(|e| {
        // Messages about one object name its file; the others get the inputs' names.
        let message = if sources.iter().any(|s| e.message.starts_with(&s.name)) {
            e.message
        } else {
            format!("{label}: {}", e.message)
        };
        if e.infeasible {
            anyhow::Error::new(Infeasible(message))
        } else {
            anyhow!(message)
        }
    })?;
    Ok((input.workload.clone(), Some(input), label))
}

/// The zone names of the plan's zone labels (`a` is the first): the NodePools' zones, sorted,
/// where they name as many zones as the plan has; else `<region>a`, `<region>b`... and `false`
/// (names kplan assumed, not read).
pub fn zone_names(w: &Workload, k: Option<&K8sInput>) -> (Vec<String>, bool) {
    let mut pool: Vec<String> = k
        .map(|k| k.pools.iter().flat_map(|p| p.zones.clone()).collect())
        .unwrap_or_default();
    pool.sort();
    pool.dedup();
    if pool.len() == w.zones as usize && !pool.is_empty() {
        return (pool, true);
    }
    let assumed = (0..w.zones)
        .map(|z| format!("{}{}", w.region, char::from(b'a' + z as u8)))
        .collect();
    (assumed, false)
}

/// Restricts pinned workloads (zone node selectors) to their zones' options.
pub fn pin_zones(model: &mut Model, w: &Workload, k: &K8sInput) -> Result<()> {
    let (names, _) = zone_names(w, Some(k));
    for (gi, info) in model.groups.iter().enumerate() {
        let spec = &w.workloads[info.workload];
        let Some(pins) = k.zone_pins.get(&spec.name) else {
            continue;
        };
        let labels: Vec<String> = pins
            .iter()
            .filter_map(|z| names.iter().position(|n| n == z))
            .map(|i| zone_label(w.zones, i as u32))
            .collect();
        if labels.is_empty() {
            return Err(Infeasible(format!(
                "{}: its zone selector {} names none of the plan's zones ({})",
                spec.name,
                pins.join(", "),
                names.join(", ")
            ))
            .into());
        }
        let opts = &model.problem.options;
        let g = &mut model.problem.groups[gi];
        g.allowed.retain(|&o| labels.contains(&opts[o].zone));
        if g.allowed.is_empty() {
            return Err(Infeasible(format!(
                "{}: pinned to zone {} but spread over zones that are not",
                spec.name,
                pins.join(", ")
            ))
            .into());
        }
    }
    Ok(())
}

/// vCPUs and memory (MiB) of the plan's nodes of each NodePool that has limits.
fn pool_usage(model: &Model, plan: &Plan, k: &K8sInput) -> Vec<(usize, u64, u64)> {
    k.pools
        .iter()
        .enumerate()
        .filter(|(_, p)| p.limit_cpu_millicores.is_some() || p.limit_memory_bytes.is_some())
        .map(|(i, _)| {
            let (mut cpu, mut mem) = (0u64, 0u64);
            for ng in &plan.node_groups {
                let t = &model.problem.options[ng.option].instance_type;
                // A node belongs to the heaviest NodePool that allows its type.
                let owner = k
                    .pools
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| q.types.contains(t))
                    .max_by_key(|(j, q)| (q.weight, std::cmp::Reverse(*j)))
                    .map(|(j, _)| j);
                if owner == Some(i) {
                    let info = &model.options[ng.option];
                    cpu += u64::from(ng.count) * u64::from(info.vcpus) * 1000;
                    mem += u64::from(ng.count) * info.memory_mib;
                }
            }
            (i, cpu, mem)
        })
        .collect()
}

/// NodePool limits broken by a plan: `(pool, text)`.
fn over_limits(model: &Model, plan: &Plan, k: &K8sInput) -> Vec<String> {
    let mut out = Vec::new();
    for (i, cpu, mem) in pool_usage(model, plan, k) {
        let p = &k.pools[i];
        if let Some(l) = p.limit_cpu_millicores.filter(|&l| cpu > l) {
            out.push(format!(
                "NodePool {} limits cpu to {} vCPU, the plan needs {} ({} over)",
                p.name,
                l as f64 / 1000.0,
                cpu / 1000,
                (cpu - l) as f64 / 1000.0
            ));
        }
        if let Some(l) = p.limit_memory_bytes.map(|b| b >> 20).filter(|&l| mem > l) {
            out.push(format!(
                "NodePool {} limits memory to {} MiB, the plan needs {} MiB ({} MiB over)",
                p.name,
                l,
                mem,
                mem - l
            ));
        }
    }
    out
}

/// Makes the plan respect the NodePool limits: when the cheapest plan breaks one, re-solves
/// with each vCPU and GiB priced higher (a Lagrangian penalty, doubled up to 12 times) and keeps
/// the cheapest plan (at real prices) within the limits. The lower bound stays the one of the
/// problem without limits (still valid: limits only remove plans). Infeasible (exit 1) when no
/// penalty finds a plan within the limits.
pub fn enforce_limits(
    model: &Model,
    plan: Plan,
    k: &K8sInput,
    opts: &SolveOptions,
) -> Result<(Plan, Vec<String>)> {
    let over = over_limits(model, &plan, k);
    if over.is_empty() {
        return Ok((plan, Vec::new()));
    }
    // Up to ~30 re-solves: each gets at most 1 s (or an eighth of --time-limit).
    let each = opts
        .time_limit
        .map_or(std::time::Duration::from_secs(1), |t| t / 8)
        .min(std::time::Duration::from_secs(1));
    let opts = &SolveOptions {
        time_limit: Some(each),
    };
    let p = &model.problem;
    let avg_cpu_price = p
        .options
        .iter()
        .zip(&model.options)
        .map(|(o, i)| o.price / f64::from(i.vcpus.max(1)))
        .fold(f64::INFINITY, f64::min);
    // Penalise only what a broken limit counts (vCPUs, memory) on the nodes of its NodePool.
    let (mut cpu_w, mut mem_w) = (vec![0.0; p.options.len()], vec![0.0; p.options.len()]);
    for (i, cpu, mem) in pool_usage(model, &plan, k) {
        let pool = &k.pools[i];
        let cpu_over = pool.limit_cpu_millicores.is_some_and(|l| cpu > l);
        let mem_over = pool.limit_memory_bytes.is_some_and(|l| mem > l >> 20);
        for (o, opt) in p.options.iter().enumerate() {
            if pool.types.contains(&opt.instance_type) {
                if cpu_over {
                    cpu_w[o] = 1.0;
                }
                if mem_over {
                    mem_w[o] = 1.0;
                }
            }
        }
    }
    let mut best: Option<Plan> = None;
    let mut lambda = avg_cpu_price / 8.0;
    for _ in 0..12 {
        let mut q: Problem = p.clone();
        for (o, (opt, info)) in q.options.iter_mut().zip(&model.options).enumerate() {
            opt.price += lambda
                * (cpu_w[o] * f64::from(info.vcpus) + mem_w[o] * info.memory_mib as f64 / 4096.0);
        }
        let mut cand = solve(&q, opts, &mut |_| {});
        cand.cost = cand
            .node_groups
            .iter()
            .map(|ng| f64::from(ng.count) * p.options[ng.option].price)
            .sum();
        cand.lower_bound = plan.lower_bound;
        let complete = cand.unplaced.iter().all(|&u| u == 0);
        if complete && over_limits(model, &cand, k).is_empty() {
            if best.as_ref().is_none_or(|b| cand.cost < b.cost) {
                best = Some(cand);
            }
            break;
        }
        lambda *= 2.0;
    }
    // Heuristic plans favour large nodes: also try capping the node size of the NodePools over
    // their limits, largest cap first.
    let penalised: Vec<bool> = (0..p.options.len())
        .map(|o| cpu_w[o] > 0.0 || mem_w[o] > 0.0)
        .collect();
    let mut sizes: Vec<u32> = (0..p.options.len())
        .filter(|&o| penalised[o])
        .map(|o| model.options[o].vcpus)
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    for &cap in sizes.iter().rev() {
        let mut q: Problem = p.clone();
        for g in &mut q.groups {
            g.allowed
                .retain(|&o| !penalised[o] || model.options[o].vcpus <= cap);
        }
        if q.groups.iter().any(|g| g.allowed.is_empty()) {
            break;
        }
        let mut cand = solve(&q, opts, &mut |_| {});
        cand.lower_bound = plan.lower_bound;
        let complete = cand.unplaced.iter().all(|&u| u == 0);
        if complete
            && over_limits(model, &cand, k).is_empty()
            && best.as_ref().is_none_or(|b| cand.cost < b.cost)
        {
            best = Some(cand);
        }
    }
    match best {
        Some(b) => Ok((
            b,
            vec![format!(
                "the cheapest plan without NodePool limits breaks one ({}); this plan stays within them",
                over.join("; ")
            )],
        )),
        None => {
            let requested: u64 = p
                .groups
                .iter()
                .map(|g| u64::from(g.replicas) * g.cpu_millicores)
                .sum();
            Err(Infeasible(format!(
                "no plan found within the NodePool limits: {} (the pods request {} vCPU, before daemonsets and reserved capacity)",
                over.join("; "),
                requested as f64 / 1000.0
            ))
            .into())
        }
    }
}

/// Today's node groups: `type: count` (YAML map) or `type=count` lines.
pub fn read_current(path: &Path) -> Result<BTreeMap<String, u32>> {
    let name = path.display();
    let text = crate::input::read_text(path, crate::input::Origin::Named)
        .map_err(|e| anyhow!("cannot read {name}: {e}"))?;
    let mut out = BTreeMap::new();
    let as_map: Option<BTreeMap<String, i64>> = yaml_serde::from_str(&text).ok();
    if let Some(m) = as_map.filter(|m| !m.is_empty()) {
        for (t, n) in m {
            let n =
                u32::try_from(n).map_err(|_| anyhow!("{name}: {t}: {n} is not a node count"))?;
            out.insert(t, n);
        }
        return Ok(out);
    }
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (t, n) = line
            .split_once('=')
            .ok_or_else(|| anyhow!("{name}: line {}: '{line}' is not type=count", i + 1))?;
        let n: u32 = n
            .trim()
            .parse()
            .map_err(|_| anyhow!("{name}: line {}: '{}' is not a node count", i + 1, n.trim()))?;
        *out.entry(t.trim().to_string()).or_default() += n;
    }
    if out.is_empty() {
        bail!("{name}: no node group (expected lines like m5.xlarge=6)");
    }
    Ok(out)
}

/// Today's fleet against the workload: its cost and whether it holds every pod.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub groups: BTreeMap<String, u32>,
    pub cost: f64,
    pub nodes: u32,
    /// `None` = holds every pod; otherwise why not.
    pub shortfall: Option<String>,
}

/// One of today's nodes while packing: option capacity left, and pods per workload.
struct Bin {
    cpu: u64,
    memory: u64,
    pods: u32,
    /// Workloads allowed on this type (by index into the workload list).
    allowed: Vec<bool>,
    placed: Vec<u32>,
}

/// Prices today's node groups and packs the pods into them (first fit, largest pods first,
/// respecting each workload's allowed types, max per node and pod slots; zones ignored).
/// Capacities come from the same model as the plan, type by type.
pub fn evaluate_current(
    groups: &BTreeMap<String, u32>,
    w: &Workload,
    catalog: &Catalog,
) -> Result<Current> {
    let mut cost = 0.0;
    for (t, n) in groups {
        let it = catalog.lookup(t).map_err(|e| anyhow!("--current: {e}"))?;
        let od = it
            .on_demand
            .get(&w.region)
            .copied()
            .ok_or_else(|| anyhow!("--current: {t} has no on-demand price in {}", w.region))?;
        let price = match w.capacity_type {
            CapacityType::OnDemand => od,
            CapacityType::Spot => it.spot_prices.get(&w.region).copied().unwrap_or(od),
        };
        cost += price * f64::from(*n);
    }
    let nodes = groups.values().sum();
    let mut bins: Vec<Bin> = Vec::new();
    let mut why: Vec<String> = Vec::new();
    for (t, n) in groups {
        // The type alone, one zone, each workload alone (a workload that may not use the type
        // makes the build fail: then it is not allowed there).
        let mut one = w.clone();
        one.zones = 1;
        one.nodes = Default::default();
        one.nodes.instance_types = vec![t.clone()];
        let mut allowed = Vec::with_capacity(w.workloads.len());
        let mut capacity = None;
        for spec in &w.workloads {
            one.workloads = vec![crate::workload::WorkloadSpec {
                spread_zones: false,
                ..spec.clone()
            }];
            match crate::fit::model::build(&one, catalog) {
                Ok(m) => {
                    let o = &m.problem.options[0];
                    capacity = Some((o.cpu_millicores, o.memory_bytes, o.pods));
                    allowed.push(m.problem.groups.iter().any(|g| !g.allowed.is_empty()));
                }
                Err(_) => allowed.push(false),
            }
        }
        let Some((cpu, memory, pods)) = capacity else {
            why.push(format!("{t} can run none of the workloads"));
            continue;
        };
        for _ in 0..*n {
            bins.push(Bin {
                cpu,
                memory,
                pods,
                allowed: allowed.clone(),
                placed: vec![0; w.workloads.len()],
            });
        }
    }
    let mut order: Vec<usize> = (0..w.workloads.len()).collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse((w.workloads[i].cpu_millicores, w.workloads[i].memory_bytes))
    });
    let mut unplaced: BTreeMap<String, u32> = BTreeMap::new();
    for i in order {
        let spec = &w.workloads[i];
        for _ in 0..spec.replicas {
            let slot = bins.iter_mut().find(|b| {
                b.allowed[i]
                    && b.cpu >= spec.cpu_millicores
                    && b.memory >= spec.memory_bytes
                    && b.pods >= 1
                    && spec.max_per_node.is_none_or(|m| b.placed[i] < m)
            });
            match slot {
                Some(b) => {
                    b.cpu -= spec.cpu_millicores;
                    b.memory -= spec.memory_bytes;
                    b.pods -= 1;
                    b.placed[i] += 1;
                }
                None => *unplaced.entry(spec.name.clone()).or_default() += 1,
            }
        }
    }
    why.extend(
        unplaced
            .iter()
            .map(|(n, c)| format!("{c} pods of {n} do not fit (first-fit packing)")),
    );
    Ok(Current {
        groups: groups.clone(),
        cost,
        nodes,
        shortfall: (!why.is_empty()).then(|| why.join("; ")),
    })
}

/// The plan's node groups as [`emit::PlanGroup`]s.
pub fn plan_groups(o: &Outcome, k: Option<&K8sInput>) -> Vec<emit::PlanGroup> {
    let (names, known) = zone_names(&o.workload, k);
    group_rows(o)
        .into_iter()
        .map(|r| {
            let zone = r.zone.as_ref().and_then(|z| {
                let i = usize::from(z.as_bytes()[0].saturating_sub(b'a'));
                names.get(i).cloned()
            });
            let info = o
                .model
                .problem
                .options
                .iter()
                .position(|op| op.instance_type == r.instance_type)
                .map(|i| o.model.options[i].pod_capacity)
                .unwrap_or(0);
            emit::PlanGroup {
                instance_type: r.instance_type,
                zone_known: known && zone.is_some(),
                zone_label: r.zone.clone(),
                zone,
                count: r.count,
                price_each: r.price_each,
                max_pods: info,
                pods_per_node: r.pods_per_node,
            }
        })
        .collect()
}

/// The summary the Markdown output needs.
pub fn summary(o: &Outcome, current: Option<&Current>) -> emit::Summary {
    emit::Summary {
        region: o.workload.region.clone(),
        capacity_type: o.workload.capacity_type.to_string(),
        currency: o.model.currency.to_string(),
        cost: o.plan.cost,
        monthly: o.plan.cost * HOURS_PER_MONTH,
        lower_bound: o.plan.lower_bound,
        gap: gap(&o.plan),
        baseline: o.baseline.cost,
        pods: o.workload.workloads.iter().map(|w| w.replicas).sum(),
        workloads: o.workload.workloads.len(),
        current: current.map(|c| emit::CurrentSummary {
            groups: c.groups.clone(),
            cost: c.cost,
            nodes: c.nodes,
            shortfall: c.shortfall.clone(),
        }),
    }
}

/// `-o nodepool`, `-o eksctl`, `-o markdown`.
pub fn render(o: &Outcome, format: super::fit::Format) -> String {
    use super::fit::Format;
    let k = o.k8s.as_ref();
    let groups = plan_groups(o, k);
    let nodes: u32 = groups.iter().map(|g| g.count).sum();
    let mut header = format!(
        "kplan fit: {nodes} nodes, {:.4} {}/hour in {} ({})",
        o.plan.cost, o.model.currency, o.workload.region, o.workload.capacity_type
    );
    for g in &groups {
        header.push_str(&format!(
            "\n  {} x {}{}",
            g.count,
            g.instance_type,
            g.zone
                .as_ref()
                .map_or(String::new(), |z| format!(" in {z}"))
        ));
    }
    match format {
        Format::Nodepool => {
            let capacity = o.workload.capacity_type.to_string();
            match k.filter(|k| !k.pools.is_empty()) {
                None => emit::nodepool(&groups, &capacity, None, &header),
                // One NodePool per input NodePool the plan uses, allowing the plan's types of
                // the node groups that hold its workloads.
                Some(k) => {
                    let mut docs = Vec::new();
                    for pool in &k.pools {
                        let mine: Vec<emit::PlanGroup> = groups
                            .iter()
                            .filter(|g| pool.types.contains(&g.instance_type))
                            .filter(|g| {
                                g.pods_per_node.keys().any(|w| {
                                    k.workload_pools
                                        .get(w)
                                        .is_some_and(|ps| ps.contains(&pool.name))
                                })
                            })
                            .cloned()
                            .collect();
                        if !mine.is_empty() {
                            let head = if docs.is_empty() { header.as_str() } else { "" };
                            docs.push(emit::nodepool(&mine, &capacity, Some(pool), head));
                        }
                    }
                    docs.join("---\n")
                }
            }
        }
        Format::Eksctl => emit::eksctl(
            &groups,
            &o.workload.region,
            o.workload.capacity_type == CapacityType::Spot,
            &header,
        ),
        _ => {
            let notes = super::fit::notes(o);
            emit::markdown(&groups, &summary(o, o.current.as_ref()), &notes, &[])
        }
    }
}

/// `current` in `kplan fit -o json`: today's node groups (`--current`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CurrentJson {
    /// Instance type -> node count.
    pub node_groups: BTreeMap<String, u32>,
    pub nodes: u32,
    pub usd_per_hour: f64,
    pub usd_per_month: f64,
    /// Today's cost minus the plan's (positive: the plan saves).
    pub saving_usd_per_hour: f64,
    /// Whether today's nodes hold every pod (first-fit packing, zones ignored).
    pub holds_workload: bool,
    /// Why not, when they do not.
    pub shortfall: Option<String>,
}

/// [`CurrentJson`] of an outcome.
pub fn current_json(o: &Outcome) -> Option<CurrentJson> {
    let r = |x: f64| (x * 1e6).round() / 1e6;
    o.current.as_ref().map(|c| CurrentJson {
        node_groups: c.groups.clone(),
        nodes: c.nodes,
        usd_per_hour: r(c.cost),
        usd_per_month: (c.cost * HOURS_PER_MONTH * 100.0).round() / 100.0,
        saving_usd_per_hour: r(c.cost - o.plan.cost),
        holds_workload: c.shortfall.is_none(),
        shortfall: c.shortfall.clone(),
    })
}

/// The `today:` line of the table.
pub fn current_line(o: &Outcome) -> Option<String> {
    let cur = o.model.currency;
    o.current.as_ref().map(|c| {
        let groups: Vec<String> = c.groups.iter().map(|(t, n)| format!("{n} x {t}")).collect();
        format!(
            "{}: {:.4} {cur}/hour, {:.2} {cur}/month; the plan {} {:.4} {cur}/hour; {}",
            groups.join(", "),
            c.cost,
            c.cost * HOURS_PER_MONTH,
            if o.plan.cost <= c.cost {
                "saves"
            } else {
                "costs"
            },
            (c.cost - o.plan.cost).abs(),
            match &c.shortfall {
                None => "today's nodes hold the workload".to_string(),
                Some(s) => format!("today's nodes do NOT hold the workload: {s}"),
            }
        )
    })
}
