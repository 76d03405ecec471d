import Foundation
import InfusionCalc
import PropertyBased
import TestSupport
import Testing

/// Rule book version 2 as properties over random inputs, each with its own arithmetic.
@Suite("Properties of rule book version 2")
struct V2PropertyTests {
    static func vialCount(_ vials: [VialCount]) -> Int { vials.reduce(0) { $0 + $1.count } }

    @Test("R4: no option ever has more vials than the exact dose; none when the exact dose wastes nothing; at most one below and one above, each within the tolerance")
    func options() async {
        await propertyCheck(count: 1500, input: Gen.int(in: 1...20_000), Gen.element(of: [[400, 200], [400], [200]]),
                            Gen.int(in: 0...1000), Gen.int(in: 0...9)) { prescribed, strengths, toleranceTenths, allowedDigit in
            let strengths = strengths ?? [400, 200]
            let allowed = allowedDigit > 0
            let site = policy(vials: Set(strengths), tolerance: DecimalText.plain(scaled: toleranceTenths, decimals: 1)) {
                $0.roundingAllowed = allowed
            }
            let options = PreparationPlan.doseOptions(prescribed: prescribed, frequency: .everyTwoWeeks, policy: site)
            guard let exact = options.first else {
                Issue.record("no exact option for \(prescribed)")
                return
            }
            #expect(exact.isExactDose && exact.preparedDose == prescribed)
            // The exact dose's waste, by the smallest strength's step (200 divides 400).
            let step = strengths.min()!
            let exactWaste = (step - prescribed % step) % step
            #expect(exact.wasteUnits == exactWaste)
            let others = Array(options.dropFirst())
            if exactWaste == 0 || !allowed { #expect(others.isEmpty, "\(prescribed): \(others.map(\.preparedDose))") }
            for option in others {
                #expect(Self.vialCount(option.vials) <= Self.vialCount(exact.vials), "\(prescribed) -> \(option.preparedDose)")
                #expect(option.wasteUnits == 0)
                #expect(abs(option.preparedDose - prescribed) * 1000 <= toleranceTenths * prescribed)
                #expect(option.preparedDose % step == 0)
            }
            #expect(others.filter { $0.preparedDose < prescribed }.count <= 1)
            #expect(others.filter { $0.preparedDose > prescribed }.count <= 1)
            // The neighbours, not any dose further away.
            for option in others {
                if option.preparedDose < prescribed {
                    #expect(prescribed - option.preparedDose < step)
                } else {
                    #expect(option.preparedDose - prescribed < step)
                }
            }
        }
    }

    @Test("R4 and R7: a plan whose prescribed dose raises a hard stop raises it whatever --rounding or decision")
    func hardStopsStand() async {
        var stopped = 0
        await propertyCheck(count: 500, input: PlanPropertyTests.inputs) { input in
            func plan(_ decision: DoseDecision, _ rounding: RoundingPolicy) -> PreparationPlan? {
                var site = input.sitePolicy
                site.rounding = rounding
                return makePlan(weight: input.weightText, dose: input.dose, frequency: input.frequency,
                                firstInfusion: input.firstInfusion, finalVolume: input.finalVolumeTenths.map { Tenths(tenths: $0) },
                                duration: input.duration, decision: decision, policy: site).success
            }
            guard let exact = plan(.exactDose, .none) else { return }
            let exactStops = Set(exact.findings(.hard))
            if !exactStops.isEmpty { stopped += 1 }
            // The prescribed dose's own volume, by the rule book's arithmetic: units / 40, half-up to 0.1 mL.
            let prescribedTenths = (exact.prescribedDose + 2) / 4
            #expect(exactStops.contains(.drugVolumeAboveMaximum) == (prescribedTenths > 2000))
            var variants = [plan(.byPolicy, .nearest), plan(.byPolicy, .none)]
            variants += exact.rounding.doses.map { plan(.wholeVialDose(units: $0), .none) }
            for variant in variants {
                guard let variant else {
                    Issue.record("an offered decision was refused")
                    continue
                }
                let missing = exactStops.subtracting(variant.findings(.hard))
                #expect(missing.isEmpty, "prepared \(variant.preparedDose) of \(variant.prescribedDose) lifts \(missing)")
            }
        }
        #expect(stopped >= 20, "enough plans with a stop to mean something (\(stopped))")
    }

    static let zoneRules: [String: TimeZoneRule] = Dictionary(uniqueKeysWithValues: daylightSavingZones.map { ($0, foundationZoneRule($0)) })

    /// A start near a change of offset (within 30 hours of it) or anywhere in 2026 and 2027.

    @Test("R9: every deadline is its start plus its hours in elapsed time, across the 2026 and 2027 daylight-saving changes of New York, Berlin and Sydney; its text is Foundation's")
    func deadlinesAcrossClockChanges() async {
        // The zones' rules really have the changes (two a year).
        for (name, rule) in Self.zoneRules { #expect(rule.changes.count >= 4, "\(name): \(rule.changes.count) changes") }
        let start2026 = instant("2026-01-01T00:00:00Z")
        await propertyCheck(count: 1500, input: Gen.int(in: 0...2), Gen.int(in: 0...99), Gen.int(in: -1800...1800),
                            Gen.int(in: 0...(2 * 365 * 24 * 60)), Gen.int(in: 0...900), Gen.int(in: 0...3), Gen.int(in: 0...48)) { zoneIndex, nearChange, offsetMinutes, anyMinute, dilutionDelay, policyIndex, bud in
            let name = daylightSavingZones[zoneIndex]
            let zone = Self.zoneRules[name]!
            let changes = zone.changes.filter { $0.at.secondsSinceEpoch >= start2026.secondsSinceEpoch }
            let reconstituted: Instant
            if nearChange < 70, !changes.isEmpty {
                reconstituted = changes[nearChange % changes.count].at.adding(minutes: offsetMinutes)
            } else {
                reconstituted = start2026.adding(minutes: anyMinute)
            }
            let diluted: Instant? = dilutionDelay > 800 ? nil : reconstituted.adding(minutes: dilutionDelay)
            var site = SitePolicy.standard
            site.stability = policyIndex % 2 == 0 ? .usLabel : .euLabel
            site.setting = policyIndex / 2 == 0 ? .immediateUse : .pharmacy
            site.budHours = bud == 0 ? nil : bud
            let deadlines = Rules.deadlines(reconstitutedAt: reconstituted, dilutedAt: diluted, policy: site)
            for deadline in deadlines {
                #expect(deadline.at.secondsSinceEpoch - deadline.from.secondsSinceEpoch == deadline.hours * 3600)
                // The rule book's hours, from the right start.
                switch deadline.source {
                case .usLabelReconstituted: #expect(deadline.hours == 12 && deadline.from == reconstituted && deadline.kind == .diluteBy)
                case .immediateUse: #expect(deadline.hours == 4 && deadline.from == reconstituted && deadline.kind == .startBy)
                case .pharmacyBeyondUse: #expect(deadline.hours == bud && deadline.from == reconstituted)
                case .labelDilutedBag: #expect(deadline.hours == 24 && deadline.from == diluted)
                }
                // Written as Foundation writes the same instant in the same zone.
                for moment in [deadline.at, deadline.from] {
                    let oracle = foundationText(moment, zone: name)
                    #expect(zone.zoned(moment).iso8601 == oracle.iso8601)
                    #expect(zone.zoned(moment).text == oracle.text)
                    #expect(instant(zone.zoned(moment).iso8601) == moment, "the ISO text reads back as the same instant")
                }
            }
            // Which limits exist (section 5).
            let sources = Set(deadlines.map(\.source))
            #expect(sources.contains(.usLabelReconstituted) == (site.stability == .usLabel))
            #expect(sources.contains(.immediateUse) == (site.setting == .immediateUse))
            #expect(sources.contains(.pharmacyBeyondUse) == (site.setting == .pharmacy && bud > 0))
            #expect(sources.contains(.labelDilutedBag) == (diluted != nil))
            #expect(deadlines.map(\.at) == deadlines.map(\.at).sorted(), "earliest first")
        }
    }

    @Test("R9: a local time maps to the instants Foundation's zone gives it (none in a gap, two in an overlap)")
    func localTimes() async {
        await propertyCheck(count: 800, input: Gen.int(in: 0...2), Gen.int(in: 0...(2 * 365 * 24 * 4))) { zoneIndex, quarterHours in
            let name = daylightSavingZones[zoneIndex]
            let zone = Self.zoneRules[name]!
            let moment = instant("2026-01-01T00:00:00Z").adding(minutes: quarterHours * 15)
            // The wall-clock time Foundation shows at this instant has this instant among its readings.
            let text = foundationText(moment, zone: name).iso8601
            guard case .success(.dateTime(let local, _)) = TimeEntry.parse(String(text.prefix(19))) else {
                Issue.record("unreadable \(text)")
                return
            }
            let readings = zone.instants(for: local)
            #expect(readings.contains(moment), "\(text)")
            #expect((1...2).contains(readings.count))
            for reading in readings { #expect(foundationText(reading, zone: name).iso8601.prefix(19) == text.prefix(19)) }
        }
    }
}
