/// The trees of an ensemble laid out for scoring: all nodes in one array, 16 bytes each (half a
/// ``DecisionTree/Node``), the two children of a node side by side.
///
/// Scoring a pointer action walks every tree from root to leaf, one dependent memory read per
/// level through several megabytes of nodes per user: the reads, not the comparisons, are its
/// cost, so the layout is made for them. The answer is exactly the trees' own (same comparisons,
/// same leaf values, summed in the same order).
struct PackedForest: Sendable {
    struct Node: Sendable {
        /// Feature index tested, -1 for a leaf.
        var feature: Int32
        /// Index of the left child; the right child follows it.
        var left: Int32
        /// Split threshold (`x[feature] < threshold` goes left), or the leaf's impostor share.
        var threshold: Double
    }

    private(set) var nodes: [Node] = []
    private(set) var roots: [Int32] = []
    /// Highest feature index any split tests (-1 when none).
    private(set) var largestFeature = -1

    /// Bytes of its nodes and roots, with their arrays' headers.
    var estimatedByteCount: Int { 64 + nodes.count * MemoryLayout<Node>.stride + roots.count * 4 }

    init(_ trees: [DecisionTree]) {
        nodes.reserveCapacity(trees.reduce(0) { $0 + $1.nodes.count })
        for tree in trees {
            roots.append(Int32(nodes.count))
            guard !tree.nodes.isEmpty else {
                nodes.append(Node(feature: -1, left: -1, threshold: 0.5))
                continue
            }
            nodes.append(Node(feature: -1, left: -1, threshold: 0))
            // (index in the tree, slot in `nodes`), depth first.
            var pending: [(Int, Int)] = [(0, nodes.count - 1)]
            while let (index, slot) = pending.popLast() {
                let node = tree.nodes[index]
                if node.feature < 0 {
                    nodes[slot] = Node(feature: -1, left: -1, threshold: node.value)
                    continue
                }
                let left = nodes.count
                nodes.append(Node(feature: -1, left: -1, threshold: 0))
                nodes.append(Node(feature: -1, left: -1, threshold: 0))
                nodes[slot] = Node(feature: node.feature, left: Int32(left), threshold: node.threshold)
                largestFeature = max(largestFeature, Int(node.feature))
                pending.append((Int(node.right), left + 1))
                pending.append((Int(node.left), left))
            }
        }
    }

    /// Sum over the trees of the impostor share of the leaf `sample` reaches; nil when a split
    /// tests a feature past the sample's end.
    func sum(_ sample: [Double]) -> Double? {
        guard sample.count > largestFeature else { return nil }
        return sample.withUnsafeBufferPointer { x in
            nodes.withUnsafeBufferPointer { nodes in
                var sum = 0.0
                for root in roots {
                    var node = nodes[Int(root)]
                    while node.feature >= 0 {
                        node = nodes[Int(node.left) + (x[Int(node.feature)] < node.threshold ? 0 : 1)]
                    }
                    sum += node.threshold
                }
                return sum
            }
        }
    }
}
