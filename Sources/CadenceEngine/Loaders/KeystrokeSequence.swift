/// One typed passage (a sentence of a typing test, or a window of a live session) as key events.
///
/// Events are ordered by timestamp (milliseconds); ``KeystrokeWindowBuilder`` pairs them into
/// keystrokes.
public struct KeystrokeSequence: Sendable, Hashable {
    /// The participant or user who typed it, as the data set names them.
    public var subject: String
    /// The data set's identifier of this passage (Aalto: `TEST_SECTION_ID`).
    public var id: String
    public var events: [KeyEvent]

    public init(subject: String, id: String, events: [KeyEvent]) {
        self.subject = subject
        self.id = id
        self.events = events
    }
}

/// All sequences of one participant, in the order they were typed.
public struct ParticipantSequences: Sendable, Hashable {
    public var subject: String
    /// The file they were read from.
    public var file: String
    public var sequences: [KeystrokeSequence]

    public init(subject: String, file: String, sequences: [KeystrokeSequence]) {
        self.subject = subject
        self.file = file
        self.sequences = sequences
    }
}
