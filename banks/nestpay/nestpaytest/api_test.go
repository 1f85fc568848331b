package nestpaytest

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/vpostest"
)

func TestSalePerCard(t *testing.T) {
	s := newTestServer(t)
	wantMsg := map[string]string{
		"51": "Yetersiz bakiye.", "05": "Red-Onaylanmadı.", "41": "Kayıp kart, karta el koyunuz.",
		"43": "Çalıntı kart, karta el koyunuz.", "54": "Kartın son kullanma tarihi geçmiş.",
		"82": "CVV Hatasi veya girilen CVV gecersiz.",
	}
	for i, co := range s.Cards().All() {
		t.Run(string(co.Outcome)+"_"+co.Card.Masked(), func(t *testing.T) {
			order := "SALE-" + string(rune('A'+i))
			r := do(t, s, saleFields("Auth", order, "100.25", co.Card)...)
			code := co.Outcome.ISOCode()
			if co.Outcome.Approved() {
				wantCode(t, r, "00", "Approved", "")
				if r.top["AuthCode"] == "" || r.top["TransId"] == "" || len(r.top["HostRefNum"]) != 12 {
					t.Errorf("approved reply lacks references: %v", r)
				}
				if r.extra["NUMCODE"] != "00" || r.extra["SETTLEID"] == "" {
					t.Errorf("Extra NUMCODE/SETTLEID = %q/%q", r.extra["NUMCODE"], r.extra["SETTLEID"])
				}
			} else {
				wantCode(t, r, code, "Declined", "ISO8583-"+code)
				if got := r.top["ErrMsg"]; got != wantMsg[code] {
					t.Errorf("ErrMsg = %q, want %q", got, wantMsg[code])
				}
				if r.top["AuthCode"] != "" {
					t.Errorf("declined reply has AuthCode %q", r.top["AuthCode"])
				}
			}
			if r.top["OrderId"] != order || r.top["GroupId"] != order {
				t.Errorf("OrderId/GroupId = %q/%q, want %q", r.top["OrderId"], r.top["GroupId"], order)
			}
			o, ok := s.Ledger().Order(order)
			if !ok {
				t.Fatalf("ledger has no order %s", order)
			}
			if o.Amount != 10025 || o.Code != code {
				t.Errorf("ledger order amount %d code %q, want 10025 %q", o.Amount, o.Code, code)
			}
			if o.MaskedPAN != co.Card.Masked() {
				t.Errorf("ledger MaskedPAN = %q, want %q", o.MaskedPAN, co.Card.Masked())
			}
		})
	}
}

func TestReplyShape(t *testing.T) {
	s := newTestServer(t)
	r := mustSale(t, s, "SHAPE-1", "1.01")
	want := []string{"OrderId", "GroupId", "Response", "AuthCode", "HostRefNum", "ProcReturnCode", "TransId", "ErrMsg", "Extra"}
	if !slices.Equal(r.order, want) {
		t.Errorf("element order = %v, want %v", r.order, want)
	}
	if !bytes.HasPrefix(r.raw, []byte(`<?xml version="1.0" encoding="ISO-8859-9"?>`)) {
		t.Errorf("reply prolog = %q", r.raw[:min(60, len(r.raw))])
	}
	if !strings.HasPrefix(r.ctype, "text/xml") {
		t.Errorf("Content-Type = %q, want text/xml", r.ctype)
	}
	for _, k := range []string{"TRXDATE", "ERRORCODE", "NUMCODE", "HOSTDATE", "CARDBRAND", "CARDISSUER"} {
		if _, ok := r.extra[k]; !ok {
			t.Errorf("Extra lacks %s", k)
		}
	}
	if _, err := time.Parse("20060102 15:04:05", r.extra["TRXDATE"]); err != nil {
		t.Errorf("TRXDATE %q: %v", r.extra["TRXDATE"], err)
	}
	// Errors carry the nine elements too.
	e := do(t, s, field{"Type", "Void"}, field{"OrderId", "NO-SUCH"})
	if !slices.Equal(e.order, want) {
		t.Errorf("error element order = %v, want %v", e.order, want)
	}
}

