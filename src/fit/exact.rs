//! Exact optimum of small problems by dynamic programming over demand vectors:
//! `f(d) = min over node contents c <= d of price(c) + f(d - c)`, where `price(c)` is the
//! cheapest option that holds `c`. With a node limit, the same recursion counts nodes.
//! Used when the number of states times node contents is small (a few million steps).

use super::util::Node;

/// Candidate node contents for [`exact`]: every vector `c <= cap` (per row) that fits the
/// per-dimension maximum `maxcap` of some set of options, over that set's rows. `None` when
/// there are more than `limit`.
pub(crate) fn enumerate_contents(
    sets: &[(Vec<usize>, [u64; 3])],
    weights: &[[u64; 3]],
    cap: &[u32],
    limit: usize,
) -> Option<Vec<Vec<u32>>> {
    #[allow(clippy::too_many_arguments)]
    fn go(
        rows: &[usize],
        k: usize,
        rem: [u64; 3],
        weights: &[[u64; 3]],
        cap: &[u32],
        cur: &mut Vec<u32>,
        out: &mut std::collections::HashSet<Vec<u32>>,
        limit: usize,
    ) -> bool {
        if k == rows.len() {
            out.insert(cur.clone());
            return out.len() <= limit;
        }
        let r = rows[k];
        let w = weights[r];
        let mut c = 0u64;
        loop {
            let left = [0, 1, 2].map(|d| rem[d].checked_sub(c * w[d]));
            let Some(l) = left
                .iter()
                .all(Option::is_some)
                .then(|| left.map(|x| x.unwrap_or(0)))
            else {
                break;
            };
            cur[r] = c as u32;
            if !go(rows, k + 1, l, weights, cap, cur, out, limit) {
                cur[r] = 0;
                return false;
            }
            if c >= cap[r] as u64 {
                break;
            }
            c += 1;
        }
        cur[r] = 0;
        true
    }
    let mut out = std::collections::HashSet::new();
    let mut cur = vec![0u32; cap.len()];
    for (rows, maxcap) in sets {
        if !go(rows, 0, *maxcap, weights, cap, &mut cur, &mut out, limit) {
            return None;
        }
    }
    let mut v: Vec<Vec<u32>> = out.into_iter().collect();
    v.sort();
    Some(v)
}

/// Cheapest option index and price for a content vector (per row), or `None` if none holds it.
pub(crate) type CheapestFn<'a> = dyn Fn(&[u32]) -> Option<(usize, f64)> + 'a;

/// `Some(Some(nodes))`: the optimum; `Some(None)`: no plan within the node limit; `None`: too
/// large to solve exactly.
pub(crate) type Exact = Option<Option<Vec<(usize, Vec<u32>)>>>;

