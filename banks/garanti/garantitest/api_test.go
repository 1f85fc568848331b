package garantitest_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/sanalpos/vpos"
)

var (
	rrnRE      = regexp.MustCompile(`^\d{12}$`)
	sixDigits  = regexp.MustCompile(`^\d{6}$`)
	provDateRE = regexp.MustCompile(`^\d{8} \d\d:\d\d:\d\d$`)
	hex128     = regexp.MustCompile(`^[0-9A-F]{128}$`)
)

func TestSaleApproved(t *testing.T) {
	c := newClient(t)
	r := c.sale("sales", "ORD-1", "10025")
	tr := r.Transaction
	if got, want := tr.Response.Source+"/"+tr.Response.Message, "HOST/Approved"; got != want {
		t.Errorf("Source/Message = %q, want %q", got, want)
	}
	for _, f := range []struct {
		name, got string
		re        *regexp.Regexp
	}{
		{"RetrefNum", tr.RetrefNum, rrnRE},
		{"AuthCode", tr.AuthCode, sixDigits},
		{"BatchNum", tr.BatchNum, sixDigits},
		{"SequenceNum", tr.SequenceNum, sixDigits},
		{"ProvDate", tr.ProvDate, provDateRE},
		{"HashData", tr.HashData, hex128},
	} {
		if !f.re.MatchString(f.got) {
			t.Errorf("%s = %q, want to match %s", f.name, f.got, f.re)
		}
	}
	if got, want := tr.CardNumberMasked, "400000******0006"; got != want {
		t.Errorf("CardNumberMasked = %q, want %q", got, want)
	}
	if got, want := r.Order.OrderID, "ORD-1"; got != want {
		t.Errorf("Order/OrderID = %q, want %q", got, want)
	}
	if got, want := r.Terminal.ID, c.bank.Credentials().TerminalID; got != want {
		t.Errorf("Terminal/ID = %q, want %q", got, want)
	}
	o, ok := c.bank.Ledger().Order("ORD-1")
	if !ok || o.Amount != 10025 || o.Currency != vpos.TRY || o.Status != vpos.StatusApproved || o.RRN != tr.RetrefNum {
		t.Errorf("ledger order = %+v, want approved 10025 TRY with RRN %s", o, tr.RetrefNum)
	}
	if got := c.bank.Ledger().Bookings(); got != 1 {
		t.Errorf("Bookings = %d, want 1", got)
	}
}

func TestSaleAmountsCurrenciesInstallments(t *testing.T) {
	c := newClient(t)
	card := c.bank.Cards().Approve
	for i, tc := range []struct {
		amount, currency, inst string
		wantCur                vpos.Currency
		wantInst               int
	}{
		{"1", "949", "", vpos.TRY, 0},
		{"99", "840", "", vpos.USD, 0},
		{"123456", "978", "", vpos.EUR, 0},
		{"999999999999", "826", "", vpos.GBP, 0},
		{"500", "392", "0", vpos.JPY, 0},
		{"500", "643", "1", vpos.RUB, 0},
		{"30000", "949", "2", vpos.TRY, 2},
		{"30000", "949", "12", vpos.TRY, 12},
	} {
		id := "AMT-" + string(rune('A'+i))
		r := c.do(&tx{typ: "sales", orderID: id, amount: tc.amount, currency: tc.currency, inst: tc.inst, card: &card})
		if got := r.code(); got != "00/00" {
			t.Errorf("sale %s %s %s inst %q: got %s (%s), want 00/00", id, tc.amount, tc.currency, tc.inst, got, r.Transaction.Response.SysErrMsg)
			continue
		}
		o, _ := c.bank.Ledger().Order(id)
		if o.Amount.String() != tc.amount || o.Currency != tc.wantCur || o.Installments != tc.wantInst {
			t.Errorf("ledger %s: got %s %s inst %d, want %s %s inst %d", id, o.Amount, o.Currency, o.Installments, tc.amount, tc.wantCur, tc.wantInst)
		}
	}
}

