package garanti

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/internal/xmlx"
	"github.com/sanalpos/vpos/returncodes"
)

func TestParseReply(t *testing.T) {
	tests := []struct {
		name                       string
		body                       string
		code, reason, retref, auth string
		approved                   bool
		rc                         returncodes.Code
		bankCode                   string
	}{
		{"approvedSale", approvedSale, "00", "00", "230508300434", "304919", true, returncodes.Approved, "00"},
		{"cvcDecline", cvcDecline, "12", "12", "335709663083", "", false, returncodes.InvalidCVV, "12"},
		{"zeroAmount", zeroAmount, "92", "0002", "", "", false, returncodes.InvalidAmount, "92/0002"},
		{"missingIP", missingIP, "92", "0002", "", "", false, returncodes.InvalidRequest, "92/0002"},
		{"refundRefused", refundRefused, "92", "0208", "", "", false, returncodes.InvalidTransactionState, "92/0208"},
		{"badPassword", badPassword, "92", "0651", "", "", false, returncodes.AuthError, "92/0651"},
		{"noTerminal", noTerminal, "92", "0752", "", "", false, returncodes.AuthError, "92/0752"},
		{"hostVoidRefused", hostVoidRefused, "05", "05", "230508300435", "304919", false, returncodes.DoNotHonor, "05"},
		{"inqNotFound", inqNotFound, "92", "0110", "", "", false, returncodes.NotFound, "92/0110"},
		{"histNotFound", histNotFound, "92", "0108", "", "", false, returncodes.NotFound, "92/0108"},
		{"listInvalid", listInvalid, "92", "0002", "", "", false, returncodes.InvalidRequest, "92/0002"},
		{"inqPreAuth", inqPreAuth, "00", "", "", "", true, returncodes.Approved, "00"},
	}
	p := newTestProvider(t, vecConfig())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := parseReply([]byte(tt.body))
			if err != nil {
				t.Fatalf("parseReply: %v", err)
			}
			if rep.Code != tt.code || rep.ReasonCode != tt.reason || rep.RetrefNum != tt.retref || rep.AuthCode != tt.auth {
				t.Errorf("got Code %q ReasonCode %q RetrefNum %q AuthCode %q, want %q %q %q %q",
					rep.Code, rep.ReasonCode, rep.RetrefNum, rep.AuthCode, tt.code, tt.reason, tt.retref, tt.auth)
			}
			res := p.result(vpos.OpSale, rep.OrderID, rep)
			if res.Approved != tt.approved || res.Return != tt.rc || res.BankCode != tt.bankCode {
				t.Errorf("Result Approved=%v Return=%q BankCode=%q, want %v %q %q", res.Approved, res.Return, res.BankCode, tt.approved, tt.rc, tt.bankCode)
			}
			if res.TransactionID != tt.retref || res.RRN != tt.retref {
				t.Errorf("Result TransactionID=%q RRN=%q, want the RetrefNum %q", res.TransactionID, res.RRN, tt.retref)
			}
		})
	}
	t.Run("approvedSale details", func(t *testing.T) {
		rep, _ := parseReply([]byte(approvedSale))
		res := p.result(vpos.OpSale, "20221101D723", rep)
		want := time.Date(2022, 11, 1, 13, 14, 19, 0, vpos.Istanbul())
		if !res.Time.Equal(want) {
			t.Errorf("Time = %v, want ProvDate %v", res.Time, want)
		}
		if res.MaskedPAN != "428220******8015" || res.Extra["card_type"] != "FLEXI" || res.Extra["batch_num"] != "004951" {
			t.Errorf("MaskedPAN %q, Extra %v", res.MaskedPAN, res.Extra)
		}
	})
	t.Run("cvcDecline message", func(t *testing.T) {
		rep, _ := parseReply([]byte(cvcDecline))
		if got := p.result(vpos.OpSale, "", rep).BankMessage; got != "İşleminizi gerçekleştiremiyoruz.Tekrar deneyiniz (CVC2/4CSC HATALI)" {
			t.Errorf("BankMessage = %q", got)
		}
	})
}

