package garantitest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
)

// inq sends an orderinq.
func (c *client) inq(orderID string) *reply {
	c.t.Helper()
	return c.do(&tx{typ: "orderinq", orderID: orderID})
}

func TestOrderInqStates(t *testing.T) {
	c := newClient(t)
	card := c.bank.Cards()
	rfn := c.refundUser()

	c.sale("sales", "S-APPROVED", "101")
	c.do(&tx{typ: "sales", orderID: "S-DECLINED", amount: "101", card: &card.InsufficientFunds})
	c.do(&tx{typ: "sales", orderID: "S-CVV", amount: "101", card: &card.InvalidCVV})
	c.sale("preauth", "P-WAITING", "101")
	c.sale("preauth", "P-CAPTURED", "101")
	c.do(&tx{typ: "postauth", orderID: "P-CAPTURED", amount: "90"})
	c.sale("sales", "S-VOIDED", "101")
	c.do(&tx{typ: "void", user: rfn, orderID: "S-VOIDED"})
	c.sale("sales", "S-REFUNDED", "101")
	c.do(&tx{typ: "refund", user: rfn, orderID: "S-REFUNDED", amount: "101"})
	c.sale("sales", "S-PARTIAL", "101")
	c.do(&tx{typ: "refund", user: rfn, orderID: "S-PARTIAL", amount: "40"})
	c.sale("sales", "S-INST", "3000")
	c.do(&tx{typ: "sales", orderID: "S-INST2", amount: "3000", inst: "3", card: &card.Approve})

	for _, tc := range []struct {
		order, status, preAuth, auth, code, inst string
		preDate, authDate                        bool
	}{
		{"S-APPROVED", "APPROVED", "0", "101", "00", "0", false, true},
		{"S-DECLINED", "DECLINED", "0", "0", "51", "0", false, false},
		{"S-CVV", "DECLINED", "0", "0", "12", "0", false, false},
		{"P-WAITING", "WAITINGPOSTAUTH", "101", "0", "00", "0", true, false},
		{"P-CAPTURED", "APPROVED", "101", "90", "00", "0", true, true},
		{"S-VOIDED", "VOID", "0", "101", "00", "0", false, true},
		{"S-REFUNDED", "REFUNDED", "0", "101", "00", "0", false, true},
		{"S-PARTIAL", "REFUNDED", "0", "101", "00", "0", false, true},
		{"S-INST2", "APPROVED", "0", "3000", "00", "3", false, true},
	} {
		r := c.inq(tc.order)
		if got := r.code(); got != "00/" || r.Transaction.Response.Source != "GVPS" {
			t.Errorf("%s: query answer %s %s, want GVPS 00 with an empty ReasonCode", tc.order, r.Transaction.Response.Source, got)
		}
		res := r.Order.OrderInqResult
		if res == nil {
			t.Fatalf("%s: no OrderInqResult", tc.order)
		}
		got := fmt.Sprintf("%s pre=%s auth=%s code=%s/%s inst=%s", res.Status, res.PreAuthAmount, res.AuthAmount, res.Code, res.ReasonCode, res.InstallmentCnt)
		want := fmt.Sprintf("%s pre=%s auth=%s code=%s/%s inst=%s", tc.status, tc.preAuth, tc.auth, tc.code, tc.code, tc.inst)
		if got != want {
			t.Errorf("%s: got %s, want %s", tc.order, got, want)
		}
		if (res.PreAuthDate != "") != tc.preDate || (res.AuthDate != "") != tc.authDate {
			t.Errorf("%s: PreAuthDate %q AuthDate %q, want set %v %v", tc.order, res.PreAuthDate, res.AuthDate, tc.preDate, tc.authDate)
		}
		if res.ChargeType != "S" || res.CardNumberMasked == "" || strings.HasPrefix(res.BatchNum, "0") || strings.HasPrefix(res.SequenceNum, "0") {
			t.Errorf("%s: ChargeType %q CardNumberMasked %q BatchNum %q", tc.order, res.ChargeType, res.CardNumberMasked, res.BatchNum)
		}
		for _, d := range []string{res.PreAuthDate, res.AuthDate} {
			if d != "" {
				if _, err := time.Parse("2006-01-02 15:04:05.000", d); err != nil {
					t.Errorf("%s: date %q is not yyyy-MM-dd HH:mm:ss.SSS", tc.order, d)
				}
			}
		}
	}
	if got, want := c.inq("S-APPROVED").Order.OrderInqResult.CardNumberMasked, "40000099****0006"; got != want {
		t.Errorf("CardNumberMasked = %q, want %q", got, want)
	}

	r := c.inq("UNKNOWN")
	if got := r.code(); got != "92/0110" || r.Transaction.Response.ErrorMsg != "İşlem bulunamadı" || r.Transaction.Response.SysErrMsg != "ErrorId: 0110" {
		t.Errorf("unknown order: got %s %q %q, want 92/0110", got, r.Transaction.Response.ErrorMsg, r.Transaction.Response.SysErrMsg)
	}
	if res := r.Order.OrderInqResult; res == nil || res.CardNumberMasked != "null" || res.BatchNum != "0" || res.AuthAmount != "0" {
		t.Errorf("unknown order OrderInqResult = %+v, want the empty shape (CardNumberMasked null)", res)
	}
	// Both users may ask.
	if got := c.do(&tx{typ: "orderinq", user: rfn, orderID: "S-APPROVED"}).code(); got != "00/" {
		t.Errorf("orderinq by PROVRFN: got %s, want 00/", got)
	}
}

