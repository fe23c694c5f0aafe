//! `kplan catalog update` against moto's DescribeSpotPriceHistory: the observed per-zone spot
//! prices are stored with their time and replace the Spot Instance Advisor's estimates.

use crate::catalog::moto;
use crate::util::{code, stderr, stdout};
use std::process::{Command, Stdio};

/// moto's answer for one type, read without the SDK: (zone, price, timestamp) per item.
fn moto_rows(port: u16, name: &str) -> Vec<(String, f64, String)> {
    let xml = moto::ec2_query(
        port,
        &format!("Action=DescribeSpotPriceHistory&Version=2016-11-15&InstanceType.1={name}"),
    );
    let field = |item: &str, tag: &str| -> String {
        item.split(&format!("<{tag}>"))
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap_or_default()
            .to_string()
    };
    xml.split("<item>")
        .skip(1)
        .map(|item| {
            (
                field(item, "availabilityZone"),
                field(item, "spotPrice").parse().expect("a price"),
                field(item, "timestamp"),
            )
        })
        .collect()
}

fn kplan_env(catalog: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kplan"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("KPLAN_CATALOG", catalog)
        .output()
        .expect("kplan runs")
}

#[test]
fn observed_spot_prices_per_zone_replace_the_estimates() {
    let moto = moto::start();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("spot-moto-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("aws-empty");
    std::fs::write(&empty, "").unwrap();
    let out_file = dir.join("catalog.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_kplan"))
        .args(["catalog", "update", "--endpoint-url", &moto.url()])
        .args(["--region", "us-east-1", "--no-pricing", "--out"])
        .arg(&out_file)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &dir)
        .env("NO_COLOR", "1")
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .stdin(Stdio::null())
        .output()
        .expect("kplan runs");
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    // The stored zones, prices and times are moto's.
    let c = kplan::catalog::Catalog::load(&out_file).expect("the refreshed catalog loads");
    let m5 = c.get("m5.large").expect("m5.large");
    let rows = moto_rows(moto.port, "m5.large");
    assert!(rows.len() >= 3, "{rows:?}");
    let zones = &m5.spot_zones["us-east-1"];
    assert_eq!(zones.len(), rows.len());
    for (zone, price, at) in &rows {
        let z = &zones[zone];
        assert_eq!(z.price, *price, "{zone}");
        // moto writes 2006-01-02T15:04:05.000Z; the catalog keeps RFC 3339 seconds.
        assert_eq!(z.at, at.replace(".000Z", "Z"), "{zone}");
    }
    // The advisor's band is kept; the region lists the observed source with the fetch time.
    assert!(m5.interruption("us-east-1").is_some());
    let rp = c.region_prices("us-east-1").expect("us-east-1 sources");
    assert_eq!(rp.spot[0].source, "ec2-spot-price-history");

    // Observed prices win over the estimate in pods and fit.
    let embedded = kplan::catalog::Catalog::embedded().unwrap();
    let (_, src) = embedded
        .get("m5.large")
        .unwrap()
        .spot_price("us-east-1", 1)
        .unwrap();
    assert_eq!(src, kplan::catalog::SpotSource::Estimate);
    let out = kplan_env(&out_file, &["pods", "m5.large", "-o", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let lowest = rows.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
    assert_eq!(v["instance_types"][0]["spot_price_source"], "spot");
    assert_eq!(
        v["instance_types"][0]["spot_price_per_hour"].as_f64(),
        Some(lowest)
    );

    let yaml = dir.join("w.yaml");
    std::fs::write(
        &yaml,
        "capacityType: spot\nnodes: {instanceTypes: [m5.large]}\nworkloads: [{name: w, replicas: 3, cpu: 1, memory: 1Gi}]\n",
    )
    .unwrap();
    let out = kplan_env(&out_file, &["fit", yaml.to_str().unwrap(), "-o", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: kplan::commands::fit::FitJson = serde_json::from_str(&stdout(&out)).unwrap();
    for g in &j.node_groups {
        assert_eq!(g.price_source, "spot");
        assert_eq!(g.usd_per_hour_each, lowest);
    }
    std::fs::remove_dir_all(&dir).ok();
}
