package payfortest_test

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/payfor/payfortest"
	"github.com/sanalpos/vpos/vpostest"
)

// clock is a settable clock for WithClock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// newClock starts at 10:15 Istanbul time on a fixed day.
func newClock() *clock {
	return &clock{t: time.Date(2026, 3, 17, 10, 15, 4, 0, vpos.Istanbul())}
}

var payReplyOrder = []string{"AuthCode", "HostRefNum", "ProcReturnCode", "TransId", "ErrMsg", "CardHolderName",
	"ArtiTaksit", "BankInternalResponseMessage", "PAYFORFROMXMLREQUEST", "SESSION_SYSTEM_USER"}

var (
	authCodeRE = regexp.MustCompile(`^S[0-9]{5}$`)
	rrnRE      = regexp.MustCompile(`^[0-9]{12}$`)
)

func TestSaleReplyShape(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	for _, enc := range []string{"xml", "form"} {
		t.Run(enc, func(t *testing.T) {
			order := "SHAPE-" + enc
			call := api
			if enc == "form" {
				call = formAPI
			}
			r := call(t, bank, sale(c, "Auth", order, "100.25", card))
			if !slices.Equal(r.order, payReplyOrder) {
				t.Errorf("elements %v, want %v (§12.1)", r.order, payReplyOrder)
			}
			wantCode(t, r, "00")
			if !authCodeRE.MatchString(r.get("AuthCode")) || !rrnRE.MatchString(r.get("HostRefNum")) {
				t.Errorf("AuthCode %q HostRefNum %q", r.get("AuthCode"), r.get("HostRefNum"))
			}
			flag := "1"
			if enc == "form" {
				flag = "0"
			}
			for name, want := range map[string]string{"TransId": order, "ErrMsg": "Onaylandı", "CardHolderName": card.Holder,
				"ArtiTaksit": "0", "PAYFORFROMXMLREQUEST": flag, "SESSION_SYSTEM_USER": "0"} {
				if got := r.get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			if enc == "xml" && !strings.HasPrefix(r.raw, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<PayforResponse>\n<AuthCode>") {
				t.Errorf("reply starts %q", r.raw[:60])
			}
			if enc == "form" && !strings.HasPrefix(r.raw, "AuthCode=S") {
				t.Errorf("text reply starts %q", r.raw[:20])
			}
			o, ok := bank.Ledger().Order(order)
			if !ok || o.Amount != 10025 || o.Currency != vpos.TRY || o.Status != vpos.StatusApproved || o.Kind != vpostest.KindSale {
				t.Errorf("ledger order %+v", o)
			}
		})
	}
	if bank.Requests(payfortest.KindAPI) != 1 || bank.Requests(payfortest.KindForm) != 1 {
		t.Errorf("requests api %d form %d", bank.Requests(payfortest.KindAPI), bank.Requests(payfortest.KindForm))
	}
}

func TestDeclines(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	for _, co := range bank.Cards().All() {
		t.Run(string(co.Outcome), func(t *testing.T) {
			order := "DECL-" + co.Card.Masked()[12:] + "-" + string(co.Outcome)
			r := api(t, bank, sale(c, "Auth", order, "10.00", co.Card))
			wantCode(t, r, co.Outcome.ISOCode())
			if co.Outcome.Approved() {
				return
			}
			if r.get("AuthCode") != "" || !rrnRE.MatchString(r.get("HostRefNum")) || r.get("TransId") != order || r.get("ErrMsg") == "" {
				t.Errorf("decline reply %v", r.m)
			}
			if o, ok := bank.Ledger().Order(order); !ok || o.Status != vpos.StatusDeclined {
				t.Errorf("ledger %+v", o)
			}
		})
	}
	if got := bank.Ledger().Bookings(); got != 2 { // Approve and ThreeD
		t.Errorf("bookings %d, want 2", got)
	}
}

func TestAuthorizeRefusals(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	long := strings.Repeat("A", 51)
	tests := []struct {
		name  string
		extra kv
		code  string
	}{
		{"WrongMbrId", kv{{"MbrId", "12"}}, "M013"},
		{"NoMbrId", kv{{"MbrId", "-"}}, "M013"},
		{"WrongMerchant", kv{{"MerchantId", "085300000000001"}}, "V001"},
		{"EmptyUserCode", kv{{"UserCode", ""}}, "M016"},
		{"EmptyUserPass", kv{{"UserPass", ""}}, "M017"},
		{"WrongUserPass", kv{{"UserPass", "wrong-password"}}, "V004"},
		{"WrongUserCode", kv{{"UserCode", "QNB_API_KULLANICI_3DPAY"}}, "V004"},
		{"SecureType", kv{{"SecureType", "Secure"}}, "M014"},
		{"SecureType3DOnAPI", kv{{"SecureType", "3DPay"}}, "M014"},
		{"TxnType", kv{{"TxnType", "Sale"}}, "M015"},
		{"EmptyOrderId", kv{{"OrderId", ""}}, "M025"},
		{"LongOrderId", kv{{"OrderId", long}}, "M025"},
		{"Currency", kv{{"Currency", "999"}}, "M002"},
		{"AmountMissing", kv{{"PurchAmount", ""}}, "M012"},
		{"AmountComma", kv{{"PurchAmount", "1,50"}}, "M012"},
		{"AmountZero", kv{{"PurchAmount", "0.00"}}, "M004"},
		{"AmountNegative", kv{{"PurchAmount", "-5"}}, "M004"},
		{"AmountRange", kv{{"PurchAmount", "200000.01"}}, "M019"},
		{"InstallmentEmpty", kv{{"InstallmentCount", ""}}, "M025"},
		{"InstallmentTooMany", kv{{"InstallmentCount", "13"}}, "M025"},
		{"PanShort", kv{{"Pan", "411111111111"}}, "M008"},
		{"PanMissing", kv{{"Pan", "-"}}, "M008"},
		{"PanLuhn", kv{{"Pan", "4000009999000007"}}, "M041"},
		{"Expiry", kv{{"Expiry", "1330"}}, "M006"},
		{"ExpiryYYMM", kv{{"Expiry", "203012"}}, "M006"},
		{"CvvEmpty", kv{{"Cvv2", ""}}, "M005"},
		{"ExpiredCard", kv{{"Expiry", "0120"}}, "54"},
		{"MalformedCvv", kv{{"Cvv2", "1a"}}, "82"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			order := "REF-" + tc.name
			fields := sale(c, "Auth", order, "10.00", card, tc.extra...)
			r := api(t, bank, fields)
			wantCode(t, r, tc.code)
			if r.get("AuthCode") != "" || r.get("ErrMsg") == "" || !rrnRE.MatchString(r.get("HostRefNum")) {
				t.Errorf("refusal reply %v", r.m)
			}
			if !slices.Equal(r.order, payReplyOrder) {
				t.Errorf("elements %v", r.order)
			}
			if got := bank.Ledger().Bookings(); got != 0 {
				t.Errorf("case %d booked %d", i, got)
			}
		})
	}
	t.Run("NotPayforRequest", func(t *testing.T) {
		status, body := postRaw(t, bank, bank.APIURL(), "text/xml", "<CC5Request><Name>x</Name></CC5Request>")
		if status != 200 {
			t.Fatalf("status %d", status)
		}
		wantCode(t, parseXMLReply(t, body), "M042")
	})
	t.Run("MOTOWithoutCvv", func(t *testing.T) {
		r := api(t, bank, sale(c, "Auth", "MOTO-1", "10.00", card, [2]string{"MOTO", "1"}, [2]string{"Cvv2", "-"}))
		wantCode(t, r, "00")
	})
	t.Run("Duplicate", func(t *testing.T) {
		wantCode(t, api(t, bank, sale(c, "Auth", "DUP-1", "10.00", card)), "00")
		r := api(t, bank, sale(c, "PreAuth", "DUP-1", "10.00", card))
		wantCode(t, r, "101310")
		if r.get("ErrMsg") != "Verilen sipariş no önceden kullanılmıştır." {
			t.Errorf("ErrMsg %q", r.get("ErrMsg"))
		}
	})
	t.Run("RetryAfterDecline", func(t *testing.T) {
		wantCode(t, api(t, bank, sale(c, "Auth", "RETRY-1", "10.00", bank.Cards().InsufficientFunds)), "51")
		wantCode(t, api(t, bank, sale(c, "Auth", "RETRY-1", "10.00", card)), "00")
	})
	t.Run("Installments", func(t *testing.T) {
		wantCode(t, api(t, bank, sale(c, "Auth", "INST-3", "30.00", card, [2]string{"InstallmentCount", "3"})), "00")
		if o, _ := bank.Ledger().Order("INST-3"); o == nil || o.Installments != 3 {
			t.Errorf("ledger %+v", o)
		}
	})
}

