#!/usr/bin/env python3
"""Builds tests/data/catalog-sample.jsonl: 13 real instance types for the `catalog list` tests.

Values come from the reference files (shared/reference/: instance-types.csv, vpc-limits.csv,
karpenter-vpc-limits.csv, on-demand-prices.csv, instance-type-regions.csv). Spot prices are
invented test values (the reference has none); the header says so. Run from the repository root:
    python3 tests/data/make-catalog-sample.py ../shared/reference > tests/data/catalog-sample.jsonl
"""
import csv, json, sys, os

ref = sys.argv[1]
NAMES = ['m5.large', 'm5.xlarge', 'm6g.large', 'c7g.xlarge', 't3.micro', 't4g.medium', 'g5.xlarge',
         'm5.metal', 'r5.2xlarge', 'm4.large', 'm1.small', 'c5.large', 'x2gd.medium']
SPOT = {'m5.large': 0.035, 'm6g.large': 0.03, 'c7g.xlarge': 0.05, 't3.micro': 0.004, 'c5.large': 0.031}
rd = lambda f: {r['instance_type']: r for r in csv.DictReader(open(os.path.join(ref, f)))}
it, vpc, kar = rd('instance-types.csv'), rd('vpc-limits.csv'), rd('karpenter-vpc-limits.csv')
prices = {}
for r in csv.DictReader(open(os.path.join(ref, 'on-demand-prices.csv'))):
    prices.setdefault(r['instance_type'], {})[r['region']] = float(r['usd_per_hour'])
regions = {}
for r in csv.DictReader(open(os.path.join(ref, 'instance-type-regions.csv'))):
    regions.setdefault(r['instance_type'], []).append(r['region'])
arch = {'x86_64': 'amd64', 'arm64': 'arm64'}
b = lambda s: s == 'true'
print(json.dumps({"kplan_catalog": 1, "generated": "2026-08-21", "origin": "test-sample",
                  "sources": [{"id": "reference", "origin": "shared/reference (see its README)", "revision": "",
                               "date": "2026-08-21", "fields": "all but spot_prices"}],
                  "decisions": ["spot_prices are invented test values for the sort tests"]}))
for n in sorted(NAMES):
    i, v, k = it[n], vpc[n], kar.get(n)
    fam, size = n.split('.')
    cat = ''.join(c for c in fam if not c.isdigit()).split('-')[0]
    cat = fam[:len(fam) - len(fam.lstrip('abcdefghijklmnopqrstuvwxyz-'))]
    gen = ''.join(c for c in fam[len(cat):] if c.isdigit())[:1]
    gpus = int(i['gpus'])
    rec = {"name": n, "family": fam, "category": cat, "generation": int(gen), "size": size,
           "vcpus": int(i['vcpus']), "memory_mib": int(i['memory_mib']),
           "architectures": sorted({arch[a] for a in i['architectures'].split(';') if a in arch}),
           "hypervisor": i['hypervisor'] or None, "bare_metal": b(i['bare_metal']),
           "enis": int(v['eni_limit']), "ipv4_per_eni": int(v['ipv4_per_eni']),
           "ipv6_per_eni": int(i['ipv6_per_interface']) if i['ipv6_per_interface'] else None,
           "network_cards": int(v['network_cards']),
           "network_card_max_enis": [int(x) for x in v['network_card_max_enis'].split(';')],
           "default_network_card_index": int(v['default_network_card_index']),
           "trunking": b(k['is_trunking_compatible']) if k else None,
           "branch_enis": int(k['branch_interfaces']) if k else None,
           "gpu": {"count": gpus, "manufacturer": i['gpu_manufacturer'], "name": i['gpu_name'],
                   "memory_mib": int(i['gpu_memory_mib'])} if gpus else None,
           "local_storage_gb": int(i['local_storage_gb']), "current_generation": b(i['current_generation']),
           "burstable": b(i['burstable']), "spot": 'spot' in i['supported_usage_classes'].split(';'),
           "regions": sorted(regions.get(n, [])), "on_demand": prices.get(n, {}),
           "spot_prices": {"us-east-1": SPOT[n]} if n in SPOT else {},
           "provenance": {"hardware": "reference", "network": "reference"}}
    print(json.dumps(rec))