func TestTurkishReply(t *testing.T) {
	s := newTestServer(t)
	r := do(t, s, field{"Type", "Void"}, field{"OrderId", "NO-SUCH"})
	wantCode(t, r, "99", "Error", "CORE-2008")
	if got, want := r.top["ErrMsg"], "İptal edilmeye uygun satış işlemi bulunamadı."; got != want {
		t.Errorf("ErrMsg = %q, want %q", got, want)
	}
	// The bytes are ISO-8859-9: İ is 0xDD, ş 0xFE, ı 0xFD; no UTF-8.
	for _, b := range []byte{0xDD, 0xFE, 0xFD} {
		if !bytes.Contains(r.raw, []byte{b}) {
			t.Errorf("reply has no ISO-8859-9 byte %#x", b)
		}
	}
	if bytes.Contains(r.raw, []byte("İ")) {
		t.Errorf("reply holds UTF-8 bytes")
	}
	ok := mustSale(t, s, "TR-1", "5.00")
	if got, want := ok.extra["CARDISSUER"], "VPOS TEST BANKASI T.A.Ş."; got != want {
		t.Errorf("CARDISSUER = %q, want %q", got, want)
	}

	// A request in ISO-8859-9: the GroupId comes back intact.
	group := "GRUP-ŞÇĞİÖÜ-şçğıöü"
	doc := strings.Replace(cc5(s, append(saleFields("Auth", "TR-2", "5.00", s.Cards().Approve), field{"GroupId", group})...),
		"UTF-8", "ISO-8859-9", 1)
	latin5, err := charmap.ISO8859_9.NewEncoder().String(doc)
	if err != nil {
		t.Fatal(err)
	}
	r2 := postAs(t, s, "text/xml; charset=ISO-8859-9", latin5)
	if got := r2.top["GroupId"]; got != group {
		t.Errorf("GroupId = %q, want %q", got, group)
	}
}

func TestBodyForms(t *testing.T) {
	s := newTestServer(t)
	xml := func(order string) string { return cc5(s, saleFields("Auth", order, "12.34", s.Cards().Approve)...) }
	tests := []struct {
		name, ctype, body string
	}{
		{"raw text/xml", "text/xml; charset=utf-8", xml("BODY-1")},
		{"raw form content type", "application/x-www-form-urlencoded", xml("BODY-2")},
		{"raw no content type", "", xml("BODY-3")},
		{"DATA urlencoded", "application/x-www-form-urlencoded", "DATA=" + url.QueryEscape(xml("BODY-4"))},
		{"DATA verbatim", "application/x-www-form-urlencoded", "DATA=" + xml("BODY-5")},
		{"ISO-8859-9 prolog", "text/xml", strings.Replace(xml("BODY-6"), "UTF-8", "ISO-8859-9", 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := postAs(t, s, tc.ctype, tc.body)
			if got := r.top["ProcReturnCode"]; got != "00" {
				t.Errorf("ProcReturnCode = %q, want 00 (%v)", got, r)
			}
		})
	}
}

func TestBadCredentials(t *testing.T) {
	s := newTestServer(t)
	c := s.Credentials()
	tests := []struct{ name, user, password, client string }{
		{"user", "WRONG", c.Password, c.ClientID},
		{"password", c.User, "wrong", c.ClientID},
		{"client", c.User, c.Password, "100100000"},
		{"empty", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, s, cc5With(tc.user, tc.password, tc.client, saleFields("Auth", "CRED-"+tc.name, "1.00", s.Cards().Approve)...))
			wantCode(t, r, "99", "Error", "")
			if got, want := r.top["ErrMsg"], "Insufficient permissions to perform requested operation."; got != want {
				t.Errorf("ErrMsg = %q, want %q", got, want)
			}
			if r.extra["HOSTMSG"] == "" || r.extra["TRXDATE"] == "" {
				t.Errorf("Extra = %v, want HOSTMSG and TRXDATE", r.extra)
			}
			if _, ok := s.Ledger().Order("CRED-" + tc.name); ok {
				t.Errorf("a request with bad credentials was booked")
			}
		})
	}
	if strings.Contains(c.String(), c.Password) || strings.Contains(c.String(), c.StoreKey) {
		t.Errorf("Credentials.String leaks secrets: %s", c)
	}
}

