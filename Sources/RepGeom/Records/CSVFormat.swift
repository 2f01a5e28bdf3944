/// How repgeom writes CSV (RFC 4180): comma-separated, `\n` line ends, a header row; a field is
/// quoted (with `"` doubled inside) when it holds a comma, a quote or a line break — e.g. the
/// nonlinearity `clip:-1,1` or a configuration JSON.
///
/// Numbers use Swift's shortest round-trip decimal form (`0.1`, `1e-05`, `3.0`), so reading a
/// value back gives the identical Double; non-finite values are `nan`, `inf`, `-inf` (read as
/// such by pandas, numpy and R's `read.csv`). A missing value (no subject) is an empty field.
public enum CSVFormat {
    /// One field, quoted when needed.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A row of fields, with the line end.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// A number: shortest round-trip form, or `nan` / `inf` / `-inf`.
    public static func number(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return "\(v)"
    }
}
