package payfor

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/sanalpos/vpos"
)

// The public QNB test merchant of payfor.md §9 (also the merchant of the
// worked examples of §8 and the captures of §12).
const (
	docMerchantID   = "085300000009704"
	docUserCode     = "QNB_API_KULLANICI_3DPAY"
	docUserPass     = "UcBN0"
	docMerchantPass = "12345678"
)

const (
	testAPI    = "https://bank.example/Gateway/XMLGate.aspx"
	testGate   = "https://bank.example/Gateway/Default.aspx"
	testHosted = "https://bank.example/Gateway/3DHost.aspx"
)

// testConfig is the documented merchant on a mocked bank.
func testConfig() Config {
	return Config{
		MerchantID: docMerchantID, UserCode: docUserCode, UserPass: docUserPass, MerchantPass: docMerchantPass,
		Endpoint: Endpoint{API: testAPI, Gate3D: testGate, HostedGate3D: testHosted},
	}
}

// testNow is the mocked clock.
var testNow = time.Date(2024, 1, 21, 12, 0, 0, 0, vpos.Istanbul())

// sample reads a reply of testdata/replies.
func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "replies", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mockBank is a Provider whose API answers with reply(request body).
type mockBank struct {
	p  *Provider
	mu sync.Mutex
	// requests are the bodies received, in order.
	requests []string
}

func (m *mockBank) bodies() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.requests...)
}

func mockOptions(t testing.TB, cfg Config, m *mockBank, reply func(req string) (int, []byte)) *vpos.Options {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, cfg.Endpoint.API, func(r *http.Request) (*http.Response, error) {
		var b bytes.Buffer
		if _, err := b.ReadFrom(r.Body); err != nil {
			return nil, err
		}
		m.mu.Lock()
		m.requests = append(m.requests, b.String())
		m.mu.Unlock()
		status, body := reply(b.String())
		resp := httpmock.NewBytesResponse(status, body)
		resp.Header.Set("Content-Type", "text/xml; charset=utf-8")
		return resp, nil
	})
	return &vpos.Options{HTTPClient: &http.Client{Transport: mt}, Timeout: 5 * time.Second,
		Clock: func() time.Time { return testNow }, StatusCheckDelay: time.Millisecond}
}

func newMockBank(t testing.TB, cfg Config, reply func(req string) (int, []byte)) *mockBank {
	t.Helper()
	m := &mockBank{}
	p, err := New(cfg, mockOptions(t, cfg, m, reply))
	if err != nil {
		t.Fatal(err)
	}
	p.rnd = func() string { return "0.43625700 1604831630" }
	m.p = p
	return m
}

var (
	txnTypeRe    = regexp.MustCompile(`<TxnType>([^<]*)</TxnType>`)
	secureTypeRe = regexp.MustCompile(`<SecureType>([^<]*)</SecureType>`)
)

// kind names a request: its TxnType, or 3DModelPayment.
func kind(req string) string {
	if m := secureTypeRe.FindStringSubmatch(req); m != nil && m[1] == secure3DPayment {
		return secure3DPayment
	}
	if m := txnTypeRe.FindStringSubmatch(req); m != nil {
		return m[1]
	}
	return ""
}

// byKind answers each kind of request with its sample (HTTP 200); an
// unexpected kind fails the test.
func byKind(t testing.TB, replies map[string]string) func(string) (int, []byte) {
	loaded := map[string][]byte{}
	for k, name := range replies {
		loaded[k] = sample(t, name)
	}
	return func(req string) (int, []byte) {
		if b, ok := loaded[kind(req)]; ok {
			return http.StatusOK, b
		}
		t.Errorf("unexpected %s request", kind(req))
		return http.StatusInternalServerError, nil
	}
}

// fixed answers every request with one sample.
func fixed(t testing.TB, name string) func(string) (int, []byte) {
	b := sample(t, name)
	return func(string) (int, []byte) { return http.StatusOK, b }
}

// withOrder rewrites the TransId (and OrderId) of a sample to order.
func withOrder(b []byte, order string) []byte {
	b = regexp.MustCompile(`<TransId>[^<]*</TransId>`).ReplaceAll(b, []byte("<TransId>"+order+"</TransId>"))
	return regexp.MustCompile(`<OrderId>[^<]*</OrderId>`).ReplaceAll(b, []byte("<OrderId>"+order+"</OrderId>"))
}

// testCard is the QNB test Visa of payfor.md §9 (expiry moved forward).
func testCard() vpos.Card {
	return vpos.Card{Number: "4155650100416111", ExpMonth: 1, ExpYear: 2030, CVV: "123", Holder: "John Doe"}
}

// parseRequestForTest reads a request back: it must be a well-formed
// PayforRequest.
func parseRequestForTest(body []byte) (fields, error) {
	r, err := root(body)
	if err != nil {
		return nil, err
	}
	if r.Tag != "PayforRequest" {
		return nil, malformed("root %s", r.Tag)
	}
	return flat(r)
}
