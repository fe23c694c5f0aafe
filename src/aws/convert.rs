//! Pure conversions from EC2 SDK types to catalog records, and the paging loop.
//! Tested with the SDK's public builders (no `test-util` feature: it recompiles the SDK).

use crate::catalog::{Gpu, InstanceType};
use anyhow::{Result, bail};
use aws_sdk_ec2::types::{InstanceTypeInfo, InstanceTypeOffering, SpotPrice, UsageClassType};
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

fn u32_of(v: Option<i32>) -> Option<u32> {
    v.and_then(|x| u32::try_from(x).ok())
}

/// Kubernetes architecture names for EC2's (`x86_64` -> `amd64`; `i386` dropped; mac kept).
pub fn k8s_arch(ec2: &str) -> Option<String> {
    match ec2 {
        "x86_64" => Some("amd64".into()),
        "arm64" => Some("arm64".into()),
        "i386" => None,
        other => Some(other.to_string()),
    }
}

/// Is this a plausible EC2 name (instance type, zone, region): 1 to 64 of `a-z 0-9 . -`?
/// What a server sends goes into tables and the catalog file: escape sequences and megabyte
/// names never do.
pub fn plausible_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}

/// One DescribeInstanceTypes record as a catalog record. Fields the EC2 API does not have
/// (category, generation, trunking, branch ENIs, regions, prices) are left empty / unknown for
/// [`crate::catalog::refresh::merge`]. `None` when the record has no type name or no network
/// info (nothing kplan can use).
pub fn instance_type(info: &InstanceTypeInfo) -> Option<InstanceType> {
    let name = info.instance_type()?.as_str().to_string();
    if !plausible_name(&name) {
        return None;
    }
    let net = info.network_info()?;
    let (family, size) = name.split_once('.').unwrap_or((name.as_str(), ""));
    let (family, size) = (family.to_string(), size.to_string());
    let cards = EniCards::of(net);
    let usage = info.supported_usage_classes();
    Some(InstanceType {
        name: name.clone(),
        family,
        category: String::new(),
        generation: None,
        size,
        vcpus: u32_of(info.v_cpu_info().and_then(|v| v.default_v_cpus())),
        memory_mib: info
            .memory_info()
            .and_then(|m| m.size_in_mib())
            .and_then(|m| u64::try_from(m).ok()),
        architectures: architectures(info),
        hypervisor: info.hypervisor().map(|h| h.as_str().to_string()),
        bare_metal: info.bare_metal().unwrap_or(false),
        enis: cards.enis,
        ipv4_per_eni: u32_of(net.ipv4_addresses_per_interface()).unwrap_or(0),
        ipv6_per_eni: u32_of(net.ipv6_addresses_per_interface()),
        network_cards: u32_of(net.maximum_network_cards()).unwrap_or(1).max(1),
        network_card_max_enis: cards.per_card,
        default_network_card_index: cards.default_card,
        trunking: None,
        branch_enis: None,
        gpu: gpu(info),
        local_storage_gb: local_storage_gb(info),
        current_generation: info.current_generation(),
        burstable: info.burstable_performance_supported(),
        spot: (!usage.is_empty()).then(|| usage.contains(&UsageClassType::Spot)),
        regions: Vec::new(),
        on_demand: BTreeMap::new(),
        spot_prices: BTreeMap::new(),
        provenance: BTreeMap::new(),
        ..InstanceType::default()
    })
}

/// ENI limits by network card.
struct EniCards {
    /// ENIs the VPC CNI can use: the default card's (single-card types: the instance maximum).
    enis: u32,
    /// Max ENIs per card, by card index (the instance maximum when no card is listed).
    per_card: Vec<u32>,
    default_card: u32,
}

impl EniCards {
    fn of(net: &aws_sdk_ec2::types::NetworkInfo) -> EniCards {
        let default_card = u32_of(net.default_network_card_index()).unwrap_or(0);
        let mut cards: Vec<(u32, u32)> = net
            .network_cards()
            .iter()
            .filter_map(|c| {
                Some((
                    u32_of(c.network_card_index())?,
                    u32_of(c.maximum_network_interfaces())?,
                ))
            })
            .collect();
        cards.sort_unstable();
        let total_enis = u32_of(net.maximum_network_interfaces()).unwrap_or(0);
        // The VPC CNI uses the default card's ENIs; single-card types: the instance maximum.
        let enis = cards
            .iter()
            .find(|(i, _)| *i == default_card)
            .map_or(total_enis, |(_, n)| *n);
        let per_card: Vec<u32> = if cards.is_empty() {
            vec![total_enis]
        } else {
            cards.iter().map(|(_, n)| *n).collect()
        };
        EniCards {
            enis,
            per_card,
            default_card,
        }
    }
}

