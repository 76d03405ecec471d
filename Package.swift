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
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3" ..< "5.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure Swift, no Foundation, no I/O: units, rules R1 to R11, findings, formatting, site policy limits.
        .target(name: "InfusionCalc"),
        // Pure state machine: key events in, new state out; view(state) -> Screen.
        .target(name: "InfusionWizard", dependencies: ["InfusionCalc", "InfusionTraining"]),
        // Training: scenario files, free practice, result files. The shipped scenarios are
        // compiled into the binary (PackageResources), so an installed binary needs no
        // resource folder; a test checks that every file in Scenarios/ is listed here.
        .target(
            name: "InfusionTraining",
            dependencies: ["InfusionCalc"],
            resources: [
                .embedInCode("Scenarios/child-near-limits.scenario"),
                .embedInCode("Scenarios/first-infusion-rate-cap.scenario"),
                .embedInCode("Scenarios/low-dose-three-per-week.scenario"),
                .embedInCode("Scenarios/only-400-unit-vials.scenario"),
                .embedInCode("Scenarios/partial-vial.scenario"),
                .embedInCode("Scenarios/previous-alglucerase-antibodies.scenario"),
                .embedInCode("Scenarios/previous-hypersensitivity.scenario"),
                .embedInCode("Scenarios/rounding-outside-tolerance.scenario"),
                .embedInCode("Scenarios/rounding-within-tolerance.scenario"),
                .embedInCode("Scenarios/standard-adult.scenario"),
                .embedInCode("Scenarios/volume-over-200-ml.scenario"),
                .embedInCode("Scenarios/water-volume-trap.scenario"),
                .embedInCode("Scenarios/weight-in-pounds.scenario"),
            ]
        ),
        // The preparation record (rule book section 6): an append-only, hash-chained log
        // behind one protocol; SQLite through GRDB, SHA-256 through swift-crypto.
        .target(
            name: "InfusionRecords",
            dependencies: [
                "InfusionCalc",
                "InfusionWizard",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The site policy file (rule book section 9): found, read strictly with TOMLKit,
        // checked by the calculation module, hashed with SHA-256 through swift-crypto.
        .target(
            name: "InfusionPolicy",
            dependencies: [
                "InfusionCalc",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The same record store on PostgreSQL (docs/records-postgres.md), kept apart so that
        // the SQLite side stays light.
        .target(
            name: "InfusionRecordsPostgres",
            dependencies: [
                "InfusionRecords",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // ncursesw as a C module: a module map and a shim header, no C sources.
        .systemLibrary(name: "CNCursesW", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        // Async-signal-safe terminal restore on fatal signals and on SIGINT/SIGTERM/SIGHUP.
        .target(name: "CTermGuard"),
        // The only code that calls ncurses, and the plain line-by-line front end.
        .target(name: "TerminalUI", dependencies: ["InfusionWizard", "CNCursesW", "CTermGuard"]),
        .executableTarget(
            name: "infusion-prep",
            dependencies: [
                "InfusionCalc",
                "InfusionWizard",
                "InfusionTraining",
                "InfusionRecords",
                "InfusionPolicy",
                "InfusionRecordsPostgres",
                "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `make bench`: speed and memory targets (docs/performance.md).
        .executableTarget(name: "infusion-bench", dependencies: ["InfusionCalc", "InfusionWizard"]),
        // Helpers shared by the tests that run the real binary (posix_spawn, tmux).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "PlanCommandTests",
            // InfusionRecords and InfusionCalc: the label command's tests build a records file.
            dependencies: ["TestSupport", "infusion-prep", "InfusionRecords", "InfusionCalc"]
        ),
        .testTarget(
            name: "InfusionWizardTests",
            dependencies: ["InfusionWizard", "InfusionCalc", "InfusionTraining", "TerminalUI", "TestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["__screens__"]
        ),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "InfusionWizard"]),
        .testTarget(
            name: "InfusionTrainingTests",
            dependencies: ["InfusionTraining", "InfusionWizard", "InfusionCalc", "TestSupport"],
            exclude: ["__json__"]
        ),
        // The real binary in tmux; depends on the executable so that it is built first.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TestSupport", "infusion-prep"]
        ),
        .testTarget(name: "InfusionRecordsTests", dependencies: ["InfusionRecords", "InfusionWizard", "InfusionCalc", "InfusionTraining", "TestSupport"],
                    exclude: ["__json__"]),
        // The record store contract on both stores, and the PostgreSQL store's own tests
        // (a private server from scripts/test-postgres.sh; skipped, saying why, without one).
        .testTarget(
            name: "InfusionRecordsPostgresTests",
            dependencies: ["InfusionRecords", "InfusionRecordsPostgres", "TestSupport"]
        ),
        .testTarget(
            name: "InfusionPolicyTests",
            dependencies: ["InfusionPolicy", "InfusionCalc",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "InfusionCalcTests",
            dependencies: [
                "InfusionCalc",
                "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // Golden bag labels (text and ZPL), read by the tests from the source tree.
            exclude: ["__labels__", "__json__"]
        ),
    ]
)
