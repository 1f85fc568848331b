package threed_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/sanalpos/vpos/threed"
)

func ExampleMDStatus() {
	policy := threed.Policy{} // strict: full authentication only
	for _, md := range []string{"1", "4", "0", "9", ""} {
		s := threed.MDStatus(md)
		fmt.Printf("%q %-13s provision=%-5v %s\n", md, s, policy.Allows(s), threed.MDStatusMeaning(md))
	}
	// Output:
	// "1" authenticated provision=true  full 3-D Secure authentication
	// "4" attempted     provision=false authentication attempt: cardholder chose to enrol later (half secure)
	// "0" failed        provision=false authentication failed (wrong password or code, or invalid signature)
	// "9" error         provision=false merchant or terminal not enrolled for 3-D Secure (non-3D transaction)
	// "" error         provision=false mdStatus missing
}

func ExamplePolicy_Allows() {
	strict := threed.Policy{}
	halfSecure := threed.Policy{AcceptAttempts: true}
	s := threed.MDStatus("2") // card not enrolled
	fmt.Println(strict.Allows(s), halfSecure.Allows(s))
	// Output: false true
}

func ExampleParseModel() {
	m, err := threed.ParseModel("3D_PAY_HOSTING")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m, m.BankProvisions(), m.CardOnBankPage())
	_, err = threed.ParseModel("regular")
	fmt.Println(err)
	// Output:
	// 3d_pay_hosting true true
	// threed: unknown 3-D Secure model "regular"
}

func ExampleForm_ServeHTTP() {
	form := &threed.Form{
		Action: "https://bank.example/fim/est3Dgate",
		Fields: url.Values{"clientid": {"190100000"}, "oid": {"ORDER-1"}, "storetype": {"3d"}},
	}
	rec := httptest.NewRecorder()
	form.ServeHTTP(rec, httptest.NewRequest("POST", "/checkout", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"))
	for line := range strings.Lines(rec.Body.String()) {
		if strings.HasPrefix(line, "<form") || strings.HasPrefix(line, "<input") {
			fmt.Print(line)
		}
	}
	// Output:
	// 200 text/html; charset=utf-8 no-store
	// <form id="threed-form" action="https://bank.example/fim/est3Dgate" method="POST">
	// <input type="hidden" name="clientid" value="190100000">
	// <input type="hidden" name="oid" value="ORDER-1">
	// <input type="hidden" name="storetype" value="3d">
}

// Result stands in for *vpos.Result in the example.
type Result struct {
	OrderID  string
	AuthCode string
}

// complete3D stands in for (*vpos.Client).Complete3D, which verifies the
// bank's signature, checks mdStatus and provisions.
func complete3D(_ context.Context, form url.Values) (*Result, error) {
	if threed.MDStatus(form.Get("mdStatus")) != threed.StatusAuthenticated {
		return &Result{OrderID: form.Get("oid")}, errors.New("vpos: 3-D Secure authentication failed")
	}
	return &Result{OrderID: form.Get("oid"), AuthCode: "P77974"}, nil
}

func ExampleNewHandler() {
	onDone := func(w http.ResponseWriter, _ *http.Request, res *Result, err error) {
		var bad *threed.CallbackError
		switch {
		case errors.As(err, &bad):
			http.Error(w, "bad callback", bad.Status)
		case err != nil:
			fmt.Fprintf(w, "order %s not paid: %v", res.OrderID, err)
		default:
			fmt.Fprintf(w, "order %s paid, auth code %s", res.OrderID, res.AuthCode)
		}
	}
	// With a vpos.Client: threed.NewHandler(client.Complete3D, onDone).
	srv := httptest.NewServer(threed.NewHandler(complete3D, onDone))
	defer srv.Close()

	show := func(res *http.Response, err error) {
		if err != nil {
			fmt.Println(err)
			return
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		fmt.Println(res.StatusCode, strings.TrimSpace(string(body)))
	}
	// The bank posts the shopper's browser back to the callback URL.
	show(http.PostForm(srv.URL+"/3d/callback", url.Values{"oid": {"ORDER-1"}, "mdStatus": {"1"}}))
	show(http.PostForm(srv.URL+"/3d/callback", url.Values{"oid": {"ORDER-2"}, "mdStatus": {"0"}}))
	show(http.Get(srv.URL + "/3d/callback"))
	// Output:
	// 200 order ORDER-1 paid, auth code P77974
	// 200 order ORDER-2 not paid: vpos: 3-D Secure authentication failed
	// 400 bad callback
}
