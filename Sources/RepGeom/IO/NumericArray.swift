/// An n-dimensional numeric array read from a file (.npy, .npz member or CSV), in C (row-major)
/// order, remembering where it came from so that later checks can name the file and row.
///
/// Floating-point sources are held as `Double` (float16/float32 convert exactly); integer and
/// boolean sources as `Int64`, so that integer ids never pass through floating point. Values are
/// stored as read: NaN and ±Inf survive reading, and `requireFinite(_:)` is the check.
public struct NumericArray: Sendable, Equatable {
    /// The element type of the source.
    public enum ElementType: String, Sendable, Codable, CaseIterable {
        case float16, float32, float64
        case int8, int16, int32, int64
        case uint8, uint16, uint32, uint64
        case bool
        /// Decimal text (CSV); held as `Double`.
        case text

        public var isFloatingPoint: Bool { self == .float16 || self == .float32 || self == .float64 || self == .text }
    }

    /// The values: floating-point sources as `Double`, integer and boolean sources as `Int64`.
    public enum Storage: Sendable, Equatable {
        case floating([Double])
        case integer([Int64])

        public var count: Int {
            switch self {
            case .floating(let v): v.count
            case .integer(let v): v.count
            }
        }
    }

    public var elementType: ElementType
    /// The dimensions, outermost first (numpy's `shape`); `[]` for a 0-d scalar.
    public var shape: [Int]
    public var storage: Storage
    /// Where the array came from, for messages: "acts.npy", "run.npz:hidden", "data.csv".
    public var source: String
    /// For text sources: the file line (counting from 1) of each row, so that a later check can
    /// point into the file the way an editor shows it. `nil` for binary sources.
    public var rowLines: [Int]?
    /// For text sources: the file column (counting from 1) of each column of a 2-d array.
    public var columnNumbers: [Int]?

    public init(elementType: ElementType, shape: [Int], storage: Storage, source: String,
                rowLines: [Int]? = nil, columnNumbers: [Int]? = nil) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == storage.count,
                     "shape \(shape) does not match \(storage.count) elements")
        precondition(rowLines == nil || rowLines!.count == (shape.first ?? 1))
        precondition(columnNumbers == nil || (shape.count == 2 && columnNumbers!.count == shape[1]))
        self.elementType = elementType
        self.shape = shape
        self.storage = storage
        self.source = source
        self.rowLines = rowLines
        self.columnNumbers = columnNumbers
    }

    /// A 2-d floating-point array holding `matrix` (e.g. for writing).
    public init<S: BLASScalar>(_ matrix: Matrix<S>, source: String = "") {
        self.init(elementType: S.self == Float.self ? .float32 : .float64, shape: [matrix.rows, matrix.columns],
                  storage: .floating(matrix.elements.map { Double($0) }), source: source)
    }

    /// A 1-d integer array (e.g. condition ids).
    public init(integers: [Int], source: String = "") {
        self.init(elementType: .int64, shape: [integers.count], storage: .integer(integers.map { Int64($0) }),
                  source: source)
    }

    /// Number of elements (the product of `shape`; 1 for a scalar).
    public var count: Int { storage.count }
    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// Every value as `Double` (exact for floating sources; integers beyond 2⁵³ round).
    public var doubles: [Double] {
        switch storage {
        case .floating(let v): v
        case .integer(let v): v.map { Double($0) }
        }
    }

    /// How to name row `i` (counting from 0) in a message: "acts.npy row 17" for arrays
    /// (numpy's `a[17]`), "data.csv line 19" for text files (the line an editor shows).
    public func rowLocation(_ i: Int) -> String {
        if let lines = rowLines, i < lines.count { return "\(source) line \(lines[i])" }
        return "\(source) row \(i)"
    }

    /// How to name column `j` of a row (counting from 0): "column 3" for arrays, the file's own
    /// column number (counting from 1) for text files.
    public func columnName(_ j: Int) -> String {
        if let numbers = columnNumbers, j < numbers.count { return "column \(numbers[j])" }
        return "column \(j)"
    }

    /// Row and column of flat (C-order) element `index`, as named in messages.
    func elementLocation(_ index: Int) -> (row: String, column: String) {
        guard rank >= 2 else { return (rowLocation(rank == 0 ? 0 : index), "") }
        let width = shape.dropFirst().reduce(1, *)
        return (rowLocation(index / width), " in " + columnName(index % width))
    }

    /// The shape as numpy prints it: "(3, 4)", "(5,)", "()".
    public var shapeDescription: String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}

