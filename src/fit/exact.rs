//! Exact optimum of small problems by dynamic programming over demand vectors:
//! `f(d) = min over node contents c <= d of price(c) + f(d - c)`, where `price(c)` is the
//! cheapest option that holds `c`. With a node limit, the same recursion counts nodes.
//! Used when the number of states times node contents is small (a few million steps).

use super::util::Node;

/// Cheapest option index and price for a content vector (per row), or `None` if none holds it.
pub(crate) type CheapestFn<'a> = dyn Fn(&[u32]) -> Option<(usize, f64)> + 'a;

/// `Some(Some(nodes))`: the optimum; `Some(None)`: no plan within the node limit; `None`: too
/// large to solve exactly.
pub(crate) type Exact = Option<Option<Vec<(usize, Vec<u32>)>>>;

/// The optimal nodes for `demand` (per row), with at most `max_nodes` nodes, or `None` when the
/// problem is too large for the budget (or has no plan within the node limit: `Some(None)`).
pub(crate) fn exact(
    demand: &[u32],
    per_node_cap: &[u32],
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
    let caps: Vec<u32> = (0..m).map(|r| demand[r].min(per_node_cap[r])).collect();
    let mut boxsize: u64 = 1;
    for &c in &caps {
        boxsize = boxsize.checked_mul(c as u64 + 1)?;
    }
    if boxsize.checked_mul(states)? > budget * 4 {
        return None;
    }
    // Feasible node contents: (index offset, vector, option, price).
    let mut contents: Vec<(u64, Vec<u32>, usize, f64)> = Vec::new();
    let mut c = vec![0u32; m];
    loop {
        // next vector in the box
        let mut r = 0;
        while r < m && c[r] == caps[r] {
            c[r] = 0;
            r += 1;
        }
        if r == m {
            break;
        }
        c[r] += 1;
        if let Some((o, p)) = cheapest(&c) {
            let idx = (0..m).map(|r| c[r] as u64 * stride[r]).sum();
            contents.push((idx, c.clone(), o, p));
        }
    }
    let steps_per_layer = states.checked_mul(contents.len() as u64)?;
    let layers = match max_nodes {
        None => 1,
        Some(n) => n as u64,
    };
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
    let max = max_nodes.expect("limit") as usize;
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
