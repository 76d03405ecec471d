/// R10 (how the bag is made) and R11 (the flush and the pump plan), with the sentences
/// that state them. Exact: every volume in tenths of a mL, every time in whole minutes.

/// R10: how the bag of a plan is made.
public struct BagPreparation: Equatable, Sendable {
    public let method: BagMethod
    /// Prefilled: the bag used (the smallest listed whose nominal size is at least the final volume).
    public let bag: PrefilledBag?
    public let finalVolumeML: Tenths
    public let drugVolumeML: Tenths
    /// Empty bag: the sodium chloride to add (R7: final volume - drug volume); nil for a prefilled bag.
    public let addML: Tenths?
    /// Prefilled bag: the sodium chloride to remove and discard,
    /// R = nominal + overfill + drug volume - final volume; nil for an empty bag.
    public let removeML: Tenths?
    /// The pump's volume to be infused: the final volume (R10).
    public var pumpVolumeML: Tenths { finalVolumeML }
}

/// R10: no listed prefilled bag is large enough.
public struct NoBagLargeEnough: Error, Equatable, Sendable {
    /// The final volume the bag must hold.
    public let neededML: Tenths
    /// The largest listed bag, if any.
    public let largestML: Tenths?
}

/// R11: the pump plan. The bag runs for the duration of R8; a flush (policy `flush_ml`)
/// follows at the same pump rate.
public struct PumpPlan: Equatable, Sendable {
    public let bagML: Tenths
    public let bagMinutes: Int
    public let rateMLPerHour: Tenths
    /// 0 when the policy has no flush.
    public let flushML: Tenths
    /// Flush mL x 60 / pump rate, rounded up to a whole minute (the flush is done only then); 0 without a flush.
    public let flushMinutes: Int
    public var totalMinutes: Int { bagMinutes + flushMinutes }
    public var hasFlush: Bool { flushML > .zero }
}

extension Rules {
    /// R10: how to make a bag of `finalVolume` holding `drugVolume` under the policy's
    /// `bag_method`. Empty: add final - drug. Prefilled: the smallest listed bag whose
    /// nominal size is at least the final volume; remove nominal + overfill + drug - final.
    /// Fails (a hard stop) when no listed bag is large enough. `drugVolume` must not be
    /// above `finalVolume` (R7 stops that first).
    public static func bag(finalVolume: Tenths, drugVolume: Tenths, policy: SitePolicy) -> Result<BagPreparation, NoBagLargeEnough> {
        switch policy.bagMethod {
        case .empty:
            return .success(BagPreparation(method: .empty, bag: nil, finalVolumeML: finalVolume, drugVolumeML: drugVolume,
                                           addML: finalVolume - drugVolume, removeML: nil))
        case .prefilled:
            guard let bag = policy.prefilledBags.sorted().first(where: { $0.nominalML >= finalVolume }) else {
                return .failure(NoBagLargeEnough(neededML: finalVolume, largestML: policy.prefilledBags.map(\.nominalML).max()))
            }
            return .success(BagPreparation(method: .prefilled, bag: bag, finalVolumeML: finalVolume, drugVolumeML: drugVolume,
                                           addML: nil, removeML: bag.nominalML + bag.overfillML + drugVolume - finalVolume))
        }
    }

    /// R11: the pump plan for a bag of `finalVolume` mL over `minutes` at `rate` mL/h (R8),
    /// and the policy's flush at the same rate.
    public static func pumpPlan(finalVolume: Tenths, minutes: Int, rate: Tenths, policy: SitePolicy) -> PumpPlan {
        let flush = max(policy.flushML, .zero)
        let flushMinutes = flush == .zero ? 0 : Ratio(flush.count * 60, max(rate.count, 1)).roundedUp
        return PumpPlan(bagML: finalVolume, bagMinutes: minutes, rateMLPerHour: rate, flushML: flush, flushMinutes: flushMinutes)
    }
}

/// The sentences of R10 and R11, from the plan's figures and the product.
extension BagPreparation {
    /// "Remove 205 mL from the 250 mL bag" style instruction for the Dilute step and the
    /// plan: one sentence, with every figure.
    public func sentence(product: ProductProfile = .imiglucerase) -> String {
        switch (method, bag, removeML, addML) {
        case (.prefilled, let bag?, let remove?, _):
            let holds = bag.overfillML == .zero ? "" : " (it holds \(Display.millilitres(bag.holdsML)) with its \(Display.millilitres(bag.overfillML)) overfill)"
            return "Remove \(Display.millilitres(remove)) from the \(Display.millilitres(bag.nominalML)) \(product.infusionFluid) bag\(holds) and discard it, then add the \(Display.millilitres(drugVolumeML)) of drug: final volume \(Display.millilitres(finalVolumeML))."
        case (_, _, _, let add?):
            return "Add \(Display.millilitres(add)) \(product.infusionFluid) to an empty sterile bag, then the \(Display.millilitres(drugVolumeML)) of drug: final volume \(Display.millilitres(finalVolumeML))."
        default:
            return "Final volume \(Display.millilitres(finalVolumeML))."
        }
    }

    /// The plan's Bag rows: "final volume 150 mL from a prefilled 250 mL bag (+ 20 mL
    /// overfill)", "remove and discard 225 mL, then add the 105 mL of drug". The empty
    /// bag's row is R7's: "final volume 150 mL: add 45 mL 0.9% Sodium Chloride Injection".
    public func planRows(product: ProductProfile = .imiglucerase) -> [String] {
        switch (bag, removeML, addML) {
        case (let bag?, let remove?, _):
            let overfill = bag.overfillML == .zero ? "" : " (+ \(Display.millilitres(bag.overfillML)) overfill)"
            return ["final volume \(Display.millilitres(finalVolumeML)) from a prefilled \(Display.millilitres(bag.nominalML)) bag\(overfill)",
                    "remove and discard \(Display.millilitres(remove)), then add the \(Display.millilitres(drugVolumeML)) of drug"]
        case (_, _, let add?):
            return ["final volume \(Display.millilitres(finalVolumeML)): add \(Display.millilitres(add)) \(product.infusionFluid)"]
        default:
            return ["final volume \(Display.millilitres(finalVolumeML))"]
        }
    }
}

extension NoBagLargeEnough {
    /// The hard stop's sentence: names the size needed.
    public func sentence(product: ProductProfile = .imiglucerase) -> String {
        let largest = largestML.map { " (the largest listed is \(Display.millilitres($0)))" } ?? ""
        return "No prefilled bag on this site's list holds the \(Display.millilitres(neededML)) final volume\(largest): a \(product.infusionFluid) bag of at least \(Display.millilitres(neededML)) is needed. Ask the pharmacist."
    }
}

extension PumpPlan {
    /// The pump plan for people: the bag, the flush (when the policy has one) and the total.
    public func lines(product: ProductProfile = .imiglucerase) -> [String] {
        var out = ["bag \(Display.millilitres(bagML)) over \(Display.minutes(bagMinutes)) at \(Display.millilitresPerHour(rateMLPerHour))"]
        if hasFlush {
            out.append("then flush \(Display.millilitres(flushML)) \(product.infusionFluid) at \(Display.millilitresPerHour(rateMLPerHour)): \(Display.minutes(flushMinutes))")
            out.append("total \(Display.minutes(totalMinutes)) on the pump")
        }
        return out
    }
}

extension Rules {
    /// R11: whatever the policy, before the drug: prime the set and the filter.
    public static func primingSentence(product: ProductProfile = .imiglucerase) -> String {
        "Prime the infusion set and the \(product.filter) with \(product.infusionFluid) before the drug."
    }
}
