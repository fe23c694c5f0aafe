//! CIDR arithmetic for AWS subnets (pure, ipnet): usable addresses, free /28 blocks, the
//! smallest prefix that holds a demand, strict parsing, overlaps, and carving a VPC.
//!
//! AWS reserves five addresses in every subnet (network, .1 router, .2 DNS, .3 reserved,
//! broadcast): `2^(32-n) - 5` usable. Prefix delegation needs whole, aligned, free /28 blocks;
//! the first and last blocks hold reserved addresses: `2^(28-n) - 2` blocks
//! (`shared/design/subnet.md`).

use ipnet::{Ipv4Net, Ipv4Subnets};
use std::net::Ipv4Addr;

/// The largest subnet AWS allows (/16).
pub const MIN_PREFIX_LEN: u8 = 16;
/// The smallest subnet AWS allows (/28).
pub const MAX_PREFIX_LEN: u8 = 28;
/// Addresses AWS reserves in every subnet.
pub const RESERVED_PER_SUBNET: u64 = 5;

/// Addresses in a /`len`.
pub fn size(len: u8) -> u64 {
    1u64 << (32 - u32::from(len.min(32)))
}

/// Usable addresses in a /`len` subnet: `2^(32-len) - 5` (0 past /29).
pub fn usable_ipv4(len: u8) -> u64 {
    size(len).saturating_sub(RESERVED_PER_SUBNET)
}

/// Free aligned /28 blocks in an empty /`len` subnet: `2^(28-len) - 2`.
pub fn free_blocks(len: u8) -> u64 {
    if len > 28 {
        0
    } else {
        (1u64 << (28 - u32::from(len))).saturating_sub(2)
    }
}

/// What a zone needs from one subnet: single addresses, and /28 blocks for prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Demand {
    /// Addresses that may land anywhere (node and ENI primaries, secondary IPs, load balancers).
    pub singles: u64,
    /// Whole /28 blocks (prefix delegation).
    pub blocks: u64,
}

impl Demand {
    /// All addresses held: singles plus 16 per block.
    pub fn ipv4(&self) -> u64 {
        self.singles.saturating_add(self.blocks.saturating_mul(16))
    }

    /// Adds another demand.
    pub fn plus(self, o: Demand) -> Demand {
        Demand {
            singles: self.singles.saturating_add(o.singles),
            blocks: self.blocks.saturating_add(o.blocks),
        }
    }

    /// This demand `n` times.
    pub fn times(self, n: u64) -> Demand {
        Demand {
            singles: self.singles.saturating_mul(n),
            blocks: self.blocks.saturating_mul(n),
        }
    }

    /// Whether an empty /`len` subnet holds it, with the /28 blocks kept whole by a prefix
    /// CIDR reservation (the single addresses go elsewhere in the subnet).
    pub fn fits_in(&self, len: u8) -> bool {
        (MIN_PREFIX_LEN..=MAX_PREFIX_LEN).contains(&len)
            && self.blocks <= free_blocks(len)
            && self.ipv4() <= usable_ipv4(len)
    }

    /// Whether it fits even when every single address spoils a different /28 block (no
    /// reservation: AWS places addresses where it likes).
    pub fn fits_unreserved(&self, len: u8) -> bool {
        self.fits_in(len) && (self.blocks == 0 || self.blocks + self.singles <= free_blocks(len))
    }

    /// The longest prefix (smallest subnet) that holds this demand, `None` past a /16.
    pub fn smallest_prefix_len(&self) -> Option<u8> {
        (MIN_PREFIX_LEN..=MAX_PREFIX_LEN)
            .rev()
            .find(|&len| self.fits_in(len))
    }

    /// The demand grown by `pct` percent (rounded up), for headroom.
    pub fn with_headroom(&self, pct: u32) -> Demand {
        let grow = |v: u64| (v * (100 + u64::from(pct))).div_ceil(100);
        Demand {
            singles: grow(self.singles),
            blocks: grow(self.blocks),
        }
    }
}

/// Prefix lengths of prefix-type subnet CIDR reservations that together hold exactly
/// `blocks` /28 blocks (its binary decomposition, largest first): 91 -> /22 /24 /25 /27 /28.
pub fn reservation_prefix_lens(blocks: u64) -> Vec<u8> {
    (0..=12u8)
        .rev()
        .filter(|&i| blocks >> i & 1 == 1)
        .map(|i| 28 - i)
        .collect()
}

/// Concrete reservation CIDRs for `blocks` /28 blocks inside `subnet`, skipping the first and
/// last blocks (they hold AWS's reserved addresses); `None` when the subnet has too few.
pub fn reservation_cidrs(subnet: Ipv4Net, blocks: u64) -> Option<Vec<Ipv4Net>> {
    if blocks == 0 {
        return Some(Vec::new());
    }
    if blocks > free_blocks(subnet.prefix_len()) {
        return None;
    }
    let base = u64::from(u32::from(subnet.network()));
    Some(range(base + 16, base + 16 * (blocks + 1) - 1).collect())
}

