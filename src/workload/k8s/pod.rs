//! What one pod of a PodSpec requests, the way the scheduler counts it.
//!
//! Requests per resource = max(sum of the main containers and the sidecars (init containers
//! with `restartPolicy: Always`), the largest init container plus the sidecars started before
//! it) + pod `overhead`. A container with a limit but no request gets the limit as its request
//! (what the API server defaults). A container with neither counts as zero.

use super::manifest::{Container, Resources, Spec};

/// Requests of one pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PodRequests {
    pub cpu_millicores: u64,
    pub memory_bytes: u64,
}

/// What [`pod_requests`] found besides the figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RequestNotes {
    /// Containers (`name`, or `init:name`) with no CPU or no memory request (and no limit).
    pub missing: Vec<String>,
    /// Other resources requested (GPUs, ephemeral storage...), not modelled.
    pub other: Vec<String>,
}

fn effective(c: &Container) -> (Option<u64>, Option<u64>, Vec<String>) {
    let empty = Resources::default();
    let req = c.resources.requests.as_ref().unwrap_or(&empty);
    let lim = c.resources.limits.as_ref().unwrap_or(&empty);
    let cpu = req.cpu.or(lim.cpu).map(|c| c.0);
    let mem = req.memory.or(lim.memory).map(|m| m.0);
    // Extended resources and ephemeral storage are planned (super::extended), not noted.
    let mut other: Vec<String> = req
        .other
        .iter()
        .filter(|o| !super::extended::is_modelled(o))
        .cloned()
        .collect();
    other.extend(
        lim.other
            .iter()
            .filter(|o| !req.other.contains(o) && !super::extended::is_modelled(o))
            .cloned(),
    );
    (cpu, mem, other)
}

/// The requests of one pod of `spec`, and notes on containers without requests.
pub fn pod_requests(spec: &Spec) -> (PodRequests, RequestNotes) {
    let mut notes = RequestNotes::default();
    let mut note = |label: String, cpu: Option<u64>, mem: Option<u64>, other: Vec<String>| {
        let missing: Vec<&str> = [("cpu", cpu.is_none()), ("memory", mem.is_none())]
            .iter()
            .filter(|(_, m)| *m)
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            notes
                .missing
                .push(format!("{label} (no {} request)", missing.join(" or ")));
        }
        for o in other {
            if !notes.other.contains(&o) {
                notes.other.push(o);
            }
        }
    };
    // Sidecars run beside everything after them; plain init containers one at a time.
    let (mut side_cpu, mut side_mem) = (0u64, 0u64);
    let (mut init_cpu, mut init_mem) = (0u64, 0u64);
    for c in &spec.init_containers {
        let (cpu, mem, other) = effective(c);
        note(format!("init:{}", c.name), cpu, mem, other);
        let (cpu, mem) = (cpu.unwrap_or(0), mem.unwrap_or(0));
        if c.restart_policy.as_deref() == Some("Always") {
            side_cpu += cpu;
            side_mem += mem;
            init_cpu = init_cpu.max(side_cpu);
            init_mem = init_mem.max(side_mem);
        } else {
            init_cpu = init_cpu.max(side_cpu + cpu);
            init_mem = init_mem.max(side_mem + mem);
        }
    }
    let (mut main_cpu, mut main_mem) = (side_cpu, side_mem);
    for c in &spec.containers {
        let (cpu, mem, other) = effective(c);
        note(c.name.clone(), cpu, mem, other);
        main_cpu += cpu.unwrap_or(0);
        main_mem += mem.unwrap_or(0);
    }
    let over = spec.overhead.clone().unwrap_or_default();
    // Pod-level requests, where given, are what the scheduler counts (they cover the
    // containers); the API server defaults them from pod-level limits like a container's.
    let pod_level = spec.resources.as_ref();
    let level = |f: fn(&Resources) -> Option<u64>| {
        pod_level.and_then(|r| {
            r.requests
                .as_ref()
                .and_then(f)
                .or_else(|| r.limits.as_ref().and_then(f))
        })
    };
    let cpu = level(|r| r.cpu.map(|c| c.0)).unwrap_or(main_cpu.max(init_cpu));
    let mem = level(|r| r.memory.map(|m| m.0)).unwrap_or(main_mem.max(init_mem));
    if pod_level.is_some() {
        notes.missing.clear();
    }
    (
        PodRequests {
            cpu_millicores: cpu + over.cpu.map_or(0, |c| c.0),
            memory_bytes: mem + over.memory.map_or(0, |m| m.0),
        },
        notes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> Spec {
        yaml_serde::from_str(yaml).unwrap()
    }

    #[test]
    fn sum_of_containers() {
        let (r, n) = pod_requests(&spec(
            "containers:\n- {name: a, resources: {requests: {cpu: 400m, memory: 768Mi}}}\n- {name: b, resources: {requests: {cpu: 100m, memory: 128Mi}}}",
        ));
        assert_eq!(
            r,
            PodRequests {
                cpu_millicores: 500,
                memory_bytes: 896 << 20
            }
        );
        assert!(n.missing.is_empty());
    }

    #[test]
    fn largest_init_container_where_larger() {
        // The postgres pod of shared/examples/k8s/shop.yaml: init 2 CPU / 256Mi, main 1500m / 6Gi.
        let (r, _) = pod_requests(&spec(
            "initContainers:\n- {name: i, resources: {requests: {cpu: '2', memory: 256Mi}}}\ncontainers:\n- {name: p, resources: {requests: {cpu: 1500m, memory: 6Gi}}}",
        ));
        assert_eq!(
            r,
            PodRequests {
                cpu_millicores: 2000,
                memory_bytes: 6 << 30
            }
        );
    }

    #[test]
    fn sidecars_count_with_main_and_before_later_inits() {
        // sidecar 100m/64Mi started first, then an init job 1 CPU/1Gi, main 200m/256Mi.
        let (r, _) = pod_requests(&spec(
            "initContainers:\n- {name: s, restartPolicy: Always, resources: {requests: {cpu: 100m, memory: 64Mi}}}\n- {name: i, resources: {requests: {cpu: '1', memory: 1Gi}}}\ncontainers:\n- {name: m, resources: {requests: {cpu: 200m, memory: 256Mi}}}\noverhead: {cpu: 10m, memory: 1Mi}",
        ));
        // CPU: max(100+200, 100+1000) + 10; memory: max(64+256, 64+1024) + 1 (MiB).
        assert_eq!(
            r,
            PodRequests {
                cpu_millicores: 1110,
                memory_bytes: (1088 + 1) << 20
            }
        );
    }

    #[test]
    fn pod_level_requests_win() {
        let (r, n) = pod_requests(&spec(
            "resources: {requests: {cpu: '2', memory: 4Gi}}\ncontainers:\n- {name: a, resources: {requests: {cpu: 500m}}}\n- {name: b}",
        ));
        assert_eq!(
            r,
            PodRequests {
                cpu_millicores: 2000,
                memory_bytes: 4 << 30
            }
        );
        assert!(n.missing.is_empty());
    }

    #[test]
    fn limits_default_requests_and_missing_are_listed() {
        let (r, n) = pod_requests(&spec(
            "containers:\n- {name: a, resources: {limits: {cpu: '1', memory: 1Gi, nvidia.com/gpu: 1}}}\n- {name: b}",
        ));
        assert_eq!(
            r,
            PodRequests {
                cpu_millicores: 1000,
                memory_bytes: 1 << 30
            }
        );
        assert_eq!(n.missing, ["b (no cpu or memory request)"]);
        // Extended resources are planned (super::extended), not noted.
        assert!(n.other.is_empty());
    }
}
