import Foundation
import RepGeom

/// Progress of `repgeom train` on standard error: a redrawn bar when standard error is a
/// terminal, one plain line per checkpoint otherwise (logs, CI, Slurm).
final class TrainingProgress {
    let enabled: Bool
    let interactive: Bool
    let seeds: Int
    let epochs: Int
    private var seed: UInt64 = 0
    private var index = 0
    private var last: CheckpointMetrics?
    private var lastDraw = Date.distantPast
    private var started = Date()

    init(enabled: Bool, seeds: Int, epochs: Int) {
        self.enabled = enabled
        self.interactive = isatty(STDERR_FILENO) == 1
        self.seeds = seeds
        self.epochs = epochs
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    private func metricsText(_ m: CheckpointMetrics) -> String {
        var text = String(format: "loss %.4f  train %.1f%%", m.train.loss, 100 * m.train.accuracy)
        if let t = m.test { text += String(format: "  test %.1f%%", 100 * t.accuracy) }
        return text
    }

    func begin(seed: UInt64, index: Int) {
        self.seed = seed
        self.index = index
        last = nil
        started = Date()
        lastDraw = .distantPast
    }

    func epoch(_ epoch: Int) {
        guard enabled, interactive else { return }
        let now = Date()
        if now.timeIntervalSince(lastDraw) < 0.1 && epoch < epochs { return }
        lastDraw = now
        let width = 30
        let filled = epochs > 0 ? width * epoch / epochs : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let metrics = last.map { "  " + metricsText($0) } ?? ""
        write("\r\u{1B}[2Kseed \(seed) (\(index + 1)/\(seeds)) [\(bar)] epoch \(epoch)/\(epochs)\(metrics)")
    }

    func checkpoint(_ m: CheckpointMetrics) {
        last = m
        guard enabled, !interactive else { return }
        write("seed \(seed) (\(index + 1)/\(seeds))  epoch \(m.epoch)/\(epochs)  \(metricsText(m))\n")
    }

    func end(_ record: RunRecord, path: String?) {
        guard enabled else { return }
        let seconds = Date().timeIntervalSince(started)
        let written = path.map { "  → \($0)" } ?? ""
        let stopped = record.stoppedEarlyAt.map { "  (stopped early at epoch \($0))" } ?? ""
        let line = String(format: "seed %llu done in %.1f s%@%@", record.seed, seconds, stopped as NSString, written as NSString)
        write((interactive ? "\r\u{1B}[2K" : "") + line + "\n")
    }
}
