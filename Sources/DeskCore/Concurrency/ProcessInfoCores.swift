#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of threads to parse with: the cores, or `OBJECTION_DESK_THREADS` when set (1...64),
/// so a benchmark can show how the load scales.
package enum ProcessInfoCores {
    package static var count: Int {
        if let value = getenv("OBJECTION_DESK_THREADS"), let threads = Int(String(cString: value)), (1...64).contains(threads) {
            return threads
        }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
