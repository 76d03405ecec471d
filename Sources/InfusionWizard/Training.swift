import InfusionCalc
import InfusionTraining

// The quiz, its marking and the score are InfusionTraining's; the wizard asks a question
// on the step of its stage and keeps the field the trainee types in.

extension QuizQuestion {
    /// The wizard step whose numbers the question stands in front of.
    public var step: Step {
        switch stage {
        case .reconstitution: .reconstitution
        case .dilution: .dilution
        case .administration: .administration
        case .label: .summary
        }
    }
}
