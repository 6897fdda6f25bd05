import DeskStore
import StoreContracts
import Testing

@Suite("DecisionStore contract: JSON-lines log")
struct JSONLinesStoreContractTests {
    let directory = TemporaryDirectory()
    var contract: DecisionStoreContract {
        let path = directory.file("decisions.jsonl")
        return DecisionStoreContract { try DecisionLog(path: path) }
    }

    @Test func readsBackWhatAnyHandleAppended() throws { try contract.readsBackWhatAnyHandleAppended() }
    @Test func prepareSeesWhatOthersAppended() throws { try contract.prepareSeesWhatOthersAppendedAndDecidesUnderTheLock() }
    @Test func concurrentWritersKeepTheChain() async throws { try await contract.keepsOneUnbrokenChainUnderConcurrentWriters() }
    @Test func rewindReadsEverythingAgain() throws { try contract.rewindReadsEverythingAgain() }
}
