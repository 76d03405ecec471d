/// R13: steps that are done, not read. The list of confirmations each stage needs,
/// with the plan's figures, as data a front end renders as controls. Each identifier
/// carries the figures it confirms, so a confirmation made for other numbers (an entry
/// changed since) no longer counts.

/// The stages of the preparation that have confirmations.
public enum PreparationStage: String, Sendable, CaseIterable {
    case reconstitution, dilution, administration
    /// Section 8: the label, printed after the double check (section 7) and the summary.
    case label
}

public enum ConfirmationID: Hashable, Sendable {
    /// Water added to each vial of a strength: a count that reaches the number of vials.
    case reconstituted(strength: Int, vials: Int)
    case swirled(strength: Int, vials: Int)
    case inspected(strength: Int, vials: Int)
    /// Whole vials of a strength withdrawn: a count.
    case withdrawnWhole(strength: Int, vials: Int, millilitres: Tenths)
    /// The one partial draw.
    case withdrawnPartial(strength: Int, millilitres: Tenths)
    /// The total drawn, typed and compared with the plan's drug volume.
    case totalDrawn(millilitres: Tenths)
    case sodiumChlorideAdded(millilitres: Tenths)
    /// R10: a prefilled bag: the volume removed and discarded, from the bag of this size.
    case sodiumChlorideRemoved(millilitres: Tenths, bag: Tenths)
    /// The bag mixed and inspected: its final volume and the drug volume in it (a new drug
    /// volume is a new bag to mix).
    case bagMixedAndInspected(finalVolume: Tenths, drugVolume: Tenths)
    case setAndFilterPrimed
    /// The rate programmed on the pump, typed back and compared with the plan.
    case pumpProgrammed(rate: Tenths)
    /// R13 and section 8: the bag label printed and attached to the bag (given only once
    /// the label exists: after the double check where the policy requires one).
    case labelAttached

    /// The vial strength the confirmation is about, if any.
    public var strength: Int? {
        switch self {
        case .reconstituted(let strength, _), .swirled(let strength, _), .inspected(let strength, _),
             .withdrawnWhole(let strength, _, _), .withdrawnPartial(let strength, _): strength
        case .totalDrawn, .sodiumChlorideAdded, .sodiumChlorideRemoved, .bagMixedAndInspected, .setAndFilterPrimed, .pumpProgrammed,
             .labelAttached: nil
        }
    }

    /// What was done, in the past tense, with its figures (summaries and records).
    public var summary: String {
        func vials(_ count: Int, _ strength: Int) -> String { "\(count) x \(Display.strength(strength)) \(count == 1 ? "vial" : "vials")" }
        return switch self {
        case .reconstituted(let strength, let count): "\(vials(count, strength)) reconstituted" + (count == 1 ? "" : ", counted one by one")
        case .swirled(let strength, let count): "\(vials(count, strength)) swirled, not shaken"
        case .inspected(let strength, let count): "\(vials(count, strength)) inspected: clear, colourless"
        case .withdrawnWhole(let strength, let count, let volume):
            count == 1 ? "\(Display.millilitres(volume)) withdrawn from 1 whole \(Display.strength(strength)) vial"
                : "\(Display.millilitres(volume)) withdrawn from each of \(vials(count, strength)), counted one by one"
        case .withdrawnPartial(let strength, let volume): "\(Display.millilitres(volume)) withdrawn from the partial \(Display.strength(strength)) vial"
        case .totalDrawn(let volume): "total drawn typed back: \(Display.millilitres(volume)), matches the plan"
        case .sodiumChlorideAdded(let volume): "\(Display.millilitres(volume)) sodium chloride in the bag, drug added"
        case .sodiumChlorideRemoved(let volume, let bag): "\(Display.millilitres(volume)) removed from the \(Display.millilitres(bag)) bag and discarded, drug added"
        case .bagMixedAndInspected(let volume, _): "\(Display.millilitres(volume)) bag mixed and inspected"
        case .setAndFilterPrimed: "set and filter primed with sodium chloride"
        case .pumpProgrammed(let rate): "pump rate typed back: \(Display.millilitresPerHour(rate)), matches the plan"
        case .labelAttached: "label printed and attached to the bag"
        }
    }

