import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import RepGeom

/// Parses an SVG document with Foundation's XML parser (an independent check that our output is
/// well-formed XML) and collects every element with its attributes and text.
final class SVGInspection: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
        func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
    }

    private(set) var elements: [Element] = []
    private var stack: [Int] = []
    private(set) var error: Error?

    /// Parses `svg`; fails the test (and returns nil) when it is not well-formed.
    static func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> SVGInspection? {
        let inspection = SVGInspection()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspection
        let ok = parser.parse()
        if !ok {
            XCTFail("SVG is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown") at line \(parser.lineNumber)", file: file, line: line)
            return nil
        }
        return inspection
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = stack.last { elements[i].text += string }
    }

    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }
    func texts() -> [String] { all("text").map(\.text) }
    /// Elements whose attribute `key` equals `value` (e.g. stroke colour).
    func all(_ name: String, where key: String, is value: String) -> [Element] {
        all(name).filter { $0.attributes[key] == value }
    }
}

/// Checks shared by every plot test: well-formed, root size and viewBox, no non-finite numbers.
func assertValidSVG(_ svg: String, width: Double, height: Double, file: StaticString = #filePath, line: UInt = #line) -> SVGInspection? {
    guard let doc = SVGInspection.parse(svg, file: file, line: line) else { return nil }
    guard let root = doc.elements.first else { XCTFail("empty document", file: file, line: line); return nil }
    XCTAssertEqual(root.name, "svg", file: file, line: line)
    XCTAssertEqual(root.attributes["xmlns"], "http://www.w3.org/2000/svg", file: file, line: line)
    XCTAssertEqual(root.number("width"), width, file: file, line: line)
    XCTAssertEqual(root.number("height"), height, file: file, line: line)
    XCTAssertEqual(root.attributes["viewBox"], "0 0 \(SVGCanvas.number(width)) \(SVGCanvas.number(height))", file: file, line: line)
    XCTAssertTrue(root.attributes["font-family"]?.contains("sans-serif") ?? false, file: file, line: line)
    for e in doc.elements {
        for (k, v) in e.attributes {
            let lower = v.lowercased()
            XCTAssertFalse(lower.contains("nan") || lower.contains("inf"), "\(e.name) \(k)=\"\(v)\"", file: file, line: line)
        }
    }
    return doc
}
