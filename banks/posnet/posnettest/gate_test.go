package posnettest_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnet/posnettest"
	"github.com/sanalpos/vpos/vpostest"
)

func TestThreeDRoundTrip(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	ctx := context.Background()
	form := tGateForm(t, bank, "3DORDER1", "12550", "Sale", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
	cb, err := bank.ACS(ctx, form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"Xid": tPad("3DORDER1", 20), "Amount": "125,50", "TranType": "Sale",
		"MerchantId": bank.Credentials().MerchantID, "CCPrefix": card.Number[:6]} {
		if got := cb.Get(k); got != want {
			t.Errorf("callback %s = %q, want %q", k, got, want)
		}
	}
	if len(cb.Get("Sign")) != 32 || cb.Get("MerchantPacket") == "" || cb.Get("BankPacket") == "" {
		t.Fatalf("callback %v", cb)
	}
	mac := tMAC(bank, tPad("3DORDER1", 20), "12550", "TL")
	// A wrong MAC (the amount of another order) is E216.
	tWant(t, tResolve(t, bank, "oosResolveMerchantData", cb, tMAC(bank, tPad("3DORDER1", 20), "12551", "TL")),
		"approved", "0", "respCode", "E216")
	r := tResolve(t, bank, "oosResolveMerchantData", cb, mac)
	const b = "oosResolveMerchantDataResponse/"
	tWant(t, r, "approved", "1", b+"mdStatus", "1", b+"xid", tPad("3DORDER1", 20), b+"amount", "12550", b+"currency", "TL",
		b+"txStatus", "Y")
	c := bank.Credentials()
	wantMAC := tH("1;" + tPad("3DORDER1", 20) + ";12550;TL;" + c.MerchantID + ";" + tH(c.EncKey+";"+c.TerminalID))
	tWant(t, r, b+"mac", wantMAC)
	if bank.Ledger().Bookings() != 0 {
		t.Fatal("resolve booked")
	}
	p := tResolve(t, bank, "oosTranData", cb, mac)
	tWant(t, p, "approved", "1", b+"mdStatus", "1")
	o, ok := bank.Ledger().Order("3DORDER1")
	if !ok || o.Amount != 12550 || o.Status != vpos.StatusApproved {
		t.Fatalf("ledger %+v", o)
	}
	// Reuse is refused: approved 2, 0127, the first references.
	again := tResolve(t, bank, "oosTranData", cb, mac)
	tWant(t, again, "approved", "2", "respCode", "0127", "hostlogkey", p.get("hostlogkey"))
	// Only bankData + mac, as CP.VPOS sends it.
	tWant(t, tPost(t, bank, "<oosTranData><bankData>"+cb.Get("BankPacket")+"</bankData><mac>"+mac+"</mac></oosTranData>"),
		"approved", "2")
	if bank.Ledger().Bookings() != 1 {
		t.Errorf("bookings = %d, want 1", bank.Ledger().Bookings())
	}
	// Follow-ups refer to a 3D order as TDSC + XID (or TDS_).
	tWant(t, tPost(t, bank, "<agreement><orderID>TDSC"+tPad("3DORDER1", 20)+"</orderID></agreement>"),
		"approved", "1", "transactions/transaction/orderID", "TDSC"+tPad("3DORDER1", 20))
	tWant(t, tPost(t, bank, "<agreement><orderID>"+tPad("3DORDER1", 24)+"</orderID></agreement>"), "respCode", "0123")
	tWant(t, tPost(t, bank, "<reverse><transaction>sale</transaction><orderID>TDS_"+tPad("3DORDER1", 20)+"</orderID></reverse>"),
		"approved", "1")
}

func TestThreeDTampering(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	form := tGateForm(t, bank, "3DTAMPER", "1000", "Auth", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
	cb, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	mac := tMAC(bank, tPad("3DTAMPER", 20), "1000", "TL")
	for _, f := range []string{"MerchantPacket", "BankPacket", "Sign"} {
		bad := url.Values{}
		for k, v := range cb {
			bad[k] = v
		}
		v := bad.Get(f)
		bad.Set(f, v[:len(v)-1]+map[bool]string{true: "A", false: "B"}[v[len(v)-1] != 'A'])
		tWant(t, tResolve(t, bank, "oosTranData", bad, mac), "approved", "0", "respCode", "0444")
	}
	tWant(t, tResolve(t, bank, "oosTranData", cb, mac), "approved", "1")
	if o, _ := bank.Ledger().Order("3DTAMPER"); o == nil || o.Kind != vpostest.KindPreAuth {
		t.Errorf("ledger %+v, want a pre-authorisation", o)
	}
}

func TestThreeDOutcomes(t *testing.T) {
	for _, tc := range []struct {
		outcome vpostest.ACSOutcome
		md      string
		books   bool
	}{
		{vpostest.ACSFailure, "0", false}, {vpostest.ACSNotEnrolled, "2", true}, {vpostest.ACSAttempt, "4", true},
	} {
		bank := posnettest.NewServer()
		card := bank.Cards().ThreeD
		form := tGateForm(t, bank, "OUT"+tc.md, "500", "Sale", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
		cb, err := bank.ACS(context.Background(), form, tc.outcome)
		if err != nil {
			t.Fatal(err)
		}
		mac := tMAC(bank, tPad("OUT"+tc.md, 20), "500", "TL")
		tWant(t, tResolve(t, bank, "oosResolveMerchantData", cb, mac), "oosResolveMerchantDataResponse/mdStatus", tc.md)
		p := tResolve(t, bank, "oosTranData", cb, mac)
		if got := p.get("approved") == "1"; got != tc.books || bank.Ledger().Bookings() != map[bool]int{true: 1}[tc.books] {
			t.Errorf("%s: approved %v bookings %d, want %v", tc.outcome, got, bank.Ledger().Bookings(), tc.books)
		}
		bank.Close()
	}
}

func TestThreeDDeclineAndBadSignature(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	card := bank.Cards().InsufficientFunds
	form := tGateForm(t, bank, "3DNSF", "700", "Sale", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
	cb, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	tWant(t, tResolve(t, bank, "oosTranData", cb, tMAC(bank, tPad("3DNSF", 20), "700", "TL")), "approved", "0", "respCode", "0051")

	good := bank.Cards().ThreeD
	bank.Faults().Arm(vpostest.FaultBadCallbackSignature)
	form = tGateForm(t, bank, "3DBADSIG", "700", "Sale", good.Number, tYYMM(good.ExpiryMMYY()), good.CVV)
	cb, err = bank.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	tWant(t, tResolve(t, bank, "oosResolveMerchantData", cb, tMAC(bank, tPad("3DBADSIG", 20), "700", "TL")), "respCode", "0444")
	if bank.Ledger().Bookings() != 0 {
		t.Error("booked")
	}
}

func TestGateRefusesBadDigest(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	card := bank.Cards().ThreeD
	form := tGateForm(t, bank, "3DGATE", "100", "Sale", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
	form.Fields.Set("digest", strings.Repeat("0", 32))
	cb, err := bank.ACS(context.Background(), form, vpostest.ACSSuccess)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Get("Sign") != "" || cb.Get("Xid") != "" || cb.Get("MerchantId") != "" {
		t.Errorf("callback %v, want empty Sign, Xid, MerchantId", cb)
	}
	if got := bank.UnsignedCallbackFields(); len(got) != 1 || got[0] != "CCPrefix" {
		t.Errorf("UnsignedCallbackFields = %v", got)
	}
}
