import Foundation

/// Runs the built `objection-desk` binary, as a user's shell would.
struct CLIRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executables are built next to the test bundle (`.build/<config>/`).
    static var binDirectory: URL {
        if let explicit = ProcessInfo.processInfo.environment["OBJECTION_DESK_BIN_DIR"] { return URL(fileURLWithPath: explicit) }
        var candidate = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            candidate.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("objection-desk").path) { return candidate }
        }
        return Bundle.main.bundleURL
    }

    static func executable(_ name: String) -> URL { binDirectory.appendingPathComponent(name) }

    let workingDirectory: String
    var environment: [String: String] = [:]

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, executable: String = "objection-desk",
             prefix: [String] = [], timeoutSeconds: Double = 120) throws -> Outcome {
        let process = Process()
        if prefix.isEmpty {
            process.executableURL = CLIRunner.executable(executable)
            process.arguments = arguments
        } else {
            // A wrapper such as `prlimit --fsize=N --` runs the binary with a resource limit.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = prefix + [CLIRunner.executable(executable).path] + arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "OBJECTION_DESK_QUEUE")
        env.removeValue(forKey: "OBJECTION_DESK_DECISIONS")
        env["SWIFT_BACKTRACE"] = "enable=no"
        // State (prompt histories, the bundled sample's log) goes to the workspace, never ~/.local/state.
        env["XDG_STATE_HOME"] = workingDirectory + "/state"
        // Derived files that cannot go beside their queue, and the daily prune, stay in it too.
        env["XDG_CACHE_HOME"] = workingDirectory + "/cache"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        // A command that hangs (blocked in open on a FIFO, say) fails its test instead of the suite.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: watchdog)
        defer { watchdog.cancel() }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }
}