func TestValidation(t *testing.T) {
	s := newTestServer(t)
	card := s.Cards().Approve
	mod := func(order string, change func([]field) []field) []field {
		return change(saleFields("Auth", order, "10.00", card))
	}
	set := func(name, value string) func([]field) []field {
		return func(fs []field) []field {
			for i := range fs {
				if fs[i].name == name {
					fs[i].value = value
				}
			}
			return fs
		}
	}
	tests := []struct {
		name                  string
		change                func([]field) []field
		proc, resp, errorCode string
	}{
		{"luhn", set("Number", "4000009999000007"), "99", "Error", "CORE-2012"},
		{"letters", set("Number", "4000abcd99990006"), "99", "Error", "CORE-2012"},
		{"no number", set("Number", ""), "99", "Error", "CORE-2015"},
		{"expires format", set("Expires", "0731"), "99", "Error", "CORE-2011"},
		{"expires month", set("Expires", "13/31"), "99", "Error", "CORE-2011"},
		{"expired", set("Expires", "01/25"), "54", "Declined", "ISO8583-54"},
		{"cvv malformed", set("Cvv2Val", "12"), "82", "Declined", "ISO8583-82"},
		{"currency", set("Currency", "999"), "99", "Error", "CORE-1010"},
		{"zero", set("Total", "0.00"), "99", "Error", "CORE-2009"},
		{"negative", set("Total", "-1.00"), "99", "Error", "CORE-1024"},
		{"comma", set("Total", "1,00"), "99", "Error", "CORE-1018"},
		{"three decimals", set("Total", "1.001"), "99", "Error", "CORE-1018"},
		{"taksit 1", set("Taksit", "1"), "99", "Error", "CORE-2603"},
		{"taksit 13", set("Taksit", "13"), "99", "Error", "CORE-2603"},
		{"taksit in USD", func(fs []field) []field { return set("Currency", "840")(set("Taksit", "3")(fs)) }, "99", "Error", "CORE-2603"},
		{"type", set("Type", "Sale"), "99", "Error", "CORE-2001"},
		{"mode", set("Mode", "X"), "99", "Error", "CORE-1006"},
		{"long order", set("OrderId", strings.Repeat("A", 65)), "99", "Error", "CORE-1015"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			order := "VAL-" + string(rune('A'+i))
			r := do(t, s, mod(order, tc.change)...)
			wantCode(t, r, tc.proc, tc.resp, tc.errorCode)
			if tc.proc == "99" && tc.errorCode != "" && strings.HasPrefix(tc.errorCode, "CORE-") {
				if got, want := r.extra["NUMCODE"], "99"+strings.TrimPrefix(tc.errorCode, "CORE-"); got != want {
					t.Errorf("NUMCODE = %q, want %q", got, want)
				}
			}
		})
	}
	if got := s.Ledger().Bookings(); got != 0 {
		t.Errorf("Bookings = %d, want 0", got)
	}
	bad := postAs(t, s, "text/xml", "not xml at all")
	wantCode(t, bad, "99", "Error", "CORE-1001")
}

