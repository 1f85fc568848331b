package posnetv1test_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnetv1/posnetv1test"
	"github.com/sanalpos/vpos/vpostest"
)

func TestSaleInquiryReverse(t *testing.T) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	card := bank.Cards().Approve
	r := tSale(t, bank, "Sale", "ORDER-1", 12550, "TL", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
	tWant(t, r, "00")
	if len(r.str("ReferenceCode")) != 18 || len(r.str("AuthCode")) != 6 || r["PointDataList"] == nil {
		t.Fatalf("reply %v", r)
	}
	o, ok := bank.Ledger().Order("ORDER-1")
	if !ok || o.Amount != 12550 || o.Currency != vpos.TRY || o.Status != vpos.StatusApproved {
		t.Fatalf("ledger %+v", o)
	}
	// The same order id again: 0127, nothing booked.
	tWant(t, tSale(t, bank, "Sale", "ORDER-1", 12550, "TL", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV), "0127")
	inq := tPost(t, bank, "TransactionInquiry", tReq{"OrderId": tPad("ORDER-1", 20)}, "MerchantNo:TerminalNo:OrderId")
	tWant(t, inq, "0000")
	rows := inq.rows()
	if len(rows) != 1 || rows[0]["Amount"] != "125,50" || rows[0]["TransactionType"] != "Sale" ||
		rows[0]["TransactionStatus"] != "1" || rows[0]["HostLogKey"] != r.str("ReferenceCode") ||
		rows[0]["CardNo"] != "400000******0006" || rows[0]["OrderId"] != tPad("ORDER-1", 20) {
		t.Fatalf("rows %v", rows)
	}
	if d, _ := rows[0]["TransactionDate"].(string); len(d) != len("2019-11-0813:58:37.909") || strings.Contains(d, " ") {
		t.Errorf("TransactionDate %q", d)
	}
	rev := tPost(t, bank, "Reverse", tReq{"ReferenceCode": r.str("ReferenceCode"), "OrderId": tPad("ORDER-1", 20),
		"TransactionType": "Sale"}, "MerchantNo:TerminalNo:ReferenceCode:OrderId")
	tWant(t, rev, "00")
	tWant(t, tPost(t, bank, "Reverse", tReq{"ReferenceCode": r.str("ReferenceCode")}, "MerchantNo:TerminalNo:ReferenceCode"), "0124")
	rows = tPost(t, bank, "TransactionInquiry", tReq{"OrderId": tPad("ORDER-1", 20)}, "MerchantNo:TerminalNo:OrderId").rows()
	if len(rows) != 2 || rows[0]["TransactionType"] != "Reverse" || rows[1]["TransactionType"] != "Sale" {
		t.Fatalf("rows after reverse %v", rows)
	}
	if o, _ := bank.Ledger().Order("ORDER-1"); o.Status != vpos.StatusVoided {
		t.Errorf("status %s", o.Status)
	}
}

func TestDeclines(t *testing.T) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	for i, o := range vpostest.DeclineOutcomes() {
		card := bank.Cards().ForOutcome(o)
		r := tSale(t, bank, "Sale", "DECL-"+string(rune('A'+i)), 1000, "TL", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
		tWant(t, r, "00"+o.ISOCode())
		if r["ReferenceCode"] != nil || r["AuthCode"] != nil {
			t.Errorf("%s: references on a decline: %v", o, r)
		}
	}
	if bank.Ledger().Bookings() != 0 {
		t.Errorf("bookings %d", bank.Ledger().Bookings())
	}
}

