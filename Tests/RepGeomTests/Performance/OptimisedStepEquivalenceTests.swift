import XCTest
@testable import RepGeom

/// The optimised training step as shipped — transposed parameter layout, products through the
/// small-matrix kernel (`GEMMBackend.small`, AVX2 + FMA build where available, and its generic
/// build) — against the unoptimised reference path (`KernelPath.scalarReference`: original
/// layout, OpenBLAS, scalar Double activations), at the reference shape itself (N_in 100,
/// N_h 128, batch 64, BCE, SGD lr 0.1, frozen readout, tanh and relu) and at fixed seeds; and
/// the fused step with OpenBLAS (`GEMMBackend.blas`) against both.
///
/// Tolerance as in `FusedStepEquivalenceTests` (float rounding accumulated like a random walk
/// over the steps): 2·10⁻⁶·max|θ| for the parameters and 2·10⁻⁶ relative for the losses, over
/// 60 steps (accuracies: to one sample of 640). A learning rate changed by 0.1 % moves the parameters ≥ 10× beyond it (checked), so
/// the bound catches a real change; the parameters also moved far from their initial values.
final class OptimisedStepEquivalenceTests: XCTestCase {
    override func tearDown() { GEMMBackend.forceSmallKernel(avx2: nil) }

    func workload(_ a: Activation) -> TrainingBenchmark.Workload { equivalenceWorkload(a) }

    func train(_ w: TrainingBenchmark.Workload, path: KernelPath, gemm: GEMMBackend, lrFactor: Double = 1,
               outputs: Int = 1) throws -> TrainingResult<Float> {
        try trainEquivalenceRun(w, path: path, gemm: gemm, lrFactor: lrFactor, outputs: outputs)
    }

    func testReferenceShapeSmallKernelMatchesScalarReference() throws {
        for a in [Activation.tanh, .relu] {
            let w = workload(a)
            let reference = try train(w, path: .scalarReference, gemm: .blas)
            let fast = try train(w, path: .vectorised, gemm: .small)
            let blas = try train(w, path: .vectorised, gemm: .blas)
            assertTrainingClose(fast, reference, "\(a) small kernel (\(GEMMBackend.smallKernelName)) vs scalar reference")
            assertTrainingClose(blas, reference, "\(a) fused step with BLAS vs scalar reference")
            assertTrainingClose(fast, blas, "\(a) small kernel vs BLAS")
            GEMMBackend.forceSmallKernel(avx2: false)
            let generic = try train(w, path: .vectorised, gemm: .small)
            GEMMBackend.forceSmallKernel(avx2: nil)
            assertTrainingClose(generic, reference, "\(a) generic small kernel vs scalar reference")
            // It trained: far beyond the tolerance from the initial network.
            let initial = TrainingBenchmark.network(w, seed: 7)
            let (moved, scale) = parameterDifference(reference.network, initial)
            XCTAssertGreaterThan(moved, 100 * 2e-6 * scale)
        }
    }

    func testSeveralOutputsMatchScalarReference() throws {
        // k = 3: the readout products leave the few-columns path and use a ragged panel.
        let w = workload(.tanh)
        assertTrainingClose(try train(w, path: .vectorised, gemm: .small, outputs: 3),
                    try train(w, path: .scalarReference, gemm: .blas, outputs: 3), "tanh k = 3")
    }

    func testToleranceDetectsARealChange() throws {
        let w = workload(.tanh)
        let a = try train(w, path: .vectorised, gemm: .small)
        let b = try train(w, path: .scalarReference, gemm: .blas, lrFactor: 1.001)
        let (diff, scale) = parameterDifference(a.network, b.network)
        XCTAssertGreaterThan(diff, 10 * 2e-6 * scale)
    }
}