    /// A stable name for records: "reconstituted-400-unit-vials".
    public var code: String {
        switch self {
        case .reconstituted(let strength, _): "reconstituted-\(strength)-unit-vials"
        case .swirled(let strength, _): "swirled-\(strength)-unit-vials"
        case .inspected(let strength, _): "inspected-\(strength)-unit-vials"
        case .withdrawnWhole(let strength, _, _): "withdrawn-whole-\(strength)-unit-vials"
        case .withdrawnPartial(let strength, _): "withdrawn-partial-\(strength)-unit-vial"
        case .totalDrawn: "total-volume-drawn"
        case .sodiumChlorideAdded: "sodium-chloride-added"
        case .sodiumChlorideRemoved: "sodium-chloride-removed"
        case .bagMixedAndInspected: "bag-mixed-and-inspected"
        case .setAndFilterPrimed: "set-and-filter-primed"
        case .pumpProgrammed: "pump-programmed"
        case .labelAttached: "label-attached"
        }
    }
}

/// How a confirmation is given.
public enum ConfirmationKind: Equatable, Sendable {
    /// Done or not.
    case tick
    /// One at a time up to this many (a vial counter).
    case count(Int)
    /// A value typed back that must equal this one, in mL.
    case typedVolume(Tenths)
    /// A value typed back that must equal this one, in mL/h.
    case typedRate(Tenths)
}

public struct Confirmation: Equatable, Sendable {
    public let id: ConfirmationID
    public let stage: PreparationStage
    public let kind: ConfirmationKind
    /// The action, in words, with its figures: "Add 10.2 mL Sterile Water for Injection
    /// to each 400-unit vial".
    public let text: String

    public var summary: String { id.summary }

    /// R13: checks a typed-back value. Returns the value when it matches the plan, or why
    /// it is refused (not a number, or not the plan's figure).
    public func check(_ typed: String) -> Result<Tenths, InputError> {
        let (expected, unit, what, fix): (Tenths, String, String, String) = switch kind {
        case .typedVolume(let volume): (volume, "mL", "The total drawn", "Count the syringes and their volumes again; do not go on until they match.")
        case .typedRate(let rate): (rate, "mL/h", "The rate on the pump", "Program the pump again and read its rate back.")
        case .tick, .count: (.zero, "", "", "")
        }
        guard !unit.isEmpty else { return .failure(InputError(.answer, "Nothing is typed for this confirmation.")) }
        switch parseAnswer(typed, decimals: 1, unit: unit) {
        case .failure(let error):
            return .failure(InputError(.answer, error.message + " Type the value in \(unit) with at most one decimal, for example \(Display.number(expected))."))
        case .success(let tenths) where Tenths(tenths: tenths) != expected:
            let given = Tenths(tenths: tenths)
            return .failure(InputError(.answer, "\(what), \(Display.number(given)) \(unit), does not match the plan's \(Display.number(expected)) \(unit). \(fix)"))
        case .success(let tenths):
            return .success(Tenths(tenths: tenths))
        }
    }
}

