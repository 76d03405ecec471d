/// The plan written out: `lines` for people (the `plan` command and the wizard's summary
/// print the same text), `json` for tools.
extension PreparationPlan {
    static let labelWidth = 12

    private func row(_ label: String, _ text: String) -> String {
        label + String(repeating: " ", count: max(Self.labelWidth - label.count, 1)) + text
    }
    private func rows(_ label: String, _ texts: [String]) -> [String] {
        texts.enumerated().map { row($0.offset == 0 ? label : "", $0.element) }
    }
    /// Rows wrapped to 78 columns at spaces, never between a number and its unit; the
    /// continuation of a sentence is indented two more columns.
    private func wrappedRows(_ label: String, _ texts: [String]) -> [String] {
        let width = 78 - Self.labelWidth
        var pieces: [String] = []
        for text in texts {
            var rest = Substring(text)
            var first = true
            while !rest.isEmpty {
                let room = first ? width : width - 2
                var take = rest.count
                if rest.count > room {
                    let window = Array(rest.prefix(room + 1))
                    if let space = window.indices.last(where: { $0 > 0 && window[$0] == " " && !window[$0 - 1].isNumber }) {
                        take = space
                    } else {
                        take = room
                    }
                }
                pieces.append((first ? "" : "  ") + String(rest.prefix(take)))
                rest = rest.dropFirst(take)
                while rest.first == " " { rest = rest.dropFirst() }
                first = false
            }
        }
        return rows(label, pieces)
    }

    /// The whole plan for a person, formatted by rule book section 3; lines fit 78 columns
    /// except finding messages, which a front end wraps.
    public var lines: [String] { [title] + body }

    public var title: String { "\(product.genericName.uppercased()) (\(product.brandName)) PREPARATION PLAN" }

    /// Every line but the title.
    public var body: [String] {
        var out: [String] = []
        let weightText = request.weight.enteredPounds.map { "\(Display.kilograms(weightKg)) (entered as \(Display.pounds($0)))" }
            ?? Display.kilograms(weightKg)
        out.append(row("Patient", weightText + "; " + (request.firstInfusion ? "first infusion" : "not a first infusion")))
        let order = switch request.dose {
        case .perKg(let perKg): "\(Display.unitsPerKg(perKg)) \(request.frequency.phrase)"
        case .flat(let units): "\(Display.units(units)) \(request.frequency.phrase) (\(regimen.unitsPerKgText))"
        }
        out += rows("Order", ["\(order): \(Display.units(prescribedDose)) per infusion",
                             "\(Display.units(regimen.prescribedPerFourWeeks)) per 4 weeks; \(regimen.twoWeekText(policy: policy)) per 2 weeks (label \(policy.twoWeekSoftMinimum) to \(policy.twoWeekSoftMaximum))"])
        if preparedDose == prescribedDose {
            out.append(row("Prepared", "\(Display.units(preparedDose)): the prescribed dose, not rounded"))
        } else {
            out += rows("Prepared", ["\(Display.units(preparedDose)), rounded to whole vials from \(Display.units(prescribedDose))",
                                     "\(Display.signedUnits(preparedDose - prescribedDose)) (\(Display.signedPercent(doseChangePercent))) per infusion",
                                     "\(Display.units(preparedPerFourWeeks)) per 4 weeks (\(Display.signedUnits(preparedPerFourWeeks - regimen.prescribedPerFourWeeks)))"])
        }
        let vialList = vials.map { "\($0.count) x \(Display.strength($0.strength.units))" }.joined(separator: " + ")
        out.append(row("Vials", "\(vialList) = \(Display.units(totalVialUnits)); waste \(Display.units(wasteUnits))"))
        out += rows("Water", vials.map {
            "\(Display.millilitres($0.strength.waterML)) \(product.diluent) per \(Display.strength($0.strength.units)) vial"
        } + ["then " + vials.map { "\(Display.millilitres($0.strength.vialVolumeML)) in each \(Display.strength($0.strength.units)) vial" }.joined(separator: ", ")])
        out += rows("Withdraw", withdrawalLines)
        out.append(row("Drug volume", "\(Display.millilitres(drugVolumeML)) (\(Display.units(preparedDose)) at \(product.unitsPerML) units/mL)"))
        if let drawn = unitsDrawnText { out += wrappedRows("Units drawn", [drawn]) }
        if let bag, bag.method == .prefilled {
            out += wrappedRows("Bag", bag.planRows(product: product))
        } else if let finalVolumeML, let sodiumChlorideML {
            out.append(row("Bag", "final volume \(Display.millilitres(finalVolumeML)): add \(Display.millilitres(sodiumChlorideML)) \(product.infusionFluid)"))
        } else if let finalVolumeML {
            out.append(row("Bag", "final volume \(Display.millilitres(finalVolumeML)) cannot hold the drug volume"))
        } else {
            out.append(row("Bag", "none: no final volume of \(Display.number(policy.finalVolumeMinimumML)) to \(Display.millilitres(policy.finalVolumeMaximumML)) holds the drug volume"))
        }
        let rateText = pumpRateMLPerHour.map { " at \(Display.millilitresPerHour($0))" } ?? ", no pump rate (no valid bag)"
        let capText = rateCap.map { " (cap \(Display.unitsPerKgPerMinute(scaled: $0.count, decimals: 1)))" } ?? " (no rate cap)"
        out.append(row("Infusion", "\(Display.minutes(durationMinutes))\(rateText); no other medicines in the same line"))
        if let pump, pump.hasFlush { out += rows("Pump", pump.lines(product: product)) }
        out.append(row("Dose rate", "\(doseRateText)\(capText)"))
        if doseRate < preparedDoseRate {
            out.append(row("", "\(preparedDoseRateText) for the \(Display.units(preparedDose)) prepared"))
        }
        out.append(row("Filter", product.filter))
        if !cautions.isEmpty { out += wrappedRows("Cautions", cautions.map { $0.sentence(policy: policy) }) }
        if request.reconstitutedAt == nil {
            out += wrappedRows("Storage", Rules.storageSentences(policy: policy))
        } else {
            out += wrappedRows("Times", timeLines)
        }
        if findings.isEmpty {
            out.append(row("Findings", "none"))
        } else {
            out += rows("Findings", findings.map { "\($0.severity.word): \($0.message)" })
        }
        return out
    }

