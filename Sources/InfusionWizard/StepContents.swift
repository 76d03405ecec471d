import InfusionCalc
import InfusionTraining

/// What each step says. Every number comes from `Derived` (the calculation module).
extension WizardState {
    func startContent(_ content: inout StepContent) {
        let rules = siteRuleText
        content.add("\(product.genericName.uppercased()) (\(product.brandName)) for intravenous infusion", .heading)
        content.add("Vials: " + rules.stockedVialsText, hangingIndent: 7)
        // Section 9: the policy in force, by its id and approval date.
        content.add("Site policy: " + policy.policyIDText, .dim, hangingIndent: 13)
        // The quiz asks for the water per vial: the start screen must not give it away.
        content.add(rules.reconstituteSentence(withVolumes: training?.mode != .quiz))
        content.blank()
        content.add("WARNING: hypersensitivity incl. anaphylaxis; resuscitation equipment at hand", .warning)
        content.blank()
        let guide = "This guides one preparation, step by step: patient, regimen, vials, reconstitution, "
            + "dilution, administration, and a summary for the record. Every number comes from the rule book; "
        content.add(ContentLine(guide + "press F1 or ? on any step to see where.", hangingIndent: 0)
            .plain(guide + "answer ? to any question to see where."))
        content.blank()
        // Section 6: who prepares; training records nothing, so asks no one.
        if training == nil && begun {
            content.add("Preparer              " + ((try? Derived(self).preparer?.get()) ?? "") + " (recorded when the preparation began; another preparer starts a new preparation)",
                        hangingIndent: 22)
        } else if training == nil {
            addField(&content, .preparer, label: "Preparer", field: preparer, after: "name or initials",
                     prompt: "Preparer (your name or initials)", valid: (try? Derived(self).preparer?.get()) != nil,
                     need: "Type your name or initials: the record says who prepared.", accepts: PersonName.accepted)
        }
        addButton(&content, .begin, text: "Begin preparation")
    }

    /// Section 6: the patient's two identifiers and the order reference.
    func identityLines(_ content: inout StepContent, _ derived: Derived) {
        guard training == nil else { return }
        addField(&content, .patientName, label: "Full name", field: patientName, after: "as on the wristband",
                 prompt: "Patient's full name", valid: (try? derived.patientName?.get()) != nil,
                 need: "Type the patient's full name as on the wristband.", accepts: PatientIdentity.nameAccepted)
        let recordNumberValid = (try? derived.recordNumber?.get()) != nil
        let dateOfBirthValid = (try? derived.dateOfBirth?.get()) != nil
        addField(&content, .recordNumber, label: "MRN", field: recordNumber, after: "medical record number",
                 prompt: "Medical record number (MRN), or nothing to give the date of birth instead",
                 valid: recordNumberValid || recordNumber.text.isEmpty,
                 need: PatientIdentity.secondIdentifierNeeded,
                 accepts: PatientIdentity.recordNumberAccepted, optional: true)
        var born = "YYYY-MM-DD"
        if let age = derived.ageFromDateOfBirth { born = "= \(age) \(age == 1 ? "year" : "years") old today" }
        addField(&content, .dateOfBirth, label: "Date of birth", field: dateOfBirth, after: born,
                 prompt: "Date of birth" + (recordNumberValid ? " (optional: the MRN is given)" : ""),
                 valid: dateOfBirthValid || (dateOfBirth.text.isEmpty && recordNumberValid),
                 need: PatientIdentity.secondIdentifierNeeded,
                 accepts: PatientIdentity.dateOfBirthAccepted + (recordNumberValid ? "; or nothing" : ""),
                 optional: recordNumberValid)
        addField(&content, .orderReference, label: "Order reference", field: orderReference, after: "optional",
                 prompt: "Order or prescription reference",
                 valid: derived.orderReference.failure == nil,
                 need: "Correct the order reference, or clear it.", accepts: OrderReference.accepted, optional: true)
    }

