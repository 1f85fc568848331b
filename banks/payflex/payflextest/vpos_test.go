package payflextest_test

import (
	"encoding/xml"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payflex/payflextest"
)

func TestSaleApproved(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	r := vposCall(t, bank, saleFields(c, "Sale", "ORD-1", "1.01", bank.Cards().Approve))
	wantCode(t, r, "0000")
	if r.ResultDetail != "İŞLEM BAŞARILI" || r.TransactionType != "Sale" || r.OrderID != "ORD-1" ||
		r.CurrencyAmount != "1.01" || r.TLAmount != "1.01" || r.CurrencyCode != "949" || r.ThreeDSecureType != "1" ||
		r.TerminalNo != c.TerminalNo || r.MerchantID != c.MerchantID || r.BatchNo == "" {
		t.Errorf("reply %+v", r)
	}
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(r.TransactionID) || len(r.Rrn) != 12 || len(r.AuthCode) != 6 || len(r.HostDate) != 14 {
		t.Errorf("ids: TransactionId %q Rrn %q AuthCode %q HostDate %q", r.TransactionID, r.Rrn, r.AuthCode, r.HostDate)
	}
	if got := r.CustomItems.Item; len(got) != 1 || got[0].Name != "CardHolderName" || got[0].Value != "AY* YI*" {
		t.Errorf("CustomItems %+v", got)
	}
	o, ok := bank.Ledger().Order("ORD-1")
	if !ok || o.Amount != 101 || o.Status != vpos.StatusApproved || o.Currency != vpos.TRY {
		t.Fatalf("ledger %+v", o)
	}
	// A TransactionId sent is echoed; reusing it is 1006; the order id again 1061.
	r = vposCall(t, bank, saleFields(c, "Sale", "ORD-2", "100", bank.Cards().Approve, [2]string{"TransactionId", "ORD-2"}))
	wantCode(t, r, "0000")
	if r.TransactionID != "ORD-2" || r.CurrencyAmount != "100.00" {
		t.Errorf("TransactionId %q CurrencyAmount %q", r.TransactionID, r.CurrencyAmount)
	}
	wantCode(t, vposCall(t, bank, saleFields(c, "Sale", "ORD-3", "1.00", bank.Cards().Approve, [2]string{"TransactionId", "ORD-2"})), "1006")
	wantCode(t, vposCall(t, bank, saleFields(c, "Sale", "ORD-1", "1.01", bank.Cards().Approve)), "1061")
	if n := bank.Ledger().Bookings(); n != 2 {
		t.Errorf("bookings %d, want 2", n)
	}
}

func TestDeclines(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	cards := bank.Cards()
	for _, tc := range []struct {
		card vpos.Card
		code string
	}{
		{cards.InsufficientFunds, "0051"}, {cards.DoNotHonour, "0005"}, {cards.LostCard, "0041"},
		{cards.StolenCard, "0043"}, {cards.Expired, "0054"}, {cards.InvalidCVV, "0312"},
	} {
		order := "DEC-" + tc.code
		r := vposCall(t, bank, saleFields(bank.Credentials(), "Sale", order, "10.00", tc.card))
		wantCode(t, r, tc.code)
		if r.AuthCode != "000000" || r.Rrn == "" || r.TransactionID == "" || r.ResultDetail == "" {
			t.Errorf("%s: decline frame %+v", tc.code, r)
		}
		if o, _ := bank.Ledger().Order(order); o == nil || o.Status != vpos.StatusDeclined {
			t.Errorf("%s: ledger %+v", tc.code, o)
		}
	}
	// A past expiry is 0054 whatever the card.
	card := cards.Approve
	card.ExpYear = 2020
	wantCode(t, vposCall(t, bank, saleFields(bank.Credentials(), "Sale", "OLD", "1.00", card)), "0054")
	// A declined order may be tried again.
	wantCode(t, vposCall(t, bank, saleFields(bank.Credentials(), "Sale", "DEC-0051", "10.00", cards.Approve)), "0000")
	if n := bank.Ledger().Bookings(); n != 1 {
		t.Errorf("bookings %d, want 1", n)
	}
}

