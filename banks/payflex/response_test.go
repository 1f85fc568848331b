package payflex

import (
	"errors"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/returncodes"
)

// The reply samples of payflex.md §10 (mewebstudio fixtures, VakıfBank
// test captures).
const (
	sampleSaleApproved = `<VposResponse>
  <MerchantId>000100000013506</MerchantId><TransactionType>Sale</TransactionType>
  <TransactionId>9972767117b3400eb2acafc0018643df</TransactionId>
  <ResultCode>0000</ResultCode><ResultDetail>İŞLEM BAŞARILI</ResultDetail>
  <CustomItems><Item name="CardHolderName" value="AR* ÖZ*"></Item></CustomItems>
  <InstallmentTable /><CampaignResult />
  <AuthCode>961451</AuthCode><HostDate>20230309234054</HostDate><Rrn>306823971358</Rrn>
  <TerminalNo>VP000579</TerminalNo><GainedPoint>10.00</GainedPoint><TotalPoint>103032.52</TotalPoint>
  <CurrencyAmount>1.01</CurrencyAmount><CurrencyCode>949</CurrencyCode><OrderId>202303095646</OrderId>
  <ThreeDSecureType>1</ThreeDSecureType><TransactionDeviceSource>0</TransactionDeviceSource>
  <BatchNo>300</BatchNo><TLAmount>1.01</TLAmount>
</VposResponse>`
	sampleSaleDeclined    = `<VposResponse><MerchantId>000100000013506</MerchantId><TransactionType>Sale</TransactionType><TransactionId>9b47227c275246d39454afc00186dfba</TransactionId><ResultCode>0312</ResultCode><ResultDetail>RED-GEÇERSİZ KART</ResultDetail><InstallmentTable /><CampaignResult /><AuthCode>000000</AuthCode><HostDate>20230309234307</HostDate><Rrn>306823971359</Rrn><TerminalNo>VP000579</TerminalNo><CurrencyAmount>1.01</CurrencyAmount><CurrencyCode>949</CurrencyCode><OrderId>20230309EF68</OrderId><ThreeDSecureType>1</ThreeDSecureType><TransactionDeviceSource>0</TransactionDeviceSource><BatchNo>300</BatchNo><TLAmount>1.01</TLAmount></VposResponse>`
	sampleMerchantUnknown = `<VposResponse><ResultCode>9039</ResultCode><ResultDetail>Üye işyeri bulunamadı.</ResultDetail><InstallmentTable /></VposResponse>`
	sampleCancelApproved  = `<VposResponse><MerchantId>000100000013506</MerchantId><TransactionType>Cancel</TransactionType>
<TransactionId>4a8e979308de4568b500afc00187a501</TransactionId>
<ReferenceTransactionId>3f30ab117aa74826b448afc0018789fa</ReferenceTransactionId>
<ResultCode>0000</ResultCode><ResultDetail>İŞLEM BAŞARILI</ResultDetail><InstallmentTable /><CampaignResult />
<AuthCode>836044</AuthCode><HostDate>20230309234556</HostDate><Rrn>306823971363</Rrn><TerminalNo>VP000579</TerminalNo>
<CurrencyAmount>1.01</CurrencyAmount><CurrencyCode>949</CurrencyCode><BatchNo>300</BatchNo><TLAmount>1.01</TLAmount></VposResponse>`
	sampleCancelAgain   = `<VposResponse><ResultCode>1083</ResultCode><ResultDetail>Referans islem daha önceden iptal edilmis.</ResultDetail><InstallmentTable /></VposResponse>`
	sampleRefundNothing = `<VposResponse><ResultCode>1059</ResultCode><ResultDetail>İşlemin tamamı iade edilmiş.</ResultDetail><InstallmentTable /></VposResponse>`
	sampleEnrolled      = `<IPaySecure>
  <Message ID="x1">
    <VERes>
      <Version>1.0.2</Version>
      <Status>Y</Status>
      <PaReq>eJxVUttygjAQ</PaReq>
      <TermUrl>https://3dsecuretest.vakifbank.com.tr:4443/MPIAPI/MPI_PARes.aspx</TermUrl>
      <MD>md-123</MD>
      <ACSUrl>https://acs.example.com/pareq</ACSUrl>
      <ACCTID>acct</ACCTID>
    </VERes>
  </Message>
  <VerifyEnrollmentRequestId>0aebb0757acccae6fba75b2e4d78cecf</VerifyEnrollmentRequestId>
  <MessageErrorCode></MessageErrorCode>
  <ErrorMessage></ErrorMessage>
</IPaySecure>`
	sampleEnrollError = `<IPaySecure><Message ID="x"><VERes><Status>E</Status></VERes></Message><VerifyEnrollmentRequestId>0aebb0757acccae6fba75b2e4d78cecf</VerifyEnrollmentRequestId><MessageErrorCode>2005</MessageErrorCode><ErrorMessage>Merchant cannot be found for this bank</ErrorMessage></IPaySecure>`
	sampleSearch      = `<SearchResponse>
  <ResponseInfo><Status>Success</Status><ResponseCode>0000</ResponseCode><ResponseMessage>Succeeded.</ResponseMessage>
    <ResponseDateTime>2023-05-27T13:58:53.0340773+03:00</ResponseDateTime><IsIdempotent>false</IsIdempotent></ResponseInfo>
  <PageIndex>1</PageIndex><PageSize>10</PageSize><TotalItemCount>1</TotalItemCount>
  <TransactionSearchResultInfo>
    <TransactionSearchResultInfo>
      <MerchantId>655500056</MerchantId><TransactionType>Sale</TransactionType>
      <TransactionId>b2d71cc5-d242-4b01-8479-d56eb8f74d7c</TransactionId><OrderId>z2d71cc5-d242-4b01-8479-d56eb8f74d7</OrderId>
      <ResultCode>0000</ResultCode><ResponseMessage>İŞLEM BAŞARILI</ResponseMessage><HostResultCode>000</HostResultCode>
      <AuthCode>11234</AuthCode><HostDate>1130145930</HostDate><Rrn>201101240006</Rrn>
      <CurrencyAmount>90.50</CurrencyAmount><AmountCode>949</AmountCode><CurrencyCode></CurrencyCode>
      <ThreeDSecureType>1</ThreeDSecureType><GainedPoint>0</GainedPoint><TotalPoint>100</TotalPoint>
      <SurchargeAmount>92.50</SurchargeAmount><Extract>090020304</Extract>
      <IsReversed>false</IsReversed><IsCanceled>false</IsCanceled><IsRefunded>false</IsRefunded>
      <CustomItems><CustomItem><Name>Kontrol1</Name><Value>01</Value></CustomItem></CustomItems>
    </TransactionSearchResultInfo>
  </TransactionSearchResultInfo>
</SearchResponse>`
	sampleSearchError = `<SearchResponse><ResponseInfo><Status>Error</Status><ResponseCode>9065</ResponseCode><ResponseMessage>Üye isyeri bulunamadi</ResponseMessage></ResponseInfo></SearchResponse>`
)