/// Parses a subnet CIDR strictly: a network address (no host bits) with a prefix /16 to /28.
pub fn parse_subnet(s: &str) -> Result<Ipv4Net, String> {
    let net = parse_network(s)?;
    if net.prefix_len() < MIN_PREFIX_LEN || net.prefix_len() > MAX_PREFIX_LEN {
        return Err(format!(
            "'{s}': a subnet must be /{MIN_PREFIX_LEN} to /{MAX_PREFIX_LEN} (AWS limits), not /{}",
            net.prefix_len()
        ));
    }
    Ok(net)
}

/// Parses an IPv4 CIDR that must be a network address (`10.0.0.0/16`, not `10.0.0.1/16`).
pub fn parse_network(s: &str) -> Result<Ipv4Net, String> {
    let t = s.trim();
    let net: Ipv4Net = t
        .parse()
        .map_err(|_| format!("'{s}' is not an IPv4 CIDR such as 10.0.0.0/22"))?;
    if net.network() != net.addr() {
        return Err(format!(
            "'{s}' has host bits set: the network address is {}",
            net.trunc()
        ));
    }
    Ok(net)
}

/// The first pair of overlapping networks, if any.
pub fn first_overlap(nets: &[Ipv4Net]) -> Option<(Ipv4Net, Ipv4Net)> {
    for (i, a) in nets.iter().enumerate() {
        for b in &nets[i + 1..] {
            if a.contains(b) || b.contains(a) {
                return Some((*a, *b));
            }
        }
    }
    None
}

/// Carves `vpc` into one aligned subnet per requested prefix length, largest first, without
/// overlap. Returns the subnets in request order, or the address shortfall when they do not
/// fit.
pub fn carve(vpc: Ipv4Net, lens: &[u8]) -> Result<Vec<Ipv4Net>, u64> {
    let need: u64 = lens.iter().map(|&l| size(l)).sum();
    let have = size(vpc.prefix_len());
    if need > have || lens.iter().any(|&l| l < vpc.prefix_len() || l > 32) {
        return Err(need.saturating_sub(have).max(1));
    }
    let mut order: Vec<usize> = (0..lens.len()).collect();
    order.sort_by_key(|&i| (lens[i], i));
    let base = u64::from(u32::from(vpc.network()));
    let mut cursor = 0u64;
    let mut out = vec![vpc; lens.len()];
    for i in order {
        // Sizes are non-increasing, so the cursor is always aligned to the next block.
        let addr = Ipv4Addr::from((base + cursor) as u32);
        out[i] = Ipv4Net::new(addr, lens[i]).map_err(|_| 1u64)?;
        cursor += size(lens[i]);
    }
    Ok(out)
}

/// The parts of `vpc` not covered by `used`, as aligned CIDRs in address order.
pub fn leftover(vpc: Ipv4Net, used: &[Ipv4Net]) -> Vec<Ipv4Net> {
    let mut used: Vec<Ipv4Net> = used.iter().filter(|n| vpc.contains(*n)).copied().collect();
    used.sort();
    let mut out = Vec::new();
    let mut cursor = u64::from(u32::from(vpc.network()));
    let end = u64::from(u32::from(vpc.broadcast()));
    for n in used {
        let start = u64::from(u32::from(n.network()));
        if start > cursor {
            out.extend(range(cursor, start - 1));
        }
        cursor = cursor.max(u64::from(u32::from(n.broadcast())) + 1);
    }
    if cursor <= end {
        out.extend(range(cursor, end));
    }
    out
}