func TestSaleDeclines(t *testing.T) {
	c := newClient(t)
	cards := c.bank.Cards()
	for _, tc := range []struct {
		card           vpos.Card
		wantCode, sys  string
		wantLedgerCode string
	}{
		{cards.InsufficientFunds, "51/51", "LIMIT YETERSIZ", "51"},
		{cards.DoNotHonour, "05/05", "ISLEM ONAYLANMADI", "05"},
		{cards.LostCard, "41/41", "KAYIP KART, KARTA EL KOYUNUZ", "41"},
		{cards.StolenCard, "43/43", "CALINTI KART, KARTA EL KOYUNUZ", "43"},
		{cards.Expired, "54/54", "KARTIN SURESI DOLMUS", "54"},
		{cards.InvalidCVV, "12/12", "CVC2/4CSC HATALI", "82"},
	} {
		id := "DEC-" + tc.wantLedgerCode
		r := c.do(&tx{typ: "sales", orderID: id, amount: "5000", card: &tc.card})
		tr := r.Transaction
		if got := r.code(); got != tc.wantCode {
			t.Errorf("%s: code %s, want %s", id, got, tc.wantCode)
		}
		if tr.Response.Source != "HOST" || tr.Response.Message != "Declined" || tr.Response.SysErrMsg != tc.sys {
			t.Errorf("%s: Response %+v, want HOST Declined %q", id, tr.Response, tc.sys)
		}
		if tr.Response.ErrorMsg != "İşleminizi gerçekleştiremiyoruz.Tekrar deneyiniz" {
			t.Errorf("%s: ErrorMsg %q", id, tr.Response.ErrorMsg)
		}
		if tr.AuthCode != "" || !rrnRE.MatchString(tr.RetrefNum) || tr.BatchNum == "" || tr.SequenceNum == "" {
			t.Errorf("%s: AuthCode %q RetrefNum %q BatchNum %q SequenceNum %q, want no AuthCode and references", id, tr.AuthCode, tr.RetrefNum, tr.BatchNum, tr.SequenceNum)
		}
		o, _ := c.bank.Ledger().Order(id)
		if o == nil || o.Status != vpos.StatusDeclined || o.Code != tc.wantLedgerCode {
			t.Errorf("%s: ledger %+v, want declined %s", id, o, tc.wantLedgerCode)
		}
	}
	if got := c.bank.Ledger().Bookings(); got != 0 {
		t.Errorf("Bookings = %d, want 0", got)
	}
	// A declined order id may be tried again.
	c.sale("sales", "DEC-51", "5000")
}

func TestSalePastExpiryAndLuhn(t *testing.T) {
	c := newClient(t)
	past := c.bank.Cards().Approve
	past.ExpYear = 2020
	if got, want := c.do(&tx{typ: "sales", orderID: "EXP-1", card: &past}).code(), "54/54"; got != want {
		t.Errorf("past expiry: got %s, want %s", got, want)
	}
	bad := c.bank.Cards().Approve
	bad.Number = bad.Number[:15] + "1"
	if got, want := c.do(&tx{typ: "sales", orderID: "LUHN-1", card: &bad}).code(), "14/14"; got != want {
		t.Errorf("Luhn failure: got %s, want %s", got, want)
	}
	if _, ok := c.bank.Ledger().Order("LUHN-1"); ok {
		t.Errorf("a Luhn failure reached the ledger")
	}
}

func TestValidation(t *testing.T) {
	c := newClient(t)
	card := c.bank.Cards().Approve
	noCVV := card
	noCVV.CVV = ""
	for _, tc := range []struct {
		name string
		x    tx
		want string
		sys  string
	}{
		{"zero amount", tx{typ: "sales", orderID: "V1", amount: "0", card: &card}, "92/0002", "TxnAmount field must not be zero"},
		{"decimal amount", tx{typ: "sales", orderID: "V2", amount: "1.00", card: &card}, "92/0002", "TxnAmount"},
		{"13 digits", tx{typ: "sales", orderID: "V3", amount: "1000000000000", card: &card}, "92/0002", "TxnAmount"},
		{"no currency", tx{typ: "sales", orderID: "V4", noCurrency: true, card: &card}, "92/0002", "CurrencyCode"},
		{"unknown currency", tx{typ: "sales", orderID: "V5", currency: "999", card: &card}, "92/0002", "CurrencyCode"},
		{"13 installments", tx{typ: "sales", orderID: "V6", inst: "13", card: &card}, "92/0002", "InstallmentCnt"},
		{"no customer IP", tx{typ: "sales", orderID: "V7", ip: "-", card: &card}, "92/0002", "CustomerIPAddress field must contain value"},
		{"no card", tx{typ: "sales", orderID: "V8"}, "92/0002", "CardNumber"},
		{"no CVV", tx{typ: "sales", orderID: "V9", card: &noCVV}, "92/0002", "CVV2"},
		{"no order id", tx{typ: "sales", card: &card}, "92/0002", "OrderID"},
		{"no type", tx{typ: "", orderID: "V10", card: &card}, "92/0002", "TxnType"},
		{"unknown type", tx{typ: "bininq", orderID: "V11"}, "92/0002", "TxnType"},
		{"no mode", tx{typ: "sales", orderID: "V12", mode: " ", card: &card}, "92/0002", "Mode"},
		{"not XML", tx{rawBody: "hello"}, "92/0002", "GVPSRequest"},
	} {
		r := c.do(&tc.x)
		if got := r.code(); got != tc.want || r.Transaction.Response.Source != "GVPS" || !strings.Contains(r.Transaction.Response.SysErrMsg, tc.sys) {
			t.Errorf("%s: got %s %s %q, want GVPS %s with SysErrMsg containing %q", tc.name, r.Transaction.Response.Source, got, r.Transaction.Response.SysErrMsg, tc.want, tc.sys)
		}
		if r.Transaction.RetrefNum != "" || r.Transaction.AuthCode != "" {
			t.Errorf("%s: RetrefNum %q AuthCode %q, want empty", tc.name, r.Transaction.RetrefNum, r.Transaction.AuthCode)
		}
	}
	if got := len(c.bank.Ledger().Entries()); got != 0 {
		t.Errorf("ledger entries after refused requests = %d, want 0", got)
	}
	// MOTO may leave the CVV out.
	if got := c.do(&tx{typ: "sales", orderID: "MOTO-1", moto: "Y", card: &noCVV}).code(); got != "00/00" {
		t.Errorf("MOTO sale without CVV: got %s, want 00/00", got)
	}
}

