import InfusionCalc
import Testing
@testable import InfusionWizard

/// The walk scripts themselves, so every other test can trust where they leave the wizard.
@Suite("Walk scripts")
struct WalkTests {
    @Test("each script ends on the first control of the next step, with nothing to complain about",
          arguments: [
              (Walk.toPatient, Step.patient, Control.patientName),
              (Walk.toWeight, .patient, .weight),
              (Walk.patientDone, .regimen, .frequency),
              // 4,200 units is whole vials: no dose list (R4 v2); the focus is on the first lot
              // to enter (section 6), the first control that needs something.
              (Walk.regimenDone, .vials, .vialLot(400)),
              (Walk.vialsDone, .reconstitution, .confirmation(.reconstituted(strength: 400, vials: 10))),
              (Walk.reconstitutionDone, .dilution, .confirmation(.withdrawnWhole(strength: 400, vials: 10, millilitres: Tenths(whole: 10)))),
              (Walk.dilutionDone, .administration, .confirmation(.setAndFilterPrimed)),
              (Walk.administrationDone, .summary, .handOver),
          ])
    func walkEndsOnStep(strokes: [Stroke], step: Step, focus: Control) {
        let state = WizardState.fresh().after(strokes)
        #expect(state.step == step)
        #expect(state.focus == focus)
        #expect(state.message == nil)
        #expect(state.fieldErrors.isEmpty)
        #expect(state.outcome == .running)
        #expect(state.acknowledged.isEmpty)
    }

    @Test("the reference adult's entries after the whole walk")
    func referenceEntries() throws {
        let state = WizardState.fresh().after(Walk.administrationDone)
        #expect(state.weight.text == "70")
        #expect(state.confirmedPoundsText == nil)
        #expect(state.atLeastTwoYears == true)
        #expect(state.firstInfusion == false)
        #expect(state.previousHypersensitivity == false)
        #expect(state.previousAlglucerase == false)
        #expect(state.frequency == .everyTwoWeeks)
        #expect(state.doseMode == .perKg)
        #expect(state.dose.text == "60")
        #expect(state.doseChoice == nil, "no dose list: nothing to choose")
        // R13: every confirmation, stamped with the fixed clock's instant.
        let ids: [ConfirmationID] = [
            .reconstituted(strength: 400, vials: 10), .swirled(strength: 400, vials: 10), .inspected(strength: 400, vials: 10),
            .reconstituted(strength: 200, vials: 1), .swirled(strength: 200, vials: 1), .inspected(strength: 200, vials: 1),
            .withdrawnWhole(strength: 400, vials: 10, millilitres: Tenths(whole: 10)),
            .withdrawnWhole(strength: 200, vials: 1, millilitres: Tenths(whole: 5)),
            .totalDrawn(millilitres: Tenths(whole: 105)), .sodiumChlorideAdded(millilitres: Tenths(whole: 45)),
            .bagMixedAndInspected(finalVolume: Tenths(whole: 150), drugVolume: Tenths(whole: 105)), .setAndFilterPrimed, .pumpProgrammed(rate: Tenths(whole: 75)),
        ]
        #expect(Set(state.confirmed.keys) == Set(ids))
        #expect(state.confirmed[.reconstituted(strength: 400, vials: 10)] == Array(repeating: Clock.now, count: 10))
        #expect(state.confirmed.values.allSatisfy { $0.allSatisfy { $0 == Clock.now } })
        #expect(state.confirmationFields[.totalDrawn(millilitres: Tenths(whole: 105))]?.text == "105")
        #expect(state.confirmationFields[.pumpProgrammed(rate: Tenths(whole: 75))]?.text == "75")
        #expect(state.reconstitutionTime.text == "14:05")
        #expect(state.dilutionTime.text == "14:05")
        #expect(state.chosenFinalVolume == nil)
        #expect(state.chosenDuration == nil)
        let plan = try #require(state.derived.plan)
        // Rule book section 4, "adult standard".
        #expect(plan.prescribedDose == 4200)
        #expect(plan.preparedDose == 4200)
        #expect(plan.vials.map { "\($0.count)x\($0.strength.units)" } == ["10x400", "1x200"])
        #expect(plan.wasteUnits == 0)
        #expect(plan.drugVolumeML == Tenths(whole: 105))
        #expect(plan.finalVolumeML == Tenths(whole: 150))
        #expect(plan.sodiumChlorideML == Tenths(whole: 45))
        #expect(plan.durationMinutes == 120)
        #expect(plan.pumpRateMLPerHour == Tenths(whole: 75))
        #expect(plan.regimen.prescribedPerFourWeeks == 8400)
    }

    @Test("the original regimen script pressed Enter on the empty dose field (one step too many)")
    func extraEnterOnEmptyDoseIsAnError() {
        // The old Walk.regimenDone was [4, Enter, Enter, "60", Enter]: the second Enter lands
        // on the empty dose field. It is refused with a field error, which typing then clears.
        let state = WizardState.fresh().after(Walk.patientDone + [.type("4"), .key(.enter), .key(.enter)])
        #expect(state.step == .regimen)
        #expect(state.focus == .dose)
        #expect(state.fieldErrors[.dose] == "Enter the dose.")
    }
}