func TestRefusals(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	set := func(f kv, name, value string) kv {
		out := append(kv(nil), f...)
		for i := range out {
			if out[i][0] == name {
				out[i][1] = value
				return out
			}
		}
		return append(out, [2]string{name, value})
	}
	base := saleFields(c, "Sale", "REF-1", "5.00", card)
	for _, tc := range []struct {
		name string
		f    kv
		code string
	}{
		{"merchant", set(base, "MerchantId", "000000000999999"), "9039"},
		{"password", set(base, "Password", "wrong"), "5001"},
		{"terminal", set(base, "TerminalNo", "VP999999"), "0962"},
		{"type", set(base, "TransactionType", "Sell"), "1082"},
		{"client ip", set(base, "ClientIp", ""), "1096"},
		{"device source", set(base, "TransactionDeviceSource", ""), "1121"},
		{"currency", set(base, "CurrencyCode", "999"), "1077"},
		{"amount zero", set(base, "CurrencyAmount", "0.00"), "1047"},
		{"amount comma", set(base, "CurrencyAmount", "5,00"), "1047"},
		{"amount 3 decimals", set(base, "CurrencyAmount", "5.001"), "1047"},
		{"installments 13", set(base, "NumberOfInstallments", "13"), "1060"},
		{"installments USD", set(set(base, "NumberOfInstallments", "3"), "CurrencyCode", "840"), "1104"},
		{"order id", set(base, "OrderId", ""), "1078"},
		{"luhn", set(base, "Pan", "4000009999000007"), "1051"},
		{"expiry", set(base, "Expiry", "1229"), "1052"},
		{"cvv", set(base, "Cvv", "12"), "1050"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := vposCall(t, bank, tc.f)
			wantCode(t, r, tc.code)
			if r.TransactionID != "" || r.AuthCode != "" {
				t.Errorf("refusal carries a transaction: %+v", r)
			}
		})
	}
	if n := len(bank.Ledger().Entries()); n != 0 {
		t.Errorf("journal has %d entries after refusals", n)
	}
	// Unparsable prmstr.
	body := post(t, bank, bank.VPOSURL(), url.Values{"prmstr": {"<VposRequest><Merch"}})
	if !strings.Contains(body, "<ResultCode>0030</ResultCode>") {
		t.Errorf("malformed prmstr: %s", body)
	}
	// The captured refusal frame: three elements only.
	body = post(t, bank, bank.VPOSURL(), url.Values{"prmstr": {xmlOf("VposRequest", kv{{"MerchantId", "x"}})}})
	if want := "<VposResponse><ResultCode>9039</ResultCode><ResultDetail>Üye işyeri bulunamadı.</ResultDetail><InstallmentTable></InstallmentTable></VposResponse>"; !strings.HasSuffix(body, want) {
		t.Errorf("refusal frame %s, want %s", body, want)
	}
}

// The serialized request of payflex.md §5 (mewebstudio
// PayFlexV4PosSerializerTest) is accepted as it is, with the fake's
// password and an approving card: its PAN 5555444433332222 fails the Luhn
// check (1051) and its expiry 202112 is past (0054).
func TestDocumentedSaleRequest(t *testing.T) {
	bank := payflextest.NewServer(payflextest.WithCredentials(payflextest.Credentials{TerminalNo: "VP999999"}))
	defer bank.Close()
	card := bank.Cards().Approve
	doc := `<VposRequest><MerchantId>000000000111111</MerchantId><Password>3XTgER89as</Password><TerminalNo>VP999999</TerminalNo><TransactionType>Sale</TransactionType><OrderId>order222</OrderId><CurrencyAmount>100.00</CurrencyAmount><CurrencyCode>949</CurrencyCode><ClientIp>127.0.0.1</ClientIp><TransactionDeviceSource>0</TransactionDeviceSource><Pan>5555444433332222</Pan><Expiry>202112</Expiry><Cvv>122</Cvv></VposRequest>`
	for _, tc := range []struct {
		repl []string
		code string
	}{
		{[]string{"3XTgER89as", bank.Credentials().Password}, "1051"},
		{[]string{"3XTgER89as", bank.Credentials().Password, "5555444433332222", "4000009999000006"}, "0054"},
		{[]string{"3XTgER89as", bank.Credentials().Password, "5555444433332222", card.Number, "202112", "203107"}, "0000"},
	} {
		body := post(t, bank, bank.VPOSURL(), url.Values{"prmstr": {strings.NewReplacer(tc.repl...).Replace(doc)}})
		var r tResp
		if err := xml.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		wantCode(t, r, tc.code)
	}
}

