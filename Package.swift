// swift-tools-version: 6.0
import PackageDescription

// One library (the engine and the measures) and one command-line tool.
// BLAS/LAPACK come from Accelerate on Apple platforms and from Debian's OpenBLAS + LAPACKE
// (through the `CBLAS` system-library target) on Linux. No machine-specific flags.
let package = Package(
    name: "repgeom",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RepGeom", targets: ["RepGeom"]),
        .executable(name: "repgeom", targets: ["repgeom"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // C kernels of the training step: small-matrix sgemm and Float tanh (portable C; an AVX2 + FMA
        // build of each chosen at run time on x86-64, from one shared CPU-feature check).
        .target(name: "CKernels", path: "Sources/CKernels"),
        .target(
            name: "RepGeom",
            dependencies: [
                .target(name: "CBLAS", condition: .when(platforms: [.linux])),
                "CKernels",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            linkerSettings: [.linkedFramework("Accelerate", .when(platforms: [.macOS]))]
        ),
        .executableTarget(
            name: "repgeom",
            dependencies: [
                "RepGeom",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "RepGeomTests",
            dependencies: ["RepGeom", "repgeom"],
            exclude: ["Fixtures"]
        ),
    ]
)