/// The optimal nodes for `demand` (per row), with at most `max_nodes` nodes, or `None` when the
/// problem is too large for the budget (or has no plan within the node limit: `Some(None)`).
pub(crate) fn exact(
    demand: &[u32],
    candidates: &[Vec<u32>],
    max_nodes: Option<u32>,
    cheapest: &CheapestFn,
    budget: u64,
) -> Exact {
    let m = demand.len();
    let mut stride = vec![0u64; m];
    let mut states: u64 = 1;
    for r in 0..m {
        stride[r] = states;
        states = states.checked_mul(demand[r] as u64 + 1)?;
        if states > 200_000 {
            return None;
        }
    }
    // Feasible node contents: (index offset, vector, option, price).
    let mut contents: Vec<(u64, Vec<u32>, usize, f64)> = Vec::new();
    for c in candidates {
        if c.iter().zip(demand).any(|(a, b)| a > b) || c.iter().all(|&k| k == 0) {
            continue;
        }
        if let Some((o, p)) = cheapest(c) {
            let idx = (0..m).map(|r| c[r] as u64 * stride[r]).sum();
            contents.push((idx, c.clone(), o, p));
        }
    }
    let steps_per_layer = states.checked_mul(contents.len() as u64)?;
    // No plan needs more nodes than pods: the node limit counts at most that many layers.
    let pods: u64 = demand.iter().map(|&d| d as u64).sum();
    let layers = match max_nodes {
        None => 1,
        Some(n) => (n as u64).min(pods.max(1)),
    };
    // The layered recursion keeps one choice per state and layer: cap its memory.
    let layered_ok = layers.saturating_mul(states) <= 4_000_000;
    if steps_per_layer.checked_mul(layers)? > budget {
        // Without the node limit it may still fit: only the unlimited recursion is allowed then.
        if max_nodes.is_none() || steps_per_layer > budget {
            return None;
        }
    }
    let n = states as usize;
    let decode = |mut s: u64| -> Vec<u32> {
        let mut v = vec![0u32; m];
        for r in 0..m {
            v[r] = (s % (demand[r] as u64 + 1)) as u32;
            s /= demand[r] as u64 + 1;
        }
        v
    };
    let fits = |s: &[u32], c: &[u32]| s.iter().zip(c).all(|(a, b)| b <= a);
    // Unlimited recursion first.
    let mut f = vec![f64::INFINITY; n];
    let mut choice = vec![usize::MAX; n];
    f[0] = 0.0;
    let mut nodes_used = vec![0u32; n];
    for s in 1..n {
        let sv = decode(s as u64);
        for (k, (idx, cv, _, p)) in contents.iter().enumerate() {
            if fits(&sv, cv) {
                let prev = s - *idx as usize;
                let v = p + f[prev];
                // Prefer fewer nodes on ties.
                if v < f[s] - 1e-12 || (v <= f[s] + 1e-12 && nodes_used[prev] + 1 < nodes_used[s]) {
                    f[s] = v;
                    choice[s] = k;
                    nodes_used[s] = nodes_used[prev] + 1;
                }
            }
        }
    }
    let full = n - 1;
    let rebuild = |choice: &[usize], mut s: usize| {
        let mut out = Vec::new();
        while s != 0 {
            let (idx, cv, o, _) = &contents[choice[s]];
            out.push((*o, cv.clone()));
            s -= *idx as usize;
        }
        out
    };
    if max_nodes.is_none_or(|mx| nodes_used[full] <= mx) {
        return Some(Some(rebuild(&choice, full)));
    }
    if steps_per_layer.checked_mul(layers)? > budget {
        return None;
    }
    // Node-limited recursion: g[k][s] = cheapest cover of s with at most k nodes.
    if !layered_ok {
        return None;
    }
    let max = layers as usize;
    let mut g_prev = vec![f64::INFINITY; n];
    g_prev[0] = 0.0;
    let mut choices: Vec<Vec<usize>> = Vec::with_capacity(max);
    for _ in 0..max {
        let mut g = g_prev.clone();
        let mut ch = vec![usize::MAX; n];
        for s in 1..n {
            let sv = decode(s as u64);
            for (k, (idx, cv, _, p)) in contents.iter().enumerate() {
                if fits(&sv, cv) {
                    let v = p + g_prev[s - *idx as usize];
                    if v < g[s] - 1e-12 {
                        g[s] = v;
                        ch[s] = k;
                    }
                }
            }
        }
        choices.push(ch);
        g_prev = g;
    }
    if !g_prev[full].is_finite() {
        return Some(None);
    }
    // Walk back through the layers.
    let mut out = Vec::new();
    let mut s = full;
    for layer in (0..max).rev() {
        if s == 0 {
            break;
        }
        let k = choices[layer][s];
        if k == usize::MAX {
            continue; // this layer kept the cover of the layer below
        }
        let (idx, cv, o, _) = &contents[k];
        out.push((*o, cv.clone()));
        s -= *idx as usize;
    }
    debug_assert_eq!(s, 0);
    Some(Some(out))
}

/// Converts exact row contents into plan nodes.
pub(crate) fn to_nodes(rows: &[usize], groups: usize, sol: Vec<(usize, Vec<u32>)>) -> Vec<Node> {
    sol.into_iter()
        .map(|(o, c)| {
            let mut pods = vec![0u32; groups];
            for (r, &k) in c.iter().enumerate() {
                pods[rows[r]] = k;
            }
            Node { option: o, pods }
        })
        .collect()
}
