//! Builds the embedded catalog (`data/catalog.jsonl`) from the public source files in
//! `data/sources/` (see its README for where each file comes from).
//!
//! Pure: [`generate`] takes the file texts and returns a [`Catalog`]; only [`read_sources`] reads
//! files. The result is deterministic (no clock, sorted everywhere), so regenerating from the
//! same sources gives the same bytes. Each field is taken from the most authoritative source,
//! with fallbacks; every place where the sources disagree is recorded in `Header::decisions`.

use super::Catalog;
use super::model::{
    Advisor, Band, EbsLimit, FORMAT_VERSION, Gpu, Header, InstanceType, RegionPrices, Source,
};
use super::prices::{SPOT_ADVISOR, origins};
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

/// File names inside the sources directory.
pub const ENI_MAX_PODS: &str = "eni-max-pods.txt";
pub const EKS_AMI_INSTANCE_INFO: &str = "eks-ami-instance-info.jsonl";
pub const VPC_LIMITS: &str = "vpc-limits.csv";
pub const KARPENTER_VPC_LIMITS: &str = "karpenter-vpc-limits.csv";
pub const ON_DEMAND_PRICES: &str = "on-demand-prices.csv";
pub const ON_DEMAND_PRICES_CN: &str = "on-demand-prices-cn.csv";
pub const ON_DEMAND_PRICES_REGIONS: &str = "on-demand-prices-regions.csv";
pub const SPOT_ADVISOR_FILE: &str = "spot-advisor.csv";
pub const INSTANCE_TYPES: &str = "instance-types.csv";
pub const INSTANCE_TYPE_REGIONS: &str = "instance-type-regions.csv";
pub const KARPENTER_INSTANCE_TYPES: &str = "karpenter-instance-types.csv";
pub const EBS_VOLUME_LIMITS: &str = "ebs-volume-limits.csv";

/// Source ids, as used in [`InstanceType::provenance`] and [`Header::sources`].
const S_VPC: &str = "vpc-cni";
const S_EKS: &str = "eks-ami";
const S_EKS_OLD: &str = "eks-ami-max-pods";
const S_KVPC: &str = "karpenter-vpc";
const S_KDOCS: &str = "karpenter-docs";
const S_PRICES: &str = "karpenter-prices";
const S_PRICES_CN: &str = "karpenter-prices-cn";
const S_PRICES_REGIONS: &str = "aws-pricing-page";
const S_MOTO: &str = "moto";
const S_MOTO_REGIONS: &str = "moto-regions";
const S_EBS: &str = "ebs-csi";

/// The texts of the source files (see `data/sources/README.md`).
#[derive(Debug, Clone, Default)]
pub struct SourceFiles {
    pub eni_max_pods: String,
    pub eks_ami_instance_info: String,
    pub vpc_limits: String,
    pub karpenter_vpc_limits: String,
    pub on_demand_prices: String,
    pub on_demand_prices_cn: String,
    pub on_demand_prices_regions: String,
    pub spot_advisor: String,
    pub instance_types: String,
    pub instance_type_regions: String,
    pub karpenter_instance_types: String,
    pub ebs_volume_limits: String,
}

/// Reads the source files from `dir` (the only I/O of the generator).
pub fn read_sources(dir: &Path) -> Result<SourceFiles> {
    let read = |name: &str| {
        let p = dir.join(name);
        std::fs::read_to_string(&p).with_context(|| format!("cannot read source {}", p.display()))
    };
    Ok(SourceFiles {
        eni_max_pods: read(ENI_MAX_PODS)?,
        eks_ami_instance_info: read(EKS_AMI_INSTANCE_INFO)?,
        vpc_limits: read(VPC_LIMITS)?,
        karpenter_vpc_limits: read(KARPENTER_VPC_LIMITS)?,
        on_demand_prices: read(ON_DEMAND_PRICES)?,
        on_demand_prices_cn: read(ON_DEMAND_PRICES_CN)?,
        on_demand_prices_regions: read(ON_DEMAND_PRICES_REGIONS)?,
        spot_advisor: read(SPOT_ADVISOR_FILE)?,
        instance_types: read(INSTANCE_TYPES)?,
        instance_type_regions: read(INSTANCE_TYPE_REGIONS)?,
        karpenter_instance_types: read(KARPENTER_INSTANCE_TYPES)?,
        ebs_volume_limits: read(EBS_VOLUME_LIMITS)?,
    })
}

