/// Product facts (rule book section 1) as data. The numbers here and in `SitePolicy`
/// are the only clinical figures in the program; docs/clinical-rules.md gives each source.

/// The rule book this module implements (shared/spec/imiglucerase-rules.md).
public enum RuleBook {
    public static let version = 2
}

/// One vial strength of a product.
public struct VialStrength: Hashable, Sendable, Comparable {
    /// Nominal enzyme units one vial delivers.
    public let units: Int
    /// Sterile Water for Injection to add (5.1 mL or 10.2 mL).
    public let waterML: Tenths
    /// Volume in the vial after reconstitution, including overfill (5.3 mL or 10.6 mL).
    /// Shown so that nobody mistakes it for the volume to withdraw.
    public let vialVolumeML: Tenths
    /// Volume that holds the nominal units at the product's concentration (5 mL or 10 mL).
    public let withdrawableML: Tenths
    /// Marketed now (the 200-unit vial is listed as discontinued in the US and the EU).
    public let marketed: Bool

    public static func < (lhs: VialStrength, rhs: VialStrength) -> Bool { lhs.units < rhs.units }
}

public struct ProductProfile: Sendable, Equatable {
    public let genericName: String
    public let brandName: String
    public let strengths: [VialStrength]
    /// Units per mL after reconstitution (40): the only figure that turns units into mL.
    public let unitsPerML: Int
    public let diluent: String
    public let infusionFluid: String
    public let filter: String

    public func strength(units: Int) -> VialStrength? { strengths.first { $0.units == units } }

    public static let imiglucerase = ProductProfile(
        genericName: "imiglucerase",
        brandName: "Cerezyme",
        strengths: [
            VialStrength(units: 400, waterML: Tenths(tenths: 102), vialVolumeML: Tenths(tenths: 106),
                         withdrawableML: Tenths(tenths: 100), marketed: true),
            VialStrength(units: 200, waterML: Tenths(tenths: 51), vialVolumeML: Tenths(tenths: 53),
                         withdrawableML: Tenths(tenths: 50), marketed: false),
        ],
        unitsPerML: 40,
        diluent: "Sterile Water for Injection",
        infusionFluid: "0.9% Sodium Chloride Injection",
        filter: "in-line, low protein-binding, 0.2 micron filter"
    )
}