    /// R6 names the figures that must never be taken as the volume to withdraw: the water
    /// added and the volume in a vial, here per vial, per strength and over all vials.
    public var volumesNotToWithdraw: Set<Tenths> {
        var volumes = Set<Tenths>()
        var totalWater = 0, totalInVial = 0
        for line in vials {
            let water = line.strength.waterML.count, inVial = line.strength.vialVolumeML.count
            volumes.formUnion([Tenths(tenths: water), Tenths(tenths: inVial),
                               Tenths(tenths: water * line.count), Tenths(tenths: inVial * line.count)])
            totalWater += water * line.count
            totalInVial += inVial * line.count
        }
        volumes.formUnion([Tenths(tenths: totalWater), Tenths(tenths: totalInVial)])
        return volumes
    }

    /// The order's dose rate for people: 0.01 units/kg/min, finer next to the cap.
    public var doseRateText: String {
        Display.unitsPerKgPerMinute(doseRate, against: rateCap.map { [$0.ratio] } ?? [])
    }
    public var preparedDoseRateText: String {
        Display.unitsPerKgPerMinute(preparedDoseRate, against: rateCap.map { [$0.ratio] } ?? [])
    }

    /// The one draw that does not empty its vial (R5), if any.
    public var partialWithdrawal: Withdrawal? {
        withdrawals.last.flatMap { $0.isWholeVial ? nil : $0 }
    }

    /// R6 v2: when the drawn volume holds other units than the prepared dose, the units
    /// drawn and the difference; nil when they are equal.
    public var unitsDrawnText: String? {
        guard unitsDrawn != preparedDose else { return nil }
        return "\(Display.units(unitsDrawn)) in \(Display.millilitres(drugVolumeML)) (prepared dose \(Display.units(preparedDose)); \(Display.signedUnits(unitsDrawn - preparedDose)) from measuring in 0.1 mL steps)"
    }

