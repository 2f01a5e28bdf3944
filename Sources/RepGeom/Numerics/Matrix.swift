/// A dense row-major matrix of `Float` or `Double`.
///
/// A value type: copies are cheap until written (array copy-on-write). Element (i, j) lives at
/// `elements[i * columns + j]`. Zero-sized matrices (0 rows or 0 columns) are allowed.
public struct Matrix<Scalar: BLASScalar>: Sendable, Equatable, Codable {
    public private(set) var rows: Int
    public private(set) var columns: Int
    /// Row-major storage, `rows * columns` elements.
    public var elements: [Scalar]

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix shape \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix over given row-major elements; `elements.count` must equal `rows * columns`.
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(rows >= 0 && columns >= 0 && elements.count == rows * columns,
                     "matrix shape \(rows)×\(columns) does not match \(elements.count) elements")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from nested rows, which must all have the same length.
    public init(_ nested: [[Scalar]]) {
        let columns = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(rows: nested.count, columns: columns, elements: nested.flatMap { $0 })
    }

    /// A matrix whose (i, j) element is `f(i, j)`.
    public init(rows: Int, columns: Int, _ f: (Int, Int) throws -> Scalar) rethrows {
        var e = [Scalar]()
        e.reserveCapacity(rows * columns)
        for i in 0..<rows { for j in 0..<columns { e.append(try f(i, j)) } }
        self.init(rows: rows, columns: columns, elements: e)
    }

    /// The n×n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i * n + i] = 1 }
        return m
    }

    @inlinable public var count: Int { rows * columns }
    @inlinable public var shape: (rows: Int, columns: Int) { (rows, columns) }

    @inlinable public subscript(i: Int, j: Int) -> Scalar {
        get { elements[i * columns + j] }
        set { elements[i * columns + j] = newValue }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Scalar] { Array(elements[(i * columns)..<((i + 1) * columns)]) }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Scalar] { (0..<rows).map { elements[$0 * columns + j] } }

    /// Replaces row `i`.
    public mutating func setRow(_ i: Int, _ values: [Scalar]) {
        precondition(values.count == columns)
        elements.replaceSubrange((i * columns)..<((i + 1) * columns), with: values)
    }

    /// The rows at `indices`, in that order.
    public func rows<C: Collection>(_ indices: C) -> Matrix where C.Element == Int {
        var e = [Scalar]()
        e.reserveCapacity(indices.count * columns)
        for i in indices { e.append(contentsOf: elements[(i * columns)..<((i + 1) * columns)]) }
        return Matrix(rows: indices.count, columns: columns, elements: e)
    }

    /// The columns at `indices`, in that order.
    public func columns<C: Collection>(_ indices: C) -> Matrix where C.Element == Int {
        let idx = Array(indices)
        return Matrix(rows: rows, columns: idx.count) { i, j in self[i, idx[j]] }
    }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        elements.withUnsafeBufferPointer { src in
            t.elements.withUnsafeMutableBufferPointer { dst in
                for i in 0..<rows { for j in 0..<columns { dst[j * rows + i] = src[i * columns + j] } }
            }
        }
        return t
    }

    /// Converts the element type (e.g. Float activations to Double for measures).
    public func converted<T: BLASScalar>(to: T.Type = T.self) -> Matrix<T> {
        Matrix<T>(rows: rows, columns: columns, elements: elements.map { T($0) })
    }

    /// Stacks matrices with equal column counts vertically.
    public static func vstack(_ parts: [Matrix]) -> Matrix {
        guard let first = parts.first else { return Matrix(rows: 0, columns: 0) }
        precondition(parts.allSatisfy { $0.columns == first.columns }, "vstack: column mismatch")
        return Matrix(rows: parts.reduce(0) { $0 + $1.rows }, columns: first.columns,
                      elements: parts.flatMap { $0.elements })
    }

    /// True when every element is finite.
    public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        (0..<rows).map { i in row(i).map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n")
    }
}
