import DeskStore
import DeskEngine
import DeskCore

extension AppState {
    /// The first message says a decision log will be created with the first decision; once it
    /// holds one, that part is no longer true and goes (the rest of the message stays).
    mutating func dropNewLogNotice() {
        guard let current = message, current.text.contains(Self.newLogMarker) else { return }
        let kept = current.text.components(separatedBy: " · ").filter { !$0.contains(Self.newLogMarker) }
        message = kept.isEmpty ? nil : StatusMessage(text: kept.joined(separator: " · "), isError: current.isError)
    }

    static let newLogMarker = "(created with the first decision)"
}