    /// Section 6: where the weight comes from, and its date.
    func weightSourceLines(_ content: inout StepContent, _ derived: Derived) {
        guard training == nil else { return }
        let sources = WeightSource.allCases
        addInlineChoice(&content, .weightSource, label: "Weight is", options: sources.map(\.phrase),
                        selected: weightSource.flatMap { sources.firstIndex(of: $0) }, prompt: "The weight is",
                        need: "Say where the weight comes from: measured today (1) or from the order (2).")
        if weightSource == .fromOrder {
            addField(&content, .weightDate, label: "  weighed on", field: weightDate, after: "YYYY-MM-DD",
                     prompt: "Date the weight was measured", valid: (try? derived.weightDate?.get()) != nil,
                     need: "Type the date the weight was measured.", accepts: WeightSource.dateAccepted)
        }
    }

    func patientContent(_ content: inout StepContent, _ derived: Derived) {
        identityLines(&content, derived)
        let weightValid = derived.weight.map { (try? $0.get()) != nil } ?? false
        addField(&content, .weight, label: "Weight", field: weight, after: "kg (or type the unit: 154 lb)",
                 prompt: "Weight in kg", valid: weightValid, need: "Enter the weight.",
                 accepts: "\(Display.number(policy.weightHardMinimumKg)) to \(Display.number(policy.weightHardMaximumKg)) (or with lb, for example 154 lb)")
        if case .success(let entry)? = derived.weight, let pounds = entry.enteredPounds {
            let question = "\(Display.pounds(pounds)) = \(Display.kilograms(entry.kilograms)). Is this right?"
            let confirmed = confirmedPoundsText == weight.text
            let selected: Int? = confirmed ? 0 : nil
            content.add(ContentLine([Segment("  " + Self.pad(question, 48), .warning),
                                     Segment(Self.mark(selected == 0) + " yes   " + Self.mark(false) + " no", .focus)],
                                    control: .confirmPounds))
            content.register(ControlInfo(control: .confirmPounds,
                                         kind: .choice(options: ["yes", "no"], selected: selected, vertical: false, hotkeys: ["y", "n"]),
                                         prompt: question, isComplete: confirmed,
                                         need: "Confirm the conversion from lb to kg (Y), or press N to enter the weight again."))
        }
        weightSourceLines(&content, derived)
        if let age = derived.ageFromDateOfBirth {
            // Section 6: answered from the date of birth, never asked twice.
            content.add(Self.pad(RuleText.minimumAgeQuestion, 50) + (age >= RuleText.minimumAgeYears ? "yes" : "no") + " (from the date of birth)")
        } else {
            addYesNo(&content, .atLeastTwoYears, question: RuleText.minimumAgeQuestion, answer: atLeastTwoYears)
        }
        addYesNo(&content, .firstInfusion, question: "Is this the patient's first infusion?", answer: firstInfusion)
        addYesNo(&content, .previousHypersensitivity, question: "Previous hypersensitivity reactions?", answer: previousHypersensitivity)
        addYesNo(&content, .previousAlglucerase, question: "Previous alglucerase antibodies or reactions?", answer: previousAlglucerase)
    }

