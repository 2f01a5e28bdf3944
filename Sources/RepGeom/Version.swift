/// The software version written into every record.
public enum RepGeomVersion {
    public static let string = "0.1.0"
}
