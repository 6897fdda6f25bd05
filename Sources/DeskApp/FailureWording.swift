import DeskStore

/// How a failed read or write is put to the reviewer on the bottom line.
enum FailureWording {
    static func describe(_ error: any Error) -> String {
        if let error = error as? StoreError { return error.description }
        if let remote = error as? any RemoteStoreFailure {
            if remote.outcomeIsUnknown {
                return "the database connection broke while committing: this decision may or may not be recorded; the list will show it once the database answers"
            }
            if remote.isUnreachable { return "database unreachable, retrying (\(remote.description))" }
        }
        return "\(error)"
    }
}
