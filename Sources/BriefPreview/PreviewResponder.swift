import BriefCore
import BriefSite
import Foundation
import Hummingbird
import ServiceLifecycle

/// Answers every request of the preview: site files with their type and
/// entity tag, the live-reload script and event stream, redirects to a
/// folder's trailing slash, and the site's 404 page. Only files of the built
/// site are ever served: paths are looked up in it, never on disk.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let state: PreviewState

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        let isHead = request.method == .head
        let rawPath = request.uri.path
        if rawPath == LiveReload.scriptPath {
            return respond(body: Data(LiveReload.script.utf8), type: "text/javascript; charset=utf-8",
                           etag: ServedSite.etag(StableHash.of { $0.combine(LiveReload.script) }), request: request)
        }
        if rawPath == LiveReload.eventsPath {
            return events(isHead: isHead)
        }
        guard let lookup = PreviewPath(rawPath) else {
            return notFound(request)
        }
        let site = state.current
        if let file = site.files[lookup.key] {
            guard let bytes = file.bytes() else { return notFound(request) }
            return respond(body: bytes, type: file.contentType, etag: file.etag, request: request)
        }
        if !lookup.isFolder, site.files[lookup.key + "/index.html"] != nil {
            var location = rawPath + "/"
            if let query = request.uri.query { location += "?" + query }
            return Response(status: .movedPermanently, headers: [.location: location, .contentLength: "0"])
        }
        return notFound(request)
    }

    func respond(body: Data, type: String, etag: String, request: Request, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [.contentType: type, .eTag: etag, .cacheControl: "no-cache", .xContentTypeOptions: "nosniff"]
        if status == .ok, let match = request.headers[.ifNoneMatch],
           match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(body.count)
        let responseBody = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        return Response(status: status, headers: headers, body: responseBody)
    }

    func notFound(_ request: Request) -> Response {
        let site = state.current
        let page = site.files["404.html"]?.bytes() ?? Data("<!DOCTYPE html><title>404</title><p>Not found</p>".utf8)
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"]
        headers[.contentLength] = String(page.count)
        let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: page))
        return Response(status: .notFound, headers: headers, body: body)
    }

    func events(isHead: Bool) -> Response {
        let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]
        if isHead { return Response(status: .ok, headers: headers) }
        let (id, stream) = state.subscribe()
        let state = self.state
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            // An event stream never ends by itself: end it when the server shuts down, or shutdown would wait forever.
            try await withGracefulShutdownHandler {
                for await event in stream {
                    try await writer.write(ByteBuffer(string: event))
                }
            } onGracefulShutdown: {
                state.end(id)
            }
            try await writer.finish(nil)
        })
    }
}

/// A request path turned into a key of the site's files, or nil for any
/// path that tries to leave the site: `..` in any spelling, an encoded
/// slash or NUL, a backslash.
struct PreviewPath {
    let key: String
    let isFolder: Bool

    init?(_ raw: String) {
        guard raw.hasPrefix("/") else { return nil }
        let segments = raw.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var decoded: [String] = []
        for segment in segments {
            guard let text = String(segment).removingPercentEncoding else { return nil }
            if text.isEmpty { continue }
            if text == "." || text == ".." || text.contains("/") || text.contains("\\") || text.contains("\0") { return nil }
            decoded.append(text)
        }
        isFolder = raw.hasSuffix("/") || decoded.isEmpty
        let joined = decoded.joined(separator: "/")
        key = isFolder ? (joined.isEmpty ? "index.html" : joined + "/index.html") : joined
    }
}
