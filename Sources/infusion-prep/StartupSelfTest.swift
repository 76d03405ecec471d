import InfusionCalc
#if canImport(Glibc)
import Glibc
#endif

/// The start-up self-test (rule book section 4 through the calculation module), run by
/// the wizard, `plan` and `train` before anything else is shown or computed.
enum StartupSelfTest {
    /// The variable of the debug-only test hook (see `table()`).
    static let debugHookVariable = "INFUSION_PREP_DEBUG_SELF_TEST_WRONG_CASE"

    /// Refuses to start, with every failing case named, when any number differs.
    static func run() throws {
        let failures = SelfTest.run(table())
        guard failures.isEmpty else {
            Output.error(SelfTest.message(for: failures))
            throw Exit(status: ExitStatus.selfTestFailed)
        }
    }

    /// The shipped table. In debug builds only, a test can name a case in
    /// INFUSION_PREP_DEBUG_SELF_TEST_WRONG_CASE to add 1 unit to that case's expected
    /// prepared dose, so that the refusal can be seen through the real binary. Release
    /// builds (what `make install` installs) do not contain this code at all.
    static func table() -> [ReferenceCase] {
        var table = ReferenceCase.ruleBookSection4
        #if DEBUG
        if let pointer = getenv(debugHookVariable) {
            let name = String(cString: pointer)
            for index in table.indices where table[index].name == name {
                table[index].expected.preparedDose += 1
            }
        }
        #endif
        return table
    }
}
