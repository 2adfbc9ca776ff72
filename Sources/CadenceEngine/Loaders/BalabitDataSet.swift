import Foundation

/// The Balabit Mouse Dynamics Challenge folder layout (Fülöp et al. 2016).
///
/// `training_files/userN/session_*` (all by the account's owner), `test_files/userN/session_*`
/// (some by other people) and `public_labels.csv` (`filename,is_illegal`, 1 = not the owner).
/// Only the layout is read here; ``BalabitSessionLoader`` reads the sessions themselves.
public struct BalabitDataSet: Sendable {
    /// One session file of the data set.
    public struct SessionFile: Sendable, Hashable, Codable {
        public enum Split: String, Sendable, Hashable, Codable {
            case training
            case test
        }

        /// The user folder's name, e.g. `user7`.
        public var user: String
        /// The file name, e.g. `session_0041905381`.
        public var session: String
        public var path: String
        public var split: Split
        /// For labelled test sessions: true when the session was by someone else (illegal).
        public var isIllegal: Bool?

        public init(user: String, session: String, path: String, split: Split, isIllegal: Bool? = nil) {
            self.user = user
            self.session = session
            self.path = path
            self.split = split
            self.isIllegal = isIllegal
        }
    }

    public var root: String
    /// User folder names, ordered by their number (`user7` before `user12`).
    public var users: [String]
    public var trainingSessions: [String: [SessionFile]]
    public var testSessions: [String: [SessionFile]]
    /// Labels rows read from `public_labels.csv`, by file name; empty when the file is absent.
    public var labels: [String: Bool]
    /// Malformed rows of `public_labels.csv`.
    public var labelReport: LoadReport

    /// Every session file, training first, in user order.
    public var allSessions: [SessionFile] {
        users.flatMap { trainingSessions[$0] ?? [] } + users.flatMap { testSessions[$0] ?? [] }
    }

    /// Reads the folder structure at `root`.
    ///
    /// - Throws: ``DataSetError`` naming the path when `root` is not a folder or has no
    ///   `training_files` folder with at least one user.
    public init(root: String) throws(DataSetError) {
        self.root = root
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: root, isDirectory: &isFolder) else {
            throw DataSetError(path: root, reason: "no such folder")
        }
        guard isFolder.boolValue else {
            throw DataSetError(path: root, reason: "not a folder (expected the Balabit layout)")
        }
        let trainingRoot = (root as NSString).appendingPathComponent("training_files")
        let testRoot = (root as NSString).appendingPathComponent("test_files")
        guard fm.fileExists(atPath: trainingRoot, isDirectory: &isFolder), isFolder.boolValue else {
            throw DataSetError(path: root, reason: "no training_files folder (expected the Balabit layout)")
        }
        var report = LoadReport()
        let labelsPath = (root as NSString).appendingPathComponent("public_labels.csv")
        labels = Self.readLabels(path: labelsPath, report: &report)
        labelReport = report
        trainingSessions = Self.sessions(in: trainingRoot, split: .training, labels: [:])
        testSessions = Self.sessions(in: testRoot, split: .test, labels: labels)
        users = Self.orderedUsers(Set(trainingSessions.keys))
        guard !users.isEmpty else {
            throw DataSetError(path: trainingRoot, reason: "no user folders with session files")
        }
    }

    /// Orders folder names by the number they contain, then by name.
    static func orderedUsers(_ names: Set<String>) -> [String] {
        func number(_ name: String) -> Int { Int(name.filter(\.isNumber)) ?? Int.max }
        return names.sorted { (number($0), $0) < (number($1), $1) }
    }

    private static func sessions(in folder: String, split: SessionFile.Split, labels: [String: Bool])
        -> [String: [SessionFile]]
    {
        let fm = FileManager.default
        guard let userFolders = try? fm.contentsOfDirectory(atPath: folder) else { return [:] }
        var result: [String: [SessionFile]] = [:]
        for user in userFolders where !user.hasPrefix(".") {
            let userPath = (folder as NSString).appendingPathComponent(user)
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: userPath, isDirectory: &isFolder), isFolder.boolValue,
                let files = try? fm.contentsOfDirectory(atPath: userPath)
            else { continue }
            let sessions = files.filter { !$0.hasPrefix(".") }.sorted().map { file in
                SessionFile(
                    user: user, session: file, path: (userPath as NSString).appendingPathComponent(file),
                    split: split, isIllegal: labels[file])
            }
            if !sessions.isEmpty { result[user] = sessions }
        }
        return result
    }

    private static func readLabels(path: String, report: inout LoadReport) -> [String: Bool] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var labels: [String: Bool] = [:]
        let text = String(decoding: data, as: UTF8.self)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let row = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if row.isEmpty || (index == 0 && row.hasPrefix("filename")) { continue }
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2, let flag = Int(fields[1].trimmingCharacters(in: .whitespaces)),
                flag == 0 || flag == 1
            else {
                report.skip(file: path, line: index + 1, reason: "expected filename,is_illegal (0 or 1)")
                continue
            }
            labels[String(fields[0]).trimmingCharacters(in: .whitespaces)] = flag == 1
            report.rowsRead += 1
        }
        return labels
    }
}
