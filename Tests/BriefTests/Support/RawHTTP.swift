import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain HTTP/1.1 client over a loopback socket, for the one test that
/// talks to the preview as a browser does, event stream included.
final class RawHTTP: @unchecked Sendable {
    private let descriptor: Int32
    private var buffer = Data()

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw TestFailure("connect to 127.0.0.1:\(port) failed")
        }
    }

    deinit { close(descriptor) }

    func send(_ method: String = "GET", _ path: String, headers: [String: String] = [:]) {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, bytes.count, 0) }
    }

    /// Reads until `text` has arrived (everything read so far is returned), or nil after `timeout` seconds.
    func read(until text: String, timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let string = String(data: buffer, encoding: .utf8), string.contains(text) { return string }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return nil }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining * 1000)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count <= 0 { return String(data: buffer, encoding: .utf8).flatMap { $0.contains(text) ? $0 : nil } }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// Forgets what was read, so that the next `read` waits for new data.
    func reset() { buffer.removeAll() }

    /// One request on a fresh connection; the whole response as text.
    static func get(port: Int, _ path: String) throws -> String {
        let client = try RawHTTP(port: port)
        client.send(path, headers: ["Connection": "close"])
        return client.read(until: "</html>", timeout: 5) ?? ""
    }
}

extension RawHTTP {
    func send(_ path: String, headers: [String: String] = [:]) {
        send("GET", path, headers: headers)
    }
}

/// Runs blocking work (socket reads, waiting on processes) on a GCD thread,
/// so that it never holds one of the few threads that Swift concurrency —
/// and the server under test — run on.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}

extension RawHTTP {
    func waitFor(_ text: String, timeout: Double) async -> String? {
        (try? await offPool { self.read(until: text, timeout: timeout) }) ?? nil
    }

    static func fetch(port: Int, _ path: String) async throws -> String {
        try await offPool { try RawHTTP.get(port: port, path) }
    }
}

/// Polls `condition` off the concurrency pool for up to `timeout` seconds.
func eventuallyOffPool(timeout: Double = 5, _ condition: @escaping @Sendable () throws -> Bool) async throws -> Bool {
    try await offPool { try eventually(timeout: timeout, condition) }
}