/// The sources and the fields taken from each (from `data/sources/README.md`).
pub fn sources() -> Vec<Source> {
    let s = |id: &str, origin: &str, revision: &str, date: &str, fields: &str| Source {
        id: id.into(),
        origin: origin.into(),
        revision: revision.into(),
        date: date.into(),
        fields: fields.into(),
    };
    vec![
        s(
            S_VPC,
            "aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go (vpc-limits.csv)",
            "6152e01c83bb8f04fdc8690e99134ebe1445db29 (read at b52188387f2e2f10bf289ace929d6a63b176a4fa)",
            "2026-08-11",
            "network: enis, ipv4_per_eni, network_cards, network_card_max_enis, default_network_card_index, hypervisor, bare_metal",
        ),
        s(
            S_EKS,
            "awslabs/amazon-eks-ami nodeadm/internal/kubelet/instance-info.jsonl (eks-ami-instance-info.jsonl)",
            "4d63a3bc2d86958490e0e0e2a04eba69da4c45db (read at 81fec2e895854f599974fe4d3d72f61c0a9aaffa)",
            "2026-07-01",
            "network fallback: enis, ipv4_per_eni",
        ),
        s(
            S_EKS_OLD,
            "awslabs/amazon-eks-ami templates/shared/runtime/eni-max-pods.txt (eni-max-pods.txt)",
            "2377b69aaeb8d751af1a265c2bfbeb94e6f6da90",
            "2026-02-27",
            "type coverage and the max-pods cross-check of the tests",
        ),
        s(
            S_KVPC,
            "aws/karpenter-provider-aws pkg/providers/instancetype/zz_generated.vpclimits.go (karpenter-vpc-limits.csv)",
            "7f27b4e85d3157418ab84eb04a3c91da7cb8fbba (read at 1d927085dd81a9df9301e613f371dac5b4d16bfe)",
            "2026-08-18",
            "trunking, branch_enis; network fallback",
        ),
        s(
            S_MOTO,
            "PyPI moto 5.2.5 moto/ec2/resources/instance_types.json.gz (instance-types.csv)",
            "moto-5.2.5-py3-none-any.whl sha256 eef62cdcf3bfe73e0863743511ba042dfaba04ba3d5ecdcb896a196c693ad528",
            "2026-10-27",
            "hardware: vcpus, memory_mib, architectures, gpu, local_storage_gb, neuron_devices, neuron_cores, efa_interfaces, current_generation, burstable, spot, ipv6_per_eni; network fallback",
        ),
        s(
            S_MOTO_REGIONS,
            "PyPI moto 5.2.5 moto/ec2/resources/instance_type_offerings/region/*.json.gz (instance-type-regions.csv)",
            "moto-5.2.5-py3-none-any.whl sha256 eef62cdcf3bfe73e0863743511ba042dfaba04ba3d5ecdcb896a196c693ad528",
            "2026-10-27",
            "regions",
        ),
        s(
            S_KDOCS,
            "aws/karpenter-provider-aws website/content/en/docs/reference/instance-types.md (karpenter-instance-types.csv)",
            "692ccdd0629e488300821443f0fa0bc3c3e08047 (read at 1d927085dd81a9df9301e613f371dac5b4d16bfe)",
            "2026-07-11",
            "labels: category, generation; hardware fallback; type coverage and the allocatable cross-check of the tests",
        ),
        s(
            S_PRICES,
            "aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go and zz_generated.pricing_aws_us_gov.go (on-demand-prices.csv)",
            "6fc13b5236fd04fd16ff3f9dc7490d0813994099",
            "2026-07-20",
            "on_demand: us-east-1, us-gov-west-1, us-gov-east-1 (USD per hour, Linux)",
        ),
        s(
            S_PRICES_CN,
            "aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws_cn.go (on-demand-prices-cn.csv)",
            "655d4733d635e2b633333373c969b1327deb7a81",
            "2024-11-06",
            "on_demand: cn-north-1 (CNY per hour, Linux)",
        ),
        s(
            S_PRICES_REGIONS,
            "lamngockhuong/aws-price lib/data/pricing/ec2-transformed.json, a transform of the AWS EC2 pricing page's feed (on-demand-prices-regions.csv)",
            "ce57d15e54b2958ec3deae2248d47ed931143b58 (read at 508fb45296c89efe38772babd7ec766644629267)",
            "2025-11-03",
            "on_demand: every commercial and GovCloud region (USD per hour, Linux, shared tenancy)",
        ),
        s(
            SPOT_ADVISOR,
            "alexei-led/spotinfo internal/spot/data/spot-advisor-data.json, a copy of the AWS Spot Instance Advisor's feed (spot-advisor.csv)",
            "5bdc33cee2e185c2f62df29dd9c4ad0ad7102a74 (unchanged at 05e933139449b888c78795b28af8e9370429a031)",
            "2025-06-28",
            "spot_advisor: interruption band and average spot saving per region (spot estimates = on-demand x (1 - saving))",
        ),
        s(
            S_EBS,
            "kubernetes-sigs/aws-ebs-csi-driver pkg/cloud/limits/volume_limits_table.go and volume_limits.go (ebs-volume-limits.csv)",
            "9c15bbb97bf017ac2e45fce7fccfe5c436f14625 (read at 429e202e589798e55c0f8ddcc81b2850b7f000d0)",
            "2026-07-21",
            "ebs_limit: EBS attachment limit and whether ENIs share it (types not listed: shared 27)",
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Reading the files

/// A comma-separated file with a header row and no quoted fields.
struct Table<'a> {
    file: &'static str,
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    fn parse(file: &'static str, text: &'a str) -> Result<Table<'a>> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((_, head)) = lines.next() else {
            bail!("{file}: the file is empty")
        };
        let header: Vec<&str> = head.split(',').map(str::trim).collect();
        let mut rows = Vec::new();
        for (i, line) in lines {
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            if cells.len() != header.len() {
                bail!(
                    "{file} line {}: {} cells, the header has {}",
                    i + 1,
                    cells.len(),
                    header.len()
                );
            }
            rows.push((i + 1, cells));
        }
        Ok(Table { file, header, rows })
    }

    /// Index of a column, or an error naming the file and the column.
    fn col(&self, name: &str) -> Result<usize> {
        self.header
            .iter()
            .position(|h| *h == name)
            .with_context(|| format!("{}: no column '{name}'", self.file))
    }

    /// Indexes of several columns, in order.
    fn cols<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N]> {
        let mut out = [0; N];
        for (o, n) in out.iter_mut().zip(names) {
            *o = self.col(n)?;
        }
        Ok(out)
    }

    /// A cursor over one row, for typed access with good error messages.
    fn rows(&self) -> impl Iterator<Item = Cell<'_, 'a>> {
        self.rows.iter().map(move |(line, cells)| Cell {
            file: self.file,
            header: &self.header,
            line: *line,
            cells,
        })
    }
}

/// One row of a [`Table`].
struct Cell<'t, 'a> {
    file: &'static str,
    header: &'t [&'a str],
    line: usize,
    cells: &'t [&'a str],
}

impl<'a> Cell<'_, 'a> {
    fn str(&self, c: usize) -> &'a str {
        self.cells[c]
    }

    fn opt_str(&self, c: usize) -> Option<String> {
        let s = self.cells[c];
        (!s.is_empty()).then(|| s.to_string())
    }

    fn err(&self, c: usize, what: &str) -> anyhow::Error {
        anyhow::anyhow!(
            "{} line {}: column {}: '{}' is not {what}",
            self.file,
            self.line,
            self.header[c],
            self.cells[c]
        )
    }

    fn num<T: FromStr>(&self, c: usize) -> Result<T> {
        self.cells[c].parse().map_err(|_| self.err(c, "a number"))
    }

    fn opt_num<T: FromStr>(&self, c: usize) -> Result<Option<T>> {
        if self.cells[c].is_empty() {
            Ok(None)
        } else {
            self.num(c).map(Some)
        }
    }

    fn bool(&self, c: usize) -> Result<bool> {
        match self.cells[c] {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(self.err(c, "true or false")),
        }
    }

    fn list(&self, c: usize) -> Vec<&'a str> {
        let s = self.cells[c];
        if s.is_empty() {
            Vec::new()
        } else {
            s.split(';').collect()
        }
    }

    fn num_list(&self, c: usize) -> Result<Vec<u32>> {
        self.list(c)
            .into_iter()
            .map(|v| {
                v.parse()
                    .map_err(|_| self.err(c, "a ';'-joined list of numbers"))
            })
            .collect()
    }
}

