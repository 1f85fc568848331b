package posnetv1test_test

// Test helpers that speak POSNET V1 themselves, written from posnet.md §10
// and §12: the tests build their own JSON and MACs.

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/banks/posnetv1/posnetv1test"
	"github.com/sanalpos/vpos/threed"
)

// tH is §10's hash: Base64(SHA-256(s)).
func tH(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// tReq is a request body.
type tReq map[string]any

// tReply is a decoded reply.
type tReply map[string]any

func (r tReply) code() string {
	sd, _ := r["ServiceResponseData"].(map[string]any)
	c, _ := sd["ResponseCode"].(string)
	return c
}

func (r tReply) str(k string) string {
	s, _ := r[k].(string)
	return s
}

func (r tReply) rows() []map[string]any {
	var out []map[string]any
	rs, _ := r["TransactionData"].([]any)
	for _, x := range rs {
		out = append(out, x.(map[string]any))
	}
	return out
}

// tPost signs body (MACParams, values looked up at the top level or in
// CardInformationData/ThreeDSecureData) and posts it to op.
func tPost(t *testing.T, bank *posnetv1test.Server, op string, body tReq, macParams string) tReply {
	t.Helper()
	c := bank.Credentials()
	full := tReq{"ApiType": "JSON", "ApiVersion": "V100", "MerchantNo": c.MerchantNo, "TerminalNo": c.TerminalNo,
		"MACParams": macParams, "CipheredData": nil, "DealerData": nil, "IsEncrypted": "N", "PaymentFacilitatorData": nil}
	for k, v := range body {
		full[k] = v
	}
	var vals strings.Builder
	for _, n := range strings.Split(macParams, ":") {
		v, ok := full[n]
		for _, sub := range []string{"CardInformationData", "ThreeDSecureData"} {
			if m, isMap := full[sub].(tReq); !ok && isMap {
				v, ok = m[n]
			}
		}
		if ok {
			b, _ := json.Marshal(v)
			vals.WriteString(strings.Trim(string(b), `"`))
		}
	}
	if _, ok := full["MAC"]; !ok {
		full["MAC"] = tH(vals.String() + c.EncKey)
	}
	return tPostRaw(t, bank, op, full)
}

func tPostRaw(t *testing.T, bank *posnetv1test.Server, op string, body tReq) tReply {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := bank.HTTPClient().Post(bank.APIURL()+"/"+op, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatalf("post %s: %v", op, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%s: status %d %q, body %s", op, resp.StatusCode, resp.Header.Get("Content-Type"), raw)
	}
	var r tReply
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("%s: reply %s: %v", op, raw, err)
	}
	return r
}

// tPad left-pads s with zeros to n characters.
func tPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// tYYMM is the card's expiry as YYMM.
func tYYMM(mmyy string) string { return mmyy[2:] + mmyy[:2] }

// tSale posts a non-3D Sale or Auth with the card in CardInformationData.
func tSale(t *testing.T, bank *posnetv1test.Server, op, orderID string, amount int64, cur, pan, exp, cvc string) tReply {
	t.Helper()
	return tPost(t, bank, op, tReq{
		"CardInformationData": tReq{"CardHolderName": "AYSE YILMAZ", "CardNo": pan, "Cvc2": cvc, "ExpireDate": exp},
		"Amount":              amount, "CurrencyCode": cur, "PointAmount": 0, "OrderId": tPad(orderID, 20),
		"InstallmentCount": "0", "InstallmentType": "N", "IsMailOrder": "N", "IsRecurring": "N",
	}, "MerchantNo:TerminalNo:CardNo:Cvc2:ExpireDate:Amount")
}

// tWant checks a reply's ResponseCode.
func tWant(t *testing.T, r tReply, code string) {
	t.Helper()
	if got := r.code(); got != code {
		t.Fatalf("ResponseCode = %q, want %q (reply %v)", got, code, r)
	}
}

// tGateForm builds the 3-D form of §10 (UseOOS=0, card on the form).
func tGateForm(bank *posnetv1test.Server, orderID, amount, tranType, pan, exp, cvv string) *threed.Form {
	c := bank.Credentials()
	return &threed.Form{Action: bank.GateURL(), Method: http.MethodPost, Fields: url.Values{
		"MerchantNo": {c.MerchantNo}, "TerminalNo": {c.TerminalNo}, "PosnetID": {c.PosnetID},
		"TransactionType": {tranType}, "OrderId": {tPad(orderID, 20)}, "Amount": {amount}, "CurrencyCode": {"TL"},
		"MerchantReturnURL": {"https://shop.example/albaraka/return"}, "InstallmentCount": {"0"}, "Language": {"tr"},
		"TxnState": {"INITIAL"}, "OpenNewWindow": {"0"}, "CardNo": {pan}, "ExpiredDate": {exp}, "Cvv": {cvv},
		"CardHolderName": {"AYSE YILMAZ"}, "MacParams": {"MerchantNo:TerminalNo:CardNo:Cvc2:ExpireDate:Amount"},
		"UseOOS": {"0"}, "Mac": {tH(c.MerchantNo + c.TerminalNo + pan + cvv + exp + amount + c.EncKey)},
	}}
}

// tProvision posts the 3-D Sale or Auth for callback cb.
func tProvision(t *testing.T, bank *posnetv1test.Server, op string, cb url.Values, amount int64) tReply {
	t.Helper()
	return tPost(t, bank, op, tReq{
		"ThreeDSecureData": tReq{"SecureTransactionId": cb.Get("SecureTransactionId"), "CavvData": cb.Get("CAVV"),
			"Eci": cb.Get("ECI"), "MdStatus": json.Number(cb.Get("MdStatus")), "MD": cb.Get("MD")},
		"Amount": amount, "CurrencyCode": "TL", "OrderId": cb.Get("OrderId"), "InstallmentCount": "0",
		"InstallmentType": "N", "PointAmount": 0,
	}, "MerchantNo:TerminalNo:SecureTransactionId:CavvData:Eci:MdStatus")
}
