import BriefHTML

/// What `serve` adds to every page, and only `serve`: a style that marks
/// the page as a preview, and the script that reloads it.
enum LiveReload {
    static let scriptPath = "/_briefsite/live.js"
    static let eventsPath = "/_briefsite/events"

    static let headMarkup = HTML(unsafeRaw: """
    <style id="briefsite-preview-style">body::before{content:"PREVIEW · \u{9810}\u{89BD}";position:fixed;z-index:2147483646;right:0.75rem;bottom:0.75rem;background:#8a4b00;color:#fff;font:600 12px/1 system-ui,sans-serif;letter-spacing:0.05em;padding:0.45rem 0.6rem;border-radius:0.3rem;pointer-events:none;opacity:0.9}</style>
    <script src="\(scriptPath)" defer></script>

    """)

    /// Connects to the event stream; reloads on "reload" when the files it names
    /// include what the page shows, keeping the scroll position; shows every error of a failed build in an overlay, built
    /// with textContent only, so no message can inject markup.
    static let script = """
    (function () {
      "use strict";
      var scrollKey = "briefsite-scroll:" + location.pathname;
      var saved = sessionStorage.getItem(scrollKey);
      if (saved !== null) {
        sessionStorage.removeItem(scrollKey);
        var restore = function () { window.scrollTo(0, parseInt(saved, 10) || 0); };
        if (document.readyState === "complete") { restore(); } else { window.addEventListener("load", restore); }
      }
      var server = null;
      var generation = null;
      function reload() {
        sessionStorage.setItem(scrollKey, String(window.scrollY || window.pageYOffset || 0));
        location.reload();
      }
      // The site file this page is, as the server names it: "en/briefs/x/index.html" for /en/briefs/x/.
      function ownPath() {
        var parts = location.pathname.split("/").filter(function (part) { return part.length > 0; });
        try { parts = parts.map(decodeURIComponent); } catch (error) { return null; }
        var joined = parts.join("/");
        if (joined === "") { return "index.html"; }
        return location.pathname.slice(-1) === "/" ? joined + "/index.html" : joined;
      }
      // Whether a rebuild that changed these files changed what this page shows: the page itself, or a
      // stylesheet, script, image or font (any page may show them). No list: everything may have changed.
      var shownFiles = /\\.(css|js|png|jpe?g|gif|webp|avif|svg|ico|woff2?)$/i;
      function shows(changed) {
        if (!Array.isArray(changed)) { return true; }
        var own = ownPath();
        if (own === null) { return true; }
        return changed.some(function (path) {
          return path === own || path === own + "/index.html" || shownFiles.test(path);
        });
      }
      function overlay() {
        var box = document.getElementById("briefsite-overlay");
        if (!box) {
          box = document.createElement("div");
          box.id = "briefsite-overlay";
          box.setAttribute("role", "alertdialog");
          box.setAttribute("aria-label", "briefsite");
          box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,24,30,0.94);color:#fff;" +
            "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem;overflow:auto;white-space:pre-wrap";
          document.body.appendChild(box);
        }
        return box;
      }
      function show(state) {
        var errors = state.errors || [];
        var status = state.status || "";
        var existing = document.getElementById("briefsite-overlay");
        if (errors.length === 0 && !status) { if (existing) { existing.remove(); } return; }
        var box = overlay();
        box.textContent = "";
        var title = document.createElement("h2");
        title.style.cssText = "font:600 18px/1.3 system-ui,sans-serif;margin:0 0 1rem;color:#ffcf7a";
        title.textContent = status || (errors.length + (errors.length === 1 ? " error" : " errors") +
          " — the last good version of the site is still served");
        box.appendChild(title);
        if (state.detail) {
          var detail = document.createElement("pre");
          detail.textContent = state.detail;
          box.appendChild(detail);
        }
        errors.forEach(function (error) {
          var line = document.createElement("div");
          line.className = "briefsite-error";
          var where = document.createElement("strong");
          where.textContent = error.location;
          line.appendChild(where);
          line.appendChild(document.createTextNode(": " + error.message));
          box.appendChild(line);
        });
      }
      function connect() {
        var source = new EventSource("\(eventsPath)");
        source.addEventListener("hello", function (event) {
          var state = JSON.parse(event.data);
          if ((server !== null && server !== state.server) || (generation !== null && generation !== state.generation)) {
            reload();
            return;
          }
          server = state.server;
          generation = state.generation;
          show(state);
        });
        source.addEventListener("reload", function (event) {
          var change = {};
          try { change = JSON.parse(event.data); } catch (error) { change = {}; }
          if (shows(change.changed)) { reload(); return; }
          if (typeof change.generation === "number") { generation = change.generation; }
        });
        source.addEventListener("state", function (event) { show(JSON.parse(event.data)); });
      }
      connect();
    })();

    """
}
