import CFdt

/// Low-level reads shared by the public accessors: node lookup, raw properties, strings and cell numbers,
/// each turning libfdt's negative return codes into errors that name the file, node and property.
extension DeviceTreeBlob {
    /// The offset of the node at `path`, or nil when there is no such node.
    func nodeOffset(_ path: String) throws(DeviceTreeError) -> Int32? {
        let offset = fdt_path_offset(buffer.raw, path)
        if offset >= 0 { return offset }
        if offset == -cfdt_err_notfound() { return nil }
        throw error(.libfdt(operation: "looking up \(path)", message: fdtMessage(offset)))
    }

    /// The full path of the node at `offset`, for messages.
    func path(of offset: Int32) -> String {
        var storage = [CChar](repeating: 0, count: 1024)
        guard fdt_get_path(buffer.raw, offset, &storage, Int32(storage.count)) == 0 else { return "(node @\(offset))" }
        return String(decoding: storage.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The node's own name (with unit address), e.g. "memory@40000000".
    func name(of offset: Int32) -> String {
        guard let name = fdt_get_name(buffer.raw, offset, nil) else { return "" }
        return String(cString: name)
    }

    /// The raw value of property `name` of the node at `offset`, or nil when the node has no such property.
    func property(_ name: String, at offset: Int32) throws(DeviceTreeError) -> [UInt8]? {
        var length: Int32 = 0
        guard let value = fdt_getprop(buffer.raw, offset, name, &length) else {
            if length == -cfdt_err_notfound() { return nil }
            throw error(.libfdt(operation: "reading \(path(of: offset))/\(name)", message: fdtMessage(length)))
        }
        return Array(UnsafeRawBufferPointer(start: value, count: Int(length)))
    }

    /// Property `name` as a list of NUL-terminated strings ("compatible"), nil when absent.
    func strings(_ name: String, at offset: Int32) throws(DeviceTreeError) -> [String]? {
        guard let value = try property(name, at: offset) else { return nil }
        guard value.last == 0 else {
            throw error(.malformedProperty(node: path(of: offset), property: name, detail: "not a NUL-terminated string"))
        }
        return value.dropLast().split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Property `name` as one string, nil when absent.
    func string(_ name: String, at offset: Int32) throws(DeviceTreeError) -> String? {
        guard let list = try strings(name, at: offset) else { return nil }
        return list.joined(separator: "\0")
    }

    /// Property `name` as one big-endian number of 1 or 2 cells (as u-boot writes linux,initrd-start).
    func number(_ name: String, at offset: Int32) throws(DeviceTreeError) -> UInt64? {
        guard let value = try property(name, at: offset) else { return nil }
        guard value.count == 4 || value.count == 8 else {
            throw error(
                .malformedProperty(
                    node: path(of: offset), property: name, detail: "\(value.count) bytes, expected a 4- or 8-byte number"))
        }
        return value.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
    }

    /// The names of every property of the node at `offset`, in blob order.
    func propertyNames(at offset: Int32) throws(DeviceTreeError) -> [String] {
        var names: [String] = []
        var property = fdt_first_property_offset(buffer.raw, offset)
        while property >= 0 {
            var length: Int32 = 0
            var namePointer: UnsafePointer<CChar>?
            guard fdt_getprop_by_offset(buffer.raw, property, &namePointer, &length) != nil, let namePointer else {
                throw error(.libfdt(operation: "listing properties of \(path(of: offset))", message: fdtMessage(length)))
            }
            names.append(String(cString: namePointer))
            property = fdt_next_property_offset(buffer.raw, property)
        }
        guard property == -cfdt_err_notfound() else {
            throw error(.libfdt(operation: "listing properties of \(path(of: offset))", message: fdtMessage(property)))
        }
        return names
    }

    /// The direct children of the node at `offset`.
    func children(of offset: Int32) throws(DeviceTreeError) -> [Int32] {
        var result: [Int32] = []
        var child = fdt_first_subnode(buffer.raw, offset)
        while child >= 0 {
            result.append(child)
            child = fdt_next_subnode(buffer.raw, child)
        }
        guard child == -cfdt_err_notfound() else {
            throw error(.libfdt(operation: "listing the children of \(path(of: offset))", message: fdtMessage(child)))
        }
        return result
    }
}
