import CFdt

/// The facts the tool needs from a blob: which board it is for, what memory it describes, what /chosen says.
extension DeviceTreeBlob {
    /// The root `model` string ("Hardkernel Odroid XU"), nil when absent.
    public func model() throws(DeviceTreeError) -> String? {
        try string("model", at: 0)
    }

    /// The root `compatible` list, most specific first ("hardkernel,odroid-xu", "samsung,exynos5410", …).
    public func compatible() throws(DeviceTreeError) -> [String] {
        try strings("compatible", at: 0) ?? []
    }

    /// Every range of the memory nodes (device_type = "memory", or a root child named memory@… without one),
    /// read with the parent's #address-cells and #size-cells.
    public func memory() throws(DeviceTreeError) -> [MemoryRange] {
        var nodes: [Int32] = []
        var offset = fdt_node_offset_by_prop_value(buffer.raw, -1, "device_type", "memory", 7)
        while offset >= 0 {
            nodes.append(offset)
            offset = fdt_node_offset_by_prop_value(buffer.raw, offset, "device_type", "memory", 7)
        }
        guard offset == -cfdt_err_notfound() else {
            throw error(.libfdt(operation: "searching for memory nodes", message: fdtMessage(offset)))
        }
        for child in try children(of: 0) where !nodes.contains(child) {
            let name = self.name(of: child)
            if (name == "memory" || name.hasPrefix("memory@")), try property("device_type", at: child) == nil {
                nodes.append(child)
            }
        }
        var ranges: [MemoryRange] = []
        for node in nodes { ranges += try regRanges(of: node) }
        return ranges
    }

    /// The /memreserve/ entries of the blob header: ranges the kernel must not use.
    public func memoryReservations() throws(DeviceTreeError) -> [MemoryRange] {
        let count = fdt_num_mem_rsv(buffer.raw)
        guard count >= 0 else { throw error(.libfdt(operation: "reading /memreserve/ entries", message: fdtMessage(count))) }
        var result: [MemoryRange] = []
        for index in 0..<count {
            var base: UInt64 = 0
            var size: UInt64 = 0
            let status = fdt_get_mem_rsv(buffer.raw, index, &base, &size)
            guard status == 0 else { throw error(.libfdt(operation: "reading /memreserve/ entries", message: fdtMessage(status))) }
            result.append(MemoryRange(base: base, size: size))
        }
        return result
    }

    /// What /chosen holds; `exists` is false when there is no such node.
    public func chosen() throws(DeviceTreeError) -> ChosenNode {
        guard let node = try nodeOffset("/chosen") else { return ChosenNode() }
        let known: Set<String> = ["bootargs", "stdout-path", "linux,initrd-start", "linux,initrd-end"]
        return ChosenNode(
            exists: true, bootargs: try string("bootargs", at: node), stdoutPath: try string("stdout-path", at: node),
            initrdStart: try number("linux,initrd-start", at: node), initrdEnd: try number("linux,initrd-end", at: node),
            otherProperties: try propertyNames(at: node).filter { !known.contains($0) })
    }

    /// The `reg` ranges of the node at `node`, decoded with its parent's cell counts.
    func regRanges(of node: Int32) throws(DeviceTreeError) -> [MemoryRange] {
        let nodePath = path(of: node)
        let parent = fdt_parent_offset(buffer.raw, node)
        guard parent >= 0 else { throw error(.libfdt(operation: "finding the parent of \(nodePath)", message: fdtMessage(parent))) }
        let addressCells = fdt_address_cells(buffer.raw, parent)
        let sizeCells = fdt_size_cells(buffer.raw, parent)
        guard addressCells >= 0, sizeCells >= 0 else {
            throw error(.unsupportedCells(node: path(of: parent), detail: fdtMessage(min(addressCells, sizeCells))))
        }
        guard (1...2).contains(addressCells), (1...2).contains(sizeCells) else {
            throw error(
                .unsupportedCells(
                    node: path(of: parent),
                    detail: "#address-cells = \(addressCells), #size-cells = \(sizeCells); memory needs 1 or 2 of each"))
        }
        guard let reg = try property("reg", at: node) else {
            throw error(.malformedProperty(node: nodePath, property: "reg", detail: "a memory node needs a reg property"))
        }
        let entry = Int(addressCells + sizeCells) * 4
        guard !reg.isEmpty, reg.count % entry == 0 else {
            throw error(
                .malformedProperty(
                    node: nodePath, property: "reg",
                    detail: "\(reg.count) bytes is not a whole number of (\(addressCells) address + \(sizeCells) size) cell entries"))
        }
        func number(_ slice: ArraySlice<UInt8>) -> UInt64 { slice.reduce(0) { ($0 << 8) | UInt64($1) } }
        return stride(from: 0, to: reg.count, by: entry).map { start in
            let split = start + Int(addressCells) * 4
            return MemoryRange(base: number(reg[start..<split]), size: number(reg[split..<start + entry]))
        }
    }
}