    func regimenContent(_ content: inout StepContent, _ derived: Derived) {
        content.add("Frequency", .heading)
        let frequencies = Frequency.allCases
        addListChoice(&content, .frequency,
                      options: frequencies.map { "\($0.phrase) (\($0.infusionsPerFourWeeks) per 4 weeks)" },
                      selected: frequency.flatMap { frequencies.firstIndex(of: $0) },
                      prompt: "Frequency", need: "Choose the frequency: its number (1 to \(frequencies.count)), or Up/Down then Space.")
        addInlineChoice(&content, .doseMode, label: "Dose entered as", options: DoseMode.allCases.map(\.label),
                        selected: doseMode.rawValue, prompt: "Dose entered as", need: "")
        let unit = doseMode == .perKg ? "units/kg" : "units"
        let doseValid = derived.dose.map { (try? $0.get()) != nil } ?? false
        addField(&content, .dose, label: "Dose per infusion", field: dose, after: unit,
                 prompt: "Dose per infusion in \(unit)", valid: doseValid && (try? derived.regimen?.get()) != nil,
                 need: "Enter the dose.",
                 accepts: doseMode == .perKg ? "more than 0, at most one decimal, for example 60 or 2.5"
                                             : "whole units, more than 0, for example 4200")
        if case .failure(let error)? = derived.regimen, fieldErrors[.dose] == nil {
            content.add(.refusal(error.message))
        }
        guard let regimen = try? derived.regimen?.get(), let frequency, let weight = derived.confirmedWeight else {
            content.add(ContentLine("The dose per infusion, per 4 weeks and the two-week equivalent appear here.", .dim).plain(""))
            return
        }
        content.blank()
        let howMuch = doseMode == .perKg
            ? "\(regimen.unitsPerKgText) x \(Display.kilograms(weight.kilograms))"
            : "flat dose; \(regimen.unitsPerKgText) at \(Display.kilograms(weight.kilograms))"
        content.add("Per infusion      \(Display.units(regimen.prescribedDose)) (\(howMuch))")
        content.add("Per 4 weeks       \(Display.units(regimen.prescribedPerFourWeeks)) (\(frequency.infusionsPerFourWeeks) infusions)")
        let twoWeek = regimen.twoWeekText(policy: policy)
        let within = regimen.findings.isEmpty ? "within" : "OUTSIDE"
        content.add("Two-week equiv.   \(twoWeek); label's initial range \(policy.twoWeekSoftMinimum) to \(policy.twoWeekSoftMaximum) units/kg: \(within)",
                    regimen.findings.isEmpty ? .ok : .warning, hangingIndent: 18)
    }

