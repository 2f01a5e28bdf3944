extension Loss {
    /// Mean loss per sample and accuracy of `logits` against `targets` (one row per sample) —
    /// what every trainer's checkpoints report, whatever the network. NaN for no rows. Not a hot
    /// path (it allocates the gradient buffer the loss kernel writes).
    public func evaluation<S: BLASScalar>(logits: Matrix<S>, targets: Matrix<S>) -> Evaluation {
        precondition(logits.rows == targets.rows && logits.columns == targets.columns, "logits and targets differ in shape")
        let rows = logits.rows, outputs = logits.columns
        guard rows > 0 else { return Evaluation(loss: .nan, accuracy: .nan) }
        var grad = [S](repeating: 0, count: logits.count)
        let (total, counts) = logits.elements.withUnsafeBufferPointer { z in
            targets.elements.withUnsafeBufferPointer { y in
                grad.withUnsafeMutableBufferPointer { g in
                    (gradient(logits: z.baseAddress!, targets: y.baseAddress!, rows: rows, outputs: outputs, scale: 1, into: g.baseAddress!),
                     correct(logits: z.baseAddress!, targets: y.baseAddress!, rows: rows, outputs: outputs))
                }
            }
        }
        return Evaluation(loss: total / Double(rows), accuracy: Double(counts.correct) / Double(max(counts.total, 1)))
    }
}
