import Foundation
import InfusionCalc
import InfusionWizard

/// Rule book section 6: what a preparation records, entry by entry, as it happens. The
/// shell shows the journal every new wizard state; the journal compares it with the last
/// one and appends what changed (the preparation begun, each step's values, each R13
/// confirmation with its instant, each acknowledgement, each hard stop shown, and the
/// outcome), so that a crash loses at most the keystroke in flight.
public final class PreparationJournal {
    private var opened: (any RecordStore)?
    private let open: () throws(RecordStoreError) -> any RecordStore
    public let preparationID: String
    /// The program's version, recorded with the preparation.
    public let programVersion: String
    private var last: WizardState
    private var begun = false
    /// The sequence of the entry that recorded each confirmation, for corrections.
    private var confirmationEntries: [ConfirmationID: Int] = [:]
    private var stopsShown: Set<String> = []

    public convenience init(store: any RecordStore, initial: WizardState, programVersion: String,
                            preparationID: String = UUID().uuidString.lowercased()) {
        self.init(opening: { store }, initial: initial, programVersion: programVersion, preparationID: preparationID)
    }

    /// A journal that opens its store only when the preparation begins (the wizard's first
    /// screen does not wait for the database).
    public init(opening: @escaping () throws(RecordStoreError) -> any RecordStore, initial: WizardState,
                programVersion: String, preparationID: String = UUID().uuidString.lowercased()) {
        self.open = opening
        self.last = initial
        self.preparationID = preparationID
        self.programVersion = programVersion
    }

    /// The store, opened on first use.
    func store() throws(RecordStoreError) -> any RecordStore {
        if let opened { return opened }
        let store = try open()
        opened = store
        return store
    }

    /// Whether anything was recorded (the preparation began).
    public var hasBegun: Bool { begun }

    /// Entries kept in a shared store's local spool because the server could not be
    /// reached (sent, in order, when it is back).
    public private(set) var spooledEntries = 0

    /// Records what changed since the last state recorded. Training never records. When
    /// the store fails, the state is not taken as recorded: the next call records every
    /// change since the last one that was (an entry written just before the failure may
    /// then stand twice; none is lost).
    public func observe(_ state: WizardState) throws(RecordStoreError) {
        guard state.training == nil else { last = state; return }
        let old = last
        let at = state.zone.zoned(state.now).iso8601
        currentActor = actor(of: state)
        if !begun {
            guard state.step > .start else { last = state; return }
            try append(.preparationBegun, at: at, [
                "product": "\(state.product.genericName) (\(state.product.brandName))",
                "rule_book_version": String(RuleBook.version),
                "program_version": programVersion,
                "policy": state.policy.approvalText,
                "policy_id": state.policy.approval?.id ?? "built-in",
                "policy_sha256": state.policy.approval.flatMap { $0.fileSHA256.isEmpty ? nil : $0.fileSHA256 } ?? "none (built-in defaults)",
                "zone": state.zone.identifier,
                "preparer": actor(of: state) ?? "not entered",
            ])
            begun = true
        }
        let derived = Derived(state)
        // Each step's values, when the step is left forward.
        if state.step > old.step, let values = Self.values(of: old.step, state: state, derived: derived) {
            try append(.entry, at: at, values)
        }
        // R13: each confirmation as it is given (a vial counted, a box ticked, a value
        // typed back that matched); one taken back is a correction of its entry.
        let plan = derived.plan
        for (id, instants) in state.confirmed where instants != (old.confirmed[id] ?? []) {
            let before = old.confirmed[id]?.count ?? 0
            let target = plan?.confirmations.first { $0.id == id }.map { confirmation -> Int in
                if case .count(let count) = confirmation.kind { return count }
                return 1
            } ?? instants.count
            if instants.count > before, let latest = instants.last {
                let sequence = try append(.confirmation, at: state.zone.zoned(latest).iso8601, [
                    "confirmation": id.code, "what": id.summary, "count": String(instants.count), "of": String(target),
                ])
                confirmationEntries[id] = sequence
            }
        }
        for (id, instants) in old.confirmed where (state.confirmed[id]?.count ?? 0) < instants.count {
            try append(.correction, at: at, [
                "confirmation": id.code, "what": id.summary, "count": String(state.confirmed[id]?.count ?? 0),
                "reason": "taken back by the preparer",
            ], corrects: confirmationEntries[id])
        }
        // Warnings acknowledged, with the exact text.
        for (code, message) in state.acknowledged where old.acknowledged[code] != message {
            try append(.acknowledgement, at: at, ["finding": code.rawValue, "message": message])
        }
        // Section 7: each double check compared or stopped, by the checker.
        for event in state.checkEvents.dropFirst(old.checkEvents.count) {
            try recordCheck(event, zone: state.zone)
        }
        // Hard stops shown where they block (each once per message).
        for finding in derived.findings where finding.severity == .hard && Derived.step(for: finding.code) <= state.step {
            let key = finding.code.rawValue + "|" + finding.message
            guard !stopsShown.contains(key) else { continue }
            try append(.finding, at: at, ["severity": finding.severity.rawValue, "finding": finding.code.rawValue, "message": finding.message])
            // Only once written: a store that failed records it at the next state.
            stopsShown.insert(key)
        }
        last = state
    }