func TestAmountsCurrenciesInstallments(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		total, currency, taksit string
		want                    vpos.Amount
		cur                     vpos.Currency
		inst                    int
	}{
		{"100.25", "949", "", 10025, vpos.TRY, 0},
		{"1.1", "949", "", 110, vpos.TRY, 0},
		{"1", "840", "", 100, vpos.USD, 0},
		{"0.01", "978", "", 1, vpos.EUR, 0},
		{"12.00", "826", "", 1200, vpos.GBP, 0},
		{"500.00", "392", "", 500, vpos.JPY, 0},
		{"99.99", "643", "", 9999, vpos.RUB, 0},
		{"1234.56", "949", "2", 123456, vpos.TRY, 2},
		{"1234.56", "949", "12", 123456, vpos.TRY, 12},
	}
	for i, tc := range tests {
		order := "AMT-" + string(rune('A'+i))
		fs := saleFields("Auth", order, tc.total, s.Cards().Approve)
		for j := range fs {
			switch fs[j].name {
			case "Currency":
				fs[j].value = tc.currency
			case "Taksit":
				fs[j].value = tc.taksit
			}
		}
		r := do(t, s, fs...)
		if r.top["ProcReturnCode"] != "00" {
			t.Errorf("%s %s: %v", tc.total, tc.currency, r)
			continue
		}
		o, _ := s.Ledger().Order(order)
		if o.Amount != tc.want || o.Currency != tc.cur || o.Installments != tc.inst {
			t.Errorf("%s %s taksit %q: got %d %s %d, want %d %s %d", tc.total, tc.currency, tc.taksit,
				o.Amount, o.Currency, o.Installments, tc.want, tc.cur, tc.inst)
		}
	}
	// OYGO's Instalment.
	fs := append(saleFields("Auth", "AMT-INST", "30.00", s.Cards().Approve), field{"Instalment", "3"})
	fs[5].value = "" // Taksit empty
	if r := do(t, s, fs...); r.top["ProcReturnCode"] != "00" {
		t.Fatalf("Instalment: %v", r)
	}
	if o, _ := s.Ledger().Order("AMT-INST"); o.Installments != 3 {
		t.Errorf("Instalment 3: got %d installments", o.Installments)
	}
	// No OrderId: the bank numbers the order.
	r := do(t, s, saleFields("Auth", "", "1.00", s.Cards().Approve)...)
	if r.top["ProcReturnCode"] != "00" || r.top["OrderId"] == "" {
		t.Errorf("sale without OrderId: %v", r)
	}
}

func TestDuplicateOrder(t *testing.T) {
	s := newTestServer(t)
	mustSale(t, s, "DUP-1", "10.00")
	r := do(t, s, saleFields("Auth", "DUP-1", "10.00", s.Cards().Approve)...)
	wantCode(t, r, "99", "Error", "CORE-2507")
	if got := s.Ledger().Bookings(); got != 1 {
		t.Errorf("Bookings = %d, want 1", got)
	}
	// After a decline the order id may be tried again.
	d := do(t, s, saleFields("Auth", "DUP-2", "10.00", s.Cards().InsufficientFunds)...)
	wantCode(t, d, "51", "Declined", "ISO8583-51")
	mustSale(t, s, "DUP-2", "10.00")
}

func TestPreAuthPostAuth(t *testing.T) {
	s := newTestServer(t)
	pre := mustPreAuth(t, s, "PRE-1", "200.00")
	if o, _ := s.Ledger().Order("PRE-1"); o.Kind != vpostest.KindPreAuth || o.Captured != 0 {
		t.Fatalf("ledger after preauth: %+v", o)
	}
	post := do(t, s, field{"Type", "PostAuth"}, field{"OrderId", "PRE-1"}, field{"Total", "150.50"})
	wantCode(t, post, "00", "Approved", "")
	if post.top["TransId"] == pre.top["TransId"] || post.top["AuthCode"] != pre.top["AuthCode"] {
		t.Errorf("postauth TransId %q (preauth %q), AuthCode %q (preauth %q)",
			post.top["TransId"], pre.top["TransId"], post.top["AuthCode"], pre.top["AuthCode"])
	}
	if o, _ := s.Ledger().Order("PRE-1"); o.Captured != 15050 {
		t.Errorf("captured = %d, want 15050", o.Captured)
	}

	mustPreAuth(t, s, "PRE-2", "80.00")
	full := do(t, s, field{"Type", "PostAuth"}, field{"OrderId", "PRE-2"})
	wantCode(t, full, "00", "Approved", "")
	if o, _ := s.Ledger().Order("PRE-2"); o.Captured != 8000 {
		t.Errorf("full capture = %d, want 8000", o.Captured)
	}

	mustPreAuth(t, s, "PRE-3", "10.00")
	mustSale(t, s, "SALE-3", "10.00")
	tests := []struct {
		name      string
		fields    []field
		errorCode string
	}{
		{"over capture", []field{{"Type", "PostAuth"}, {"OrderId", "PRE-3"}, {"Total", "10.01"}}, "CORE-2506"},
		{"over capture with PREAMT", []field{{"Type", "PostAuth"}, {"OrderId", "PRE-3"}, {"Total", "11.00"}, {"Extra", "<PREAMT>10.00</PREAMT>"}}, "CORE-2506"},
		{"zero", []field{{"Type", "PostAuth"}, {"OrderId", "PRE-3"}, {"Total", "0"}}, "CORE-2506"},
		{"captured twice", []field{{"Type", "PostAuth"}, {"OrderId", "PRE-1"}}, "CORE-2008"},
		{"unknown", []field{{"Type", "PostAuth"}, {"OrderId", "PRE-NONE"}}, "CORE-2008"},
		{"a sale", []field{{"Type", "PostAuth"}, {"OrderId", "SALE-3"}}, "CORE-2008"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, do(t, s, tc.fields...), "99", "Error", tc.errorCode)
		})
	}
	if o, _ := s.Ledger().Order("PRE-3"); o.Captured != 0 {
		t.Errorf("refused captures changed the order: %+v", o)
	}
}

