import CThreadPriority
import Foundation
import Synchronization
import Testing
@testable import DeskStore

/// Derived files saved in the background run on a thread of lowered priority, so that a first
/// `stats` saving the queue index while it clusters does not take turns with the clustering.
@Suite struct BackgroundSavePriorityTests {
    @Test func aBackgroundSaveRunsAtALowerPriorityThanItsCaller() throws {
        let directory = TemporaryDirectory()
        let callerNice = current_thread_nice()
        let observed = Mutex<Int32?>(nil)
        let recorded = DispatchSemaphore(value: 0)
        // Waited for through the image itself: other tests' saves may be pending at the same time.
        _ = DerivedFileStore.write(to: DerivedFileLocation(path: directory.file("x.odt")), synchronously: false,
                                   unsavedNote: { $0 }) { () throws(DerivedFileError) -> DerivedFileImage? in
            observed.withLock { $0 = current_thread_nice() }
            recorded.signal()
            return nil
        }
        #expect(recorded.wait(timeout: .now() + 10) == .success)
        let nice = try #require(observed.withLock { $0 })
        #expect(nice == min(19, callerNice + 10))
        // The caller's own priority is left as it was.
        #expect(current_thread_nice() == callerNice)
    }

    @Test func aSynchronousSaveKeepsItsCallersPriority() {
        let directory = TemporaryDirectory()
        let callerNice = current_thread_nice()
        let observed = Mutex<Int32?>(nil)
        _ = DerivedFileStore.write(to: DerivedFileLocation(path: directory.file("y.odt")), synchronously: true,
                                   unsavedNote: { $0 }) { () throws(DerivedFileError) -> DerivedFileImage? in
            observed.withLock { $0 = current_thread_nice() }
            return nil
        }
        #expect(observed.withLock { $0 } == callerNice)
    }
}
