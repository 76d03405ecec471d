import Testing
import InfusionCalc
@testable import InfusionWizard
@Test func scratchDump() {
    var policy = SitePolicy.standard
    policy.durationChoicesMinutes = [60, 90, 120, 150, 180]
    var s = WizardState(policy: policy, size: .minimum, now: Clock.now).after(Walk.dilutionDone + [.type("5")])
    print("=== A", s.step, s.focus, s.message ?? "", s.controls)
    s = s.completingStep()
    print("=== B", s.step, s.focus, s.message ?? "", s.acknowledged, s.derived.findings.map(\.code))
}