func TestVoid(t *testing.T) {
	clock := newTestClock()
	s := newTestServer(t, WithClock(clock.Now))
	sale := mustSale(t, s, "VOID-1", "25.00")
	r := do(t, s, field{"Type", "Void"}, field{"OrderId", "VOID-1"})
	wantCode(t, r, "00", "Approved", "")
	if r.top["TransId"] == sale.top["TransId"] || r.top["TransId"] == "" {
		t.Errorf("void TransId = %q, sale's %q", r.top["TransId"], sale.top["TransId"])
	}
	if o, _ := s.Ledger().Order("VOID-1"); o.Status != vpos.StatusVoided {
		t.Errorf("ledger status = %q, want voided", o.Status)
	}
	wantCode(t, do(t, s, field{"Type", "Void"}, field{"OrderId", "VOID-1"}), "99", "Error", "CORE-2008")
	wantCode(t, do(t, s, field{"Type", "Void"}, field{"OrderId", "VOID-NONE"}), "99", "Error", "CORE-2008")

	// By the sale's TransId (CPV).
	s2 := mustSale(t, s, "VOID-2", "25.00")
	wantCode(t, do(t, s, field{"Type", "Void"}, field{"TransId", s2.top["TransId"]}), "00", "Approved", "")
	if o, _ := s.Ledger().Order("VOID-2"); o.Status != vpos.StatusVoided {
		t.Errorf("void by TransId: status %q", o.Status)
	}

	// A captured pre-authorisation voids whole.
	mustPreAuth(t, s, "VOID-3", "40.00")
	wantCode(t, do(t, s, field{"Type", "PostAuth"}, field{"OrderId", "VOID-3"}), "00", "Approved", "")
	wantCode(t, do(t, s, field{"Type", "Void"}, field{"OrderId", "VOID-3"}), "00", "Approved", "")

	// After end of day, or on the next day, no void.
	mustSale(t, s, "VOID-4", "25.00")
	s.EndOfDay()
	wantCode(t, do(t, s, field{"Type", "Void"}, field{"OrderId", "VOID-4"}), "99", "Error", "CORE-2008")
	mustSale(t, s, "VOID-5", "25.00")
	clock.Add(24 * time.Hour)
	wantCode(t, do(t, s, field{"Type", "Void"}, field{"OrderId", "VOID-5"}), "99", "Error", "CORE-2008")

	// A refunded sale cannot be voided.
	mustSale(t, s, "VOID-6", "25.00")
	wantCode(t, do(t, s, field{"Type", "Credit"}, field{"OrderId", "VOID-6"}, field{"Total", "5.00"}), "00", "Approved", "")
	wantCode(t, do(t, s, field{"Type", "Void"}, field{"OrderId", "VOID-6"}), "99", "Error", "CORE-2008")
}

