import InfusionCalc

/// What a help line is, so that a front end lays it out without matching its words: the
/// title (shown as a heading), the full screen's key list (the plain front end says its
/// own instead), or a line of text.
public enum HelpLineKind: String, Sendable, CaseIterable {
    case title, keys, text
}

/// One line of a step's help.
public struct HelpLine: Equatable, Sendable {
    public let kind: HelpLineKind
    public let text: String
    public init(_ kind: HelpLineKind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// Help for each step: what it is for and where its numbers come from (the rule book
/// section and the source ids of shared/spec/clinical-facts.md, as in docs/clinical-rules.md).
/// Every sentence that states a rule or a figure is `RuleText`'s, from the product and the
/// site policy in force; this lays them out under the step's title.
public func help(for step: Step, policy: SitePolicy, product: ProductProfile) -> [HelpLine] {
    let rules = RuleText(policy: policy, product: product)
    func titled(_ title: String, _ lines: [String]) -> [HelpLine] {
        [HelpLine(.title, "Help: " + title)] + lines.map { HelpLine(.text, $0) }
    }
    switch step {
    case .start:
        return [HelpLine(.title, "Help: Start"),
                HelpLine(.text, "This program guides one \(product.genericName) (\(product.brandName)) preparation from the patient's weight to a record you confirm."),
                HelpLine(.keys, "Keys: Enter confirms and goes on, Esc goes back (nothing is lost), Tab and the arrows move, F1 or ? shows this help, q asks before quitting, Ctrl-C quits.")]
            + rules.startHelp.map { HelpLine(.text, $0) }
    case .patient: return titled("Patient", rules.patientHelp)
    case .regimen: return titled("Regimen", rules.regimenHelp)
    case .vials: return titled("Vials", rules.vialsHelp)
    case .reconstitution: return titled("Reconstitution", rules.reconstitutionHelp)
    case .dilution: return titled("Dilution", rules.dilutionHelp)
    case .administration: return titled("Administration", rules.administrationHelp)
    case .summary:
        return titled("Summary", [
            "The whole preparation as `infusion-prep plan` prints it, with the dated times and deadlines, the cautions, every acknowledged warning and every confirmation with its time."]
            + rules.checkAndLabelHelp + [
            "Confirm to finish: the summary is printed to the terminal after the full screen closes, so it stays in the scrollback for the record.",
            "Esc goes back to change anything; every number after a change is computed again, and changed warnings need acknowledging again."])
    }
}

/// The help's text, line by line, under `policy` and `product`.
public func helpLines(for step: Step, policy: SitePolicy, product: ProductProfile) -> [String] {
    help(for: step, policy: policy, product: product).map(\.text)
}

/// Help under the rule book's defaults and the imiglucerase profile. A front end showing a
/// wizard's help passes its policy: `state.help` or `state.helpLines`.
public func helpLines(for step: Step) -> [String] {
    helpLines(for: step, policy: .standard, product: .imiglucerase)
}

extension WizardState {
    /// The rule sentences for this wizard: its site policy with the strengths the site
    /// stocks (not only those ticked on hand today), and its product.
    public var siteRuleText: RuleText {
        var site = policy
        site.vialsOnHand = siteVialStrengths
        return RuleText(policy: site, product: product)
    }

    /// The help for the current step under this wizard's site policy and product.
    public var help: [HelpLine] {
        InfusionWizard.help(for: step, policy: siteRuleText.policy, product: product)
    }

    /// The same, as text.
    public var helpLines: [String] { help.map(\.text) }
}