/// Networking limits of one type, as one source gives them.
#[derive(Debug, Clone, PartialEq)]
struct Network {
    enis: u32,
    ipv4_per_eni: u32,
    /// Cards, default index and per-card maximum ENIs, where the source has them.
    cards: Option<(u32, u32, Vec<u32>)>,
    hypervisor: Option<String>,
    bare_metal: Option<bool>,
}

/// Max ENIs of the default card, checked against the card list.
fn default_card(file: &str, name: &str, index: u32, per_card: &[u32]) -> Result<u32> {
    per_card.get(index as usize).copied().with_context(|| {
        format!("{file}: {name}: default network card {index} is not in the card list {per_card:?}")
    })
}

fn read_vpc_limits(text: &str) -> Result<BTreeMap<String, Network>> {
    let t = Table::parse(VPC_LIMITS, text)?;
    let [name, enis, ipv4, idx, cards, per_card, hyp, metal] = t.cols([
        "instance_type",
        "eni_limit",
        "ipv4_per_eni",
        "default_network_card_index",
        "network_cards",
        "network_card_max_enis",
        "hypervisor",
        "bare_metal",
    ])?;
    let mut out = BTreeMap::new();
    for r in t.rows() {
        let hypervisor = match r.str(hyp) {
            "" | "unknown" => None,
            h => Some(h.to_string()),
        };
        let net = Network {
            enis: r.num(enis)?,
            ipv4_per_eni: r.num(ipv4)?,
            cards: Some((r.num(cards)?, r.num(idx)?, r.num_list(per_card)?)),
            hypervisor,
            bare_metal: Some(r.bool(metal)?),
        };
        out.insert(r.str(name).to_string(), net);
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EksInfo {
    instance_type: String,
    #[serde(rename = "defaultMaxENIs")]
    default_max_enis: u32,
    ipv4_addresses_per_interface: u32,
}

fn read_eks_ami(text: &str) -> Result<BTreeMap<String, Network>> {
    let mut out = BTreeMap::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let e: EksInfo = serde_json::from_str(line)
            .with_context(|| format!("{EKS_AMI_INSTANCE_INFO} line {}", i + 1))?;
        out.insert(
            e.instance_type,
            Network {
                enis: e.default_max_enis,
                ipv4_per_eni: e.ipv4_addresses_per_interface,
                cards: None,
                hypervisor: None,
                bare_metal: None,
            },
        );
    }
    Ok(out)
}

/// Karpenter's VPC limits: networking plus trunking and branch ENIs.
struct KarpenterVpc {
    net: Network,
    total_interfaces: u32,
    trunking: bool,
    branch_enis: u32,
}

fn read_karpenter_vpc(text: &str) -> Result<BTreeMap<String, KarpenterVpc>> {
    let t = Table::parse(KARPENTER_VPC_LIMITS, text)?;
    let [
        name,
        ifaces,
        ipv4,
        trunk,
        branch,
        idx,
        cards,
        per_card,
        hyp,
        metal,
    ] = t.cols([
        "instance_type",
        "interfaces",
        "ipv4_per_interface",
        "is_trunking_compatible",
        "branch_interfaces",
        "default_network_card_index",
        "network_cards",
        "network_card_max_enis",
        "hypervisor",
        "bare_metal",
    ])?;
    let mut out = BTreeMap::new();
    for r in t.rows() {
        let n = r.str(name);
        let index: u32 = r.num(idx)?;
        let per: Vec<u32> = r.num_list(per_card)?;
        let net = Network {
            // `interfaces` is the total over all cards: the default card's maximum is what pods use.
            enis: default_card(KARPENTER_VPC_LIMITS, n, index, &per)?,
            ipv4_per_eni: r.num(ipv4)?,
            cards: Some((r.num(cards)?, index, per)),
            hypervisor: r.opt_str(hyp),
            bare_metal: Some(r.bool(metal)?),
        };
        let k = KarpenterVpc {
            net,
            total_interfaces: r.num(ifaces)?,
            trunking: r.bool(trunk)?,
            branch_enis: r.num(branch)?,
        };
        out.insert(n.to_string(), k);
    }
    Ok(out)
}

/// Descriptive fields of one type, as one source gives them.
#[derive(Debug, Clone, Default)]
struct Hardware {
    vcpus: Option<u32>,
    memory_mib: Option<u64>,
    architectures: Vec<String>,
    gpu: Option<Gpu>,
    local_storage_gb: Option<u64>,
    neuron_devices: Option<u32>,
    neuron_cores: Option<u32>,
    efa_interfaces: Option<u32>,
    current_generation: Option<bool>,
    burstable: Option<bool>,
    spot: Option<bool>,
    ipv6_per_eni: Option<u32>,
}

/// moto's `architectures` in Kubernetes names: i386 dropped, mac types kept apart.
fn kube_arch(a: &str) -> Option<String> {
    match a {
        "x86_64" => Some("amd64".into()),
        "arm64" => Some("arm64".into()),
        "i386" => None,
        other => Some(other.to_string()),
    }
}

/// moto: hardware plus a network fallback.
struct Moto {
    hw: Hardware,
    net: Network,
}

fn read_moto(text: &str) -> Result<BTreeMap<String, Moto>> {
    let t = Table::parse(INSTANCE_TYPES, text)?;
    let [
        name,
        vcpus,
        mem,
        arch,
        hyp,
        metal,
        idx,
        def_max,
        cards,
        per_card,
        ipv4,
        ipv6,
    ] = t.cols([
        "instance_type",
        "vcpus",
        "memory_mib",
        "architectures",
        "hypervisor",
        "bare_metal",
        "default_network_card_index",
        "default_card_max_network_interfaces",
        "network_cards",
        "network_card_max_enis",
        "ipv4_per_interface",
        "ipv6_per_interface",
    ])?;
    let [
        gpus,
        gpu_maker,
        gpu_name,
        gpu_mem,
        storage,
        current,
        burst,
        usage,
        neuron,
        cores,
        efa,
    ] = t.cols([
        "gpus",
        "gpu_manufacturer",
        "gpu_name",
        "gpu_memory_mib",
        "local_storage_gb",
        "current_generation",
        "burstable",
        "supported_usage_classes",
        "neuron_devices",
        "neuron_cores",
        "max_efa_interfaces",
    ])?;
    let mut out = BTreeMap::new();
    for r in t.rows() {
        // A GPU type has a maker; fractional GPUs (g6f) have a count of 0.
        let gpu = match r.opt_str(gpu_maker) {
            Some(manufacturer) => Some(Gpu {
                count: r.num(gpus)?,
                manufacturer,
                name: r.str(gpu_name).to_string(),
                memory_mib: r.num(gpu_mem)?,
            }),
            None => None,
        };
        let hw = Hardware {
            vcpus: r.opt_num(vcpus)?,
            memory_mib: r.opt_num(mem)?,
            architectures: r.list(arch).into_iter().filter_map(kube_arch).collect(),
            gpu,
            local_storage_gb: r.opt_num(storage)?,
            neuron_devices: r.opt_num(neuron)?,
            neuron_cores: r.opt_num(cores)?,
            efa_interfaces: r.opt_num(efa)?,
            current_generation: Some(r.bool(current)?),
            burstable: Some(r.bool(burst)?),
            spot: Some(r.list(usage).contains(&"spot")),
            ipv6_per_eni: r.opt_num(ipv6)?,
        };
        let net = Network {
            enis: r.num(def_max)?,
            ipv4_per_eni: r.num(ipv4)?,
            cards: Some((r.num(cards)?, r.num(idx)?, r.num_list(per_card)?)),
            hypervisor: r.opt_str(hyp),
            bare_metal: Some(r.bool(metal)?),
        };
        out.insert(r.str(name).to_string(), Moto { hw, net });
    }
    Ok(out)
}

/// Karpenter's published labels of one type.
struct KarpenterLabels {
    category: Option<String>,
    generation: Option<u32>,
    hw: Hardware,
    hypervisor: Option<String>,
    local_nvme_gb: Option<u64>,
}

fn read_karpenter_docs(text: &str) -> Result<BTreeMap<String, KarpenterLabels>> {
    let t = Table::parse(KARPENTER_INSTANCE_TYPES, text)?;
    let [name, cat, gen_, cpu, mem, hyp, nvme, arch] = t.cols([
        "instance_type",
        "label:instance-category",
        "label:instance-generation",
        "label:instance-cpu",
        "label:instance-memory",
        "label:instance-hypervisor",
        "label:instance-local-nvme",
        "label:arch",
    ])?;
    let [gcount, gmaker, gname, gmem] = t.cols([
        "label:instance-gpu-count",
        "label:instance-gpu-manufacturer",
        "label:instance-gpu-name",
        "label:instance-gpu-memory",
    ])?;
    let mut out = BTreeMap::new();
    for r in t.rows() {
        let gpu = match r.opt_str(gmaker) {
            Some(manufacturer) => {
                let count: u32 = r.num(gcount)?;
                // The label is the memory of ONE GPU; the catalog keeps the total.
                let per_gpu: u64 = r.num(gmem)?;
                Some(Gpu {
                    count,
                    manufacturer,
                    name: r.str(gname).to_string(),
                    memory_mib: per_gpu * u64::from(count.max(1)),
                })
            }
            None => None,
        };
        let nvme_gb = r.opt_num(nvme)?;
        let hw = Hardware {
            vcpus: r.opt_num(cpu)?,
            memory_mib: r.opt_num(mem)?,
            architectures: r.opt_str(arch).into_iter().collect(),
            gpu,
            local_storage_gb: Some(nvme_gb.unwrap_or(0)),
            ..Hardware::default()
        };
        out.insert(
            r.str(name).to_string(),
            KarpenterLabels {
                category: r.opt_str(cat),
                generation: r.opt_num(gen_)?,
                hw,
                hypervisor: r.opt_str(hyp),
                local_nvme_gb: nvme_gb,
            },
        );
    }
    Ok(out)
}

/// The EBS CSI driver's special limits: type -> limit (a type not listed is shared 27).
fn read_ebs_limits(text: &str) -> Result<BTreeMap<String, EbsLimit>> {
    let t = Table::parse(EBS_VOLUME_LIMITS, text)?;
    let [name, dedicated, shared] = t.cols(["instance_type", "dedicated_limit", "shared_limit"])?;
    let mut out = BTreeMap::new();
    for r in t.rows() {
        let limit = match (r.opt_num::<u32>(dedicated)?, r.opt_num::<u32>(shared)?) {
            (Some(l), None) => EbsLimit {
                limit: l,
                shared: false,
            },
            (None, Some(l)) => EbsLimit {
                limit: l,
                shared: true,
            },
            _ => return Err(r.err(dedicated, "exactly one of dedicated_limit and shared_limit")),
        };
        out.insert(r.str(name).to_string(), limit);
    }
    Ok(out)
}

/// The driver's limit for a Nitro type its table does not list.
pub const EBS_DEFAULT_SHARED_LIMIT: u32 = 27;

/// region -> type -> price, from a `region,instance_type,<price>` file.
fn read_prices(
    file: &'static str,
    text: &str,
    column: &str,
    out: &mut BTreeMap<String, BTreeMap<String, f64>>,
) -> Result<()> {
    let t = Table::parse(file, text)?;
    let [region, name, price] = t.cols(["region", "instance_type", column])?;
    for r in t.rows() {
        let p: f64 = r.num(price)?;
        if !(p.is_finite() && p > 0.0) {
            return Err(r.err(price, "a positive price"));
        }
        out.entry(r.str(name).to_string())
            .or_default()
            .insert(r.str(region).to_string(), p);
    }
    Ok(())
}

/// type -> region -> the advisor's band and saving.
fn read_spot_advisor(text: &str) -> Result<BTreeMap<String, BTreeMap<String, Advisor>>> {
    let t = Table::parse(SPOT_ADVISOR_FILE, text)?;
    let [region, name, range, saving] = t.cols([
        "region",
        "instance_type",
        "interruption_range",
        "savings_pct",
    ])?;
    let mut out: BTreeMap<String, BTreeMap<String, Advisor>> = BTreeMap::new();
    for r in t.rows() {
        let band: Band = r
            .str(range)
            .parse()
            .map_err(|_| r.err(range, "an interruption band"))?;
        let pct: i8 = r.num(saving)?;
        if !(-100..=100).contains(&pct) {
            return Err(r.err(saving, "a saving from -100 to 100 percent"));
        }
        out.entry(r.str(name).to_string())
            .or_default()
            .insert(r.str(region).to_string(), Advisor(band, pct));
    }
    Ok(out)
}

fn read_regions(text: &str) -> Result<BTreeMap<String, BTreeSet<String>>> {
    let t = Table::parse(INSTANCE_TYPE_REGIONS, text)?;
    let [region, name] = t.cols(["region", "instance_type"])?;
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in t.rows() {
        out.entry(r.str(name).to_string())
            .or_default()
            .insert(r.str(region).to_string());
    }
    Ok(out)
}

/// The types of `eni-max-pods.txt` with their max pods (comment lines skipped).
pub fn parse_eni_max_pods(text: &str) -> Result<Vec<(String, u32)>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        match (
            parts.next(),
            parts.next().map(str::parse::<u32>),
            parts.next(),
        ) {
            (Some(name), Some(Ok(pods)), None) => out.push((name.to_string(), pods)),
            _ => bail!(
                "{ENI_MAX_PODS} line {}: '{line}' is not 'type max_pods'",
                i + 1
            ),
        }
    }
    Ok(out)
}

