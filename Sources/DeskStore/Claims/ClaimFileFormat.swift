import DeskCore
import Foundation

/// The bytes of one claim file: a single JSON object with the holder, where it runs, when it was
/// renewed, when it expires, and the ids.
///
/// ```json
/// {"holder":"desk1-4711-9f3a0c21","reviewer":"ben","os_user":"bsmith","host":"desk1","pid":4711,
///  "renewed_at":"2026-11-23T09:12:44.381Z","expires_at":"2026-11-23T09:17:44.381Z","count":2,
///  "ids":["obj-2026-004183","obj-2026-004184"]}
/// ```
package enum ClaimFileFormat {
    /// The file's contents for `claim`, newline-terminated.
    package static func encode(_ claim: Claim) -> [UInt8] {
        var writer = JSONObjectWriter()
        writer.add("holder", claim.holder)
        writer.add("reviewer", claim.reviewer)
        writer.add("os_user", claim.osUser)
        writer.add("host", claim.host)
        writer.add("pid", Int(claim.pid))
        writer.add("renewed_at", Timestamp.formatUTCMillis(claim.renewedAt))
        writer.add("expires_at", Timestamp.formatUTCMillis(claim.expiresAt))
        writer.add("count", claim.ids.count)
        var bytes = writer.finish()
        bytes.removeLast()  // the closing brace: the ids array goes before it
        bytes.append(contentsOf: Array(",\"ids\":[".utf8))
        for (index, id) in claim.ids.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONObjectWriter.appendQuoted(id, to: &bytes)
        }
        bytes.append(contentsOf: Array("]}\n".utf8))
        return bytes
    }

    /// Why a claim file could not be read.
    package struct DecodeError: Error, Equatable, Sendable {
        package var message: String
    }

    /// The claim in `bytes`, checked field by field.
    package static func decode(_ bytes: [UInt8]) throws(DecodeError) -> Claim {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw DecodeError(message: "not JSON")
        }
        guard let fields = object as? [String: Any] else { throw DecodeError(message: "not a JSON object") }
        func string(_ key: String) throws(DecodeError) -> String {
            guard let value = fields[key] as? String else { throw DecodeError(message: "\"\(key)\" missing or not a string") }
            return value
        }
        func time(_ key: String) throws(DecodeError) -> Int64 {
            guard let value = Timestamp.parseRFC3339(try string(key)) else { throw DecodeError(message: "\"\(key)\" is not an RFC 3339 time") }
            return value
        }
        guard let pidNumber = fields["pid"] as? NSNumber, let pid = Int32(exactly: pidNumber.doubleValue) else {
            throw DecodeError(message: "\"pid\" missing or not a process id")
        }
        guard let ids = fields["ids"] as? [String] else { throw DecodeError(message: "\"ids\" missing or not an array of strings") }
        return Claim(holder: try string("holder"), reviewer: try string("reviewer"), osUser: try string("os_user"),
                     host: try string("host"), pid: pid, renewedAt: try time("renewed_at"),
                     expiresAt: try time("expires_at"), ids: ids)
    }
}