func TestPostAuth(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	pre := func(order string) {
		t.Helper()
		wantCode(t, api(t, bank, sale(c, "PreAuth", order, "2.01", card)), "00")
	}
	pre("PA-FULL")
	r := api(t, bank, follow(c, "PostAuth", "PA-FULL", ""))
	wantCode(t, r, "00")
	if r.get("TransId") != "PA-FULL" || !authCodeRE.MatchString(r.get("AuthCode")) {
		t.Errorf("post-auth reply %v", r.m)
	}
	if o, _ := bank.Ledger().Order("PA-FULL"); o.Captured != 201 {
		t.Errorf("captured %d", o.Captured)
	}
	pre("PA-PART")
	wantCode(t, api(t, bank, follow(c, "PostAuth", "PA-PART", "1.50")), "00")
	if o, _ := bank.Ledger().Order("PA-PART"); o.Captured != 150 {
		t.Errorf("captured %d", o.Captured)
	}
	tests := []struct {
		name, order, amount, code string
	}{
		{"Twice", "PA-FULL", "", "V025"},
		{"Unknown", "PA-NONE", "", "V013"},
		{"Over", "PA-OVER", "2.03", "V027"},
		{"Sale", "PA-SALE", "", "V013"},
		{"Voided", "PA-VOID", "", "V017"},
		{"Currency", "PA-CUR", "", "M002"},
		{"AmountZero", "PA-ZERO", "0", "M004"},
	}
	pre("PA-OVER")
	pre("PA-VOID")
	pre("PA-CUR")
	pre("PA-ZERO")
	wantCode(t, api(t, bank, follow(c, "Void", "PA-VOID", "")), "00")
	wantCode(t, api(t, bank, sale(c, "Auth", "PA-SALE", "2.01", card)), "00")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := follow(c, "PostAuth", tc.order, tc.amount)
			if tc.name == "Currency" {
				f = set(f, [2]string{"Currency", "840"})
			}
			r := api(t, bank, f)
			wantCode(t, r, tc.code)
			if r.get("TransId") != tc.order || r.get("AuthCode") != "" {
				t.Errorf("refusal %v", r.m)
			}
		})
	}
}

