/// A binary classification tree stored as a flat node array, for fast scoring and compact storage.
///
/// Each leaf holds the share of impostor samples that reached it during training, in [0, 1].
public struct DecisionTree: Sendable, Hashable, Codable {
    /// An internal node (`feature >= 0`) or a leaf (`feature == -1`).
    public struct Node: Sendable, Hashable, Codable {
        /// Feature index tested, -1 for a leaf.
        public var feature: Int32
        /// Samples with `x[feature] < threshold` go left.
        public var threshold: Double
        public var left: Int32
        public var right: Int32
        /// Leaf: impostor share of the training samples that reached it.
        public var value: Double

        public init(feature: Int32, threshold: Double, left: Int32, right: Int32, value: Double) {
            self.feature = feature
            self.threshold = threshold
            self.left = left
            self.right = right
            self.value = value
        }
    }

    public var nodes: [Node]

    public init(nodes: [Node]) {
        self.nodes = nodes
    }

    /// The impostor share of the leaf `sample` falls into.
    public func impostorShare(_ sample: FeatureVector) -> Double {
        nodes.withUnsafeBufferPointer { nodes in
            var i = 0
            while true {
                let node = nodes[i]
                if node.feature < 0 { return node.value }
                i = Int(sample[Int(node.feature)] < node.threshold ? node.left : node.right)
            }
        }
    }

    /// Depth of the deepest leaf (a single leaf has depth 0).
    public var depth: Int {
        func depth(_ i: Int) -> Int {
            let node = nodes[i]
            return node.feature < 0 ? 0 : 1 + max(depth(Int(node.left)), depth(Int(node.right)))
        }
        return nodes.isEmpty ? 0 : depth(0)
    }
}
