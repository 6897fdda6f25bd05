import Synchronization
import Testing
@testable import DeskTerminal

@Suite("Progress line on stderr")
struct ProgressLineTests {
    /// A clock the test moves by hand, and a terminal that records what was written.
    final class FakeTerminal: Sendable {
        let now = Mutex(Duration.zero)
        let written = Mutex<[String]>([])
        let width = Mutex<Int?>(nil)

        func line(enabled: Bool = true) -> ProgressLine {
            ProgressLine(prefix: "objection-desk", isEnabled: enabled, elapsed: { self.now.withLock { $0 } },
                         columns: { self.width.withLock { $0 } }, write: { text in self.written.withLock { $0.append(text) } })
        }

        func advance(to seconds: Double) { now.withLock { $0 = .milliseconds(Int(seconds * 1000)) } }

        /// What was written since the last call.
        func take() -> [String] {
            written.withLock { written in
                defer { written = [] }
                return written
            }
        }
    }

    /// Shared between the test and the phase's status closure.
    final class Fraction: Sendable {
        let value = Mutex(0.0)
        func set(_ new: Double) { value.withLock { $0 = new } }
        var current: Double { value.withLock { $0 } }
    }

    @Test func silentDuringTheFirstSecond() {
        let terminal = FakeTerminal()
        let line = terminal.line()
        line.during("reading the queue", fraction: { 0.5 }) {
            terminal.advance(to: 0.99)
            line.tick()
        }
        #expect(terminal.take() == [])
    }

    @Test func drawsPhaseAndPercentThenErasesWhenThePhaseEnds() {
        let terminal = FakeTerminal()
        let line = terminal.line()
        let fraction = Fraction()
        line.during("reading the queue", fraction: { fraction.current }) {
            fraction.set(0.42)
            terminal.advance(to: 1.0)
            line.tick()
            #expect(terminal.take() == ["\robjection-desk: reading the queue… 42%\u{1B}[K"])
        }
        #expect(terminal.take() == ["\r\u{1B}[K"])
    }

    @Test func atMostTenDrawingsASecondAndNoneWhenNothingChanged() {
        let terminal = FakeTerminal()
        let line = terminal.line()
        let fraction = Fraction()
        line.during("finding near-identical justifications", fraction: { fraction.current }) {
            terminal.advance(to: 1.0)
            line.tick()
            fraction.set(0.5)
            terminal.advance(to: 1.05)
            line.tick()  // too soon after the last drawing
            #expect(terminal.take().count == 1)
            terminal.advance(to: 1.1)
            line.tick()
            #expect(terminal.take() == ["\robjection-desk: finding near-identical justifications… 50%\u{1B}[K"])
            terminal.advance(to: 2.0)
            line.tick()  // same text: nothing to redraw
            #expect(terminal.take() == [])
        }
    }

    @Test func nothingAtAllWhenStderrIsNotATerminal() {
        let terminal = FakeTerminal()
        let line = terminal.line(enabled: false)
        line.during("reading the queue", fraction: { 0.3 }) {
            terminal.advance(to: 5)
            line.tick()
        }
        #expect(terminal.take() == [])
    }

    @Test func aQuickPhaseLeavesNoErase() {
        let terminal = FakeTerminal()
        let line = terminal.line()
        line.during("reading the queue") { line.tick() }
        terminal.advance(to: 3)
        line.tick()  // between phases: nothing to show
        #expect(terminal.take() == [])
    }

    @Test func innerPhaseReplacesOuterUntilItEnds() {
        let terminal = FakeTerminal()
        let line = terminal.line()
        terminal.advance(to: 1)
        line.during("selecting submissions") {
            line.during("finding near-identical justifications", fraction: { 0.25 }) { line.tick() }
            terminal.advance(to: 2)
            line.tick()
        }
        #expect(terminal.take() == [
            "\robjection-desk: finding near-identical justifications… 25%\u{1B}[K", "\r\u{1B}[K",
            "\robjection-desk: selecting submissions…\u{1B}[K", "\r\u{1B}[K",
        ])
    }

    @Test func percentIsRoundedDownAndClamped() {
        let line = FakeTerminal().line()
        #expect(line.format(.init("reading the queue", fraction: 0.999)) == "objection-desk: reading the queue… 99%")
        #expect(line.format(.init("reading the queue", fraction: 1.7)) == "objection-desk: reading the queue… 100%")
        #expect(line.format(.init("reading the queue", fraction: -1)) == "objection-desk: reading the queue… 0%")
        #expect(line.format(.init("reading the decision log")) == "objection-desk: reading the decision log…")
    }

    @Test func staysOnOneRowOfANarrowTerminal() {
        let terminal = FakeTerminal()
        terminal.width.withLock { $0 = 20 }
        let line = terminal.line()
        terminal.advance(to: 1)
        line.during("reading the queue", fraction: { 0.5 }) { line.tick() }
        // 19 columns: a line as wide as the terminal would wrap, and `\r` would then redraw only its last row.
        #expect(terminal.take().first == "\robjection-desk: rea\u{1B}[K")
    }
}
