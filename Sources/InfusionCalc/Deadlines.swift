/// Rule book section 5: the label's stability and the compounding setting each give a
/// limit; the earliest is the deadline, shown with its date and the limit that set it.
/// Every deadline is its start plus its hours in elapsed time (R9).

/// What a deadline limits.
public enum DeadlineKind: String, Sendable, CaseIterable {
    /// The reconstituted vials must be diluted by then.
    case diluteBy = "dilute-by"
    /// The infusion must start by then.
    case startBy = "start-by"
}

/// Which limit a deadline comes from; the raw value is its stable name in JSON and records.
public enum DeadlineSource: String, Sendable, CaseIterable {
    /// US label: dilute within 12 hours of reconstitution (seed 000, [S7]).
    case usLabelReconstituted = "us-label-reconstituted-vials"
    /// Both labels: infuse within 24 hours of dilution, bag at 2 to 8 degrees C, protected
    /// from light (seed 000, [S10]).
    case labelDilutedBag = "label-diluted-bag"
    /// Immediate use: start within 4 hours of the first reconstitution (USP <797> 2023,
    /// secondary source, clinical-facts section 5).
    case immediateUse = "immediate-use"
    /// Pharmacy setting: the site's beyond-use hours from the first reconstitution.
    case pharmacyBeyondUse = "pharmacy-beyond-use"

    /// Where the limit comes from, for people: "US label: dilute within 12 hours of reconstitution".
    public func sentence(policy: SitePolicy) -> String {
        switch self {
        case .usLabelReconstituted:
            "US label: dilute within \(policy.reconstitutedHoldHours) hours of reconstitution"
        case .labelDilutedBag:
            "\(policy.stability == .usLabel ? "US" : "EU") label: infuse within \(policy.dilutedHoldHours) hours of dilution"
        case .immediateUse:
            "immediate use at the bench: start within \(policy.immediateUseHours) hours of the first reconstitution"
        case .pharmacyBeyondUse:
            "pharmacy beyond-use limit: \(policy.budHours.map { "\($0) hours" } ?? "none") from the first reconstitution"
        }
    }
}

/// One limit: an absolute instant with where it comes from.
public struct PreparationDeadline: Equatable, Sendable {
    public let kind: DeadlineKind
    public let source: DeadlineSource
    /// The instant it counts from (the first reconstitution or the dilution).
    public let from: Instant
    public let hours: Int
    public var at: Instant { from.adding(hours: hours) }
}

extension Rules {
    /// Section 5: every limit that applies to a preparation reconstituted at
    /// `reconstitutedAt` and (when known) diluted at `dilutedAt`, earliest first. Empty
    /// before the first reconstitution.
    public static func deadlines(reconstitutedAt: Instant?, dilutedAt: Instant?, policy: SitePolicy) -> [PreparationDeadline] {
        guard let reconstitutedAt else { return [] }
        var out: [PreparationDeadline] = []
        if policy.stability == .usLabel {
            out.append(PreparationDeadline(kind: .diluteBy, source: .usLabelReconstituted, from: reconstitutedAt,
                                           hours: policy.reconstitutedHoldHours))
        }
        switch policy.setting {
        case .immediateUse:
            out.append(PreparationDeadline(kind: .startBy, source: .immediateUse, from: reconstitutedAt, hours: policy.immediateUseHours))
        case .pharmacy:
            if let hours = policy.budHours {
                out.append(PreparationDeadline(kind: .startBy, source: .pharmacyBeyondUse, from: reconstitutedAt, hours: hours))
            }
        }
        if let dilutedAt {
            out.append(PreparationDeadline(kind: .startBy, source: .labelDilutedBag, from: dilutedAt, hours: policy.dilutedHoldHours))
        }
        return out.sorted { ($0.at, $0.kind.rawValue) < ($1.at, $1.kind.rawValue) }
    }

