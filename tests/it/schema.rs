//! kplan's JSON outputs against the committed JSON Schemas in `schemas/<kind>.json`.
//!
//! Every JSON document kplan prints in this test suite (any stdout that is a JSON object with a
//! `schema_version`) is checked by [`check`], called from the shared helpers in `util.rs`:
//! it must name its `kind`, and validate against `schemas/<kind>.json` (a field renamed,
//! removed, added or changed in type fails until the schema is regenerated and the diff
//! reviewed).
//!
//! `KPLAN_BLESS=1 cargo test --test it` regenerates the schemas instead: each kind's schema is
//! the union of the shapes of all the documents of that kind the suite printed (a field present
//! in every one is `required`; one that is sometimes `null` has the type `[T, "null"]`). Run it
//! on the whole suite, not a filtered one, so every output shapes the schema.
//!
//! The schemas use a small subset of JSON Schema (2020-12) that [`validate`] implements in
//! full: `type`, `const`, `properties`, `required`, `additionalProperties`, `items`, plus the
//! annotations `$schema`, `$id`, `title`, `description`; a test keeps them to that subset.

use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// Objects under these keys are maps with data-dependent keys (instance types, regions, node
/// groups, labels): their schema constrains the values, not the keys.
const MAP_KEYS: &[&str] = &[
    "on_demand_prices",
    "spot_prices",
    "pods_per_node",
    "node_groups",
    "groups",
    "labels",
    "node_labels",
    "workload_pools",
    "zone_pins",
];

/// The keywords the schemas may use (everything [`validate`] implements, and annotations).
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "title",
    "description",
    "type",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
];

fn schemas_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

fn blessing() -> bool {
    std::env::var_os("KPLAN_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The schemas shaped so far in a bless run, by kind.
static BLESSED: Mutex<BTreeMap<String, Value>> = Mutex::new(BTreeMap::new());

/// Checks kplan's standard output: when it is a JSON document with a `schema_version`, it must
/// validate against its kind's committed schema (or, with `KPLAN_BLESS=1`, it shapes it).
pub fn check(args: &[&str], stdout: &[u8]) {
    let Some(Value::Object(doc)) = parse_json(stdout) else {
        return;
    };
    if !doc.contains_key("schema_version") {
        return;
    }
    let kind = match doc.get("kind") {
        Some(Value::String(k)) => k.clone(),
        other => panic!("kplan {args:?}: JSON without a string `kind` ({other:?})"),
    };
    let doc = Value::Object(doc);
    if blessing() {
        bless(&kind, &doc);
        return;
    }
    let path = schemas_dir().join(format!("{kind}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "kplan {args:?}: no schema {} ({e}); regenerate: KPLAN_BLESS=1 cargo test --test it",
            path.display()
        )
    });
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let errors = validate(&schema, &doc, "$");
    assert!(
        errors.is_empty(),
        "kplan {args:?}: output does not match {}:\n{}\n(if the change is intended: \
         KPLAN_BLESS=1 cargo test --test it, and review the schema diff)",
        path.display(),
        errors.join("\n")
    );
}

fn parse_json(stdout: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(stdout).ok()?;
    if !text.trim_start().starts_with('{') {
        return None;
    }
    serde_json::from_str(text).ok()
}

fn bless(kind: &str, doc: &Value) {
    let mut all = BLESSED.lock().unwrap_or_else(|e| e.into_inner());
    let shape = infer(doc, None);
    let merged = match all.remove(kind) {
        Some(old) => merge(&old, &shape),
        None => shape,
    };
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    schema.insert("$id".into(), json!(format!("kplan/schemas/{kind}.json")));
    let version = doc.get("schema_version").cloned().unwrap_or(Value::Null);
    schema.insert(
        "title".into(),
        json!(format!("kplan {kind} JSON, schema_version {version}")),
    );
    if let Value::Object(m) = &merged {
        for (k, v) in m {
            schema.insert(k.clone(), v.clone());
        }
    }
    let mut schema = Value::Object(schema);
    // The top level names its kind and version exactly.
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        props.insert("kind".into(), json!({ "const": kind }));
        props.insert("schema_version".into(), json!({ "const": version }));
    }
    let dir = schemas_dir();
    std::fs::create_dir_all(&dir).expect("schemas/ writable");
    let text = serde_json::to_string_pretty(&schema).expect("serializes") + "\n";
    let path = dir.join(format!("{kind}.json"));
    let tmp = dir.join(format!(".{kind}.json.tmp"));
    std::fs::write(&tmp, text).expect("schema written");
    std::fs::rename(&tmp, &path).expect("schema renamed");
    all.insert(kind.to_string(), merged);
}