    /// R9 and section 5 for people: each time entered with its date, each deadline with
    /// its date and source, the earliest named, and how the bag is kept.
    public var timeLines: [String] {
        let zone = request.zone
        var out: [String] = []
        if let reconstituted = request.reconstitutedAt {
            out.append("first reconstitution \(Display.time(reconstituted, zone: zone))")
        }
        if let diluted = request.dilutedAt {
            let interval = dilutionIntervalMinutes.map { " (\(Display.elapsed(minutes: $0)) after reconstitution)" } ?? ""
            out.append("diluted \(Display.time(diluted, zone: zone))" + interval)
        } else if policy.stability == .euLabel {
            out.append("dilute at once (EU label); the interval is recorded")
        }
        if request.dilutedAt == nil, let limit = diluteBy {
            out.append("Dilute by \(Display.deadline(limit, zone: zone)): \(limit.source.sentence(policy: policy))")
        }
        if let limit = startBy {
            out.append("Start the infusion by \(Display.deadline(limit, zone: zone)): \(limit.source.sentence(policy: policy))")
        }
        for other in deadlines where other != diluteBy && other != startBy {
            out.append("(also \(other.kind == .diluteBy ? "dilute" : "start") by \(Display.deadline(other, zone: zone)): \(other.source.sentence(policy: policy)))")
        }
        out.append(Rules.storageSentence(policy: policy))
        return out
    }

    /// Withdrawals grouped for reading: whole vials per strength, then the last vial.
    public var withdrawalLines: [String] {
        guard let last = withdrawals.last else { return [] }
        var out: [String] = []
        var index = 0
        let whole = last.isWholeVial ? withdrawals[...] : withdrawals.dropLast()
        while index < whole.count {
            let strength = whole[index].strength
            var count = 0
            while index < whole.count && whole[index].strength == strength { count += 1; index += 1 }
            let vials = count == 1 ? "from 1 x \(Display.strength(strength.units)) vial" : "from each of \(count) x \(Display.strength(strength.units)) vials"
            out.append("\(Display.millilitres(strength.withdrawableML)) \(vials) (whole)")
        }
        if !last.isWholeVial {
            out.append("\(Display.millilitres(last.volumeML)) (\(Display.units(last.unitsDrawn))) from 1 x \(Display.strength(last.strength.units)) vial (partial: discard the rest)")
        }
        return out
    }

    /// JSON schema version: 2 adds `schema_version`, `units_drawn`, `deadlines`,
    /// `cautions`, per-withdrawal `units_drawn`, and derived ratios to 4 decimals; 3 adds
    /// `bag_method`, `bag_size_ml`, `bag_overfill_ml`, `remove_ml` (R10), `pump` (R11) and
    /// `policy` (section 9); 4 adds `dilute_by` and `start_by`: the earliest limit on the
    /// dilution and on the start (section 5): the deadline of each that the text shows
    /// (`dilute_by` stays once the bag is diluted: it is the limit the dilution time was
    /// checked against).
    public static let jsonSchemaVersion = 4

    /// The policy in force, for the plan's text: "Policy      north-infusion-suite version
    /// 4, approved by ... on 2026-11-01 (SHA-256 3f2a...)", or the built-in defaults.
    public var policyLines: [String] {
        var text = policy.approvalText
        if let sha = policy.approval?.fileSHA256, !sha.isEmpty { text += " (SHA-256 \(sha.prefix(16))...)" }
        return wrappedRows("Policy", [text])
    }

    /// The R10 and R11 lines for the Dilute and Administer steps: the bag sentence (when
    /// there is a bag), the pump plan with any flush, and the priming reminder (always).
    public var bagAndPumpSentences: (bag: String?, pump: [String], priming: String) {
        (bag?.sentence(product: product), pump.map { $0.lines(product: product) } ?? [], Rules.primingSentence(product: product))
    }

    /// One JSON object with the keys of the `plan --json` interface, in a fixed order, one
    /// top-level key per line (`PlanDocument`, written by `ExactJSONEncoder`). Every
    /// version-1 key keeps its meaning.
    /// - Throws: `JSONEncodingError`, which the document's types (integers, strings,
    ///   `JSONNumber`) never cause; `plan` says so and exits 70 if it ever did.
    public var json: String {
        get throws(JSONEncodingError) {
            try ExactJSONEncoder(layout: .topLevelLines, sortedKeys: false).encode(PlanDocument(self))
        }
    }
}