/// Category and generation parsed from a family name, the way Karpenter reads them: the
/// leading letters, then the first run of digits after an optional `-<N>tb` (so `u-6tb1` is
/// category `u`, generation 1; `c7g-flex` is `c`, 7; `bmn-sf1` has no generation).
pub fn parse_family(family: &str) -> (String, Option<u32>) {
    let letters: String = family
        .chars()
        .take_while(|c| c.is_ascii_lowercase())
        .collect();
    let mut rest = &family[letters.len()..];
    if let Some(after) = rest.strip_prefix('-') {
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with("tb") {
            rest = &after[digits + 2..];
        }
    }
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (letters, digits.parse().ok())
}

// ---------------------------------------------------------------------------------------------
// Merging

/// Builds the catalog from the source texts.
pub fn generate(src: &SourceFiles) -> Result<Catalog> {
    let vpc = read_vpc_limits(&src.vpc_limits)?;
    let eks = read_eks_ami(&src.eks_ami_instance_info)?;
    let kvpc = read_karpenter_vpc(&src.karpenter_vpc_limits)?;
    let moto = read_moto(&src.instance_types)?;
    let kdocs = read_karpenter_docs(&src.karpenter_instance_types)?;
    let regions = read_regions(&src.instance_type_regions)?;
    let eni_max_pods = parse_eni_max_pods(&src.eni_max_pods)?;
    let mut usd = BTreeMap::new();
    read_prices(
        ON_DEMAND_PRICES,
        &src.on_demand_prices,
        "usd_per_hour",
        &mut usd,
    )?;
    let mut cny = BTreeMap::new();
    read_prices(
        ON_DEMAND_PRICES_CN,
        &src.on_demand_prices_cn,
        "cny_per_hour",
        &mut cny,
    )?;
    let mut regional = BTreeMap::new();
    read_prices(
        ON_DEMAND_PRICES_REGIONS,
        &src.on_demand_prices_regions,
        "usd_per_hour",
        &mut regional,
    )?;
    let advisor = read_spot_advisor(&src.spot_advisor)?;
    let ebs = read_ebs_limits(&src.ebs_volume_limits)?;

    let mut decisions = Vec::new();
    let mut names: BTreeSet<&str> = BTreeSet::new();
    names.extend(vpc.keys().map(String::as_str));
    names.extend(eks.keys().map(String::as_str));
    names.extend(kvpc.keys().map(String::as_str));
    names.extend(moto.keys().map(String::as_str));
    names.extend(kdocs.keys().map(String::as_str));
    names.extend(eni_max_pods.iter().map(|(n, _)| n.as_str()));

    // Types known only from the price or region files have no ENI limits: left out.
    let mut no_network: BTreeSet<&str> = BTreeSet::new();
    for n in usd
        .keys()
        .chain(cny.keys())
        .chain(regional.keys())
        .chain(regions.keys())
    {
        if !names.contains(n.as_str()) {
            no_network.insert(n);
        }
    }

    let mut types = Vec::with_capacity(names.len());
    let mut fallback: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut no_hardware = Vec::new();
    // Types whose card layout or bare-metal flag no source gives (only eks-ami knows them).
    let mut assumed: Vec<&str> = Vec::new();
    let mut regions_from_prices = 0usize;
    // Per type (same order as `types`): region -> the source of its on-demand price.
    let mut price_src: Vec<BTreeMap<String, &str>> = Vec::with_capacity(names.len());
    let mut price_merge = PriceMerge::default();
    for &name in &names {
        let Some((family, size)) = name.split_once('.') else {
            bail!("instance type '{name}' has no '.' between family and size");
        };
        let mut prov = BTreeMap::new();

        // Network: vpc-cni, then eks-ami, karpenter-vpc, moto.
        let (net_src, net) = if let Some(n) = vpc.get(name) {
            (S_VPC, n.clone())
        } else if let Some(n) = eks.get(name) {
            (S_EKS, n.clone())
        } else if let Some(k) = kvpc.get(name) {
            (S_KVPC, k.net.clone())
        } else if let Some(m) = moto.get(name) {
            (S_MOTO, m.net.clone())
        } else {
            bail!(
                "{name}: no source gives its ENI limits (it is in {ENI_MAX_PODS} or {KARPENTER_INSTANCE_TYPES})"
            );
        };
        if net_src != S_VPC {
            fallback.entry(net_src).or_default().push(name);
        }
        prov.insert("network".to_string(), net_src.to_string());
        // Card layout and hypervisor: from the same source if it has them, else the next one.
        let others = || {
            [
                kvpc.get(name).map(|k| &k.net),
                moto.get(name).map(|m| &m.net),
            ]
            .into_iter()
            .flatten()
        };
        let (cards, index, per_card) = match net.cards.clone() {
            Some(c) => c,
            None => match others().find_map(|n| n.cards.clone()) {
                Some(c) => c,
                None => {
                    assumed.push(name);
                    (1, 0, vec![net.enis])
                }
            },
        };
        let bare_metal = match net
            .bare_metal
            .or_else(|| others().find_map(|n| n.bare_metal))
        {
            Some(b) => b,
            None => {
                assumed.push(name);
                size.contains("metal")
            }
        };
        let labels = kdocs.get(name);
        let hypervisor = if net.cards.is_some() {
            net.hypervisor.clone()
        } else {
            others()
                .find_map(|n| n.hypervisor.clone())
                .or_else(|| labels.and_then(|l| l.hypervisor.clone()))
        };

        // Hardware: moto, then Karpenter's labels.
        let hw = if let Some(m) = moto.get(name) {
            prov.insert("hardware".into(), S_MOTO.into());
            m.hw.clone()
        } else if let Some(l) = labels {
            prov.insert("hardware".into(), S_KDOCS.into());
            l.hw.clone()
        } else {
            no_hardware.push(name);
            Hardware::default()
        };

        // Category and generation: Karpenter's labels, else parsed from the family.
        let (parsed_cat, parsed_gen) = parse_family(family);
        let (category, generation) = match labels {
            Some(l) if l.category.is_some() => {
                prov.insert("labels".into(), S_KDOCS.into());
                (l.category.clone().unwrap_or_default(), l.generation)
            }
            _ => (parsed_cat, parsed_gen),
        };

        let k = kvpc.get(name);
        prov.insert("ebs_limit".into(), S_EBS.into());
        if k.is_some() {
            prov.insert("branch_enis".into(), S_KVPC.into());
        }

        // Prices: every region from the pricing page, Karpenter's newer USD (us-east-1,
        // us-gov-*) and CNY (cn-north-1) files where they price the type.
        let (on_demand, sources_of) =
            price_merge.merge(name, regional.get(name), usd.get(name), cny.get(name));
        for (key, id) in [
            ("on_demand", S_PRICES),
            ("on_demand_regions", S_PRICES_REGIONS),
            ("on_demand_cn", S_PRICES_CN),
        ] {
            if sources_of.values().any(|s| *s == id) {
                let key = if prov.contains_key("on_demand") {
                    key
                } else {
                    "on_demand"
                };
                prov.insert(key.into(), id.into());
            }
        }
        price_src.push(sources_of);
        let spot_advisor = advisor.get(name).cloned().unwrap_or_default();
        if !spot_advisor.is_empty() {
            prov.insert("spot_advisor".into(), SPOT_ADVISOR.into());
        }

        // Regions: moto's offerings plus every region with a price.
        let mut region_set: BTreeSet<String> = regions.get(name).cloned().unwrap_or_default();
        let listed = !region_set.is_empty();
        let before = region_set.len();
        region_set.extend(on_demand.keys().cloned());
        regions_from_prices += region_set.len() - before;
        if listed {
            prov.insert("regions".into(), S_MOTO_REGIONS.into());
        } else if !region_set.is_empty() {
            let src = prov.get("on_demand").cloned().unwrap_or_default();
            prov.insert("regions".into(), src);
        }

        types.push(InstanceType {
            name: name.to_string(),
            family: family.to_string(),
            category,
            generation,
            size: size.to_string(),
            vcpus: hw.vcpus,
            memory_mib: hw.memory_mib,
            architectures: hw.architectures,
            hypervisor,
            bare_metal,
            enis: net.enis,
            ipv4_per_eni: net.ipv4_per_eni,
            ipv6_per_eni: hw.ipv6_per_eni,
            network_cards: cards,
            network_card_max_enis: per_card,
            default_network_card_index: index,
            trunking: k.map(|k| k.trunking),
            branch_enis: k.map(|k| k.branch_enis),
            gpu: hw.gpu,
            local_storage_gb: hw.local_storage_gb,
            neuron_devices: hw.neuron_devices,
            neuron_cores: hw.neuron_cores,
            efa_interfaces: hw.efa_interfaces,
            ebs_limit: Some(ebs.get(name).copied().unwrap_or(EbsLimit {
                limit: EBS_DEFAULT_SHARED_LIMIT,
                shared: true,
            })),
            current_generation: hw.current_generation,
            burstable: hw.burstable,
            spot: hw.spot,
            regions: region_set.into_iter().collect(),
            on_demand,
            on_demand_source: BTreeMap::new(),
            spot_prices: BTreeMap::new(),
            spot_zones: BTreeMap::new(),
            spot_advisor,
            provenance: prov,
        });
    }

    let sources = sources();
    let region_list = region_sources(&mut types, &price_src, &sources);

    // ---- Decisions, in words, from what the sources really say.
    decisions.push(format!(
        "Types: the union of {VPC_LIMITS}, {EKS_AMI_INSTANCE_INFO}, {KARPENTER_VPC_LIMITS}, {INSTANCE_TYPES}, {KARPENTER_INSTANCE_TYPES} and {ENI_MAX_PODS} ({} types).",
        types.len()
    ));
    if !no_network.is_empty() {
        decisions.push(format!(
            "Left out: {} types that only the price or region files name, with no ENI limits in any source: {}.",
            no_network.len(),
            no_network.iter().copied().collect::<Vec<_>>().join(", ")
        ));
    }
    decisions.push(format!(
        "Network fields (enis = ENIs on the default network card, ipv4_per_eni, network cards, hypervisor, bare_metal) come from {S_VPC}, the table the VPC CNI itself uses; fallbacks in order {S_EKS}, {S_KVPC} (its default card's maximum ENIs, not its 'interfaces', which is the total over all cards), {S_MOTO}. {S_VPC} 'unknown' hypervisor = none."
    ));
    for (src, list) in &fallback {
        decisions.push(format!(
            "Network fields from the fallback {src} for {} types missing from {S_VPC}: {}.",
            list.len(),
            list.join(", ")
        ));
    }
    assumed.dedup();
    if !assumed.is_empty() {
        decisions.push(format!(
            "Only {S_EKS} knows {} types: one network card holding all their ENIs is assumed, and bare metal when the size says metal: {}.",
            assumed.len(),
            assumed.join(", ")
        ));
    }
    network_disagreements(&vpc, &eks, &kvpc, &moto, &mut decisions);
    decisions.push(format!(
        "Descriptive fields (vcpus, memory_mib, architectures, gpu, local_storage_gb, current_generation, burstable, spot from supported_usage_classes, ipv6_per_eni) come from {S_MOTO}; where it lacks the type, from {S_KDOCS}'s labels (instance-cpu, instance-memory, arch, gpu labels, local-nvme): {}. Architectures: x86_64 -> amd64, arm64 -> arm64, i386 dropped, mac types keep x86_64_mac / arm64_mac so that they never match amd64 / arm64. GPU maker and name are moto's (e.g. NVIDIA, H100), or Karpenter's lowercase label values where the hardware comes from its labels (amd, radeon-pro-v520); fractional-GPU types (g6f, gr6f) keep moto's GPU count 0 with the GPU's name and memory.",
        names
            .iter()
            .filter(|n| !moto.contains_key(**n) && kdocs.contains_key(**n))
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    ));
    decisions.push(format!(
        "neuron_devices, neuron_cores (devices x cores per device) and efa_interfaces (MaximumEfaInterfaces, 0 without EFA) come from {S_MOTO}; they stay unknown for the types it lacks ({S_KDOCS}'s allocatable figures are the tests' cross-check, never a source). ebs_limit comes from {S_EBS}: its {} listed types (xen 39 and dedicated limits, shared limits other than 27), shared {EBS_DEFAULT_SHARED_LIMIT} for every other type, as the driver does.",
        ebs.len()
    ));
    if !no_hardware.is_empty() {
        decisions.push(format!(
            "No source gives vCPUs, memory or architecture for {} types; they stay unknown (never guessed): {}.",
            no_hardware.len(),
            no_hardware.join(", ")
        ));
    }
    hardware_disagreements(&moto, &kdocs, &mut decisions);
    decisions.push(format!(
        "family and size are the parts of the name around the first '.'; category and generation come from {S_KDOCS}'s labels where present, else are parsed from the family the way Karpenter does (leading letters; the first digit run after an optional '-<N>tb', so u-6tb1 is generation 1, not 6)."
    ));
    decisions.push(format!(
        "trunking and branch_enis come from {S_KVPC}; unknown (null) for types it lacks."
    ));
    decisions.push(format!(
        "Regions are {S_MOTO_REGIONS}'s offerings plus every region that prices the type ({regions_from_prices} region entries added from prices, e.g. the us-gov and cn regions that {S_MOTO_REGIONS} does not list). on_demand is per hour, Linux: USD from {S_PRICES_REGIONS} (every region), replaced by the newer {S_PRICES} where it prices the type (us-east-1, us-gov-*); CNY from {S_PRICES_CN} (cn-north-1). A type offered in a region that no source prices has no price there (never filled from another region); the header's regions list says per region which source priced how many types, and on_demand_source names the exceptions to a region's first source."
    ));
    price_merge.decisions(&mut decisions);
    decisions.push(format!(
        "spot_advisor holds {SPOT_ADVISOR}'s interruption band (index 0-4: <5%, 5-10%, 10-15%, 15-20%, >20%) and average saving per region; these are not prices: kplan derives spot estimates as on-demand x (1 - saving/100) and labels them as estimates with the advisor's date. Observed spot prices (spot_prices, spot_zones) come only from `kplan catalog update`."
    ));

    let generated = sources
        .iter()
        .map(|s| s.date.clone())
        .max()
        .unwrap_or_default();
    Ok(Catalog {
        header: Header {
            kplan_catalog: FORMAT_VERSION,
            generated,
            origin: "embedded".into(),
            sources,
            decisions,
            regions: region_list,
        },
        types,
    })
}

