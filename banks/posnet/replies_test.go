package posnet

import (
	"errors"
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

func asErr(err error, target **vpos.Error) bool { return errors.As(err, target) }

// Replies of posnet.md §11 (and §4).
const (
	replyApproved = `<?xml version="1.0" encoding="ISO-8859-9"?>
<posnetResponse><approved>1</approved><respCode></respCode><respText></respText><mac>x</mac>
<hostlogkey>0000000002P0806031</hostlogkey><authCode>901477</authCode><tranDate>190703093340</tranDate>
<instInfo><inst1>00</inst1><amnt1>000000000000</amnt1></instInfo>
<pointInfo><point>00000228</point><pointAmount>000000000114</pointAmount><totalPoint>00000000</totalPoint><totalPointAmount>000000000000</totalPointAmount></pointInfo>
</posnetResponse>`
	replyIP        = "<?xml version=\"1.0\" encoding=\"ISO-8859-9\"?>\n<posnetResponse><approved>0</approved><respCode>0148</respCode><respText>INVALID MID TID IP. Hatal\xfd IP:89.244.149.137</respText></posnetResponse>"
	replyDuplicate = `<posnetResponse><approved>2</approved><respCode>0127</respCode><respText>ORDERID DAHA ONCE KULLANILMIS 0127</respText>
<hostlogkey>020527337090000191</hostlogkey><authCode>273370</authCode><tranDate>190703093340</tranDate></posnetResponse>`
	replyOOS = `<posnetResponse><approved>1</approved><respCode></respCode><respText></respText>
<oosRequestDataResponse><data1>AB12</data1><data2>CD34</data2><sign>0123456789ABCDEF0123456789ABCDEF</sign></oosRequestDataResponse></posnetResponse>`
	replyResolved = `<posnetResponse><approved>1</approved><respCode></respCode><respText></respText>
<oosResolveMerchantDataResponse><xid>00000000000000000895</xid><amount>100</amount><currency>TL</currency>
<installment>00</installment><point>0</point><pointAmount>0</pointAmount><txStatus>N</txStatus>
<mdStatus>9</mdStatus><mdErrorMessage>None 3D - Secure Transaction</mdErrorMessage><mac>7I9ojRm7yzvZZTFNOYWocGIGSTv2Vmq23STR6X6X+c0=</mac>
</oosResolveMerchantDataResponse></posnetResponse>`
	replyAgreement = `<posnetResponse><approved>1</approved><respCode></respCode><respText></respText>
<transactions><transaction>
<orderID>TDS_YKB_0000191010111730</orderID><ccno>4506 34** **** 4637</ccno><amount>1,16</amount>
<currencyCode>TL</currencyCode><authCode>504289</authCode><tranDate>2019-10-10 11:21:14.281</tranDate>
<state>Sale</state><txnStatus>1</txnStatus><hostlogkey>021450428990000191</hostlogkey>
</transaction></transactions></posnetResponse>`
)

func TestParseReplies(t *testing.T) {
	p := testProvider(t)
	rep, err := parseReply([]byte(replyApproved))
	if err != nil {
		t.Fatal(err)
	}
	res := p.result(vpos.OpSale, "1", rep)
	if !res.Approved || res.TransactionID != "0000000002P0806031" || res.AuthCode != "901477" || res.Time.Year() != 2019 {
		t.Errorf("approved result = %+v", res)
	}

	rep, err = parseReply([]byte(replyIP))
	if err != nil {
		t.Fatal(err)
	}
	res = p.result(vpos.OpSale, "1", rep)
	if res.Approved || res.Return != returncodes.AuthError || res.BankCode != "0148" || res.BankMessage == "" {
		t.Errorf("0148 result = %+v", res)
	}

	rep, err = parseReply([]byte(replyDuplicate))
	if err != nil {
		t.Fatal(err)
	}
	res = p.result(vpos.OpSale, "1", rep)
	if res.Approved || res.Return != returncodes.DuplicateOrder || res.TransactionID != "" {
		t.Errorf("duplicate result = %+v", res)
	}

	rep, err = parseReply([]byte(replyOOS))
	if err != nil || rep.OOS == nil || rep.OOS.Data1 != "AB12" || rep.OOS.Sign == "" {
		t.Errorf("oosRequestData reply = %+v, %v", rep, err)
	}

	rep, err = parseReply([]byte(replyResolved))
	if err != nil || rep.Resolved == nil {
		t.Fatalf("resolve reply = %+v, %v", rep, err)
	}
	v, err := p.checkResolved("895", "00000000000000000895", 100, rep.Resolved)
	if err != nil || v.md != "9" || v.amount != 100 || v.currency != vpos.TRY {
		t.Errorf("checkResolved = %+v, %v", v, err)
	}
	bad := *rep.Resolved
	bad.MDStatus = "1"
	if _, err := p.checkResolved("895", "00000000000000000895", 100, &bad); !errors.Is(err, vpos.ErrInvalidCallback) {
		t.Errorf("checkResolved with a changed mdStatus = %v, want ErrInvalidCallback", err)
	}
	if _, err := p.checkResolved("895", "00000000000000000895", 101, rep.Resolved); !errors.Is(err, vpos.ErrInvalidCallback) {
		t.Errorf("checkResolved with another amount = %v, want ErrInvalidCallback", err)
	}

	rep, err = parseReply([]byte(replyAgreement))
	if err != nil || len(rep.Txns) != 1 {
		t.Fatalf("agreement reply = %+v, %v", rep, err)
	}
	st, err := p.summarise("X", &orderState{ref: "TDS_YKB_0000191010111730", rep: rep})
	if err != nil || st.Status != vpos.StatusApproved || st.Amount != 116 || st.MaskedPAN != "450634******4637" || st.TransactionID != "021450428990000191" {
		t.Errorf("summarise = %+v, %v", st, err)
	}
}

func TestSummariseAfterSales(t *testing.T) {
	p := testProvider(t)
	row := func(state, amount string) txn {
		return txn{State: state, Amount: amount, CurrencyCode: "TL", TxnStatus: "1", HostLogKey: state}
	}
	for _, tc := range []struct {
		name     string
		rows     []txn
		want     vpos.TxStatus
		refunded vpos.Amount
	}{
		{"sale", []txn{row("Sale", "10,00")}, vpos.StatusApproved, 0},
		{"partial", []txn{row("Return", "4,00"), row("Sale", "10,00")}, vpos.StatusPartiallyRefunded, 400},
		{"full", []txn{row("Return", "6,00"), row("Return", "4,00"), row("Sale", "10,00")}, vpos.StatusRefunded, 1000},
		{"void", []txn{row("Reverse", "10,00"), row("Sale", "10,00")}, vpos.StatusVoided, 0},
		{"declined", []txn{{State: "Sale", Amount: "10,00", TxnStatus: "0"}}, vpos.StatusDeclined, 0},
	} {
		res, err := p.summarise("1", &orderState{rep: &reply{Approved: "1", Txns: tc.rows}})
		if err != nil || res.Status != tc.want || res.RefundedAmount != tc.refunded {
			t.Errorf("%s: %+v, %v; want %s refunded %d", tc.name, res, err, tc.want, tc.refunded)
		}
	}
}

func TestParseReplyErrors(t *testing.T) {
	for _, body := range []string{"", "<x/>", "<posnetResponse/>", "<posnetResponse><approved>3</approved></posnetResponse>", "not xml <"} {
		if _, err := parseReply([]byte(body)); !errors.Is(err, errReply) {
			t.Errorf("parseReply(%q) = %v, want errReply", body, err)
		}
	}
}