extension PreparationPlan {
    /// R13: every confirmation the preparation needs, in the order they are done.
    public var confirmations: [Confirmation] {
        var out: [Confirmation] = []
        for line in vials {
            let strength = line.strength.units, count = line.count
            let each = count == 1 ? "the \(Display.strength(strength)) vial" : "each of the \(count) x \(Display.strength(strength)) vials"
            out.append(Confirmation(id: .reconstituted(strength: strength, vials: count), stage: .reconstitution, kind: .count(count),
                                    text: "Add \(Display.millilitres(line.strength.waterML)) \(product.diluent) to \(each) (never sodium chloride)"))
            out.append(Confirmation(id: .swirled(strength: strength, vials: count), stage: .reconstitution, kind: .tick,
                                    text: "\(count == 1 ? "The \(Display.strength(strength)) vial" : "All \(count) x \(Display.strength(strength)) vials") swirled gently to mix, not shaken"))
            out.append(Confirmation(id: .inspected(strength: strength, vials: count), stage: .reconstitution, kind: .tick,
                                    text: "\(count == 1 ? "The \(Display.strength(strength)) vial" : "All \(count) x \(Display.strength(strength)) vials") inspected: clear and colourless, no opaque particles, no discoloration"))
        }
        let partial = withdrawals.last.flatMap { $0.isWholeVial ? nil : $0 }
        for line in vials {
            let whole = line.count - (partial?.strength == line.strength ? 1 : 0)
            guard whole > 0 else { continue }
            let strength = line.strength
            let from = whole == 1 ? "the whole \(Display.strength(strength.units)) vial" : "each of \(whole) whole \(Display.strength(strength.units)) vials"
            out.append(Confirmation(id: .withdrawnWhole(strength: strength.units, vials: whole, millilitres: strength.withdrawableML),
                                    stage: .dilution, kind: .count(whole),
                                    text: "Withdraw \(Display.millilitres(strength.withdrawableML)) (\(Display.units(strength.units))) from \(from)"))
        }
        if let partial {
            out.append(Confirmation(id: .withdrawnPartial(strength: partial.strength.units, millilitres: partial.volumeML),
                                    stage: .dilution, kind: .tick,
                                    text: "Withdraw \(Display.millilitres(partial.volumeML)) (\(Display.units(partial.unitsDrawn))) from the partial \(Display.strength(partial.strength.units)) vial; discard the rest"))
        }
        out.append(Confirmation(id: .totalDrawn(millilitres: drugVolumeML), stage: .dilution, kind: .typedVolume(drugVolumeML),
                                text: "Total volume drawn, in mL (add up the syringes)"))
        if let finalVolumeML, let bag, bag.method == .prefilled, let remove = bag.removeML, let prefilled = bag.bag {
            // R10: the removal is done, not read: a bag not emptied of it holds more than the
            // final volume, and the pump then gives only part of the dose.
            out.append(Confirmation(id: .sodiumChlorideRemoved(millilitres: remove, bag: prefilled.nominalML), stage: .dilution, kind: .tick,
                                    text: "\(Display.millilitres(remove)) removed from the \(Display.millilitres(prefilled.nominalML)) \(product.infusionFluid) bag and discarded; drug added to make \(Display.millilitres(finalVolumeML))"))
            out.append(Confirmation(id: .bagMixedAndInspected(finalVolume: finalVolumeML, drugVolume: drugVolumeML), stage: .dilution, kind: .tick,
                                    text: "Bag mixed gently (not shaken) and inspected; slight flocculation (thin translucent fibres) may occur"))
        } else if let sodiumChlorideML, let finalVolumeML {
            out.append(Confirmation(id: .sodiumChlorideAdded(millilitres: sodiumChlorideML), stage: .dilution, kind: .tick,
                                    text: "Bag holds \(Display.millilitres(sodiumChlorideML)) \(product.infusionFluid); drug added to make \(Display.millilitres(finalVolumeML))"))
            out.append(Confirmation(id: .bagMixedAndInspected(finalVolume: finalVolumeML, drugVolume: drugVolumeML), stage: .dilution, kind: .tick,
                                    text: "Bag mixed gently (not shaken) and inspected; slight flocculation (thin translucent fibres) may occur"))
        }
        out.append(Confirmation(id: .setAndFilterPrimed, stage: .administration, kind: .tick,
                                text: "Set and \(product.filter) primed with \(product.infusionFluid) before the drug"))
        if let pumpRateMLPerHour {
            out.append(Confirmation(id: .pumpProgrammed(rate: pumpRateMLPerHour), stage: .administration, kind: .typedRate(pumpRateMLPerHour),
                                    text: "Rate programmed on the pump, in mL/h (read it back from the pump)"))
        }
        // Section 8: a label needs a bag (its volume and rate are printed on it).
        if finalVolumeML != nil, sodiumChlorideML != nil, pumpRateMLPerHour != nil {
            out.append(Confirmation(id: .labelAttached, stage: .label, kind: .tick,
                                    text: "Label printed, checked against the bag and attached to it"))
        }
        return out
    }

    public func confirmations(for stage: PreparationStage) -> [Confirmation] {
        confirmations.filter { $0.stage == stage }
    }
}
