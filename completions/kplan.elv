
use builtin;
use str;

set edit:completion:arg-completer[kplan] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'kplan'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'kplan'= {
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand pods 'Max pods and allocatable CPU and memory per instance type'
            cand catalog 'Browse the instance catalog and refresh it from the EC2 API'
            cand fit 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline'
            cand subnet 'Subnet sizes: addresses per zone, CI check, nodes per subnet, VPC carving'
            cand completions 'Print shell completions to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kplan;pods'= {
            cand --family 'Only these families (e.g. m6i,c7g)'
            cand --arch 'Only types that support this architecture (amd64 or arm64)'
            cand --min-vcpus 'At least N vCPUs'
            cand --max-vcpus 'At most N vCPUs'
            cand --min-memory 'At least this much memory (GiB, or a quantity such as 16Gi or 8192Mi)'
            cand --max-memory 'At most this much memory (GiB, or a quantity such as 16Gi or 8192Mi)'
            cand --region 'Region for the price columns and the interruption band'
            cand --max-interruption 'Only types whose spot interruption band in the region is at most this (`<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%`; Spot Instance Advisor)'
            cand --sort 'Sort order'
            cand --max-enis 'The CNI''s MAX_ENI: use at most N ENIs per node'
            cand --cni-version 'VPC CNI version (X.Y.Z)'
            cand --max-pods 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)'
            cand --pods-per-core 'Kubelet podsPerCore: max pods at most N x vCPUs'
            cand --vm-memory-overhead 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)'
            cand --ami-family 'AMI family of the node class (decides the default root volume: 20Gi, Windows 50Gi)'
            cand --root-volume 'Root (ephemeral) volume size, e.g. 100Gi (the node class''s blockDeviceMappings)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand --prefix-delegation 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
            cand --custom-networking 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
            cand --ipv6 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
            cand --instance-store-raid0 'Ephemeral storage on the instance store (the node class''s instanceStorePolicy: RAID0)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;catalog'= {
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List instance types with filters, max pods and allocatable (like ec2-instance-selector)'
            cand show 'Everything known about one instance type, with where each group of fields came from'
            cand info 'One-screen summary of the catalog in use: types, origin, date, sources'
            cand update 'Build a catalog file from the live EC2 API (DescribeInstanceTypes, offerings, spot prices)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kplan;catalog;list'= {
            cand --vcpus 'vCPUs: MIN[:MAX]'
            cand --memory 'Memory: MIN[:MAX] as quantities (`4Gi`, `512Mi`; a bare number is GiB)'
            cand --memory-per-vcpu 'Memory per vCPU: MIN[:MAX] as quantities (`4Gi:` = at least 4 GiB per vCPU)'
            cand --arch 'Architectures (any of them)'
            cand --family 'Families, globs allowed (`m7i,c7*`)'
            cand --category 'Categories (`m,c,r`: Karpenter''s instance-category)'
            cand --min-generation 'Generation at least N (Karpenter''s instance-generation)'
            cand --gpus 'GPU count: MIN[:MAX] (`1` = at least one GPU, `:0` = none)'
            cand --region 'Only types offered in this region; also the region of the price columns and --max-price (default us-east-1 for prices, without the availability filter)'
            cand --max-price 'At most this on-demand price per hour (region''s currency); unknown prices are left out'
            cand --max-interruption 'Only types whose spot interruption band (Spot Instance Advisor, in --region) is at most this: `<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%`; unknown bands are left out'
            cand --allow 'Keep only types whose names match any of these globs (`m7i.*,c7g.*`)'
            cand --deny 'Drop types whose names match any of these globs (`*.metal*`)'
            cand --sort 'Sort order (unknown values last)'
            cand --limit 'Show at most N rows'
            cand --max-enis 'The CNI''s MAX_ENI: use at most N ENIs per node'
            cand --cni-version 'VPC CNI version (X.Y.Z)'
            cand --max-pods 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)'
            cand --pods-per-core 'Kubelet podsPerCore: max pods at most N x vCPUs'
            cand --vm-memory-overhead 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand --current-generation 'Only current-generation types'
            cand --burstable 'Only burstable types (t2, t3, t4g, ...)'
            cand --no-burstable 'No burstable types'
            cand --bare-metal 'Only bare-metal types'
            cand --no-bare-metal 'No bare-metal types'
            cand --spot 'Only spot-capable types'
            cand --reverse 'Reverse the sort order'
            cand --prefix-delegation 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
            cand --custom-networking 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
            cand --ipv6 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;catalog;show'= {
            cand --max-enis 'The CNI''s MAX_ENI: use at most N ENIs per node'
            cand --cni-version 'VPC CNI version (X.Y.Z)'
            cand --max-pods 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)'
            cand --pods-per-core 'Kubelet podsPerCore: max pods at most N x vCPUs'
            cand --vm-memory-overhead 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand --prefix-delegation 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
            cand --custom-networking 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
            cand --ipv6 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;catalog;info'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;catalog;update'= {
            cand --profile 'AWS profile (from ~/.aws/config); default: AWS_PROFILE or `default`'
            cand --region 'Region to query (availability, spot and on-demand prices); default: AWS_REGION or the profile''s region'
            cand --endpoint-url 'Custom endpoint for the EC2 and Pricing calls (private endpoints, or a local test server such as moto; add --no-pricing if it has no Pricing API)'
            cand --out 'Where to write the catalog (default: the per-user location below)'
            cand --max-changes 'Show at most N lines per kind of change in the diff'
            cand --timeout 'Give up after this many seconds in all (every page, every retry); one request may take at most 120 s of it'
            cand --connect-timeout 'Give up on a connection that does not open within this many seconds'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand --zones 'Also query per-zone offerings: report the types not offered in every zone, and the zones of each new type'
            cand --no-pricing 'Do not call the Pricing API; keep the base catalog''s on-demand prices'
            cand --dry-run 'Show what would change without writing the file'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;catalog;help'= {
            cand list 'List instance types with filters, max pods and allocatable (like ec2-instance-selector)'
            cand show 'Everything known about one instance type, with where each group of fields came from'
            cand info 'One-screen summary of the catalog in use: types, origin, date, sources'
            cand update 'Build a catalog file from the live EC2 API (DescribeInstanceTypes, offerings, spot prices)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kplan;catalog;help;list'= {
        }
        &'kplan;catalog;help;show'= {
        }
        &'kplan;catalog;help;info'= {
        }
        &'kplan;catalog;help;update'= {
        }
        &'kplan;catalog;help;help'= {
        }
        &'kplan;fit'= {
            cand --hpa 'HorizontalPodAutoscalers: plan for maxReplicas (`max`) or minReplicas (`min`)'
            cand --current 'Today''s node groups (`type=count` lines or a YAML map `type: count`): shows today''s cost beside the plan and whether today''s nodes hold the workload'
            cand --region 'Region for prices and availability (overrides `region:`)'
            cand --capacity-type 'On-demand or spot prices (overrides `capacityType:`)'
            cand --max-interruption 'Spot only from types whose Spot Instance Advisor interruption band is at most this: `<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%` (overrides `maxInterruption:`)'
            cand --zones 'Availability zones to spread over, 1 to 6 (overrides `zones:`)'
            cand --max-pods 'Kubelet max pods: a number, `recommended` (110/250 caps) or `max-allowed` (the IP limit) (overrides `networking.maxPods`)'
            cand --time-limit 'Stop improving the plan after this long (`500ms`, `10s`, `2m`; a bare number is seconds) and print the best plan with a still-valid lower bound. The one option whose answer can depend on the machine: without it the solver''s limits count work, not time'
            cand --discount 'A flat discount off every price (EDP, private pricing): `12%` (overrides `discount:`)'
            cand --prices 'The account''s own on-demand prices: a CSV file with the header `instance_type,region,usd_per_hour` (adds to and overrides `prices:`)'
            cand --cluster-fee 'Add the EKS cluster fee to the cost summary: `standard` (0.10 USD/hour) or `extended` support (0.60)'
            cand --fargate 'Fargate beside EC2: `compare` (each workload''s Fargate size and cost), `mixed` (eligible workloads on Fargate where cheaper) or `only` (every eligible workload on Fargate); overrides `fargate:` (docs/fargate.md)'
            cand --effort 'How much work the solver spends: `quick` (a plan sooner, a looser bound), `normal`, or `thorough` (more search for a cheaper plan and a tighter bound)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand --prefix-delegation 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
            cand --custom-networking 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
            cand --ipv6 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;subnet'= {
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand size 'Addresses per zone and the subnet sizes that hold them (with headroom)'
            cand check 'CI gate: do the existing subnets hold the nodes? Exit 1 when a zone does not fit'
            cand capacity 'How many nodes (and pods) of a type a subnet holds'
            cand plan 'Carve a VPC CIDR into per-zone node, pod and public subnets'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kplan;subnet;size'= {
            cand --instance-type 'An instance type; pair each with a --nodes (repeatable)'
            cand --nodes 'Node count for the --instance-type at the same position (repeatable)'
            cand --plan 'A `kplan fit -o json` plan: its node groups (type, count, zone, pods per node)'
            cand --zones 'Availability zones: a number (named a, b, c, ...) or names (us-east-1a,us-east-1b). Nodes without a zone spread evenly; each zone is sized for the fullest share'
            cand --max-enis 'The CNI''s MAX_ENI: use at most N ENIs per node'
            cand --cni-version 'VPC CNI version (X.Y.Z)'
            cand --max-pods 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)'
            cand --pods-per-core 'Kubelet podsPerCore: max pods at most N x vCPUs'
            cand --vm-memory-overhead 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)'
            cand --pods-per-node 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]'
            cand --warm-eni-target 'The CNI''s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)'
            cand --warm-ip-target 'The CNI''s WARM_IP_TARGET: spare addresses per node'
            cand --minimum-ip-target 'The CNI''s MINIMUM_IP_TARGET: addresses each node holds at least'
            cand --warm-prefix-target 'The CNI''s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)'
            cand --security-group-pods 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)'
            cand --surge 'Extra nodes during a rolling upgrade: percent of each node group''s nodes in each zone, rounded up per group (a surge node is of its group''s type and holds its addresses)'
            cand --load-balancers 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)'
            cand --endpoints 'Interface VPC endpoints in these subnets (one address each per subnet)'
            cand --headroom 'Growth headroom for the recommended prefix length, percent'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand --prefix-delegation 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
            cand --custom-networking 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
            cand --ipv6 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
            cand --control-plane 'Reserve 16 addresses per subnet for the EKS control plane''s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;subnet;check'= {
            cand --instance-type 'An instance type; pair each with a --nodes (repeatable)'
            cand --nodes 'Node count for the --instance-type at the same position (repeatable)'
            cand --plan 'A `kplan fit -o json` plan: its node groups (type, count, zone, pods per node)'
            cand --zones 'Availability zones: a number (named a, b, c, ...) or names (us-east-1a,us-east-1b). Nodes without a zone spread evenly; each zone is sized for the fullest share'
            cand --cidr 'An existing node subnet, one per zone (zones named a, b, ... in order, or by --zones)'
            cand --subnet 'An existing node subnet with its zone: ZONE=CIDR (repeatable)'
            cand --pod-cidr 'Custom networking: a pod (ENIConfig) subnet per zone, in the zones'' order'
            cand --pod-subnet 'Custom networking: a pod subnet with its zone: ZONE=CIDR (repeatable)'
            cand --max-utilization 'Fail when a subnet would be fuller than this: `80%` or the share `0.8` (the same)'
            cand --max-enis 'The CNI''s MAX_ENI: use at most N ENIs per node'
            cand --cni-version 'VPC CNI version (X.Y.Z)'
            cand --max-pods 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)'
            cand --pods-per-core 'Kubelet podsPerCore: max pods at most N x vCPUs'
            cand --vm-memory-overhead 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)'
            cand --pods-per-node 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]'
            cand --warm-eni-target 'The CNI''s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)'
            cand --warm-ip-target 'The CNI''s WARM_IP_TARGET: spare addresses per node'
            cand --minimum-ip-target 'The CNI''s MINIMUM_IP_TARGET: addresses each node holds at least'
            cand --warm-prefix-target 'The CNI''s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)'
            cand --security-group-pods 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)'
            cand --surge 'Extra nodes during a rolling upgrade: percent of each node group''s nodes in each zone, rounded up per group (a surge node is of its group''s type and holds its addresses)'
            cand --load-balancers 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)'
            cand --endpoints 'Interface VPC endpoints in these subnets (one address each per subnet)'
            cand -o 'Output format (markdown for a pull-request comment)'
            cand --output 'Output format (markdown for a pull-request comment)'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand --prefix-delegation 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
            cand --custom-networking 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
            cand --ipv6 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
            cand --control-plane 'Reserve 16 addresses per subnet for the EKS control plane''s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;subnet;capacity'= {
            cand --instance-type 'An instance type (repeatable; same as a positional TYPE)'
            cand --cidr 'The node subnet'
            cand --pod-cidr 'Custom networking: the pod (ENIConfig) subnet'
            cand --max-enis 'The CNI''s MAX_ENI: use at most N ENIs per node'
            cand --cni-version 'VPC CNI version (X.Y.Z)'
            cand --max-pods 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)'
            cand --pods-per-core 'Kubelet podsPerCore: max pods at most N x vCPUs'
            cand --vm-memory-overhead 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)'
            cand --pods-per-node 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]'
            cand --warm-eni-target 'The CNI''s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)'
            cand --warm-ip-target 'The CNI''s WARM_IP_TARGET: spare addresses per node'
            cand --minimum-ip-target 'The CNI''s MINIMUM_IP_TARGET: addresses each node holds at least'
            cand --warm-prefix-target 'The CNI''s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)'
            cand --security-group-pods 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)'
            cand --surge 'Extra nodes during a rolling upgrade: percent of each node group''s nodes in each zone, rounded up per group (a surge node is of its group''s type and holds its addresses)'
            cand --load-balancers 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)'
            cand --endpoints 'Interface VPC endpoints in these subnets (one address each per subnet)'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand --prefix-delegation 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
            cand --custom-networking 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
            cand --ipv6 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
            cand --control-plane 'Reserve 16 addresses per subnet for the EKS control plane''s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;subnet;plan'= {
            cand --vpc 'The VPC CIDR to carve (/16 to /28)'
            cand --pod-vpc 'Custom networking: carve the pod subnets from this secondary VPC CIDR (e.g. 100.64.0.0/16) instead of the VPC CIDR'
            cand --public-prefix 'Prefix length of each public subnet [default: the smallest that holds the load balancers (8 addresses per ALB) and a NAT gateway with headroom, at least a /27 as ALBs require]'
            cand --instance-type 'An instance type; pair each with a --nodes (repeatable)'
            cand --nodes 'Node count for the --instance-type at the same position (repeatable)'
            cand --plan 'A `kplan fit -o json` plan: its node groups (type, count, zone, pods per node)'
            cand --zones 'Availability zones: a number (named a, b, c, ...) or names (us-east-1a,us-east-1b). Nodes without a zone spread evenly; each zone is sized for the fullest share'
            cand --max-enis 'The CNI''s MAX_ENI: use at most N ENIs per node'
            cand --cni-version 'VPC CNI version (X.Y.Z)'
            cand --max-pods 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)'
            cand --pods-per-core 'Kubelet podsPerCore: max pods at most N x vCPUs'
            cand --vm-memory-overhead 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)'
            cand --pods-per-node 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]'
            cand --warm-eni-target 'The CNI''s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)'
            cand --warm-ip-target 'The CNI''s WARM_IP_TARGET: spare addresses per node'
            cand --minimum-ip-target 'The CNI''s MINIMUM_IP_TARGET: addresses each node holds at least'
            cand --warm-prefix-target 'The CNI''s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)'
            cand --security-group-pods 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)'
            cand --surge 'Extra nodes during a rolling upgrade: percent of each node group''s nodes in each zone, rounded up per group (a surge node is of its group''s type and holds its addresses)'
            cand --load-balancers 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)'
            cand --endpoints 'Interface VPC endpoints in these subnets (one address each per subnet)'
            cand --headroom 'Growth headroom, percent: each subnet holds this much more than required'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand --no-public 'No public subnets'
            cand --prefix-delegation 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
            cand --custom-networking 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
            cand --ipv6 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
            cand --control-plane 'Reserve 16 addresses per subnet for the EKS control plane''s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;subnet;help'= {
            cand size 'Addresses per zone and the subnet sizes that hold them (with headroom)'
            cand check 'CI gate: do the existing subnets hold the nodes? Exit 1 when a zone does not fit'
            cand capacity 'How many nodes (and pods) of a type a subnet holds'
            cand plan 'Carve a VPC CIDR into per-zone node, pod and public subnets'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kplan;subnet;help;size'= {
        }
        &'kplan;subnet;help;check'= {
        }
        &'kplan;subnet;help;capacity'= {
        }
        &'kplan;subnet;help;plan'= {
        }
        &'kplan;subnet;help;help'= {
        }
        &'kplan;completions'= {
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;help'= {
            cand pods 'Max pods and allocatable CPU and memory per instance type'
            cand catalog 'Browse the instance catalog and refresh it from the EC2 API'
            cand fit 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline'
            cand subnet 'Subnet sizes: addresses per zone, CI check, nodes per subnet, VPC carving'
            cand completions 'Print shell completions to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kplan;help;pods'= {
        }
        &'kplan;help;catalog'= {
            cand list 'List instance types with filters, max pods and allocatable (like ec2-instance-selector)'
            cand show 'Everything known about one instance type, with where each group of fields came from'
            cand info 'One-screen summary of the catalog in use: types, origin, date, sources'
            cand update 'Build a catalog file from the live EC2 API (DescribeInstanceTypes, offerings, spot prices)'
        }
        &'kplan;help;catalog;list'= {
        }
        &'kplan;help;catalog;show'= {
        }
        &'kplan;help;catalog;info'= {
        }
        &'kplan;help;catalog;update'= {
        }
        &'kplan;help;fit'= {
        }
        &'kplan;help;subnet'= {
            cand size 'Addresses per zone and the subnet sizes that hold them (with headroom)'
            cand check 'CI gate: do the existing subnets hold the nodes? Exit 1 when a zone does not fit'
            cand capacity 'How many nodes (and pods) of a type a subnet holds'
            cand plan 'Carve a VPC CIDR into per-zone node, pod and public subnets'
        }
        &'kplan;help;subnet;size'= {
        }
        &'kplan;help;subnet;check'= {
        }
        &'kplan;help;subnet;capacity'= {
        }
        &'kplan;help;subnet;plan'= {
        }
        &'kplan;help;completions'= {
        }
        &'kplan;help;help'= {
        }
    ]
    $completions[$command]
}
