/// Help for each step: what it is for and where its numbers come from (the rule book
/// section and the source ids of shared/spec/clinical-facts.md, as in docs/clinical-rules.md).
public func helpLines(for step: Step) -> [String] {
    switch step {
    case .start:
        return ["Help: Start",
                "This program guides one imiglucerase (Cerezyme) preparation from the patient's weight to a record you confirm.",
                "Keys: Enter confirms and goes on, Esc goes back (nothing is lost), Tab and the arrows move, F1 or ? shows this help, q asks before quitting, Ctrl-C quits.",
                "Product facts (vial strengths, Sterile Water volumes, 40 units/mL) are in rule book section 1 (seed 000, [S3], [S4], [S5], [S8]).",
                "The boxed warning (hypersensitivity including anaphylaxis) is from the US label [S1], [S2]."]
    case .patient:
        return ["Help: Patient",
                "Weight in kg with one decimal at most. A weight in pounds needs the unit (\"154 lb\"): it is converted at 1 lb = 0.45359237 kg, rounded to 0.1 kg, and you confirm it (rule R1).",
                "Accepted: 2 to 300 kg. Under 10 kg or over 200 kg gives a warning to acknowledge (R1).",
                "Under 2 years of age safety and efficacy are not established (seed 000, [S2]).",
                "After a previous hypersensitivity reaction: premedication with antihistamines and/or corticosteroids, slower rate ([S2]).",
                "After antibodies or reactions to alglucerase: use with caution (seed 000).",
                "A first infusion has a lower rate cap (R8)."]
    case .regimen:
        return ["Help: Regimen",
                "Frequency and dose as ordered: units/kg per infusion (one decimal) or a flat dose in whole units (rule R2).",
                "Prescribed dose = weight x units/kg, rounded to a whole unit (R3).",
                "Two-week equivalent = units/kg x infusions per 4 weeks / 2. The label's initial range is 2.5 units/kg 3 times a week to 60 units/kg every 2 weeks, that is 15 to 60 units/kg per 2 weeks (seed 000): outside it is a warning. Above 240 units/kg per 2 weeks (largest dose reported) is refused."]
    case .vials:
        return ["Help: Vials",
                "Tick the strengths on hand. The 200-unit vial is listed as discontinued in the US and EU ([S4], [S9]).",
                "Whole-vial rounding is never silent (rule R4). It exists only to avoid wasting a partial vial (seed 000): it is offered only when the exact dose leaves one, and only the nearest whole-vial dose below and above, each within the site's tolerance (10%, HOPA) and with no more vials than the exact dose, shown with the change per infusion and per 4 weeks; you pick one. A rounded dose names who authorised it: the site protocol, or the pharmacist you type.",
                "Vials are chosen for the least waste, then the fewest vials (R5). A partial draw shows the units it really holds: mL x 40 (R6).",
                "A prescribed dose whose volume is above 200 mL cannot be prepared (R7), whatever dose is chosen: rounding never lifts a hard stop. Ask the pharmacist."]
    case .reconstitution:
        return ["Help: Reconstitution",
                "Sterile Water for Injection only, never sodium chloride: 10.2 mL per 400-unit vial, 5.1 mL per 200-unit vial (seed 000, [S5]).",
                "Swirl gently, do not shake; the solution must be clear and colourless; do not use a vial with opaque particles or discoloration ([S7], [S10]).",
                "The vial then holds 10.6 mL or 5.3 mL (overfill, [S6]), but the dose is drawn at 40 units/mL: 10 mL or 5 mL from a whole vial ([S8]). Never use 10.2 mL or 10.6 mL as the volume to withdraw (R6).",
                "Count each vial as you reconstitute it, then tick swirled and inspected: each confirmation is recorded with its time (R13).",
                "Deadlines (rule book section 5): at an infusion-room bench (immediate use) the infusion must start within 4 hours of the first reconstitution (USP <797>, secondary source); US label: dilute within 12 hours of reconstitution (seed 000); EU label: dilute at once ([S10]). The earliest is shown with its date. Times are today or yesterday, never in the future (R9)."]
    case .dilution:
        return ["Help: Dilution",
                "Withdraw every vial whole except one of the smallest strength, which gives the remainder (R5). Drug volume = dose / 40 units/mL, to 0.1 mL (R6).",
                "Final volume 100 to 200 mL of 0.9% Sodium Chloride Injection; the default is the smallest of 100, 150, 200 mL above the drug volume; sodium chloride to add = final volume - drug volume (R7; seed 000, [S5]).",
                "Slight flocculation (thin translucent fibres) may occur after dilution (seed 000). Do not infuse with other medicines in the same line ([S10]).",
                "Count each withdrawal, type the total drawn back (it must match the drug volume), then tick the sodium chloride and the mixing (R13).",
                "Infuse within 24 hours of dilution, kept at 2 to 8 degrees C and protected from light (seed 000, [S10]); at a bench (immediate use) start within 4 hours of the first reconstitution and do not store the bag (section 5)."]
    case .administration:
        return ["Help: Administration",
                "Use an in-line, low protein-binding, 0.2 micron filter (seed 000, [S5]).",
                "Infuse over 1 to 2 hours (seed 000): under 60 minutes is a STOP, over 120 minutes a warning (R8). Offered: 60, 90, 120, 150, 180, 240 min, or type another whole number up to 1,440 (the bag keeps 24 hours). After a previous hypersensitivity reaction nothing is preselected: the label advises a decreased rate ([S2]).",
                "Prime the set and filter with sodium chloride before the drug; program the pump and type its rate back: it must match (R11, R13). The cautions (R12) are shown here and on the summary and record.",
                "Pump rate = final volume x 60 / minutes, to 0.1 mL/h. Dose rate = units/kg / minutes; caps: first infusions 0.5, later 1 unit/kg/min (EU/UK label, [S11], [S12], [S7]).",
                "Hypersensitivity including anaphylaxis can occur during and after the infusion: have resuscitation equipment at hand, stop and treat (epinephrine) on a severe reaction ([S1], [S2])."]
    case .summary:
        return ["Help: Summary",
                "The whole preparation as `infusion-prep plan` prints it, with the dated times and deadlines, the cautions, every acknowledged warning and every confirmation with its time.",
                "Confirm to finish: the summary is printed to the terminal after the full screen closes, so it stays in the scrollback for the record.",
                "Esc goes back to change anything; every number after a change is computed again, and changed warnings need acknowledging again."]
    }
}