func TestOrderHistory(t *testing.T) {
	c := newClient(t)
	rfn := c.refundUser()
	card := c.bank.Cards()
	s := c.sale("sales", "H-1", "1001")
	c.do(&tx{typ: "refund", user: rfn, orderID: "H-1", amount: "300"})
	c.do(&tx{typ: "refund", user: rfn, orderID: "H-1", amount: "9999"}) // refused: a failed row
	c.do(&tx{typ: "refund", user: rfn, orderID: "H-1", amount: "200"})
	c.sale("sales", "OTHER", "1234")

	r := c.do(&tx{typ: "orderhistoryinq", orderID: "H-1"})
	if got := r.code(); got != "00/" {
		t.Fatalf("orderhistoryinq: got %s, want 00/", got)
	}
	rows := r.Order.OrderHistInqResult.OrderTxnList.OrderTxn
	var got []string
	for _, x := range rows {
		got = append(got, fmt.Sprintf("%s %s %s %s", x.Type, x.Status, x.ReturnCode, x.AuthAmount))
	}
	want := []string{"sales 00 00 1001", "refund 00 00 300", "refund 01 92 9999", "refund 00 00 200"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("history rows = %v, want %v", got, want)
	}
	if rows[0].RetrefNum != s.Transaction.RetrefNum || rows[0].AuthDate == "" || len(rows[0].AuthDate) != 8 || rows[0].CurrencyCode != "949" || rows[0].Settlement != "N" {
		t.Errorf("sale row = %+v", rows[0])
	}
	if rows[2].CurrencyCode != "0" {
		t.Errorf("failed row CurrencyCode %q, want 0", rows[2].CurrencyCode)
	}

	// A voided sale: the sale row gets VoidDate, then a void row.
	c.sale("sales", "H-2", "500")
	c.do(&tx{typ: "void", user: rfn, orderID: "H-2"})
	rows = c.do(&tx{typ: "orderhistoryinq", orderID: "H-2"}).Order.OrderHistInqResult.OrderTxnList.OrderTxn
	if len(rows) != 2 || rows[0].Type != "sales" || rows[0].VoidDate == "" || rows[1].Type != "void" || rows[1].VoidDate == "" {
		t.Errorf("voided sale history = %+v, want a sale row with VoidDate and a void row", rows)
	}
	// Pre-authorisation and capture; a declined attempt, then an approved one.
	c.sale("preauth", "H-3", "700")
	c.do(&tx{typ: "postauth", orderID: "H-3", amount: "700"})
	c.do(&tx{typ: "sales", orderID: "H-4", amount: "50", card: &card.DoNotHonour})
	c.sale("sales", "H-4", "50")
	for _, tc := range []struct {
		order string
		want  []string
	}{
		{"H-3", []string{"preauth 00 700 0", "postauth 00 0 700"}},
		{"H-4", []string{"sales 05 0 0", "sales 00 0 50"}},
	} {
		var got []string
		for _, x := range c.do(&tx{typ: "orderhistoryinq", orderID: tc.order}).Order.OrderHistInqResult.OrderTxnList.OrderTxn {
			got = append(got, fmt.Sprintf("%s %s %s %s", x.Type, x.Status, x.PreAuthAmount, x.AuthAmount))
		}
		if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
			t.Errorf("%s history = %v, want %v", tc.order, got, tc.want)
		}
	}

	r = c.do(&tx{typ: "orderhistoryinq", orderID: "UNKNOWN"})
	if got := r.code(); got != "92/0108" || r.Order.OrderHistInqResult == nil || len(r.Order.OrderHistInqResult.OrderTxnList.OrderTxn) != 0 {
		t.Errorf("unknown order history: got %s %+v, want 92/0108 and an empty list", got, r.Order.OrderHistInqResult)
	}
	c.bank.CloseBatch()
	rows = c.do(&tx{typ: "orderhistoryinq", orderID: "H-1"}).Order.OrderHistInqResult.OrderTxnList.OrderTxn
	if rows[0].Settlement != "Y" {
		t.Errorf("Settlement after CloseBatch = %q, want Y", rows[0].Settlement)
	}
}