    func vialsContent(_ content: inout StepContent, _ derived: Derived) {
        content.add(ContentLine("Vials on hand (Space to tick)", .heading).plain("Vials on hand"))
        for strength in product.strengths where siteVialStrengths.contains(strength.units) {
            let note = strength.marketed ? "" : " (discontinued in the US and EU)"
            addCheckbox(&content, .vialOnHand(strength.units), text: "\(Display.strength(strength.units)) vials" + note,
                        checked: policy.vialsOnHand.contains(strength.units), required: false,
                        need: "Tick at least one vial strength on hand.")
        }
        if policy.vialsOnHand.isEmpty {
            content.add(ContentLine([Segment("! Tick at least one vial strength on hand.", .error)]))
            content.controls = content.controls.map {
                ControlInfo(control: $0.control, kind: $0.kind, prompt: $0.prompt, isComplete: false, need: $0.need)
            }
        }
        guard let regimen = try? derived.regimen?.get(), !derived.doseOptions.isEmpty else { return }
        // In a quiz the waste would hint at the vial counts it asks for.
        let waste: (DoseOption) -> String = { training?.mode == .quiz ? "" : "waste \(Display.units($0.wasteUnits))" }
        if derived.doseOptions.count == 1 {
            // R4 v2: nothing to choose; say why no rounding is offered.
            content.add("Dose to prepare: \(Display.units(regimen.prescribedDose)), the prescribed dose", .heading)
            let offer = PreparationPlan.roundingOffer(prescribed: regimen.prescribedDose, policy: policy, product: product)
            if let why = offer.sentence(policy: policy) { content.add("  " + why, .dim, hangingIndent: 4) }
        } else {
            content.add(ContentLine("Dose to prepare (Up/Down, then Space or Enter; nothing is rounded unless you pick it)", .heading)
                .plain("Dose to prepare (nothing is rounded unless you pick it)"))
            let options = derived.doseOptions.map { option -> String in
                let dose = Self.pad(Display.units(option.preparedDose), 13)
                if option.isExactDose {
                    return dose + Self.pad("exact dose", 34) + waste(option)
                }
                return dose + Self.pad("\(Display.signedPercent(option.changePercent)); \(Display.signedUnits(option.changePerFourWeeks)) per 4 weeks", 34)
                    + waste(option)
            }
            addListChoice(&content, .doseOption, options: options, selected: derived.chosenOptionIndex,
                          prompt: "Dose to prepare (prescribed \(Display.units(regimen.prescribedDose)))",
                          need: "Pick the dose to prepare: its number, or Up/Down then Space.")
            // R4: the record names who authorised a rounded dose.
            if derived.isRounded {
                if let protocolName = policy.roundingProtocol {
                    content.add("  Rounded dose authorised by the site protocol: \(protocolName)", .dim, hangingIndent: 4)
                } else {
                    addField(&content, .roundingAuthorisedBy, label: "Authorised by", field: roundingAuthorisedBy,
                             after: "pharmacist's name", prompt: "Pharmacist who authorised the rounded dose",
                             valid: (try? PersonName.parse(roundingAuthorisedBy.text, field: .answer).get()) != nil,
                             need: "Type the name of the pharmacist who authorised the rounded dose.",
                             accepts: PersonName.accepted)
                }
            }
        }
        // In a quiz the vial counts are asked before they are shown.
        guard let plan = derived.plan, derived.doseOptions.count == 1 || derived.chosenOptionIndex != nil,
              training?.mode != .quiz else { return }
        content.add("Vials for \(Display.units(plan.preparedDose))", .heading)
        content.add("  Strength     Vials   Water each   Volume in vial", .dim)
        for line in plan.vials {
            content.add("  " + Self.pad(Display.strength(line.strength.units), 13) + Self.pad(String(line.count), 8)
                        + Self.pad(Display.millilitres(line.strength.waterML), 13) + Display.millilitres(line.strength.vialVolumeML))
        }
        // The draws come from the plan, so a partial vial is never shown as whole (R5), and
        // a partial draw shows the units it really holds (R6).
        for line in plan.withdrawalLines { content.add("  Withdraw " + line, hangingIndent: 11) }
        content.add("  \(plan.totalVials) \(plan.totalVials == 1 ? "vial" : "vials"), \(Display.units(plan.totalVialUnits)); waste \(Display.units(plan.wasteUnits))")
        if let drawn = plan.unitsDrawnText { content.add("  Units drawn " + drawn, hangingIndent: 4) }
        lotLines(&content, plan, derived)
    }

    /// Section 6: per strength used, the lot and expiry, typed or scanned.
    func lotLines(_ content: inout StepContent, _ plan: PreparationPlan, _ derived: Derived) {
        guard training == nil else { return }
        // Vials that cannot be used are not taken: a STOP of the dose comes first.
        let stopped = derived.findings.contains {
            $0.severity == .hard && Derived.step(for: $0.code) <= .vials && $0.code != .vialExpired && $0.code != .vialNotInSiteList
        }
        if stopped {
            content.add("Lot and expiry of the vials: asked once the STOP below is resolved.", .dim)
            return
        }
        content.add(ContentLine("Lot and expiry of the vials (type them, or scan the vial's barcode into Lot)", .heading)
            .plain("Lot and expiry of the vials (type them, or scan the vial's barcode)"))
        for line in plan.vials {
            let strength = line.strength.units
            let name = Display.strength(strength)
            let lot = vialLots[strength] ?? TextField(kind: .lot)
            let read = derived.vialLots[strength]
            let scanned = VialLotEntry.looksScanned(lot.text)
            var after = ""
            if case .success(let entry)? = read, entry.wasScanned { after = "scanned" }
            addField(&content, .vialLot(strength), label: "  \(name) lot", field: lot, after: after,
                     prompt: "Lot of the \(name) vials",
                     valid: scanned ? (try? read?.get()) != nil : (try? VialLot.parse(lot.text).get()) != nil,
                     need: "Type the lot of the \(name) vials, or scan a vial's barcode.",
                     accepts: VialLot.accepted)
            if scanned, case .success(let entry)? = read {
                content.add("    read from the barcode: lot \(entry.lot), expiry \(entry.expiry.text), GTIN \(entry.gtin ?? "")"
                            + (entry.serial.map { ", serial " + $0 } ?? ""), .dim, hangingIndent: 6)
            } else if scanned, case .failure(let error)? = read, fieldErrors[.vialLot(strength)] == nil {
                content.add(.refusal(error.message))
            } else if !scanned {
                let expiry = vialExpiries[strength] ?? TextField(kind: .date)
                addField(&content, .vialExpiry(strength), label: "  \(name) expiry", field: expiry, after: "YYYY-MM-DD or YYYY-MM",
                         prompt: "Expiry of the \(name) vials",
                         valid: (try? VialLotEntry.parseExpiry(expiry.text).get()) != nil,
                         need: "Type the expiry of the \(name) vials as printed.", accepts: VialLotEntry.expiryAccepted)
            }
        }
    }

