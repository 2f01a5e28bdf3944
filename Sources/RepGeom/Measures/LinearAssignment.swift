/// Minimum-cost linear assignment (the Hungarian method in its shortest-augmenting-path form,
/// as in Jonker & Volgenant 1987): O(r²·c) time for an r×c cost matrix with r ≤ c.
public enum LinearAssignment {
    /// Assigns every row of `cost` (r×c, r ≤ c, finite) to a distinct column, minimising the
    /// summed cost.
    ///
    /// - Returns: `columns[i]` = the column of row i, and the total cost.
    ///   Ties are broken deterministically (by the order rows are inserted and columns scanned).
    public static func minimumCost(_ cost: Matrix<Double>) -> (columns: [Int], cost: Double) {
        let r = cost.rows, c = cost.columns
        precondition(r <= c, "linear assignment needs rows ≤ columns (transpose the cost matrix)")
        precondition(cost.isFinite, "linear assignment needs finite costs")
        if r == 0 { return ([], 0) }
        // 1-based arrays: index 0 is the virtual column / row of the augmenting search.
        var rowPotential = [Double](repeating: 0, count: r + 1)
        var columnPotential = [Double](repeating: 0, count: c + 1)
        var rowOfColumn = [Int](repeating: 0, count: c + 1)   // 0: column free
        var previous = [Int](repeating: 0, count: c + 1)      // the search tree over columns
        var slack = [Double](repeating: 0, count: c + 1)
        var visited = [Bool](repeating: false, count: c + 1)
        for row in 1...r {
            // Grow a shortest-path tree (reduced costs ≥ 0 thanks to the potentials) from `row`
            // until it reaches a free column, then flip the path.
            rowOfColumn[0] = row
            var column0 = 0
            for j in 0...c { slack[j] = .infinity; visited[j] = false }
            repeat {
                visited[column0] = true
                let i0 = rowOfColumn[column0]
                var delta = Double.infinity
                var column1 = 0
                for j in 1...c where !visited[j] {
                    let reduced = cost.elements[(i0 - 1) * c + (j - 1)] - rowPotential[i0] - columnPotential[j]
                    if reduced < slack[j] { slack[j] = reduced; previous[j] = column0 }
                    if slack[j] < delta { delta = slack[j]; column1 = j }
                }
                for j in 0...c {
                    if visited[j] {
                        rowPotential[rowOfColumn[j]] += delta
                        columnPotential[j] -= delta
                    } else {
                        slack[j] -= delta
                    }
                }
                column0 = column1
            } while rowOfColumn[column0] != 0
            repeat {
                let column1 = previous[column0]
                rowOfColumn[column0] = rowOfColumn[column1]
                column0 = column1
            } while column0 != 0
        }
        var columns = [Int](repeating: -1, count: r)
        for j in 1...c where rowOfColumn[j] != 0 { columns[rowOfColumn[j] - 1] = j - 1 }
        var total = 0.0
        for i in 0..<r { total += cost.elements[i * c + columns[i]] }
        return (columns, total)
    }
}
