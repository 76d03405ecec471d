// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "InfusionPrep",
    products: [
        .executable(name: "infusion-prep", targets: ["infusion-prep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Pure Swift, no Foundation, no I/O: units, rules R1 to R9, findings, formatting.
        .target(name: "InfusionCalc"),
        .executableTarget(
            name: "infusion-prep",
            dependencies: [
                "InfusionCalc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "InfusionCalcTests",
            dependencies: [
                "InfusionCalc",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
    ]
)
