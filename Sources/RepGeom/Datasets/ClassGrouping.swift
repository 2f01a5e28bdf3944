/// A binary relabelling of a class-labelled dataset: the classes in `positive` get target 1,
/// all others 0 (SPEC §2, T5). Every other class distinction then becomes an *untrained*
/// dichotomy of the 10 classes (conditions).
public struct ClassGrouping: Sendable, Hashable, Codable {
    /// A short name for records, e.g. "tops".
    public var name: String
    /// Classes labelled 1.
    public var positive: [Int]

    public init(name: String, positive: [Int]) {
        self.name = name
        self.positive = positive.sorted()
    }

    /// Fashion-MNIST upper-body garments and dresses {T-shirt/top 0, pullover 2, dress 3, coat 4,
    /// shirt 6} vs the rest {trouser, sandal, sneaker, bag, ankle boot}: a balanced 5 | 5 split, so
    /// PS and CCGP are defined with the 10 classes as conditions.
    public static let fashionTops = ClassGrouping(name: "tops_vs_rest", positive: [0, 2, 3, 4, 6])
    /// Fashion-MNIST footwear {sandal 5, sneaker 7, ankle boot 9} vs the rest (3 | 7, unbalanced).
    public static let fashionFootwear = ClassGrouping(name: "footwear_vs_rest", positive: [5, 7, 9])
    /// CIFAR-10 animals {bird, cat, deer, dog, frog, horse} vs vehicles (6 | 4, unbalanced).
    public static let cifarAnimals = ClassGrouping(name: "animals_vs_vehicles", positive: [2, 3, 4, 5, 6, 7])

    /// The 0/1 label of each of `classCount` classes (a dichotomy over classes as conditions).
    /// Precondition: every positive class is < classCount.
    public func classLabels(classCount: Int) -> [Int] {
        precondition(positive.allSatisfy { $0 >= 0 && $0 < classCount }, "grouping names a class outside 0..<\(classCount)")
        let set = Set(positive)
        return (0..<classCount).map { set.contains($0) ? 1 : 0 }
    }

    /// The 0/1 target of each sample label.
    public func targets(_ labels: [Int]) -> [Int] {
        let set = Set(positive)
        return labels.map { set.contains($0) ? 1 : 0 }
    }

    /// Checks the grouping against a dataset's class count: non-empty, not every class, no
    /// duplicates, in range. Throws a one-line `InputError`.
    public func validate(classCount: Int, location: String = "grouping") throws {
        guard !positive.isEmpty, positive.count < classCount else {
            throw InputError(location, "'\(name)' must put at least one and fewer than all \(classCount) classes in the positive group")
        }
        guard Set(positive).count == positive.count else { throw InputError(location, "'\(name)' repeats a class") }
        if let bad = positive.first(where: { $0 < 0 || $0 >= classCount }) {
            throw InputError(location, "'\(name)' names class \(bad), outside 0..<\(classCount)")
        }
    }
}
