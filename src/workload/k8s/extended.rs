//! Requests beyond CPU and memory in a PodSpec: extended resources (`nvidia.com/gpu`,
//! `aws.amazon.com/neuron`, `vpc.amazonaws.com/efa`...) and `ephemeral-storage`, counted the
//! way the scheduler counts CPU (shared/design/extended-resources.md): per container the
//! request, or the limit where only a limit is given (for extended resources limit = request);
//! per pod max(main containers + sidecars, the largest init container + the sidecars before
//! it) + overhead.

use super::manifest::{Container, Resources, Spec};
use crate::pods::EPHEMERAL_STORAGE;
use anyhow::{Result, bail};
use serde::de::{self, Deserializer, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// A quantity as written: a string or a number, kept as text.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityText(pub String);

impl<'de> serde::Deserialize<'de> for QuantityText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = QuantityText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a resource quantity")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<QuantityText, E> {
                Ok(QuantityText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<QuantityText, E> {
                Ok(QuantityText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<QuantityText, E> {
                Ok(QuantityText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<QuantityText, E> {
                Ok(QuantityText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<QuantityText, E> {
                Ok(QuantityText(String::new()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether kplan plans for this resource: `ephemeral-storage` and extended resources (a
/// domain-prefixed name outside `kubernetes.io`). Hugepages and the rest stay notes.
pub fn is_modelled(name: &str) -> bool {
    if name == EPHEMERAL_STORAGE {
        return true;
    }
    match name.split_once('/') {
        Some((domain, rest)) => {
            !rest.is_empty()
                && domain.contains('.')
                && domain != "kubernetes.io"
                && !domain.ends_with(".kubernetes.io")
        }
        None => false,
    }
}

/// One quantity of a modelled resource: bytes for ephemeral storage, a whole count otherwise.
fn amount(name: &str, text: &str) -> Result<u64> {
    if name == EPHEMERAL_STORAGE {
        return crate::workload::quantity::parse_memory_bytes(text.trim())
            .map_err(|e| anyhow::anyhow!("{name}: {e}"));
    }
    match crate::workload::file::parse_count(text) {
        Ok(v) => Ok(v),
        Err(e) => bail!("{name}: {e}"),
    }
}

fn list(r: Option<&Resources>) -> Result<BTreeMap<String, u64>> {
    let mut out = BTreeMap::new();
    for (name, text) in r.map_or(&[][..], |r| r.quantities.as_slice()) {
        if is_modelled(name) {
            out.insert(name.clone(), amount(name, text)?);
        }
    }
    Ok(out)
}

/// A container's requests of modelled resources: the request, else the limit. An extended
/// resource whose request and limit differ is refused, as the API server does.
fn container(c: &Container) -> Result<BTreeMap<String, u64>> {
    let req = list(c.resources.requests.as_ref())?;
    let lim = list(c.resources.limits.as_ref())?;
    for (name, r) in &req {
        if name != EPHEMERAL_STORAGE
            && let Some(l) = lim.get(name)
            && l != r
        {
            bail!(
                "container '{}': {name} request {r} and limit {l} differ; extended resources cannot be overcommitted",
                c.name
            );
        }
    }
    let mut out = lim;
    out.extend(req);
    Ok(out)
}

fn add(into: &mut BTreeMap<String, u64>, from: &BTreeMap<String, u64>) {
    for (k, v) in from {
        *into.entry(k.clone()).or_insert(0) += v;
    }
}

fn max_into(into: &mut BTreeMap<String, u64>, from: &BTreeMap<String, u64>) {
    for (k, v) in from {
        let e = into.entry(k.clone()).or_insert(0);
        *e = (*e).max(*v);
    }
}

/// The per-pod requests of modelled resources of `spec` (zeros left out). Errors name the
/// container and the resource.
pub fn pod_extra_requests(spec: &Spec) -> Result<BTreeMap<String, u64>> {
    let mut side = BTreeMap::new();
    let mut init = BTreeMap::new();
    for c in &spec.init_containers {
        let r = container(c)?;
        if c.restart_policy.as_deref() == Some("Always") {
            add(&mut side, &r);
            max_into(&mut init, &side);
        } else {
            let mut with = side.clone();
            add(&mut with, &r);
            max_into(&mut init, &with);
        }
    }
    let mut main = side;
    for c in &spec.containers {
        add(&mut main, &container(c)?);
    }
    max_into(&mut main, &init);
    add(&mut main, &list(spec.overhead.as_ref())?);
    main.retain(|_, v| *v > 0);
    Ok(main)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> Spec {
        yaml_serde::from_str(yaml).expect("spec")
    }

    #[test]
    fn limits_only_and_init_containers() {
        let s = spec(
            "initContainers:\n- {name: i, resources: {requests: {ephemeral-storage: 4Gi}}}\ncontainers:\n- {name: vllm, resources: {limits: {nvidia.com/gpu: 1, ephemeral-storage: 1Gi}}}\n- {name: b, resources: {requests: {ephemeral-storage: 2Gi, hugepages-2Mi: 64Mi}}}",
        );
        let r = pod_extra_requests(&s).unwrap();
        assert_eq!(r.get("nvidia.com/gpu"), Some(&1));
        assert_eq!(r.get(EPHEMERAL_STORAGE), Some(&(4 << 30)));
        assert!(!r.contains_key("hugepages-2Mi"));
    }

    #[test]
    fn bad_counts_are_errors() {
        for (q, want) in [
            ("'0.5'", "not a whole number"),
            ("-1", "not a whole number"),
            ("500m", "not a whole number"),
        ] {
            let s = spec(&format!(
                "containers:\n- {{name: a, resources: {{limits: {{nvidia.com/gpu: {q}}}}}}}"
            ));
            let e = pod_extra_requests(&s).unwrap_err().to_string();
            assert!(e.contains(want) && e.contains("nvidia.com/gpu"), "{q}: {e}");
        }
        let s = spec(
            "containers:\n- {name: a, resources: {requests: {nvidia.com/gpu: 1}, limits: {nvidia.com/gpu: 2}}}",
        );
        assert!(pod_extra_requests(&s).is_err());
    }

    #[test]
    fn modelled_names() {
        assert!(is_modelled("nvidia.com/gpu"));
        assert!(is_modelled("vpc.amazonaws.com/pod-eni"));
        assert!(!is_modelled("hugepages-1Gi"));
        assert!(!is_modelled("cpu"));
    }
}
