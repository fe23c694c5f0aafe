//! A validator for the structural subset of JSON Schema / OpenAPI v3 that Karpenter's NodePool
//! CRD and eksctl's ClusterConfig schema use: `$ref` (to `#/definitions/...`), `type`,
//! `x-kubernetes-int-or-string`, `properties`, `additionalProperties`, `required`, `items`,
//! `enum`, `pattern`, `minLength`, `maxLength`, `minimum`, `maximum`, `minItems`, `maxItems`,
//! `maxProperties`, `anyOf`, `oneOf`. Strict like `kubectl apply --validate=strict`: a field
//! that an object schema with `properties` does not name is an error (unless the schema
//! preserves unknown fields). Not evaluated: CEL rules (`x-kubernetes-validations`), `format`.

use serde_json::Value;

/// Errors of `doc` against `schema` (`root` resolves `$ref`), each `path: problem`.
pub fn validate(root: &Value, schema: &Value, doc: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(root, schema, doc, "", &mut errors);
    errors
}

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/definitions/").expect("local $ref");
            resolve(root, &root["definitions"][name])
        }
        None => schema,
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => panic!("schema type {t} not handled"),
    }
}

fn check(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let s = resolve(root, schema);
    let here = if path.is_empty() { "." } else { path };
    if s.get("x-kubernetes-int-or-string") == Some(&Value::Bool(true)) {
        if !(v.is_string() || v.is_i64() || v.is_u64()) {
            errors.push(format!("{here}: {v} is neither an integer nor a string"));
        }
    } else if let Some(t) = s.get("type").and_then(Value::as_str)
        && !type_ok(t, v)
    {
        errors.push(format!("{here}: {v} is not of type {t}"));
        return;
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array)
        && !e.contains(v)
    {
        errors.push(format!("{here}: {v} is not one of {e:?}"));
    }
    for (key, group) in [("anyOf", false), ("oneOf", true)] {
        if let Some(alts) = s.get(key).and_then(Value::as_array) {
            let passing = alts
                .iter()
                .filter(|a| {
                    let mut e = Vec::new();
                    check(root, a, v, path, &mut e);
                    e.is_empty()
                })
                .count();
            if passing == 0 || (group && passing > 1) {
                errors.push(format!("{here}: {passing} of the {key} alternatives match"));
            }
        }
    }
    match v {
        Value::String(text) => string(s, text, here, errors),
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            if s.get("minimum")
                .and_then(Value::as_f64)
                .is_some_and(|m| x < m)
            {
                errors.push(format!("{here}: {x} is below the minimum"));
            }
            if s.get("maximum")
                .and_then(Value::as_f64)
                .is_some_and(|m| x > m)
            {
                errors.push(format!("{here}: {x} is above the maximum"));
            }
        }
        Value::Array(items) => {
            let n = items.len() as u64;
            if s.get("minItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| n < m)
            {
                errors.push(format!("{here}: {n} items, fewer than minItems"));
            }
            if s.get("maxItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
            {
                errors.push(format!("{here}: {n} items, more than maxItems"));
            }
            if let Some(item) = s.get("items") {
                for (i, x) in items.iter().enumerate() {
                    check(root, item, x, &format!("{path}[{i}]"), errors);
                }
            }
        }
        Value::Object(m) => object(root, s, m, path, here, errors),
        _ => {}
    }
}

fn string(s: &Value, text: &str, here: &str, errors: &mut Vec<String>) {
    let n = text.chars().count() as u64;
    if s.get("minLength")
        .and_then(Value::as_u64)
        .is_some_and(|m| n < m)
    {
        errors.push(format!("{here}: {text:?} is shorter than minLength"));
    }
    if s.get("maxLength")
        .and_then(Value::as_u64)
        .is_some_and(|m| n > m)
    {
        errors.push(format!("{here}: {text:?} is longer than maxLength"));
    }
    if let Some(p) = s.get("pattern").and_then(Value::as_str) {
        let re = regex_lite::Regex::new(p).expect("schema pattern");
        if !re.is_match(text) {
            errors.push(format!("{here}: {text:?} does not match {p}"));
        }
    }
}

fn object(
    root: &Value,
    s: &Value,
    m: &serde_json::Map<String, Value>,
    path: &str,
    here: &str,
    errors: &mut Vec<String>,
) {
    if let Some(req) = s.get("required").and_then(Value::as_array) {
        for r in req.iter().filter_map(Value::as_str) {
            if !m.contains_key(r) {
                errors.push(format!("{here}: required field {r} is missing"));
            }
        }
    }
    if s.get("maxProperties")
        .and_then(Value::as_u64)
        .is_some_and(|x| m.len() as u64 > x)
    {
        errors.push(format!("{here}: more fields than maxProperties"));
    }
    let props = s.get("properties").and_then(Value::as_object);
    let preserve = s.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true));
    for (k, x) in m {
        let sub = format!("{path}.{k}");
        match (props.and_then(|p| p.get(k)), s.get("additionalProperties")) {
            (Some(p), _) => check(root, p, x, &sub, errors),
            (None, Some(Value::Bool(false))) => {
                errors.push(format!("{here}: unknown field {k}"));
            }
            (None, Some(Value::Bool(true))) => {}
            (None, Some(a)) => check(root, a, x, &sub, errors),
            (None, None) if props.is_some() && !preserve => {
                errors.push(format!("{here}: unknown field {k}"));
            }
            (None, None) => {}
        }
    }
}