/// The shape of one JSON value as a schema.
fn infer(v: &Value, key: Option<&str>) -> Value {
    match v {
        Value::Null => json!({ "type": "null" }),
        Value::Bool(_) => json!({ "type": "boolean" }),
        Value::Number(n) if n.is_i64() || n.is_u64() => json!({ "type": "integer" }),
        Value::Number(_) => json!({ "type": "number" }),
        Value::String(_) => json!({ "type": "string" }),
        Value::Array(items) => {
            let mut s = json!({ "type": "array" });
            if let Some(item) = items
                .iter()
                .map(|i| infer(i, None))
                .reduce(|a, b| merge(&a, &b))
            {
                s["items"] = item;
            }
            s
        }
        Value::Object(m) if key.is_some_and(|k| MAP_KEYS.contains(&k)) => {
            let values = m
                .values()
                .map(|i| infer(i, None))
                .reduce(|a, b| merge(&a, &b));
            json!({ "type": "object", "additionalProperties": values.unwrap_or(json!({})) })
        }
        Value::Object(m) => {
            let props: Map<String, Value> = m
                .iter()
                .map(|(k, v)| (k.clone(), infer(v, Some(k))))
                .collect();
            let required: Vec<Value> = m.keys().map(|k| json!(k)).collect();
            json!({
                "type": "object",
                "properties": props,
                "required": required,
                "additionalProperties": false,
            })
        }
    }
}

