//! On-demand prices: a [`PriceSource`] trait, the AWS Pricing API (`GetProducts`) behind it, and
//! the pure parser of its price-list documents.
//!
//! moto has no Pricing API (it answers HTTP 500), and the SDK's `test-util` feature would
//! recompile the whole SDK for `cargo test` (shared/design/dependencies.md), so the parser is
//! tested with a GetProducts fixture (`tests/data/get-products-us-east-1.json`, written in the
//! Price List format) and the integration tests cover the fall-back to the base catalog's prices.

use super::{Aws, describe_sdk_error};
use anyhow::{Result, anyhow};
use aws_sdk_pricing::types::{Filter, FilterType};
use serde_json::Value;
use std::collections::BTreeMap;

/// Where on-demand prices come from.
pub trait PriceSource {
    /// Linux, shared-tenancy on-demand price per hour of each type in `region`.
    fn on_demand(
        &self,
        region: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> impl std::future::Future<Output = Result<BTreeMap<String, f64>>>;
}

/// The instance type and hourly on-demand price of one GetProducts price-list document
/// (`None` for anything else: no instance type, no hourly price, a zero price).
pub fn parse_price_item(doc: &str) -> Option<(String, f64)> {
    let v: Value = serde_json::from_str(doc).ok()?;
    let attrs = v.get("product")?.get("attributes")?;
    let name = attrs.get("instanceType")?.as_str()?;
    if !name.contains('.') {
        return None; // dedicated-host family rows such as "m5d"
    }
    let mut best: Option<f64> = None;
    for term in v.get("terms")?.get("OnDemand")?.as_object()?.values() {
        for dim in term.get("priceDimensions")?.as_object()?.values() {
            if dim.get("unit").and_then(Value::as_str) != Some("Hrs") {
                continue;
            }
            let per = dim.get("pricePerUnit")?;
            let price = per
                .get("USD")
                .or_else(|| per.get("CNY"))
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<f64>().ok());
            if let Some(p) = price.filter(|p| p.is_finite() && *p > 0.0) {
                best = Some(best.map_or(p, |b: f64| b.min(p)));
            }
        }
    }
    Some((name.to_string(), best?))
}

/// Folds price-list documents into type -> lowest hourly price.
pub fn parse_price_list<'a>(docs: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, f64> {
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    for (name, p) in docs.into_iter().filter_map(parse_price_item) {
        out.entry(name).and_modify(|v| *v = v.min(p)).or_insert(p);
    }
    out
}

/// The Pricing API client (endpoint in us-east-1; the region filter picks the prices).
pub struct PricingApi<'a> {
    pub aws: &'a Aws,
}

fn term(field: &str, value: &str) -> Result<Filter> {
    Filter::builder()
        .r#type(FilterType::TermMatch)
        .field(field)
        .value(value)
        .build()
        .map_err(|e| anyhow!("building a Pricing filter: {e}"))
}

impl PriceSource for PricingApi<'_> {
    async fn on_demand(
        &self,
        region: &str,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BTreeMap<String, f64>> {
        let client = self.aws.pricing_client();
        let filters = vec![
            term("regionCode", region)?,
            term("operatingSystem", "Linux")?,
            term("tenancy", "Shared")?,
            term("preInstalledSw", "NA")?,
            term("capacitystatus", "Used")?,
            term("licenseModel", "No License required")?,
        ];
        let docs = super::convert::all_pages(
            "pricing:GetProducts",
            |token| {
                let req = client
                    .get_products()
                    .service_code("AmazonEC2")
                    .set_filters(Some(filters.clone()))
                    .max_results(100)
                    .set_next_token(token);
                async move {
                    let out = req.send().await.map_err(|e| {
                        describe_sdk_error(&e, "pricing:GetProducts", &self.aws.endpoint_label())
                    })?;
                    Ok((
                        out.price_list().to_vec(),
                        out.next_token().map(str::to_string),
                    ))
                }
            },
            progress,
        )
        .await?;
        let prices = parse_price_list(docs.iter().map(String::as_str));
        if prices.is_empty() {
            return Err(anyhow!(
                "pricing:GetProducts returned no Linux on-demand prices for {region}"
            ));
        }
        Ok(prices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../../tests/data/get-products-us-east-1.json");

    /// A recorded-shape GetProducts answer: `{"FormatVersion", "PriceList": [doc, ...]}` where
    /// each doc is a JSON string, as the API returns them.
    fn fixture_docs() -> Vec<String> {
        let v: Value = serde_json::from_str(FIXTURE).unwrap();
        v["PriceList"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn parses_the_fixture() {
        let docs = fixture_docs();
        let prices = parse_price_list(docs.iter().map(String::as_str));
        // m5.large and c7g.large: the published us-east-1 Linux on-demand prices.
        assert_eq!(prices.get("m5.large"), Some(&0.096));
        assert_eq!(prices.get("c7g.large"), Some(&0.0725));
        // The dedicated-host row (family "m5d") and the zero-priced row are not prices.
        assert!(!prices.contains_key("m5d"));
        assert!(!prices.contains_key("t3.nano"));
        assert_eq!(prices.len(), 2);
    }

    #[test]
    fn garbage_is_not_a_price() {
        assert_eq!(parse_price_item("not json"), None);
        assert_eq!(parse_price_item("{}"), None);
        assert_eq!(
            parse_price_item(
                r#"{"product":{"attributes":{"instanceType":"m5.large"}},"terms":{}}"#
            ),
            None
        );
    }
}