func TestAuthentication(t *testing.T) {
	c := newClient(t)
	card := c.bank.Cards().Approve
	for _, tc := range []struct {
		name string
		x    tx
		want string
		msg  string
	}{
		{"bad hash", tx{typ: "sales", orderID: "A1", card: &card, badHash: true}, "92/0651", "User password is incorrect"},
		{"wrong password", tx{typ: "sales", orderID: "A2", card: &card, password: "wrong"}, "92/0651", "User password is incorrect"},
		{"unknown user", tx{typ: "sales", orderID: "A3", card: &card, user: "PROVXXX"}, "92/0651", "User password is incorrect"},
		{"wrong terminal", tx{typ: "sales", orderID: "A4", card: &card, terminal: "30691299"}, "92/0752", "No terminal record"},
		{"wrong merchant", tx{typ: "sales", orderID: "A5", card: &card, merchant: "7000000"}, "92/0752", "No terminal record"},
		{"legacy version", tx{typ: "sales", orderID: "A6", card: &card, legacyClient: true}, "92/0651", "User password is incorrect"},
		{"refund user sells", tx{typ: "sales", orderID: "A7", card: &card, user: "PROVRFN"}, "92/0652", "yetkiniz yok"},
		{"refund user pre-authorises", tx{typ: "preauth", orderID: "A8", card: &card, user: "PROVRFN"}, "92/0652", "yetkiniz yok"},
	} {
		r := c.do(&tc.x)
		if got := r.code(); got != tc.want || !strings.Contains(r.Transaction.Response.ErrorMsg, tc.msg) {
			t.Errorf("%s: got %s %q, want %s %q", tc.name, got, r.Transaction.Response.ErrorMsg, tc.want, tc.msg)
		}
	}
	if got := c.bank.Ledger().Bookings(); got != 0 {
		t.Errorf("Bookings = %d, want 0", got)
	}
}

// Clients in the wild post the XML with any Content-Type, or in a form
// field "data" (garanti.md §1).
func TestRequestFraming(t *testing.T) {
	c := newClient(t)
	card := c.bank.Cards().Approve
	for i, ct := range []string{"", "text/xml", "application/x-www-form-urlencoded", "application/xml; charset=utf-8"} {
		id := "CT-" + string(rune('A'+i))
		if got := c.do(&tx{typ: "sales", orderID: id, card: &card, contentType: ct}).code(); got != "00/00" {
			t.Errorf("Content-Type %q: got %s, want 00/00", ct, got)
		}
	}
	body := c.body(&tx{typ: "sales", orderID: "CT-FORM", card: &card})
	r := c.do(&tx{rawBody: url.Values{"data": {body}}.Encode(), contentType: "application/x-www-form-urlencoded"})
	if got := r.code(); got != "00/00" {
		t.Errorf("form field data: got %s, want 00/00", got)
	}
}