func TestAuthCapture(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	a := vposCall(t, bank, saleFields(c, "Auth", "PRE-1", "50.00", bank.Cards().Approve))
	wantCode(t, a, "0000")
	if a.TransactionType != "Auth" {
		t.Errorf("TransactionType %q", a.TransactionType)
	}
	wantCode(t, vposCall(t, bank, followFields(c, "Capture", a.TransactionID, "50.01")), "0323")
	cp := vposCall(t, bank, followFields(c, "Capture", a.TransactionID, "30.00"))
	wantCode(t, cp, "0000")
	if cp.ReferenceTransactionID != a.TransactionID || cp.TransactionID == a.TransactionID || cp.CurrencyAmount != "30.00" || cp.TransactionType != "Capture" {
		t.Errorf("capture reply %+v", cp)
	}
	wantCode(t, vposCall(t, bank, followFields(c, "Capture", a.TransactionID, "10.00")), "1065")
	o, _ := bank.Ledger().Order("PRE-1")
	if o.Captured != 3000 {
		t.Errorf("captured %d", o.Captured)
	}
	// Capture of a sale, of an unknown id, of a cancelled Auth.
	s := vposCall(t, bank, saleFields(c, "Sale", "S-1", "5.00", bank.Cards().Approve))
	wantCode(t, vposCall(t, bank, followFields(c, "Capture", s.TransactionID, "5.00")), "0320")
	wantCode(t, vposCall(t, bank, followFields(c, "Capture", "ffffffffffffffffffffffffffffffff", "5.00")), "0540")
	a2 := vposCall(t, bank, saleFields(c, "Auth", "PRE-2", "5.00", bank.Cards().Approve))
	wantCode(t, vposCall(t, bank, followFields(c, "Cancel", a2.TransactionID, "")), "0000")
	wantCode(t, vposCall(t, bank, followFields(c, "Capture", a2.TransactionID, "5.00")), "1088")
	// Refund of the captured Auth through the capture's id.
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", cp.TransactionID, "30.00")), "0000")
}

func TestCancel(t *testing.T) {
	now := time.Date(2026, 3, 9, 23, 30, 0, 0, vpos.Istanbul())
	bank := payflextest.NewServer(payflextest.WithClock(func() time.Time { return now }))
	defer bank.Close()
	c := bank.Credentials()
	s := vposCall(t, bank, saleFields(c, "Sale", "C-1", "1.01", bank.Cards().Approve))
	r := vposCall(t, bank, followFields(c, "Cancel", s.TransactionID, ""))
	wantCode(t, r, "0000")
	if r.TransactionType != "Cancel" || r.ReferenceTransactionID != s.TransactionID || r.CurrencyAmount != "1.01" || r.AuthCode == "" {
		t.Errorf("cancel reply %+v", r)
	}
	wantCode(t, vposCall(t, bank, followFields(c, "Cancel", s.TransactionID, "")), "1083")
	wantCode(t, vposCall(t, bank, followFields(c, "Cancel", r.TransactionID, "")), "1089")
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", s.TransactionID, "1.01")), "0982")
	// A refunded sale cannot be cancelled; the next day nothing can.
	s2 := vposCall(t, bank, saleFields(c, "Sale", "C-2", "2.00", bank.Cards().Approve))
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", s2.TransactionID, "1.00")), "0000")
	wantCode(t, vposCall(t, bank, followFields(c, "Cancel", s2.TransactionID, "")), "1089")
	s3 := vposCall(t, bank, saleFields(c, "Sale", "C-3", "2.00", bank.Cards().Approve))
	now = now.Add(time.Hour) // 00:30 the next day in Istanbul
	wantCode(t, vposCall(t, bank, followFields(c, "Cancel", s3.TransactionID, "")), "2202")
	wantCode(t, vposCall(t, bank, followFields(c, "Cancel", "", "")), "1054")
	if o, _ := bank.Ledger().Order("C-1"); o.Status != vpos.StatusVoided {
		t.Errorf("C-1 %s", o.Status)
	}
}

