extension Array {
    /// Lets go of the room kept for more elements (an array grows by doubling): a copy of exactly its size.
    mutating func trimCapacity() {
        self = withUnsafeBufferPointer { Array($0) }
    }
}