func TestVoid(t *testing.T) {
	clk := newClock()
	bank := payfortest.NewServer(payfortest.WithClock(clk.now))
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	r := api(t, bank, sale(c, "Auth", "V-1", "1.01", card))
	saleAuth := r.get("AuthCode")
	v := api(t, bank, follow(c, "Void", "V-1", ""))
	wantCode(t, v, "00")
	if v.get("TransId") != "V-1" || v.get("CardHolderName") != "" || v.get("AuthCode") == saleAuth || !authCodeRE.MatchString(v.get("AuthCode")) || v.get("HostRefNum") == r.get("HostRefNum") {
		t.Errorf("void reply %v (sale %v)", v.m, r.m)
	}
	if o, _ := bank.Ledger().Order("V-1"); o.Status != vpos.StatusVoided {
		t.Errorf("ledger %s", o.Status)
	}
	wantCode(t, api(t, bank, follow(c, "Void", "V-1", "")), "V017")
	wantCode(t, api(t, bank, follow(c, "Void", "V-NONE", "")), "V013")

	wantCode(t, api(t, bank, sale(c, "Auth", "V-REF", "1.01", card)), "00")
	wantCode(t, api(t, bank, follow(c, "Refund", "V-REF", "0.50")), "00")
	wantCode(t, api(t, bank, follow(c, "Void", "V-REF", "")), "V037")

	wantCode(t, api(t, bank, sale(c, "Auth", "V-DECL", "1.01", bank.Cards().DoNotHonour)), "05")
	wantCode(t, api(t, bank, follow(c, "Void", "V-DECL", "")), "V013")

	// Pre-auth, post-auth, void: the PostAuth record is voided (§12.5).
	wantCode(t, api(t, bank, sale(c, "PreAuth", "V-PA", "2.01", card)), "00")
	wantCode(t, api(t, bank, follow(c, "PostAuth", "V-PA", "2.01")), "00")
	wantCode(t, api(t, bank, follow(c, "Void", "V-PA", "")), "00")
	q := api(t, bank, inquiry(c, "V-PA"))
	if q.get("TxnType") != "PostAuth" || q.get("TxnStatus") != "V" || q.get("IsVoided") != "true" {
		t.Errorf("inquiry after pre-auth, post-auth, void: %s %s %s", q.get("TxnType"), q.get("TxnStatus"), q.get("IsVoided"))
	}

	// After end of day, and on a later day: V018.
	wantCode(t, api(t, bank, sale(c, "Auth", "V-EOD", "1.01", card)), "00")
	bank.EndOfDay()
	wantCode(t, api(t, bank, follow(c, "Void", "V-EOD", "")), "V018")
	wantCode(t, api(t, bank, sale(c, "Auth", "V-DAY", "1.01", card)), "00")
	clk.add(24 * time.Hour)
	wantCode(t, api(t, bank, follow(c, "Void", "V-DAY", "")), "V018")
	if o, _ := bank.Ledger().Order("V-DAY"); o.Status != vpos.StatusApproved {
		t.Errorf("ledger %s", o.Status)
	}
}

