import Foundation

/// A TCP proxy between the desk and its server (a python3 helper) that the test tells, through
/// its stdin, to stop forwarding or to close, at once or when the client's stream reaches a
/// statement:
///
///     blackhole | close                      now
///     vanish                                 now, for the connections open now: the server's
///                                            side closed, the client told nothing until it
///                                            sends, then reset (a server host that rebooted:
///                                            no FIN ever came; its next packet gets an RST)
///     on copy|commit blackhole|close BYTES   when the client sends the bulk's COPY (or COMMIT),
///                                            after BYTES more bytes from the client
///
/// Black-holed, it keeps both TCP connections open and reads and drops what either side sends:
/// a middlebox that stopped forwarding (the kernels still acknowledge, so TCP keepalives see
/// nothing wrong). Closed, both connections are closed. It prints `port N` when listening and
/// `triggered` when a rule fired.
final class FaultProxy: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    let port: Int
    private var lines: [String] = []
    private let lock = NSLock()

    init(targetPort: Int) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-c", Self.script, String(targetPort)]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer += chunk
        }
        let first = String(decoding: buffer, as: UTF8.self)
        guard first.hasPrefix("port "), let port = Int(first.dropFirst(5).prefix { $0.isNumber }) else {
            throw FaultCluster.Failure("the proxy did not start: \(first)")
        }
        self.port = port
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                lock.withLock { lines += String(decoding: chunk, as: UTF8.self).split(separator: "\n").map(String.init) }
            }
        }
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// The desk's database through the proxy.
    func conninfo(_ cluster: FaultCluster) -> String { "host=127.0.0.1 port=\(port) dbname=desk user=\(NSUserName())" }

    func send(_ command: String) {
        input.fileHandleForWriting.write(Data((command + "\n").utf8))
    }

    var triggered: Bool { lock.withLock { lines.contains("triggered") } }

    private var triggerCount: Int { lock.withLock { lines.filter { $0 == "triggered" }.count } }

    /// `vanish`, returning once the proxy has done it.
    func vanish() throws {
        let before = triggerCount
        send("vanish")
        let deadline = Date().addingTimeInterval(5)
        while triggerCount == before {
            guard Date() < deadline else { throw FaultCluster.Failure("the proxy did not vanish its connections") }
            usleep(10_000)
        }
    }

    static let script = #"""
import os, select, socket, struct, sys, threading
target = int(sys.argv[1])
state = {"mode": "forward", "rule": None, "budget": None}
lock = threading.Lock()
conns = []
pairs = []
patterns = {"copy": b"COPY objection_desk.decisions", "commit": b"COMMIT\x00"}

def fire(action):
    if action == "vanish":
        for pair in pairs:
            if pair["vanished"]: continue
            pair["vanished"] = True
            try: pair["server"].shutdown(socket.SHUT_RDWR)
            except OSError: pass
            pair["server"].close()
        print("triggered", flush=True)
        return
    state["mode"] = action
    print("triggered", flush=True)
    if action == "close":
        for c in list(conns):
            try: c.shutdown(socket.SHUT_RDWR)
            except OSError: pass
            c.close()

def pump(src, dst, from_client, pair):
    tail = b""
    while True:
        try: data = src.recv(65536)
        except OSError: return
        with lock: vanished = pair["vanished"]
        if vanished:
            if from_client and data:
                # The client speaks to a server that no longer knows it: a reset.
                src.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                src.close()
            return
        if not data:
            try: dst.shutdown(socket.SHUT_WR)
            except OSError: pass
            return
        action = None
        with lock:
            if state["mode"] == "close": return
            if state["mode"] == "blackhole": continue
            if from_client and state["rule"]:
                name, then, after = state["rule"]
                if state["budget"] is None:
                    if patterns[name] in tail + data:
                        # The chunk that holds the statement goes through, then `after` more bytes.
                        state["budget"] = after
                        if after == 0: action = then
                    else:
                        tail = (tail + data)[-64:]
                else:
                    data = data[:state["budget"]]
                    state["budget"] -= len(data)
                    if state["budget"] <= 0: action = then
                if action: state["rule"] = None
        try: dst.sendall(data)
        except OSError: return
        if action:
            with lock: fire(action)

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
print("port", listener.getsockname()[1], flush=True)

def control():
    for line in sys.stdin:
        words = line.split()
        with lock:
            if words in (["blackhole"], ["close"], ["vanish"]): fire(words[0])
            elif len(words) == 4 and words[0] == "on": state["rule"] = (words[1], words[2], int(words[3]))
            elif words == ["forward"]: state["mode"] = "forward"
    os._exit(0)

threading.Thread(target=control, daemon=True).start()
while True:
    client, _ = listener.accept()
    server = socket.create_connection(("127.0.0.1", target))
    pair = {"client": client, "server": server, "vanished": False}
    with lock:
        conns.extend([client, server])
        pairs.append(pair)
        if state["mode"] == "close":
            client.close(); server.close(); continue
    threading.Thread(target=pump, args=(client, server, True, pair), daemon=True).start()
    threading.Thread(target=pump, args=(server, client, False, pair), daemon=True).start()
"""#
}