    /// A time field with the date it resolves to (R9), or the reason it is refused.
    func addTimeField(_ content: inout StepContent, _ control: Control, label: String, field: TextField,
                      resolved: Result<Instant, InputError>?, prompt: String, need: String) {
        let valid = (try? resolved?.get()) != nil
        var after = "24-hour clock"
        if case .success(let instant)? = resolved { after = "= " + Display.time(instant, zone: zone) }
        let when = (try? resolved?.get()).map { " (read as \(Display.time($0, zone: zone)))" } ?? ""
        addField(&content, control, label: label, field: field, after: after, prompt: prompt, valid: valid, need: need,
                 accepts: "HH:MM on the 24-hour clock, today or yesterday, not in the future, for example 09:30" + when)
        if fieldErrors[control] == nil, case .failure(let error)? = resolved {
            content.add(.refusal(error.message))
        }
    }

    /// Section 5: the deadlines that apply now, each with its date and source.
    func deadlineLines(_ content: inout StepContent, _ plan: PreparationPlan, diluted: Bool) {
        if !diluted, let limit = plan.diluteBy, limit == plan.startBy {
            content.add("Dilute and start the infusion by \(Display.deadline(limit, zone: zone)) (\(limit.source.sentence(policy: policy)))", .heading, hangingIndent: 4)
            return
        }
        if !diluted, let limit = plan.diluteBy {
            content.add("Dilute by \(Display.deadline(limit, zone: zone)) (\(limit.source.sentence(policy: policy)))", .heading, hangingIndent: 4)
        } else if !diluted, policy.stability == .euLabel {
            content.add("Dilute at once (EU label): the interval from reconstitution is recorded.", .heading, hangingIndent: 4)
        }
        if let limit = plan.startBy {
            content.add("Start the infusion by \(Display.deadline(limit, zone: zone)) (\(limit.source.sentence(policy: policy)))", .heading, hangingIndent: 4)
        }
    }

    func reconstitutionContent(_ content: inout StepContent, _ derived: Derived) {
        guard let plan = derived.plan else { return }
        addTimeField(&content, .reconstitutionTime, label: "First reconstitution", field: reconstitutionTime,
                     resolved: derived.reconstitutedAt, prompt: "Time of the first reconstitution",
                     need: "Enter the time of the first reconstitution.")
        for line in plan.vials {
            content.add("Reconstitute \(line.count) x \(Display.strength(line.strength.units)) \(line.count == 1 ? "vial" : "vials")", .heading)
            for confirmation in plan.confirmations(for: .reconstitution) where confirmation.id.strength == line.strength.units {
                addConfirmation(&content, confirmation)
            }
            content.add("  Each vial then holds \(Display.millilitres(line.strength.vialVolumeML)) at \(product.unitsPerML) units/mL; a whole vial gives \(Display.millilitres(line.strength.withdrawableML)) (\(Display.units(line.strength.units))).", .dim, hangingIndent: 4)
        }
        deadlineLines(&content, plan, diluted: false)
    }