func TestParseReplyLists(t *testing.T) {
	rep, err := parseReply([]byte(inqPreAuth))
	if err != nil {
		t.Fatal(err)
	}
	if q := rep.Inq; q == nil || q.PreAuthAmount != 101 || q.AuthAmount != 0 || q.Status != "WAITINGPOSTAUTH" ||
		q.InstallmentCnt != 3 || q.RetrefNum != "400609699313" || q.AuthCode != "257762" {
		t.Errorf("OrderInqResult = %+v", rep.Inq)
	}
	rep, err = parseReply([]byte(histSaleFailedRefund))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Hist) != 2 || rep.Hist[0].Type != "sales" || rep.Hist[0].AuthAmount != 101 || rep.Hist[1].Type != "refund" ||
		rep.Hist[1].Status != "01" || rep.Hist[1].ReturnCode != "92" {
		t.Errorf("OrderTxnList = %+v", rep.Hist)
	}
	rep, err = parseReply([]byte(listPair))
	if err != nil {
		t.Fatal(err)
	}
	if l := rep.List; l == nil || l.TotalTxnCount != 2 || l.TotalPageCount != 1 || len(l.Txns) != 2 ||
		l.Txns[1].OrigRetrefNum != "415501676495" || l.Txns[1].AuthAmount != 801 {
		t.Errorf("OrderListInqResult = %+v", rep.List)
	}
}

func TestParseReplyUnusable(t *testing.T) {
	tests := []struct{ name, body string }{
		{"empty", ""},
		{"html", "<html><body>502 Bad Gateway</body></html>"},
		{"truncated", approvedSale[:len(approvedSale)/2]},
		{"other root", `<CC5Response><Response>Approved</Response></CC5Response>`},
		{"no response", `<GVPSResponse><Transaction><RetrefNum>1</RetrefNum></Transaction></GVPSResponse>`},
		{"empty code", envelope("", gvps("", "", "", "", ""))},
		{"bad amount", strings.Replace(inqPreAuth, "<PreAuthAmount>101<", "<PreAuthAmount>1.01<", 1)},
		{"negative amount", strings.Replace(listPair, "<AuthAmount>1001<", "<AuthAmount>-1001<", 1)},
		{"bad count", strings.Replace(listPair, "<TotalPageCount>1<", "<TotalPageCount>x<", 1)},
	}
	for _, tt := range tests {
		if _, err := parseReply([]byte(tt.body)); !errors.Is(err, errReply) {
			t.Errorf("%s: got %v, want errReply", tt.name, err)
		}
	}
}

// bank is a canned Garanti: it answers each Transaction/Type with a fixed
// reply and records the requests.
type bank struct {
	mu      sync.Mutex
	replies map[string][]string // queue per type; the last one repeats
	seen    []string
	srv     *httptest.Server
}

func newBank(t *testing.T, replies map[string][]string) *bank {
	t.Helper()
	b := &bank{replies: replies}
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		doc, err := xmlx.Decode(body)
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		typ := xmlx.Text(doc.Root(), "Transaction/Type")
		b.mu.Lock()
		b.seen = append(b.seen, string(body))
		q := b.replies[typ]
		reply := ""
		if len(q) > 0 {
			reply = q[0]
			if len(q) > 1 {
				b.replies[typ] = q[1:]
			}
		}
		b.mu.Unlock()
		_, _ = io.WriteString(w, reply)
	}))
	t.Cleanup(b.srv.Close)
	return b
}

func (b *bank) provider(t *testing.T) *Provider {
	t.Helper()
	cfg := vecConfig()
	cfg.Endpoint = Endpoint{Test: true, API: b.srv.URL + "/VPServlet", Gate3D: b.srv.URL + "/servlet/gt3dengine"}
	return newTestProvider(t, cfg)
}

func (b *bank) requests() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.seen...)
}