func TestRefund(t *testing.T) {
	bank := payfortest.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	wantCode(t, api(t, bank, sale(c, "Auth", "R-1", "100.00", card)), "00")
	for _, a := range []string{"30.00", "20.00"} {
		r := api(t, bank, follow(c, "Refund", "R-1", a))
		wantCode(t, r, "00")
		if r.get("TransId") != "R-1" || r.get("CardHolderName") != "" || !authCodeRE.MatchString(r.get("AuthCode")) {
			t.Errorf("refund reply %v", r.m)
		}
	}
	if o, _ := bank.Ledger().Order("R-1"); o.Refunded != 5000 || o.Status != vpos.StatusPartiallyRefunded {
		t.Errorf("ledger %+v", o)
	}
	wantCode(t, api(t, bank, follow(c, "Refund", "R-1", "50.01")), "V015")
	wantCode(t, api(t, bank, follow(c, "Refund", "R-1", "")), "00") // the rest
	wantCode(t, api(t, bank, follow(c, "Refund", "R-1", "1.00")), "V037")
	if o, _ := bank.Ledger().Order("R-1"); o.Refunded != 10000 || o.Status != vpos.StatusRefunded {
		t.Errorf("ledger %+v", o)
	}
	wantCode(t, api(t, bank, follow(c, "Refund", "R-NONE", "1.00")), "V013")
	wantCode(t, api(t, bank, sale(c, "Auth", "R-VOID", "1.00", card)), "00")
	wantCode(t, api(t, bank, follow(c, "Void", "R-VOID", "")), "00")
	wantCode(t, api(t, bank, follow(c, "Refund", "R-VOID", "1.00")), "V017")
	wantCode(t, api(t, bank, sale(c, "PreAuth", "R-PRE", "1.00", card)), "00")
	wantCode(t, api(t, bank, follow(c, "Refund", "R-PRE", "1.00")), "V013")
	wantCode(t, api(t, bank, follow(c, "PostAuth", "R-PRE", "")), "00")
	wantCode(t, api(t, bank, follow(c, "Refund", "R-PRE", "0.40")), "00")
	wantCode(t, api(t, bank, sale(c, "Auth", "R-CUR", "1.00", card)), "00")
	wantCode(t, api(t, bank, set(follow(c, "Refund", "R-CUR", "1.00"), [2]string{"Currency", "978"})), "M002")
	wantCode(t, api(t, bank, follow(c, "Refund", "R-CUR", "abc")), "M012")
	wantCode(t, api(t, bank, set(follow(c, "Refund", "R-CUR", "1.00"), [2]string{"UserPass", "nope"})), "V004")
}

func TestRefundBatchRules(t *testing.T) {
	bank := payfortest.NewServer(payfortest.WithBatchRules())
	defer bank.Close()
	c := bank.Credentials()
	s := api(t, bank, sale(c, "Auth", "EOD-1", "1.01", bank.Cards().Approve))
	r := api(t, bank, follow(c, "Refund", "EOD-1", "1.01"))
	wantCode(t, r, "V014")
	if r.get("AuthCode") != s.get("AuthCode") || r.get("ErrMsg") != "Bu işlem geri alınamaz, lüften asıl işlemi iptal edin." {
		t.Errorf("V014 reply %v", r.m)
	}
	if o, _ := bank.Ledger().Order("EOD-1"); o.Refunded != 0 {
		t.Errorf("refunded %d", o.Refunded)
	}
	bank.EndOfDay()
	wantCode(t, api(t, bank, follow(c, "Refund", "EOD-1", "1.01")), "00")
	h := history(t, bank, "EOD-1")
	if got := recordSummary(h); !slices.Equal(got, []string{"Auth/Y/00", "Refund/N/V014", "Refund/Y/00"}) {
		t.Errorf("history %v", got)
	}
	if !strings.Contains(h, "<IrcCode>99962</IrcCode>") || !strings.Contains(h, "<string>IsBatchClosed</string><string>True</string>") {
		t.Errorf("history lacks IrcCode 99962 or a closed batch:\n%s", h)
	}
}