fn types(s: &Value) -> Vec<String> {
    match s.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// The union of two shapes: every value either accepts, the new one accepts.
fn merge(a: &Value, b: &Value) -> Value {
    let (ta, tb) = (types(a), types(b));
    if ta.is_empty() {
        return b.clone();
    }
    if tb.is_empty() {
        return a.clone();
    }
    let mut t: Vec<String> = ta.iter().chain(&tb).cloned().collect();
    t.sort();
    t.dedup();
    if t.iter().any(|x| x == "number") {
        t.retain(|x| x != "integer");
    }
    let mut out = Map::new();
    out.insert(
        "type".into(),
        if t.len() == 1 { json!(t[0]) } else { json!(t) },
    );
    let has = |ts: &[String], x: &str| ts.iter().any(|t| t == x);
    if has(&t, "array") {
        match (a.get("items"), b.get("items")) {
            (Some(x), Some(y)) => {
                out.insert("items".into(), merge(x, y));
            }
            (Some(x), None) | (None, Some(x)) => {
                out.insert("items".into(), x.clone());
            }
            (None, None) => {}
        }
    }
    if has(&t, "object") {
        merge_objects(a, b, has(&ta, "object"), has(&tb, "object"), &mut out);
    }
    Value::Object(out)
}

fn merge_objects(a: &Value, b: &Value, a_obj: bool, b_obj: bool, out: &mut Map<String, Value>) {
    let empty = Map::new();
    let pa = a.get("properties").and_then(Value::as_object);
    let pb = b.get("properties").and_then(Value::as_object);
    if pa.is_some() || pb.is_some() {
        let (pa, pb) = (pa.unwrap_or(&empty), pb.unwrap_or(&empty));
        let mut props = pa.clone();
        for (k, v) in pb {
            let merged = match pa.get(k) {
                Some(old) => merge(old, v),
                None => v.clone(),
            };
            props.insert(k.clone(), merged);
        }
        let req = |s: &Value| -> Vec<String> {
            s.get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let required: Vec<String> = match (a_obj, b_obj) {
            (true, true) => req(a).into_iter().filter(|k| req(b).contains(k)).collect(),
            (true, false) => req(a),
            _ => req(b),
        };
        out.insert("properties".into(), Value::Object(props));
        out.insert("required".into(), json!(required));
        out.insert("additionalProperties".into(), json!(false));
    } else {
        let x = a.get("additionalProperties").cloned().unwrap_or(json!({}));
        let y = b.get("additionalProperties").cloned().unwrap_or(json!({}));
        out.insert("additionalProperties".into(), merge(&x, &y));
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Validates a value against a schema of the subset above; one message per violation, each
/// with its JSON path.
pub fn validate(schema: &Value, v: &Value, path: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if let Some(c) = schema.get("const")
        && c != v
    {
        errors.push(format!("{path}: {v} is not the constant {c}"));
    }
    let allowed = types(schema);
    let name = type_name(v);
    let fits = allowed.is_empty()
        || allowed
            .iter()
            .any(|t| t == name || (t == "number" && name == "integer"));
    if !fits {
        errors.push(format!(
            "{path}: {name} where the schema allows {allowed:?}"
        ));
        return errors;
    }
    match v {
        Value::Object(m) => validate_object(schema, m, path, &mut errors),
        Value::Array(items) => {
            if let Some(item) = schema.get("items") {
                for (i, x) in items.iter().enumerate() {
                    errors.extend(validate(item, x, &format!("{path}[{i}]")));
                }
            }
        }
        _ => {}
    }
    errors
}

fn validate_object(schema: &Value, m: &Map<String, Value>, path: &str, errors: &mut Vec<String>) {
    let props = schema.get("properties").and_then(Value::as_object);
    for k in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !m.contains_key(k) {
            errors.push(format!("{path}: required field `{k}` missing"));
        }
    }
    for (k, x) in m {
        let sub = format!("{path}.{k}");
        match (
            props.and_then(|p| p.get(k)),
            schema.get("additionalProperties"),
        ) {
            (Some(s), _) => errors.extend(validate(s, x, &sub)),
            (None, Some(Value::Bool(false))) => {
                errors.push(format!("{sub}: field not in the schema"));
            }
            (None, Some(s)) if s.is_object() => errors.extend(validate(s, x, &sub)),
            _ => {}
        }
    }
}

/// The keywords a schema uses that [`validate`] does not implement.
fn unknown_keywords(s: &Value, path: &str, out: &mut Vec<String>) {
    let Some(m) = s.as_object() else {
        return;
    };
    for (k, v) in m {
        if !KEYWORDS.contains(&k.as_str()) {
            out.push(format!("{path}: keyword `{k}`"));
        }
        match k.as_str() {
            "properties" => {
                for (name, sub) in v.as_object().into_iter().flatten() {
                    unknown_keywords(sub, &format!("{path}.{name}"), out);
                }
            }
            "items" | "additionalProperties" => unknown_keywords(v, &format!("{path}[]"), out),
            _ => {}
        }
    }
}

#[test]
fn committed_schemas_use_only_the_implemented_subset() {
    if blessing() {
        // The schemas are being rewritten by the other tests of this run.
        return;
    }
    let mut seen = 0;
    for entry in std::fs::read_dir(schemas_dir()).expect("schemas/ exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("readable"))
                .expect("schema is JSON");
        let mut unknown = Vec::new();
        unknown_keywords(&schema, "$", &mut unknown);
        assert!(unknown.is_empty(), "{}: {unknown:?}", path.display());
        let kind = path.file_stem().and_then(|s| s.to_str()).expect("name");
        assert_eq!(schema["properties"]["kind"], json!({ "const": kind }));
        assert_eq!(
            schema["properties"]["schema_version"],
            json!({ "const": kplan::output::SCHEMA_VERSION })
        );
        seen += 1;
    }
    assert!(seen >= 9, "{seen} schemas");
}

#[test]
fn the_validator_catches_renames_types_and_extras() {
    let doc = json!({"kind": "k", "schema_version": 1, "usd_per_hour": 0.5, "n": 3,
                     "zones": [{"name": "a", "pods": null}], "pods_per_node": {"m5.large": 29}});
    let schema = infer(&doc, None);
    assert!(validate(&schema, &doc, "$").is_empty());
    let renamed = json!({"kind": "k", "schema_version": 1, "price_per_hour": 0.5, "n": 3,
                         "zones": [], "pods_per_node": {}});
    let errors = validate(&schema, &renamed, "$");
    assert!(
        errors.contains(&"$: required field `usd_per_hour` missing".to_string())
            && errors.contains(&"$.price_per_hour: field not in the schema".to_string()),
        "{errors:?}"
    );
    let retyped = json!({"kind": "k", "schema_version": 1, "usd_per_hour": "0.5", "n": 3.5,
                         "zones": [{"name": 1, "pods": 2}], "pods_per_node": {"x": "y"}});
    let errors = validate(&schema, &retyped, "$");
    assert_eq!(errors.len(), 5, "{errors:?}");
    // The union accepts both shapes: a number where an integer was, a null where a string was.
    let both = merge(&schema, &infer(&retyped, None));
    assert!(validate(&both, &retyped, "$").is_empty());
    assert_eq!(both["properties"]["n"]["type"], json!("number"));
}
