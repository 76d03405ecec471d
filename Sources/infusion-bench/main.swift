// `make bench`: speed and memory against the targets in docs/performance.md.
// Release build; exits 1 when a target is missed. Timing lives here, never in tests.
import InfusionCalc
import InfusionWizard
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` `count` times; returns the median and the 99th percentile.
func measure(_ count: Int, _ body: (Int) -> Void) -> (median: Duration, p99: Duration) {
    let clock = ContinuousClock()
    var samples: [Duration] = []
    samples.reserveCapacity(count)
    for index in 0..<count {
        let start = clock.now
        body(index)
        samples.append(clock.now - start)
    }
    samples.sort()
    return (samples[count / 2], samples[min(count - 1, count * 99 / 100)])
}

func microseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(seconds * 1_000_000 + attoseconds / 1_000_000_000_000) + " us"
}

/// Prints one result; returns 1 when it misses its target.
func report(_ name: String, _ result: (median: Duration, p99: Duration), p99Limit: Duration) -> Int {
    let ok = result.p99 <= p99Limit
    print("\(ok ? "ok  " : "MISS") \(name): median \(microseconds(result.median)), p99 \(microseconds(result.p99)) (target p99 <= \(microseconds(p99Limit)))")
    return ok ? 0 : 1
}
var failures = 0

// 1. A whole plan, over a spread of weights, doses and frequencies (rounding on).
var policy = SitePolicy.standard
policy.rounding = .nearest
let frequencies = Frequency.allCases
var sink = 0
let planResult = measure(20_000) { index in
    let weight = WeightEntry(kilograms: Tenths(tenths: 20 + (index * 37) % 2_980))
    let request = PlanRequest(weight: weight, dose: .perKg(Tenths(whole: 15 + index % 46)),
                              frequency: frequencies[index % frequencies.count])
    if case .success(let plan) = PreparationPlan.make(request, policy: policy) { sink &+= plan.preparedDose }
}
failures += report("plan (R1 to R8, nearest rounding)", planResult, p99Limit: .milliseconds(1))

// 2. Dose options for the Vials step at the heaviest weight and largest dose.
let optionsResult = measure(2_000) { _ in
    sink &+= PreparationPlan.doseOptions(prescribed: 144_000, frequency: .everyFourWeeks, policy: policy).count
}
failures += report("dose options (300 kg, largest dose)", optionsResult, p99Limit: .milliseconds(5))

// 3. One wizard frame (a key through update, then view) at 80 x 24 on the summary step.
var state = WizardState(size: .minimum, now: Instant(secondsSinceEpoch: 1_795_960_000))
func typed(_ text: String) -> [Action] { text.map { Action.key(.character($0)) } }
var walk: [Action] = [.key(.enter)]
walk += typed("70") + [.key(.enter)]
for answer in ["y", "n", "n", "n"] { walk += typed(answer) + [.key(.enter)] }
walk += typed("4") + [.key(.enter)] + typed("60") + [.key(.enter), .key(.down), .key(.enter)]
for _ in 0..<6 { walk += typed(" ") + [.key(.down)] }
walk += [.key(.enter), .key(.enter), .key(.enter)]
for action in walk { update(&state, action) }
let frameResult = measure(5_000) { index in
    var copy = state
    update(&copy, .key(index % 2 == 0 ? .pageUp : .pageDown))
    sink &+= view(copy).grid.width
}
failures += report("wizard frame (update + view, 80 x 24, \(state.step))", frameResult, p99Limit: .milliseconds(10))

// 4. The worst frame: the heaviest patient at the largest dose, on the Vials step, where
// every whole-vial option within tolerance is listed.
var heavy = WizardState(size: .minimum, now: Instant(secondsSinceEpoch: 1_795_960_000))
var heavyWalk: [Action] = [.key(.enter)] + typed("300") + [.key(.enter)]
for answer in ["y", "n", "n", "n", "a"] { heavyWalk += typed(answer) + [.key(.enter)] }
heavyWalk += typed("5") + [.key(.enter)] + typed("480") + [.key(.enter)] + typed("a") + [.key(.enter)]
for action in heavyWalk { update(&heavy, action) }
failures += report("wizard frame (300 kg, 480 units/kg, \(heavy.step), \(Derived(heavy).doseOptions.count) options)",
                   measure(500) { index in
                       var copy = heavy
                       update(&copy, .key(index % 2 == 0 ? .down : .up))
                       sink &+= view(copy).grid.width
                   }, p99Limit: .milliseconds(50))

// 5. Peak memory of this process after all of the above.
var usage = rusage()
getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
let peakMegabytes = Int(usage.ru_maxrss) / 1024
let memoryLimit = 64
if peakMegabytes > memoryLimit { failures += 1 }
print("\(peakMegabytes <= memoryLimit ? "ok  " : "MISS") peak memory: \(peakMegabytes) MB (target <= \(memoryLimit) MB)")

// Keeps the measured work from being optimised away.
if sink == 42 { print("") }
exit(failures == 0 ? 0 : 1)