func TestRefund(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	s := vposCall(t, bank, saleFields(c, "Sale", "R-1", "10.00", bank.Cards().Approve))
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", s.TransactionID, "10.01")), "0984")
	r1 := vposCall(t, bank, followFields(c, "Refund", s.TransactionID, "4.00"))
	wantCode(t, r1, "0000")
	if r1.TransactionType != "Refund" || r1.CurrencyAmount != "4.00" || r1.ReferenceTransactionID != s.TransactionID {
		t.Errorf("refund reply %+v", r1)
	}
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", s.TransactionID, "6.01")), "1046")
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", s.TransactionID, "6.00")), "0000")
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", s.TransactionID, "0.01")), "1059")
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", s.TransactionID, "")), "1047")
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", r1.TransactionID, "1.00")), "1089")
	a := vposCall(t, bank, saleFields(c, "Auth", "R-2", "10.00", bank.Cards().Approve))
	wantCode(t, vposCall(t, bank, followFields(c, "Refund", a.TransactionID, "1.00")), "1089")
	if o, _ := bank.Ledger().Order("R-1"); o.Status != vpos.StatusRefunded || o.Refunded != 1000 {
		t.Errorf("R-1 %+v", o)
	}
}

// tSearch is what the tests read of a SearchResponse.
type tSearch struct {
	ResponseInfo   struct{ Status, ResponseCode, ResponseMessage string }
	TotalItemCount string
	Items          []struct {
		TransactionType, TransactionId, OrderId, ResultCode, CurrencyAmount, AmountCode string
		IsCanceled, IsRefunded, IsReversed                                              bool
	} `xml:"TransactionSearchResultInfo>TransactionSearchResultInfo"`
}

func search(t *testing.T, bank *payflextest.Server, pass, txID, order string) tSearch {
	t.Helper()
	doc := `<?xml version="1.0" encoding="UTF-8"?><SearchRequest><MerchantCriteria><HostMerchantId>` + bank.Credentials().MerchantID +
		`</HostMerchantId><MerchantPassword>` + pass + `</MerchantPassword></MerchantCriteria><TransactionCriteria><TransactionId>` + txID +
		`</TransactionId><OrderId>` + order + `</OrderId><AuthCode></AuthCode></TransactionCriteria></SearchRequest>`
	body := post(t, bank, bank.SearchURL(), url.Values{"prmstr": {doc}})
	var s tSearch
	if err := xml.Unmarshal([]byte(body), &s); err != nil {
		t.Fatalf("%v in %s", err, body)
	}
	return s
}

func TestSearch(t *testing.T) {
	bank := payflextest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	vposCall(t, bank, saleFields(c, "Sale", "Q-1", "3.00", bank.Cards().InsufficientFunds))
	s := vposCall(t, bank, saleFields(c, "Sale", "Q-1", "3.00", bank.Cards().Approve))
	got := search(t, bank, c.Password, "", "Q-1")
	if got.ResponseInfo.Status != "Success" || len(got.Items) != 1 || got.Items[0].TransactionId != s.TransactionID ||
		got.Items[0].ResultCode != "0000" || got.Items[0].CurrencyAmount != "3.00" || got.Items[0].AmountCode != "949" || got.Items[0].IsRefunded {
		t.Fatalf("search %+v", got)
	}
	r := vposCall(t, bank, followFields(c, "Refund", s.TransactionID, "1.00"))
	if got := search(t, bank, c.Password, "", "Q-1"); !got.Items[0].IsRefunded || got.Items[0].IsCanceled {
		t.Errorf("after refund %+v", got.Items)
	}
	if got := search(t, bank, c.Password, r.TransactionID, "whatever"); got.Items[0].TransactionType != "Refund" {
		t.Errorf("by TransactionId %+v", got.Items)
	}
	for _, tc := range []struct{ pass, tx, order, code string }{
		{"wrong", "", "Q-1", "9065"}, {c.Password, "", "", "4000"}, {c.Password, "", "NOPE", "9601"},
	} {
		if got := search(t, bank, tc.pass, tc.tx, tc.order); got.ResponseInfo.Status != "Error" || got.ResponseInfo.ResponseCode != tc.code {
			t.Errorf("%+v: %+v", tc, got.ResponseInfo)
		}
	}
}