/// `plan --json`, schema 4: the keys in the order they are written. Numbers are exact
/// (`JSONNumber`); a value that does not apply is `null`, never left out.
struct PlanDocument: Encodable {
    struct Vial: Encodable {
        let strength_units: Int, count: Int, water_ml: JSONNumber, vial_volume_ml: JSONNumber
    }
    struct Withdrawal: Encodable {
        let strength_units: Int, withdraw_ml: JSONNumber, units_drawn: Int
    }
    struct FourWeeks: Encodable {
        let prescribed: Int, prepared: Int
    }
    struct Deadline: Encodable {
        let name: String, at: String, source: String, from: String, hours: Int, description: String
    }
    struct Coded: Encodable {
        let code: String, message: String
    }
    struct Finding: Encodable {
        let severity: String, code: String, message: String
    }
    struct Pump: Encodable {
        let bag_ml: JSONNumber, bag_min: Int, rate_ml_per_h: JSONNumber, flush_ml: JSONNumber, flush_min: Int, total_min: Int
    }
    /// The policy in force: id, version, approved_by, approval_date and sha256 (null for
    /// the built-in defaults), and its description.
    struct Policy: Encodable {
        let id: String?, version: String?, approved_by: String?, approval_date: String?, sha256: String?, description: String
        enum CodingKeys: String, CodingKey { case id, version, approved_by, approval_date, sha256, description }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(version, forKey: .version)
            try c.encode(approved_by, forKey: .approved_by)
            try c.encode(approval_date, forKey: .approval_date)
            try c.encode(sha256, forKey: .sha256)
            try c.encode(description, forKey: .description)
        }
    }

    enum CodingKeys: String, CodingKey {
        case schema_version, weight_kg, dose_units_per_kg, frequency, two_week_units_per_kg, prescribed_dose_units,
             prepared_dose_units, dose_change_percent, units_per_4_weeks, vials, withdrawals, total_vials, waste_units,
             drug_volume_ml, units_drawn, final_volume_ml, sodium_chloride_ml, duration_min, rate_ml_per_h,
             dose_rate_units_per_kg_per_min, deadlines, dilute_by, start_by, cautions, findings, bag_method, bag_size_ml, bag_overfill_ml,
             remove_ml, pump, policy
    }

    let plan: PreparationPlan
    init(_ plan: PreparationPlan) { self.plan = plan }

    func encode(to encoder: any Encoder) throws {
        let plan = plan, policy = plan.policy, zone = plan.request.zone
        func number(_ value: Tenths?) -> JSONNumber? { value.map(JSONNumber.init) }
        let twoWeekLimits = (below: [Ratio(whole: policy.twoWeekSoftMinimum)],
                             above: [Ratio(whole: policy.twoWeekSoftMaximum), Ratio(whole: policy.twoWeekHardMaximum)])
        let perKg: JSONNumber = switch plan.request.dose {
        case .perKg(let tenths): JSONNumber(tenths)
        case .flat: DerivedRatio.number(plan.regimen.unitsPerKg)
        }
        let approval = policy.approval
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(PreparationPlan.jsonSchemaVersion, forKey: .schema_version)
        try c.encode(JSONNumber(plan.weightKg), forKey: .weight_kg)
        try c.encode(perKg, forKey: .dose_units_per_kg)
        try c.encode(plan.request.frequency.rawValue, forKey: .frequency)
        try c.encode(DerivedRatio.number(plan.regimen.twoWeekEquivalent, below: twoWeekLimits.below, above: twoWeekLimits.above),
                     forKey: .two_week_units_per_kg)
        try c.encode(plan.prescribedDose, forKey: .prescribed_dose_units)
        try c.encode(plan.preparedDose, forKey: .prepared_dose_units)
        try c.encode(JSONNumber(plan.doseChangePercent), forKey: .dose_change_percent)
        try c.encode(FourWeeks(prescribed: plan.regimen.prescribedPerFourWeeks, prepared: plan.preparedPerFourWeeks), forKey: .units_per_4_weeks)
        try c.encode(plan.vials.map { Vial(strength_units: $0.strength.units, count: $0.count, water_ml: JSONNumber($0.strength.waterML),
                                           vial_volume_ml: JSONNumber($0.strength.vialVolumeML)) }, forKey: .vials)
        try c.encode(plan.withdrawals.map { Withdrawal(strength_units: $0.strength.units, withdraw_ml: JSONNumber($0.volumeML),
                                                       units_drawn: $0.unitsDrawn) }, forKey: .withdrawals)
        try c.encode(plan.totalVials, forKey: .total_vials)
        try c.encode(plan.wasteUnits, forKey: .waste_units)
        try c.encode(JSONNumber(plan.drugVolumeML), forKey: .drug_volume_ml)
        try c.encode(plan.unitsDrawn, forKey: .units_drawn)
        try c.encode(number(plan.finalVolumeML), forKey: .final_volume_ml)
        try c.encode(number(plan.sodiumChlorideML), forKey: .sodium_chloride_ml)
        try c.encode(plan.durationMinutes, forKey: .duration_min)
        try c.encode(number(plan.pumpRateMLPerHour), forKey: .rate_ml_per_h)
        try c.encode(DerivedRatio.number(plan.doseRate, above: plan.rateCap.map { [$0.ratio] } ?? []), forKey: .dose_rate_units_per_kg_per_min)
        func deadline(_ limit: PreparationDeadline) -> Deadline {
            Deadline(name: limit.kind.rawValue, at: zone.zoned(limit.at).iso8601, source: limit.source.rawValue,
                     from: zone.zoned(limit.from).iso8601, hours: limit.hours, description: limit.source.sentence(policy: policy))
        }
        try c.encode(plan.deadlines.map(deadline), forKey: .deadlines)
        // Section 5: the earliest of each, as the text shows it (a start-by limit can be the
        // dilution's: a bag cannot be diluted after the infusion had to start).
        try c.encode(plan.diluteBy.map(deadline), forKey: .dilute_by)
        try c.encode(plan.startBy.map(deadline), forKey: .start_by)
        try c.encode(plan.cautions.map { Coded(code: $0.rawValue, message: $0.sentence(policy: policy)) }, forKey: .cautions)
        try c.encode(plan.findings.map { Finding(severity: $0.severity.rawValue, code: $0.code.rawValue, message: $0.message) }, forKey: .findings)
        try c.encode(policy.bagMethod.rawValue, forKey: .bag_method)
        try c.encode(number(plan.bag?.bag?.nominalML), forKey: .bag_size_ml)
        try c.encode(number(plan.bag?.bag?.overfillML), forKey: .bag_overfill_ml)
        try c.encode(number(plan.bag?.removeML), forKey: .remove_ml)
        try c.encode(plan.pump.map { Pump(bag_ml: JSONNumber($0.bagML), bag_min: $0.bagMinutes, rate_ml_per_h: JSONNumber($0.rateMLPerHour),
                                          flush_ml: JSONNumber($0.flushML), flush_min: $0.flushMinutes, total_min: $0.totalMinutes) },
                     forKey: .pump)
        try c.encode(Policy(id: approval?.id, version: approval?.version, approved_by: approval?.approvedBy,
                            approval_date: approval?.approvalDate.text,
                            sha256: approval.flatMap { $0.fileSHA256.isEmpty ? nil : $0.fileSHA256 },
                            description: policy.approvalText), forKey: .policy)
    }
}

