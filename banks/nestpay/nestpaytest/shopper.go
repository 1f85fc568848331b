package nestpaytest

import (
	"context"
	"fmt"
	"net/url"

	"github.com/sanalpos/vpos/threed"
	"github.com/sanalpos/vpos/vpostest"
)

// ACS plays the cardholder's browser: it submits form (the merchant's gate
// form) to the bank, types Cards().ThreeD on the hosted payment page for
// 3d_host and 3d_pay_hosting, answers the ACS page with outcome and returns
// the fields the bank's last page would post to the merchant's okUrl or
// failUrl, without posting them. When the gate refuses the form (bad hash,
// unknown merchant, malformed card), it returns the error fields the bank
// posts to failUrl (Response=Error, ErrMsg, ErrorCode, no mdStatus).
//
// It never runs JavaScript and keeps no cookies; it fails after
// vpostest.MaxHops pages or on a page without a form.
func (s *Server) ACS(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (url.Values, error) {
	cb, err := s.acsForm(ctx, form, outcome)
	if err != nil {
		return nil, err
	}
	return cb.Fields, nil
}

// acsForm is ACS, returning the whole form the bank's last page posts to
// the merchant (its Action is okUrl or failUrl).
func (s *Server) acsForm(ctx context.Context, form *threed.Form, outcome vpostest.ACSOutcome) (*threed.Form, error) {
	if form == nil {
		return nil, fmt.Errorf("nestpaytest: ACS: nil form")
	}
	typeCard := func(f *threed.Form) bool {
		if _, ok := f.Fields["pan"]; !ok {
			return false
		}
		c := s.Cards().ThreeD.Normalize()
		f.Fields.Set("pan", c.Number)
		f.Fields.Set("Ecom_Payment_Card_ExpDate_Month", fmt.Sprintf("%02d", c.ExpMonth))
		f.Fields.Set("Ecom_Payment_Card_ExpDate_Year", fmt.Sprintf("%02d", c.ExpYear%100))
		f.Fields.Set("cv2", c.CVV)
		return true
	}
	cb, err := (&vpostest.Browser{TypeCard: typeCard}).RunACSForm(ctx, form, outcome)
	if err != nil {
		return nil, fmt.Errorf("nestpaytest: ACS: %w", err)
	}
	return cb, nil
}
