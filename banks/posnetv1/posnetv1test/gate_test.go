package posnetv1test_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnetv1/posnetv1test"
	"github.com/sanalpos/vpos/vpostest"
)

// tCallbackMAC checks the callback's Mac over its MacParams (§10, §12).
func tCallbackMAC(bank *posnetv1test.Server, cb url.Values) bool {
	if cb.Get("MacParams") != "ECI:CAVV:MdStatus:MdErrorMessage:MD:SecureTransactionId" {
		return false
	}
	s := ""
	for _, k := range []string{"ECI", "CAVV", "MdStatus", "MdErrorMessage", "MD", "SecureTransactionId"} {
		s += cb.Get(k)
	}
	return cb.Get("Mac") == tH(s+bank.Credentials().EncKey)
}

func TestThreeDRoundTrip(t *testing.T) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	form := tGateForm(bank, "3DORDER1", "12550", "Sale", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
	cb, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"OrderId": tPad("3DORDER1", 20), "Amount": "12550", "TranType": "Sale",
		"MerchantId": bank.Credentials().MerchantNo, "CCPrefix": card.Number[:6], "MdStatus": "1", "ECI": "05",
		"MdErrorMessage": "Authenticated", "CurrencyCode": "949"} {
		if got := cb.Get(k); got != want {
			t.Errorf("callback %s = %q, want %q", k, got, want)
		}
	}
	if !tCallbackMAC(bank, cb) || len(cb.Get("CAVV")) != 28 || len(cb.Get("SecureTransactionId")) != 16 {
		t.Fatalf("callback %v", cb)
	}
	// A provision with another CAVV or MdStatus is refused.
	bad := url.Values{}
	for k, v := range cb {
		bad[k] = v
	}
	bad.Set("CAVV", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
	tWant(t, tProvision(t, bank, "Sale", bad, 12550), "0444")
	tWant(t, tProvision(t, bank, "Sale", cb, 12551), "0444")
	tWant(t, tProvision(t, bank, "Auth", cb, 12550), "0124")
	if bank.Ledger().Bookings() != 0 {
		t.Fatal("booked before the provision")
	}
	p := tProvision(t, bank, "Sale", cb, 12550)
	tWant(t, p, "00")
	o, ok := bank.Ledger().Order("3DORDER1")
	if !ok || o.Amount != 12550 || o.Status != vpos.StatusApproved {
		t.Fatalf("ledger %+v", o)
	}
	// Once only.
	tWant(t, tProvision(t, bank, "Sale", cb, 12550), "0127")
	if bank.Ledger().Bookings() != 1 {
		t.Errorf("bookings %d", bank.Ledger().Bookings())
	}
	// Follow-ups refer to a 3D order as TDS_ + OrderId.
	inq := tPost(t, bank, "TransactionInquiry", tReq{"OrderId": "TDS_" + tPad("3DORDER1", 20)}, "MerchantNo:TerminalNo:OrderId")
	tWant(t, inq, "0000")
	if rows := inq.rows(); len(rows) != 1 || rows[0]["OrderId"] != "TDS_"+tPad("3DORDER1", 20) {
		t.Errorf("rows %v", rows)
	}
	tWant(t, tPost(t, bank, "TransactionInquiry", tReq{"OrderId": tPad("3DORDER1", 20)}, "MerchantNo:TerminalNo:OrderId"), "E219")
	tWant(t, tPost(t, bank, "Return", tReq{"OrderId": "TDS_" + tPad("3DORDER1", 20), "Amount": 550, "CurrencyCode": "TL"},
		"MerchantNo:TerminalNo:OrderId"), "00")
}

func TestThreeDOutcomes(t *testing.T) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	for i, o := range []vpostest.ACSOutcome{vpostest.ACSFailure, vpostest.ACSAttempt, vpostest.ACSNotEnrolled} {
		form := tGateForm(bank, "3DOUT"+string(rune('A'+i)), "1000", "Auth", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
		cb, err := bank.ACS(context.Background(), form, o)
		if err != nil {
			t.Fatal(err)
		}
		if cb.Get("MdStatus") != o.MDStatus() || !tCallbackMAC(bank, cb) {
			t.Errorf("%s: callback %v", o, cb)
		}
		tWant(t, tProvision(t, bank, "Auth", cb, 1000), "0130")
	}
	if bank.Ledger().Bookings() != 0 {
		t.Errorf("bookings %d", bank.Ledger().Bookings())
	}
}

func TestThreeDDeclinedCard(t *testing.T) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	card := bank.Cards().InsufficientFunds
	cb, err := bank.ACS(context.Background(), tGateForm(bank, "3DDECL", "1000", "Sale", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV), vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	tWant(t, tProvision(t, bank, "Sale", cb, 1000), "0051")
}

func TestThreeDBadCallbackSignature(t *testing.T) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	bank.Faults().Arm(vpostest.FaultBadCallbackSignature)
	cb, err := bank.ACS(context.Background(), tGateForm(bank, "3DSIG1", "1000", "Sale", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV), vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if tCallbackMAC(bank, cb) {
		t.Error("the fault did not corrupt the Mac")
	}
	cb, err = bank.ACS(context.Background(), tGateForm(bank, "3DSIG2", "1000", "Sale", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV), vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if !tCallbackMAC(bank, cb) {
		t.Error("the next callback is not signed correctly")
	}
}

func TestGateRefusesBadForms(t *testing.T) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	for name, edit := range map[string]func(url.Values){
		"amount changed": func(v url.Values) { v.Set("Amount", "1") },
		"wrong Mac":      func(v url.Values) { v.Set("Mac", "x") },
		"PosnetID":       func(v url.Values) { v.Set("PosnetID", "1") },
		"UseOOS":         func(v url.Values) { v.Set("UseOOS", "1") },
		"short OrderId":  func(v url.Values) { v.Set("OrderId", "X") },
	} {
		form := tGateForm(bank, "3DBAD", "1000", "Sale", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
		edit(form.Fields)
		if cb, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess); err == nil {
			t.Errorf("%s: callback %v, want an error page", name, cb)
		}
	}
	if bank.Requests("acs") != 0 {
		t.Errorf("ACS reached %d times", bank.Requests("acs"))
	}
}
