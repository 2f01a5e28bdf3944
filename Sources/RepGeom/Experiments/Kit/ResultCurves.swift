/// Curves for figures: mean ± s.d. over networks of a selected record, against a swept
/// parameter, the epoch, or the layer, one series per value of a grouping key (by default the
/// nonlinearity, so the palette's tanh/relu colours apply).
public enum ResultCurves {
    /// y = final value of `selector` against the numeric setting `x`.
    public static func versus(_ x: String, _ results: [NetworkResult], _ selector: RecordSelector,
                              groupBy: String = "nonlinearity", label: (ParameterValue) -> String = { $0.description }) -> [LineSeries] {
        ResultGroups.split(results, by: groupBy).map { group in
            let xs = ResultGroups.values(of: x, in: group.results).compactMap(\.number)
            let samples = xs.map { xv in group.results.filter { $0.job.setting[x]?.number == xv }.compactMap { $0.value(selector) } }
            return LineSeries.summarising(name: label(group.value), x: xs, samples: samples)
        }
    }

    /// y = value of `selector` at each checkpoint epoch.
    public static func overEpochs(_ results: [NetworkResult], _ selector: RecordSelector,
                                  groupBy: String = "nonlinearity", label: (ParameterValue) -> String = { $0.description }) -> [LineSeries] {
        ResultGroups.split(results, by: groupBy).map { group in
            let epochs = Set(group.results.flatMap { $0.series(selector).map(\.epoch) }).sorted()
            let samples = epochs.map { e in group.results.compactMap { $0.value(selector, epoch: e) } }
            return LineSeries.summarising(name: label(group.value), x: epochs.map(Double.init), samples: samples)
        }
    }

    /// y = final value of `selector` at each hidden layer `layers` (the selector's layer is replaced).
    public static func overLayers(_ results: [NetworkResult], _ selector: RecordSelector, layers: [Int],
                                  groupBy: String = "nonlinearity", label: (ParameterValue) -> String = { $0.description }) -> [LineSeries] {
        ResultGroups.split(results, by: groupBy).map { group in
            let samples = layers.map { l -> [Double] in
                var s = selector
                s.layer = l
                return group.results.compactMap { $0.value(s) }
            }
            return LineSeries.summarising(name: label(group.value), x: layers.map(Double.init), samples: samples)
        }
    }
}
