import InfusionCalc

/// What each step says. Every number comes from `Derived` (the calculation module).
extension WizardState {
    func startContent(_ content: inout StepContent) {
        let strengths = product.strengths.map { strength in
            Display.units(strength.units) + (strength.marketed ? "" : " (listed as discontinued in the US and EU)")
        }
        content.add("\(product.genericName.uppercased()) (\(product.brandName)) for intravenous infusion", .heading)
        content.add("Vials: " + strengths.joined(separator: "; "), hangingIndent: 7)
        if training?.mode == .quiz {
            // The quiz asks for the water per vial: the start screen must not give it away.
            content.add("Reconstitute with \(product.diluent) only, never sodium chloride.")
        } else {
            content.add("Reconstitute with \(product.diluent) only, never sodium chloride: "
                        + product.strengths.map { "\(Display.millilitres($0.waterML)) per \(Display.strength($0.units)) vial" }.joined(separator: ", ")
                        + "; \(product.unitsPerML) units/mL.")
        }
        content.blank()
        content.add("WARNING: hypersensitivity incl. anaphylaxis; resuscitation equipment at hand", .warning)
        content.blank()
        let guide = "This guides one preparation, step by step: patient, regimen, vials, reconstitution, "
            + "dilution, administration, and a summary for the record. Every number comes from the rule book; "
        content.add(ContentLine(guide + "press F1 or ? on any step to see where.", hangingIndent: 0)
            .plain(guide + "answer ? to any question to see where."))
        content.blank()
        addButton(&content, .begin, text: "Begin preparation")
    }

