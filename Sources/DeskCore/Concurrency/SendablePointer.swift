/// A buffer that worker threads fill at disjoint indices (each writes only its own slot).
package struct SendablePointer<Element>: @unchecked Sendable {
    package let buffer: UnsafeMutableBufferPointer<Element>
    package init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
    package var pointer: UnsafeMutablePointer<Element> { buffer.baseAddress! }
}
