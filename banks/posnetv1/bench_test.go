package posnetv1_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/posnetv1"
	"github.com/sanalpos/vpos/banks/posnetv1/posnetv1test"
)

var benchSeq atomic.Int64

func benchOrder() string { return fmt.Sprintf("BENCH%015d", benchSeq.Add(1)) }

// BenchmarkClientSale is a full sale through vpos.Client (validation,
// store, at-most-once bookkeeping, request build, reply parse) against the
// fake bank over loopback. Compare with BenchmarkRawPOST.
func BenchmarkClientSale(b *testing.B) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	client, err := posnetv1.Open(posnetv1.Config{MerchantNo: c.MerchantNo, TerminalNo: c.TerminalNo, PosnetID: c.PosnetID, EncKey: c.EncKey,
		Endpoint: posnetv1.Endpoint{API: bank.APIURL(), Gate3D: bank.GateURL(), Test: true}}, &vpos.Options{HTTPClient: bank.HTTPClient()})
	if err != nil {
		b.Fatal(err)
	}
	card := bank.Cards().Approve
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.Sale(ctx, &vpos.SaleRequest{OrderID: benchOrder(), Amount: 15075, Currency: vpos.TRY, Card: card}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawPOST posts a hand-built sale to the fake bank with plain
// net/http: the floor the Client's overhead is measured against.
func BenchmarkRawPOST(b *testing.B) {
	bank := posnetv1test.NewServer()
	defer bank.Close()
	c := bank.Credentials()
	card := bank.Cards().Approve
	hc := bank.HTTPClient()
	exp := fmt.Sprintf("%02d%02d", card.ExpYear%100, card.ExpMonth)
	mac := posnetv1.MAC(c.EncKey, c.MerchantNo, c.TerminalNo, card.Number, card.CVV, exp, "15075")
	b.ReportAllocs()
	for b.Loop() {
		body := fmt.Sprintf(`{"ApiType":"JSON","ApiVersion":"V100","MerchantNo":%q,"TerminalNo":%q,"MACParams":"MerchantNo:TerminalNo:CardNo:Cvc2:ExpireDate:Amount","MAC":%q,`+
			`"IsEncrypted":"N","PaymentInstrumentType":"CARD","IsMailOrder":"N","CardInformationData":{"CardNo":%q,"ExpireDate":%q,"Cvc2":%q,"CardHolderName":"Test"},`+
			`"Amount":15075,"CurrencyCode":"TL","OrderId":%q,"InstallmentCount":"0","InstallmentType":"N"}`,
			c.MerchantNo, c.TerminalNo, mac, card.Number, exp, card.CVV, benchOrder())
		resp, err := hc.Post(bank.APIURL()+"/Sale", "application/json", bytes.NewBufferString(body))
		if err != nil {
			b.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Contains(out, []byte(`"ResponseCode":"00"`)) {
			b.Fatalf("raw sale: HTTP %d %s", resp.StatusCode, out)
		}
	}
}
