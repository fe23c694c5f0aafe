//! Independent parts of a problem: groups linked by a shared allowed option.

use crate::fit::problem::Problem;
use std::collections::HashMap;

/// Groups linked by a shared allowed option, with the options they may use (both sorted).
pub(super) fn components(problem: &Problem) -> Vec<(Vec<usize>, Vec<usize>)> {
    let ng = problem.groups.len();
    let mut parent: Vec<usize> = (0..ng).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut first_group: Vec<Option<usize>> = vec![None; problem.options.len()];
    for (g, grp) in problem.groups.iter().enumerate() {
        for &o in &grp.allowed {
            let Some(slot) = first_group.get_mut(o) else {
                continue;
            };
            match *slot {
                None => *slot = Some(g),
                Some(h) => {
                    let (a, b) = (root(&mut parent, g), root(&mut parent, h));
                    parent[a] = b;
                }
            }
        }
    }
    let mut parts: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let mut index: HashMap<usize, usize> = HashMap::new();
    for g in 0..ng {
        let r = root(&mut parent, g);
        let i = *index.entry(r).or_insert_with(|| {
            parts.push((Vec::new(), Vec::new()));
            parts.len() - 1
        });
        parts[i].0.push(g);
    }
    for (o, slot) in first_group.iter().enumerate() {
        if let Some(g) = slot {
            let r = root(&mut parent, *g);
            parts[index[&r]].1.push(o);
        }
    }
    parts
}
