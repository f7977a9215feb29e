/// Checks a blob against a board before anything is installed: the right board (copying the XU3's dtb to an
/// XU is the classic mistake), memory that agrees with the board's DRAM, and every load window inside it.
extension DeviceTreeBlob {
    /// Every finding, errors first; empty means the blob fits the board.
    public func check(against board: BoardRequirements) throws(DeviceTreeError) -> [BlobFinding] {
        var findings = try compatibilityFindings(board)
        let memory = try memory()
        findings += memoryFindings(memory, board: board)
        findings += try windowFindings(memory, board: board)
        return findings.filter { $0.severity == .error } + findings.filter { $0.severity == .warning }
    }

    private func compatibilityFindings(_ board: BoardRequirements) throws(DeviceTreeError) -> [BlobFinding] {
        guard let wanted = board.compatible.first else { return [] }
        let compatible = try compatible()
        if compatible.contains(wanted) { return [] }
        guard !compatible.isEmpty else {
            return [BlobFinding(.error, "the blob has no root compatible property; \(board.origin) needs \(wanted)")]
        }
        let model = try model().map { "\"\($0)\" " } ?? ""
        var message = "wrong board: this blob is for \(model)(\(compatible.joined(separator: ", "))), but \(board.origin) needs \(wanted)"
        let shared = compatible.filter { board.compatible.contains($0) }
        if !shared.isEmpty {
            message += "; both share \(shared.joined(separator: ", ")), so it may get far enough to hang rather than fail"
        }
        return [BlobFinding(.error, message)]
    }

    private func memoryFindings(_ memory: [MemoryRange], board: BoardRequirements) -> [BlobFinding] {
        guard !memory.isEmpty else {
            return [BlobFinding(.warning, "no memory node: the kernel depends on u-boot to add one at boot")]
        }
        var findings: [BlobFinding] = []
        for range in memory where !board.dram.contains(range) {
            findings.append(
                BlobFinding(
                    .error, "memory \(range) is outside the board's DRAM \(board.dram) (\(board.origin))"))
        }
        let total = memory.reduce(UInt64(0)) { $0 &+ $1.size }
        if findings.isEmpty, total != board.dram.size {
            findings.append(
                BlobFinding(
                    .warning,
                    "the blob gives the kernel \(ByteCountText.format(total)) of memory, \(board.origin) has \(ByteCountText.format(board.dram.size)) (u-boot may rewrite the memory node at boot)"
                ))
        }
        return findings
    }

    private func windowFindings(_ memory: [MemoryRange], board: BoardRequirements) throws(DeviceTreeError) -> [BlobFinding] {
        var findings: [BlobFinding] = []
        if !memory.isEmpty {
            for window in board.loadWindows where !memory.contains(where: { $0.contains(window.range) }) {
                findings.append(
                    BlobFinding(
                        .error,
                        "\(window.name) \(window.range) is not inside the memory the blob describes (\(memory.map(\.description).joined(separator: ", ")))"
                    ))
            }
        }
        for reservation in try memoryReservations() {
            for window in board.loadWindows where window.range.overlaps(reservation) {
                findings.append(BlobFinding(.warning, "\(window.name) \(window.range) overlaps the blob's /memreserve/ \(reservation)"))
            }
        }
        return findings
    }
}