    func dilutionContent(_ content: inout StepContent, _ derived: Derived) {
        guard let plan = derived.plan else { return }
        let confirmations = plan.confirmations(for: .dilution)
        content.add("Withdraw (\(product.unitsPerML) units/mL): drug volume \(Display.millilitres(plan.drugVolumeML)) (\(Display.units(plan.preparedDose)))", .heading, hangingIndent: 4)
        for confirmation in confirmations {
            switch confirmation.id {
            case .withdrawnWhole, .withdrawnPartial, .totalDrawn: addConfirmation(&content, confirmation)
            default: break
            }
        }
        if let drawn = plan.unitsDrawnText { content.add("  Units drawn " + drawn, .dim, hangingIndent: 4) }
        if !derived.finalVolumeChoices.isEmpty {
            let selected = plan.finalVolumeML.flatMap { derived.finalVolumeChoices.firstIndex(of: $0) }
            addInlineChoice(&content, .finalVolume, label: "Final volume", options: derived.finalVolumeChoices.map(Display.millilitres),
                            selected: selected, prompt: "Final volume", need: "Choose the final volume.")
        }
        if let bag = plan.bag, bag.method == .prefilled {
            // R10: a prefilled bag, with the volume to remove.
            content.add("Bag               " + bag.sentence(product: product), .heading, hangingIndent: 18)
        } else if let sodiumChloride = plan.sodiumChlorideML, let finalVolume = plan.finalVolumeML {
            content.add("Sodium chloride   \(Display.millilitres(sodiumChloride)) \(product.infusionFluid) in an empty bag, then the drug, to make \(Display.millilitres(finalVolume))", .heading, hangingIndent: 18)
        }
        for confirmation in confirmations {
            switch confirmation.id {
            case .sodiumChlorideAdded, .sodiumChlorideRemoved, .bagMixedAndInspected: addConfirmation(&content, confirmation)
            default: break
            }
        }
        content.add("Do not infuse with other medicines in the same line.")
        addTimeField(&content, .dilutionTime, label: "Diluted at", field: dilutionTime, resolved: derived.dilutedAt,
                     prompt: "Time of dilution", need: "Enter the time of dilution.")
        deadlineLines(&content, plan, diluted: (try? derived.dilutedAt?.get()) != nil)
    }