func TestOrderList(t *testing.T) {
	clock := &fixedClock{t: mustTime(t, "2025-03-10T09:30:00+03:00")}
	c := newClient(t, withClock(clock))
	rfn := c.refundUser()
	// Yesterday's sale, then today's.
	clock.t = clock.t.AddDate(0, 0, -1)
	c.sale("sales", "L-0", "999")
	clock.t = clock.t.AddDate(0, 0, 1)
	s := c.sale("sales", "L-1", "1001")
	c.do(&tx{typ: "refund", user: rfn, orderID: "L-1", amount: "801"})
	c.sale("sales", "L-2", "500")
	clock.t = clock.t.Add(time.Minute)
	c.do(&tx{typ: "void", user: rfn, orderID: "L-2"})
	c.sale("preauth", "L-3", "300")
	c.do(&tx{typ: "postauth", orderID: "L-3", amount: "300"})
	c.do(&tx{typ: "sales", orderID: "L-4", amount: "700", inst: "3", card: &[]vpos.Card{c.bank.Cards().InsufficientFunds}[0]})

	r := c.do(&tx{typ: "orderlistinq", amount: "100", start: "10/03/2025 00:00", end: "10/03/2025 23:59"})
	if got := r.code(); got != "00/" {
		t.Fatalf("orderlistinq: got %s (%s), want 00/", got, r.Transaction.Response.SysErrMsg)
	}
	l := r.Order.OrderListInqResult.OrderTxnList
	var got []string
	for _, x := range l.OrderTxn {
		got = append(got, fmt.Sprintf("%s %s %s %s %s %s %s", x.ID, x.OrderID, x.TrxType, x.Status, x.AuthAmount, x.UserID, x.ResponseCode))
	}
	want := []string{
		"1 L-1 Satis Basarili 1001 PROVAUT 00",
		"2 L-1 Iade Basarili 801 PROVRFN 00",
		"3 L-2 Satis Iptal 500 PROVAUT 00",
		"4 L-2 Iptal Iptal 500 PROVRFN 00",
		"5 L-3 On Otorizasyon Basarili 300 PROVAUT 00",
		"6 L-3 On Otorizasyon Kapama Basarili 300 PROVAUT 00",
		"7 L-4 Satis Basarisiz 700 PROVAUT 51",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if l.TotalTxnCount != "7" || l.TotalPageCount != "1" || l.ActPageNum != "1" {
		t.Errorf("counts %s %s %s, want 7 1 1", l.TotalTxnCount, l.TotalPageCount, l.ActPageNum)
	}
	if x := l.OrderTxn[1]; x.OrigRetrefNum != s.Transaction.RetrefNum || x.CurrencyCode != "TL" || x.InstallmentCnt != "Pesin" ||
		x.CardNumberMasked != "40000099****0006" || x.BankBin != "40000099" || len(x.ExpireDate) != 4 {
		t.Errorf("refund row = %+v", x)
	}
	if x := l.OrderTxn[6]; x.InstallmentCnt != "3" {
		t.Errorf("installment row InstallmentCnt %q, want 3", x.InstallmentCnt)
	}
	if _, err := time.Parse("2006-01-02 15:04:05", l.OrderTxn[0].LastTrxDate); err != nil {
		t.Errorf("LastTrxDate %q: %v", l.OrderTxn[0].LastTrxDate, err)
	}

	// Yesterday only has L-0; two days span both.
	for _, tc := range []struct {
		start, end string
		want       int
	}{
		{"09/03/2025 00:00", "09/03/2025 23:59", 1},
		{"09/03/2025 00:00", "10/03/2025 23:59", 8},
		{"10/03/2025 09:31", "10/03/2025 09:31", 4}, // the void, the pre-authorisation and its capture, the decline
		{"08/03/2025 00:00", "08/03/2025 23:59", 0},
	} {
		r := c.do(&tx{typ: "orderlistinq", start: tc.start, end: tc.end})
		if got := len(r.Order.OrderListInqResult.OrderTxnList.OrderTxn); got != tc.want {
			t.Errorf("%s - %s: %d rows, want %d", tc.start, tc.end, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name, start, end, page, sys string
	}{
		{"no start", "", "10/03/2025 23:59", "", "StartDate"},
		{"bad format", "2025-03-10", "10/03/2025 23:59", "", "StartDate"},
		{"end before start", "10/03/2025 23:59", "10/03/2025 00:00", "", "EndDate"},
		{"31 days", "01/02/2025 00:00", "04/03/2025 00:00", "", "30 days"},
		{"page 0", "10/03/2025 00:00", "10/03/2025 23:59", "0", "ListPageNum"},
	} {
		r := c.do(&tx{typ: "orderlistinq", start: tc.start, end: tc.end, page: tc.page})
		if got := r.code(); got != "92/0002" || !strings.Contains(r.Transaction.Response.SysErrMsg, tc.sys) ||
			r.Order.OrderListInqResult == nil || len(r.Order.OrderListInqResult.OrderTxnList.OrderTxn) != 0 {
			t.Errorf("%s: got %s %q, want 92/0002 naming %s and an empty list", tc.name, got, r.Transaction.Response.SysErrMsg, tc.sys)
		}
	}
	if r := c.do(&tx{typ: "orderlistinq", start: "10/03/2025 00:00", end: "10/03/2025 23:59", page: "2"}); len(r.Order.OrderListInqResult.OrderTxnList.OrderTxn) != 0 {
		t.Errorf("page 2 holds rows")
	}
}

// 500 rows a page.
func TestOrderListPages(t *testing.T) {
	clock := &fixedClock{t: mustTime(t, "2025-03-10T12:00:00+03:00")}
	c := newClient(t, withClock(clock))
	for i := range 501 {
		c.sale("sales", fmt.Sprintf("PG-%03d", i), "100")
	}
	day := "10/03/2025"
	for _, tc := range []struct {
		page string
		rows int
	}{{"", 500}, {"1", 500}, {"2", 1}, {"3", 0}} {
		r := c.do(&tx{typ: "orderlistinq", start: day + " 00:00", end: day + " 23:59", page: tc.page})
		l := r.Order.OrderListInqResult.OrderTxnList
		if len(l.OrderTxn) != tc.rows || l.TotalTxnCount != "501" || l.TotalPageCount != "2" {
			t.Errorf("page %q: %d rows of %s in %s pages, want %d of 501 in 2", tc.page, len(l.OrderTxn), l.TotalTxnCount, l.TotalPageCount, tc.rows)
		}
	}
}