func TestCredit(t *testing.T) {
	s := newTestServer(t)
	sale := mustSale(t, s, "REF-1", "100.00")
	credit := func(order string, extra ...field) *cc5Reply {
		return do(t, s, append([]field{{"Type", "Credit"}, {"OrderId", order}, {"Currency", "949"}}, extra...)...)
	}
	seen := map[string]bool{sale.top["TransId"]: true, sale.top["HostRefNum"]: true, sale.top["AuthCode"]: true}
	for _, total := range []string{"30.00", "20.50"} {
		r := credit("REF-1", field{"Total", total})
		wantCode(t, r, "00", "Approved", "")
		for _, k := range []string{"TransId", "HostRefNum", "AuthCode"} {
			if seen[r.top[k]] || r.top[k] == "" {
				t.Errorf("credit %s %s = %q, want a new one", total, k, r.top[k])
			}
			seen[r.top[k]] = true
		}
	}
	if o, _ := s.Ledger().Order("REF-1"); o.Refunded != 5050 || o.Status != vpos.StatusPartiallyRefunded {
		t.Errorf("after two partial credits: refunded %d status %q", o.Refunded, o.Status)
	}
	over := credit("REF-1", field{"Total", "49.51"})
	wantCode(t, over, "99", "Declined", "215021")
	rest := credit("REF-1") // no Total: the rest
	wantCode(t, rest, "00", "Approved", "")
	if o, _ := s.Ledger().Order("REF-1"); o.Refunded != 10000 || o.Status != vpos.StatusRefunded {
		t.Errorf("after the rest: refunded %d status %q", o.Refunded, o.Status)
	}
	zero := credit("REF-1")
	wantCode(t, zero, "99", "Declined", "215021")
	if zero.top["ErrMsg"] != "Net Tutar 0." {
		t.Errorf("ErrMsg = %q, want %q", zero.top["ErrMsg"], "Net Tutar 0.")
	}

	mustSale(t, s, "REF-2", "10.00")
	tests := []struct {
		name      string
		order     string
		extra     []field
		proc      string
		response  string
		errorCode string
	}{
		{"zero amount", "REF-2", []field{{"Total", "0.00"}}, "99", "Error", "CORE-2504"},
		{"unknown", "REF-NONE", nil, "99", "Error", "CORE-2008"},
		{"other currency", "REF-2", []field{{"Total", "1.00"}, {"Currency", "840"}}, "99", "Error", "CORE-1010"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := append([]field{{"Type", "Credit"}, {"OrderId", tc.order}}, tc.extra...)
			wantCode(t, do(t, s, fs...), tc.proc, tc.response, tc.errorCode)
		})
	}

	// A voided sale cannot be refunded.
	mustSale(t, s, "REF-3", "10.00")
	wantCode(t, do(t, s, field{"Type", "Void"}, field{"OrderId", "REF-3"}), "00", "Approved", "")
	wantCode(t, credit("REF-3"), "99", "Error", "CORE-2008")

	// By TransId (CPV).
	s4 := mustSale(t, s, "REF-4", "10.00")
	wantCode(t, do(t, s, field{"Type", "Credit"}, field{"TransId", s4.top["TransId"]}, field{"Total", "4.00"}), "00", "Approved", "")
	if o, _ := s.Ledger().Order("REF-4"); o.Refunded != 400 {
		t.Errorf("credit by TransId: refunded %d", o.Refunded)
	}
}

func TestBatchRules(t *testing.T) {
	s := newTestServer(t, WithBatchRules())
	mustSale(t, s, "EOD-1", "10.00")
	r := do(t, s, field{"Type", "Credit"}, field{"OrderId", "EOD-1"})
	wantCode(t, r, "99", "Error", "CORE-2508")
	if got, want := r.top["ErrMsg"], "Iade yapilamaz, siparis gunsonuna girmemis."; got != want {
		t.Errorf("ErrMsg = %q, want %q", got, want)
	}
	s.EndOfDay()
	wantCode(t, do(t, s, field{"Type", "Credit"}, field{"OrderId", "EOD-1"}), "00", "Approved", "")
}