    func administrationContent(_ content: inout StepContent, _ derived: Derived) {
        guard let plan = derived.plan else { return }
        // R12: the cautions come with the patient to the bedside.
        if !plan.cautions.isEmpty {
            content.add("CAUTIONS", .warning)
            for caution in plan.cautions { content.add("  " + caution.sentence(policy: policy), .warning, hangingIndent: 4) }
        }
        content.add("Use an \(product.filter).", .heading)
        // R8 v2: after a previous reaction nothing is preselected: the nurse chooses.
        let slower = previousHypersensitivity == true
        let durationChosen = chosenDuration != nil || !slower
        let selected = durationChosen ? derived.durationChoices.firstIndex(of: plan.durationMinutes) : nil
        addInlineChoice(&content, .duration, label: "Duration", options: derived.durationChoices.map(Display.minutes),
                        selected: selected, prompt: "Duration", need: "Choose the duration.")
        addField(&content, .otherDuration, label: "  or type minutes", field: otherDuration, after: "min (\(policy.durationHardMinimumMinutes) to \(Display.number(policy.durationInputMaximumMinutes)))",
                 prompt: "Another duration, in minutes",
                 valid: otherDuration.text.isEmpty || (try? derived.otherDuration?.get()) != nil, need: "Type a whole number of minutes, or clear the field.",
                 accepts: "a whole number of minutes, \(policy.durationHardMinimumMinutes) to \(Display.number(policy.durationInputMaximumMinutes)), or nothing to keep the duration chosen above")
        if slower {
            content.add("Previous hypersensitivity reaction: the label advises a decreased infusion rate, so no duration is chosen for you; choose one (\(Display.minutes(policy.durationDefaultMinutes)) or longer is slower than usual).", .warning, hangingIndent: 0)
        }
        if !durationChosen {
            content.add("Pump rate         choose the duration first", .dim)
        } else if let rate = plan.pumpRateMLPerHour, let finalVolume = plan.finalVolumeML {
            let blocked = plan.findings.contains { $0.code == .doseRateAboveCap }
            content.add("Pump rate         \(Display.millilitresPerHour(rate)) (\(Display.millilitres(finalVolume)) over \(Display.minutes(plan.durationMinutes)))"
                        + (blocked ? ": too fast for the rate cap; choose a longer duration" : ""),
                        blocked ? .error : .heading, hangingIndent: 18)
        } else {
            content.add("Pump rate         none: there is no valid bag (see the Dilute step)", .error)
        }
        let doseRate = plan.doseRateText
        if !durationChosen {
            // Nothing chosen: no rate is in effect yet (not the default's).
            content.add("Dose rate         choose the duration first", .dim)
        } else if let cap = plan.rateCap {
            let which = plan.request.firstInfusion ? "first infusion" : "later infusion"
            // Whether the rate is above the cap is the plan's finding (R8), not a second copy.
            let over = plan.findings.contains { $0.code == .doseRateAboveCap }
            content.add("Dose rate         \(doseRate); cap \(Display.unitsPerKgPerMinute(scaled: cap.count, decimals: 1)) (\(which)): \(over ? "ABOVE the cap" : "within the cap")",
                        over ? .error : .ok, hangingIndent: 18)
            if plan.doseRate < plan.preparedDoseRate {
                content.add("                  \(plan.preparedDoseRateText) for the \(Display.units(plan.preparedDose)) prepared (whole vials)",
                            over ? .error : .normal, hangingIndent: 18)
            }
        } else {
            content.add("Dose rate         \(doseRate) (no rate cap in this site's policy)")
        }
        // R11: the pump plan with the site's flush.
        if durationChosen, let pump = plan.pump, pump.hasFlush {
            let rows = pump.lines(product: product)
            content.add("Pump plan         " + (rows.first ?? ""), hangingIndent: 18)
            for row in rows.dropFirst() { content.add("                  " + row, hangingIndent: 18) }
        }
        if durationChosen {
            for confirmation in plan.confirmations(for: .administration) { addConfirmation(&content, confirmation) }
        }
        deadlineLines(&content, plan, diluted: true)
        content.add("Monitor for hypersensitivity during and after the infusion. On a severe reaction stop the infusion and treat at once (epinephrine).", hangingIndent: 0)
    }

    func summaryContent(_ content: inout StepContent, _ derived: Derived) {
        // Section 7: while the checker types, the screen shows none of the preparation's values.
        if let session = checkSession, let plan = derived.plan {
            if let outcome = session.outcome { mismatchContent(&content, outcome) } else { checkerContent(&content, session, plan: plan) }
            return
        }
        // On screen the title bar names the plan and the banner says TRAINING.
        for line in summaryLines(derived, printed: false, title: false) {
            content.add(line, hangingIndent: 12)
        }
        summaryControls(&content, derived)
    }

