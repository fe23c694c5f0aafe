# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kplan_global_optspecs
    string join \n catalog= color= h/help V/version
end

function __fish_kplan_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kplan_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kplan_using_subcommand
    set -l cmd (__fish_kplan_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kplan -n "__fish_kplan_needs_command" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_needs_command" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_needs_command" -s h -l help -d 'Print help'
complete -c kplan -n "__fish_kplan_needs_command" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_needs_command" -f -a "pods" -d 'Max pods and allocatable CPU and memory per instance type'
complete -c kplan -n "__fish_kplan_needs_command" -f -a "catalog" -d 'Browse the instance catalog and refresh it from the EC2 API'
complete -c kplan -n "__fish_kplan_needs_command" -f -a "fit" -d 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline'
complete -c kplan -n "__fish_kplan_needs_command" -f -a "subnet" -d 'Subnet sizes: addresses per zone, CI check, nodes per subnet, VPC carving'
complete -c kplan -n "__fish_kplan_needs_command" -f -a "completions" -d 'Print shell completions to stdout'
complete -c kplan -n "__fish_kplan_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l family -d 'Only these families (e.g. m6i,c7g)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l arch -d 'Only types that support this architecture (amd64 or arm64)' -r -f -a "amd64\t''
arm64\t''"
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l min-vcpus -d 'At least N vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l max-vcpus -d 'At most N vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l min-memory -d 'At least this much memory (GiB, or a quantity such as 16Gi or 8192Mi)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l max-memory -d 'At most this much memory (GiB, or a quantity such as 16Gi or 8192Mi)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l region -d 'Region for the price columns and the interruption band' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l max-interruption -d 'Only types whose spot interruption band in the region is at most this (`<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%`; Spot Instance Advisor)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l sort -d 'Sort order' -r -f -a "name\t'Family, then size (vCPUs, memory)'
vcpus\t''
memory\t''
max-pods\t'Most pods first'
price\t'Cheapest first (unknown prices last)'
price-per-pod\t'Cheapest per pod slot first'
spot-price\t'Cheapest spot first (observed or estimated; unknown last)'
interruption\t'Lowest spot interruption band first (unknown last)'"
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l max-enis -d 'The CNI\'s MAX_ENI: use at most N ENIs per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l cni-version -d 'VPC CNI version (X.Y.Z)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l max-pods -d 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l pods-per-core -d 'Kubelet podsPerCore: max pods at most N x vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l vm-memory-overhead -d 'Share of memory lost to the hypervisor and OS (Karpenter\'s VM_MEMORY_OVERHEAD_PERCENT)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l ami-family -d 'AMI family of the node class (decides the default root volume: 20Gi, Windows 50Gi)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l root-volume -d 'Root (ephemeral) volume size, e.g. 100Gi (the node class\'s blockDeviceMappings)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l prefix-delegation -d 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l custom-networking -d 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l ipv6 -d 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l instance-store-raid0 -d 'Ephemeral storage on the instance store (the node class\'s instanceStorePolicy: RAID0)'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and not __fish_seen_subcommand_from list show info update help" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and not __fish_seen_subcommand_from list show info update help" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and not __fish_seen_subcommand_from list show info update help" -s h -l help -d 'Print help'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and not __fish_seen_subcommand_from list show info update help" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and not __fish_seen_subcommand_from list show info update help" -f -a "list" -d 'List instance types with filters, max pods and allocatable (like ec2-instance-selector)'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and not __fish_seen_subcommand_from list show info update help" -f -a "show" -d 'Everything known about one instance type, with where each group of fields came from'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and not __fish_seen_subcommand_from list show info update help" -f -a "info" -d 'One-screen summary of the catalog in use: types, origin, date, sources'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and not __fish_seen_subcommand_from list show info update help" -f -a "update" -d 'Build a catalog file from the live EC2 API (DescribeInstanceTypes, offerings, spot prices)'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and not __fish_seen_subcommand_from list show info update help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l vcpus -d 'vCPUs: MIN[:MAX]' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l memory -d 'Memory: MIN[:MAX] as quantities (`4Gi`, `512Mi`; a bare number is GiB)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l memory-per-vcpu -d 'Memory per vCPU: MIN[:MAX] as quantities (`4Gi:` = at least 4 GiB per vCPU)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l arch -d 'Architectures (any of them)' -r -f -a "amd64\t''
arm64\t''"
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l family -d 'Families, globs allowed (`m7i,c7*`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l category -d 'Categories (`m,c,r`: Karpenter\'s instance-category)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l min-generation -d 'Generation at least N (Karpenter\'s instance-generation)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l gpus -d 'GPU count: MIN[:MAX] (`1` = at least one GPU, `:0` = none)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l region -d 'Only types offered in this region; also the region of the price columns and --max-price (default us-east-1 for prices, without the availability filter)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l max-price -d 'At most this on-demand price per hour (region\'s currency); unknown prices are left out' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l max-interruption -d 'Only types whose spot interruption band (Spot Instance Advisor, in --region) is at most this: `<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%`; unknown bands are left out' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l allow -d 'Keep only types whose names match any of these globs (`m7i.*,c7g.*`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l deny -d 'Drop types whose names match any of these globs (`*.metal*`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l sort -d 'Sort order (unknown values last)' -r -f -a "name\t'Family, then size (vCPUs, memory)'
price\t'Cheapest on-demand first (unknown prices last)'
spot-price\t'Cheapest spot first (observed, else estimated; unknown prices last)'
interruption\t'Lowest spot interruption band first (unknown last)'
vcpus\t'Fewest vCPUs first'
memory\t'Least memory first'
memory-per-vcpu\t'Least memory per vCPU first'
max-pods\t'Most pods (what the kubelet runs with) first'
price-per-vcpu\t'Cheapest per vCPU first'
price-per-pod\t'Cheapest per pod slot first'
generation\t'Newest generation first'"
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N rows' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l max-enis -d 'The CNI\'s MAX_ENI: use at most N ENIs per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l cni-version -d 'VPC CNI version (X.Y.Z)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l max-pods -d 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l pods-per-core -d 'Kubelet podsPerCore: max pods at most N x vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l vm-memory-overhead -d 'Share of memory lost to the hypervisor and OS (Karpenter\'s VM_MEMORY_OVERHEAD_PERCENT)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''"
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l current-generation -d 'Only current-generation types'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l burstable -d 'Only burstable types (t2, t3, t4g, ...)'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l no-burstable -d 'No burstable types'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l bare-metal -d 'Only bare-metal types'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l no-bare-metal -d 'No bare-metal types'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l spot -d 'Only spot-capable types'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l reverse -d 'Reverse the sort order'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l prefix-delegation -d 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l custom-networking -d 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -l ipv6 -d 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -l max-enis -d 'The CNI\'s MAX_ENI: use at most N ENIs per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -l cni-version -d 'VPC CNI version (X.Y.Z)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -l max-pods -d 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -l pods-per-core -d 'Kubelet podsPerCore: max pods at most N x vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -l vm-memory-overhead -d 'Share of memory lost to the hypervisor and OS (Karpenter\'s VM_MEMORY_OVERHEAD_PERCENT)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -l prefix-delegation -d 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -l custom-networking -d 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -l ipv6 -d 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from info" -s o -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from info" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from info" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from info" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l profile -d 'AWS profile (from ~/.aws/config); default: AWS_PROFILE or `default`' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l region -d 'Region to query (availability, spot and on-demand prices); default: AWS_REGION or the profile\'s region' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l endpoint-url -d 'Custom endpoint for the EC2 and Pricing calls (private endpoints, or a local test server such as moto; add --no-pricing if it has no Pricing API)' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l out -d 'Where to write the catalog (default: the per-user location below)' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l max-changes -d 'Show at most N lines per kind of change in the diff' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l timeout -d 'Give up after this many seconds in all (every page, every retry); one request may take at most 120 s of it' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l connect-timeout -d 'Give up on a connection that does not open within this many seconds' -r
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l zones -d 'Also query per-zone offerings: report the types not offered in every zone, and the zones of each new type'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l no-pricing -d 'Do not call the Pricing API; keep the base catalog\'s on-demand prices'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -l dry-run -d 'Show what would change without writing the file'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "list" -d 'List instance types with filters, max pods and allocatable (like ec2-instance-selector)'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "show" -d 'Everything known about one instance type, with where each group of fields came from'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "info" -d 'One-screen summary of the catalog in use: types, origin, date, sources'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "update" -d 'Build a catalog file from the live EC2 API (DescribeInstanceTypes, offerings, spot prices)'
complete -c kplan -n "__fish_kplan_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l hpa -d 'HorizontalPodAutoscalers: plan for maxReplicas (`max`) or minReplicas (`min`)' -r -f -a "max\t'`maxReplicas`: the peak (the default)'
min\t'`minReplicas`: the quiet hours'"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l current -d 'Today\'s node groups (`type=count` lines or a YAML map `type: count`): shows today\'s cost beside the plan and whether today\'s nodes hold the workload' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l region -d 'Region for prices and availability (overrides `region:`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l capacity-type -d 'On-demand or spot prices (overrides `capacityType:`)' -r -f -a "on-demand\t''
spot\t''"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l max-interruption -d 'Spot only from types whose Spot Instance Advisor interruption band is at most this: `<5%`, `5-10%`, `10-15%`, `15-20%`, `>20%` (overrides `maxInterruption:`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l zones -d 'Availability zones to spread over, 1 to 6 (overrides `zones:`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l max-pods -d 'Kubelet max pods: a number, `recommended` (110/250 caps) or `max-allowed` (the IP limit) (overrides `networking.maxPods`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l time-limit -d 'Stop improving the plan after this long (`500ms`, `10s`, `2m`; a bare number is seconds) and print the best plan with a still-valid lower bound. The one option whose answer can depend on the machine: without it the solver\'s limits count work, not time' -r
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l discount -d 'A flat discount off every price (EDP, private pricing): `12%` (overrides `discount:`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l prices -d 'The account\'s own on-demand prices: a CSV file with the header `instance_type,region,usd_per_hour` (adds to and overrides `prices:`)' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l cluster-fee -d 'Add the EKS cluster fee to the cost summary: `standard` (0.10 USD/hour) or `extended` support (0.60)' -r -f -a "standard\t''
extended\t''"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l fargate -d 'Fargate beside EC2: `compare` (each workload\'s Fargate size and cost), `mixed` (eligible workloads on Fargate where cheaper) or `only` (every eligible workload on Fargate); overrides `fargate:` (docs/fargate.md)' -r -f -a "off\t'EC2 only (the default)'
compare\t'The EC2 plan, and beside it each workload\'s Fargate size and cost'
mixed\t'Each eligible workload on Fargate where that lowers the total'
only\t'Every eligible workload on Fargate, the rest on EC2'"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l effort -d 'How much work the solver spends: `quick` (a plan sooner, a looser bound), `normal`, or `thorough` (more search for a cheaper plan and a tighter bound)' -r -f -a "quick\t''
normal\t''
thorough\t''"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
nodepool\t'A Karpenter NodePool allowing exactly the plan\'s instance types'
eksctl\t'eksctl managed node groups'
markdown\t'A summary for a pull-request comment'"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l prefix-delegation -d 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l custom-networking -d 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l ipv6 -d 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
complete -c kplan -n "__fish_kplan_using_subcommand fit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kplan -n "__fish_kplan_using_subcommand fit" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and not __fish_seen_subcommand_from size check capacity plan help" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and not __fish_seen_subcommand_from size check capacity plan help" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and not __fish_seen_subcommand_from size check capacity plan help" -s h -l help -d 'Print help'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and not __fish_seen_subcommand_from size check capacity plan help" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and not __fish_seen_subcommand_from size check capacity plan help" -f -a "size" -d 'Addresses per zone and the subnet sizes that hold them (with headroom)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and not __fish_seen_subcommand_from size check capacity plan help" -f -a "check" -d 'CI gate: do the existing subnets hold the nodes? Exit 1 when a zone does not fit'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and not __fish_seen_subcommand_from size check capacity plan help" -f -a "capacity" -d 'How many nodes (and pods) of a type a subnet holds'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and not __fish_seen_subcommand_from size check capacity plan help" -f -a "plan" -d 'Carve a VPC CIDR into per-zone node, pod and public subnets'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and not __fish_seen_subcommand_from size check capacity plan help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l instance-type -d 'An instance type; pair each with a --nodes (repeatable)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l nodes -d 'Node count for the --instance-type at the same position (repeatable)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l plan -d 'A `kplan fit -o json` plan: its node groups (type, count, zone, pods per node)' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l zones -d 'Availability zones: a number (named a, b, c, ...) or names (us-east-1a,us-east-1b). Nodes without a zone spread evenly; each zone is sized for the fullest share' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l max-enis -d 'The CNI\'s MAX_ENI: use at most N ENIs per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l cni-version -d 'VPC CNI version (X.Y.Z)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l max-pods -d 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l pods-per-core -d 'Kubelet podsPerCore: max pods at most N x vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l vm-memory-overhead -d 'Share of memory lost to the hypervisor and OS (Karpenter\'s VM_MEMORY_OVERHEAD_PERCENT)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l pods-per-node -d 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l warm-eni-target -d 'The CNI\'s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l warm-ip-target -d 'The CNI\'s WARM_IP_TARGET: spare addresses per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l minimum-ip-target -d 'The CNI\'s MINIMUM_IP_TARGET: addresses each node holds at least' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l warm-prefix-target -d 'The CNI\'s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l security-group-pods -d 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l surge -d 'Extra nodes during a rolling upgrade: percent of each node group\'s nodes in each zone, rounded up per group (a surge node is of its group\'s type and holds its addresses)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l load-balancers -d 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l endpoints -d 'Interface VPC endpoints in these subnets (one address each per subnet)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l headroom -d 'Growth headroom for the recommended prefix length, percent' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
markdown\t'A Markdown report (for pull-request comments)'"
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l prefix-delegation -d 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l custom-networking -d 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l ipv6 -d 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -l control-plane -d 'Reserve 16 addresses per subnet for the EKS control plane\'s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from size" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l instance-type -d 'An instance type; pair each with a --nodes (repeatable)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l nodes -d 'Node count for the --instance-type at the same position (repeatable)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l plan -d 'A `kplan fit -o json` plan: its node groups (type, count, zone, pods per node)' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l zones -d 'Availability zones: a number (named a, b, c, ...) or names (us-east-1a,us-east-1b). Nodes without a zone spread evenly; each zone is sized for the fullest share' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l cidr -d 'An existing node subnet, one per zone (zones named a, b, ... in order, or by --zones)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l subnet -d 'An existing node subnet with its zone: ZONE=CIDR (repeatable)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l pod-cidr -d 'Custom networking: a pod (ENIConfig) subnet per zone, in the zones\' order' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l pod-subnet -d 'Custom networking: a pod subnet with its zone: ZONE=CIDR (repeatable)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l max-utilization -d 'Fail when a subnet would be fuller than this: `80%` or the share `0.8` (the same)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l max-enis -d 'The CNI\'s MAX_ENI: use at most N ENIs per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l cni-version -d 'VPC CNI version (X.Y.Z)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l max-pods -d 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l pods-per-core -d 'Kubelet podsPerCore: max pods at most N x vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l vm-memory-overhead -d 'Share of memory lost to the hypervisor and OS (Karpenter\'s VM_MEMORY_OVERHEAD_PERCENT)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l pods-per-node -d 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l warm-eni-target -d 'The CNI\'s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l warm-ip-target -d 'The CNI\'s WARM_IP_TARGET: spare addresses per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l minimum-ip-target -d 'The CNI\'s MINIMUM_IP_TARGET: addresses each node holds at least' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l warm-prefix-target -d 'The CNI\'s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l security-group-pods -d 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l surge -d 'Extra nodes during a rolling upgrade: percent of each node group\'s nodes in each zone, rounded up per group (a surge node is of its group\'s type and holds its addresses)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l load-balancers -d 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l endpoints -d 'Interface VPC endpoints in these subnets (one address each per subnet)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -s o -l output -d 'Output format (markdown for a pull-request comment)' -r -f -a "table\t''
json\t''
markdown\t'A Markdown report (for pull-request comments)'"
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l prefix-delegation -d 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l custom-networking -d 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l ipv6 -d 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -l control-plane -d 'Reserve 16 addresses per subnet for the EKS control plane\'s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l instance-type -d 'An instance type (repeatable; same as a positional TYPE)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l cidr -d 'The node subnet' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l pod-cidr -d 'Custom networking: the pod (ENIConfig) subnet' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l max-enis -d 'The CNI\'s MAX_ENI: use at most N ENIs per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l cni-version -d 'VPC CNI version (X.Y.Z)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l max-pods -d 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l pods-per-core -d 'Kubelet podsPerCore: max pods at most N x vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l vm-memory-overhead -d 'Share of memory lost to the hypervisor and OS (Karpenter\'s VM_MEMORY_OVERHEAD_PERCENT)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l pods-per-node -d 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l warm-eni-target -d 'The CNI\'s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l warm-ip-target -d 'The CNI\'s WARM_IP_TARGET: spare addresses per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l minimum-ip-target -d 'The CNI\'s MINIMUM_IP_TARGET: addresses each node holds at least' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l warm-prefix-target -d 'The CNI\'s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l security-group-pods -d 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l surge -d 'Extra nodes during a rolling upgrade: percent of each node group\'s nodes in each zone, rounded up per group (a surge node is of its group\'s type and holds its addresses)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l load-balancers -d 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l endpoints -d 'Interface VPC endpoints in these subnets (one address each per subnet)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
markdown\t'A Markdown report (for pull-request comments)'"
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l prefix-delegation -d 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l custom-networking -d 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l ipv6 -d 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -l control-plane -d 'Reserve 16 addresses per subnet for the EKS control plane\'s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from capacity" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l vpc -d 'The VPC CIDR to carve (/16 to /28)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l pod-vpc -d 'Custom networking: carve the pod subnets from this secondary VPC CIDR (e.g. 100.64.0.0/16) instead of the VPC CIDR' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l public-prefix -d 'Prefix length of each public subnet [default: the smallest that holds the load balancers (8 addresses per ALB) and a NAT gateway with headroom, at least a /27 as ALBs require]' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l instance-type -d 'An instance type; pair each with a --nodes (repeatable)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l nodes -d 'Node count for the --instance-type at the same position (repeatable)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l plan -d 'A `kplan fit -o json` plan: its node groups (type, count, zone, pods per node)' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l zones -d 'Availability zones: a number (named a, b, c, ...) or names (us-east-1a,us-east-1b). Nodes without a zone spread evenly; each zone is sized for the fullest share' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l max-enis -d 'The CNI\'s MAX_ENI: use at most N ENIs per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l cni-version -d 'VPC CNI version (X.Y.Z)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l max-pods -d 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l pods-per-core -d 'Kubelet podsPerCore: max pods at most N x vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l vm-memory-overhead -d 'Share of memory lost to the hypervisor and OS (Karpenter\'s VM_MEMORY_OVERHEAD_PERCENT)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l pods-per-node -d 'Pods on each node that do not use the host network [default: a full node: the usable pod slots minus 2 (aws-node and kube-proxy use the host network)]' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l warm-eni-target -d 'The CNI\'s WARM_ENI_TARGET: spare ENIs per node (default 1; ignored when an IP target is set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l warm-ip-target -d 'The CNI\'s WARM_IP_TARGET: spare addresses per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l minimum-ip-target -d 'The CNI\'s MINIMUM_IP_TARGET: addresses each node holds at least' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l warm-prefix-target -d 'The CNI\'s WARM_PREFIX_TARGET: spare /28 prefixes per node (prefix delegation; default 1)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l security-group-pods -d 'Pods per node that use security groups for pods (one branch ENI address each, plus the trunk ENI)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l surge -d 'Extra nodes during a rolling upgrade: percent of each node group\'s nodes in each zone, rounded up per group (a surge node is of its group\'s type and holds its addresses)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l load-balancers -d 'Load balancers with addresses in these subnets: `N` ALBs, or `alb=N,nlb=M` (an ALB needs 8 free addresses per subnet, an NLB 1)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l endpoints -d 'Interface VPC endpoints in these subnets (one address each per subnet)' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l headroom -d 'Growth headroom, percent: each subnet holds this much more than required' -r
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
markdown\t'A Markdown report (for pull-request comments)'"
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l no-public -d 'No public subnets'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l prefix-delegation -d 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l custom-networking -d 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l ipv6 -d 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -l control-plane -d 'Reserve 16 addresses per subnet for the EKS control plane\'s cross-account ENIs (up to 4, more during upgrades; EKS asks for at least 6 free, recommends 16)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from plan" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from help" -f -a "size" -d 'Addresses per zone and the subnet sizes that hold them (with headroom)'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from help" -f -a "check" -d 'CI gate: do the existing subnets hold the nodes? Exit 1 when a zone does not fit'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from help" -f -a "capacity" -d 'How many nodes (and pods) of a type a subnet holds'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Carve a VPC CIDR into per-zone node, pod and public subnets'
complete -c kplan -n "__fish_kplan_using_subcommand subnet; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kplan -n "__fish_kplan_using_subcommand completions" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand completions" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand completions" -s h -l help -d 'Print help'
complete -c kplan -n "__fish_kplan_using_subcommand completions" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand help; and not __fish_seen_subcommand_from pods catalog fit subnet completions help" -f -a "pods" -d 'Max pods and allocatable CPU and memory per instance type'
complete -c kplan -n "__fish_kplan_using_subcommand help; and not __fish_seen_subcommand_from pods catalog fit subnet completions help" -f -a "catalog" -d 'Browse the instance catalog and refresh it from the EC2 API'
complete -c kplan -n "__fish_kplan_using_subcommand help; and not __fish_seen_subcommand_from pods catalog fit subnet completions help" -f -a "fit" -d 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline'
complete -c kplan -n "__fish_kplan_using_subcommand help; and not __fish_seen_subcommand_from pods catalog fit subnet completions help" -f -a "subnet" -d 'Subnet sizes: addresses per zone, CI check, nodes per subnet, VPC carving'
complete -c kplan -n "__fish_kplan_using_subcommand help; and not __fish_seen_subcommand_from pods catalog fit subnet completions help" -f -a "completions" -d 'Print shell completions to stdout'
complete -c kplan -n "__fish_kplan_using_subcommand help; and not __fish_seen_subcommand_from pods catalog fit subnet completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kplan -n "__fish_kplan_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "list" -d 'List instance types with filters, max pods and allocatable (like ec2-instance-selector)'
complete -c kplan -n "__fish_kplan_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "show" -d 'Everything known about one instance type, with where each group of fields came from'
complete -c kplan -n "__fish_kplan_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "info" -d 'One-screen summary of the catalog in use: types, origin, date, sources'
complete -c kplan -n "__fish_kplan_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "update" -d 'Build a catalog file from the live EC2 API (DescribeInstanceTypes, offerings, spot prices)'
complete -c kplan -n "__fish_kplan_using_subcommand help; and __fish_seen_subcommand_from subnet" -f -a "size" -d 'Addresses per zone and the subnet sizes that hold them (with headroom)'
complete -c kplan -n "__fish_kplan_using_subcommand help; and __fish_seen_subcommand_from subnet" -f -a "check" -d 'CI gate: do the existing subnets hold the nodes? Exit 1 when a zone does not fit'
complete -c kplan -n "__fish_kplan_using_subcommand help; and __fish_seen_subcommand_from subnet" -f -a "capacity" -d 'How many nodes (and pods) of a type a subnet holds'
complete -c kplan -n "__fish_kplan_using_subcommand help; and __fish_seen_subcommand_from subnet" -f -a "plan" -d 'Carve a VPC CIDR into per-zone node, pod and public subnets'
