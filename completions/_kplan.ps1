
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
            [CompletionResult]::new('fit', 'fit', [CompletionResultType]::ParameterValue, 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline')
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
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for the price column')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort order')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kplan;fit' {
            [CompletionResult]::new('--hpa', '--hpa', [CompletionResultType]::ParameterName, 'HorizontalPodAutoscalers: plan for maxReplicas (`max`) or minReplicas (`min`)')
            [CompletionResult]::new('--current', '--current', [CompletionResultType]::ParameterName, 'Today''s node groups (`type=count` lines or a YAML map `type: count`): shows today''s cost beside the plan and whether today''s nodes hold the workload')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region for prices and availability (overrides `region:`)')
            [CompletionResult]::new('--capacity-type', '--capacity-type', [CompletionResultType]::ParameterName, 'On-demand or spot prices (overrides `capacityType:`)')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'Availability zones to spread over, 1 to 6 (overrides `zones:`)')
            [CompletionResult]::new('--max-pods', '--max-pods', [CompletionResultType]::ParameterName, 'Kubelet max pods: a number, `recommended` (110/250 caps) or `max-allowed` (the IP limit) (overrides `networking.maxPods`)')
            [CompletionResult]::new('--time-limit', '--time-limit', [CompletionResultType]::ParameterName, 'Stop improving the plan after this long (`500ms`, `10s`, `2m`; a bare number is seconds) and print the best plan with a still-valid lower bound')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use this catalog file (from `kplan catalog update`) instead of the embedded one')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: only on a terminal by default, never with NO_COLOR set')
            [CompletionResult]::new('--prefix-delegation', '--prefix-delegation', [CompletionResultType]::ParameterName, 'Prefix delegation: /28 prefixes per ENI slot (overrides `networking.mode`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
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
            [CompletionResult]::new('fit', 'fit', [CompletionResultType]::ParameterValue, 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kplan;help;pods' {
            break
        }
        'kplan;help;fit' {
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
