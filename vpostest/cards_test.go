package vpostest_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
	"github.com/sanalpos/vpos/vpostest"
)

func TestOutcomeCodes(t *testing.T) {
	tests := []struct {
		outcome  vpostest.Outcome
		iso      string
		rc       returncodes.Code
		approved bool
	}{
		{vpostest.OutcomeApprove, "00", returncodes.Approved, true},
		{vpostest.OutcomeInsufficientFunds, "51", returncodes.InsufficientFunds, false},
		{vpostest.OutcomeDoNotHonour, "05", returncodes.DoNotHonor, false},
		{vpostest.OutcomeLostCard, "41", returncodes.PickupLostStolen, false},
		{vpostest.OutcomeStolenCard, "43", returncodes.PickupLostStolen, false},
		{vpostest.OutcomeExpired, "54", returncodes.ExpiredCard, false},
		{vpostest.OutcomeInvalidCVV, "82", returncodes.InvalidCVV, false},
		{"bogus", "", "", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.outcome), func(t *testing.T) {
			if got := tt.outcome.ISOCode(); got != tt.iso {
				t.Errorf("ISOCode: got %q, want %q", got, tt.iso)
			}
			if got := tt.outcome.Return(); got != tt.rc {
				t.Errorf("Return: got %q, want %q", got, tt.rc)
			}
			if got := tt.outcome.Approved(); got != tt.approved {
				t.Errorf("Approved: got %v, want %v", got, tt.approved)
			}
			if got, want := tt.outcome.Valid(), tt.iso != ""; got != want {
				t.Errorf("Valid: got %v, want %v", got, want)
			}
		})
	}
}

func TestDeclineOutcomes(t *testing.T) {
	got := vpostest.DeclineOutcomes()
	want := []vpostest.Outcome{
		vpostest.OutcomeInsufficientFunds, vpostest.OutcomeDoNotHonour, vpostest.OutcomeLostCard,
		vpostest.OutcomeStolenCard, vpostest.OutcomeExpired, vpostest.OutcomeInvalidCVV,
	}
	if !slices.Equal(got, want) {
		t.Errorf("DeclineOutcomes: got %v, want %v", got, want)
	}
	got[0] = "changed"
	if vpostest.DeclineOutcomes()[0] != vpostest.OutcomeInsufficientFunds {
		t.Error("DeclineOutcomes returns a shared slice")
	}
	if all := vpostest.Outcomes(); len(all) != 7 || all[0] != vpostest.OutcomeApprove {
		t.Errorf("Outcomes: got %v, want approve and the 6 declines", all)
	}
}

func TestDefaultCards(t *testing.T) {
	now := time.Date(2026, 12, 31, 23, 0, 0, 0, vpos.Istanbul())
	cards := vpostest.DefaultCards(now)
	all := cards.All()
	if len(all) != 8 {
		t.Fatalf("All: got %d cards, want 8", len(all))
	}
	pans, cvvs := map[string]bool{}, map[string]bool{}
	for _, co := range all {
		c := co.Card
		name := string(co.Outcome) + " " + c.Masked()
		if err := c.Validate(now, true); err != nil {
			t.Errorf("%s: Validate: %v", name, err)
		}
		if len(c.Number) != 16 || !vpos.Luhn(c.Number) || !strings.HasPrefix(c.Number, "400000") {
			t.Errorf("%s: got a %d-digit PAN (Luhn %v), want 16 Luhn-valid digits with BIN 400000", name, len(c.Number), vpos.Luhn(c.Number))
		}
		if c.ExpMonth != 7 || c.ExpYear != 2031 {
			t.Errorf("%s: expiry got %02d/%d, want 07/2031", name, c.ExpMonth, c.ExpYear)
		}
		if len(c.CVV) != 3 || strings.Trim(c.CVV, "6789") != "" {
			t.Errorf("%s: CVV has %d digits, want 3 from 6 to 9", name, len(c.CVV))
		}
		for _, avoid := range []string{"000", "123", "949", "840", "978", "826", "392", "643", "999"} {
			if c.CVV == avoid {
				t.Errorf("%s: CVV %s is a value to avoid", name, avoid)
			}
		}
		if strings.Contains(c.ExpiryMMYY(), c.CVV) || strings.Contains(c.Number, c.CVV) {
			t.Errorf("%s: the CVV appears in the expiry or the PAN", name)
		}
		if c.Holder == "" {
			t.Errorf("%s: holder %q", name, c.Holder)
		}
		pans[c.Number], cvvs[c.CVV] = true, true
	}
	if len(pans) != 8 || len(cvvs) != 8 {
		t.Errorf("got %d distinct PANs and %d distinct CVVs, want 8 and 8", len(pans), len(cvvs))
	}
	if h := cards.Approve.Holder + cards.InsufficientFunds.Holder; !strings.ContainsAny(h, "şŞıİçÇğĞöÖüÜ") {
		t.Errorf("holders %q: want Turkish letters", h)
	}
}

func TestCardsForOutcomeAndBook(t *testing.T) {
	cards := vpostest.DefaultCards(time.Now())
	book := cards.Book()
	for _, o := range vpostest.Outcomes() {
		c := cards.ForOutcome(o)
		if c.Number == "" {
			t.Errorf("ForOutcome(%s): got no card", o)
			continue
		}
		if got := book.Outcome(c.Number); got != o {
			t.Errorf("Book().Outcome(card for %s): got %s", o, got)
		}
	}
	spaced := cards.StolenCard.Number[:4] + " " + cards.StolenCard.Number[4:8] + "-" + cards.StolenCard.Number[8:]
	tests := []struct {
		pan  string
		want vpostest.Outcome
	}{
		{cards.ThreeD.Number, vpostest.OutcomeApprove},
		{spaced, vpostest.OutcomeStolenCard},
		{"4546711234567894", vpostest.OutcomeApprove}, // unknown
		{"", vpostest.OutcomeApprove},
	}
	for _, tt := range tests {
		if got := book.Outcome(tt.pan); got != tt.want {
			t.Errorf("Outcome(%s): got %s, want %s", vpos.MaskPAN(tt.pan), got, tt.want)
		}
	}
	if c := cards.ForOutcome("bogus"); c.Number != "" {
		t.Errorf("ForOutcome(bogus): got %v, want the zero card", c)
	}
	var nilBook vpostest.CardBook
	if got := nilBook.Outcome(cards.LostCard.Number); got != vpostest.OutcomeApprove {
		t.Errorf("nil book: got %s, want approve", got)
	}
}
