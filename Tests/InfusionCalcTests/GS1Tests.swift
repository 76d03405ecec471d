import InfusionCalc
import Testing

/// Rule book section 6: lot and expiry read from a vial's GS1 code. GTINs are GS1's
/// published examples (09506000134352 from the GS1 Digital Link standard, 00012345600012
/// from the GS1 General Specifications), whose check digits were worked out by hand.
@Suite struct GS1Tests {
    static let today = CalendarDate(year: 2026, month: 11, day: 29)!
    static let gs = "\u{1D}"

    @Test(arguments: [
        ("(01)09506000134352(17)271231(10)ABC123", "09506000134352", "2027-12-31", "ABC123", nil as String?),
        ("(01)09506000134352(17)271231(10)ABC123(21)XYZ", "09506000134352", "2027-12-31", "ABC123", "XYZ"),
        ("(01)00012345600012(10)L-7/2(17)280300", "00012345600012", "2028-03-31", "L-7/2", nil),
        ("01095060001343521727123110ABC123", "09506000134352", "2027-12-31", "ABC123", nil),
        ("01095060001343521727123110ABC123\u{1D}21S1", "09506000134352", "2027-12-31", "ABC123", "S1"),
        ("]d201095060001343521727123110ABC123\u{1D}21S1", "09506000134352", "2027-12-31", "ABC123", "S1"),
        ("010950600013435210LOT9\u{1D}17270615", "09506000134352", "2027-06-15", "LOT9", nil),
        ("  (01)09506000134352(17)270228(10)A  ", "09506000134352", "2027-02-28", "A", nil),
        ("(01)09506000134352(17)280200(10)A", "09506000134352", "2028-02-29", "A", nil),
    ])
    func validCodesGiveLotAndExpiry(scan: String, gtin: String, expiry: String, lot: String, serial: String?) throws {
        let code = try GS1VialCode.parse(scan, today: Self.today).get()
        #expect(code.gtin == gtin)
        #expect(code.expiry.text == expiry)
        #expect(code.lot == lot)
        #expect(code.serial == serial)
    }

    @Test func twoDigitYearsFollowTheGS1CenturyRule() throws {
        // Within 49 years back and 50 ahead of today (GS1 General Specifications 7.12).
        let cases = [("760101", 2076), ("770101", 1977), ("990101", 1999), ("000101", 2000), ("260101", 2026)]
        for (yymmdd, year) in cases {
            let code = try GS1VialCode.parse("(01)09506000134352(17)\(yymmdd)(10)A", today: Self.today).get()
            #expect(code.expiry.year == year, "\(yymmdd)")
        }
    }

    @Test(arguments: [
        ("(01)09506000134353(17)271231(10)A", "check digit"),
        ("(01)0950600013435(17)271231(10)A", "14 characters"),
        ("(17)271231(10)A", "no GTIN"),
        ("(01)09506000134352(10)A", "no expiry"),
        ("(01)09506000134352(17)271231", "no lot"),
        ("(01)09506000134352(17)271331(10)A", "not a date"),
        ("(01)09506000134352(17)270230(10)A", "not a date"),
        ("(01)09506000134352(17)27123(10)A", "6 characters"),
        ("(01)09506000134352(17)271231(10)A(10)B", "twice"),
        ("(01)09506000134352(17)271231(10)ABCDEFGHIJKLMNOPQRSTU", "longer than 20"),
        ("(01)09506000134352(17)271231(10)AB CD", "cannot hold"),
        ("(01)09506000134352(17)271231(10)AB#", "cannot hold"),
        ("(01)09506000134352(17)271231(99)A", "not an identifier read here"),
        ("(1)09506000134352", "two-digit"),
        ("01)09506000134352", "application identifier"),
        ("hello", "application identifier"),
        ("", "no GTIN"),
        ("0109506000134352", "no expiry"),
        ("01095060001343521727", "6 characters"),
        ("9909506000134352", "not an identifier read here"),
        ("(01)09506000134352(17)271231(10)", "no lot"),
        ("(01)0950600013435X(17)271231(10)A", "14 digits"),
        ("(01)09506000134352(17)2712ab(10)A", "not a date"),
    ])
    func malformedCodesAreRefusedWithWhatWasRead(scan: String, problem: String) {
        guard case .failure(let error) = GS1VialCode.parse(scan, today: Self.today) else {
            Issue.record("\(scan) must be refused")
            return
        }
        #expect(error.field == .barcode)
        #expect(error.message.contains(problem), "\(error.message)")
        #expect(error.message.contains("scan it again or type the lot and the expiry"), "says what to do")
    }

    @Test func aRefusalNamesWhatWasRead() {
        guard case .failure(let error) = GS1VialCode.parse("(01)09506000134352(10)LOT1", today: Self.today) else {
            Issue.record("no expiry must be refused")
            return
        }
        #expect(error.message.contains("(01) 09506000134352"))
        #expect(error.message.contains("(10) LOT1"))
    }

    @Test func checkDigits() {
        #expect(GS1VialCode.checkDigitIsValid("09506000134352"))
        #expect(GS1VialCode.checkDigitIsValid("00012345600012"))
        #expect(!GS1VialCode.checkDigitIsValid("00012345600013"))
        #expect(!GS1VialCode.checkDigitIsValid("0001234560001x"))
    }

    @Test func expiryIsAHardLimitAtTheDay() {
        let day = { (y: Int, m: Int, d: Int) in CalendarDate(year: y, month: m, day: d)! }
        #expect(Rules.isExpired(day(2026, 11, 28), today: Self.today))
        #expect(!Rules.isExpired(day(2026, 11, 29), today: Self.today), "usable through its expiry day")
        #expect(!Rules.isExpired(day(2027, 1, 1), today: Self.today))
    }

    @Test(arguments: ["LOT123", "A", "L-7/2", "AB_12.3", "12345678901234567890"])
    func lotsAccepted(lot: String) {
        #expect((try? VialLot.parse(lot).get()) == lot)
    }

    @Test(arguments: ["", "   ", "123456789012345678901", "LOT 1", "LOT#1", "LÖT", "LOT\u{1D}"])
    func lotsRefused(lot: String) {
        guard case .failure(let error) = VialLot.parse(lot) else {
            Issue.record("\(lot) must be refused")
            return
        }
        #expect(error.field == .lot)
        #expect(error.message.contains("Type the lot number as printed"))
    }

    @Test(arguments: ["2027-03-31", "2028-02-29"])
    func datesAccepted(text: String) {
        #expect((try? CalendarDate.parse(text).get())?.text == text)
    }

    @Test(arguments: ["2027-02-29", "2027-13-01", "27-03-31", "2027/03/31", "31.03.2027", "2027-3-31", "tomorrow", ""])
    func datesRefused(text: String) {
        guard case .failure(let error) = CalendarDate.parse(text) else {
            Issue.record("\(text) must be refused")
            return
        }
        #expect(error.message.contains("YYYY-MM-DD"))
    }
}
