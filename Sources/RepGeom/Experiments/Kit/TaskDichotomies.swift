/// The dichotomies an experiment measures on a condition task: the trained targets first (named
/// `y1`, `y2`, …, flagged trained — they are the target kernel Y of the alignments), then every
/// latent bit that is not a target (named `b1`, `b2`, …, untrained: SPEC §4's "untrained input
/// variables").
///
/// A latent bit equal to a target column or its complement is that target, not a second
/// dichotomy (for T3 with k = d every latent is trained). Tasks without latent bits (T1, T4)
/// get only their targets. Labels are 0/1 over the conditions.
public enum TaskDichotomies {
    public static func of(_ task: ConditionTask) -> [Dichotomy] {
        let p = task.conditionCount
        func column(_ m: Matrix<Double>, _ j: Int) -> [Int] { (0..<p).map { m[$0, j] > 0.5 ? 1 : 0 } }
        var result: [Dichotomy] = []
        var seen = Set<[Int]>()
        for k in 0..<task.outputCount {
            let labels = column(task.targets, k)
            result.append(Dichotomy(labels: labels, trained: true, name: "y\(k + 1)"))
            seen.insert(labels)
            seen.insert(labels.map { 1 - $0 })
        }
        if let bits = task.latentBits {
            for j in 0..<bits.columns {
                let labels = column(bits, j)
                guard !seen.contains(labels) else { continue }
                result.append(Dichotomy(labels: labels, trained: false, name: "b\(j + 1)"))
                seen.insert(labels)
                seen.insert(labels.map { 1 - $0 })
            }
        }
        return result
    }

    /// The name of the trained dichotomy equal to latent bit `j` (0-based), or `b<j+1>` when the
    /// bit is untrained — so a figure "per latent" can find each latent's records.
    public static func latentName(_ j: Int, in task: ConditionTask) -> String? {
        guard let bits = task.latentBits, j < bits.columns else { return nil }
        let p = task.conditionCount
        let labels = (0..<p).map { bits[$0, j] > 0.5 ? 1 : 0 }
        for k in 0..<task.outputCount {
            let t = (0..<p).map { task.targets[$0, k] > 0.5 ? 1 : 0 }
            if t == labels || t == labels.map({ 1 - $0 }) { return "y\(k + 1)" }
        }
        return "b\(j + 1)"
    }
}