/// Rule book section 3: a derived ratio in machine output, to 4 decimals, rounded
/// half-up, except that a value beyond a limit is rounded away from the limit, so that
/// it never reads equal to a limit it breaks.
public enum DerivedRatio {
    public static let decimals = 4

    /// The ratio scaled by 10^4. `below`: limits the value breaks by being under them;
    /// `above`: limits it breaks by being over them.
    public static func scaled(_ value: Ratio, below: [Ratio] = [], above: [Ratio] = []) -> Int {
        let scale = DecimalText.powerOfTen(decimals)
        let scaled = value * Ratio(whole: scale)
        let floor = scaled.numerator >= 0 ? scaled.numerator / scaled.denominator
            : -((-scaled.numerator + scaled.denominator - 1) / scaled.denominator)
        let exact = floor * scaled.denominator == scaled.numerator
        if !exact && above.contains(where: { $0 < value }) { return floor + 1 }
        if !exact && below.contains(where: { value < $0 }) { return floor }
        return value.roundedHalfUp(decimals: decimals)
    }

    public static func text(_ value: Ratio, below: [Ratio] = [], above: [Ratio] = []) -> String {
        DecimalText.plain(scaled: scaled(value, below: below, above: above), decimals: decimals)
    }

    /// The same, as a JSON number.
    public static func number(_ value: Ratio, below: [Ratio] = [], above: [Ratio] = []) -> JSONNumber {
        JSONNumber(verified: text(value, below: below, above: above))
    }
}