func TestOrderStatus(t *testing.T) {
	s := newTestServer(t)
	void := func(o string) { do(t, s, field{"Type", "Void"}, field{"OrderId", o}) }
	credit := func(o, total string) { do(t, s, field{"Type", "Credit"}, field{"OrderId", o}, field{"Total", total}) }
	tests := []struct {
		name                         string
		setup                        func(order string)
		chargeType, stat, orig, capt string
		voided                       bool
	}{
		{"sale", func(o string) { mustSale(t, s, o, "1.01") }, "S", "C", "101", "101", false},
		{"preauth", func(o string) { mustPreAuth(t, s, o, "2.05") }, "S", "A", "205", "", false},
		{"postauth", func(o string) {
			mustPreAuth(t, s, o, "2.05")
			do(t, s, field{"Type", "PostAuth"}, field{"OrderId", o}, field{"Total", "2.00"})
		}, "S", "C", "200", "200", false},
		{"voided", func(o string) { mustSale(t, s, o, "1.01"); void(o) }, "S", "V", "101", "101", true},
		{"refunded", func(o string) { mustSale(t, s, o, "1.01"); credit(o, "1.01") }, "C", "C", "101", "101", false},
		{"partially refunded", func(o string) { mustSale(t, s, o, "40.00"); credit(o, "15.00") }, "C", "C", "1500", "1500", false},
		{"declined", func(o string) { do(t, s, saleFields("Auth", o, "1.01", s.Cards().DoNotHonour)...) }, "S", "D", "101", "", false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			order := "ST-" + string(rune('A'+i))
			tc.setup(order)
			r := status(t, s, order)
			if got, want := r.order[:5], []string{"ErrMsg", "ProcReturnCode", "Response", "OrderId", "TransId"}; !slices.Equal(got, want) {
				t.Errorf("element order = %v, want %v", got, want)
			}
			if r.top["ProcReturnCode"] != "00" || r.top["Response"] != "Approved" || r.top["ErrMsg"] != "Record(s) found for "+order {
				t.Errorf("frame = %v", r.top)
			}
			x := r.extra
			if x["CHARGE_TYPE_CD"] != tc.chargeType || x["TRANS_STAT"] != tc.stat || x["ORIG_TRANS_AMT"] != tc.orig || x["CAPTURE_AMT"] != tc.capt {
				t.Errorf("got CHARGE_TYPE_CD %q TRANS_STAT %q ORIG %q CAPTURE %q, want %q %q %q %q",
					x["CHARGE_TYPE_CD"], x["TRANS_STAT"], x["ORIG_TRANS_AMT"], x["CAPTURE_AMT"], tc.chargeType, tc.stat, tc.orig, tc.capt)
			}
			if _, ok := x["VOID_DTTM"]; ok != tc.voided {
				t.Errorf("VOID_DTTM present = %v, want %v", ok, tc.voided)
			}
			if x["PAN"] != "4000 00** **** 0006" && tc.name != "declined" {
				t.Errorf("PAN = %q", x["PAN"])
			}
			if x["ORD_ID"] != order || x["NUMCODE"] != "0" || x["TRANS_ID"] != r.top["TransId"] {
				t.Errorf("ORD_ID %q NUMCODE %q TRANS_ID %q", x["ORD_ID"], x["NUMCODE"], x["TRANS_ID"])
			}
			if _, err := time.Parse("2006-01-02 15:04:05.000", x["AUTH_DTTM"]); err != nil {
				t.Errorf("AUTH_DTTM %q: %v", x["AUTH_DTTM"], err)
			}
			parts := strings.Split(x["ORDERSTATUS"], "\t")
			if len(parts) != 9 || parts[0] != "ORD_ID:"+order || parts[4] != "TRANS_STAT:"+tc.stat {
				t.Errorf("ORDERSTATUS = %q", x["ORDERSTATUS"])
			}
		})
	}
	t.Run("settled", func(t *testing.T) {
		mustSale(t, s, "ST-EOD", "3.00")
		s.EndOfDay()
		if got := status(t, s, "ST-EOD").extra["TRANS_STAT"]; got != "S" {
			t.Errorf("TRANS_STAT after end of day = %q, want S", got)
		}
	})
	t.Run("unknown", func(t *testing.T) {
		r := status(t, s, "ST-NONE")
		if r.top["ProcReturnCode"] != "99" || r.top["Response"] != "Declined" || r.top["ErrMsg"] != "No record found for ST-NONE" {
			t.Errorf("unknown order: %v", r)
		}
		if r.top["OrderId"] != "" || r.extra["NUMCODE"] != "0" || !strings.HasPrefix(r.extra["ORDERSTATUS"], "ORD_ID:\t") {
			t.Errorf("unknown order: %v", r)
		}
	})
}

