//! The Karpenter-style greedy baseline: largest pods first, first fit into open nodes whose
//! remaining type options can still hold them, each node finally launched as the cheapest
//! remaining option.

use super::problem::{NodeGroup, Plan, Problem};
use super::util::{Node, cost_of, extra_fit, merge_blocks};

/// `mult` identical open nodes of the greedy: what each holds and the options that can still
/// hold it. Identical nodes stay one block, so time and memory follow the number of distinct
/// nodes, not the replica count.
#[derive(Clone)]
struct OpenNode {
    pods: Vec<u32>,
    cpu: u64,
    mem: u64,
    count: u32,
    /// Extra resources used (the order of [`Problem::extra_names`]).
    extra: Vec<u64>,
    candidates: Vec<usize>,
    mult: u32,
    /// The largest CPU, memory and pod capacity among the candidates (a quick test that a
    /// full node can take nothing more, before [`room`] is asked of every candidate).
    caps: [u64; 3],
}

impl OpenNode {
    /// Adds `k` pods of group `g` (which fit on every remaining candidate it keeps).
    fn add(&mut self, problem: &Problem, g: usize, k: u32) {
        let used = Used {
            pods: &self.pods,
            cpu: self.cpu,
            mem: self.mem,
            n: self.count,
            extra: &self.extra,
        };
        self.candidates.retain(|&o| room(problem, o, g, &used) >= k);
        self.caps = largest_caps(problem, &self.candidates);
        let grp = &problem.groups[g];
        self.pods[g] += k;
        self.cpu += k as u64 * grp.cpu_millicores;
        self.mem += k as u64 * grp.memory_bytes;
        self.count += k;
        for (d, e) in self.extra.iter_mut().enumerate() {
            *e += k as u64 * grp.extra_req(d);
        }
    }

    /// Whether no candidate has room for one more pod of group `g` by CPU, memory or pod
    /// slots alone (then [`room`] is 0 for every candidate).
    fn full_for(&self, problem: &Problem, g: usize) -> bool {
        let grp = &problem.groups[g];
        let short = |cap: u64, used: u64, req: u64| req > 0 && cap.saturating_sub(used) < req;
        short(self.caps[0], self.cpu, grp.cpu_millicores)
            || short(self.caps[1], self.mem, grp.memory_bytes)
            || self.caps[2] <= u64::from(self.count)
    }

    /// What the node uses, for [`room`].
    fn used(&self) -> Used<'_> {
        Used {
            pods: &self.pods,
            cpu: self.cpu,
            mem: self.mem,
            n: self.count,
            extra: &self.extra,
        }
    }
}

/// The largest CPU, memory and pod capacity among `options`.
fn largest_caps(problem: &Problem, options: &[usize]) -> [u64; 3] {
    options.iter().fold([0; 3], |m, &o| {
        let x = &problem.options[o];
        [
            m[0].max(x.cpu_millicores),
            m[1].max(x.memory_bytes),
            m[2].max(u64::from(x.pods)),
        ]
    })
}

/// What a node already uses: pods per group, CPU, memory, pod slots, extra resources.
struct Used<'a> {
    pods: &'a [u32],
    cpu: u64,
    mem: u64,
    n: u32,
    extra: &'a [u64],
}

/// How many more pods of group `g` option `o` can take on top of `used` (0 if not allowed).
fn room(problem: &Problem, o: usize, g: usize, used: &Used) -> u32 {
    let opt = &problem.options[o];
    let grp = &problem.groups[g];
    if grp.allowed.binary_search(&o).is_err() {
        return 0;
    }
    let (cpu, mem, node_pods) = (used.cpu, used.mem, used.pods);
    let mut k = opt.pods.saturating_sub(used.n) as u64;
    if cpu > opt.cpu_millicores || mem > opt.memory_bytes {
        return 0;
    }
    let mut left = Vec::with_capacity(used.extra.len());
    for (d, &e) in used.extra.iter().enumerate() {
        let Some(l) = opt.extra_cap(d).checked_sub(e) else {
            return 0;
        };
        left.push(l);
    }
    k = k.min(extra_fit(&grp.extra, |d| {
        left.get(d).copied().unwrap_or_else(|| opt.extra_cap(d))
    }));
    if let Some(c) = (opt.cpu_millicores - cpu).checked_div(grp.cpu_millicores) {
        k = k.min(c);
    }
    if let Some(m) = (opt.memory_bytes - mem).checked_div(grp.memory_bytes) {
        k = k.min(m);
    }
    if let Some(m) = grp.max_per_node {
        k = k.min(m.saturating_sub(node_pods[g]) as u64);
    }
    k.min(u32::MAX as u64) as u32
}

/// Group order of the greedy: larger CPU requests first, then larger memory.
pub(crate) fn greedy_order(problem: &Problem) -> Vec<usize> {
    let mut order: Vec<usize> = (0..problem.groups.len()).collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (&problem.groups[a], &problem.groups[b]);
        (gb.cpu_millicores, gb.memory_bytes, a).cmp(&(ga.cpu_millicores, ga.memory_bytes, b))
    });
    order
}

