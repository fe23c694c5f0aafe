//! The resource bound: a lower bound from the cheapest price per unit of each resource.

use crate::fit::colgen::fit_alone;
use crate::fit::problem::Problem;

/// A simple valid bound: each pod costs at least its share of the cheapest price per unit of
/// CPU (or memory, pod slot, or an extra resource it asks) among the options it may use; the
/// largest of the sums.
pub(super) fn resource_bound(problem: &Problem, demand: &[u32]) -> f64 {
    let dims = 3 + problem.extra_names.len();
    let mut sums = vec![0.0f64; dims];
    for (g, grp) in problem.groups.iter().enumerate() {
        if demand[g] == 0 {
            continue;
        }
        for (d, sum) in sums.iter_mut().enumerate() {
            let need = match d {
                0 => grp.cpu_millicores as f64,
                1 => grp.memory_bytes as f64,
                2 => 1.0,
                _ => grp.extra_req(d - 3) as f64,
            };
            if need == 0.0 {
                continue;
            }
            let best = grp
                .allowed
                .iter()
                .filter(|&&o| fit_alone(problem, o, g) > 0)
                .map(|&o| {
                    let x = &problem.options[o];
                    let cap = match d {
                        0 => x.cpu_millicores as f64,
                        1 => x.memory_bytes as f64,
                        2 => x.pods as f64,
                        _ => x.extra_cap(d - 3) as f64,
                    };
                    x.price / cap
                })
                .fold(f64::INFINITY, f64::min);
            if best.is_finite() {
                *sum += demand[g] as f64 * need * best;
            }
        }
    }
    sums.into_iter().fold(0.0, f64::max) * (1.0 - 1e-9)
}