// histRows builds an orderhistoryinq reply from rows "type status amount voiddate".
func histRows(rows ...string) string {
	var b strings.Builder
	for _, r := range rows {
		f := strings.Fields(r)
		void := ""
		if len(f) > 3 {
			void = f[3]
		}
		pre, auth := "0", f[2]
		if f[0] == "preauth" {
			pre, auth = f[2], "0"
		}
		b.WriteString("<OrderTxn><Type>" + f[0] + "</Type><Status>" + f[1] + "</Status><PreAuthAmount>" + pre +
			"</PreAuthAmount><AuthAmount>" + auth + "</AuthAmount><AuthDate>20240106</AuthDate><VoidDate>" + void +
			"</VoidDate><RetrefNum>400609699313</RetrefNum><CurrencyCode>949</CurrencyCode></OrderTxn>")
	}
	return envelope(`<OrderID>O1</OrderID><GroupID></GroupID><OrderHistInqResult><OrderTxnList>`+b.String()+
		`</OrderTxnList></OrderHistInqResult>`, gvps("00", "", "Approved", "", ""))
}

// inqReply builds an orderinq reply.
func inqReply(status string, preauth, auth, code string) string {
	return envelope(`<OrderID>O1</OrderID><GroupID></GroupID><OrderInqResult><PreAuthAmount>`+preauth+
		`</PreAuthAmount><AuthAmount>`+auth+`</AuthAmount><Status>`+status+`</Status><InstallmentCnt>0</InstallmentCnt>`+
		`<CardNumberMasked>428220******8015</CardNumberMasked><Code>`+code+`</Code><ReasonCode>`+code+
		`</ReasonCode><RetrefNum>400609699313</RetrefNum><AuthCode>304919</AuthCode><ProvDate>2024-01-06 23:10:06.029</ProvDate></OrderInqResult>`,
		gvps("00", "", "Approved", "", ""))
}

func TestStatus(t *testing.T) {
	tests := []struct {
		name                       string
		inq, hist                  string
		status                     vpos.TxStatus
		rc                         returncodes.Code
		amount, captured, refunded vpos.Amount
	}{
		{"sale, failed refund (§12.3, §12.4)", inqSale, histSaleFailedRefund, vpos.StatusApproved, returncodes.Approved, 101, 101, 0},
		{"pre-auth waiting (§12.3)", inqPreAuth, histNotFound, vpos.StatusApproved, returncodes.Approved, 101, 0, 0},
		{"pre-auth captured", inqReply("APPROVED", "10000", "6000", "00"), histRows("preauth 00 10000", "postauth 00 6000"), vpos.StatusApproved, returncodes.Approved, 10000, 6000, 0},
		{"partially refunded", inqReply("APPROVED", "0", "4000", "00"), histRows("sales 00 4000", "refund 00 1500"), vpos.StatusPartiallyRefunded, returncodes.Approved, 4000, 4000, 1500},
		{"refunded in parts", inqReply("APPROVED", "0", "4000", "00"), histRows("sales 00 4000", "refund 00 1500", "refund 01 2500", "refund 00 2500"), vpos.StatusRefunded, returncodes.Approved, 4000, 4000, 4000},
		{"refunded by status only", inqReply("REFUNDED", "0", "4000", "00"), histNotFound, vpos.StatusRefunded, returncodes.Approved, 4000, 4000, 0},
		{"voided by row", inqReply("APPROVED", "0", "4000", "00"), histRows("sales 00 4000 20240106", "void 00 4000"), vpos.StatusVoided, returncodes.Approved, 4000, 4000, 0},
		{"voided by status", inqReply("VOID", "0", "4000", "00"), histRows("sales 00 4000"), vpos.StatusVoided, returncodes.Approved, 4000, 4000, 0},
		{"declined", inqReply("DECLINED", "0", "4000", "51"), histRows("sales 51 4000"), vpos.StatusDeclined, returncodes.InsufficientFunds, 4000, 4000, 0},
		{"not found (§12.3)", inqNotFound, histNotFound, "", returncodes.NotFound, 0, 0, 0},
		{"refused query", badPassword, histNotFound, "", returncodes.AuthError, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBank(t, map[string][]string{"orderinq": {asOrder(tt.inq, "O1")}, "orderhistoryinq": {asOrder(tt.hist, "O1")}})
			res, err := b.provider(t).Status(context.Background(), &vpos.StatusRequest{OrderID: "O1"})
			if err != nil {
				t.Fatalf("Status: %v", err)
			}
			if res.Status != tt.status || res.Return != tt.rc {
				t.Errorf("Status %q Return %q, want %q %q", res.Status, res.Return, tt.status, tt.rc)
			}
			if tt.status != "" && (res.Amount != tt.amount || res.CapturedAmount != tt.captured || res.RefundedAmount != tt.refunded) {
				t.Errorf("Amount %d Captured %d Refunded %d, want %d %d %d", res.Amount, res.CapturedAmount, res.RefundedAmount, tt.amount, tt.captured, tt.refunded)
			}
			if res.Approved != (tt.status != "" && tt.status != vpos.StatusDeclined) {
				t.Errorf("Approved = %v for status %q", res.Approved, tt.status)
			}
		})
	}
	t.Run("unusable reply", func(t *testing.T) {
		b := newBank(t, map[string][]string{"orderinq": {"<html/>"}})
		_, err := b.provider(t).Status(context.Background(), &vpos.StatusRequest{OrderID: "O1"})
		if !errors.Is(err, vpos.ErrUnknownOutcome) {
			t.Errorf("got %v, want ErrUnknownOutcome", err)
		}
	})
	t.Run("reply for another order", func(t *testing.T) {
		b := newBank(t, map[string][]string{"orderinq": {inqSale}}) // order 20221101D723
		_, err := b.provider(t).Status(context.Background(), &vpos.StatusRequest{OrderID: "O1"})
		if !errors.Is(err, vpos.ErrUnknownOutcome) {
			t.Errorf("got %v, want ErrUnknownOutcome", err)
		}
	})
}

