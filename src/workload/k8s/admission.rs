//! What admission adds to a pod before the scheduler sees it: the `LimitRange` of the pod's
//! namespace. For a container resource with neither a request nor a limit, the request becomes
//! the LimitRange's `defaultRequest`, which Kubernetes itself defaults to `default`, then to
//! `max` (the LimitRanger admission plugin and the LimitRange defaulting in
//! kubernetes/pkg/apis/core/v1/defaults.go). `min` and `max` are checks: a pod outside them is
//! rejected by the API server, so kplan says so as an input error.

use super::Object;
use super::convert::{ConvertError, bad};
use super::diagnostics::Diagnostics;
use super::manifest::{Container, LimitRangeItem, Limits, Resources, Spec};
use crate::workload::quantity::{Cpu, Memory, format_cpu, format_memory};
use std::collections::BTreeMap;

/// The `Container` items of the LimitRanges, by namespace (empty = not given).
#[derive(Debug, Default)]
pub struct LimitRanges {
    by_namespace: BTreeMap<String, Vec<(String, LimitRangeItem)>>,
}

impl LimitRanges {
    /// Reads the LimitRanges of the input (`Pod` and `PersistentVolumeClaim` items are noted).
    pub fn read(objects: &[&Object], notes: &mut Diagnostics) -> LimitRanges {
        let mut by_namespace: BTreeMap<String, Vec<(String, LimitRangeItem)>> = BTreeMap::new();
        for o in objects.iter().filter(|o| o.kind == "LimitRange") {
            let Some(Limits::Items(items)) = &o.spec.limits else {
                continue;
            };
            let ns = o.metadata.namespace.clone().unwrap_or_default();
            for item in items {
                if item.kind == "Container" {
                    by_namespace
                        .entry(ns.clone())
                        .or_default()
                        .push((o.title(), item.clone()));
                } else {
                    notes.note(format!("{}: limits of type {}", o.title(), item.kind));
                }
            }
        }
        LimitRanges { by_namespace }
    }

    /// Applies the defaults of `obj`'s namespace to every container of `pod` and checks `min`
    /// and `max`; `base` is the path of the pod spec in `obj` (for errors). Returns how many
    /// requests were defaulted.
    pub fn apply(&self, obj: &Object, pod: &mut Spec, base: &str) -> Result<usize, ConvertError> {
        let ns = obj.metadata.namespace.clone().unwrap_or_default();
        let Some(items) = self.by_namespace.get(&ns) else {
            return Ok(0);
        };
        let mut defaulted = 0;
        let all = pod
            .init_containers
            .iter_mut()
            .map(|c| ("initContainers", c))
            .enumerate()
            .chain(
                pod.containers
                    .iter_mut()
                    .map(|c| ("containers", c))
                    .enumerate(),
            );
        for (i, (field, c)) in all {
            let path = format!("{base}.{field}[{i}]");
            for (title, item) in items {
                defaulted += default_container(c, item);
                check(obj, &path, c, title, item)?;
            }
        }
        Ok(defaulted)
    }
}

/// Sets the request of each resource with neither a request nor a limit.
fn default_container(c: &mut Container, item: &LimitRangeItem) -> usize {
    let pick = |f: fn(&Resources) -> Option<u64>| {
        [&item.default_request, &item.default, &item.max]
            .into_iter()
            .find_map(|r| r.as_ref().and_then(f))
    };
    let cpu = pick(|r| r.cpu.map(|c| c.0));
    let mem = pick(|r| r.memory.map(|m| m.0));
    let lim = c.resources.limits.clone().unwrap_or_default();
    let req = c.resources.requests.get_or_insert_with(Resources::default);
    let mut n = 0;
    if req.cpu.is_none()
        && lim.cpu.is_none()
        && let Some(v) = cpu
    {
        req.cpu = Some(Cpu(v));
        n += 1;
    }
    if req.memory.is_none()
        && lim.memory.is_none()
        && let Some(v) = mem
    {
        req.memory = Some(Memory(v));
        n += 1;
    }
    n
}

fn check(
    obj: &Object,
    path: &str,
    c: &Container,
    limit_range: &str,
    item: &LimitRangeItem,
) -> Result<(), ConvertError> {
    let req = c.resources.requests.clone().unwrap_or_default();
    let lim = c.resources.limits.clone().unwrap_or_default();
    let cpu = req.cpu.or(lim.cpu).map(|c| c.0);
    let mem = req.memory.or(lim.memory).map(|m| m.0);
    let bound = |r: &Option<Resources>| r.clone().unwrap_or_default();
    let (min, max) = (bound(&item.min), bound(&item.max));
    let fail = |what: String| {
        Err(bad(obj.error(format!(
            "{path}.resources: {what} of {limit_range} (the API server rejects the pod)"
        ))))
    };
    if let (Some(v), Some(m)) = (cpu, min.cpu.map(|c| c.0))
        && v < m
    {
        return fail(format!(
            "cpu {} is below the min {}",
            format_cpu(v),
            format_cpu(m)
        ));
    }
    if let (Some(v), Some(m)) = (mem, min.memory.map(|c| c.0))
        && v < m
    {
        return fail(format!(
            "memory {} is below the min {}",
            format_memory(v),
            format_memory(m)
        ));
    }
    if let (Some(v), Some(m)) = (lim.cpu.or(req.cpu).map(|c| c.0), max.cpu.map(|c| c.0))
        && v > m
    {
        return fail(format!(
            "cpu {} is above the max {}",
            format_cpu(v),
            format_cpu(m)
        ));
    }
    if let (Some(v), Some(m)) = (
        lim.memory.or(req.memory).map(|c| c.0),
        max.memory.map(|c| c.0),
    ) && v > m
    {
        return fail(format!(
            "memory {} is above the max {}",
            format_memory(v),
            format_memory(m)
        ));
    }
    Ok(())
}