/// Merges the on-demand price files of one type and remembers where they disagree.
#[derive(Default)]
struct PriceMerge {
    /// (type, region) priced by both USD files.
    both: usize,
    /// Where they differ: `type region karpenter regional`.
    differ: Vec<String>,
}

impl PriceMerge {
    /// The type's prices and, per region, the source each comes from.
    fn merge(
        &mut self,
        name: &str,
        regional: Option<&BTreeMap<String, f64>>,
        karpenter: Option<&BTreeMap<String, f64>>,
        cny: Option<&BTreeMap<String, f64>>,
    ) -> (BTreeMap<String, f64>, BTreeMap<String, &'static str>) {
        let mut prices = BTreeMap::new();
        let mut src = BTreeMap::new();
        for (r, &p) in regional.into_iter().flatten() {
            prices.insert(r.clone(), p);
            src.insert(r.clone(), S_PRICES_REGIONS);
        }
        for (r, &p) in karpenter.into_iter().flatten() {
            if let Some(&old) = prices.get(r) {
                self.both += 1;
                if (old - p).abs() > 1e-9 {
                    self.differ.push(format!("{name} {r} {p} vs {old}"));
                    // Karpenter's file carries another tenancy's price for these bare-metal
                    // types (shared/reference/README.md); every other price is shared tenancy.
                    if name.contains(".metal") {
                        continue;
                    }
                }
            }
            prices.insert(r.clone(), p);
            src.insert(r.clone(), S_PRICES);
        }
        for (r, &p) in cny.into_iter().flatten() {
            prices.insert(r.clone(), p);
            src.insert(r.clone(), S_PRICES_CN);
        }
        (prices, src)
    }

