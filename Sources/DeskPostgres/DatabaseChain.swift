#if canImport(Glibc)
import Glibc
#endif
import DeskCore
import DeskStore
import Foundation

/// `verify` on a database desk: the file log's chain rule over the records as the database holds
/// them. Every record line is exported in `seq` order (one consistent snapshot) to a private
/// temporary file and walked by `ChainVerifier`, so the two stores are judged by one rule; the
/// problems then name the database and the record's position (line n = the n-th record), which
/// is the line of the same record in `db export-log`'s output.
package enum DatabaseChain {
    package static func verify(_ connection: PostgresConnection, findingHead head: String?, label: String,
                               progress: LoadProgress? = nil) throws -> ChainReport {
        try PrivateTemporaryFile.with(named: "decisions.jsonl", fill: { write in
            try DecisionLogTransfer.export(connection, to: write)
        }, read: { path in
            try ChainVerifier.verify(path: path, findingHead: head, progress: progress).relabelled(label + ", record")
        })
    }
}
