package posnettest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnet/posnettest"
	"github.com/sanalpos/vpos/vpostest"
)

func TestSaleApprovedAndDuplicate(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	card := bank.Cards().Approve
	r := tPost(t, bank, tSale("sale", "ORD1", "175", "TL", "00", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV))
	tWant(t, r, "approved", "1", "respCode", "", "instInfo/inst1", "00")
	if hlk := r.get("hostlogkey"); len(hlk) != 18 {
		t.Errorf("hostlogkey %q, want 18 characters", hlk)
	}
	if len(r.get("authCode")) != 6 || len(r.get("tranDate")) != 12 {
		t.Errorf("authCode %q tranDate %q", r.get("authCode"), r.get("tranDate"))
	}
	o, ok := bank.Ledger().Order("ORD1")
	if !ok || o.Amount != 175 || o.Currency != vpos.TRY || o.Status != vpos.StatusApproved {
		t.Fatalf("ledger order %+v", o)
	}
	d := tPost(t, bank, tSale("sale", "ORD1", "175", "TL", "00", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV))
	tWant(t, d, "approved", "2", "respCode", "0127", "hostlogkey", r.get("hostlogkey"), "authCode", r.get("authCode"))
	if got := bank.Ledger().Bookings(); got != 1 {
		t.Errorf("bookings = %d, want 1", got)
	}
}

func TestDeclines(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	for _, co := range bank.Cards().All() {
		if co.Outcome.Approved() {
			continue
		}
		id := "D" + string(co.Outcome)[:3] + co.Card.Number[12:]
		r := tPost(t, bank, tSale("sale", id, "1000", "TL", "00", co.Card.Number, tYYMM(co.Card.ExpiryMMYY()), co.Card.CVV))
		tWant(t, r, "approved", "0", "respCode", "00"+co.Outcome.ISOCode(), "hostlogkey", "")
		if r.get("respText") == "" {
			t.Errorf("%s: empty respText", co.Outcome)
		}
		if o, _ := bank.Ledger().Order(strings.ReplaceAll(id, "_", "_")); o == nil || o.Status != vpos.StatusDeclined {
			t.Errorf("%s: ledger %+v, want declined", co.Outcome, o)
		}
	}
	if got := bank.Ledger().Bookings(); got != 0 {
		t.Errorf("bookings = %d, want 0", got)
	}
}

func TestRefusals(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	c := bank.Cards().Approve
	exp := tYYMM(c.ExpiryMMYY())
	cases := []struct{ name, op, code string }{
		{"short order id", strings.Replace(tSale("sale", "X1", "100", "TL", "00", c.Number, exp, c.CVV), tPad("X1", 24), "X1", 1), "0129"},
		{"zero amount", tSale("sale", "X2", "0", "TL", "00", c.Number, exp, c.CVV), "0129"},
		{"decimal amount", tSale("sale", "X3", "1.00", "TL", "00", c.Number, exp, c.CVV), "0129"},
		{"currency", tSale("sale", "X4", "100", "TRY", "00", c.Number, exp, c.CVV), "0129"},
		{"installment 1", tSale("sale", "X5", "100", "TL", "01", c.Number, exp, c.CVV), "0129"},
		{"installment 13", tSale("sale", "X5", "100", "TL", "13", c.Number, exp, c.CVV), "0129"},
		{"luhn", tSale("sale", "X6", "100", "TL", "00", "4000009999000007", exp, c.CVV), "0014"},
		{"past expiry", tSale("sale", "X7", "100", "TL", "00", c.Number, "2001", c.CVV), "0054"},
		{"unknown hostlogkey", "<capt><hostLogKey>020000000000000191</hostLogKey><amount>100</amount><currencyCode>TL</currencyCode><installment>00</installment></capt>", "0123"},
		{"unknown order", "<agreement><orderID>" + tPad("NOPE", 24) + "</orderID></agreement>", "0123"},
		{"unknown op", "<pointUsage><amount>1</amount></pointUsage>", "0129"},
	}
	for _, tc := range cases {
		r := tPost(t, bank, tc.op)
		if r.get("approved") != "0" || r.get("respCode") != tc.code {
			t.Errorf("%s: approved %q respCode %q, want 0 %s", tc.name, r.get("approved"), r.get("respCode"), tc.code)
		}
	}
	r := tPostRaw(t, bank, `<?xml version="1.0" encoding="ISO-8859-9"?><posnetRequest><mid>1111111111</mid><tid>67005551</tid>`+
		tSale("sale", "X8", "100", "TL", "00", c.Number, exp, c.CVV)+`</posnetRequest>`)
	tWant(t, r, "approved", "0", "respCode", "0148")
	if !strings.HasPrefix(r.get("respText"), "INVALID MID TID IP") {
		t.Errorf("respText %q", r.get("respText"))
	}
	if got := bank.Ledger().Bookings(); got != 0 {
		t.Errorf("bookings = %d, want 0", got)
	}
}

