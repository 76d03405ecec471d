import InfusionWizard
import Testing
@testable import TerminalUI

@Suite struct StylePolicyTests {
    @Test func withColour() {
        let expected: [Style: CellAttributes] = [
            .normal: .plain,
            .title: CellAttributes(bold: true, colour: .title),
            .heading: CellAttributes(bold: true),
            .focus: CellAttributes(reverse: true, colour: .focus),
            .error: CellAttributes(bold: true, colour: .error),
            .warning: CellAttributes(bold: true, colour: .warning),
            .ok: CellAttributes(colour: .ok),
            .dim: CellAttributes(dim: true),
            .training: CellAttributes(reverse: true, colour: .training),
        ]
        for style in Style.allCases {
            #expect(StylePolicy.attributes(for: style, colour: true) == expected[style], "\(style)")
        }
    }

    @Test func withoutColour() {
        let expected: [Style: CellAttributes] = [
            .normal: .plain,
            .title: CellAttributes(bold: true),
            .heading: CellAttributes(bold: true),
            .focus: CellAttributes(reverse: true),
            .error: CellAttributes(bold: true),
            .warning: CellAttributes(bold: true),
            .ok: .plain,
            .dim: CellAttributes(dim: true),
            .training: CellAttributes(reverse: true),
        ]
        for style in Style.allCases {
            #expect(StylePolicy.attributes(for: style, colour: false) == expected[style], "\(style)")
        }
    }

    @Test func withoutColourTheAttributesAreTheColouredOnesMinusColour() {
        for style in Style.allCases {
            var coloured = StylePolicy.attributes(for: style, colour: true)
            coloured.colour = nil
            #expect(StylePolicy.attributes(for: style, colour: false) == coloured, "\(style)")
        }
    }

    @Test func errorsAndFocusStandOutWithoutColour() {
        #expect(StylePolicy.attributes(for: .error, colour: false) != .plain)
        #expect(StylePolicy.attributes(for: .warning, colour: false) != .plain)
        #expect(StylePolicy.attributes(for: .focus, colour: false) != .plain)
        #expect(StylePolicy.attributes(for: .training, colour: false) != .plain)
    }

    @Test func colourPairsAreDistinctAndNotPairZero() {
        let pairs = ColourRole.allCases.map(\.rawValue)
        #expect(Set(pairs).count == pairs.count)
        #expect(!pairs.contains(0))
    }

    @Test(arguments: [
        ([:], true, true),
        (["NO_COLOR": ""], true, true),
        (["NO_COLOR": "1"], true, false),
        (["NO_COLOR": "0"], true, false),      // any non-empty value, per no-color.org
        ([:], false, false),
    ] as [([String: String], Bool, Bool)])
    func colourFollowsNoColorAndTheTerminal(environment: [String: String], hasColours: Bool, colour: Bool) {
        #expect(StylePolicy.wantsColour(environment: environment, terminalHasColours: hasColours) == colour)
    }
}