    func patientContent(_ content: inout StepContent, _ derived: Derived) {
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
        addYesNo(&content, .atLeastTwoYears, question: "Is the patient at least 2 years old?", answer: atLeastTwoYears)
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
            content.add(ContentLine([Segment("! " + error.message, .error)], hangingIndent: 2))
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
        for strength in product.strengths {
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
        content.add(ContentLine("Dose to prepare (Up/Down, then Space or Enter; nothing is rounded unless you pick it)", .heading)
            .plain("Dose to prepare (nothing is rounded unless you pick it)"))
        // In a quiz the waste would hint at the vial counts it asks for.
        let waste: (DoseOption) -> String = { training?.mode == .quiz ? "" : "waste \(Display.units($0.wasteUnits))" }
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
        if derived.doseOptions.count == 1, derived.doseOptions[0].wasteUnits > 0 {
            content.add("No whole-vial dose is within \(Display.number(policy.roundingTolerancePercent))% of the prescribed dose.", .dim)
        }
        // In a quiz the vial counts are asked before they are shown.
        guard let plan = derived.plan, derived.chosenOptionIndex != nil, training?.mode != .quiz else { return }
        content.add("Vials for \(Display.units(plan.preparedDose))", .heading)
        content.add("  Strength     Vials   Water each   Volume in vial", .dim)
        for line in plan.vials {
            content.add("  " + Self.pad(Display.strength(line.strength.units), 13) + Self.pad(String(line.count), 8)
                        + Self.pad(Display.millilitres(line.strength.waterML), 13) + Display.millilitres(line.strength.vialVolumeML))
        }
        // The draws come from the plan, so a partial vial is never shown as whole (R5).
        for line in plan.withdrawalLines { content.add("  Withdraw " + line, hangingIndent: 11) }
        content.add("  \(plan.totalVials) \(plan.totalVials == 1 ? "vial" : "vials"), \(Display.units(plan.totalVialUnits)); waste \(Display.units(plan.wasteUnits))")
    }

    func reconstitutionContent(_ content: inout StepContent, _ derived: Derived) {
        guard let plan = derived.plan else { return }
        for line in plan.vials {
            let vials = "\(line.count) x \(Display.strength(line.strength.units)) \(line.count == 1 ? "vial" : "vials")"
            content.add("Reconstitute \(vials)", .heading)
            let key = "\(line.strength.units)x\(line.count)"
            let water = "Add \(Display.millilitres(line.strength.waterML)) \(product.diluent) to \(line.count == 1 ? "the vial" : "each vial") (never sodium chloride)"
            addCheckbox(&content, .checklist("water-\(key)"), text: water, checked: ticked.contains("water-\(key)"),
                        need: "Tick every reconstitution item when it is done.")
            addCheckbox(&content, .checklist("swirl-\(key)"), text: "Swirl gently to mix; do not shake",
                        checked: ticked.contains("swirl-\(key)"), need: "Tick every reconstitution item when it is done.")
            addCheckbox(&content, .checklist("inspect-\(key)"), text: "Inspect: clear and colourless; do not use a vial with opaque particles or discoloration",
                        checked: ticked.contains("inspect-\(key)"), need: "Tick every reconstitution item when it is done.")
            content.add("  Each vial then holds \(Display.millilitres(line.strength.vialVolumeML)) at \(product.unitsPerML) units/mL; a whole vial gives \(Display.millilitres(line.strength.withdrawableML)) (\(Display.units(line.strength.units))).", .dim, hangingIndent: 4)
        }
        let valid = (try? ClockTime.parse(reconstitutionTime.text).get()) != nil
        addField(&content, .reconstitutionTime, label: "Reconstituted at", field: reconstitutionTime,
                 after: "24-hour clock (from the computer clock)", prompt: "Time of reconstitution (HH:MM, 24-hour clock)",
                 valid: valid, need: "Enter the time of reconstitution.")
        if let diluteBy = derived.diluteBy {
            content.add("Then " + diluteBy.text + ".", .heading)
        }
    }

    func dilutionContent(_ content: inout StepContent, _ derived: Derived) {
        guard let plan = derived.plan else { return }
        content.add("Withdraw (\(product.unitsPerML) units/mL)", .heading)
        for line in plan.withdrawalLines { content.add("  " + line, hangingIndent: 4) }
        content.add("Drug volume       \(Display.millilitres(plan.drugVolumeML)) (\(Display.units(plan.preparedDose)))", .heading)
        if !derived.finalVolumeChoices.isEmpty {
            let selected = plan.finalVolumeML.flatMap { derived.finalVolumeChoices.firstIndex(of: $0) }
            addInlineChoice(&content, .finalVolume, label: "Final volume", options: derived.finalVolumeChoices.map(Display.millilitres),
                            selected: selected, prompt: "Final volume", need: "Choose the final volume.")
        }
        if let sodiumChloride = plan.sodiumChlorideML, let finalVolume = plan.finalVolumeML {
            content.add("Sodium chloride   add \(Display.millilitres(sodiumChloride)) \(product.infusionFluid) to make \(Display.millilitres(finalVolume))", .heading, hangingIndent: 18)
        }
        content.add("Mix gently; do not shake. Slight flocculation (thin translucent fibres) may occur after dilution: the in-line filter removes it.", hangingIndent: 0)
        content.add("Do not infuse with other medicines in the same line.")
        let valid = (try? ClockTime.parse(dilutionTime.text).get()) != nil
        addField(&content, .dilutionTime, label: "Diluted at", field: dilutionTime,
                 after: "24-hour clock (from the computer clock)", prompt: "Time of dilution (HH:MM, 24-hour clock)",
                 valid: valid, need: "Enter the time of dilution.")
    }

    func administrationContent(_ content: inout StepContent, _ derived: Derived) {
        guard let plan = derived.plan else { return }
        content.add("Use an \(product.filter).", .heading)
        let selected = derived.durationChoices.firstIndex(of: plan.durationMinutes)
        addInlineChoice(&content, .duration, label: "Duration", options: derived.durationChoices.map(Display.minutes),
                        selected: selected, prompt: "Duration", need: "Choose the duration.")
        if let rate = plan.pumpRateMLPerHour, let finalVolume = plan.finalVolumeML {
            let blocked = plan.findings.contains { $0.code == .doseRateAboveCap }
            content.add("Pump rate         \(Display.millilitresPerHour(rate)) (\(Display.millilitres(finalVolume)) over \(Display.minutes(plan.durationMinutes)))"
                        + (blocked ? ": too fast for the rate cap; choose a longer duration" : ""),
                        blocked ? .error : .heading, hangingIndent: 18)
        } else {
            content.add("Pump rate         none: there is no valid bag (see the Dilute step)", .error)
        }
        let doseRate = plan.doseRateText
        if let cap = plan.rateCap {
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
        if let infuseBy = derived.infuseBy {
            content.add("Infuse by         \(infuseBy.text); keep the bag at 2 to 8 degrees C, protected from light", hangingIndent: 18)
        }
        content.add("Monitor for hypersensitivity during and after the infusion. On a severe reaction stop the infusion and treat at once (epinephrine).", hangingIndent: 0)
    }

    func summaryContent(_ content: inout StepContent, _ derived: Derived) {
        // On screen the title bar names the plan and the banner says TRAINING.
        for line in summaryLines(derived, printed: false) where !line.hasSuffix("PREPARATION PLAN") {
            content.add(line, hangingIndent: 12)
        }
        if derived.plan?.hasHardStop == false {
            addButton(&content, .finish, text: "Confirm and finish")
        }
    }

    /// The record: the plan as `infusion-prep plan` prints it, with the clock times in
    /// place of the storage sentences and every acknowledged warning. The shell prints the
    /// same lines after full-screen mode ends.
    /// `printed` (the default) marks every line of a training summary with TRAINING.
    public func summaryLines(_ derived: Derived? = nil, printed: Bool = true) -> [String] {
        let derived = derived ?? Derived(self)
        guard let plan = derived.plan else { return ["No plan yet: the preparation is not complete."] }
        var times: [String] = []
        if case .success(let time) = ClockTime.parse(reconstitutionTime.text), let diluteBy = derived.diluteBy {
            times.append("reconstituted \(time.text); \(diluteBy.text)")
        }
        if case .success(let time) = ClockTime.parse(dilutionTime.text), let infuseBy = derived.infuseBy {
            times.append("diluted \(time.text); infuse by \(infuseBy.text)")
            times.append("bag at 2 to 8 degrees C, protected from light")
        }
        var lines = plan.lines(times: times.isEmpty ? nil : times)
        // Time findings (R9 on the entered times) are not in the plan: add them.
        let timeFindings = derived.findings.filter { $0.code == .dilutedAfterDiluteBy }
        if let index = lines.firstIndex(where: { $0.hasPrefix("Findings") }), !timeFindings.isEmpty {
            let rows = timeFindings.map { "\($0.severity.word): \($0.message)" }
            if lines[index].hasSuffix("none") {
                lines[index] = "Findings    " + rows[0]
                lines.insert(contentsOf: rows.dropFirst().map { "            " + $0 }, at: index + 1)
            } else {
                lines.insert(contentsOf: rows.map { "            " + $0 }, at: index + 1)
            }
        }
        let acknowledgedWarnings = plan.findings.filter { $0.severity == .soft && acknowledged[$0.code] == $0.message }
        lines += acknowledgedWarnings.enumerated().map {
            ($0.offset == 0 ? "Warnings    " : "            ") + "acknowledged: " + $0.element.message
        }
        // A training record can never be mistaken for a real one: every line says so.
        if let training {
            lines = ["Training scenario: \(training.scenarioName) (\(training.mode.rawValue))"] + scoreLines + lines
            if printed { lines = lines.map { "TRAINING | " + $0 } }
        }
        return lines
    }
}