/// Kubernetes architecture names, sorted and deduplicated.
fn architectures(info: &InstanceTypeInfo) -> Vec<String> {
    let mut architectures: Vec<String> = info
        .processor_info()
        .map(|p| {
            p.supported_architectures()
                .iter()
                .filter_map(|a| k8s_arch(a.as_str()))
                .collect()
        })
        .unwrap_or_default();
    architectures.sort();
    architectures.dedup();
    architectures
}

/// The GPUs: total count, the first device's maker and name, total memory.
fn gpu(info: &InstanceTypeInfo) -> Option<Gpu> {
    info.gpu_info().and_then(|g| {
        let count: u32 = g.gpus().iter().filter_map(|d| u32_of(d.count())).sum();
        // Fractional-GPU types (g6f, gr6f) list a device with count 0: kept, as the embedded
        // catalog does.
        let first = g.gpus().first()?;
        Some(Gpu {
            count,
            manufacturer: first.manufacturer().unwrap_or_default().to_string(),
            name: first.name().unwrap_or_default().to_string(),
            memory_mib: g
                .total_gpu_memory_in_mib()
                .and_then(|m| u64::try_from(m).ok())
                .unwrap_or(0),
        })
    })
}

/// Local instance storage in GB (0 without instance storage).
fn local_storage_gb(info: &InstanceTypeInfo) -> Option<u64> {
    match (
        info.instance_storage_supported(),
        info.instance_storage_info(),
    ) {
        (_, Some(s)) => s.total_size_in_gb().and_then(|g| u64::try_from(g).ok()),
        (Some(false), None) => Some(0),
        (_, None) => Some(0),
    }
}

/// Type names in offering records.
pub fn offered_types(offerings: &[InstanceTypeOffering]) -> BTreeSet<String> {
    offerings
        .iter()
        .filter_map(|o| o.instance_type().map(|t| t.as_str().to_string()))
        .filter(|t| plausible_name(t))
        .collect()
}

/// Zones each type is offered in, from availability-zone offering records.
pub fn zones_by_type(offerings: &[InstanceTypeOffering]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for o in offerings {
        if let (Some(t), Some(z)) = (o.instance_type(), o.location())
            && plausible_name(t.as_str())
            && plausible_name(z)
        {
            out.entry(t.as_str().to_string())
                .or_default()
                .insert(z.to_string());
        }
    }
    out
}

/// Per type, the lowest over zones of each zone's latest price ([`super::spot::latest_per_zone`]).
pub fn lowest_latest_spot(rows: &[SpotPrice]) -> BTreeMap<String, f64> {
    super::spot::latest_per_zone(rows)
        .into_iter()
        .map(|(t, zones)| {
            let lowest = zones
                .values()
                .map(|z| z.price)
                .fold(f64::INFINITY, f64::min);
            (t, lowest)
        })
        .collect()
}

/// Most pages the paging loop follows before giving up (a server that never ends).
pub const MAX_PAGES: usize = 10_000;

