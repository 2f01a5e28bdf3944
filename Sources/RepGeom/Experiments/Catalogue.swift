/// The registry of experiments `repgeom reproduce` knows (SPEC §6).
///
/// To add an experiment, append an instance to `experiments` (the scientific catalogue, in
/// report order — what `all` means). `checks` holds pipeline checks that run only when named.
public enum Catalogue {
    /// The scientific experiments (E1–E8), in report order.
    public static let experiments: [any Experiment] = [E1GeometryOverTraining(), E2WeightDynamicsExperiment(), E3SeparabilityNoise(), E4AlignmentSweep(), E5Disentanglement(), E6DepthExperiment(), E7Experiment(), E8NonlinearityDissection()]

    /// Built-in checks of the machinery itself, runnable by id, not part of `all`.
    public static let checks: [any Experiment] = [SmokeExperiment()]

    /// Everything runnable, in catalogue order.
    public static var known: [any Experiment] { experiments + checks }

    /// The experiments for `ids` (case-insensitive; `all` = every scientific experiment), in
    /// catalogue order, each once. Throws one line listing the known ids for an unknown one.
    public static func resolve(_ ids: [String], from catalogue: [any Experiment] = Catalogue.known,
                               all: [any Experiment] = Catalogue.experiments) throws -> [any Experiment] {
        guard !ids.isEmpty else { throw InputError("experiments", "name at least one (known: \(knownList(catalogue)))") }
        var wanted = Set<String>()
        for id in ids {
            if id.lowercased() == "all" {
                guard !all.isEmpty else {
                    throw InputError("all", "the catalogue has no scientific experiments yet (known: \(knownList(catalogue)))")
                }
                all.forEach { wanted.insert($0.id.lowercased()) }
            } else if catalogue.contains(where: { $0.id.lowercased() == id.lowercased() }) {
                wanted.insert(id.lowercased())
            } else {
                throw InputError(id, "unknown experiment (known: \(knownList(catalogue)))")
            }
        }
        return catalogue.filter { wanted.contains($0.id.lowercased()) }
    }

    static func knownList(_ catalogue: [any Experiment]) -> String {
        (catalogue.map(\.id) + ["all"]).joined(separator: ", ")
    }
}
