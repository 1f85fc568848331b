package posnetv1

import (
	"testing"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

func TestNormalise(t *testing.T) {
	for _, tc := range []struct {
		code    string
		inquiry bool
		want    returncodes.Code
		mapped  bool
	}{
		{"00", false, returncodes.Approved, true},
		{"0000", true, returncodes.Approved, true},
		{"00", true, returncodes.Approved, true},
		{"0000", false, returncodes.DoNotHonor, false},
		{"0148", false, returncodes.AuthError, true},
		{"0127", false, returncodes.DuplicateOrder, true},
		{"0123", false, returncodes.NotFound, true},
		{"E216", false, returncodes.AuthError, true},
		{"e219", true, returncodes.NotFound, true},
		{"0444", false, returncodes.ReferToIssuer, true},
		{"0051", false, returncodes.InsufficientFunds, true},
		{"51", false, returncodes.InsufficientFunds, true},
		{"0005", false, returncodes.DoNotHonor, true},
		{"0041", false, returncodes.PickupLostStolen, true},
		{"0054", false, returncodes.ExpiredCard, true},
		{"0014", false, returncodes.InvalidCard, true},
		{"0091", false, returncodes.IssuerUnavailable, true},
		{"ZZZZ", false, returncodes.DoNotHonor, false},
		{"", false, returncodes.DoNotHonor, false},
	} {
		got, mapped := normalise(tc.code, tc.inquiry)
		if got != tc.want || mapped != tc.mapped {
			t.Errorf("normalise(%q, %v) = %s, %v; want %s, %v", tc.code, tc.inquiry, got, mapped, tc.want, tc.mapped)
		}
	}
}

func TestReplies(t *testing.T) {
	p := testProvider(t)
	rep, err := parseReply([]byte(replyApproved))
	if err != nil {
		t.Fatal(err)
	}
	if res := p.result(vpos.OpSale, "1", rep); !res.Approved || res.TransactionID != "159044932490000231" || res.AuthCode != "449324" {
		t.Errorf("approved reply: %+v", res)
	}
	rep, err = parseReply([]byte(replyDeclined))
	if err != nil {
		t.Fatal(err)
	}
	if res := p.result(vpos.OpSale, "1", rep); res.Approved || res.Return != returncodes.AuthError || res.TransactionID != "" {
		t.Errorf("declined reply: %+v", res)
	}
	rep, err = parseReply([]byte(replyInquiry))
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.summarise("1", &orderState{rows: rep.TransactionData})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != vpos.StatusRefunded || res.Amount != 175 || res.RefundedAmount != 175 || res.TransactionID != "021419074290000191" {
		t.Errorf("inquiry: %+v", res)
	}
	if res.Time.Year() != 2019 {
		t.Errorf("inquiry time = %v", res.Time)
	}
	if _, err := parseReply([]byte(replyNotFound)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "{}", "<xml/>", `{"ServiceResponseData":null}`} {
		if _, err := parseReply([]byte(bad)); err == nil {
			t.Errorf("parseReply(%q) accepted", bad)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	good := Config{MerchantNo: "6702640212", TerminalNo: "67C16990", PosnetID: "1010062861356072", EncKey: testEncKey, Endpoint: TestEndpoint}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []func(*Config){
		func(c *Config) { c.MerchantNo = "" }, func(c *Config) { c.MerchantNo = "12345678901" },
		func(c *Config) { c.TerminalNo = "67-16990" }, func(c *Config) { c.PosnetID = "x" },
		func(c *Config) { c.EncKey = "" }, func(c *Config) { c.Endpoint.API = "ftp://x" },
		func(c *Config) { c.Endpoint.Gate3D = "" }, func(c *Config) { c.Currencies = []vpos.Currency{"CHF"} },
	} {
		c := good
		f(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("Validate accepted %v", c)
		}
	}
	if s := good.String(); s == "" || contains(s, testEncKey) {
		t.Errorf("String leaks the EncKey: %s", s)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
