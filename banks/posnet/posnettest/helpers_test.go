package posnettest_test

// Test helpers that speak POSNET themselves, written from posnet.md: the
// tests build their own XML and MACs.

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/banks/posnet/posnettest"
	"github.com/sanalpos/vpos/threed"
)

// tH is posnet.md §6: Base64(SHA-256(s)).
func tH(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// tMAC is the §6.2 request MAC for the server's credentials.
func tMAC(bank *posnettest.Server, xid, amount, currency string) string {
	c := bank.Credentials()
	return tH(xid + ";" + amount + ";" + currency + ";" + c.MerchantID + ";" + tH(c.EncKey+";"+c.TerminalID))
}

// tReply is a posnetResponse flattened: element paths ("approved",
// "oosResolveMerchantDataResponse/mdStatus", "transactions/transaction/state")
// to their texts, repeated elements in document order.
type tReply map[string][]string

func (r tReply) get(path string) string {
	if v := r[path]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// tPost posts a posnetRequest with op as the operation body (form field
// xmldata, URL-encoded as CP.VPOS sends it) and parses the reply.
func tPost(t *testing.T, bank *posnettest.Server, op string) tReply {
	t.Helper()
	c := bank.Credentials()
	return tPostRaw(t, bank, `<?xml version="1.0" encoding="ISO-8859-9"?><posnetRequest><mid>`+c.MerchantID+
		`</mid><tid>`+c.TerminalID+`</tid><tranDateRequired>1</tranDateRequired>`+op+`</posnetRequest>`)
}

func tPostRaw(t *testing.T, bank *posnettest.Server, doc string) tReply {
	t.Helper()
	resp, err := bank.HTTPClient().PostForm(bank.APIURL(), url.Values{"xmldata": {doc}})
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xml") {
		t.Fatalf("status %d %q, body %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	return tParse(t, body)
}

func tParse(t *testing.T, body []byte) tReply {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(body)))
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { // ISO-8859-9
		b, err := io.ReadAll(in)
		special := map[byte]rune{0xD0: 'Ğ', 0xDD: 'İ', 0xDE: 'Ş', 0xF0: 'ğ', 0xFD: 'ı', 0xFE: 'ş'}
		var sb strings.Builder
		for _, c := range b {
			if r, ok := special[c]; ok {
				sb.WriteRune(r)
			} else {
				sb.WriteRune(rune(c))
			}
		}
		return strings.NewReader(sb.String()), err
	}
	out := tReply{}
	var path []string
	var text string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reply %s: %v", body, err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			path = append(path, x.Name.Local)
			text = ""
		case xml.CharData:
			text += string(x)
		case xml.EndElement:
			if len(path) > 1 {
				p := strings.Join(path[1:], "/")
				out[p] = append(out[p], text)
			}
			path = path[:len(path)-1]
			text = ""
		}
	}
	return out
}

// tPad left-pads s with zeros to n characters.
func tPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// tSale returns a sale or auth element.
func tSale(op, orderID, amount, currency, inst, pan, exp, cvc string) string {
	return "<" + op + "><orderID>" + tPad(orderID, 24) + "</orderID><installment>" + inst + "</installment><amount>" + amount +
		"</amount><currencyCode>" + currency + "</currencyCode><ccno>" + pan + "</ccno><expDate>" + exp +
		"</expDate><cvc>" + cvc + "</cvc></" + op + ">"
}

// tYYMM is the card's expiry as YYMM.
func tYYMM(mmyy string) string { return mmyy[2:] + mmyy[:2] }

// tWant checks reply fields.
func tWant(t *testing.T, r tReply, kv ...string) {
	t.Helper()
	for i := 0; i < len(kv); i += 2 {
		if got := r.get(kv[i]); got != kv[i+1] {
			t.Errorf("%s = %q, want %q (reply %v)", kv[i], got, kv[i+1], r)
		}
	}
}

// tGateForm runs oosRequestData and returns the gate form (§5.2).
func tGateForm(t *testing.T, bank *posnettest.Server, xid, amount, tranType, pan, exp, cvc string) *threed.Form {
	t.Helper()
	c := bank.Credentials()
	r := tPost(t, bank, "<oosRequestData><posnetid>"+c.PosnetID+"</posnetid><ccno>"+pan+"</ccno><expDate>"+exp+
		"</expDate><cvc>"+cvc+"</cvc><amount>"+amount+"</amount><currencyCode>TL</currencyCode><installment>00</installment><XID>"+
		tPad(xid, 20)+"</XID><cardHolderName>AYSE YILMAZ</cardHolderName><tranType>"+tranType+"</tranType></oosRequestData>")
	tWant(t, r, "approved", "1")
	return &threed.Form{Action: bank.GateURL(), Method: http.MethodPost, Fields: url.Values{
		"mid": {c.MerchantID}, "posnetID": {c.PosnetID},
		"posnetData": {r.get("oosRequestDataResponse/data1")}, "posnetData2": {r.get("oosRequestDataResponse/data2")},
		"digest": {r.get("oosRequestDataResponse/sign")}, "merchantReturnURL": {"https://shop.example/posnet/return"},
		"lang": {"tr"}, "url": {""},
	}}
}

// tResolve posts oosResolveMerchantData (or oosTranData) for a callback.
func tResolve(t *testing.T, bank *posnettest.Server, op string, cb url.Values, mac string) tReply {
	t.Helper()
	extra := ""
	if op == "oosTranData" {
		extra = "<wpAmount>0</wpAmount>"
	}
	return tPost(t, bank, "<"+op+"><bankData>"+cb.Get("BankPacket")+"</bankData><merchantData>"+cb.Get("MerchantPacket")+
		"</merchantData><sign>"+cb.Get("Sign")+"</sign>"+extra+"<mac>"+mac+"</mac></"+op+">")
}
