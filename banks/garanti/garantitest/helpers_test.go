package garantitest_test

// Test helpers that speak GVP themselves, written from garanti.md: the
// tests build their own XML and hashes, so they check the fake against
// the reference rather than against its own code.

import (
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sanalpos/vpos"
	"github.com/sanalpos/vpos/banks/garanti/garantitest"
	"github.com/sanalpos/vpos/threed"
)

// tSHA1 and tSHA512 are upper-hex digests.
func tSHA1(s string) string {
	sum := sha1.Sum([]byte(s))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

func tSHA512(s string) string {
	sum := sha512.Sum512([]byte(s))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// tSecurityData is garanti.md §6.1.
func tSecurityData(password, terminalID string) string {
	for len(terminalID) < 9 {
		terminalID = "0" + terminalID
	}
	return tSHA1(password + terminalID)
}

// tCallbackHash is garanti.md §6.2 (§6.3 when legacy): the values of the
// hashparams fields, then the store key.
func tCallbackHash(form url.Values, storeKey string, legacy bool) string {
	var plain string
	for _, name := range strings.Split(form.Get("hashparams"), ":") {
		if name != "" {
			plain += form.Get(name)
		}
	}
	plain += storeKey
	if legacy {
		sum := sha1.Sum([]byte(plain))
		return base64.StdEncoding.EncodeToString(sum[:])
	}
	return tSHA512(plain)
}

// tx describes one GVPSRequest.
type tx struct {
	typ                      string
	user                     string // PROVAUT (default) or PROVRFN
	orderID, groupID         string
	amount, currency         string // defaults "100" and "949" when empty and def is set
	inst                     string
	card                     *vpos.Card
	cvv                      string // overrides card.CVV when set; "-" sends none
	moto                     string // MotoInd, default N
	cpc                      string // CardholderPresentCode, default 0
	rrn                      string // OriginalRetrefNum
	ip                       string // Customer/IPAddress (default 192.0.2.10; "-" sends none)
	start, end, page         string
	cavv, eci, xid, md       string // Secure3D, when md is set
	version, mode, terminal  string // overrides
	password                 string // overrides the user's password in the hash
	badHash                  bool
	merchant                 string
	rawBody, contentType     string
	noCurrency, legacyClient bool
}

// client sends GVPSRequests to a fake bank.
type client struct {
	t      *testing.T
	bank   *garantitest.Server
	legacy bool
	http   *http.Client
}

func newClient(t *testing.T, opts ...garantitest.Option) *client {
	t.Helper()
	bank := garantitest.NewServer(opts...)
	t.Cleanup(bank.Close)
	return &client{t: t, bank: bank, http: bank.HTTPClient()}
}

// newLegacyClient is newClient for a legacy (SHA-1) terminal.
func newLegacyClient(t *testing.T, opts ...garantitest.Option) *client {
	t.Helper()
	c := newClient(t, append(opts, garantitest.WithLegacyHash())...)
	c.legacy = true
	return c
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// body builds the XML of x, with its HashData.
func (c *client) body(x *tx) string {
	creds := c.bank.Credentials()
	user := x.user
	if user == "" {
		user = creds.ProvUser
	}
	password := creds.ProvPassword
	if user == creds.RefundUser {
		password = creds.RefundPassword
	}
	if x.password != "" {
		password = x.password
	}
	terminal := creds.TerminalID
	if x.terminal != "" {
		terminal = x.terminal
	}
	merchant := creds.MerchantID
	if x.merchant != "" {
		merchant = x.merchant
	}
	amount := x.amount
	if amount == "" {
		amount = "100"
	}
	currency := x.currency
	if currency == "" && !x.noCurrency {
		currency = "949"
	}
	pan := ""
	if x.card != nil {
		pan = x.card.Normalize().Number
	}
	legacy := c.legacy || x.legacyClient
	version := "512"
	if legacy {
		version = "v0.01"
	}
	if x.version != "" {
		version = x.version
	}
	sd := tSecurityData(password, terminal)
	var hash string
	if legacy {
		hash = tSHA1(x.orderID + terminal + pan + amount + sd)
	} else {
		hash = tSHA512(x.orderID + terminal + pan + amount + currency + sd)
	}
	if x.badHash {
		hash = strings.Repeat("0", len(hash))
	}
	mode := "TEST"
	if x.mode != "" {
		mode = x.mode
	}
	ip := "192.0.2.10"
	switch x.ip {
	case "-":
		ip = ""
	case "":
	default:
		ip = x.ip
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><GVPSRequest>`)
	b.WriteString("<Mode>" + esc(mode) + "</Mode><Version>" + esc(version) + "</Version>")
	b.WriteString("<Terminal><ProvUserID>" + esc(user) + "</ProvUserID><HashData>" + hash + "</HashData><UserID>" + esc(user) +
		"</UserID><ID>" + esc(terminal) + "</ID><MerchantID>" + esc(merchant) + "</MerchantID></Terminal>")
	b.WriteString("<Customer><IPAddress>" + esc(ip) + "</IPAddress><EmailAddress>test@example.com.tr</EmailAddress></Customer>")
	if x.card != nil {
		cvv := x.card.CVV
		if x.cvv != "" {
			cvv = x.cvv
		}
		if cvv == "-" {
			cvv = ""
		}
		b.WriteString("<Card><Number>" + esc(pan) + "</Number><ExpireDate>" + x.card.ExpiryMMYY() + "</ExpireDate><CVV2>" + esc(cvv) + "</CVV2></Card>")
	}
	b.WriteString("<Order><OrderID>" + esc(x.orderID) + "</OrderID><GroupID>" + esc(x.groupID) + "</GroupID>")
	if x.typ == "orderlistinq" {
		b.WriteString("<Description></Description><StartDate>" + esc(x.start) + "</StartDate><EndDate>" + esc(x.end) +
			"</EndDate><ListPageNum>" + esc(x.page) + "</ListPageNum>")
	}
	b.WriteString("</Order>")
	moto, cpc := "N", "0"
	if x.moto != "" {
		moto = x.moto
	}
	if x.cpc != "" {
		cpc = x.cpc
	}
	b.WriteString("<Transaction><Type>" + esc(x.typ) + "</Type><InstallmentCnt>" + esc(x.inst) + "</InstallmentCnt><Amount>" +
		esc(amount) + "</Amount><CurrencyCode>" + esc(currency) + "</CurrencyCode><CardholderPresentCode>" + esc(cpc) +
		"</CardholderPresentCode><MotoInd>" + esc(moto) + "</MotoInd>")
	if x.rrn != "" {
		b.WriteString("<OriginalRetrefNum>" + esc(x.rrn) + "</OriginalRetrefNum>")
	}
	if x.md != "" {
		b.WriteString("<Secure3D><AuthenticationCode>" + esc(x.cavv) + "</AuthenticationCode><SecurityLevel>" + esc(x.eci) +
			"</SecurityLevel><TxnID>" + esc(x.xid) + "</TxnID><Md>" + esc(x.md) + "</Md></Secure3D>")
	}
	b.WriteString("</Transaction></GVPSRequest>")
	return b.String()
}

// reply is the GVPSResponse as the tests read it.
type reply struct {
	XMLName  xml.Name `xml:"GVPSResponse"`
	Terminal struct {
		ProvUserID, UserID, ID, MerchantID string
	}
	Order struct {
		OrderID        string
		OrderInqResult *struct {
			ChargeType, PreAuthAmount, PreAuthDate, AuthAmount, AuthDate, Status, InstallmentCnt string
			CardNumberMasked, Code, ReasonCode, RetrefNum, AuthCode, BatchNum, SequenceNum       string
		}
		OrderHistInqResult *struct {
			OrderTxnList struct {
				OrderTxn []struct {
					Type, Status, PreAuthAmount, AuthAmount, AuthDate, PreAuthDate, VoidDate string
					RetrefNum, AuthCode, ReturnCode, BatchNum, InstallmentCnt, CurrencyCode  string
					Settlement                                                               string
				}
			}
		}
		OrderListInqResult *struct {
			OrderTxnList struct {
				TotalTxnCount, TotalPageCount, ActPageNum string
				OrderTxn                                  []struct {
					ID                                                      string `xml:"Id"`
					LastTrxDate, TrxType, OrderID, CardNumberMasked, Status string
					RetrefNum, OrigRetrefNum, AuthAmount, CurrencyCode      string
					InstallmentCnt, SafeType, ResponseCode, Settlement      string
					UserID                                                  string `xml:"UserId"`
					ExpireDate, BankBin                                     string
				}
			}
		}
	}
	Transaction struct {
		Response struct {
			Source, Code, ReasonCode, Message, ErrorMsg, SysErrMsg string
		}
		RetrefNum, AuthCode, BatchNum, SequenceNum, ProvDate, CardNumberMasked, HashData, GarantiCardInd string
	}
}

// send posts x and parses the reply.
func (c *client) send(x *tx) (*reply, error) {
	body := x.rawBody
	if body == "" {
		body = c.body(x)
	}
	req, err := http.NewRequest(http.MethodPost, c.bank.APIURL(), strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	if x.contentType != "" {
		req.Header.Set("Content-Type", x.contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var r reply
	if err := xml.Unmarshal(raw, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// do sends x and fails the test on a transport or parse error.
func (c *client) do(x *tx) *reply {
	c.t.Helper()
	r, err := c.send(x)
	if err != nil {
		c.t.Fatalf("%s %s: %v", x.typ, x.orderID, err)
	}
	return r
}

// code returns "Code/ReasonCode" of a reply.
func (r *reply) code() string {
	return r.Transaction.Response.Code + "/" + r.Transaction.Response.ReasonCode
}

// sale sells amount on the approve card and returns the reply, failing
// when not approved.
func (c *client) sale(typ, orderID, amount string) *reply {
	c.t.Helper()
	card := c.bank.Cards().Approve
	r := c.do(&tx{typ: typ, orderID: orderID, amount: amount, card: &card})
	if got := r.code(); got != "00/00" {
		c.t.Fatalf("%s %s: got %s (%s), want 00/00", typ, orderID, got, r.Transaction.Response.SysErrMsg)
	}
	return r
}

// refundUser returns the PROVRFN user name.
func (c *client) refundUser() string { return c.bank.Credentials().RefundUser }

// newForm builds a 3-D Secure gate form for the bank (garanti.md §5.1)
// with its secure3dhash.
func newForm(bank *garantitest.Server, legacy bool, level, orderID, amount string, card vpos.Card) *threed.Form {
	creds := bank.Credentials()
	f := url.Values{
		"mode": {"TEST"}, "apiversion": {"512"}, "secure3dsecuritylevel": {level},
		"terminalprovuserid": {creds.ProvUser}, "terminaluserid": {creds.ProvUser},
		"terminalmerchantid": {creds.MerchantID}, "terminalid": {creds.TerminalID},
		"txntype": {"sales"}, "txnamount": {amount}, "txncurrencycode": {"949"}, "txninstallmentcount": {""},
		"orderid": {orderID}, "successurl": {"https://shop.example.com.tr/ok"}, "errorurl": {"https://shop.example.com.tr/fail"},
		"customeripaddress": {"192.0.2.10"}, "customeremailaddress": {"ayse@example.com.tr"}, "lang": {"tr"},
		"cardnumber": {card.Normalize().Number}, "cardexpiredatemonth": {card.ExpiryMMYY()[:2]},
		"cardexpiredateyear": {card.ExpiryMMYY()[2:]}, "cardcvv2": {card.CVV},
	}
	if legacy {
		f.Set("apiversion", "v0.01")
	}
	sign(bank, f, legacy)
	return &threed.Form{Action: bank.GateURL(), Method: http.MethodPost, Fields: f}
}

// sign sets the secure3dhash of a gate form (garanti.md §6.2, §6.3).
func sign(bank *garantitest.Server, f url.Values, legacy bool) {
	creds := bank.Credentials()
	sd := tSecurityData(creds.ProvPassword, f.Get("terminalid"))
	g := f.Get
	if legacy {
		f.Set("secure3dhash", tSHA1(g("terminalid")+g("orderid")+g("txnamount")+g("successurl")+g("errorurl")+
			g("txntype")+g("txninstallmentcount")+creds.StoreKey+sd))
		return
	}
	f.Set("secure3dhash", tSHA512(g("terminalid")+g("orderid")+g("txnamount")+g("txncurrencycode")+g("successurl")+
		g("errorurl")+g("txntype")+g("txninstallmentcount")+creds.StoreKey+sd))
}

// fixedClock is a settable clock.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

func withClock(c *fixedClock) garantitest.Option { return garantitest.WithClock(c.now) }

func garantitestWithBatchRules() garantitest.Option { return garantitest.WithBatchRules() }

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
