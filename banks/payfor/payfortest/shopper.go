package payfortest

import (
	"context"
	"fmt"
	"net/url"

	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// ACS plays the cardholder's browser: it submits form (the merchant's
// 3-D Secure form for Gate3DURL or HostedGate3DURL) to the bank, types
// Cards().ThreeD on the 3DHost card page, answers the ACS page with
// outcome and returns the fields the bank's last page would post to the
// merchant's OkUrl or FailUrl, without posting them. When the gate refuses
// the form (bad hash M030, duplicate order 101310, malformed card, ...), it
// returns the error callback the bank posts to FailUrl.
//
// It runs no JavaScript and keeps no cookies; it fails after
// vpostest.MaxHops pages or on a page without a form. Its errors never
// contain field values.
func (s *Server) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	cb, err := s.acsForm(ctx, form, outcome)
	if err != nil {
		return nil, err
	}
	return cb.Fields, nil
}

// acsForm is ACS, returning the whole form the bank's last page posts to
// the merchant (its Action is OkUrl or FailUrl).
func (s *Server) acsForm(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (*threed.Form, error) {
	if form == nil {
		return nil, fmt.Errorf("payfortest: ACS: nil form")
	}
	typeCard := func(f *threed.Form) bool {
		if _, ok := f.Fields["Pan"]; !ok {
			return false
		}
		c := s.Cards().ThreeD.Normalize()
		f.Fields.Set("Pan", c.Number)
		f.Fields.Set("Expiry", fmt.Sprintf("%02d%02d", c.ExpMonth, c.ExpYear%100))
		f.Fields.Set("Cvv2", c.CVV)
		f.Fields.Set("CardHolderName", c.Holder)
		return true
	}
	cb, err := (&vpostest.Browser{TypeCard: typeCard}).RunACSForm(ctx, form, outcome)
	if err != nil {
		return nil, fmt.Errorf("payfortest: ACS: %w", err)
	}
	return cb, nil
}