    /// The outcome: finished with the summary, or abandoned with what was done (vials
    /// opened are accounted for), or stopped by a hard stop.
    public func finish(_ state: WizardState) throws(RecordStoreError) {
        var state = state
        // A double check under way when the preparation ends is recorded as stopped.
        if state.outcome != .finished, let stopped = state.abandonedCheck { state.checkEvents.append(stopped) }
        try observe(state)
        guard begun, state.training == nil else { return }
        let at = state.zone.zoned(state.now).iso8601
        let derived = Derived(state)
        let done = derived.plan?.confirmations.filter { state.count(of: $0.id) > 0 }.map {
            "\($0.id.summary) (\(state.count(of: $0.id)))"
        } ?? []
        switch state.outcome {
        case .finished:
            try append(.outcome, at: at, ["outcome": "finished", "summary": state.summaryLines().joined(separator: "\n")])
        case .quit, .running:
            let stopped = derived.findings.contains { $0.severity == .hard && Derived.step(for: $0.code) <= state.step }
            try append(.outcome, at: at, [
                "outcome": stopped ? "stopped" : "abandoned",
                "step": state.step.title,
                "done": done.isEmpty ? "nothing" : done.joined(separator: "; "),
            ])
        }
    }

    /// Section 7: a double check, recorded with the checker as its actor (the payload is
    /// `DoubleCheckRecord`'s: the outcome, the fields that did not match, both values of
    /// every field).
    private func recordCheck(_ event: CheckEvent, zone: TimeZoneRule) throws(RecordStoreError) {
        let preparer = currentActor
        defer { currentActor = preparer }
        switch event {
        case .compared(let outcome, let at):
            currentActor = outcome.checker
            try append(.check, at: zone.zoned(at).iso8601, DoubleCheckRecord.payload(outcome))
        case .abandoned(let checker, let at):
            currentActor = checker ?? preparer
            try append(.check, at: zone.zoned(at).iso8601, DoubleCheckRecord.abandonedPayload(checker: checker ?? ""))
        }
    }

    /// Who does what is recorded: the preparer typed at the start (section 6). Internal:
    /// the label and double-check records (other files of this module) append through it.
    var currentActor: String?

    private func actor(of state: WizardState) -> String? {
        try? Derived(state).preparer?.get()
    }

    @discardableResult
    func append(_ kind: EntryKind, at: String, _ payload: [String: String], corrects: Int? = nil) throws(RecordStoreError) -> Int {
        let entry = try store().append(EntryDraft(preparationID: preparationID, kind: kind, recordedAt: at,
                                                actor: currentActor, payload: try Self.canonicalJSON(payload), corrects: corrects))
        // A shared store that cannot be reached keeps the entry in its local spool and gives
        // it a provisional, negative sequence (docs/records-postgres.md).
        if entry.sequence < 0 { spooledEntries += 1 }
        return entry.sequence
    }

    /// Sorted keys, strings only (numbers as their exact decimal text), no spaces: the
    /// same content always gives the same bytes, and so the same hash. Written by the
    /// program's one JSON encoder (`ExactJSONEncoder`, compact, keys in Unicode scalar
    /// order).
    /// - Throws: `RecordStoreError` if the encoder refuses (it never does for strings): the
    ///   entry is then not written, as any entry the store cannot take.
    static func canonicalJSON(_ object: [String: String]) throws(RecordStoreError) -> String {
        do throws(JSONEncodingError) {
            return try ExactJSONEncoder(layout: .compact, sortedKeys: true).encode(object)
        } catch {
            throw RecordStoreError("the entry could not be written as JSON: \(error)")
        }
    }

