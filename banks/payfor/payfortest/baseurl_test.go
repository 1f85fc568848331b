package payfortest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sanalpos/vpos/banks/payfor/payfortest"
)

// TestHandlerWithBaseURL checks that WithBaseURL moves the URLs the bank
// gives out and that Handler serves the bank's routes when mounted under
// a prefix (paths are case-insensitive, as at the bank).
func TestHandlerWithBaseURL(t *testing.T) {
	plain := payfortest.NewServer()
	defer plain.Close()
	if plain.URL() == "" || plain.APIURL() != plain.URL()+payfortest.APIPath {
		t.Errorf("without WithBaseURL: URL %q, API %q", plain.URL(), plain.APIURL())
	}
	s := payfortest.NewServer(payfortest.WithBaseURL("http://sim.example:8090/payfor/"))
	defer s.Close()
	base := "http://sim.example:8090/payfor"
	for got, want := range map[string]string{
		s.URL(): base, s.APIURL(): base + "/Gateway/XMLGate.aspx", s.FormAPIURL(): base + "/Gateway/Default.aspx",
		s.Gate3DURL(): base + "/Gateway/Default.aspx", s.HostedGate3DURL(): base + "/Gateway/3DHost.aspx",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/payfor/", http.StripPrefix("/payfor", s.Handler()))
	for path, want := range map[string]int{
		"/payfor" + payfortest.APIPath:        http.StatusOK,
		"/payfor/gateway/xmlgate.aspx":        http.StatusOK,
		"/payfor" + payfortest.HostedGatePath: http.StatusBadRequest, // no OkUrl / FailUrl
		"/payfor/no-such-page":                http.StatusNotFound,
	} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader("")))
		if rec.Code != want {
			t.Errorf("POST %s: status %d, want %d", path, rec.Code, want)
		}
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/payfor"+payfortest.APIPath, nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d", rec.Code)
	}
}

func TestCredentials(t *testing.T) {
	d := payfortest.DefaultCredentials()
	if d.MbrID != "5" || d.MerchantID == "085300000009704" || d.UserPass == "UcBN0" || d.MerchantPass == "12345678" {
		t.Errorf("default credentials look like the public sandbox's: %v", d)
	}
	if s := d.String(); strings.Contains(s, d.UserPass) || strings.Contains(s, d.MerchantPass) {
		t.Errorf("String leaks a secret: %s", s)
	}
	bank := payfortest.NewServer(payfortest.WithCredentials(payfortest.Credentials{UserPass: "Other-Pass-Xyz"}))
	defer bank.Close()
	c := bank.Credentials()
	if c.UserPass != "Other-Pass-Xyz" || c.MerchantID != d.MerchantID || c.MerchantPass != d.MerchantPass {
		t.Errorf("WithCredentials: %v", c)
	}
	wantCode(t, api(t, bank, sale(c, "Auth", "CR-1", "1.00", bank.Cards().Approve)), "00")
	wantCode(t, api(t, bank, sale(d, "Auth", "CR-2", "1.00", bank.Cards().Approve)), "V004")
}