// asOrder makes a sample reply answer for order id.
func asOrder(body, id string) string {
	return orderIDRE.ReplaceAllString(body, "<Order><OrderID>"+id+"</OrderID>")
}

var orderIDRE = regexp.MustCompile(`<Order>\s*<OrderID>[^<]*</OrderID>`)

func TestOrderHistory(t *testing.T) {
	b := newBank(t, map[string][]string{"orderhistoryinq": {histSaleFailedRefund}})
	rows, err := b.provider(t).History(context.Background(), &vpos.HistoryRequest{OrderID: "20221101D723"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows = %+v, want 2", rows)
	}
	sale, refund := rows[0], rows[1]
	day := time.Date(2022, 11, 1, 0, 0, 0, 0, vpos.Istanbul())
	if sale.Op != vpos.OpSale || sale.Status != vpos.StatusApproved || sale.Amount != 101 || sale.Currency != vpos.TRY ||
		sale.RRN != "230508300896" || sale.AuthCode != "304919" || !sale.Time.Equal(day) || sale.Return != returncodes.Approved {
		t.Errorf("sale row = %+v", sale)
	}
	if refund.Op != vpos.OpRefund || refund.Status != vpos.StatusDeclined || refund.BankCode != "01/92" || refund.Currency != "" {
		t.Errorf("refund row = %+v", refund)
	}
	b = newBank(t, map[string][]string{"orderhistoryinq": {histNotFound}})
	_, err = b.provider(t).History(context.Background(), &vpos.HistoryRequest{OrderID: "NOSUCHORDER"})
	if !errors.Is(err, vpos.ErrNotFound) {
		t.Errorf("unknown order: got %v, want ErrNotFound", err)
	}
}

// listPage builds an orderlistinq reply of page n of total with one sale.
func listPage(n, total int, order, when string, amount string) string {
	return envelope(`<OrderID></OrderID><GroupID></GroupID><OrderListInqResult><OrderTxnList><TotalTxnCount>`+itoa(total)+
		`</TotalTxnCount><TotalPageCount>`+itoa(total)+`</TotalPageCount><ActPageNum>`+itoa(n)+`</ActPageNum>`+
		`<OrderTxn><Id>1</Id><LastTrxDate>`+when+`</LastTrxDate><TrxType>Satış</TrxType><OrderID>`+order+
		`</OrderID><CardNumberMasked>42822090****8015</CardNumberMasked><RetrefNum>4155016764`+itoa(n)+
		`</RetrefNum><InstallmentCnt>3</InstallmentCnt><Status>Başarılı</Status><AuthAmount>`+amount+
		`</AuthAmount><CurrencyCode>USD</CurrencyCode><ResponseCode>00</ResponseCode></OrderTxn></OrderTxnList></OrderListInqResult>`,
		gvps("00", "", "Approved", "", ""))
}

func itoa(n int) string { return amount(vpos.Amount(n)) }

func TestDateRangeHistory(t *testing.T) {
	ist := vpos.Istanbul()
	from := time.Date(2024, 6, 3, 0, 0, 0, 0, ist)
	t.Run("captured pair (§12.5)", func(t *testing.T) {
		b := newBank(t, map[string][]string{"orderlistinq": {listPair}})
		rows, err := b.provider(t).History(context.Background(), &vpos.HistoryRequest{From: from, To: from.AddDate(0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 {
			t.Fatalf("rows = %+v", rows)
		}
		s, r := rows[0], rows[1]
		if s.Op != vpos.OpSale || s.Status != vpos.StatusApproved || s.Amount != 1001 || s.Currency != vpos.TRY ||
			s.OrderID != "20240603C1F0" || s.Installments != 0 || !s.Time.Equal(time.Date(2024, 6, 3, 10, 15, 30, 0, ist)) {
			t.Errorf("sale row = %+v", s)
		}
		if r.Op != vpos.OpRefund || r.Status != vpos.StatusDeclined || r.BankCode != "05" || r.Return != returncodes.DoNotHonor || r.Amount != 801 {
			t.Errorf("refund row = %+v", r)
		}
		req := b.requests()[0]
		for _, want := range []string{"<StartDate>03/06/2024 00:00</StartDate>", "<EndDate>04/06/2024 00:00</EndDate>", "<ListPageNum>1</ListPageNum>", "<Type>orderlistinq</Type>"} {
			if !strings.Contains(req, want) {
				t.Errorf("request lacks %s: %s", want, req)
			}
		}
	})
	t.Run("pages and filter", func(t *testing.T) {
		b := newBank(t, map[string][]string{"orderlistinq": {
			listPage(1, 3, "A1", "2024-06-03 09:00:00", "100"),
			listPage(2, 3, "A2", "2024-06-02 23:59:59", "200"), // outside [From, To)
			listPage(3, 3, "A3", "2024-06-03 23:59:59", "300"),
		}})
		rows, err := b.provider(t).History(context.Background(), &vpos.HistoryRequest{From: from, To: from.AddDate(0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].OrderID != "A1" || rows[1].OrderID != "A3" || rows[1].Currency != vpos.USD || rows[1].Installments != 3 {
			t.Errorf("rows = %+v, want A1 and A3", rows)
		}
		if n := len(b.requests()); n != 3 {
			t.Errorf("requests = %d, want 3 pages", n)
		}
	})
	t.Run("one page", func(t *testing.T) {
		b := newBank(t, map[string][]string{"orderlistinq": {listPage(2, 3, "A2", "2024-06-03 09:00:00", "200")}})
		rows, err := b.provider(t).History(context.Background(), &vpos.HistoryRequest{From: from, To: from.AddDate(0, 0, 1), Page: 2})
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows = %+v, %v", rows, err)
		}
		if !strings.Contains(b.requests()[0], "<ListPageNum>2</ListPageNum>") {
			t.Errorf("request does not ask for page 2")
		}
	})
	t.Run("windows of 30 days", func(t *testing.T) {
		b := newBank(t, map[string][]string{"orderlistinq": {listPage(1, 1, "A1", "2024-06-03 09:00:00", "100")}})
		_, err := b.provider(t).History(context.Background(), &vpos.HistoryRequest{From: from, To: from.AddDate(0, 0, 75)})
		if err != nil {
			t.Fatal(err)
		}
		reqs := b.requests()
		if len(reqs) != 3 {
			t.Fatalf("requests = %d, want 3 windows", len(reqs))
		}
		if !strings.Contains(reqs[2], "<StartDate>02/08/2024 00:00</StartDate>") || !strings.Contains(reqs[2], "<EndDate>17/08/2024 00:00</EndDate>") {
			t.Errorf("third window: %s", reqs[2])
		}
		if _, err := b.provider(t).History(context.Background(), &vpos.HistoryRequest{From: from, To: from.AddDate(0, 0, 75), Page: 1}); !errors.Is(err, vpos.ErrInvalidRequest) {
			t.Errorf("a page of 75 days: got %v, want ErrInvalidRequest", err)
		}
	})
	t.Run("minutes", func(t *testing.T) {
		b := newBank(t, map[string][]string{"orderlistinq": {listPage(1, 1, "A1", "2024-06-03 10:15:10", "100")}})
		rows, err := b.provider(t).History(context.Background(), &vpos.HistoryRequest{
			From: from.Add(10*time.Hour + 30*time.Second), To: from.Add(10*time.Hour + 15*time.Minute + 30*time.Second)})
		if err != nil || len(rows) != 1 {
			t.Fatalf("rows = %+v, %v", rows, err)
		}
		req := b.requests()[0]
		if !strings.Contains(req, "<StartDate>03/06/2024 10:00</StartDate>") || !strings.Contains(req, "<EndDate>03/06/2024 10:16</EndDate>") {
			t.Errorf("the period is not widened to whole minutes: %s", req)
		}
	})
	t.Run("refused", func(t *testing.T) {
		b := newBank(t, map[string][]string{"orderlistinq": {listInvalid}})
		_, err := b.provider(t).History(context.Background(), &vpos.HistoryRequest{From: from, To: from.AddDate(0, 0, 1)})
		if !errors.Is(err, vpos.ErrInvalidRequest) {
			t.Errorf("got %v, want ErrInvalidRequest", err)
		}
	})
}

func TestOriginalRetrefLookup(t *testing.T) {
	t.Run("found", func(t *testing.T) {
		b := newBank(t, map[string][]string{"orderinq": {inqReply("APPROVED", "0", "4000", "00")}, "void": {approvedSale}})
		cfgEnv := b.provider(t)
		// approvedSale answers for order 20221101D723.
		res, err := cfgEnv.Void(context.Background(), &vpos.VoidRequest{OrderID: "20221101D723", Currency: vpos.TRY})
		if err == nil {
			t.Fatalf("Void = %+v; the orderinq reply is for O1, want an error", res)
		}
		b = newBank(t, map[string][]string{"orderinq": {inqReply("APPROVED", "0", "4000", "00")}, "void": {strings.ReplaceAll(approvedSale, "20221101D723", "O1")}})
		res, err = b.provider(t).Void(context.Background(), &vpos.VoidRequest{OrderID: "O1", Currency: vpos.TRY})
		if err != nil || !res.Approved {
			t.Fatalf("Void = %+v, %v", res, err)
		}
		reqs := b.requests()
		if len(reqs) != 2 || !strings.Contains(reqs[1], "<OriginalRetrefNum>400609699313</OriginalRetrefNum>") || !strings.Contains(reqs[1], "<ProvUserID>PROVRFN</ProvUserID>") {
			t.Errorf("void request = %v", reqs)
		}
	})
	t.Run("unknown order", func(t *testing.T) {
		b := newBank(t, map[string][]string{"orderinq": {strings.ReplaceAll(inqNotFound, "NOSUCHORDER", "O2")}})
		res, err := b.provider(t).Refund(context.Background(), &vpos.RefundRequest{OrderID: "O2", Amount: 100, Currency: vpos.TRY})
		if err != nil || res == nil || res.Approved || res.Return != returncodes.NotFound {
			t.Fatalf("Refund of an unknown order = %+v, %v; want a NotFound Result", res, err)
		}
		if n := len(b.requests()); n != 1 {
			t.Errorf("requests = %d, want only the orderinq", n)
		}
	})
}
