// swift-tools-version: 6.0
import PackageDescription
#if os(Linux) && arch(x86_64)
import Foundation
#endif

/// The hot code (DeskCore, DeskStore, DeskEngine: the load and the clustering) is compiled for
/// the building machine's processor when it has every feature of LLVM's `haswell` (AVX2, BMI1/2,
/// FMA, POPCNT, LZCNT, MOVBE …), as the anchor it is measured against is built `-march=native`.
/// The desk is built from source where it runs; `OBJECTION_DESK_PORTABLE_BUILD=1` builds for any
/// x86-64 (a binary for another machine). See DECISIONS.md, "Built for the building processor".
let tunedForThisProcessor: Bool = {
    #if os(Linux) && arch(x86_64)
    guard ProcessInfo.processInfo.environment["OBJECTION_DESK_PORTABLE_BUILD"].map({ $0.isEmpty || $0 == "0" }) ?? true,
          let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
    let flags = Set(flagsLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
    let haswell = ["sse4_2", "popcnt", "avx", "avx2", "bmi1", "bmi2", "fma", "f16c", "movbe", "abm", "pclmulqdq", "xsave", "cx16"]
    return haswell.allSatisfy(flags.contains)
    #else
    return false
    #endif
}()
let hotCodeSettings: [SwiftSetting] = tunedForThisProcessor ? [.unsafeFlags(["-target-cpu", "haswell"])] : []

let package = Package(
    name: "objection-desk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "objection-desk", targets: ["objection-desk"]),
        .executable(name: "objection-desk-bench", targets: ["objection-desk-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The layers, each a target so that a wrong import fails to compile (DECISIONS.md, "Layers"):
        // DeskCore ← DeskStore ← DeskEngine ← DeskUI ← DeskApp ← DeskTerminal ← the executables.
        // Values only: the model, JSON, text, the filter language, policy and wording. No files.
        .target(name: "DeskCore", swiftSettings: hotCodeSettings),
        // Files: the decision log, the queue file and its table, claims, the prompt history, and
        // the derived files (one store for the queue index, the search text, clusters and ledger).
        .target(name: "DeskStore", dependencies: ["DeskCore", "CByteSearch", "CCrypto", "CPrefetch", "CThreadPriority"],
                swiftSettings: hotCodeSettings),
        // The desk: the ledger folded from a decision store, queries, clusters, exports, over the
        // stores' protocols.
        .target(name: "DeskEngine", dependencies: ["DeskCore", "DeskStore", "CMemoryTrim", "CPrefetch"], swiftSettings: hotCodeSettings),
        // The system's libcrypto, for the decision log's SHA-256 chain (see shim.h).
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),
        // glibc's memmem, which Swift's Glibc module does not export.
        .target(name: "CByteSearch"),
        // __builtin_prefetch, for the load's hash-table probes and clustering's comparisons.
        .target(name: "CPrefetch"),
        // glibc's malloc_trim: clustering frees large buffers allocated on worker threads, whose
        // arenas otherwise keep them resident.
        .target(name: "CMemoryTrim"),
        // setpriority on one thread (by its id): derived files are saved at a lower priority.
        .target(name: "CThreadPriority"),
        // Deterministic generator for the bundled sample queue and the benchmark's synthetic queues.
        .target(name: "DeskSampleData", dependencies: ["DeskCore"]),
        // Runs tmux for the end-to-end tests and the benchmark (see its comment for why not Process).
        .target(name: "ToolRunner"),
        // Replies to requesters (Mustache templates per language) and the reason codes; finds Resources/.
        .target(name: "DeskReplies", dependencies: ["DeskCore", .product(name: "Mustache", package: "swift-mustache")]),
        // App state, reducer, keymap and rendering to a cell grid over a value snapshot of the desk:
        // pure, no files, no ncurses.
        .target(name: "DeskUI", dependencies: ["DeskCore", "DeskStore", "DeskEngine", "DeskReplies"]),
        // ncursesw, wide-character API (see shim.h for why not pkgConfig).
        .systemLibrary(name: "CNcursesW", path: "Sources/CNcursesW"),
        // The review screen's effect runner: the loop that reads input, runs effects over the desk,
        // keeps claims and paints, against any `ReviewScreen`.
        .target(name: "DeskApp", dependencies: ["DeskCore", "DeskStore", "DeskEngine", "DeskUI"]),
        // The only code that talks to the terminal.
        .target(name: "DeskTerminal", dependencies: ["DeskCore", "DeskApp", "DeskUI", "CNcursesW"]),
        // PostgreSQL's client library, libpq (Debian's libpq-dev; see shim.h and DECISIONS.md).
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        // The PostgreSQL store: a small libpq wrapper, the schema and its migrations, bulk import and export.
        .target(name: "DeskPostgres", dependencies: ["DeskCore", "DeskStore", "DeskEngine", "CLibPQ"]),
        .executableTarget(
            name: "objection-desk",
            dependencies: [
                "DeskCore", "DeskStore", "DeskEngine", "DeskReplies", "DeskUI", "DeskApp", "DeskTerminal", "DeskPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "objection-desk-bench",
            dependencies: [
                "DeskCore", "DeskStore", "DeskEngine", "DeskSampleData", "DeskUI", "ToolRunner", "DeskPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The store contracts (DecisionStore, ClaimStore), written once and run by the tests of
        // every store: DeskEngineTests for the files, DeskPostgresTests for PostgreSQL.
        .target(name: "StoreContracts", dependencies: ["DeskCore", "DeskStore"], path: "Tests/StoreContracts"),
        // Values only: no files, no desk.
        .testTarget(name: "DeskCoreTests", dependencies: ["DeskCore"]),
        // The stores and the desk over them, on temporary files (they share those fixtures).
        .testTarget(name: "DeskEngineTests", dependencies: ["DeskCore", "DeskStore", "DeskEngine", "DeskSampleData", "StoreContracts",
                                                           "CThreadPriority"]),
        .testTarget(name: "DeskUITests", dependencies: ["DeskUI", "DeskCore", "DeskStore", "DeskEngine", "DeskReplies"], exclude: ["Snapshots"]),
        .testTarget(name: "DeskRepliesTests", dependencies: ["DeskReplies", "DeskCore", "DeskStore", "DeskEngine"]),
        .testTarget(name: "DeskAppTests", dependencies: ["DeskApp", "DeskUI", "DeskCore", "DeskStore", "DeskEngine"]),
        .testTarget(name: "DeskTerminalTests", dependencies: ["DeskTerminal", "DeskApp", "DeskUI"]),
        // Runs the built executables on temporary files, and the review screen inside tmux.
        .testTarget(name: "EndToEndTests", dependencies: ["DeskCore", "DeskStore", "DeskEngine", "ToolRunner", "DeskPostgres"]),
        // Against a real PostgreSQL that scripts/with-pg.sh starts (see TestDatabase.swift).
        .testTarget(name: "DeskPostgresTests", dependencies: ["DeskPostgres", "DeskCore", "DeskStore", "DeskEngine", "StoreContracts"]),
    ],
    swiftLanguageModes: [.v6]
)
