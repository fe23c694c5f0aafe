//! Karpenter NodeOverlays (`karpenter.sh/v1alpha1`): their price part, read into
//! [`crate::catalog::adjust::Overlay`]s. The rules (aws/karpenter-provider-aws
//! `website/content/en/docs/concepts/nodeoverlays.md`): `spec.requirements` in NodePool syntax
//! select instance types (empty: every type); `spec.price` replaces the price,
//! `spec.priceAdjustment` changes it (`+10%`, `-10%`, `-0.50`), the two are mutually exclusive;
//! `spec.weight` (default 0) decides between overlays, higher first, then by name;
//! `spec.capacity` (extended resources) is not a price and is left to the resource model.

use super::Object;
use super::convert::{ConvertError, bad};
use super::diagnostics::Diagnostics;
use super::labels::{self, Operator};
use super::scheduling::to_req;
use crate::catalog::Catalog;
use crate::catalog::adjust::{Change, Overlay};

/// The kind kplan reads.
pub const KIND: &str = "NodeOverlay";

/// At most this many price-setting NodeOverlays in one input (each may select every type of
/// the catalog; this bounds the memory and time of hostile inputs).
pub const MAX_OVERLAYS: usize = 1000;

/// Karpenter's limit on the requirements of one NodeOverlay (its nodeoverlays docs).
pub const MAX_REQUIREMENTS: usize = 100;

/// `spec.price` or `spec.priceAdjustment` as written (a YAML string or number).
fn field(obj: &Object, key: &str) -> Result<Option<String>, ConvertError> {
    let Some(v) = obj.raw.get("spec").and_then(|s| s.get(key)) else {
        return Ok(None);
    };
    match v {
        yaml_serde::Value::String(s) => Ok(Some(s.clone())),
        yaml_serde::Value::Number(n) => Ok(Some(n.to_string())),
        yaml_serde::Value::Null => Ok(None),
        _ => Err(bad(obj.error(format!(
            "spec.{key}: expected a string like \"-10%\" or \"5.00\""
        )))),
    }
}

fn read_one(
    obj: &Object,
    catalog: &Catalog,
    notes: &mut Diagnostics,
) -> Result<Option<Overlay>, ConvertError> {
    let price = field(obj, "price")?;
    let adjustment = field(obj, "priceAdjustment")?;
    let change = match (price, adjustment) {
        (Some(p), Some(a)) => {
            return Err(bad(obj.error(format!(
                "spec: price ('{p}') and priceAdjustment ('{a}') are mutually exclusive"
            ))));
        }
        (Some(p), None) => {
            Change::parse_price(&p).map_err(|e| bad(obj.error(format!("spec.price: {e}"))))?
        }
        (None, Some(a)) => Change::parse_adjustment(&a)
            .map_err(|e| bad(obj.error(format!("spec.priceAdjustment: {e}"))))?,
        (None, None) => return Ok(None),
    };
    let weight = obj.spec.weight.unwrap_or(0);
    if weight < 0 {
        return Err(bad(
            obj.error(format!("spec.weight: {weight} must be at least 0"))
        ));
    }
    if obj.spec.requirements.len() > MAX_REQUIREMENTS {
        return Err(bad(obj.error(format!(
            "spec.requirements: {} requirements; Karpenter allows at most {MAX_REQUIREMENTS}",
            obj.spec.requirements.len()
        ))));
    }
    let (mut on_demand, mut spot) = (true, true);
    let mut type_reqs = Vec::new();
    for (i, r) in obj.spec.requirements.iter().enumerate() {
        let path = format!("spec.requirements[{i}]");
        let req = to_req(obj, &path, r)?;
        if r.key == labels::CAPACITY_TYPE {
            on_demand &= req.matches_values(&["on-demand".to_string()]);
            spot &= req.matches_values(&["spot".to_string()]);
        } else if labels::is_type_label(&r.key) {
            type_reqs.push(req);
        } else {
            notes.note(format!(
                "{}: requirement on '{}' (the overlay is applied as if it held)",
                obj.title(),
                r.key
            ));
        }
    }
    // A label a type lacks matches only the negative operators, as in Kubernetes.
    let types: Vec<String> = catalog
        .types
        .iter()
        .filter(|t| {
            type_reqs.iter().all(|r| {
                r.matches_type(t)
                    .unwrap_or(matches!(r.op, Operator::NotIn | Operator::DoesNotExist))
            })
        })
        .map(|t| t.name.clone())
        .collect();
    if types.is_empty() || !(on_demand || spot) {
        notes.note(format!(
            "{}: its requirements select no instance type of the catalog",
            obj.title()
        ));
    }
    Ok(Some(Overlay {
        name: obj.metadata.name.clone().unwrap_or_default(),
        weight,
        types,
        on_demand,
        spot,
        change,
    }))
}

/// The price-setting NodeOverlays of the input, in Karpenter's precedence order.
pub fn read(
    objects: &[&Object],
    catalog: &Catalog,
    notes: &mut Diagnostics,
) -> Result<Vec<Overlay>, ConvertError> {
    let mut out = Vec::new();
    for obj in objects.iter().filter(|o| o.kind == KIND) {
        if let Some(o) = read_one(obj, catalog, notes)? {
            if out.len() == MAX_OVERLAYS {
                return Err(bad(obj.error(format!(
                    "more than {MAX_OVERLAYS} NodeOverlays that set a price: kplan reads at most {MAX_OVERLAYS}"
                ))));
            }
            out.push(o);
        }
    }
    let mut p = crate::catalog::PriceAdjustments {
        overlays: out,
        ..Default::default()
    };
    p.sort();
    Ok(p.overlays)
}
