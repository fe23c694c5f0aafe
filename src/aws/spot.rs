//! DescribeSpotPriceHistory rows to the catalog's observed spot prices: the latest price per
//! type and zone, with the time EC2 recorded it. Pure.

use super::convert::plausible_name;
use crate::catalog::ZonePrice;
use aws_sdk_ec2::primitives::DateTimeFormat;
use aws_sdk_ec2::types::SpotPrice;
use std::collections::BTreeMap;

/// Type -> zone -> latest price (rows with no type, zone or usable price, or with names that
/// are not EC2-shaped, are skipped; equal times keep the first row).
pub fn latest_per_zone(rows: &[SpotPrice]) -> BTreeMap<String, BTreeMap<String, ZonePrice>> {
    let mut latest: BTreeMap<String, BTreeMap<String, (i64, ZonePrice)>> = BTreeMap::new();
    for r in rows {
        let (Some(t), Some(z), Some(p)) =
            (r.instance_type(), r.availability_zone(), r.spot_price())
        else {
            continue;
        };
        let Ok(price) = p.trim().parse::<f64>() else {
            continue;
        };
        if !price.is_finite() || price <= 0.0 {
            continue;
        }
        if !plausible_name(t.as_str()) || !plausible_name(z) {
            continue;
        }
        let ts = r.timestamp().map_or(i64::MIN, |d| d.secs());
        let at = r
            .timestamp()
            .and_then(|d| d.fmt(DateTimeFormat::DateTime).ok())
            .unwrap_or_default();
        let zones = latest.entry(t.as_str().to_string()).or_default();
        match zones.get(z) {
            Some((old, _)) if *old >= ts => {}
            _ => {
                zones.insert(z.to_string(), (ts, ZonePrice { price, at }));
            }
        }
    }
    latest
        .into_iter()
        .map(|(t, z)| (t, z.into_iter().map(|(k, (_, v))| (k, v)).collect()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ec2::primitives::DateTime;
    use aws_sdk_ec2::types::InstanceType as Ec2Type;

    fn row(zone: &str, price: &str, secs: i64) -> SpotPrice {
        SpotPrice::builder()
            .instance_type(Ec2Type::M5Large)
            .availability_zone(zone)
            .spot_price(price)
            .timestamp(DateTime::from_secs(secs))
            .build()
    }

    #[test]
    fn keeps_the_latest_price_of_each_zone_with_its_time() {
        let rows = [
            row("us-east-1a", "0.0400", 1_700_000_000),
            row("us-east-1a", "0.0450", 1_700_003_600),
            row("us-east-1b", "0.0380", 1_700_000_000),
            row("us-east-1c", "bad", 1_700_009_999),
        ];
        let m = latest_per_zone(&rows);
        let z = &m["m5.large"];
        assert_eq!(z.len(), 2);
        assert_eq!(z["us-east-1a"].price, 0.045);
        assert_eq!(z["us-east-1a"].at, "2023-11-14T23:13:20Z");
        assert_eq!(z["us-east-1b"].price, 0.038);
    }
}
