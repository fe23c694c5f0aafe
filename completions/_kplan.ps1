
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kplan' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kplan'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kplan' {
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('pods', 'pods', [CompletionResultType]::ParameterValue, 'Max pods and allocatable CPU and memory per instance type')
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'Browse the instance catalog and refresh it from the EC2 API')
            [CompletionResult]::new('fit', 'fit', [CompletionResultType]::ParameterValue, 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline')
            [CompletionResult]::new('subnet', 'subnet', [CompletionResultType]::ParameterValue, 'Subnet sizes: addresses per zone, CI check, nodes per subnet, VPC carving')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kplan;pods' {
            [CompletionResult]::new('--family', '--family', [CompletionResultType]::ParameterName, 'Only these families (e.g. m6i,c7g)')
            [CompletionResult]::new('--arch', '--arch', [CompletionResultType]::ParameterName, 'Only types that support this architecture (amd64 or arm64)')
            [CompletionResult]::new('--min-vcpus', '--min-vcpus', [CompletionResultType]::ParameterName, 'At least N vCPUs')
            [CompletionResult]::new('--max-vcpus', '--max-vcpus', [CompletionResultType]::ParameterName, 'At most N vCPUs')
            [CompletionResult]::new('--min-memory', '--min-memory', [CompletionResultType]::ParameterName, 'At least this much memory (GiB, or a quantity such as 16Gi or 8192Mi)')
            [CompletionResult]::new('--max-memory', '--max-memory', [CompletionResultType]::ParameterName, 'At most this much memory (GiB, or a quantity such as 16Gi or 8192Mi)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for the price columns and the interruption band')
            [CompletionResult]::new('--max-interruption', '--max-interruption', [CompletionResultType]::ParameterName, 'Only types whose spot interruption band in the region is at most this (`<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%`; Spot Instance Advisor)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort order')
            [CompletionResult]::new('--max-enis', '--max-enis', [CompletionResultType]::ParameterName, 'The CNI''s MAX_ENI: use at most N ENIs per node')
            [CompletionResult]::new('--cni-version', '--cni-version', [CompletionResultType]::ParameterName, 'VPC CNI version (X.Y.Z)')
            [CompletionResult]::new('--max-pods', '--max-pods', [CompletionResultType]::ParameterName, 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)')
            [CompletionResult]::new('--pods-per-core', '--pods-per-core', [CompletionResultType]::ParameterName, 'Kubelet podsPerCore: max pods at most N x vCPUs')
            [CompletionResult]::new('--vm-memory-overhead', '--vm-memory-overhead', [CompletionResultType]::ParameterName, 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)')
            [CompletionResult]::new('--ami-family', '--ami-family', [CompletionResultType]::ParameterName, 'AMI family of the node class (decides the default root volume: 20Gi, Windows 50Gi)')
            [CompletionResult]::new('--root-volume', '--root-volume', [CompletionResultType]::ParameterName, 'Root (ephemeral) volume size, e.g. 100Gi (the node class''s blockDeviceMappings)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('--prefix-delegation', '--prefix-delegation', [CompletionResultType]::ParameterName, 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why')
            [CompletionResult]::new('--custom-networking', '--custom-networking', [CompletionResultType]::ParameterName, 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs')
            [CompletionResult]::new('--ipv6', '--ipv6', [CompletionResultType]::ParameterName, 'IPv6 cluster: addresses do not limit pods (Nitro types only)')
            [CompletionResult]::new('--instance-store-raid0', '--instance-store-raid0', [CompletionResultType]::ParameterName, 'Ephemeral storage on the instance store (the node class''s instanceStorePolicy: RAID0)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;catalog' {
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List instance types with filters, max pods and allocatable (like ec2-instance-selector)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything known about one instance type, with where each group of fields came from')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'One-screen summary of the catalog in use: types, origin, date, sources')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Build a catalog file from the live EC2 API (DescribeInstanceTypes, offerings, spot prices)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kplan;catalog;list' {
            [CompletionResult]::new('--vcpus', '--vcpus', [CompletionResultType]::ParameterName, 'vCPUs: MIN[:MAX]')
            [CompletionResult]::new('--memory', '--memory', [CompletionResultType]::ParameterName, 'Memory: MIN[:MAX] as quantities (`4Gi`, `512Mi`; a bare number is GiB)')
            [CompletionResult]::new('--memory-per-vcpu', '--memory-per-vcpu', [CompletionResultType]::ParameterName, 'Memory per vCPU: MIN[:MAX] as quantities (`4Gi:` = at least 4 GiB per vCPU)')
            [CompletionResult]::new('--arch', '--arch', [CompletionResultType]::ParameterName, 'Architectures (any of them)')
            [CompletionResult]::new('--family', '--family', [CompletionResultType]::ParameterName, 'Families, globs allowed (`m7i,c7*`)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Categories (`m,c,r`: Karpenter''s instance-category)')
            [CompletionResult]::new('--min-generation', '--min-generation', [CompletionResultType]::ParameterName, 'Generation at least N (Karpenter''s instance-generation)')
            [CompletionResult]::new('--gpus', '--gpus', [CompletionResultType]::ParameterName, 'GPU count: MIN[:MAX] (`1` = at least one GPU, `:0` = none)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Only types offered in this region; also the region of the price columns and --max-price (default us-east-1 for prices, without the availability filter)')
            [CompletionResult]::new('--max-price', '--max-price', [CompletionResultType]::ParameterName, 'At most this on-demand price per hour (region''s currency); unknown prices are left out')
            [CompletionResult]::new('--max-interruption', '--max-interruption', [CompletionResultType]::ParameterName, 'Only types whose spot interruption band (Spot Instance Advisor, in --region) is at most this: `<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%`; unknown bands are left out')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Keep only types whose names match any of these globs (`m7i.*,c7g.*`)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Drop types whose names match any of these globs (`*.metal*`)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort order (unknown values last)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N rows')
            [CompletionResult]::new('--max-enis', '--max-enis', [CompletionResultType]::ParameterName, 'The CNI''s MAX_ENI: use at most N ENIs per node')
            [CompletionResult]::new('--cni-version', '--cni-version', [CompletionResultType]::ParameterName, 'VPC CNI version (X.Y.Z)')
            [CompletionResult]::new('--max-pods', '--max-pods', [CompletionResultType]::ParameterName, 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)')
            [CompletionResult]::new('--pods-per-core', '--pods-per-core', [CompletionResultType]::ParameterName, 'Kubelet podsPerCore: max pods at most N x vCPUs')
            [CompletionResult]::new('--vm-memory-overhead', '--vm-memory-overhead', [CompletionResultType]::ParameterName, 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('--current-generation', '--current-generation', [CompletionResultType]::ParameterName, 'Only current-generation types')
            [CompletionResult]::new('--burstable', '--burstable', [CompletionResultType]::ParameterName, 'Only burstable types (t2, t3, t4g, ...)')
            [CompletionResult]::new('--no-burstable', '--no-burstable', [CompletionResultType]::ParameterName, 'No burstable types')
            [CompletionResult]::new('--bare-metal', '--bare-metal', [CompletionResultType]::ParameterName, 'Only bare-metal types')
            [CompletionResult]::new('--no-bare-metal', '--no-bare-metal', [CompletionResultType]::ParameterName, 'No bare-metal types')
            [CompletionResult]::new('--spot', '--spot', [CompletionResultType]::ParameterName, 'Only spot-capable types')
            [CompletionResult]::new('--reverse', '--reverse', [CompletionResultType]::ParameterName, 'Reverse the sort order')
            [CompletionResult]::new('--prefix-delegation', '--prefix-delegation', [CompletionResultType]::ParameterName, 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why')
            [CompletionResult]::new('--custom-networking', '--custom-networking', [CompletionResultType]::ParameterName, 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs')
            [CompletionResult]::new('--ipv6', '--ipv6', [CompletionResultType]::ParameterName, 'IPv6 cluster: addresses do not limit pods (Nitro types only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;catalog;show' {
            [CompletionResult]::new('--max-enis', '--max-enis', [CompletionResultType]::ParameterName, 'The CNI''s MAX_ENI: use at most N ENIs per node')
            [CompletionResult]::new('--cni-version', '--cni-version', [CompletionResultType]::ParameterName, 'VPC CNI version (X.Y.Z)')
            [CompletionResult]::new('--max-pods', '--max-pods', [CompletionResultType]::ParameterName, 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)')
            [CompletionResult]::new('--pods-per-core', '--pods-per-core', [CompletionResultType]::ParameterName, 'Kubelet podsPerCore: max pods at most N x vCPUs')
            [CompletionResult]::new('--vm-memory-overhead', '--vm-memory-overhead', [CompletionResultType]::ParameterName, 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('--prefix-delegation', '--prefix-delegation', [CompletionResultType]::ParameterName, 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why')
            [CompletionResult]::new('--custom-networking', '--custom-networking', [CompletionResultType]::ParameterName, 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs')
            [CompletionResult]::new('--ipv6', '--ipv6', [CompletionResultType]::ParameterName, 'IPv6 cluster: addresses do not limit pods (Nitro types only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;catalog;info' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;catalog;update' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (from ~/.aws/config); default: AWS_PROFILE or `default`')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region to query (availability, spot and on-demand prices); default: AWS_REGION or the profile''s region')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Custom endpoint for the EC2 and Pricing calls (private endpoints, or a local test server such as moto; add --no-pricing if it has no Pricing API)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the catalog (default: the per-user location below)')
            [CompletionResult]::new('--max-changes', '--max-changes', [CompletionResultType]::ParameterName, 'Show at most N lines per kind of change in the diff')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this many seconds in all (every page, every retry); one request may take at most 120 s of it')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Give up on a connection that does not open within this many seconds')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'Also query per-zone offerings: report the types not offered in every zone, and the zones of each new type')
            [CompletionResult]::new('--no-pricing', '--no-pricing', [CompletionResultType]::ParameterName, 'Do not call the Pricing API; keep the base catalog''s on-demand prices')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change without writing the file')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;catalog;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List instance types with filters, max pods and allocatable (like ec2-instance-selector)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything known about one instance type, with where each group of fields came from')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'One-screen summary of the catalog in use: types, origin, date, sources')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Build a catalog file from the live EC2 API (DescribeInstanceTypes, offerings, spot prices)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kplan;catalog;help;list' {
            break
        }
        'kplan;catalog;help;show' {
            break
        }
        'kplan;catalog;help;info' {
            break
        }
        'kplan;catalog;help;update' {
            break
        }
        'kplan;catalog;help;help' {
            break
        }
        'kplan;fit' {
            [CompletionResult]::new('--hpa', '--hpa', [CompletionResultType]::ParameterName, 'HorizontalPodAutoscalers: plan for maxReplicas (`max`) or minReplicas (`min`)')
            [CompletionResult]::new('--current', '--current', [CompletionResultType]::ParameterName, 'Today''s node groups (`type=count` lines or a YAML map `type: count`): shows today''s cost beside the plan and whether today''s nodes hold the workload')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for prices and availability (overrides `region:`)')
            [CompletionResult]::new('--capacity-type', '--capacity-type', [CompletionResultType]::ParameterName, 'On-demand or spot prices (overrides `capacityType:`)')
            [CompletionResult]::new('--max-interruption', '--max-interruption', [CompletionResultType]::ParameterName, 'Spot only from types whose Spot Instance Advisor interruption band is at most this: `<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%` (overrides `maxInterruption:`)')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'Availability zones to spread over, 1 to 6 (overrides `zones:`)')
            [CompletionResult]::new('--max-pods', '--max-pods', [CompletionResultType]::ParameterName, 'Kubelet max pods: a number, `recommended` (110/250 caps) or `max-allowed` (the IP limit) (overrides `networking.maxPods`)')
            [CompletionResult]::new('--time-limit', '--time-limit', [CompletionResultType]::ParameterName, 'Stop improving the plan after this long (`500ms`, `10s`, `2m`; a bare number is seconds) and print the best plan with a still-valid lower bound. The one option whose answer can depend on the machine: without it the solver''s limits count work, not time')
            [CompletionResult]::new('--discount', '--discount', [CompletionResultType]::ParameterName, 'A flat discount off every price (EDP, private pricing): `12%` (overrides `discount:`)')
            [CompletionResult]::new('--prices', '--prices', [CompletionResultType]::ParameterName, 'The account''s own on-demand prices: a CSV file with the header `instance_type,region,usd_per_hour` (adds to and overrides `prices:`)')
            [CompletionResult]::new('--cluster-fee', '--cluster-fee', [CompletionResultType]::ParameterName, 'Add the EKS cluster fee to the cost summary: `standard` (0.10 USD/hour) or `extended` support (0.60)')
            [CompletionResult]::new('--fargate', '--fargate', [CompletionResultType]::ParameterName, 'Fargate beside EC2: `compare` (each workload''s Fargate size and cost), `mixed` (eligible workloads on Fargate where cheaper) or `only` (every eligible workload on Fargate); overrides `fargate:` (docs/fargate.md)')
            [CompletionResult]::new('--effort', '--effort', [CompletionResultType]::ParameterName, 'How much work the solver spends: `quick` (a plan sooner, a looser bound), `normal`, or `thorough` (more search for a cheaper plan and a tighter bound)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('--prefix-delegation', '--prefix-delegation', [CompletionResultType]::ParameterName, 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why')
            [CompletionResult]::new('--custom-networking', '--custom-networking', [CompletionResultType]::ParameterName, 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs')
            [CompletionResult]::new('--ipv6', '--ipv6', [CompletionResultType]::ParameterName, 'IPv6 cluster: addresses do not limit pods (Nitro types only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;subnet' {
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('size', 'size', [CompletionResultType]::ParameterValue, 'Addresses per zone and the subnet sizes that hold them (with headroom)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'CI gate: do the existing subnets hold the nodes? Exit 1 when a zone does not fit')
            [CompletionResult]::new('capacity', 'capacity', [CompletionResultType]::ParameterValue, 'How many nodes (and pods) of a type a subnet holds')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Carve a VPC CIDR into per-zone node, pod and public subnets')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kplan;subnet;size' {
            [CompletionResult]::new('--instance-type', '--instance-type', [CompletionResultType]::ParameterName, 'An instance type; pair each with a --nodes (repeatable)')
            [CompletionResult]::new('--nodes', '--nodes', [CompletionResultType]::ParameterName, 'Node count for the --instance-type at the same position (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'A `kplan fit -o json` plan: its node groups (type, count, zone, pods per node)')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'Availability zones: a number (named a, b, c, ...) or names (us-east-1a,us-east-1b). Nodes without a zone spread evenly; each zone is sized for the fullest share')
            [CompletionResult]::new('--max-enis', '--max-enis', [CompletionResultType]::ParameterName, 'The CNI''s MAX_ENI: use at most N ENIs per node')
            [CompletionResult]::new('--cni-version', '--cni-version', [CompletionResultType]::ParameterName, 'VPC CNI version (X.Y.Z)')
            [CompletionResult]::new('--max-pods', '--max-pods', [CompletionResultType]::ParameterName, 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)')
            [CompletionResult]::new('--pods-per-core', '--pods-per-core', [CompletionResultType]::ParameterName, 'Kubelet podsPerCore: max pods at most N x vCPUs')
            [CompletionResult]::new('--vm-memory-overhead', '--vm-memory-overhead', [CompletionResultType]::ParameterName, 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)')
            [CompletionResult]::new('--pods-per-node', '--pods-per-node', [CompletionResultType]::ParameterName, 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]')
            [CompletionResult]::new('--warm-eni-target', '--warm-eni-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)')
            [CompletionResult]::new('--warm-ip-target', '--warm-ip-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_IP_TARGET: spare addresses per node')
            [CompletionResult]::new('--minimum-ip-target', '--minimum-ip-target', [CompletionResultType]::ParameterName, 'The CNI''s MINIMUM_IP_TARGET: addresses each node holds at least')
            [CompletionResult]::new('--warm-prefix-target', '--warm-prefix-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)')
            [CompletionResult]::new('--security-group-pods', '--security-group-pods', [CompletionResultType]::ParameterName, 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)')
            [CompletionResult]::new('--surge', '--surge', [CompletionResultType]::ParameterName, 'Extra nodes during a rolling upgrade: percent of each node group''s nodes in each zone, rounded up per group (a surge node is of its group''s type and holds its addresses)')
            [CompletionResult]::new('--load-balancers', '--load-balancers', [CompletionResultType]::ParameterName, 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)')
            [CompletionResult]::new('--endpoints', '--endpoints', [CompletionResultType]::ParameterName, 'Interface VPC endpoints in these subnets (one address each per subnet)')
            [CompletionResult]::new('--headroom', '--headroom', [CompletionResultType]::ParameterName, 'Growth headroom for the recommended prefix length, percent')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('--prefix-delegation', '--prefix-delegation', [CompletionResultType]::ParameterName, 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why')
            [CompletionResult]::new('--custom-networking', '--custom-networking', [CompletionResultType]::ParameterName, 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs')
            [CompletionResult]::new('--ipv6', '--ipv6', [CompletionResultType]::ParameterName, 'IPv6 cluster: addresses do not limit pods (Nitro types only)')
            [CompletionResult]::new('--control-plane', '--control-plane', [CompletionResultType]::ParameterName, 'Reserve 16 addresses per subnet for the EKS control plane''s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;subnet;check' {
            [CompletionResult]::new('--instance-type', '--instance-type', [CompletionResultType]::ParameterName, 'An instance type; pair each with a --nodes (repeatable)')
            [CompletionResult]::new('--nodes', '--nodes', [CompletionResultType]::ParameterName, 'Node count for the --instance-type at the same position (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'A `kplan fit -o json` plan: its node groups (type, count, zone, pods per node)')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'Availability zones: a number (named a, b, c, ...) or names (us-east-1a,us-east-1b). Nodes without a zone spread evenly; each zone is sized for the fullest share')
            [CompletionResult]::new('--cidr', '--cidr', [CompletionResultType]::ParameterName, 'An existing node subnet, one per zone (zones named a, b, ... in order, or by --zones)')
            [CompletionResult]::new('--subnet', '--subnet', [CompletionResultType]::ParameterName, 'An existing node subnet with its zone: ZONE=CIDR (repeatable)')
            [CompletionResult]::new('--pod-cidr', '--pod-cidr', [CompletionResultType]::ParameterName, 'Custom networking: a pod (ENIConfig) subnet per zone, in the zones'' order')
            [CompletionResult]::new('--pod-subnet', '--pod-subnet', [CompletionResultType]::ParameterName, 'Custom networking: a pod subnet with its zone: ZONE=CIDR (repeatable)')
            [CompletionResult]::new('--max-utilization', '--max-utilization', [CompletionResultType]::ParameterName, 'Fail when a subnet would be fuller than this: `80%` or the share `0.8` (the same)')
            [CompletionResult]::new('--max-enis', '--max-enis', [CompletionResultType]::ParameterName, 'The CNI''s MAX_ENI: use at most N ENIs per node')
            [CompletionResult]::new('--cni-version', '--cni-version', [CompletionResultType]::ParameterName, 'VPC CNI version (X.Y.Z)')
            [CompletionResult]::new('--max-pods', '--max-pods', [CompletionResultType]::ParameterName, 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)')
            [CompletionResult]::new('--pods-per-core', '--pods-per-core', [CompletionResultType]::ParameterName, 'Kubelet podsPerCore: max pods at most N x vCPUs')
            [CompletionResult]::new('--vm-memory-overhead', '--vm-memory-overhead', [CompletionResultType]::ParameterName, 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)')
            [CompletionResult]::new('--pods-per-node', '--pods-per-node', [CompletionResultType]::ParameterName, 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]')
            [CompletionResult]::new('--warm-eni-target', '--warm-eni-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)')
            [CompletionResult]::new('--warm-ip-target', '--warm-ip-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_IP_TARGET: spare addresses per node')
            [CompletionResult]::new('--minimum-ip-target', '--minimum-ip-target', [CompletionResultType]::ParameterName, 'The CNI''s MINIMUM_IP_TARGET: addresses each node holds at least')
            [CompletionResult]::new('--warm-prefix-target', '--warm-prefix-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)')
            [CompletionResult]::new('--security-group-pods', '--security-group-pods', [CompletionResultType]::ParameterName, 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)')
            [CompletionResult]::new('--surge', '--surge', [CompletionResultType]::ParameterName, 'Extra nodes during a rolling upgrade: percent of each node group''s nodes in each zone, rounded up per group (a surge node is of its group''s type and holds its addresses)')
            [CompletionResult]::new('--load-balancers', '--load-balancers', [CompletionResultType]::ParameterName, 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)')
            [CompletionResult]::new('--endpoints', '--endpoints', [CompletionResultType]::ParameterName, 'Interface VPC endpoints in these subnets (one address each per subnet)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (markdown for a pull-request comment)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (markdown for a pull-request comment)')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('--prefix-delegation', '--prefix-delegation', [CompletionResultType]::ParameterName, 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why')
            [CompletionResult]::new('--custom-networking', '--custom-networking', [CompletionResultType]::ParameterName, 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs')
            [CompletionResult]::new('--ipv6', '--ipv6', [CompletionResultType]::ParameterName, 'IPv6 cluster: addresses do not limit pods (Nitro types only)')
            [CompletionResult]::new('--control-plane', '--control-plane', [CompletionResultType]::ParameterName, 'Reserve 16 addresses per subnet for the EKS control plane''s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;subnet;capacity' {
            [CompletionResult]::new('--instance-type', '--instance-type', [CompletionResultType]::ParameterName, 'An instance type (repeatable; same as a positional TYPE)')
            [CompletionResult]::new('--cidr', '--cidr', [CompletionResultType]::ParameterName, 'The node subnet')
            [CompletionResult]::new('--pod-cidr', '--pod-cidr', [CompletionResultType]::ParameterName, 'Custom networking: the pod (ENIConfig) subnet')
            [CompletionResult]::new('--max-enis', '--max-enis', [CompletionResultType]::ParameterName, 'The CNI''s MAX_ENI: use at most N ENIs per node')
            [CompletionResult]::new('--cni-version', '--cni-version', [CompletionResultType]::ParameterName, 'VPC CNI version (X.Y.Z)')
            [CompletionResult]::new('--max-pods', '--max-pods', [CompletionResultType]::ParameterName, 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)')
            [CompletionResult]::new('--pods-per-core', '--pods-per-core', [CompletionResultType]::ParameterName, 'Kubelet podsPerCore: max pods at most N x vCPUs')
            [CompletionResult]::new('--vm-memory-overhead', '--vm-memory-overhead', [CompletionResultType]::ParameterName, 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)')
            [CompletionResult]::new('--pods-per-node', '--pods-per-node', [CompletionResultType]::ParameterName, 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]')
            [CompletionResult]::new('--warm-eni-target', '--warm-eni-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)')
            [CompletionResult]::new('--warm-ip-target', '--warm-ip-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_IP_TARGET: spare addresses per node')
            [CompletionResult]::new('--minimum-ip-target', '--minimum-ip-target', [CompletionResultType]::ParameterName, 'The CNI''s MINIMUM_IP_TARGET: addresses each node holds at least')
            [CompletionResult]::new('--warm-prefix-target', '--warm-prefix-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)')
            [CompletionResult]::new('--security-group-pods', '--security-group-pods', [CompletionResultType]::ParameterName, 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)')
            [CompletionResult]::new('--surge', '--surge', [CompletionResultType]::ParameterName, 'Extra nodes during a rolling upgrade: percent of each node group''s nodes in each zone, rounded up per group (a surge node is of its group''s type and holds its addresses)')
            [CompletionResult]::new('--load-balancers', '--load-balancers', [CompletionResultType]::ParameterName, 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)')
            [CompletionResult]::new('--endpoints', '--endpoints', [CompletionResultType]::ParameterName, 'Interface VPC endpoints in these subnets (one address each per subnet)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('--prefix-delegation', '--prefix-delegation', [CompletionResultType]::ParameterName, 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why')
            [CompletionResult]::new('--custom-networking', '--custom-networking', [CompletionResultType]::ParameterName, 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs')
            [CompletionResult]::new('--ipv6', '--ipv6', [CompletionResultType]::ParameterName, 'IPv6 cluster: addresses do not limit pods (Nitro types only)')
            [CompletionResult]::new('--control-plane', '--control-plane', [CompletionResultType]::ParameterName, 'Reserve 16 addresses per subnet for the EKS control plane''s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;subnet;plan' {
            [CompletionResult]::new('--vpc', '--vpc', [CompletionResultType]::ParameterName, 'The VPC CIDR to carve (/16 to /28)')
            [CompletionResult]::new('--pod-vpc', '--pod-vpc', [CompletionResultType]::ParameterName, 'Custom networking: carve the pod subnets from this secondary VPC CIDR (e.g. 100.64.0.0/16) instead of the VPC CIDR')
            [CompletionResult]::new('--public-prefix', '--public-prefix', [CompletionResultType]::ParameterName, 'Prefix length of each public subnet [default: the smallest that holds the load balancers (8 addresses per ALB) and a NAT gateway with headroom, at least a /27 as ALBs require]')
            [CompletionResult]::new('--instance-type', '--instance-type', [CompletionResultType]::ParameterName, 'An instance type; pair each with a --nodes (repeatable)')
            [CompletionResult]::new('--nodes', '--nodes', [CompletionResultType]::ParameterName, 'Node count for the --instance-type at the same position (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'A `kplan fit -o json` plan: its node groups (type, count, zone, pods per node)')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'Availability zones: a number (named a, b, c, ...) or names (us-east-1a,us-east-1b). Nodes without a zone spread evenly; each zone is sized for the fullest share')
            [CompletionResult]::new('--max-enis', '--max-enis', [CompletionResultType]::ParameterName, 'The CNI''s MAX_ENI: use at most N ENIs per node')
            [CompletionResult]::new('--cni-version', '--cni-version', [CompletionResultType]::ParameterName, 'VPC CNI version (X.Y.Z)')
            [CompletionResult]::new('--max-pods', '--max-pods', [CompletionResultType]::ParameterName, 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)')
            [CompletionResult]::new('--pods-per-core', '--pods-per-core', [CompletionResultType]::ParameterName, 'Kubelet podsPerCore: max pods at most N x vCPUs')
            [CompletionResult]::new('--vm-memory-overhead', '--vm-memory-overhead', [CompletionResultType]::ParameterName, 'Share of memory lost to the hypervisor and OS (Karpenter''s VM_MEMORY_OVERHEAD_PERCENT)')
            [CompletionResult]::new('--pods-per-node', '--pods-per-node', [CompletionResultType]::ParameterName, 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]')
            [CompletionResult]::new('--warm-eni-target', '--warm-eni-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)')
            [CompletionResult]::new('--warm-ip-target', '--warm-ip-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_IP_TARGET: spare addresses per node')
            [CompletionResult]::new('--minimum-ip-target', '--minimum-ip-target', [CompletionResultType]::ParameterName, 'The CNI''s MINIMUM_IP_TARGET: addresses each node holds at least')
            [CompletionResult]::new('--warm-prefix-target', '--warm-prefix-target', [CompletionResultType]::ParameterName, 'The CNI''s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)')
            [CompletionResult]::new('--security-group-pods', '--security-group-pods', [CompletionResultType]::ParameterName, 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)')
            [CompletionResult]::new('--surge', '--surge', [CompletionResultType]::ParameterName, 'Extra nodes during a rolling upgrade: percent of each node group''s nodes in each zone, rounded up per group (a surge node is of its group''s type and holds its addresses)')
            [CompletionResult]::new('--load-balancers', '--load-balancers', [CompletionResultType]::ParameterName, 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)')
            [CompletionResult]::new('--endpoints', '--endpoints', [CompletionResultType]::ParameterName, 'Interface VPC endpoints in these subnets (one address each per subnet)')
            [CompletionResult]::new('--headroom', '--headroom', [CompletionResultType]::ParameterName, 'Growth headroom, percent: each subnet holds this much more than required')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('--no-public', '--no-public', [CompletionResultType]::ParameterName, 'No public subnets')
            [CompletionResult]::new('--prefix-delegation', '--prefix-delegation', [CompletionResultType]::ParameterName, 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why')
            [CompletionResult]::new('--custom-networking', '--custom-networking', [CompletionResultType]::ParameterName, 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs')
            [CompletionResult]::new('--ipv6', '--ipv6', [CompletionResultType]::ParameterName, 'IPv6 cluster: addresses do not limit pods (Nitro types only)')
            [CompletionResult]::new('--control-plane', '--control-plane', [CompletionResultType]::ParameterName, 'Reserve 16 addresses per subnet for the EKS control plane''s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;subnet;help' {
            [CompletionResult]::new('size', 'size', [CompletionResultType]::ParameterValue, 'Addresses per zone and the subnet sizes that hold them (with headroom)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'CI gate: do the existing subnets hold the nodes? Exit 1 when a zone does not fit')
            [CompletionResult]::new('capacity', 'capacity', [CompletionResultType]::ParameterValue, 'How many nodes (and pods) of a type a subnet holds')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Carve a VPC CIDR into per-zone node, pod and public subnets')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kplan;subnet;help;size' {
            break
        }
        'kplan;subnet;help;check' {
            break
        }
        'kplan;subnet;help;capacity' {
            break
        }
        'kplan;subnet;help;plan' {
            break
        }
        'kplan;subnet;help;help' {
            break
        }
        'kplan;completions' {
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;help' {
            [CompletionResult]::new('pods', 'pods', [CompletionResultType]::ParameterValue, 'Max pods and allocatable CPU and memory per instance type')
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'Browse the instance catalog and refresh it from the EC2 API')
            [CompletionResult]::new('fit', 'fit', [CompletionResultType]::ParameterValue, 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline')
            [CompletionResult]::new('subnet', 'subnet', [CompletionResultType]::ParameterValue, 'Subnet sizes: addresses per zone, CI check, nodes per subnet, VPC carving')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kplan;help;pods' {
            break
        }
        'kplan;help;catalog' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List instance types with filters, max pods and allocatable (like ec2-instance-selector)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything known about one instance type, with where each group of fields came from')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'One-screen summary of the catalog in use: types, origin, date, sources')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Build a catalog file from the live EC2 API (DescribeInstanceTypes, offerings, spot prices)')
            break
        }
        'kplan;help;catalog;list' {
            break
        }
        'kplan;help;catalog;show' {
            break
        }
        'kplan;help;catalog;info' {
            break
        }
        'kplan;help;catalog;update' {
            break
        }
        'kplan;help;fit' {
            break
        }
        'kplan;help;subnet' {
            [CompletionResult]::new('size', 'size', [CompletionResultType]::ParameterValue, 'Addresses per zone and the subnet sizes that hold them (with headroom)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'CI gate: do the existing subnets hold the nodes? Exit 1 when a zone does not fit')
            [CompletionResult]::new('capacity', 'capacity', [CompletionResultType]::ParameterValue, 'How many nodes (and pods) of a type a subnet holds')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Carve a VPC CIDR into per-zone node, pod and public subnets')
            break
        }
        'kplan;help;subnet;size' {
            break
        }
        'kplan;help;subnet;check' {
            break
        }
        'kplan;help;subnet;capacity' {
            break
        }
        'kplan;help;subnet;plan' {
            break
        }
        'kplan;help;completions' {
            break
        }
        'kplan;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
