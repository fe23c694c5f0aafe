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
complete -c kplan -n "__fish_kplan_needs_command" -f -a "fit" -d 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline'
complete -c kplan -n "__fish_kplan_needs_command" -f -a "completions" -d 'Print shell completions to stdout'
complete -c kplan -n "__fish_kplan_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l family -d 'Only these families (e.g. m6i,c7g)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l arch -d 'Only types that support this architecture (amd64 or arm64)' -r -f -a "amd64\t''
arm64\t''"
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l min-vcpus -d 'At least N vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l max-vcpus -d 'At most N vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l min-memory -d 'At least this much memory (GiB, or a quantity such as 16Gi or 8192Mi)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l max-memory -d 'At most this much memory (GiB, or a quantity such as 16Gi or 8192Mi)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l region -d 'Region for the price column' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l sort -d 'Sort order' -r -f -a "name\t'Family, then size (vCPUs, memory)'
vcpus\t''
memory\t''
max-pods\t'Most pods first'
price\t'Cheapest first (unknown prices last)'
price-per-pod\t'Cheapest per pod slot first'"
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l max-enis -d 'The CNI\'s MAX_ENI: use at most N ENIs per node' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l cni-version -d 'VPC CNI version (X.Y.Z)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l max-pods -d 'What the kubelet runs with: a number, `recommended` (110/250 caps, as EKS managed node groups set) or `max-allowed` (the uncapped IP limit, as Karpenter and nodeadm set)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l pods-per-core -d 'Kubelet podsPerCore: max pods at most N x vCPUs' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l vm-memory-overhead -d 'Share of memory lost to the hypervisor and OS (Karpenter\'s VM_MEMORY_OVERHEAD_PERCENT)' -r
complete -c kplan -n "__fish_kplan_using_subcommand pods" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l prefix-delegation -d 'Prefix delegation: each ENI slot holds a /28 (16 addresses). Needs VPC CNI >= 1.9.0 and a Nitro or bare-metal type; otherwise kplan falls back to secondary IPs and says why'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l custom-networking -d 'Custom networking: pods use ENIConfig subnets; the primary ENI holds no pod IPs'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -l ipv6 -d 'IPv6 cluster: addresses do not limit pods (Nitro types only)'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kplan -n "__fish_kplan_using_subcommand pods" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l hpa -d 'HorizontalPodAutoscalers: plan for maxReplicas (`max`) or minReplicas (`min`)' -r -f -a "max\t'`maxReplicas`: the peak (the default)'
min\t'`minReplicas`: the quiet hours'"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l current -d 'Today\'s node groups (`type=count` lines or a YAML map `type: count`): shows today\'s cost beside the plan and whether today\'s nodes hold the workload' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l region -d 'Region for prices and availability (overrides `region:`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l capacity-type -d 'On-demand or spot prices (overrides `capacityType:`)' -r -f -a "on-demand\t''
spot\t''"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l zones -d 'Availability zones to spread over, 1 to 6 (overrides `zones:`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l max-pods -d 'Kubelet max pods: a number, `recommended` (110/250 caps) or `max-allowed` (the IP limit) (overrides `networking.maxPods`)' -r
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l time-limit -d 'Stop improving the plan after this long (`500ms`, `10s`, `2m`; a bare number is seconds) and print the best plan with a still-valid lower bound' -r
complete -c kplan -n "__fish_kplan_using_subcommand fit" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
nodepool\t'A Karpenter NodePool allowing exactly the plan\'s instance types'
eksctl\t'eksctl managed node groups'
markdown\t'A summary for a pull-request comment'"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand fit" -l prefix-delegation -d 'Prefix delegation: /28 prefixes per ENI slot (overrides `networking.mode`)'
complete -c kplan -n "__fish_kplan_using_subcommand fit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kplan -n "__fish_kplan_using_subcommand fit" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand completions" -l catalog -d 'Use this catalog file (from `kplan catalog update`) instead of the embedded one' -r -F
complete -c kplan -n "__fish_kplan_using_subcommand completions" -l color -d 'When to use colour: only on a terminal by default, never with NO_COLOR set' -r -f -a "auto\t''
always\t''
never\t''"
complete -c kplan -n "__fish_kplan_using_subcommand completions" -s h -l help -d 'Print help'
complete -c kplan -n "__fish_kplan_using_subcommand completions" -s V -l version -d 'Print version'
complete -c kplan -n "__fish_kplan_using_subcommand help; and not __fish_seen_subcommand_from pods fit completions help" -f -a "pods" -d 'Max pods and allocatable CPU and memory per instance type'
complete -c kplan -n "__fish_kplan_using_subcommand help; and not __fish_seen_subcommand_from pods fit completions help" -f -a "fit" -d 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline'
complete -c kplan -n "__fish_kplan_using_subcommand help; and not __fish_seen_subcommand_from pods fit completions help" -f -a "completions" -d 'Print shell completions to stdout'
complete -c kplan -n "__fish_kplan_using_subcommand help; and not __fish_seen_subcommand_from pods fit completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
