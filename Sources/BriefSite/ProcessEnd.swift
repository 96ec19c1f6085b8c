import Dispatch

/// What a build does with the site data it made once it is done with it. A
/// built site is hundreds of thousands of small objects; freeing them one by
/// one took a tenth of an edited build's time (10,000 briefs: about 0.3 s).
/// A one-shot `build` leaves them for the operating system to take back when
/// the process ends; `serve` frees them on a background queue once the
/// rebuild is done, so that the browser reloads first; the tests free them
/// where they are.
enum ProcessEnd {
    private final class Held: @unchecked Sendable {
        let value: Any

        init(_ value: Any) {
            self.value = value
        }
    }

    /// Keeps `value` alive to the end of the process, on purpose.
    static func leave(_ value: Any) {
        _ = Unmanaged.passRetained(Held(value))
    }

    private static let disposal = DispatchQueue(label: "briefsite.disposal", qos: .utility)

    /// Frees `value` on a background queue: the last reference is dropped there.
    static func freeLater(_ value: Any) {
        let held = Held(value)
        disposal.async { withExtendedLifetime(held) {} }
    }

    /// What `settings` asks for: left to the exit, freed in the background, or (neither) freed by the caller.
    static func dispose(_ value: Any, _ settings: RenderSettings) {
        if settings.leavesMemoryToExit {
            leave(value)
        } else if settings.freesInBackground {
            freeLater(value)
        }
    }
}
