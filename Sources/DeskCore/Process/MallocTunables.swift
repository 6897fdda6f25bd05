#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// glibc's malloc settings that only GLIBC_TUNABLES can give, read by the loader as the process
/// starts: the process starts itself again (same pid, arguments and open files) with them added,
/// before doing anything else.
///
/// Huge pages (`glibc.malloc.hugetlb=1`): clustering a queue reads hundreds of megabytes at random
/// places (the texts' tokens and pair counts, hash tables of keys); with 4 KB pages most of those
/// reads miss the TLB as well as the cache. Measured on the composed million, a first `stats` in 4
/// interleaved pairs: 6.68 → 6.18 s without the index, 7.04 → 6.80 s with it; on the mixed million
/// 2.50 → 2.34 s; peak +3–25 MB. Swift arrays leave no say in how their memory is mapped, so
/// asking per allocation (`madvise`) would mean replacing them all. Only where the system leaves
/// huge pages to each process (`madvise` in /sys/kernel/mm/transparent_hugepage/enabled): `always`
/// needs nothing, `never` refuses.
///
/// Heap reuse (`heapReuse`): a first clustering frees and allocates arrays of a few to tens of
/// megabytes phase after phase. By default glibc maps most of them afresh and gives them back when
/// freed, so every phase pays the kernel for zeroed pages again (and its arrays start on small
/// pages). Kept in the heap instead (a fixed 32 MiB mapping threshold, the most glibc allows; no
/// automatic trimming, as the explicit `malloc_trim` between phases still trims; the main heap grown
/// 64 MiB at a time): on the composed million, 7 of 7 interleaved first `stats` were faster,
/// 7.66 → 7.46 s (medians), minor faults 82,000 → 16,000, peak +14 MB.
package enum MallocTunables {
    package static let hugePages = "glibc.malloc.hugetlb=1"
    package static let heapReuse = [
        "glibc.malloc.mmap_threshold=33554432",
        "glibc.malloc.trim_threshold=4294967295",
        "glibc.malloc.top_pad=67108864",
    ]
    /// Set (to anything but "0" or "", as `OBJECTION_DESK_NO_INDEX`) to start with small pages.
    package static let hugePagesOptOut = "OBJECTION_DESK_NO_HUGE_PAGES"
    /// Set for the second start only, so that there is never a third: glibc 2.36's loader rewrites
    /// GLIBC_TUNABLES, keeping only the first tunable in the environment's own copy (all apply).
    private static let startedAgain = "OBJECTION_DESK_STARTED_AGAIN"
    private static let systemSetting = "/sys/kernel/mm/transparent_hugepage/enabled"

    /// Asking for help or the version reads no queue: not worth a second start (~20 ms).
    private static let lightArguments: Set<String> = ["help", "--help", "-h", "--version"]

    /// The GLIBC_TUNABLES to start again with, or nil to carry on as started. Huge pages only in the
    /// system's `madvise` mode (`systemMode`: the setting's text, the chosen one in brackets) and
    /// without the opt-out; a tunable the current ones already name is the user's choice and kept.
    /// Ours come after the current ones, huge pages first. `firstArgument`: the command line's
    /// first word after the program's name.
    package static func tunablesToStartWith(current: String?, systemMode: String?, hugePagesOptedOut: Bool,
                                            firstArgument: String?) -> String? {
        guard !lightArguments.contains(firstArgument ?? "") else { return nil }
        let current = current ?? ""
        let named = Set(current.split(separator: ":").map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? "" })
        let wantsHugePages = !hugePagesOptedOut && systemMode?.contains("[madvise]") == true
        let wanted = (wantsHugePages ? [hugePages] : []) + heapReuse
        let added = wanted.filter { !named.contains(name(of: $0)) }
        guard !added.isEmpty else { return nil }
        return ((current.isEmpty ? [] : [current]) + added).joined(separator: ":")
    }

    private static func name(of tunable: String) -> String {
        tunable.split(separator: "=", maxSplits: 1).first.map(String.init) ?? tunable
    }

    /// Starts the process again with the tunables when it should; returns only when it does not,
    /// or cannot (then with the environment as it was).
    package static func startAgainIfWanted() {
        #if os(Linux)
        if getenv(startedAgain) != nil {
            unsetenv(startedAgain)
            return
        }
        let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
        let firstArgument = CommandLine.arguments.dropFirst().first
        let optedOut = isOptOut(getenv(hugePagesOptOut).map { String(cString: $0) })
        guard let tunables = tunablesToStartWith(current: current, systemMode: systemMode(), hugePagesOptedOut: optedOut,
                                                 firstArgument: firstArgument) else { return }
        setenv("GLIBC_TUNABLES", tunables, 1)
        setenv(startedAgain, "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv(startedAgain)
        if let current { setenv("GLIBC_TUNABLES", current, 1) } else { unsetenv("GLIBC_TUNABLES") }
        #endif
    }

    /// Whether the opt-out's value turns huge pages off.
    package static func isOptOut(_ value: String?) -> Bool {
        guard let value else { return false }
        return !value.isEmpty && value != "0"
    }

    private static func systemMode() -> String? {
        let descriptor = open(systemSetting, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 128)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: bytes[0..<count], as: UTF8.self)
    }
}
