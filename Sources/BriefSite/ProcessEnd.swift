/// What a one-shot `build` leaves for the operating system to take back when
/// the process ends. A built site is hundreds of thousands of small objects;
/// freeing them one by one just before exit took a tenth of an edited
/// build's time (10,000 briefs: about 0.3 s), for memory the system frees at
/// once. Only the command-line build asks for it: `serve` and the tests
/// build many times in one process and must free what each build made.
enum ProcessEnd {
    private final class Held {
        let value: Any

        init(_ value: Any) {
            self.value = value
        }
    }

    /// Keeps `value` alive to the end of the process, on purpose.
    static func leave(_ value: Any) {
        _ = Unmanaged.passRetained(Held(value))
    }
}