func testProvider(t testing.TB) *Provider {
	t.Helper()
	p, err := New(docConfig(), &vpos.Options{Clock: func() time.Time { return time.Date(2023, 3, 10, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseSaleReplies(t *testing.T) {
	p := testProvider(t)
	cases := []struct {
		name     string
		body     string
		approved bool
		rc       returncodes.Code
		txID     string
		auth     string
	}{
		{"approved", sampleSaleApproved, true, returncodes.Approved, "9972767117b3400eb2acafc0018643df", "961451"},
		{"declined", sampleSaleDeclined, false, returncodes.InvalidCVV, "9b47227c275246d39454afc00186dfba", ""},
		{"merchant unknown", sampleMerchantUnknown, false, returncodes.AuthError, "", ""},
		{"cancel", sampleCancelApproved, true, returncodes.Approved, "4a8e979308de4568b500afc00187a501", "836044"},
		{"cancel again", sampleCancelAgain, false, returncodes.InvalidTransactionState, "", ""},
		{"refund nothing left", sampleRefundNothing, false, returncodes.InvalidTransactionState, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := parseReply([]byte(c.body))
			if err != nil {
				t.Fatal(err)
			}
			res := p.result(vpos.OpSale, "o", rep)
			if res.Approved != c.approved || res.Return != c.rc || res.TransactionID != c.txID || res.AuthCode != c.auth {
				t.Errorf("got Approved=%v Return=%s TransactionID=%q AuthCode=%q, want %v %s %q %q",
					res.Approved, res.Return, res.TransactionID, res.AuthCode, c.approved, c.rc, c.txID, c.auth)
			}
			if res.BankCode != rep.ResultCode || res.BankMessage == "" {
				t.Errorf("BankCode=%q BankMessage=%q", res.BankCode, res.BankMessage)
			}
		})
	}
	rep, _ := parseReply([]byte(sampleSaleApproved))
	res := p.result(vpos.OpSale, "o", rep)
	if want := time.Date(2023, 3, 9, 23, 40, 54, 0, vpos.Istanbul()); !res.Time.Equal(want) {
		t.Errorf("Time = %v, want %v", res.Time, want)
	}
	if res.RRN != "306823971358" {
		t.Errorf("RRN = %q", res.RRN)
	}
	echoAmount(res, rep)
	if res.Amount != 101 || res.Currency != vpos.TRY {
		t.Errorf("echoed amount = %d %s, want 101 TRY", res.Amount, res.Currency)
	}
	rep, _ = parseReply([]byte(sampleCancelApproved))
	if rep.ReferenceTransactionID != "3f30ab117aa74826b448afc0018789fa" {
		t.Errorf("ReferenceTransactionId = %q", rep.ReferenceTransactionID)
	}
}

func TestParseReplyRejects(t *testing.T) {
	for name, body := range map[string]string{
		"html waf":     `<html><head><title>Request Rejected</title></head><body>The requested URL was rejected.</body></html>`,
		"json":         `{"error":"bad"}`,
		"empty":        ``,
		"no code":      `<VposResponse><ResultDetail>x</ResultDetail></VposResponse>`,
		"other root":   `<IPaySecure><MessageErrorCode>1</MessageErrorCode></IPaySecure>`,
		"truncated":    `<VposResponse><ResultCode>0000</Result`,
		"empty result": `<VposResponse><ResultCode> </ResultCode></VposResponse>`,
	} {
		if _, err := parseReply([]byte(body)); !errors.Is(err, errReply) {
			t.Errorf("%s: err = %v, want errReply", name, err)
		}
	}
}

func TestParseEnrollment(t *testing.T) {
	e, err := parseEnrollment([]byte(sampleEnrolled))
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != "Y" || e.PaReq != "eJxVUttygjAQ" || e.MD != "md-123" || e.ACSURL != "https://acs.example.com/pareq" ||
		e.TermURL == "" || e.VerifyEnrollmentRequestID != "0aebb0757acccae6fba75b2e4d78cecf" {
		t.Errorf("enrollment = %+v", e)
	}
	e, err = parseEnrollment([]byte(sampleEnrollError))
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != "E" || e.MessageErrorCode != "2005" || e.ErrorMessage == "" {
		t.Errorf("error enrollment = %+v", e)
	}
	if _, err := parseEnrollment([]byte(`<IPaySecure><ErrorMessage>Default</ErrorMessage></IPaySecure>`)); !errors.Is(err, errReply) {
		t.Errorf("empty enrollment: err = %v, want errReply", err)
	}
}

func TestParseSearch(t *testing.T) {
	s, err := parseSearch([]byte(sampleSearch))
	if err != nil {
		t.Fatal(err)
	}
	if s.ResponseCode != "0000" || len(s.Items) != 1 {
		t.Fatalf("search = %+v", s)
	}
	it := s.original("z2d71cc5-d242-4b01-8479-d56eb8f74d7")
	if it == nil || it.TransactionID != "b2d71cc5-d242-4b01-8479-d56eb8f74d7c" || it.CurrencyAmount != "90.50" || it.AmountCode != "949" {
		t.Errorf("original = %+v", it)
	}
	if s.original("another") != nil {
		t.Errorf("original(another order) != nil")
	}
	s, err = parseSearch([]byte(sampleSearchError))
	if err != nil {
		t.Fatal(err)
	}
	if s.ResponseCode != "9065" || len(s.Items) != 0 {
		t.Errorf("search error = %+v", s)
	}
	if rc, _ := normalise(s.ResponseCode); rc != returncodes.AuthError {
		t.Errorf("9065 = %s, want auth_error", rc)
	}
}

func TestHostDate(t *testing.T) {
	now := time.Date(2024, 1, 2, 10, 0, 0, 0, vpos.Istanbul())
	if got, ok := hostDate("1230235959", now); !ok || got.Year() != 2023 {
		t.Errorf("MMddHHmmss in January = %v, %v, want 2023", got, ok)
	}
	if got, ok := hostDate("0102095959", now); !ok || got.Year() != 2024 {
		t.Errorf("MMddHHmmss same day = %v, %v, want 2024", got, ok)
	}
	if _, ok := hostDate("2023", now); ok {
		t.Errorf("short HostDate parsed")
	}
}
