//! Real Kubernetes manifests and Karpenter NodePools as input of `kplan fit`.
//!
//! [`parse_source`] reads the YAML (or JSON) text of one input into [`Object`]s, each with its
//! origin (file, document, `items[i]` of a `kind: List` or any `*List`) so that every later error
//! names them; [`convert::to_workload`] maps the objects onto the domain
//! [`crate::workload::Workload`] as a short pipeline of concerns: [`inventory`] (the objects as
//! the API server would hold them), [`admission`] (LimitRange defaults), [`operators`] (custom
//! resources that define pods), [`karpenter`] (NodePools, EC2NodeClasses), [`scheduling`]
//! (node selectors, taints, spread), [`restrictions`] (the types each workload may use) and
//! [`diagnostics`] (the notes). [`limits`] and [`current`] judge plans against NodePool limits and
//! today's nodes. Pure except [`limits`] (which re-solves): the command layer reads files.

pub mod admission;
pub mod convert;
pub mod current;
pub mod diagnostics;
pub mod emit;
pub mod extended;
pub mod fargate;
pub mod inventory;
pub mod karpenter;
pub mod labels;
pub mod limits;
pub mod manifest;
pub mod operators;
pub mod overlay;
pub mod pod;
pub mod restrictions;
pub mod scheduling;

use manifest::{Document, Metadata, Spec, Status};
use serde::Deserialize;
use std::fmt;

/// Where an object came from: the input's name, the document (1-based) and, in a
/// `kind: List`, the item (0-based, as in `items[3]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub source: String,
    pub document: usize,
    pub item: Option<usize>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: document {}", self.source, self.document)?;
        if let Some(i) = self.item {
            write!(f, ", items[{i}]")?;
        }
        Ok(())
    }
}

/// One Kubernetes object of the input.
#[derive(Debug, Clone)]
pub struct Object {
    pub origin: Origin,
    pub api_version: String,
    pub kind: String,
    pub metadata: Metadata,
    pub spec: Spec,
    pub status: Status,
    /// The object as written (for duplicate checks, custom resources and NodePools that
    /// round-trip through `-o nodepool`).
    pub raw: yaml_serde::Value,
}

impl Object {
    /// `Deployment shop/storefront` (namespace shown when given; names with control
    /// characters escaped, so that every message stays on one line).
    pub fn title(&self) -> String {
        let name = shown(self.metadata.name.as_deref().unwrap_or("(unnamed)"));
        match &self.metadata.namespace {
            Some(ns) => format!("{} {}/{name}", shown(&self.kind), shown(ns)),
            None => format!("{} {name}", shown(&self.kind)),
        }
    }

    /// An error about this object: `file: document N (Kind name): message`.
    pub fn error(&self, message: impl fmt::Display) -> String {
        format!("{} ({}): {message}", self.origin, self.title())
    }
}

/// `s` as it may appear in a one-line message: as written, or quoted with escapes when it holds
/// control characters (a newline in a name must not start a new line of output).
pub fn shown(s: &str) -> String {
    if s.chars().any(char::is_control) {
        format!("{s:?}")
    } else {
        s.to_string()
    }
}

/// The apiVersions kplan reads for each kind it understands; any other kind is skipped.
pub const KINDS: &[(&str, &[&str])] = &[
    ("Deployment", &["apps/v1"]),
    ("StatefulSet", &["apps/v1"]),
    ("ReplicaSet", &["apps/v1"]),
    ("DaemonSet", &["apps/v1"]),
    ("ReplicationController", &["v1"]),
    ("Pod", &["v1"]),
    ("Job", &["batch/v1"]),
    ("CronJob", &["batch/v1"]),
    (
        "HorizontalPodAutoscaler",
        &["autoscaling/v2", "autoscaling/v1"],
    ),
    ("NodePool", &["karpenter.sh/v1"]),
    ("EC2NodeClass", &["karpenter.k8s.aws/v1"]),
    ("LimitRange", &["v1"]),
    ("NodeOverlay", &["karpenter.sh/v1alpha1"]),
];

/// Is `kind` a list of objects (`List`, or a typed list like `DeploymentList`)?
fn is_list_kind(kind: &str) -> bool {
    kind == "List" || (kind.len() > 4 && kind.ends_with("List"))
}

/// The header of a document, read leniently to name it in an error about its body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    kind: Option<yaml_serde::Value>,
    metadata: Option<yaml_serde::Value>,
    items: Option<Vec<yaml_serde::Value>>,
}