func TestRequestChecks(t *testing.T) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	card := bank.Cards().Approve
	exp := tYYMM(card.ExpiryMMYY())
	base := func() tReq {
		return tReq{"CardInformationData": tReq{"CardNo": card.Number, "Cvc2": card.CVV, "ExpireDate": exp},
			"Amount": 100, "CurrencyCode": "TL", "OrderId": tPad("CHECK", 20), "InstallmentCount": "0"}
	}
	const mp = "MerchantNo:TerminalNo:CardNo:Cvc2:ExpireDate:Amount"
	// A wrong MAC, and a MAC over another amount.
	b := base()
	b["MAC"] = "AAAA"
	tWant(t, tPost(t, bank, "Sale", b, mp), "E216")
	// MACParams without TerminalNo.
	tWant(t, tPost(t, bank, "Sale", base(), "MerchantNo:Amount"), "0129")
	// Another merchant: 0148.
	b = base()
	b["MerchantNo"] = "6700000000"
	tWant(t, tPost(t, bank, "Sale", b, mp), "0148")
	// Order id not 20 characters, bad currency, installments in USD.
	b = base()
	b["OrderId"] = "CHECK"
	tWant(t, tPost(t, bank, "Sale", b, mp), "0129")
	b = base()
	b["CurrencyCode"] = "TRY"
	tWant(t, tPost(t, bank, "Sale", b, mp), "0129")
	b = base()
	b["CurrencyCode"], b["InstallmentCount"] = "US", "3"
	tWant(t, tPost(t, bank, "Sale", b, mp), "0129")
	// A non-Luhn card.
	b = base()
	b["CardInformationData"].(tReq)["CardNo"] = "4000009999000007"
	tWant(t, tPost(t, bank, "Sale", b, mp), "0014")
	// Unknown references: E219.
	tWant(t, tPost(t, bank, "TransactionInquiry", tReq{"OrderId": tPad("NOPE", 20)}, "MerchantNo:TerminalNo:OrderId"), "E219")
	tWant(t, tPost(t, bank, "Return", tReq{"ReferenceCode": "021111111111000231", "Amount": 1, "CurrencyCode": "TL"},
		"MerchantNo:TerminalNo:ReferenceCode"), "E219")
	// Not JSON; GET; unknown operation.
	resp, err := bank.HTTPClient().Post(bank.APIURL()+"/Sale", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range []struct {
		method, path string
		want         int
	}{{http.MethodGet, "/Sale", 405}, {http.MethodPost, "/PointUsage", 404}} {
		req, _ := http.NewRequest(c.method, bank.APIURL()+c.path, strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/json")
		resp, err := bank.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, resp.StatusCode, c.want)
		}
	}
	if bank.Ledger().Bookings() != 0 {
		t.Errorf("bookings %d", bank.Ledger().Bookings())
	}
}