    fn decisions(&self, out: &mut Vec<String>) {
        out.push(format!(
            "{S_PRICES} and {S_PRICES_REGIONS} both price {} type-region pairs and differ on {}: {}. All differences are bare-metal types, where {S_PRICES} carries another tenancy's price (dedicated), so the catalog keeps {S_PRICES_REGIONS}'s shared-tenancy price for them; everywhere else the newer {S_PRICES} wins.",
            self.both,
            self.differ.len(),
            self.differ.join("; ")
        ));
    }
}

/// The header's per-region price sources; sets each type's `on_demand_source` exceptions.
fn region_sources(
    types: &mut [InstanceType],
    price_src: &[BTreeMap<String, &str>],
    sources: &[Source],
) -> Vec<RegionPrices> {
    let date_of = |id: &str| {
        sources
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.date.clone())
            .unwrap_or_default()
    };
    let mut od: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for m in price_src {
        for (r, s) in m {
            *od.entry(r.as_str()).or_default().entry(*s).or_default() += 1;
        }
    }
    let mut spot: BTreeMap<String, usize> = BTreeMap::new();
    for t in types.iter() {
        for r in t.spot_advisor.keys() {
            *spot.entry(r.clone()).or_default() += 1;
        }
    }
    let mut all: BTreeSet<String> = od.keys().map(|r| r.to_string()).collect();
    all.extend(spot.keys().cloned());
    let mut out = Vec::new();
    for region in all {
        // The source pricing the most types comes first (ties: by id).
        let mut counts: Vec<(&str, usize)> = od
            .get(region.as_str())
            .map(|m| m.iter().map(|(s, n)| (*s, *n)).collect())
            .unwrap_or_default();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if let Some(&(default, _)) = counts.first() {
            for (t, m) in types.iter_mut().zip(price_src) {
                if let Some(s) = m.get(&region).filter(|s| **s != default) {
                    t.on_demand_source.insert(region.clone(), s.to_string());
                }
            }
        }
        let n_spot = spot.get(&region).copied().unwrap_or(0);
        out.push(RegionPrices {
            on_demand: origins(counts, date_of),
            spot: origins([(SPOT_ADVISOR, n_spot)], date_of),
            region,
        });
    }
    out
}