func TestDuplicateOrder(t *testing.T) {
	c := newClient(t)
	c.sale("sales", "DUP-1", "1000")
	card := c.bank.Cards().Approve
	for _, typ := range []string{"sales", "preauth"} {
		r := c.do(&tx{typ: typ, orderID: "DUP-1", amount: "1000", card: &card})
		if got, want := r.code(), "92/0104"; got != want || r.Transaction.Response.Source != "GVPS" {
			t.Errorf("second %s: got %s %s, want GVPS %s", typ, r.Transaction.Response.Source, got, want)
		}
	}
	if got := c.bank.Ledger().Bookings(); got != 1 {
		t.Errorf("Bookings = %d, want 1", got)
	}
}

func TestPreAuthPostAuth(t *testing.T) {
	c := newClient(t)
	pre := c.sale("preauth", "PRE-1", "10000")
	if got := c.do(&tx{typ: "postauth", orderID: "PRE-1", amount: "10001", rrn: pre.Transaction.RetrefNum}).code(); got != "92/0209" {
		t.Errorf("over-capture: got %s, want 92/0209", got)
	}
	r := c.do(&tx{typ: "postauth", orderID: "PRE-1", amount: "7500", rrn: pre.Transaction.RetrefNum})
	if got := r.code(); got != "00/00" {
		t.Fatalf("partial postauth: got %s (%s), want 00/00", got, r.Transaction.Response.SysErrMsg)
	}
	if r.Transaction.RetrefNum == pre.Transaction.RetrefNum || !rrnRE.MatchString(r.Transaction.RetrefNum) {
		t.Errorf("postauth RetrefNum %q, want a new one (preauth %q)", r.Transaction.RetrefNum, pre.Transaction.RetrefNum)
	}
	if o, _ := c.bank.Ledger().Order("PRE-1"); o.Captured != 7500 {
		t.Errorf("captured %d, want 7500", o.Captured)
	}
	if got := c.do(&tx{typ: "postauth", orderID: "PRE-1", amount: "100", rrn: pre.Transaction.RetrefNum}).code(); got != "92/0209" {
		t.Errorf("second postauth: got %s, want 92/0209", got)
	}
	// Full capture found by order id alone.
	c.sale("preauth", "PRE-2", "2000")
	if got := c.do(&tx{typ: "postauth", orderID: "PRE-2", amount: "2000"}).code(); got != "00/00" {
		t.Errorf("postauth by order id: got %s, want 00/00", got)
	}
	for _, tc := range []struct {
		name string
		x    tx
		want string
	}{
		{"unknown order", tx{typ: "postauth", orderID: "NOPE", amount: "100"}, "92/0102"},
		{"unknown rrn", tx{typ: "postauth", orderID: "PRE-1", amount: "100", rrn: "999999999999"}, "92/0102"},
		{"rrn of another order", tx{typ: "postauth", orderID: "PRE-2", amount: "100", rrn: pre.Transaction.RetrefNum}, "92/0102"},
		{"zero amount", tx{typ: "postauth", orderID: "PRE-2", amount: "0"}, "92/0002"},
		{"refund user", tx{typ: "postauth", orderID: "PRE-2", amount: "100", user: "PROVRFN"}, "92/0652"},
	} {
		if got := c.do(&tc.x).code(); got != tc.want {
			t.Errorf("postauth %s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	c.sale("sales", "SALE-1", "2000")
	if got := c.do(&tx{typ: "postauth", orderID: "SALE-1", amount: "2000"}).code(); got != "92/0209" {
		t.Errorf("postauth of a sale: got %s, want 92/0209", got)
	}
}

func TestVoid(t *testing.T) {
	c := newClient(t)
	s := c.sale("sales", "VOID-1", "3000")
	// PROVAUT may not void.
	if got := c.do(&tx{typ: "void", orderID: "VOID-1", rrn: s.Transaction.RetrefNum}).code(); got != "92/0652" {
		t.Errorf("void by PROVAUT: got %s, want 92/0652", got)
	}
	r := c.do(&tx{typ: "void", user: c.refundUser(), orderID: "VOID-1", amount: "100", rrn: s.Transaction.RetrefNum})
	if got := r.code(); got != "00/00" {
		t.Fatalf("void: got %s (%s), want 00/00", got, r.Transaction.Response.SysErrMsg)
	}
	if r.Terminal.ProvUserID != "PROVRFN" || r.Transaction.AuthCode != s.Transaction.AuthCode || r.Transaction.RetrefNum == s.Transaction.RetrefNum {
		t.Errorf("void reply ProvUserID %q AuthCode %q RetrefNum %q, want PROVRFN, the sale's AuthCode %q and a new RetrefNum",
			r.Terminal.ProvUserID, r.Transaction.AuthCode, r.Transaction.RetrefNum, s.Transaction.AuthCode)
	}
	if o, _ := c.bank.Ledger().Order("VOID-1"); o.Status != vpos.StatusVoided {
		t.Errorf("ledger status %s, want voided", o.Status)
	}
	for _, tc := range []struct {
		name string
		x    tx
		want string
	}{
		{"second void", tx{typ: "void", user: "PROVRFN", orderID: "VOID-1", rrn: s.Transaction.RetrefNum}, "92/0210"},
		{"refund of a voided sale", tx{typ: "refund", user: "PROVRFN", orderID: "VOID-1", amount: "3000", rrn: s.Transaction.RetrefNum}, "92/0208"},
		{"unknown order", tx{typ: "void", user: "PROVRFN", orderID: "NOPE"}, "92/0201"},
		{"unknown rrn", tx{typ: "void", user: "PROVRFN", rrn: "999999999999"}, "92/0201"},
	} {
		if got := c.do(&tc.x).code(); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	// A void by order id alone, and of a refunded sale.
	c.sale("sales", "VOID-2", "3000")
	if got := c.do(&tx{typ: "void", user: "PROVRFN", orderID: "VOID-2"}).code(); got != "00/00" {
		t.Errorf("void by order id: got %s, want 00/00", got)
	}
	c.sale("sales", "VOID-3", "3000")
	if got := c.do(&tx{typ: "refund", user: "PROVRFN", orderID: "VOID-3", amount: "1000"}).code(); got != "00/00" {
		t.Fatalf("refund: got %s, want 00/00", got)
	}
	if got := c.do(&tx{typ: "void", user: "PROVRFN", orderID: "VOID-3"}).code(); got != "92/0210" {
		t.Errorf("void of a refunded sale: got %s, want 92/0210", got)
	}
	// A captured pre-authorisation is voided through its capture's RRN.
	pre := c.sale("preauth", "VOID-4", "3000")
	cap := c.do(&tx{typ: "postauth", orderID: "VOID-4", amount: "3000", rrn: pre.Transaction.RetrefNum})
	if got := c.do(&tx{typ: "void", user: "PROVRFN", orderID: "VOID-4", rrn: cap.Transaction.RetrefNum}).code(); got != "00/00" {
		t.Errorf("void of a capture: got %s, want 00/00", got)
	}
	if got := c.bank.Ledger().BookedAmount("VOID-4"); got != 0 {
		t.Errorf("booked after void of capture = %d, want 0", got)
	}
}

func TestVoidAfterBatchClose(t *testing.T) {
	c := newClient(t)
	s := c.sale("sales", "EOD-1", "3000")
	c.bank.CloseBatch()
	r := c.do(&tx{typ: "void", user: "PROVRFN", orderID: "EOD-1", rrn: s.Transaction.RetrefNum})
	tr := r.Transaction
	if got := r.code(); got != "05/05" || tr.Response.Source != "HOST" || tr.Response.SysErrMsg != "RPC-05 condition was raised" {
		t.Errorf("void after batch close: got %s %s %q, want HOST 05/05 RPC-05", tr.Response.Source, got, tr.Response.SysErrMsg)
	}
	if !rrnRE.MatchString(tr.RetrefNum) || tr.AuthCode != s.Transaction.AuthCode {
		t.Errorf("host refusal RetrefNum %q AuthCode %q, want references and the original AuthCode", tr.RetrefNum, tr.AuthCode)
	}
	if got := c.do(&tx{typ: "refund", user: "PROVRFN", orderID: "EOD-1", amount: "3000"}).code(); got != "00/00" {
		t.Errorf("refund after batch close: got %s, want 00/00", got)
	}
}

func TestVoidNextDay(t *testing.T) {
	clock := &fixedClock{t: mustTime(t, "2025-03-10T23:00:00+03:00")}
	c := newClient(t, withClock(clock))
	c.sale("sales", "DAY-1", "3000")
	clock.t = clock.t.Add(2 * 3600e9)
	if got := c.do(&tx{typ: "void", user: "PROVRFN", orderID: "DAY-1"}).code(); got != "05/05" {
		t.Errorf("void the next day: got %s, want 05/05", got)
	}
}

func TestRefund(t *testing.T) {
	c := newClient(t)
	s := c.sale("sales", "REF-1", "10000")
	if got := c.do(&tx{typ: "refund", orderID: "REF-1", amount: "100", rrn: s.Transaction.RetrefNum}).code(); got != "92/0652" {
		t.Errorf("refund by PROVAUT: got %s, want 92/0652", got)
	}
	var rrns []string
	for _, amount := range []string{"2500", "2500", "5000"} {
		r := c.do(&tx{typ: "refund", user: "PROVRFN", orderID: "REF-1", amount: amount, rrn: s.Transaction.RetrefNum})
		if got := r.code(); got != "00/00" {
			t.Fatalf("refund %s: got %s (%s), want 00/00", amount, got, r.Transaction.Response.SysErrMsg)
		}
		if !sixDigits.MatchString(r.Transaction.AuthCode) || r.Terminal.ProvUserID != "PROVRFN" {
			t.Errorf("refund AuthCode %q ProvUserID %q", r.Transaction.AuthCode, r.Terminal.ProvUserID)
		}
		rrns = append(rrns, r.Transaction.RetrefNum)
	}
	if rrns[0] == rrns[1] || rrns[1] == rrns[2] {
		t.Errorf("refund RetrefNums %v, want distinct", rrns)
	}
	if o, _ := c.bank.Ledger().Order("REF-1"); o.Status != vpos.StatusRefunded || o.Refunded != 10000 {
		t.Errorf("ledger %s refunded %d, want refunded 10000", o.Status, o.Refunded)
	}
	if got := c.do(&tx{typ: "refund", user: "PROVRFN", orderID: "REF-1", amount: "1"}).code(); got != "92/0214" {
		t.Errorf("refund beyond the sale: got %s, want 92/0214", got)
	}
	c.sale("sales", "REF-2", "1000")
	for _, tc := range []struct {
		name string
		x    tx
		want string
	}{
		{"over-refund", tx{typ: "refund", user: "PROVRFN", orderID: "REF-2", amount: "1001"}, "92/0214"},
		{"unknown order", tx{typ: "refund", user: "PROVRFN", orderID: "NOPE", amount: "100"}, "92/0208"},
		{"zero amount", tx{typ: "refund", user: "PROVRFN", orderID: "REF-2", amount: "0"}, "92/0002"},
		{"other currency", tx{typ: "refund", user: "PROVRFN", orderID: "REF-2", amount: "100", currency: "840"}, "92/0002"},
		{"refund of a refund", tx{typ: "refund", user: "PROVRFN", orderID: "REF-1", amount: "100", rrn: rrns[0]}, "92/0208"},
	} {
		if got := c.do(&tc.x).code(); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
	c.sale("preauth", "REF-3", "1000")
	if got := c.do(&tx{typ: "refund", user: "PROVRFN", orderID: "REF-3", amount: "100"}).code(); got != "92/0208" {
		t.Errorf("refund of an uncaptured pre-authorisation: got %s, want 92/0208", got)
	}
}

func TestRefundBatchRules(t *testing.T) {
	c := newClient(t, garantitestWithBatchRules())
	c.sale("sales", "BR-1", "1000")
	if got := c.do(&tx{typ: "refund", user: "PROVRFN", orderID: "BR-1", amount: "500"}).code(); got != "92/0208" {
		t.Errorf("refund before batch close: got %s, want 92/0208", got)
	}
	c.bank.CloseBatch()
	if got := c.do(&tx{typ: "refund", user: "PROVRFN", orderID: "BR-1", amount: "500"}).code(); got != "00/00" {
		t.Errorf("refund after batch close: got %s, want 00/00", got)
	}
}

func TestLegacyAPI(t *testing.T) {
	c := newLegacyClient(t)
	r := c.sale("sales", "LEG-1", "10025")
	if len(r.Transaction.HashData) != 40 {
		t.Errorf("legacy reply HashData %q, want 40 hex digits", r.Transaction.HashData)
	}
	if got := c.do(&tx{typ: "refund", user: "PROVRFN", orderID: "LEG-1", amount: "25"}).code(); got != "00/00" {
		t.Errorf("legacy refund: got %s, want 00/00", got)
	}
	card := c.bank.Cards().Approve
	if got := c.do(&tx{typ: "sales", orderID: "LEG-2", card: &card, version: "512"}).code(); got != "92/0651" {
		t.Errorf("v512 request to a legacy terminal: got %s, want 92/0651", got)
	}
	if got := c.do(&tx{typ: "sales", orderID: "LEG-3", card: &card, version: "v0.00"}).code(); got != "00/00" {
		t.Errorf("v0.00 request: got %s, want 00/00", got)
	}
}