    /// What a step holds once it is left, with the exact figures.
    static func values(of step: Step, state: WizardState, derived: Derived) -> [String: String]? {
        var out = ["step": step.title]
        switch step {
        case .start:
            return nil
        case .patient:
            guard let weight = derived.confirmedWeight else { return nil }
            out["weight_kg"] = weight.kilograms.description
            if let pounds = weight.enteredPounds { out["weight_entered_lb"] = pounds.description }
            out["at_least_2_years"] = state.atLeastTwoYears.map { $0 ? "yes" : "no" } ?? "not answered"
            out["first_infusion"] = state.firstInfusion.map { $0 ? "yes" : "no" } ?? "not answered"
            out["previous_hypersensitivity"] = state.previousHypersensitivity.map { $0 ? "yes" : "no" } ?? "not answered"
            out["previous_alglucerase"] = state.previousAlglucerase.map { $0 ? "yes" : "no" } ?? "not answered"
            if let age = derived.ageFromDateOfBirth {
                out["at_least_2_years"] = age >= 2 ? "yes" : "no"
                out["age_years_from_date_of_birth"] = String(age)
            }
            if let name = try? derived.patientName?.get() { out["patient_name"] = name }
            if let number = try? derived.recordNumber?.get() { out["medical_record_number"] = number }
            if let born = try? derived.dateOfBirth?.get() { out["date_of_birth"] = born.text }
            if let reference = try? derived.orderReference.get() { out["order_reference"] = reference }
            if let source = state.weightSource { out["weight_source"] = source.rawValue }
            if let date = try? derived.weightDate?.get() { out["weight_date"] = date.text }
        case .regimen:
            guard let regimen = try? derived.regimen?.get(), let frequency = state.frequency else { return nil }
            out["dose"] = state.dose.text + (state.doseMode == .perKg ? " units/kg" : " units")
            out["frequency"] = frequency.rawValue
            out["prescribed_dose_units"] = String(regimen.prescribedDose)
        case .vials:
            guard let plan = derived.plan else { return nil }
            out["vials_on_hand"] = state.policy.vialsOnHand.sorted().map(String.init).joined(separator: ",")
            out["prescribed_dose_units"] = String(plan.prescribedDose)
            out["prepared_dose_units"] = String(plan.preparedDose)
            out["vials"] = plan.vials.map { "\($0.count) x \($0.strength.units)" }.joined(separator: " + ")
            if plan.preparedDose != plan.prescribedDose {
                out["rounding_authorised_by"] = state.policy.roundingProtocol.map { "site protocol " + $0 }
                    ?? (try? PersonName.parse(state.roundingAuthorisedBy.text).get()) ?? state.roundingAuthorisedBy.text
            }
            // Section 6: per strength, the lot and expiry (and the GTIN when scanned).
            for line in plan.vials {
                guard let entry = try? derived.vialLots[line.strength.units]?.get() else { continue }
                let key = "lot_\(entry.strength)"
                out[key] = entry.lot
                out["expiry_\(entry.strength)"] = entry.expiry.text
                if let gtin = entry.gtin { out["gtin_\(entry.strength)"] = gtin }
                if let serial = entry.serial { out["serial_\(entry.strength)"] = serial }
                out["lot_source_\(entry.strength)"] = entry.wasScanned ? "scanned" : "typed"
            }
        case .reconstitution:
            guard case .success(let instant)? = derived.reconstitutedAt else { return nil }
            out["first_reconstitution"] = state.zone.zoned(instant).iso8601
        case .dilution:
            guard let plan = derived.plan, case .success(let instant)? = derived.dilutedAt else { return nil }
            out["diluted_at"] = state.zone.zoned(instant).iso8601
            out["drug_volume_ml"] = plan.drugVolumeML.description
            out["units_drawn"] = String(plan.unitsDrawn)
            out["final_volume_ml"] = plan.finalVolumeML?.description ?? "none"
            out["sodium_chloride_ml"] = plan.sodiumChlorideML?.description ?? "none"
            // R10: how the bag was made.
            if let bag = plan.bag {
                out["bag_method"] = bag.method.rawValue
                if let prefilled = bag.bag {
                    out["bag_size_ml"] = prefilled.nominalML.description
                    out["bag_overfill_ml"] = prefilled.overfillML.description
                }
                if let remove = bag.removeML { out["remove_ml"] = remove.description }
            }
            out["deadlines"] = plan.deadlines.map { "\($0.kind.rawValue) \(state.zone.zoned($0.at).iso8601) (\($0.source.rawValue))" }
                .joined(separator: "; ")
        case .administration:
            guard let plan = derived.plan else { return nil }
            out["duration_min"] = String(plan.durationMinutes)
            out["rate_ml_per_h"] = plan.pumpRateMLPerHour?.description ?? "none"
            // R11: the flush and the time on the pump.
            if let pump = plan.pump, pump.hasFlush {
                out["flush_ml"] = pump.flushML.description
                out["flush_min"] = String(pump.flushMinutes)
                out["pump_total_min"] = String(pump.totalMinutes)
            }
            out["cautions"] = plan.cautions.map(\.rawValue).joined(separator: ",")
        case .summary:
            return nil
        }
        return out
    }
}