/// Records every type on which two network sources disagree.
fn network_disagreements(
    vpc: &BTreeMap<String, Network>,
    eks: &BTreeMap<String, Network>,
    kvpc: &BTreeMap<String, KarpenterVpc>,
    moto: &BTreeMap<String, Moto>,
    decisions: &mut Vec<String>,
) {
    let show = |n: &Network| {
        let cards = n
            .cards
            .as_ref()
            .map(|(c, i, per)| {
                format!(
                    ", {c} card(s) [{}] default {i}",
                    per.iter().map(u32::to_string).collect::<Vec<_>>().join(";")
                )
            })
            .unwrap_or_default();
        format!(
            "{} ENIs x {} IPv4{cards}, hypervisor {}",
            n.enis,
            n.ipv4_per_eni,
            n.hypervisor.as_deref().unwrap_or("none")
        )
    };
    for (name, v) in vpc {
        let mut other: Vec<(&str, &Network)> = Vec::new();
        if let Some(e) = eks.get(name) {
            other.push((S_EKS, e));
        }
        if let Some(k) = kvpc.get(name) {
            other.push((S_KVPC, &k.net));
        }
        if let Some(m) = moto.get(name) {
            other.push((S_MOTO, &m.net));
        }
        let differs: Vec<String> = other
            .iter()
            .filter(|(_, o)| {
                o.enis != v.enis
                    || o.ipv4_per_eni != v.ipv4_per_eni
                    || (o.cards.is_some() && o.cards != v.cards)
                    || (o.cards.is_some() && o.hypervisor != v.hypervisor)
            })
            .map(|(s, o)| format!("{s} says {}", show(o)))
            .collect();
        if !differs.is_empty() {
            decisions.push(format!(
                "{name}: {S_VPC} says {}; {}. {S_VPC} wins (it is what the VPC CNI uses).",
                show(v),
                differs.join("; ")
            ));
        }
    }
    for (name, k) in kvpc {
        if let Some((_, _, per)) = &k.net.cards
            && per.iter().sum::<u32>() != k.total_interfaces
        {
            decisions.push(format!(
                "{name}: {S_KVPC}'s interfaces {} is not the sum of its cards {per:?}.",
                k.total_interfaces
            ));
        }
    }
}

