//! The Kubernetes side of `kplan fit`: reading any mix of files, directories and `-` (stdin);
//! zone pins and NodePool limits applied around the solver; today's node groups
//! (`--current`); and the outputs that paste (`-o nodepool`, `-o eksctl`, `-o markdown`).

use super::fit::{FitArgs, HOURS_PER_MONTH, Outcome, gap, group_rows};
use crate::catalog::Catalog;
use crate::exit::Infeasible;
use crate::fit::model::{Model, zone_label};
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

/// The one place input files are read (a bounded reader can replace it).
fn read_text(p: &Path) -> std::io::Result<String> {
    // Directory walks keep only regular files themselves; a named FIFO (`<(helm template)`)
    // is read, within the size cap.
    crate::input::read_text(p, crate::input::Origin::Named)
}

/// The inputs' files, each once, and what the reading had to say.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    /// Canonical path -> the name it was first met under.
    seen: BTreeMap<PathBuf, String>,
    /// Canonical directories walked (a symlink loop meets one again).
    dirs: std::collections::BTreeSet<PathBuf>,
    notes: Vec<String>,
}

impl Walk {
    /// Adds a file unless it was met already (under this or another name).
    fn file(&mut self, p: &Path) -> Result<()> {
        let canonical = std::fs::canonicalize(p)
            .map_err(|e| anyhow!("cannot read workload file {}: {e}", p.display()))?;
        let name = p.display().to_string();
        match self.seen.get(&canonical) {
            Some(first) => self
                .notes
                .push(format!("{name}: the same file as {first}, read once")),
            None => {
                self.seen.insert(canonical, name);
                self.files.push(p.to_path_buf());
            }
        }
        Ok(())
    }

    /// Walks `dir` (sorted by path), never the same directory twice: a symlink back up the
    /// tree is walked once. FIFOs, sockets and devices are skipped with a note.
    fn dir(&mut self, dir: &Path) -> Result<()> {
        let canonical = std::fs::canonicalize(dir)
            .map_err(|e| anyhow!("cannot read directory {}: {e}", dir.display()))?;
        if !self.dirs.insert(canonical) {
            self.notes.push(format!(
                "{}: a directory met twice (a symlink loop or a repeated argument), walked once",
                dir.display()
            ));
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| anyhow!("cannot read directory {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            let Ok(meta) = std::fs::metadata(&p) else {
                self.notes
                    .push(format!("{}: a broken symlink, skipped", p.display()));
                continue;
            };
            if meta.is_dir() {
                self.dir(&p)?;
            } else if !is_manifest_file(&p) {
                continue;
            } else if meta.is_file() {
                self.file(&p)?;
            } else {
                self.notes.push(format!(
                    "{}: not a regular file (a FIFO, socket or device), skipped",
                    p.display()
                ));
            }
        }
        Ok(())
    }
}

/// Reads every input: files as given (once each, however often or under whatever name they
/// are given), directories recursively (`*.yaml`, `*.yml`, `*.json`, sorted by path), `-` from
/// stdin (once). Returns the sources and notes on what was read once or skipped.
pub fn read_sources(inputs: &[PathBuf]) -> Result<(Vec<Source>, Vec<String>)> {
    let mut out = Vec::new();
    let mut stdin_read = false;
    let mut walk = Walk::default();
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
            let before = walk.files.len();
            walk.dir(input)?;
            if walk.files.len() == before && !walk.notes.iter().any(|n| n.contains("met twice")) {
                bail!(
                    "{}: the directory holds no *.yaml, *.yml or *.json file",
                    input.display()
                );
            }
        } else {
            // Named explicitly: read even when not a regular file (`<(helm template ...)`).
            walk.file(input)?;
        }
    }
    for f in &walk.files {
        out.push(read_file(f)?);
    }
    Ok((out, walk.notes))
}

fn read_file(p: &Path) -> Result<Source> {
    let text =
        read_text(p).map_err(|e| anyhow!("cannot read workload file {}: {e}", p.display()))?;
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
    let (sources, read_notes) = read_sources(&args.inputs)?;
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
    let mut input = convert::to_workload(&objects, catalog, &opts).map_err(|e| {
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
    input.notes.splice(0..0, read_notes);
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
        if g.allowed.is_empty() {
            continue; // no EC2 type holds it: Fargate's (`fit_fargate::build_model`)
        }
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

/// Today's fleet (in the domain: [`k8s::current`]).
pub use crate::workload::k8s::current::{Current, evaluate_current};
/// NodePool limits (in the domain: [`k8s::limits`]).
pub use crate::workload::k8s::limits::enforce_limits;

/// Today's node groups: `type: count` (YAML map) or `type=count` lines.
pub fn read_current(path: &Path) -> Result<BTreeMap<String, u32>> {
    let name = path.display().to_string();
    let text = read_text(path).map_err(|e| anyhow!("cannot read {name}: {e}"))?;
    k8s::current::parse_current(&name, &text)
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
            let (labels, taints) = placement(k, &r.instance_type, &r.pods_per_node);
            let replacements = super::fit_prices::replacement_types(o, &r);
            emit::PlanGroup {
                labels,
                taints,
                instance_type: r.instance_type,
                zone_known: known && zone.is_some(),
                zone_label: r.zone.clone(),
                zone,
                count: r.count,
                price_each: r.price_each,
                max_pods: info,
                pods_per_node: r.pods_per_node,
                replacements,
            }
        })
        .collect()
}

/// The labels and taints of a node group of `instance_type` holding `pods`: those of the
/// NodePool its workloads are planned on (the heaviest that allows the type), else the labels
/// their node selectors require.
fn placement(
    k: Option<&K8sInput>,
    instance_type: &str,
    pods: &BTreeMap<String, u32>,
) -> (BTreeMap<String, String>, Vec<k8s::manifest::Taint>) {
    let Some(k) = k else {
        return Default::default();
    };
    let pool = k
        .pools
        .iter()
        .filter(|p| p.types.iter().any(|t| t == instance_type))
        .filter(|p| {
            pods.keys().any(|w| {
                k.workload_pools
                    .get(w)
                    .is_some_and(|ps| ps.contains(&p.name))
            })
        })
        .max_by_key(|p| p.weight);
    match pool {
        Some(p) => (p.labels.clone(), p.taints.clone()),
        None => {
            let labels = pods
                .keys()
                .filter_map(|w| k.node_labels.get(w))
                .flat_map(|l| l.clone())
                .collect();
            (labels, Vec::new())
        }
    }
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
                            .map(|g| {
                                let mut g = g.clone();
                                g.replacements.retain(|t| pool.types.contains(t));
                                g
                            })
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