func TestAuthCaptureReverseReturn(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	c := bank.Cards().Approve
	exp := tYYMM(c.ExpiryMMYY())

	a := tPost(t, bank, tSale("auth", "PA1", "5000", "TL", "00", c.Number, exp, c.CVV))
	tWant(t, a, "approved", "1")
	capt := func(amount string) tReply {
		return tPost(t, bank, "<capt><hostLogKey>"+a.get("hostlogkey")+"</hostLogKey><amount>"+amount+
			"</amount><currencyCode>TL</currencyCode><installment>00</installment></capt>")
	}
	tWant(t, capt("6000"), "approved", "0", "respCode", "0125")
	cp := capt("4000")
	tWant(t, cp, "approved", "1")
	tWant(t, capt("4000"), "approved", "0", "respCode", "0124")
	if o, _ := bank.Ledger().Order("PA1"); o.Captured != 4000 {
		t.Errorf("captured %d, want 4000", o.Captured)
	}
	// hostlogkey spelled as posnet.go does (§11.1)
	ret := tPost(t, bank, "<return><amount>1500</amount><currencyCode>TL</currencyCode><hostlogkey>"+cp.get("hostlogkey")+"</hostlogkey></return>")
	tWant(t, ret, "approved", "1")
	tWant(t, tPost(t, bank, "<return><amount>3000</amount><currencyCode>TL</currencyCode><orderID>"+tPad("PA1", 24)+"</orderID></return>"),
		"approved", "0", "respCode", "0125")
	tWant(t, tPost(t, bank, "<return><amount>2500</amount><currencyCode>TL</currencyCode><orderID>"+tPad("PA1", 24)+"</orderID></return>"),
		"approved", "1")
	if o, _ := bank.Ledger().Order("PA1"); o.Status != vpos.StatusRefunded {
		t.Errorf("status %s, want refunded", o.Status)
	}
	st := tPost(t, bank, "<agreement><orderID>"+tPad("PA1", 24)+"</orderID></agreement>")
	tWant(t, st, "approved", "1", "transactions/transaction/orderID", tPad("PA1", 24),
		"transactions/transaction/amount", "25,00", "transactions/transaction/currencyCode", "TL")
	if got := strings.Join(st["transactions/transaction/state"], ","); got != "Return,Return,Capt,Auth" {
		t.Errorf("states %s, want Return,Return,Capt,Auth", got)
	}
	if got := st.get("transactions/transaction/ccno"); got != "4000 00** **** 0006" {
		t.Errorf("ccno %q", got)
	}

	s := tPost(t, bank, tSale("sale", "S1", "123456", "TL", "03", c.Number, exp, c.CVV))
	tWant(t, s, "approved", "1", "instInfo/inst1", "03", "instInfo/amnt1", "000000041152")
	tWant(t, tPost(t, bank, "<reverse><transaction>auth</transaction><hostLogKey>"+s.get("hostlogkey")+"</hostLogKey></reverse>"),
		"approved", "0", "respCode", "0124")
	tWant(t, tPost(t, bank, "<reverse><transaction>sale</transaction><orderID>"+tPad("S1", 24)+"</orderID></reverse>"), "approved", "1")
	tWant(t, tPost(t, bank, "<reverse><transaction>sale</transaction><hostLogKey>"+s.get("hostlogkey")+"</hostLogKey></reverse>"),
		"approved", "0", "respCode", "0124")
	tWant(t, tPost(t, bank, "<return><amount>100</amount><currencyCode>TL</currencyCode><orderID>"+tPad("S1", 24)+"</orderID></return>"),
		"approved", "0", "respCode", "0124")
	st = tPost(t, bank, "<agreement><orderID>"+tPad("S1", 24)+"</orderID></agreement>")
	tWant(t, st, "transactions/transaction/state", "Reverse", "transactions/transaction/amount", "1.234,56")
}

func TestReverseNextDayRefused(t *testing.T) {
	now := time.Date(2026, 3, 10, 20, 0, 0, 0, vpos.Istanbul())
	bank := posnettest.NewServer(posnettest.WithClock(func() time.Time { return now }))
	defer bank.Close()
	c := bank.Cards().Approve
	tWant(t, tPost(t, bank, tSale("sale", "N1", "100", "US", "00", c.Number, tYYMM(c.ExpiryMMYY()), c.CVV)), "approved", "1")
	now = now.Add(6 * time.Hour)
	tWant(t, tPost(t, bank, "<reverse><transaction>sale</transaction><orderID>"+tPad("N1", 24)+"</orderID></reverse>"),
		"approved", "0", "respCode", "0124")
	tWant(t, tPost(t, bank, "<return><amount>100</amount><currencyCode>US</currencyCode><orderID>"+tPad("N1", 24)+"</orderID></return>"),
		"approved", "1")
}

func TestFaults(t *testing.T) {
	bank := posnettest.NewServer()
	defer bank.Close()
	c := bank.Cards().Approve
	bank.Faults().Arm(vpostest.FaultHTTP500)
	resp, err := bank.HTTPClient().Post(bank.APIURL(), "application/x-www-form-urlencoded", strings.NewReader("xmldata=x"))
	if err != nil || resp.StatusCode != 500 {
		t.Fatalf("500 fault: %v %v", resp, err)
	}
	resp.Body.Close()
	bank.Faults().Arm(vpostest.FaultMalformedReply)
	c2 := bank.Credentials()
	doc := `<posnetRequest><mid>` + c2.MerchantID + `</mid><tid>` + c2.TerminalID + `</tid>` +
		tSale("sale", "F1", "100", "TL", "00", c.Number, tYYMM(c.ExpiryMMYY()), c.CVV) + `</posnetRequest>`
	resp, err = bank.HTTPClient().Post(bank.APIURL(), "application/x-www-form-urlencoded", strings.NewReader("xmldata="+doc))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if o, ok := bank.Ledger().Order("F1"); !ok || o.Status != vpos.StatusApproved {
		t.Errorf("malformed reply: the sale should be booked (raw xmldata body), got %+v", o)
	}
	bank.Faults().Arm(vpostest.FaultConnRefused)
	if _, err := bank.HTTPClient().Post(bank.APIURL(), "text/plain", strings.NewReader("x")); err == nil {
		t.Error("conn refused: no error")
	}
	bank.Faults().Arm(vpostest.FaultNone)
}
