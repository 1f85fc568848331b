package payfor_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/sanalpos/vpos/banks/payfor"
)

// loopbackBank is a minimal PayFor XML API over loopback for examples and
// benchmarks: it approves every payment with the reply shape of payfor.md
// §12.2 and answers OrderInquiry from what it booked (§12.4). It is not a
// fake bank (package payfortest is); it checks no credentials and no rules.
type loopbackBank struct {
	*httptest.Server
	mu     sync.Mutex
	seq    int
	orders map[string][2]string // order id -> PurchAmount, Currency
}

var loopbackField = regexp.MustCompile(`<(OrderId|OrgOrderId|TxnType|SecureType|PurchAmount|Currency)>([^<]*)<`)

func newLoopbackBank() *loopbackBank {
	b := &loopbackBank{orders: map[string][2]string{}}
	b.Server = httptest.NewServer(http.HandlerFunc(b.serve))
	return b
}

// config is the documented test merchant of payfor.md §9 at this bank.
func (b *loopbackBank) config() payfor.Config {
	return payfor.Config{
		MerchantID: "085300000009704", UserCode: "QNB_API_KULLANICI_3DPAY", UserPass: "UcBN0", MerchantPass: "12345678",
		Endpoint: payfor.Endpoint{API: b.URL + "/Gateway/XMLGate.aspx", Gate3D: b.URL + "/Gateway/Default.aspx"},
	}
}

func (b *loopbackBank) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f := map[string]string{}
	for _, m := range loopbackField.FindAllStringSubmatch(string(body), -1) {
		f[m[1]] = m[2]
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	b.mu.Lock()
	defer b.mu.Unlock()
	order := f["OrderId"] + f["OrgOrderId"]
	if f["TxnType"] == "OrderInquiry" {
		o, ok := b.orders[order]
		if !ok {
			fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><PayforResponse><OrgOrderId>`+order+
				`</OrgOrderId><TxnType>OrderInquiry</TxnType><TxnStatus>P</TxnStatus><ProcReturnCode>V013</ProcReturnCode></PayforResponse>`)
			return
		}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><PayforResponse><OrderId>%s</OrderId><TxnType>Auth</TxnType>`+
			`<PurchAmount>%s</PurchAmount><Currency>%s</Currency><TxnStatus>Y</TxnStatus><AuthCode>S31432</AuthCode>`+
			`<HostRefNum>326011208369</HostRefNum><ProcReturnCode>00</ProcReturnCode><IsVoided>false</IsVoided>`+
			`<IsRefunded>false</IsRefunded></PayforResponse>`, order, o[0], o[1])
		return
	}
	if f["TxnType"] == "Auth" {
		b.orders[order] = [2]string{f["PurchAmount"], f["Currency"]}
	}
	b.seq++
	fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?>
<PayforResponse>
<AuthCode>S31432</AuthCode>
<HostRefNum>3260112%05d</HostRefNum>
<ProcReturnCode>00</ProcReturnCode>
<TransId>%s</TransId>
<ErrMsg>Onaylandı</ErrMsg>
<CardHolderName>John Doe</CardHolderName>
<ArtiTaksit>0</ArtiTaksit>
<BankInternalResponseMessage></BankInternalResponseMessage>
<PAYFORFROMXMLREQUEST>1</PAYFORFROMXMLREQUEST>
<SESSION_SYSTEM_USER>0</SESSION_SYSTEM_USER>
</PayforResponse>`, b.seq, order)
}

// pay3D plays the shopper and the bank's 3DPay gate: it books the form's
// payment and returns the callback the bank would post, signed.
func (b *loopbackBank) pay3D(cfg payfor.Config, form url.Values) url.Values {
	b.mu.Lock()
	b.orders[form.Get("OrderId")] = [2]string{form.Get("PurchAmount"), form.Get("Currency")}
	b.mu.Unlock()
	cb := url.Values{}
	for _, k := range []string{"MbrId", "MerchantID", "OrderId", "SecureType", "PurchAmount", "Currency", "TxnType",
		"InstallmentCount", "OkUrl", "FailUrl", "Rnd", "Hash"} {
		cb.Set(k, form.Get(k))
	}
	pan := form.Get("Pan")
	cb.Set("CardMask", pan[:6]+strings.Repeat("*", len(pan)-10)+pan[len(pan)-4:])
	for k, v := range map[string]string{"3DStatus": "1", "ProcReturnCode": "00", "AuthCode": "S86797", "HostRefNum": "230422100150",
		"TxnResult": "Success", "ErrMsg": "Onaylandı", "Eci": "05", "RequestGuid": "1000000081255944"} {
		cb.Set(k, v)
	}
	return cfg.SignCallback(cb)
}
