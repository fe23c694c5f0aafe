//! The objects of the input as the API server would hold them: one object per
//! (kind, namespace, name) — a duplicate with the same content is read once, a conflicting one is
//! an error naming both places —, objects made by a controller in the input counted through it
//! (matched by `ownerReferences` uid, or kind and name, exactly), pods and Jobs that run no pod
//! (terminal pods, finished or suspended Jobs) left out, and display names qualified only where
//! needed to be unique.

use super::convert::{ConvertError, bad};
use super::diagnostics::Diagnostics;
use super::{Object, shown};
use std::collections::{BTreeMap, BTreeSet};

/// The identity of an object: kind, namespace (empty when not given), name.
pub type Key = (String, String, String);

fn key(o: &Object) -> Option<Key> {
    let name = o.metadata.name.clone()?;
    Some((
        o.kind.clone(),
        o.metadata.namespace.clone().unwrap_or_default(),
        name,
    ))
}

/// What two copies of an object are compared on: everything but `status` and the metadata the
/// API server sets (uid, resourceVersion, timestamps, managed fields, annotations); the labels
/// stay.
fn content(o: &Object) -> yaml_serde::Value {
    let mut v = o.raw.clone();
    if let Some(m) = v.as_mapping_mut() {
        m.remove("status");
        let labels = m
            .get("metadata")
            .and_then(|md| md.get("labels"))
            .cloned()
            .unwrap_or_default();
        m.insert("metadata".into(), labels);
    }
    v
}

/// Every object once, in input order. Objects without a name are kept as they are (kinds kplan
/// reads must have one: the parser said so).
pub fn unique<'a>(
    objects: &'a [Object],
    notes: &mut Diagnostics,
) -> Result<Vec<&'a Object>, ConvertError> {
    let mut out: Vec<&Object> = Vec::new();
    let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
    for o in objects {
        let Some(k) = key(o) else {
            out.push(o);
            continue;
        };
        match seen.get(&k) {
            None => {
                seen.insert(k, out.len());
                out.push(o);
            }
            Some(&i) => {
                let first = out[i];
                if content(first) != content(o) {
                    return Err(bad(format!(
                        "{} ({}): defined again with different content in {}; give each object once",
                        first.origin,
                        first.title(),
                        o.origin
                    )));
                }
                notes.note(format!(
                    "{}: given twice ({} and {}), read once",
                    o.title(),
                    first.origin,
                    o.origin
                ));
            }
        }
    }
    Ok(out)
}

/// The objects of the input by identity, with their uids.
pub struct Owners<'a> {
    by_key: BTreeMap<Key, Option<&'a str>>,
    uids: BTreeSet<&'a str>,
}

