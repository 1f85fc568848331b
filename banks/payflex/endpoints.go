package payflex

import (
	"path"
	"strings"
)

// Endpoint is where one bank's PayFlex services live (payflex.md §1): the
// VPOS provision service (Vposreq.aspx), the MPI enrollment service
// (MPI_Enrollment.aspx), the transaction search (Search.aspx) and the
// Common Payment v4 register service and payment page. A Config may also
// carry an explicit Endpoint (a fake bank's URLs, a new host).
type Endpoint struct {
	// VPOS is the absolute URL of the VPOS v4 service the prmstr
	// VposRequest is posted to (…/Vposreq.aspx).
	VPOS string
	// MPI is the absolute URL of the MPI enrollment service
	// (…/MPI_Enrollment.aspx) the VerifyEnrollmentRequest is posted to.
	MPI string
	// Search is the absolute URL of the transaction search (…/Search.aspx)
	// Status posts its SearchRequest to. Empty means the VPOS URL: the
	// prmstr framing is the same and the root element (SearchRequest)
	// tells the two apart.
	Search string
	// CPRegister is the Common Payment v4 RegisterTransaction URL; empty
	// where the bank offers no Common Payment (Ziraat).
	CPRegister string
	// CPGate is the Common Payment v4 page the shopper is sent to with the
	// PaymentToken. Empty means the CommonPaymentUrl of the register reply
	// (payflex.md §9), which is how the real banks work.
	CPGate string
	// CPQuery is the Common Payment v4 result query (VposTransaction) the
	// adapter confirms every hosted-page payment with. Empty means the
	// CPRegister URL with its last path element RegisterTransaction
	// replaced by VposTransaction (payflex.md §1).
	CPQuery string
	// Test is true for a test environment. It is informational: PayFlex
	// messages carry no mode flag.
	Test bool
}

// The endpoints of payflex.md §1.
var (
	// VakifbankTest is VakıfBank's test environment (ports 4443; the
	// merchant's IP must be allow-listed, ResultCode 1105 otherwise).
	VakifbankTest = Endpoint{
		Test:       true,
		VPOS:       "https://onlineodemetest.vakifbank.com.tr:4443/VposService/v3/Vposreq.aspx",
		MPI:        "https://3dsecuretest.vakifbank.com.tr:4443/MPIAPI/MPI_Enrollment.aspx",
		Search:     "https://onlineodemetest.vakifbank.com.tr:4443/UIService/Search.aspx",
		CPRegister: "https://cptest.vakifbank.com.tr/CommonPayment/api/RegisterTransaction",
		CPQuery:    "https://cptest.vakifbank.com.tr/CommonPayment/api/VposTransaction",
	}
	// VakifbankProd is VakıfBank's production environment.
	VakifbankProd = Endpoint{
		VPOS:       "https://onlineodeme.vakifbank.com.tr:4443/VposService/v3/Vposreq.aspx",
		MPI:        "https://3dsecure.vakifbank.com.tr:4443/MPIAPI/MPI_Enrollment.aspx",
		Search:     "https://onlineodeme.vakifbank.com.tr:4443/UIService/Search.aspx",
		CPRegister: "https://cpweb.vakifbank.com.tr/CommonPayment/api/RegisterTransaction",
		CPQuery:    "https://cpweb.vakifbank.com.tr/CommonPayment/api/VposTransaction",
	}
	// VakifbankGatewayTest is VakıfBank's newer API-gateway test host (same
	// messages; used by CP.VPOS). It has no separate search URL.
	VakifbankGatewayTest = Endpoint{
		Test: true,
		VPOS: "https://apiportalprep.vakifbank.com.tr:8443/virtualPos/Vposreq",
		MPI:  "https://inbound.apigatewaytest.vakifbank.com.tr:8443/threeDGateway/Enrollment",
	}
	// VakifbankGatewayProd is VakıfBank's newer API-gateway production host.
	VakifbankGatewayProd = Endpoint{
		VPOS: "https://apigw.vakifbank.com.tr:8443/virtualPos/Vposreq",
		MPI:  "https://inbound.apigateway.vakifbank.com.tr:8443/threeDGateway/Enrollment",
	}
	// ZiraatTest is Ziraat Bankası's PayFlex pre-production environment
	// (no separate search URL is published).
	ZiraatTest = Endpoint{
		Test: true,
		VPOS: "https://preprod.payflex.com.tr/Ziraatbank/VposWeb/v3/Vposreq.aspx",
		MPI:  "https://preprod.payflex.com.tr/ZiraatBank/MpiWeb/MPI_Enrollment.aspx",
	}
	// ZiraatProd is Ziraat Bankası's PayFlex production environment
	// (payflex.md §1: single source).
	ZiraatProd = Endpoint{
		VPOS:   "https://sanalpos.ziraatbank.com.tr/v4/v3/Vposreq.aspx",
		MPI:    "https://mpi.ziraatbank.com.tr/Enrollment.aspx",
		Search: "https://sanalpos.ziraatbank.com.tr/v4/UIWebService/Search.aspx",
	}
)

// search returns the URL of the transaction search.
func (e Endpoint) search() string {
	if e.Search != "" {
		return e.Search
	}
	return e.VPOS
}

// cpQuery returns the URL of the Common Payment result query, or "" when
// the endpoint has no Common Payment.
func (e Endpoint) cpQuery() string {
	if e.CPQuery != "" || e.CPRegister == "" {
		return e.CPQuery
	}
	base, last := path.Split(strings.TrimSuffix(e.CPRegister, "/"))
	if !strings.EqualFold(last, "RegisterTransaction") {
		return ""
	}
	return base + "VposTransaction"
}
