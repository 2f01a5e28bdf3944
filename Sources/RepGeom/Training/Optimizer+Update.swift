/// The update rules on raw parameter buffers: the one implementation every trainer (dense MLP,
/// CNN) calls, so the rules are written and tested once. In place and allocation-free.
extension Optimizer {
    /// Applies one update to `count` parameters from their gradient.
    ///
    /// - Parameters:
    ///   - firstMoment, secondMoment: optimiser state of the same length (unused by SGD; the
    ///     second moment alone by RMSprop), zero before the first step.
    ///   - step: the 1-based step number (Adam's bias correction).
    @inlinable
    public func update<S: BLASScalar>(_ parameters: UnsafeMutablePointer<S>, gradient: UnsafePointer<S>,
                                      firstMoment: UnsafeMutablePointer<S>, secondMoment: UnsafeMutablePointer<S>,
                                      count n: Int, learningRate lr: S, step t: Int) {
        let theta = parameters, grad = gradient, v = secondMoment, mom = firstMoment
        switch self {
        case .sgd:
            for i in 0..<n { theta[i] -= lr * grad[i] }
        case .rmsprop(let beta, let eps):
            let b = S(beta), c = 1 - S(beta), e = S(eps)
            for i in 0..<n {
                let gi = grad[i]
                v[i] = b * v[i] + c * gi * gi
                theta[i] -= lr * gi / (v[i].squareRoot() + e)
            }
        case .adam(let beta1, let beta2, let eps):
            let b1 = S(beta1), b2 = S(beta2), e = S(eps)
            let correction = S((1 - Elementary.pow(beta2, Double(t))).squareRoot() / (1 - Elementary.pow(beta1, Double(t))))
            let step = lr * correction
            for i in 0..<n {
                let gi = grad[i]
                mom[i] = b1 * mom[i] + (1 - b1) * gi
                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                theta[i] -= step * mom[i] / (v[i].squareRoot() + e)
            }
        }
    }
}
