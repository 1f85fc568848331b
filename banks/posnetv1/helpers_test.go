package posnetv1

import (
	"testing"

	"github.com/sanalpos/vpos"
)

var benchSale = &vpos.SaleRequest{OrderID: "BENCH_1", Amount: 15075, Currency: vpos.TRY, Installments: 3,
	Card: vpos.Card{Number: "4506347010299085", ExpMonth: 9, ExpYear: 2026, CVV: "000"}}

const replyApproved = `{"ServiceResponseData":{"ResponseCode":"00","ResponseDescription":"Onaylandı"},"AuthCode":"449324","ReferenceCode":"159044932490000231","PointDataList":[{"PointType":"EarnedPoint","Point":1000,"PointTLAmount":500}],"InstallmentData":null,"MessageData":null}`

const replyDeclined = `{"ServiceResponseData":{"ResponseCode":"0148","ResponseDescription":"INVALID MID TID IP. Hatalı IP:1.2.3.4"},"AuthCode":null,"ReferenceCode":null,"PointDataList":null,"InstallmentData":null,"MessageData":null}`

const replyInquiry = `{"ServiceResponseData":{"ResponseCode":"0000","ResponseDescription":"Başarılı"},"TransactionData":[
{"Amount":"1,75","AuthCode":"628698","CardNo":"540061******4581","CurrencyCode":"TL","HostLogKey":"022562869890000191","OrderId":"ALB_TST_19091900_20a1234","TransactionDate":"2019-11-0813:58:37.909","TransactionStatus":"1","TransactionType":"Return"},
{"Amount":"1,75","AuthCode":"190742","CardNo":"540061******4581","CurrencyCode":"TL","HostLogKey":"021419074290000191","OrderId":"ALB_TST_19091900_20a1234","TransactionDate":"2019-09-2018:50:58.111","TransactionStatus":"1","TransactionType":"Sale"}]}`

const replyNotFound = `{"ServiceResponseData":{"ResponseCode":"E219","ResponseDescription":"Kayıt Bulunamadı"},"AuthCode":null,"ReferenceCode":null,"TransactionData":null}`

func testProvider(tb testing.TB) *Provider {
	tb.Helper()
	p, err := New(Config{MerchantNo: "6702640212", TerminalNo: "67C16990", PosnetID: "1010062861356072", EncKey: testEncKey,
		Endpoint: TestEndpoint}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}