    /// The earliest limit on the dilution: a dilute-by limit, or a start-by limit (a bag
    /// cannot be diluted after the infusion had to start). Nil under the EU label in the
    /// pharmacy setting without beyond-use hours ("dilute at once" has no instant).
    public static func diluteBy(_ deadlines: [PreparationDeadline]) -> PreparationDeadline? {
        deadlines.filter { $0.source != .labelDilutedBag }.min { $0.at < $1.at }
    }

    /// The earliest limit on the start of the infusion.
    public static func startBy(_ deadlines: [PreparationDeadline]) -> PreparationDeadline? {
        deadlines.filter { $0.kind == .startBy }.min { $0.at < $1.at }
    }

    /// Section 5 applied to the times entered: a dilution after the dilute-by deadline, or
    /// a start after the start-by deadline, is a hard stop; under the EU label a dilution
    /// later than the site's `dilute_within_minutes` is a warning.
    public static func deadlineFindings(reconstitutedAt: Instant?, dilutedAt: Instant?, startAt: Instant?,
                                        policy: SitePolicy, zone: TimeZoneRule) -> [Finding] {
        let all = deadlines(reconstitutedAt: reconstitutedAt, dilutedAt: dilutedAt, policy: policy)
        var findings: [Finding] = []
        if let dilutedAt, let reconstitutedAt {
            let elapsed = Display.elapsed(minutes: dilutedAt.minutes(since: reconstitutedAt))
            if let limit = diluteBy(all), dilutedAt > limit.at {
                findings.append(Finding(.hard, .dilutedAfterDiluteBy,
                    "Diluted at \(zone.zoned(dilutedAt).text), \(elapsed) after the first reconstitution at \(zone.zoned(reconstitutedAt).text): after the deadline of \(Display.deadline(limit, zone: zone)) (\(limit.source.sentence(policy: policy))). Do not use these vials; ask the pharmacist."))
            } else if policy.stability == .euLabel, let minutes = policy.diluteWithinMinutes,
                      dilutedAt.minutes(since: reconstitutedAt) > minutes {
                findings.append(Finding(.soft, .dilutedLaterThanSiteLimit,
                    "Diluted \(elapsed) after reconstitution: the EU label says dilute at once, and this site allows \(Display.minutes(minutes)). Check the vials with the pharmacist."))
            }
        }
        if let startAt, let limit = startBy(all), startAt > limit.at {
            findings.append(Finding(.hard, .startAfterStartBy,
                "A start at \(zone.zoned(startAt).text) is after the deadline to start the infusion, \(Display.deadline(limit, zone: zone)) (\(limit.source.sentence(policy: policy))). Do not start this bag; ask the pharmacist."))
        }
        return findings
    }

    /// How the bag may be kept, for people (section 5).
    public static func storageSentence(policy: SitePolicy) -> String {
        switch policy.setting {
        case .immediateUse: "immediate use: do not store the bag; start the infusion within \(policy.immediateUseHours) hours of the first reconstitution"
        case .pharmacy: "bag at \(RuleText.bagTemperature), protected from light, until the start deadline"
        }
    }

    /// The limits as sentences, for a plan printed without times.
    public static func storageSentences(policy: SitePolicy) -> [String] {
        var out: [String] = []
        switch policy.stability {
        case .usLabel: out.append("dilute within \(policy.reconstitutedHoldHours) hours of reconstitution (US label)")
        case .euLabel: out.append("dilute at once after reconstitution (EU label)")
        }
        out.append("infuse within \(policy.dilutedHoldHours) hours of dilution")
        switch policy.setting {
        case .immediateUse:
            out.append("immediate use: start within \(policy.immediateUseHours) hours of the first reconstitution; do not store the bag")
        case .pharmacy:
            if let hours = policy.budHours { out.append("pharmacy beyond-use limit: start within \(hours) hours of the first reconstitution") }
            out.append("bag at \(RuleText.bagTemperature), protected from light")
        }
        return out
    }
}
