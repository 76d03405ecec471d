import InfusionCalc
import InfusionTraining

/// The wizard's steps, in order.
public enum Step: Int, CaseIterable, Sendable, Comparable {
    case start, patient, regimen, vials, reconstitution, dilution, administration, summary

    public static func < (lhs: Step, rhs: Step) -> Bool { lhs.rawValue < rhs.rawValue }
    public var number: Int { rawValue + 1 }
    public var title: String {
        switch self {
        case .start: "Start"
        case .patient: "Patient"
        case .regimen: "Regimen"
        case .vials: "Vials"
        case .reconstitution: "Reconstitute"
        case .dilution: "Dilute"
        case .administration: "Administer"
        case .summary: "Summary"
        }
    }
    public var next: Step? { Step(rawValue: rawValue + 1) }
    public var previous: Step? { Step(rawValue: rawValue - 1) }
}

/// Everything on a screen that can have the focus.
public enum Control: Hashable, Sendable {
    case preparer, begin
    /// Section 6: the patient's identifiers, the order and where the weight comes from.
    case patientName, recordNumber, dateOfBirth, orderReference, weightSource, weightDate
    /// Section 6: each strength's lot (typed or scanned) and expiry.
    case vialLot(Int), vialExpiry(Int)
    case weight, confirmPounds, atLeastTwoYears, firstInfusion, previousHypersensitivity, previousAlglucerase
    case frequency, doseMode, dose
    case vialOnHand(Int), doseOption, roundingAuthorisedBy
    /// An R13 confirmation: a tick, a vial counter or a value typed back.
    case confirmation(ConfirmationID)
    case reconstitutionTime
    case finalVolume, dilutionTime
    case duration, otherDuration
    case acknowledge(FindingCode)
    case quizAnswer(QuizQuestion)
    /// Section 7 on the Summary step: hand over, the checker's name and blind values, and
    /// after a mismatch: check again, or go back to the step that holds a value.
    case handOver, checker, checkValue(DoubleCheckField), checkAgain, correctAt(Step)
    /// Section 8: ask the shell to print the label (in the policy's format, or as ZPL when
    /// a text label cannot hold it).
    case printLabel, printLabelAsZPL
    case finish
}

/// A whole-vial choice, valid only while the prescribed dose is the one it was made for.
public struct DoseChoice: Equatable, Sendable {
    public let prescribed: Int
    public let prepared: Int
}

/// What the shell should do after an update.
public enum Outcome: Equatable, Sendable {
    case running
    /// The summary was confirmed: print it after leaving full-screen mode.
    case finished
    /// The user quit without finishing.
    case quit
}

/// Terminal size in cells.
public struct TerminalSize: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
    public static let minimum = TerminalSize(width: 80, height: 24)
    public var isLargeEnough: Bool { width >= Self.minimum.width && height >= Self.minimum.height }
}

/// The whole wizard: what the user entered, where they are, and nothing derived.
/// Every number shown is computed from these entries by InfusionCalc on demand, so
/// changing an earlier entry recomputes everything after it.
public struct WizardState: Equatable, Sendable {
    public var policy: SitePolicy
    public let product: ProductProfile
    public var step: Step = .start
    public var focus: Control = .preparer {
        didSet {
            if focus != oldValue { highlight = nil }
            // Leaving the weight field enters what was typed.
            if focus != .weight { weightBeingTyped = false }
        }
    }
    /// True while a weight is typed and not yet entered (Enter, an arrow, Tab or anything
    /// that leaves the field enters it): its warnings wait until then, so that the first
    /// digit of "70" does not flash the under-10 kg warning (and redraw the screen).
    public var weightBeingTyped = false
    /// The option a vertical list's cursor is on, when the user moved it; nil means the
    /// chosen option (or the first). Moving never chooses: only Space, Enter or a digit do.
    public var highlight: Int?
    public var size: TerminalSize
    /// The current instant, set by the shell: prefills the time fields, resolves typed
    /// times (R9), stamps confirmations (R13) and is the start checked against the
    /// start-by deadline (section 5).
    public var now: Instant
    /// The local time zone's UTC offsets around `now`, from the shell.
    public var zone: TimeZoneRule

    // Start
    /// Section 6: the preparer's name or initials, typed before the preparation begins.
    public var preparer = TextField(kind: .name)
    /// Section 6: the preparation has begun (Begin was pressed; the record names its
    /// preparer from then on): the preparer cannot be changed (another preparer starts a
    /// new preparation), so a checker can never be the preparer under another name.
    public var begun = false

