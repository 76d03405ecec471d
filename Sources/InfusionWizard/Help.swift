import InfusionCalc

/// Help for each step: what it is for and where its numbers come from (the rule book
/// section and the source ids of shared/spec/clinical-facts.md, as in docs/clinical-rules.md).
/// Every sentence that states a rule or a figure is `RuleText`'s, from the product and the
/// site policy in force; this lays them out under the step's title.
public func helpLines(for step: Step, policy: SitePolicy, product: ProductProfile) -> [String] {
    let rules = RuleText(policy: policy, product: product)
    switch step {
    case .start:
        return ["Help: Start",
                "This program guides one \(product.genericName) (\(product.brandName)) preparation from the patient's weight to a record you confirm.",
                "Keys: Enter confirms and goes on, Esc goes back (nothing is lost), Tab and the arrows move, F1 or ? shows this help, q asks before quitting, Ctrl-C quits."]
            + rules.startHelp
    case .patient: return ["Help: Patient"] + rules.patientHelp
    case .regimen: return ["Help: Regimen"] + rules.regimenHelp
    case .vials: return ["Help: Vials"] + rules.vialsHelp
    case .reconstitution: return ["Help: Reconstitution"] + rules.reconstitutionHelp
    case .dilution: return ["Help: Dilution"] + rules.dilutionHelp
    case .administration: return ["Help: Administration"] + rules.administrationHelp
    case .summary:
        return ["Help: Summary",
                "The whole preparation as `infusion-prep plan` prints it, with the dated times and deadlines, the cautions, every acknowledged warning and every confirmation with its time.",
                "Confirm to finish: the summary is printed to the terminal after the full screen closes, so it stays in the scrollback for the record.",
                "Esc goes back to change anything; every number after a change is computed again, and changed warnings need acknowledging again."]
    }
}

/// Help under the rule book's defaults and the imiglucerase profile. A front end showing a
/// wizard's help passes its policy: `state.helpLines`.
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
    public var helpLines: [String] {
        InfusionWizard.helpLines(for: step, policy: siteRuleText.policy, product: product)
    }
}