    /// Section 6: who and which patient, the order, where the weight comes from, the vial
    /// lots. Training asks none of them.
    func recordLines(_ derived: Derived) -> [String] {
        guard training == nil else { return [] }
        var lines: [String] = []
        // Each row ends in a word or a bracket: a screen reader never joins a number to the
        // next row's first word.
        var identifiers: [String] = []
        if let number = try? derived.recordNumber?.get() { identifiers.append("MRN " + number) }
        if let born = try? derived.dateOfBirth?.get() { identifiers.append("born " + born.text) }
        let name = (try? derived.patientName?.get()) ?? "not entered"
        lines.append("Patient ID  " + name + (identifiers.isEmpty ? "" : " (" + identifiers.joined(separator: "; ") + ")"))
        if let reference = try? derived.orderReference.get() { lines.append("Order ref   " + reference) }
        if let source = weightSource, let date = try? derived.weightDate?.get() {
            lines.append("Weighed     \(date.text) (\(source.phrase))")
        }
        lines.append("Preparer    " + ((try? derived.preparer?.get()) ?? "not entered"))
        let lots = (derived.plan?.vials ?? []).compactMap { line -> String? in
            guard let entry = try? derived.vialLots[line.strength.units]?.get() else { return nil }
            return "\(Display.strength(entry.strength)) lot \(entry.lot) (expiry \(entry.expiry.text)"
                + (entry.gtin.map { "; scanned, GTIN \($0)" } ?? "") + ")"
        }
        lines += lots.enumerated().map { ($0.offset == 0 ? "Vial lots   " : "            ") + $0.element }
        return lines
    }

    /// The record: the plan as `infusion-prep plan` prints it (with the times, their
    /// dates and the deadlines), who authorised a rounded dose, every acknowledged
    /// warning, and every R13 confirmation with its time. The shell prints the same lines
    /// after full-screen mode ends.
    /// `printed` (the default) marks every line of a training summary with TRAINING.
    /// `title` false leaves the plan's title out (the screen's title bar names it).
    public func summaryLines(_ derived: Derived? = nil, printed: Bool = true, title: Bool = true) -> [String] {
        let derived = derived ?? Derived(self)
        guard let plan = derived.plan else { return ["No plan yet: the preparation is not complete."] }
        // The title, then who and which patient, then the plan.
        var lines = (title ? [plan.title] : []) + recordLines(derived) + plan.body + plan.policyLines
        if derived.isRounded {
            lines.append("Authorised  rounded dose: " + (policy.roundingProtocol.map { "site protocol \($0)" } ?? roundingAuthorisedBy.text.trimmingWhitespace))
        }
        let acknowledgedWarnings = plan.findings.filter { $0.severity == .soft && acknowledged[$0.code] == $0.message }
        lines += acknowledgedWarnings.enumerated().map {
            ($0.offset == 0 ? "Warnings    " : "            ") + "acknowledged: " + $0.element.message
        }
        let done = plan.confirmations.compactMap { confirmation -> String? in
            guard let instants = confirmed[confirmation.id], let last = instants.last, isDone(confirmation) else { return nil }
            // A label ticked as attached counts only while it is the label of these values.
            if confirmation.id == .labelAttached && currentLabel == nil { return nil }
            let first = instants.first ?? last
            let firstText = Display.time(first, zone: zone), lastText = Display.time(last, zone: zone)
            // Section 3: never a time without its date; the date is left out only when it is
            // the same day as the first.
            let sameDay = zone.zoned(first).local.dateText == zone.zoned(last).local.dateText
            let when = firstText == lastText ? lastText
                : "\(firstText) to \(sameDay ? zone.zoned(last).local.clockText : lastText)"
            return "\(when)  \(confirmation.summary)"
        }
        lines += done.enumerated().map { ($0.offset == 0 ? "Done        " : "            ") + $0.element }
        lines += checkAndLabelLines()
        // A training record can never be mistaken for a real one: every line says so.
        if let training {
            lines = ["Training scenario: \(training.scenarioName) (\(training.mode.rawValue))"] + scoreLines + lines
            if printed { lines = lines.map { "TRAINING | " + $0 } }
        }
        return lines
    }
}