    // Patient (section 6: two identifiers, the order, where the weight comes from)
    public var patientName = TextField(kind: .fullName)
    public var recordNumber = TextField(kind: .identifier)
    public var dateOfBirth = TextField(kind: .date)
    public var orderReference = TextField(kind: .reference)
    public var weightSource: WeightSource?
    /// The date of a weight taken from the order (a weight measured today is today's).
    public var weightDate = TextField(kind: .date)
    public var weight = TextField(kind: .weight)
    /// The weight text whose lb-to-kg conversion the user confirmed.
    public var confirmedPoundsText: String?
    public var atLeastTwoYears: Bool?
    public var firstInfusion: Bool?
    public var previousHypersensitivity: Bool?
    public var previousAlglucerase: Bool?

    // Regimen
    public var frequency: Frequency?
    public var doseMode: DoseMode = .perKg
    public var dose = TextField(kind: .decimal)

    // Vials
    public var doseChoice: DoseChoice?
    /// R4: the pharmacist who authorised a rounded dose (when the policy names no protocol).
    public var roundingAuthorisedBy = TextField(kind: .name)
    /// Section 6: per vial strength used, the lot (typed, or the whole scanned GS1 code)
    /// and the expiry (typed; not used when the code was scanned).
    public var vialLots: [Int: TextField] = [:]
    public var vialExpiries: [Int: TextField] = [:]

    // Reconstitution, dilution, administration
    /// R13: each confirmation's instants (one per vial for a counter, one for a tick or a
    /// value typed back). The identifier carries the figures it confirms.
    public var confirmed: [ConfirmationID: [Instant]] = [:]
    /// R13: the values typed back (total drawn, pump rate), by confirmation.
    public var confirmationFields: [ConfirmationID: TextField] = [:]
    public var reconstitutionTime = TextField(kind: .time)
    public var chosenFinalVolume: Tenths?
    public var dilutionTime = TextField(kind: .time)
    public var chosenDuration: Int?
    /// R8: a duration typed that is not one of the offered choices.
    public var otherDuration = TextField(kind: .decimal)

    /// The field a quiz answer is typed in (training, quiz mode).
    public var quizAnswerField = TextField(kind: .decimal)

    /// Set in training runs: the banner, the guide panel or the quiz, the score.
    public var training: TrainingSession? {
        // Training records nothing and so asks for no preparer: Begin has the focus.
        didSet { if training != nil && focus == .preparer { focus = .begin } }
    }

    /// Section 7: the checker's entries while a double check is under way (nil: none).
    public var checkSession: CheckSession?
    /// Section 7: every double check compared or stopped, in order (the record's).
    public var checkEvents: [CheckEvent] = []
    /// Section 8: the last label the shell produced (printed or not).
    public var label: LabelDelivery?
    /// Work for the shell (printing the label), set by `update`; the shell clears it and
    /// answers with an action.
    public var pendingEffect: Effect?
    /// Section 6: the record's preparation id, set by the shell (printed on the label).
    public var preparationID: String?

    /// Soft warnings acknowledged, with the exact message that was acknowledged.
    public var acknowledged: [FindingCode: String] = [:]

    // Transient UI state
    /// Validation messages shown next to their field.
    public var fieldErrors: [Control: String] = [:]
    /// Fields where a typed key was refused, with the message: such a field is not
    /// accepted until its text is edited (issue 8, item 5).
    public var refusedInput: [Control: String] = [:]
    /// One line for the message row (a refusal, a hint, why Next is blocked).
    public var message: String?
    public var showingHelp = false
    public var confirmingQuit = false
    /// First line of the step's content shown (scrolling on long steps).
    public var scroll = 0
    public var outcome: Outcome = .running

    /// Section 9: the vial strengths the site policy stocks. The Vials step offers only these
    /// (a nurse may untick one that is out, never add one the policy does not list).
    public let siteVialStrengths: Set<Int>

    public init(policy: SitePolicy = .standard, product: ProductProfile = .imiglucerase,
                size: TerminalSize = .minimum, now: Instant = Instant(secondsSinceEpoch: 0), zone: TimeZoneRule = .utc) {
        self.policy = policy
        self.siteVialStrengths = policy.vialsOnHand
        self.product = product
        self.size = size
        self.now = now
        self.zone = zone
    }

    /// Today's date in the local time zone: dates of birth, the weight's date and vial
    /// expiries are checked against it.
    public var today: CalendarDate { zone.zoned(now).local.date }

    /// R13: how many times a confirmation was given (vials counted, or 1 for a tick).
    public func count(of id: ConfirmationID) -> Int { confirmed[id]?.count ?? 0 }

    /// R13: whether a confirmation is complete.
    public func isDone(_ confirmation: Confirmation) -> Bool {
        switch confirmation.kind {
        case .tick, .typedVolume, .typedRate: count(of: confirmation.id) >= 1
        case .count(let target): count(of: confirmation.id) >= target
        }
    }
}