impl<'a> Owners<'a> {
    pub fn new(objects: &[&'a Object]) -> Owners<'a> {
        let mut by_key = BTreeMap::new();
        let mut uids = BTreeSet::new();
        for o in objects {
            if let Some(k) = key(o) {
                by_key.insert(k, o.metadata.uid.as_deref());
            }
            if let Some(u) = o.metadata.uid.as_deref() {
                uids.insert(u);
            }
        }
        Owners { by_key, uids }
    }

    /// Was `o` made by a controller that is in the input? An owner reference matches by uid
    /// where both sides have one, else by kind and name in the object's namespace. A Pod of a
    /// ReplicaSet that is not in the input belongs to the Deployment the ReplicaSet is named
    /// after: `<deployment>-<pod-template-hash>` exactly, the hash read from the pod's label.
    pub fn owned(&self, o: &Object) -> bool {
        let ns = o.metadata.namespace.clone().unwrap_or_default();
        o.metadata.owner_references.iter().any(|r| {
            if let Some(u) = r.uid.as_deref()
                && self.uids.contains(u)
            {
                return true;
            }
            let k = (r.kind.clone(), ns.clone(), r.name.clone());
            if let Some(uid) = self.by_key.get(&k) {
                // Same name but another uid: an older object of that name, not this owner.
                return r.uid.is_none() || uid.is_none();
            }
            r.kind == "ReplicaSet" && o.kind == "Pod" && self.deployment_of(o, &r.name, &ns)
        })
    }

    fn deployment_of(&self, pod: &Object, replicaset: &str, ns: &str) -> bool {
        let Some(hash) = pod.metadata.labels.get("pod-template-hash") else {
            return false;
        };
        replicaset
            .strip_suffix(hash.as_str())
            .and_then(|d| d.strip_suffix('-'))
            .is_some_and(|d| {
                self.by_key
                    .contains_key(&("Deployment".into(), ns.to_string(), d.to_string()))
            })
    }
}

/// The controller that made `o` when it is not in the input: `(kind, name)`, the name of a
/// ReplicaSet replaced by its Deployment's (`web-5d8f` with pod-template-hash `5d8f` -> `web`).
pub fn outside_owner(o: &Object) -> Option<(String, String)> {
    let r = o
        .metadata
        .owner_references
        .iter()
        .find(|r| r.controller == Some(true))
        .or_else(|| o.metadata.owner_references.first())?;
    if r.kind == "ReplicaSet"
        && let Some(d) = o
            .metadata
            .labels
            .get("pod-template-hash")
            .and_then(|h| r.name.strip_suffix(h.as_str()))
            .and_then(|d| d.strip_suffix('-'))
            .filter(|d| !d.is_empty())
    {
        return Some(("Deployment".into(), d.to_string()));
    }
    Some((r.kind.clone(), r.name.clone()))
}

/// Why an object runs no pod now, if it does not: a Pod that has Succeeded or Failed, a Job
/// that is complete, failed or suspended, a suspended CronJob.
pub fn not_running(o: &Object) -> Option<&'static str> {
    let condition = |kind: &str| {
        o.status
            .conditions
            .iter()
            .any(|c| c.kind == kind && c.status == "True")
    };
    match o.kind.as_str() {
        "Pod" => match o.status.phase.as_deref() {
            Some("Succeeded") => Some("it has Succeeded"),
            Some("Failed") => Some("it has Failed"),
            _ => None,
        },
        "Job" if o.spec.suspend == Some(true) => Some("it is suspended"),
        "Job" if condition("Complete") => Some("it is complete"),
        "Job" if condition("Failed") => Some("it has failed"),
        "CronJob" if o.spec.suspend == Some(true) => Some("it is suspended"),
        _ => None,
    }
}

/// Display names for objects with identities `keys`: the name where it is unique, else
/// `namespace/name` where that is unique within the clash, else `namespace/kind/name`.
pub fn display_names(keys: &[Key]) -> Vec<String> {
    let level = |k: &Key, l: u8| -> String {
        let (kind, ns, name) = (shown(&k.0), shown(&k.1), shown(&k.2));
        let kind = kind.to_lowercase();
        match (l, ns.is_empty()) {
            (0, _) => name,
            (1, false) => format!("{ns}/{name}"),
            (1, true) => name,
            (_, false) => format!("{ns}/{kind}/{name}"),
            (_, true) => format!("{kind}/{name}"),
        }
    };
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        by_name.entry(k.2.as_str()).or_default().push(i);
    }
    let mut out = vec![String::new(); keys.len()];
    for members in by_name.values() {
        let chosen = (0..=2u8)
            .find(|&l| {
                let names: BTreeSet<String> = members.iter().map(|&i| level(&keys[i], l)).collect();
                names.len() == members.len()
            })
            .unwrap_or(2);
        for &i in members {
            out[i] = level(&keys[i], chosen);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(kind: &str, ns: &str, name: &str) -> Key {
        (kind.into(), ns.into(), name.into())
    }

    #[test]
    fn names_are_qualified_only_where_they_clash() {
        let keys = [
            k("Deployment", "", "frontend"),
            k("Deployment", "a", "web"),
            k("Deployment", "b", "web"),
            k("Deployment", "shop", "cart"),
            k("StatefulSet", "shop", "cart"),
        ];
        assert_eq!(
            display_names(&keys),
            [
                "frontend",
                "a/web",
                "b/web",
                "shop/deployment/cart",
                "shop/statefulset/cart"
            ]
        );
    }
}