/// Karpenter's NodePool schema (`v1`), from the committed copy of the CRD.
pub fn nodepool_schema() -> Value {
    let text = include_str!("../fixtures/k8s/schemas/karpenter.sh_nodepools.yaml");
    let crd: yaml_serde::Value = yaml_serde::from_str(text).expect("CRD YAML");
    let crd = serde_json::to_value(crd).expect("CRD as JSON");
    let v1 = crd["spec"]["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .find(|v| v["name"] == "v1")
        .expect("v1");
    v1["schema"]["openAPIV3Schema"].clone()
}

/// eksctl's ClusterConfig schema, from the committed copy.
pub fn eksctl_schema() -> Value {
    serde_json::from_str(include_str!(
        "../fixtures/k8s/schemas/eksctl-clusterconfig.schema.json"
    ))
    .expect("eksctl schema")
}

/// Every document of a YAML text, as JSON values.
pub fn documents(text: &str) -> Vec<Value> {
    yaml_serde::Deserializer::from_str(text)
        .map(|d| {
            let v: yaml_serde::Value = serde::Deserialize::deserialize(d).expect("valid YAML");
            serde_json::to_value(v).expect("YAML as JSON")
        })
        .filter(|v| !v.is_null())
        .collect()
}

#[test]
fn the_validator_rejects_what_the_schemas_forbid() {
    let np = nodepool_schema();
    let good = documents(
        "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: p}\nspec:\n  template:\n    spec:\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}\n      requirements:\n        - {key: node.kubernetes.io/instance-type, operator: In, values: [m6i.large]}\n  limits: {cpu: '64', nvidia.com/gpu: 4}\n  disruption: {consolidateAfter: 30s}\n",
    );
    assert_eq!(validate(&np, &np, &good[0]), Vec::<String>::new());
    // An unknown operator, a missing nodeClassRef, an unknown field, a bad duration, a label
    // value with a newline: each is an error.
    let bad = documents(
        "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: p}\nspec:\n  template:\n    metadata: {labels: {team: \"a\\nb\"}}\n    spec:\n      requirements:\n        - {key: node.kubernetes.io/instance-type, operator: Equals, values: [m6i.large]}\n      colour: red\n  disruption: {consolidateAfter: soon}\n",
    );
    let e = validate(&np, &np, &bad[0]).join("\n");
    for want in [
        "operator: \"Equals\" is not one of",
        "required field nodeClassRef is missing",
        "unknown field colour",
        "consolidateAfter: \"soon\" does not match",
        "labels.team: \"a\\nb\" does not match",
    ] {
        assert!(e.contains(want), "{want}\n{e}");
    }
    let ek = eksctl_schema();
    let bad = documents(
        "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: c}\nmanagedNodeGroups:\n  - {name: a, desiredCapacity: two, spot: maybe, taints: [{key: k, colour: red}]}\n",
    );
    let e = validate(&ek, &ek, &bad[0]).join("\n");
    for want in [
        "metadata: required field region is missing",
        "desiredCapacity: \"two\" is not of type integer",
        "spot: \"maybe\" is not of type boolean",
        "unknown field colour",
    ] {
        assert!(e.contains(want), "{want}\n{e}");
    }
}