func TestAuthCaptureReturn(t *testing.T) {
	now := time.Date(2025, 3, 10, 10, 0, 0, 0, vpos.Istanbul())
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	bank := posnetv1test.NewServer(posnetv1test.WithClock(clock))
	defer bank.Close()
	card := bank.Cards().Approve
	a := tSale(t, bank, "Auth", "PRE-1", 10000, "TL", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
	tWant(t, a, "00")
	const capMP = "MerchantNo:TerminalNo:ReferenceCode"
	// Over the authorised amount, then a partial capture, then a second one.
	tWant(t, tPost(t, bank, "Capture", tReq{"ReferenceCode": a.str("ReferenceCode"), "Amount": 10001, "CurrencyCode": "TL"}, capMP), "0125")
	c := tPost(t, bank, "Capture", tReq{"ReferenceCode": a.str("ReferenceCode"), "Amount": 8000, "CurrencyCode": "TL",
		"InstallmentCount": "0"}, capMP)
	tWant(t, c, "00")
	tWant(t, tPost(t, bank, "Capture", tReq{"ReferenceCode": a.str("ReferenceCode"), "Amount": 100, "CurrencyCode": "TL"}, capMP), "0124")
	// Capture of a sale is refused.
	s := tSale(t, bank, "Sale", "SALE-2", 5000, "TL", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
	tWant(t, tPost(t, bank, "Capture", tReq{"ReferenceCode": s.str("ReferenceCode"), "Amount": 100, "CurrencyCode": "TL"}, capMP), "0124")

	// Next day: reverse is refused, returns work: partial, partial, over.
	mu.Lock()
	now = now.Add(24 * time.Hour)
	mu.Unlock()
	tWant(t, tPost(t, bank, "Reverse", tReq{"ReferenceCode": c.str("ReferenceCode"), "TransactionType": "Capture"}, capMP), "0124")
	const retMP = "MerchantNo:TerminalNo:ReferenceCode:OrderId"
	tWant(t, tPost(t, bank, "Return", tReq{"OrderId": tPad("PRE-1", 20), "Amount": 3000, "CurrencyCode": "TL"}, retMP), "00")
	tWant(t, tPost(t, bank, "Return", tReq{"ReferenceCode": a.str("ReferenceCode"), "Amount": 3000, "CurrencyCode": "TL"}, retMP), "00")
	tWant(t, tPost(t, bank, "Return", tReq{"ReferenceCode": a.str("ReferenceCode"), "Amount": 2001, "CurrencyCode": "TL"}, retMP), "0125")
	tWant(t, tPost(t, bank, "Return", tReq{"ReferenceCode": a.str("ReferenceCode"), "Amount": 2000, "CurrencyCode": "EU"}, retMP), "0129")
	tWant(t, tPost(t, bank, "Return", tReq{"ReferenceCode": a.str("ReferenceCode"), "Amount": 2000, "CurrencyCode": "TL"}, retMP), "00")
	o, _ := bank.Ledger().Order("PRE-1")
	if o.Captured != 8000 || o.Refunded != 8000 || o.Status != vpos.StatusRefunded {
		t.Fatalf("ledger %+v", o)
	}
	// Full return of the sale.
	tWant(t, tPost(t, bank, "Return", tReq{"ReferenceCode": s.str("ReferenceCode"), "Amount": 5000, "CurrencyCode": "TL"}, retMP), "00")
	rows := tPost(t, bank, "TransactionInquiry", tReq{"OrderId": tPad("PRE-1", 20)}, "MerchantNo:TerminalNo:OrderId").rows()
	var types []string
	for _, r := range rows {
		types = append(types, r["TransactionType"].(string))
	}
	if strings.Join(types, ",") != "Return,Return,Return,Capture,Auth" {
		t.Errorf("types %v", types)
	}
}

func TestReverseAuthAndCapture(t *testing.T) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	card := bank.Cards().Approve
	a := tSale(t, bank, "Auth", "PRE-2", 10000, "TL", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV)
	const mp = "MerchantNo:TerminalNo:ReferenceCode"
	c := tPost(t, bank, "Capture", tReq{"ReferenceCode": a.str("ReferenceCode"), "Amount": 10000, "CurrencyCode": "TL"}, mp)
	tWant(t, c, "00")
	// The auth cannot be reversed while captured; the capture can.
	tWant(t, tPost(t, bank, "Reverse", tReq{"ReferenceCode": a.str("ReferenceCode")}, mp), "0124")
	tWant(t, tPost(t, bank, "Reverse", tReq{"ReferenceCode": c.str("ReferenceCode")}, mp), "00")
	if o, _ := bank.Ledger().Order("PRE-2"); o.Status != vpos.StatusVoided {
		t.Errorf("status %s", o.Status)
	}
}

func TestFaults(t *testing.T) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	card := bank.Cards().Approve
	bank.Faults().Arm(vpostest.FaultHTTP500)
	resp, err := bank.HTTPClient().Post(bank.APIURL()+"/Sale", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 {
		t.Errorf("status %d, want 500", resp.StatusCode)
	}
	bank.Faults().Arm(vpostest.FaultNone)
	tWant(t, tSale(t, bank, "Sale", "FAULT-1", 100, "TL", card.Number, tYYMM(card.ExpiryMMYY()), card.CVV), "00")
}