func TestOrderHistory(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		name  string
		setup func(o string)
		want  []string // "charge stat orig capture proc" of TRX1..n
	}{
		{"one sale", func(o string) { mustSale(t, s, o, "1.01") }, []string{"S C 101 101 00"}},
		{"one preauth", func(o string) { mustPreAuth(t, s, o, "2.05") }, []string{"S A 205  00"}},
		{"preauth then postauth", func(o string) {
			mustPreAuth(t, s, o, "2.05")
			do(t, s, field{"Type", "PostAuth"}, field{"OrderId", o}, field{"Total", "2.00"})
		}, []string{"S C 200 200 00"}},
		{"sale then void", func(o string) {
			mustSale(t, s, o, "1.01")
			do(t, s, field{"Type", "Void"}, field{"OrderId", o})
		}, []string{"S V 101 101 00"}},
		{"sale, void, failed refund", func(o string) {
			mustSale(t, s, o, "1.01")
			do(t, s, field{"Type", "Void"}, field{"OrderId", o})
			do(t, s, field{"Type", "Credit"}, field{"OrderId", o}, field{"Total", "1.00"})
		}, []string{"C D 100 100 99", "S V 101 101 00"}},
		{"sale settled, partial refund", func(o string) {
			mustSale(t, s, o, "1.01")
			s.EndOfDay()
			do(t, s, field{"Type", "Credit"}, field{"OrderId", o}, field{"Total", "0.50"})
		}, []string{"C C 50 50 00", "S S 101 101 00"}},
		{"decline then sale", func(o string) {
			do(t, s, saleFields("Auth", o, "1.01", s.Cards().LostCard)...)
			mustSale(t, s, o, "1.01")
		}, []string{"S C 101 101 00", "S D 101  41"}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			order := "HI-" + string(rune('A'+i))
			tc.setup(order)
			r := history(t, s, order)
			if r.top["ProcReturnCode"] != "00" || r.top["Response"] != "Approved" || r.top["OrderId"] != order {
				t.Fatalf("frame: %v", r)
			}
			if got, want := r.extra["TRXCOUNT"], string(rune('0'+len(tc.want))); got != want {
				t.Fatalf("TRXCOUNT = %q, want %q (%v)", got, want, r.extra)
			}
			for j, want := range tc.want {
				rec := strings.Split(r.extra["TRX"+string(rune('1'+j))], "\t")
				if len(rec) != 11 {
					t.Fatalf("TRX%d has %d fields, want 11: %q", j+1, len(rec), rec)
				}
				if got := strings.Join([]string{rec[0], rec[1], rec[2], rec[3], rec[9]}, " "); got != want {
					t.Errorf("TRX%d = %q, want %q", j+1, got, want)
				}
				if rec[1] == "D" && (rec[7] != "" || rec[8] != "") {
					t.Errorf("failed TRX%d has host ref %q / auth code %q", j+1, rec[7], rec[8])
				}
				if rec[1] == "V" && rec[6] == "" {
					t.Errorf("voided TRX%d has no VOID_DTTM", j+1)
				}
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		r := history(t, s, "HI-NONE")
		if r.top["ProcReturnCode"] != "05" || r.top["Response"] != "Declined" || r.extra["TRXCOUNT"] != "0" ||
			r.top["ErrMsg"] != "No record found for HI-NONE" {
			t.Errorf("unknown order: %v", r)
		}
	})
}

func TestNoFullPANInReplies(t *testing.T) {
	s := newTestServer(t)
	card := s.Cards().Approve
	mustSale(t, s, "PAN-1", "10.00")
	for _, r := range []*cc5Reply{status(t, s, "PAN-1"), history(t, s, "PAN-1")} {
		if bytes.Contains(r.raw, []byte(card.Number)) || bytes.Contains(r.raw, []byte(card.CVV)) {
			t.Errorf("reply holds the card number or CVV:\n%s", r.raw)
		}
	}
	for _, o := range s.Ledger().Orders() {
		if strings.Contains(o.MaskedPAN, card.Number) {
			t.Errorf("ledger keeps the full PAN")
		}
	}
}