fn title_of(
    kind: Option<&yaml_serde::Value>,
    metadata: Option<&yaml_serde::Value>,
) -> Option<String> {
    let kind = kind?.as_str()?.to_string();
    let name = metadata
        .and_then(|m| m.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or("(unnamed)");
    Some(format!("{kind} {name}"))
}

/// `origin (Kind name): message`; an error inside `items[i]` of a List names the item.
fn located(origin: &Origin, h: Option<&Header>, message: String) -> String {
    if let Some(rest) = message.strip_prefix("items[")
        && let Some((i, tail)) = rest.split_once(']')
        && let Ok(i) = i.parse::<usize>()
    {
        let item = h.and_then(|h| h.items.as_ref()).and_then(|v| v.get(i));
        let title = item.and_then(|it| title_of(it.get("kind"), it.get("metadata")));
        let tail = tail.strip_prefix('.').unwrap_or(tail);
        return match title {
            Some(t) => format!("{origin}, items[{i}] ({t}): {tail}"),
            None => format!("{origin}, items[{i}]: {tail}"),
        };
    }
    match h.and_then(|h| title_of(h.kind.as_ref(), h.metadata.as_ref())) {
        Some(t) => format!("{origin} ({t}): {message}"),
        None => format!("{origin}: {message}"),
    }
}

fn is_known_kind(kind: &str) -> bool {
    is_list_kind(kind) || KINDS.iter().any(|(k, _)| *k == kind)
}

/// The metadata of an object kplan does not read, taken from its raw value (best effort).
fn lenient_metadata(raw: &yaml_serde::Value) -> Metadata {
    raw.get("metadata")
        .cloned()
        .and_then(|m| yaml_serde::from_value(m).ok())
        .unwrap_or_default()
}

/// Parses the text of one input (`source` names it in errors): every YAML document, `kind: List`
/// items flattened. Objects of kinds kplan does not read come back too (the caller notes them);
/// an object of a known kind with another apiVersion is an error. Errors are one line:
/// `source: document N (Kind name): field.path: problem at line L column C`.
pub fn parse_source(source: &str, text: &str) -> Result<Vec<Object>, String> {
    let mut out = Vec::new();
    let headers = yaml_serde::Deserializer::from_str(text);
    let mut headers = headers.map(|d| Option::<Header>::deserialize(d).ok().flatten());
    let raws = yaml_serde::Deserializer::from_str(text);
    let mut raws = raws.map(|d| yaml_serde::Value::deserialize(d).unwrap_or_default());
    for (i, de) in yaml_serde::Deserializer::from_str(text).enumerate() {
        let document = i + 1;
        let header = headers.next().flatten();
        let raw = raws.next().unwrap_or_default();
        let origin = Origin {
            source: source.to_string(),
            document,
            item: None,
        };
        let doc = match Option::<Document>::deserialize(de) {
            Ok(d) => d,
            Err(e) => {
                let kind = header
                    .as_ref()
                    .and_then(|h| h.kind.as_ref())
                    .and_then(|k| k.as_str());
                if let Some(kind) = kind.filter(|k| !is_known_kind(k)) {
                    // A kind kplan does not read as a workload (a custom resource...), whose
                    // spec happens not to fit kplan's union of spec fields: kept with its raw
                    // value (operators read their own fields from it).
                    out.push(Object {
                        origin,
                        api_version: raw
                            .get("apiVersion")
                            .and_then(|v| v.as_str())
                            .unwrap_or_default()
                            .to_string(),
                        kind: kind.to_string(),
                        metadata: lenient_metadata(&raw),
                        spec: Spec::default(),
                        status: Status::default(),
                        raw,
                    });
                    continue;
                }
                return Err(located(&origin, header.as_ref(), e.to_string()));
            }
        };
        let Some(doc) = doc else { continue };
        push_document(doc, raw, origin, None, &mut out)?;
    }
    Ok(out)
}

/// Pushes one document (or, for a list, its items). `list` is the enclosing typed list's
/// `(apiVersion, kind)`: items of a `DeploymentList` from the API carry no kind of their own.
fn push_document(
    mut doc: Document,
    mut raw: yaml_serde::Value,
    origin: Origin,
    list: Option<(&str, &str)>,
    out: &mut Vec<Object>,
) -> Result<(), String> {
    if let Some((api, kind)) = list {
        if doc.kind.is_none() {
            doc.kind = Some(kind.to_string());
            set_key(&mut raw, "kind", kind);
        }
        if doc.api_version.is_none() {
            doc.api_version = Some(api.to_string());
            set_key(&mut raw, "apiVersion", api);
        }
    }
    let Some(kind) = doc.kind.clone() else {
        if doc.api_version.is_none() && doc.spec.is_none() && doc.items.is_none() {
            // A document of comments or plain data without kind: not a Kubernetes object.
            return Err(format!(
                "{origin}: not a Kubernetes object (no `kind`); kplan fit reads manifests \
                 or its own workload file, not a mix of both in one file"
            ));
        }
        return Err(format!("{origin}: kind: missing"));
    };
    let api_version = doc.api_version.clone().unwrap_or_default();
    if is_list_kind(&kind) {
        if kind == "List" && api_version != "v1" {
            return Err(format!(
                "{origin} (List): apiVersion: '{api_version}' is not supported for List (expected v1)"
            ));
        }
        if origin.item.is_some() {
            return Err(format!("{origin}: a List inside a List is not supported"));
        }
        let item_kind = kind.strip_suffix("List").filter(|k| !k.is_empty());
        let raw_items = raw.get("items").and_then(|v| v.as_sequence()).cloned();
        for (j, item) in doc.items.take().unwrap_or_default().into_iter().enumerate() {
            let Some(item) = item else { continue };
            let o = Origin {
                item: Some(j),
                ..origin.clone()
            };
            let item_raw = raw_items
                .as_ref()
                .and_then(|v| v.get(j).cloned())
                .unwrap_or_default();
            let typed = item_kind.map(|k| (api_version.as_str(), k));
            if item.kind.as_deref().is_some_and(is_list_kind) {
                return Err(format!("{o}: a List inside a List is not supported"));
            }
            push_document(item, item_raw, o, typed, out)?;
        }
        return Ok(());
    }
    let obj = Object {
        origin,
        api_version,
        kind,
        metadata: doc.metadata,
        spec: doc.spec.unwrap_or_default(),
        status: doc.status.unwrap_or_default(),
        raw,
    };
    if let Some((_, versions)) = KINDS.iter().find(|(k, _)| *k == obj.kind) {
        if !versions.contains(&obj.api_version.as_str()) {
            return Err(obj.error(format!(
                "apiVersion: '{}' is not supported for {} (expected {})",
                obj.api_version,
                obj.kind,
                versions.join(" or ")
            )));
        }
        if obj.metadata.name.is_none() {
            return Err(obj.error("metadata.name: missing"));
        }
    }
    out.push(obj);
    Ok(())
}

fn set_key(raw: &mut yaml_serde::Value, key: &str, value: &str) {
    if let Some(m) = raw.as_mapping_mut() {
        m.insert(key.into(), value.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_lists_and_empty_documents() {
        let text = "---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: a}\n  spec: {replicas: 2}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n  spec: {selector: {app: a}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}]}\n";
        let objs = parse_source("in.yaml", text).unwrap();
        let got: Vec<(String, String)> = objs
            .iter()
            .map(|o| (o.origin.to_string(), o.kind.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "in.yaml: document 2, items[0]".to_string(),
                    "Deployment".to_string()
                ),
                ("in.yaml: document 2, items[1]".into(), "Service".into()),
                ("in.yaml: document 3".into(), "Pod".into()),
            ]
        );
        assert_eq!(objs[0].spec.replicas, Some(2));
    }

    #[test]
    fn errors_name_file_document_and_field() {
        let bad_cpu = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        resources: {requests: {cpu: 5OOm}}\n";
        let e = parse_source("d.yaml", bad_cpu).unwrap_err();
        assert!(
            e.starts_with("d.yaml: document 2 (Deployment web): spec.template.spec.containers[0].resources.requests.cpu: invalid CPU quantity '5OOm'"),
            "{e}"
        );
        assert!(e.contains("line 13"), "{e}");
        let e = parse_source(
            "n.yaml",
            "apiVersion: karpenter.sh/v1beta1\nkind: NodePool\nmetadata: {name: p}\n",
        )
        .unwrap_err();
        assert_eq!(
            e,
            "n.yaml: document 1 (NodePool p): apiVersion: 'karpenter.sh/v1beta1' is not supported for NodePool (expected karpenter.sh/v1)"
        );
    }

    #[test]
    fn unknown_kinds_with_odd_specs_are_kept_for_a_note() {
        let objs = parse_source("x.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {replicas: many, containers: 3}\n").unwrap();
        assert_eq!(objs[0].kind, "Widget");
    }
}