/// Follows `next_token` until the last page. `fetch(token)` returns one page and the next
/// token; `progress(pages, items)` is called after each page. An empty token ends the loop;
/// a token seen before is an error (a server that loops).
pub async fn all_pages<T, F, Fut>(
    operation: &str,
    mut fetch: F,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>)>>,
{
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    let mut seen = BTreeSet::new();
    for page in 1..=MAX_PAGES {
        let (mut batch, next) = fetch(token.clone()).await?;
        items.append(&mut batch);
        progress(page, items.len());
        match next.filter(|t| !t.is_empty()) {
            None => return Ok(items),
            Some(t) => {
                if !seen.insert(t.clone()) {
                    bail!("{operation}: the server returned the page token '{t}' twice");
                }
                token = Some(t);
            }
        }
    }
    bail!("{operation}: more than {MAX_PAGES} pages; giving up")
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ec2::operation::describe_instance_types::DescribeInstanceTypesOutput;
    use aws_sdk_ec2::primitives::DateTime;
    use aws_sdk_ec2::types::{
        ArchitectureType, GpuDeviceInfo, GpuInfo, InstanceType as Ec2Type, InstanceTypeHypervisor,
        MemoryInfo, NetworkCardInfo, NetworkInfo, ProcessorInfo, VCpuInfo,
    };

    fn m5_large() -> InstanceTypeInfo {
        InstanceTypeInfo::builder()
            .instance_type(Ec2Type::M5Large)
            .current_generation(true)
            .bare_metal(false)
            .hypervisor(InstanceTypeHypervisor::Nitro)
            .burstable_performance_supported(false)
            .supported_usage_classes(UsageClassType::OnDemand)
            .supported_usage_classes(UsageClassType::Spot)
            .processor_info(
                ProcessorInfo::builder()
                    .supported_architectures(ArchitectureType::X8664)
                    .build(),
            )
            .v_cpu_info(VCpuInfo::builder().default_v_cpus(2).build())
            .memory_info(MemoryInfo::builder().size_in_mib(8192).build())
            .instance_storage_supported(false)
            .network_info(
                NetworkInfo::builder()
                    .maximum_network_interfaces(3)
                    .maximum_network_cards(1)
                    .default_network_card_index(0)
                    .network_cards(
                        NetworkCardInfo::builder()
                            .network_card_index(0)
                            .maximum_network_interfaces(3)
                            .build(),
                    )
                    .ipv4_addresses_per_interface(10)
                    .ipv6_addresses_per_interface(10)
                    .build(),
            )
            .build()
    }

    #[test]
    fn converts_m5_large_like_the_embedded_record() {
        let t = instance_type(&m5_large()).unwrap();
        let e = crate::catalog::Catalog::embedded().unwrap();
        let want = e.get("m5.large").unwrap();
        assert_eq!(t.name, "m5.large");
        assert_eq!((t.family.as_str(), t.size.as_str()), ("m5", "large"));
        assert_eq!((t.vcpus, t.memory_mib), (want.vcpus, want.memory_mib));
        assert_eq!(t.architectures, want.architectures);
        assert_eq!((t.enis, t.ipv4_per_eni), (want.enis, want.ipv4_per_eni));
        assert_eq!(t.ipv6_per_eni, want.ipv6_per_eni);
        assert_eq!(t.network_card_max_enis, want.network_card_max_enis);
        assert_eq!(t.hypervisor.as_deref(), Some("nitro"));
        assert_eq!((t.spot, t.burstable), (Some(true), Some(false)));
        assert_eq!((t.branch_enis, t.trunking), (None, None));
        assert_eq!(t.local_storage_gb, Some(0));
        let pods = crate::pods::node_pods(
            &t,
            &crate::pods::CniSettings::default(),
            &crate::pods::KubeletSettings::default(),
        );
        assert_eq!(pods.max_pods, 29);
    }

    #[test]
    fn multi_card_types_use_the_default_card() {
        // p5.48xlarge: 32 cards of 2 ENIs, 64 ENIs in all; the CNI uses card 0 only.
        let mut net = NetworkInfo::builder()
            .maximum_network_interfaces(64)
            .maximum_network_cards(32)
            .default_network_card_index(0)
            .ipv4_addresses_per_interface(50);
        for i in (0..32).rev() {
            net = net.network_cards(
                NetworkCardInfo::builder()
                    .network_card_index(i)
                    .maximum_network_interfaces(2)
                    .build(),
            );
        }
        let info = InstanceTypeInfo::builder()
            .instance_type(Ec2Type::P548xlarge)
            .v_cpu_info(VCpuInfo::builder().default_v_cpus(192).build())
            .memory_info(MemoryInfo::builder().size_in_mib(2_097_152).build())
            .processor_info(
                ProcessorInfo::builder()
                    .supported_architectures(ArchitectureType::X8664)
                    .supported_architectures(ArchitectureType::I386)
                    .build(),
            )
            .gpu_info(
                GpuInfo::builder()
                    .gpus(
                        GpuDeviceInfo::builder()
                            .count(8)
                            .manufacturer("NVIDIA")
                            .name("H100")
                            .build(),
                    )
                    .total_gpu_memory_in_mib(655_360)
                    .build(),
            )
            .network_info(net.build())
            .build();
        let t = instance_type(&info).unwrap();
        assert_eq!(t.enis, 2);
        assert_eq!(t.network_cards, 32);
        assert_eq!(t.network_card_max_enis, vec![2; 32]);
        assert_eq!(t.architectures, vec!["amd64".to_string()]);
        let g = t.gpu.clone().unwrap();
        assert_eq!(
            (g.count, g.memory_mib, g.name.as_str()),
            (8, 655_360, "H100")
        );
        // max-pods.md: p5.48xlarge = 2 * (50 - 1) + 2 = 100 (default card only).
        let pods = crate::pods::node_pods(
            &t,
            &crate::pods::CniSettings::default(),
            &crate::pods::KubeletSettings::default(),
        );
        assert_eq!(pods.max_pods, 100);
        assert_eq!(t.spot, None, "no usage classes given: unknown");
    }

    #[test]
    fn records_without_name_or_network_are_skipped() {
        assert!(instance_type(&InstanceTypeInfo::builder().build()).is_none());
        let no_net = InstanceTypeInfo::builder()
            .instance_type(Ec2Type::M5Large)
            .build();
        assert!(instance_type(&no_net).is_none());
    }

    #[test]
    fn offerings_by_region_and_zone() {
        use aws_sdk_ec2::types::LocationType;
        let o = |t: Ec2Type, z: &str| {
            InstanceTypeOffering::builder()
                .instance_type(t)
                .location_type(LocationType::AvailabilityZone)
                .location(z)
                .build()
        };
        let rows = vec![
            o(Ec2Type::M5Large, "us-east-1a"),
            o(Ec2Type::M5Large, "us-east-1b"),
            o(Ec2Type::C5Large, "us-east-1a"),
            InstanceTypeOffering::builder()
                .location("us-east-1c")
                .build(),
        ];
        let z = zones_by_type(&rows);
        assert_eq!(z["m5.large"].len(), 2);
        assert_eq!(z["c5.large"].iter().collect::<Vec<_>>(), ["us-east-1a"]);
        assert_eq!(z.len(), 2);
        let names = offered_types(&rows);
        assert_eq!(names.len(), 2);
    }

    #[test]
    fn spot_takes_latest_per_zone_then_lowest_zone() {
        let row = |t: Ec2Type, z: &str, p: &str, secs: i64| {
            SpotPrice::builder()
                .instance_type(t)
                .availability_zone(z)
                .spot_price(p)
                .timestamp(DateTime::from_secs(secs))
                .build()
        };
        let rows = vec![
            row(Ec2Type::M5Large, "us-east-1a", "0.050", 100),
            row(Ec2Type::M5Large, "us-east-1a", "0.030", 50), // older: ignored
            row(Ec2Type::M5Large, "us-east-1b", "0.040", 90),
            row(Ec2Type::C5Large, "us-east-1a", "junk", 100), // unparsable: skipped
            row(Ec2Type::C5Large, "us-east-1b", "0.035", 100),
        ];
        let m = lowest_latest_spot(&rows);
        assert_eq!(m.get("m5.large"), Some(&0.04));
        assert_eq!(m.get("c5.large"), Some(&0.035));
        assert_eq!(m.len(), 2);
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    fn page(names: &[Ec2Type], next: Option<&str>) -> DescribeInstanceTypesOutput {
        let mut b = DescribeInstanceTypesOutput::builder();
        for n in names {
            b = b.instance_types(
                InstanceTypeInfo::builder()
                    .instance_type(n.clone())
                    .network_info(NetworkInfo::builder().maximum_network_interfaces(2).build())
                    .build(),
            );
        }
        if let Some(t) = next {
            b = b.next_token(t);
        }
        b.build()
    }

    #[test]
    fn paging_follows_tokens_to_the_last_page() {
        let pages = [
            page(&[Ec2Type::M5Large, Ec2Type::M5Xlarge], Some("p2")),
            page(&[Ec2Type::C5Large], Some("p3")),
            page(&[Ec2Type::R5Large], Some("")),
        ];
        let mut asked = Vec::new();
        let mut seen_progress = Vec::new();
        let got = block_on(all_pages(
            "DescribeInstanceTypes",
            |token: Option<String>| {
                asked.push(token.clone());
                let i = match token.as_deref() {
                    None => 0,
                    Some("p2") => 1,
                    Some("p3") => 2,
                    Some(other) => panic!("unexpected token {other}"),
                };
                let out = pages[i].clone();
                async move {
                    let items: Vec<InstanceType> = out
                        .instance_types()
                        .iter()
                        .filter_map(instance_type)
                        .collect();
                    Ok((items, out.next_token().map(str::to_string)))
                }
            },
            |p, n| seen_progress.push((p, n)),
        ))
        .unwrap();
        let names: Vec<&str> = got.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["m5.large", "m5.xlarge", "c5.large", "r5.large"]);
        assert_eq!(asked, [None, Some("p2".into()), Some("p3".into())]);
        assert_eq!(seen_progress, [(1, 2), (2, 3), (3, 4)]);
    }

    #[test]
    fn paging_stops_on_a_repeated_token_and_passes_errors_through() {
        let err = block_on(all_pages(
            "DescribeSpotPriceHistory",
            |_t: Option<String>| async { Ok((vec![1], Some("same".to_string()))) },
            |_, _| {},
        ))
        .unwrap_err();
        assert!(err.to_string().contains("'same' twice"), "{err}");
        let err = block_on(all_pages(
            "X",
            |_t: Option<String>| async {
                Err::<(Vec<u8>, Option<String>), _>(anyhow::anyhow!("boom"))
            },
            |_, _| {},
        ))
        .unwrap_err();
        assert_eq!(err.to_string(), "boom");
    }
}
