#if canImport(Glibc)
import DeskCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor of its own (a `dup`), closed when the last holder lets go: what a background
/// read or write of a derived file keeps of its source, whatever the source's owner does meanwhile.
package final class OwnedDescriptor: Sendable {
    package let value: Int32

    package init?(duplicating descriptor: Int32) {
        let duplicate = dup(descriptor)
        guard duplicate >= 0 else { return nil }
        value = duplicate
    }

    deinit { close(value) }
}
