#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lets glibc's malloc ask for transparent huge pages, which it does only when GLIBC_TUNABLES holds
/// `glibc.malloc.hugetlb=1` as the process starts: the process starts itself again (same pid,
/// arguments and open files) with it added, before doing anything else.
///
/// Why: clustering a queue reads hundreds of megabytes at random places (the texts' tokens and pair
/// counts, hash tables of keys); with 4 KB pages most of those reads miss the TLB as well as the
/// cache. Measured on the composed million, a first `stats` in 4 interleaved pairs: 6.68 → 6.18 s
/// without the index, 7.04 → 6.80 s with it; on the mixed million 2.50 → 2.34 s; peak +3–25 MB.
/// Swift arrays leave no say in how their memory is mapped, so asking per allocation
/// (`madvise`) would mean replacing them all; the tunable is glibc's process-wide switch and is
/// read only at start-up. Only where the system leaves huge pages to each process (`madvise` in
/// /sys/kernel/mm/transparent_hugepage/enabled): `always` needs nothing, `never` refuses.
package enum TransparentHugePages {
    package static let tunable = "glibc.malloc.hugetlb=1"
    /// Set (to anything but "0" or "", as `OBJECTION_DESK_NO_INDEX`) to start with small pages.
    package static let optOut = "OBJECTION_DESK_NO_HUGE_PAGES"
    /// Set for the second start only, so that there is never a third: the loader may rewrite
    /// GLIBC_TUNABLES (glibc 2.36 keeps only the first tunable in the environment's own copy).
    private static let startedAgain = "OBJECTION_DESK_STARTED_AGAIN"
    private static let systemSetting = "/sys/kernel/mm/transparent_hugepage/enabled"

    /// Asking for help or the version reads no queue: not worth a second start (~20 ms).
    private static let lightArguments: Set<String> = ["help", "--help", "-h", "--version"]

    /// The GLIBC_TUNABLES to start again with, or nil to carry on as started: the system's mode
    /// (the setting's text, the chosen one in brackets) must be `madvise`, and the tunables must
    /// not already say anything about it (the user's choice, or a start made already). `firstArgument`: the
    /// command line's first word after the program's name.
    package static func tunablesToStartWith(current: String?, systemMode: String?, optedOut: Bool, firstArgument: String?) -> String? {
        guard !optedOut, !lightArguments.contains(firstArgument ?? ""), let systemMode, systemMode.contains("[madvise]") else { return nil }
        let current = current ?? ""
        guard !current.contains("glibc.malloc.hugetlb") else { return nil }
        return current.isEmpty ? tunable : current + ":" + tunable
    }

    /// Starts the process again with the tunable when it should; returns only when it does not,
    /// or cannot (then with the environment as it was).
    package static func startAgainIfWanted() {
        #if os(Linux)
        if getenv(startedAgain) != nil {
            unsetenv(startedAgain)
            return
        }
        let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
        let firstArgument = CommandLine.arguments.dropFirst().first
        let optedOut = isOptOut(getenv(optOut).map { String(cString: $0) })
        guard let tunables = tunablesToStartWith(current: current, systemMode: systemMode(), optedOut: optedOut,
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
