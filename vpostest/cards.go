package vpostest

import (
	"strings"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// Outcome is what a fake bank answers for a card: approve, or one decline
// reason. It is string-typed so that it reads well in test names and logs.
type Outcome string

// The outcomes a fake bank can give. Lost and stolen cards are distinct at
// the bank (ISO 41 and 43) but normalise to the same returncodes.Code.
const (
	OutcomeApprove           Outcome = "approve"
	OutcomeInsufficientFunds Outcome = "insufficient_funds"
	OutcomeDoNotHonour       Outcome = "do_not_honour"
	OutcomeLostCard          Outcome = "lost_card"
	OutcomeStolenCard        Outcome = "stolen_card"
	OutcomeExpired           Outcome = "expired"
	OutcomeInvalidCVV        Outcome = "invalid_cvv"
)

// outcomeInfo is the ISO 8583 response code and the normalised code of one
// outcome (iso8583-and-3ds.md §4, returncodes.md).
var outcomeInfo = map[Outcome]struct {
	iso string
	rc  returncodes.Code
}{
	OutcomeApprove:           {"00", returncodes.Approved},
	OutcomeInsufficientFunds: {"51", returncodes.InsufficientFunds},
	OutcomeDoNotHonour:       {"05", returncodes.DoNotHonor},
	OutcomeLostCard:          {"41", returncodes.PickupLostStolen},
	OutcomeStolenCard:        {"43", returncodes.PickupLostStolen},
	OutcomeExpired:           {"54", returncodes.ExpiredCard},
	OutcomeInvalidCVV:        {"82", returncodes.InvalidCVV},
}

// ISOCode returns the ISO 8583 response code a bank sends for o: "00", "51",
// "05", "41", "43", "54" or "82"; "" for an unknown outcome.
func (o Outcome) ISOCode() string { return outcomeInfo[o].iso }

// Return returns the normalised return code the client must report for o;
// "" for an unknown outcome.
func (o Outcome) Return() returncodes.Code { return outcomeInfo[o].rc }

// Approved reports whether o is OutcomeApprove.
func (o Outcome) Approved() bool { return o == OutcomeApprove }

// Valid reports whether o is one of the Outcome constants.
func (o Outcome) Valid() bool {
	_, ok := outcomeInfo[o]
	return ok
}

// String returns the outcome's name.
func (o Outcome) String() string { return string(o) }

// DeclineOutcomes returns every outcome but OutcomeApprove, always in the
// same order (the order of the Cards fields).
func DeclineOutcomes() []Outcome {
	return []Outcome{
		OutcomeInsufficientFunds,
		OutcomeDoNotHonour,
		OutcomeLostCard,
		OutcomeStolenCard,
		OutcomeExpired,
		OutcomeInvalidCVV,
	}
}

// Outcomes returns OutcomeApprove followed by DeclineOutcomes.
func Outcomes() []Outcome {
	return append([]Outcome{OutcomeApprove}, DeclineOutcomes()...)
}

// Cards is one test card per outcome, plus ThreeD: a 3-D Secure enrolled
// card that approves (the ACS outcome is chosen when the shopper answers the
// ACS page, see ACSOutcome). A fake bank chooses its cards; sandbox mode uses
// the bank's published ones.
type Cards struct {
	Approve           vpos.Card
	InsufficientFunds vpos.Card
	DoNotHonour       vpos.Card
	LostCard          vpos.Card
	StolenCard        vpos.Card
	Expired           vpos.Card
	InvalidCVV        vpos.Card
	ThreeD            vpos.Card
}

// ForOutcome returns the card that gives outcome o (Approve for
// OutcomeApprove), or the zero Card when o is unknown.
func (c Cards) ForOutcome(o Outcome) vpos.Card {
	switch o {
	case OutcomeApprove:
		return c.Approve
	case OutcomeInsufficientFunds:
		return c.InsufficientFunds
	case OutcomeDoNotHonour:
		return c.DoNotHonour
	case OutcomeLostCard:
		return c.LostCard
	case OutcomeStolenCard:
		return c.StolenCard
	case OutcomeExpired:
		return c.Expired
	case OutcomeInvalidCVV:
		return c.InvalidCVV
	}
	return vpos.Card{}
}

// All returns the cards with their outcomes, ThreeD last (with
// OutcomeApprove). Cards with an empty Number are left out.
func (c Cards) All() []CardOutcome {
	var all []CardOutcome
	for _, o := range Outcomes() {
		if card := c.ForOutcome(o); card.Number != "" {
			all = append(all, CardOutcome{Card: card, Outcome: o})
		}
	}
	if c.ThreeD.Number != "" {
		all = append(all, CardOutcome{Card: c.ThreeD, Outcome: OutcomeApprove})
	}
	return all
}

// CardOutcome is a card and the outcome a fake bank gives for it.
type CardOutcome struct {
	Card    vpos.Card
	Outcome Outcome
}

// The default test PANs. They are 16-digit Visa numbers with BIN 400000, a
// range used for test cards and held by no Turkish issuer (the BKM-derived
// BIN table in cempehlivan/CP.VPOS BinService.cs starts its Visa BINs at
// 400684). Digits 7-10 are "9999" so they stand out, and the last four
// digits before the Luhn check digit spell the ISO code of the outcome
// (0051 insufficient funds, 0041 lost, ...). All pass the Luhn check.
const (
	panApprove           = "4000009999000006"
	panInsufficientFunds = "4000009999000519"
	panDoNotHonour       = "4000009999000055"
	panLostCard          = "4000009999000410"
	panStolenCard        = "4000009999000436"
	panExpired           = "4000009999000543"
	panInvalidCVV        = "4000009999000824"
	panThreeD            = "4000009999030003"
)

// DefaultCards returns the cards fake banks use: Luhn-valid, distinct,
// obviously fake 16-digit PANs with BIN 400000 (no Turkish issuer's); expiry
// July of now.Year()+5; holder names with Turkish letters.
//
// Every card passes client-side validation: the Expired card has a future
// expiry (the fake bank simply answers "54 expired card" for it) and the
// InvalidCVV card a well-formed CVV (the bank answers "82").
//
// The CVVs are distinct and made only of the digits 6 to 9, so the hygiene
// checks that search logs for them cannot be fooled by dates and times
// (every three-digit window of YYYYMMDD or HHMMSS holds a digit below 6),
// by the ledger's generated ids (digits 0 to 5 only), by the currency
// numbers (949, 840, 978, 826, 392, 643) or by typical amounts.
func DefaultCards(now time.Time) Cards {
	year := now.Year() + 5
	card := func(pan, cvv, holder string) vpos.Card {
		return vpos.Card{Number: pan, ExpMonth: 7, ExpYear: year, CVV: cvv, Holder: holder}
	}
	return Cards{
		Approve:           card(panApprove, "768", "Ayşe Yılmaz"),
		InsufficientFunds: card(panInsufficientFunds, "869", "Çağrı Öztürk"),
		DoNotHonour:       card(panDoNotHonour, "796", "Gülşen Doğan"),
		LostCard:          card(panLostCard, "687", "İsmail Şahin"),
		StolenCard:        card(panStolenCard, "876", "Özge Çelik"),
		Expired:           card(panExpired, "968", "Ümit Güneş"),
		InvalidCVV:        card(panInvalidCVV, "789", "Şükrü Aydın"),
		ThreeD:            card(panThreeD, "697", "Ilgın Ağaoğlu"),
	}
}

// CardBook maps PANs (digits only) to the outcome a fake bank gives for
// them.
type CardBook map[string]Outcome

// Book returns the CardBook of c: each card's PAN mapped to its outcome,
// ThreeD to OutcomeApprove.
func (c Cards) Book() CardBook {
	b := CardBook{}
	for _, co := range c.All() {
		b[normalizePAN(co.Card.Number)] = co.Outcome
	}
	return b
}

// Outcome returns the outcome for pan (spaces and dashes ignored);
// OutcomeApprove for a PAN the book does not know, like a bank that approves
// any good card.
func (b CardBook) Outcome(pan string) Outcome {
	if o, ok := b[normalizePAN(pan)]; ok {
		return o
	}
	return OutcomeApprove
}

// normalizePAN removes spaces and dashes.
func normalizePAN(pan string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, pan)
}
