
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
            cand fit 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline'
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
            cand --region 'Region for the price column'
            cand --sort 'Sort order'
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
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'kplan;fit'= {
            cand --hpa 'HorizontalPodAutoscalers: plan for maxReplicas (`max`) or minReplicas (`min`)'
            cand --current 'Today''s node groups (`type=count` lines or a YAML map `type: count`): shows today''s cost beside the plan and whether today''s nodes hold the workload'
            cand --region 'Region for prices and availability (overrides `region:`)'
            cand --capacity-type 'On-demand or spot prices (overrides `capacityType:`)'
            cand --zones 'Availability zones to spread over, 1 to 6 (overrides `zones:`)'
            cand --max-pods 'Kubelet max pods: a number, `recommended` (110/250 caps) or `max-allowed` (the IP limit) (overrides `networking.maxPods`)'
            cand --time-limit 'Stop improving the plan after this long (`500ms`, `10s`, `2m`; a bare number is seconds) and print the best plan with a still-valid lower bound'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --catalog 'Use this catalog file (from `kplan catalog update`) instead of the embedded one'
            cand --color 'When to use colour: only on a terminal by default, never with NO_COLOR set'
            cand --prefix-delegation 'Prefix delegation: /28 prefixes per ENI slot (overrides `networking.mode`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
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
            cand fit 'The cheapest node mix for a workload file, with a lower bound and the greedy baseline'
            cand completions 'Print shell completions to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kplan;help;pods'= {
        }
        &'kplan;help;fit'= {
        }
        &'kplan;help;completions'= {
        }
        &'kplan;help;help'= {
        }
    ]
    $completions[$command]
}
