//! Plans as blocks of identical nodes, and turning LP patterns into nodes.

use crate::fit::colgen::{Ctx, Pattern};
use crate::fit::greedy::greedy_blocks;
use crate::fit::problem::Problem;
use crate::fit::util::Node;
use std::collections::BTreeMap;

/// Nodes for a pattern, capped to the residual demand (per row), which it updates.
pub(super) fn take(ctx: &Ctx, p: &Pattern, residual: &mut [u32]) -> Option<Node> {
    let mut pods = vec![0u32; ctx.problem.groups.len()];
    let mut any = false;
    for &(r, c) in &p.counts {
        let k = c.min(residual[r]);
        if k > 0 {
            residual[r] -= k;
            pods[ctx.rows[r]] = k;
            any = true;
        }
    }
    any.then_some(Node {
        option: p.option,
        pods,
    })
}

/// Blocks of identical nodes: a node and how many. Plans are kept this way so that time and
/// memory follow the number of distinct nodes, not the replica count.
pub(super) type Blocks = Vec<(Node, u32)>;

/// Nodes in the blocks.
pub(super) fn block_count(blocks: &[(Node, u32)]) -> u64 {
    blocks.iter().map(|b| b.1 as u64).sum()
}

/// Price of the blocks.
pub(super) fn blocks_cost(problem: &Problem, blocks: &[(Node, u32)]) -> f64 {
    blocks
        .iter()
        .map(|(n, k)| *k as f64 * problem.options[n.option].price)
        .sum()
}

/// The blocks as single nodes (for small plans only).
pub(super) fn expand(blocks: &[(Node, u32)]) -> Vec<Node> {
    blocks
        .iter()
        .flat_map(|(n, k)| std::iter::repeat_n(n.clone(), *k as usize))
        .collect()
}

/// Identical nodes (and blocks) merged into one block each, empty ones dropped, in a fixed
/// order (option, then contents).
pub(super) fn compact(blocks: impl IntoIterator<Item = (Node, u32)>) -> Blocks {
    let mut map: BTreeMap<(usize, Vec<u32>), u32> = BTreeMap::new();
    for (n, k) in blocks {
        if k > 0 && n.pods.iter().any(|&p| p > 0) {
            *map.entry((n.option, n.pods)).or_default() += k;
        }
    }
    map.into_iter()
        .map(|((option, pods), k)| (Node { option, pods }, k))
        .collect()
}

/// Up to `n` nodes of pattern `p`, capped to the residual demand (per row, which it updates),
/// added to `out` as blocks (at most two per row of the pattern, whatever `n` is). Whether any
/// node was added.
pub(super) fn take_n(
    ctx: &Ctx,
    p: &Pattern,
    residual: &mut [u32],
    mut n: u64,
    out: &mut Blocks,
) -> bool {
    let mut took = false;
    while n > 0 {
        // Copies that take the full count of every row still in demand.
        let full = p
            .counts
            .iter()
            .filter(|&&(r, _)| residual[r] > 0)
            .map(|&(r, c)| (residual[r] / c) as u64)
            .min();
        let Some(full) = full else { break };
        let k = full.min(n).min(u32::MAX as u64) as u32;
        if k == 0 {
            // A partial copy: it empties at least one row.
            match take(ctx, p, residual) {
                Some(node) => out.push((node, 1)),
                None => break,
            }
            n -= 1;
        } else {
            let mut pods = vec![0u32; ctx.problem.groups.len()];
            for &(r, c) in &p.counts {
                if residual[r] > 0 {
                    residual[r] -= c * k;
                    pods[ctx.rows[r]] = c;
                }
            }
            out.push((
                Node {
                    option: p.option,
                    pods,
                },
                k,
            ));
            n -= k as u64;
        }
        took = true;
    }
    took
}

/// Covers the residual demand with the LP solution's patterns rounded up (largest first), and
/// anything left with the greedy.
pub(super) fn ceil_rest(ctx: &Ctx, sol: &[(Pattern, f64)], residual: &mut [u32], out: &mut Blocks) {
    for (p, v) in sol {
        take_n(ctx, p, residual, (v - 1e-6).ceil().max(0.0) as u64, out);
    }
    greedy_rest(ctx, residual, out);
    residual.iter_mut().for_each(|r| *r = 0);
}

pub(super) fn greedy_rest(ctx: &Ctx, residual: &[u32], out: &mut Blocks) {
    let mut demand = vec![0u32; ctx.problem.groups.len()];
    for (r, &g) in ctx.rows.iter().enumerate() {
        demand[g] = residual[r];
    }
    let (more, _) = greedy_blocks(ctx.problem, &demand);
    out.extend(more);
}