/// Records where moto and Karpenter's labels disagree on the descriptive fields.
fn hardware_disagreements(
    moto: &BTreeMap<String, Moto>,
    kdocs: &BTreeMap<String, KarpenterLabels>,
    decisions: &mut Vec<String>,
) {
    let mut common = 0;
    let mut differ = Vec::new();
    let mut storage = Vec::new();
    for (name, l) in kdocs {
        let Some(m) = moto.get(name) else { continue };
        common += 1;
        let (a, b) = (&m.hw, &l.hw);
        let mut d = Vec::new();
        if a.vcpus != b.vcpus {
            d.push(format!("vcpus {:?} vs {:?}", a.vcpus, b.vcpus));
        }
        if a.memory_mib != b.memory_mib {
            d.push(format!("memory {:?} vs {:?}", a.memory_mib, b.memory_mib));
        }
        if a.architectures != b.architectures {
            d.push(format!(
                "arch {:?} vs {:?}",
                a.architectures, b.architectures
            ));
        }
        let gpu_count = |g: &Option<Gpu>| g.as_ref().map_or(0, |g| g.count);
        let gpu_mem = |g: &Option<Gpu>| g.as_ref().map_or(0, |g| g.memory_mib);
        if gpu_count(&a.gpu) != gpu_count(&b.gpu)
            || (gpu_count(&a.gpu) > 0 && gpu_mem(&a.gpu) != gpu_mem(&b.gpu))
        {
            d.push(format!("gpu {:?} vs {:?}", a.gpu, b.gpu));
        }
        if !d.is_empty() {
            differ.push(format!("{name} ({})", d.join(", ")));
        }
        if a.local_storage_gb.unwrap_or(0) != l.local_nvme_gb.unwrap_or(0) {
            storage.push(name.as_str());
        }
    }
    if differ.is_empty() {
        decisions.push(format!(
            "{S_MOTO} and {S_KDOCS} agree on vCPUs, memory, architecture and GPU count and total GPU memory for all {common} types they share (Karpenter's instance-gpu-memory label is per GPU; the catalog keeps the total)."
        ));
    } else {
        decisions.push(format!(
            "{S_MOTO} and {S_KDOCS} disagree on {} of {common} shared types; {S_MOTO} wins: {}.",
            differ.len(),
            differ.join("; ")
        ));
    }
    if !storage.is_empty() {
        decisions.push(format!(
            "local_storage_gb is {S_MOTO}'s total instance storage (HDD and SSD included); {S_KDOCS}'s instance-local-nvme counts NVMe only, so they differ on {} types with non-NVMe instance store: {}.",
            storage.len(),
            storage.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_parsing() {
        assert_eq!(parse_family("m5"), ("m".into(), Some(5)));
        assert_eq!(parse_family("c7g-flex"), ("c".into(), Some(7)));
        assert_eq!(parse_family("u-6tb1"), ("u".into(), Some(1)));
        assert_eq!(parse_family("p6-b200"), ("p".into(), Some(6)));
        assert_eq!(parse_family("bmn-sf1"), ("bmn".into(), None));
        assert_eq!(parse_family("x2iedn"), ("x".into(), Some(2)));
    }

    #[test]
    fn table_errors_name_file_line_and_column() {
        let t = Table::parse("f.csv", "a,b\n1,x\n").unwrap();
        let row = t.rows().next().unwrap();
        let err = row.num::<u32>(1).unwrap_err().to_string();
        assert_eq!(err, "f.csv line 2: column b: 'x' is not a number");
        assert!(Table::parse("f.csv", "a,b\n1\n").is_err());
    }

    #[test]
    fn eni_max_pods_lines() {
        let v = parse_eni_max_pods("# c\n\nm5.large 29\n").unwrap();
        assert_eq!(v, vec![("m5.large".to_string(), 29)]);
        assert!(parse_eni_max_pods("m5.large x\n").is_err());
    }
}