/// Greedy packing of `demand[g]` pods of each group; returns blocks of identical nodes (each
/// with its cheapest remaining option, and how many) and the pods it could not place.
pub(crate) fn greedy_blocks(problem: &Problem, demand: &[u32]) -> (Vec<(Node, u32)>, Vec<u32>) {
    let ng = problem.groups.len();
    let mut open: Vec<OpenNode> = Vec::new();
    let mut unplaced = vec![0u32; ng];
    for g in greedy_order(problem) {
        let mut left = demand[g];
        // Identical pods arrive one after another: a node that could not take pod i cannot take
        // pod i+1 either, so filling nodes in order is the same as first fit pod by pod. A block
        // of identical nodes takes `best` pods on each of its first nodes, the rest on one more.
        let mut i = 0;
        while i < open.len() && left > 0 {
            let node = &open[i];
            if node.full_for(problem, g) {
                i += 1;
                continue;
            }
            let best = node
                .candidates
                .iter()
                .map(|&o| room(problem, o, g, &node.used()))
                .max()
                .unwrap_or(0);
            if best == 0 {
                i += 1;
                continue;
            }
            let full = node.mult.min(left / best);
            let mut pieces: Vec<OpenNode> = Vec::new();
            if full > 0 {
                let mut b = node.clone();
                b.mult = full;
                b.add(problem, g, best);
                pieces.push(b);
                left -= full * best;
            }
            if full < node.mult && left > 0 {
                let mut b = node.clone();
                b.mult = 1;
                b.add(problem, g, left);
                pieces.push(b);
                left = 0;
            }
            let used: u32 = pieces.iter().map(|b| b.mult).sum();
            if used < node.mult {
                let mut b = node.clone();
                b.mult -= used;
                pieces.push(b);
            }
            let n = pieces.len();
            open.splice(i..=i, pieces);
            i += n;
        }
        let empty = vec![0u32; ng];
        let no_extra = vec![0u64; problem.extra_names.len()];
        let nothing = Used {
            pods: &empty,
            cpu: 0,
            mem: 0,
            n: 0,
            extra: &no_extra,
        };
        let alone = |o: usize| room(problem, o, g, &nothing);
        let candidates: Vec<usize> = problem.groups[g]
            .allowed
            .iter()
            .copied()
            .filter(|&o| alone(o) >= 1)
            .collect();
        let best = candidates.iter().map(|&o| alone(o)).max().unwrap_or(0);
        if left > 0 && best == 0 {
            unplaced[g] += left;
            continue;
        }
        // New nodes: as many full ones as the pods fill, then one for the rest.
        for (k, mult) in [
            (best, left.checked_div(best).unwrap_or(0)),
            (left % best.max(1), 1),
        ] {
            if k == 0 || mult == 0 {
                continue;
            }
            let mut pods = empty.clone();
            pods[g] = k;
            let grp = &problem.groups[g];
            let fitting: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&o| alone(o) >= k)
                .collect();
            open.push(OpenNode {
                pods,
                cpu: k as u64 * grp.cpu_millicores,
                mem: k as u64 * grp.memory_bytes,
                count: k,
                extra: (0..no_extra.len())
                    .map(|d| k as u64 * grp.extra_req(d))
                    .collect(),
                caps: largest_caps(problem, &fitting),
                candidates: fitting,
                mult,
            });
        }
    }
    let blocks = open
        .into_iter()
        .map(|n| {
            let option = n
                .candidates
                .iter()
                .copied()
                .min_by(|&a, &b| {
                    problem.options[a]
                        .price
                        .total_cmp(&problem.options[b].price)
                        .then(a.cmp(&b))
                })
                .expect("an open node keeps at least one option");
            (
                Node {
                    option,
                    pods: n.pods,
                },
                n.mult,
            )
        })
        .collect();
    (blocks, unplaced)
}

/// Karpenter-style greedy baseline: largest pods first; each pod joins the first open node
/// whose remaining type options can still hold it (together with what it already holds),
/// otherwise opens a node with every allowed type that fits; each node finally launches as the
/// cheapest remaining option. `max_nodes` is honoured by leaving the pods of the last nodes
/// unplaced. The plan's `lower_bound` is 0 (the greedy proves nothing).
pub fn greedy(problem: &Problem) -> Plan {
    let demand: Vec<u32> = problem.groups.iter().map(|g| g.replicas).collect();
    let (mut blocks, mut unplaced) = greedy_blocks(problem, &demand);
    if let Some(max) = problem.max_nodes {
        let mut total: u64 = blocks.iter().map(|b| b.1 as u64).sum();
        while total > max as u64 {
            let last = blocks.last_mut().expect("more nodes than the limit");
            let drop = (last.1 as u64).min(total - max as u64) as u32;
            for (u, p) in unplaced.iter_mut().zip(&last.0.pods) {
                *u += p * drop;
            }
            last.1 -= drop;
            total -= drop as u64;
            if last.1 == 0 {
                blocks.pop();
            }
        }
    }
    let node_groups: Vec<NodeGroup> = merge_blocks(&blocks);
    Plan {
        cost: cost_of(problem, &node_groups),
        node_groups,
        lower_bound: 0.0,
        unplaced,
    }
}