fn range(first: u64, last: u64) -> Ipv4Subnets {
    Ipv4Subnets::new(Ipv4Addr::from(first as u32), Ipv4Addr::from(last as u32), 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn usable_addresses_match_the_design() {
        // shared/design/subnet.md: 2^(32-n) - 5.
        assert_eq!(usable_ipv4(19), 8187);
        assert_eq!(usable_ipv4(20), 4091);
        assert_eq!(usable_ipv4(22), 1019);
        assert_eq!(usable_ipv4(23), 507);
        assert_eq!(usable_ipv4(24), 251);
        assert_eq!(usable_ipv4(28), 11);
    }

    #[test]
    fn free_28_blocks_match_the_design() {
        assert_eq!(free_blocks(22), 62);
        assert_eq!(free_blocks(23), 30);
        assert_eq!(free_blocks(24), 14);
        assert_eq!(free_blocks(28), 0);
    }

    #[test]
    fn smallest_prefix() {
        let d = Demand {
            singles: 251,
            blocks: 0,
        };
        assert_eq!(d.smallest_prefix_len(), Some(24));
        let d = Demand {
            singles: 252,
            blocks: 0,
        };
        assert_eq!(d.smallest_prefix_len(), Some(23));
        // 14 blocks fit a /24 (224 + 27 = 251 usable), 15 do not.
        let d = Demand {
            singles: 27,
            blocks: 14,
        };
        assert_eq!(d.smallest_prefix_len(), Some(24));
        let d = Demand {
            singles: 0,
            blocks: 15,
        };
        assert_eq!(d.smallest_prefix_len(), Some(23));
        let d = Demand {
            singles: 70_000,
            blocks: 0,
        };
        assert_eq!(d.smallest_prefix_len(), None);
    }

    #[test]
    fn reservation_sizes() {
        assert_eq!(reservation_prefix_lens(1), [28]);
        assert_eq!(reservation_prefix_lens(14), [25, 26, 27]);
        assert_eq!(reservation_prefix_lens(91), [22, 24, 25, 27, 28]);
        assert!(reservation_prefix_lens(0).is_empty());
        let net: Ipv4Net = "10.0.0.0/24".parse().unwrap();
        let got: Vec<String> = reservation_cidrs(net, 14)
            .unwrap()
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(
            got,
            [
                "10.0.0.16/28",
                "10.0.0.32/27",
                "10.0.0.64/26",
                "10.0.0.128/26",
                "10.0.0.192/27",
                "10.0.0.224/28"
            ]
        );
        assert_eq!(reservation_cidrs(net, 15), None);
    }

    #[test]
    fn strict_parsing() {
        assert!(parse_subnet("10.0.0.0/22").is_ok());
        let e = parse_subnet("10.0.1.0/22").unwrap_err();
        assert!(e.contains("host bits") && e.contains("10.0.0.0/22"), "{e}");
        assert!(parse_subnet("10.0.0.0/29").unwrap_err().contains("/28"));
        assert!(parse_subnet("10.0.0.0/8").unwrap_err().contains("/16"));
        assert!(
            parse_subnet("banana")
                .unwrap_err()
                .contains("not an IPv4 CIDR")
        );
        assert!(parse_subnet("10.0.0.0/33").is_err());
    }

    #[test]
    fn overlaps() {
        let a: Ipv4Net = "10.0.0.0/22".parse().unwrap();
        let b: Ipv4Net = "10.0.2.0/24".parse().unwrap();
        let c: Ipv4Net = "10.0.4.0/22".parse().unwrap();
        assert_eq!(first_overlap(&[a, c]), None);
        assert_eq!(first_overlap(&[a, c, b]), Some((a, b)));
    }

    #[test]
    fn carve_and_leftover() {
        let vpc: Ipv4Net = "10.0.0.0/16".parse().unwrap();
        let got = carve(vpc, &[24, 19, 19]).unwrap();
        assert_eq!(
            got.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            ["10.0.64.0/24", "10.0.0.0/19", "10.0.32.0/19"]
        );
        let left = leftover(vpc, &got);
        assert_eq!(
            left.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            [
                "10.0.65.0/24",
                "10.0.66.0/23",
                "10.0.68.0/22",
                "10.0.72.0/21",
                "10.0.80.0/20",
                "10.0.96.0/19",
                "10.0.128.0/17"
            ]
        );
        assert_eq!(carve(vpc, &[17, 17, 24]), Err(256));
    }

    proptest! {
        #[test]
        fn carved_subnets_are_disjoint_inside_and_leftover_completes(
            vpc_len in 16u8..=24,
            a in 0u32..=255, b in 0u32..=255,
            extra in proptest::collection::vec(0u8..=8, 1..10),
        ) {
            let vpc = Ipv4Net::new(Ipv4Addr::new(10, a as u8, b as u8, 0), vpc_len).unwrap().trunc();
            let lens: Vec<u8> = extra.iter().map(|e| (vpc_len + 1 + e).min(28)).collect();
            let need: u64 = lens.iter().map(|&l| size(l)).sum();
            match carve(vpc, &lens) {
                Ok(nets) => {
                    prop_assert!(need <= size(vpc_len));
                    for (n, &l) in nets.iter().zip(&lens) {
                        prop_assert!(vpc.contains(n), "{} outside {}", n, vpc);
                        prop_assert_eq!(n.prefix_len(), l);
                        prop_assert_eq!(n.network(), n.addr());
                    }
                    prop_assert_eq!(first_overlap(&nets), None);
                    let left = leftover(vpc, &nets);
                    let mut all = nets.clone();
                    all.extend(&left);
                    prop_assert_eq!(first_overlap(&all), None);
                    let total: u64 = all.iter().map(|n| size(n.prefix_len())).sum();
                    prop_assert_eq!(total, size(vpc_len));
                }
                Err(short) => prop_assert_eq!(short, need - size(vpc_len)),
            }
        }

        #[test]
        fn smallest_prefix_is_tight(singles in 0u64..70_000, blocks in 0u64..4_000) {
            let d = Demand { singles, blocks };
            match d.smallest_prefix_len() {
                Some(len) => {
                    prop_assert!(d.fits_in(len));
                    prop_assert!(len == MAX_PREFIX_LEN || !d.fits_in(len + 1));
                }
                None => prop_assert!(!d.fits_in(MIN_PREFIX_LEN)),
            }
        }
    }
}
