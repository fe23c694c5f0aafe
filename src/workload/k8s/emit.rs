//! Plans as config that pastes: a Karpenter NodePool, eksctl node groups, a Markdown summary.