// MARK: - Views with checks

extension NumericArray {
    /// The array as a rows × columns matrix of `Double`.
    ///
    /// A 2-d array is taken as it is, a 1-d array of n values as n × 1. With `flatten`, an array of
    /// rank ≥ 3 becomes shape[0] × (product of the rest) in C order (e.g. CNN activations
    /// n × C × H × W); otherwise rank ≥ 3 and 0-d scalars are refused.
    ///
    /// - Parameter what: what the array is for, used in the message ("activations").
    public func matrix(_ what: String = "array", flatten: Bool = false) throws -> Matrix<Double> {
        switch rank {
        case 1: return Matrix(rows: shape[0], columns: 1, elements: doubles)
        case 2: return Matrix(rows: shape[0], columns: shape[1], elements: doubles)
        case 0:
            throw InputError(source, "\(what) must be a matrix (rows × columns), not a single number")
        default:
            guard flatten else {
                throw InputError(source, "\(what) must be a matrix (rows × columns); this array has shape \(shapeDescription)")
            }
            let columns = shape.dropFirst().reduce(1, *)
            return Matrix(rows: shape[0], columns: columns, elements: doubles)
        }
    }

    /// The array as a vector: a 1-d array, or a 2-d array with one column.
    public func vector(_ what: String = "array") throws -> [Double] {
        guard rank == 1 || (rank == 2 && shape[1] == 1) else {
            throw InputError(source, "\(what) must be a vector (one value per row); this array has shape \(shapeDescription)")
        }
        return doubles
    }

    /// The array as a vector of integers. Integer and boolean sources convert directly; a
    /// floating-point source must hold whole numbers (1.0, not 1.5; no NaN).
    public func integers(_ what: String = "array") throws -> [Int] {
        guard rank == 1 || (rank == 2 && shape[1] == 1) else {
            throw InputError(source, "\(what) must be a vector (one value per row); this array has shape \(shapeDescription)")
        }
        switch storage {
        case .integer(let v):
            return v.map { Int($0) }
        case .floating(let v):
            var out = [Int]()
            out.reserveCapacity(v.count)
            for (i, x) in v.enumerated() {
                guard x.isFinite, x == x.rounded(), abs(x) < 9.0e15 else {
                    throw InputError(rowLocation(i), "\(what) must be whole numbers, found \(x)")
                }
                out.append(Int(x))
            }
            return out
        }
    }

    /// Throws naming the first row (and column) holding NaN or ±Inf.
    public func requireFinite(_ what: String = "values") throws {
        guard case .floating(let v) = storage else { return }
        guard let bad = v.firstIndex(where: { !$0.isFinite }) else { return }
        let (row, column) = elementLocation(bad)
        throw InputError(row, "\(what) must be finite, found \(v[bad])\(column)")
    }

    /// Throws naming the first value that is not 0 or 1 (booleans, integers or 0.0/1.0).
    public func requireBinary(_ what: String = "values") throws {
        func fail(_ index: Int, _ text: String) -> InputError {
            let (row, column) = elementLocation(index)
            return InputError(row, "\(what) must be 0 or 1, found \(text)\(column)")
        }
        switch storage {
        case .integer(let v):
            if let i = v.firstIndex(where: { $0 != 0 && $0 != 1 }) { throw fail(i, "\(v[i])") }
        case .floating(let v):
            if let i = v.firstIndex(where: { $0 != 0 && $0 != 1 }) { throw fail(i, "\(v[i])") }
        }
    }
}
