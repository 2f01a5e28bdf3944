// TEMPORARY scalar stand-in for the vectorised kernels (replaced by Activation+Kernels.swift).
extension Activation {
    public func apply<S: BLASScalar>(_ u: UnsafePointer<S>, values: UnsafeMutablePointer<S>,
                                     derivatives: UnsafeMutablePointer<S>?, count: Int) {
        for i in 0..<count {
            let x = Double(u[i])
            if let d = derivatives { d[i] = S(derivative(x)) }
            values[i] = S(value(x))
        }
    }
}
